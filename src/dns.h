/* SPDX-License-Identifier: ISC */
/* enumq: the DNS edge, where ldns is used: packets in and out, the network engine. */

#ifndef ENUMQ_DNS_H
#define ENUMQ_DNS_H

#include <ldns/ldns.h>

#include "enumq.h"

/* packet.c */
int	 packet_rcode(const ldns_pkt *);
void	 packet_reply(const ldns_pkt *, struct reply *);

/* zone_read.c: one zone file through ldns, on several cores when large */
char	*zone_read(const char *, ldns_zone **, size_t *);
ldns_rr_list *zone_read_rest(const char *, size_t, const ldns_rdf *, uint32_t);

#endif /* ENUMQ_DNS_H */
