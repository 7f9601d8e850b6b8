/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer, the DNS edge: DNS responses in wire format through ldns
 * and packet_reply (packet.c) into the lookup state machine (lookup.c,
 * naptr.c, ddds.c) and the three formatters (output_*.c, escape.c);
 * enum-rules.md 6-9, RFC 6116 5.2, RFC 3403.
 *
 * Input: a control byte (fuzz_options in check.h), then replies framed
 * as over TCP (a two-byte length, then the message).  Each query the
 * lookup asks gets the next reply; when the input runs out the last one
 * is sent again.
 */

#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next framed reply; the last one again when the input is used up. */
static void
next_reply(const uint8_t *data, size_t size, size_t *pos,
    const uint8_t **msg, size_t *len)
{
	size_t n;

	if (*pos >= size)
		return;
	if (size - *pos == 1) {
		n = data[*pos];
		*pos += 1;
	} else {
		n = (data[*pos] << 8) | data[*pos + 1];
		*pos += 2;
	}
	if (n > size - *pos)
		n = size - *pos;
	*msg = data + *pos;
	*len = n;
	*pos += n;
}

/* What packet_reply promises of a reply it filled in. */
static void
check_reply(const struct reply *r)
{
	size_t i;

	check_dname(&r->qname, "qname");
	check_dname(&r->owner, "owner");
	if (r->hops < 0 || r->hops > CNAME_MAX + 1)
		fail("%d CNAME hops", r->hops);
	if (r->hops == 0 && !dname_equal(&r->owner, &r->qname))
		fail("owner is not the name asked for, without a CNAME");
	for (i = 0; i < r->nnaptr; i++) {
		check_dname(&r->naptr[i].replacement, "replacement");
		if (r->naptr[i].flags.p == NULL ||
		    r->naptr[i].services.p == NULL ||
		    r->naptr[i].regexp.p == NULL)
			fail("NAPTR %zu without a field", i);
	}
	if (!r->referral)
		return;
	/* not authoritative, no answer, NS of the owner or an ancestor */
	if ((r->flags & REPLY_AA) || r->nnaptr > 0 || r->has_soa ||
	    r->rcode != RCODE_NOERROR)
		fail("a referral with AA, records, an SOA or rcode %d",
		    r->rcode);
	check_dname(&r->cut, "cut");
	if (!dname_is_below(&r->owner, &r->cut))
		fail("a referral to a cut above which the owner is not");
	if (r->nns == 0)
		fail("a referral without name servers");
	for (i = 0; i < r->nns; i++)
		check_dname(&r->ns[i], "NS");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt;
	struct lookup *l;
	struct reply reply;
	const struct dname *name;
	const uint8_t *msg = NULL;
	const char *num;
	size_t pos = 1, len = 0, nq = 0, bound;
	ldns_pkt *pkt;

	if (size < 1)
		return 0;
	num = fuzz_options(&opt, data[0]);
	bound = fuzz_query_bound(&opt);
	l = lookup_new(&opt, fuzz_cache, num, strlen(num), strlen(num));
	while ((name = lookup_next(l)) != NULL) {
		if (++nq > bound)
			fail("more than %zu queries for one number", bound);
		check_dname(name, "query name");
		next_reply(data, size, &pos, &msg, &len);
		/* as query_finish (dns.c) hands a reply to the lookup */
		reply_init(&reply, name, QTYPE_NAPTR);
		reply.server = "127.0.0.1#53";
		pkt = NULL;
		if (msg == NULL || len == 0)
			reply.error = "timed out";
		else if (ldns_wire2pkt(&pkt, msg, len) != LDNS_STATUS_OK) {
			pkt = NULL;
			reply.error = "malformed reply";
		} else {
			packet_reply(pkt, &reply);
			check_reply(&reply);
		}
		lookup_answer(l, &reply);
		reply_clear(&reply);
		ldns_pkt_free(pkt);
	}
	check_result(lookup_result(l), &opt);
	check_outputs(lookup_result(l), &opt);
	lookup_free(l);
	fuzz_options_free(&opt);
	return 0;
}
