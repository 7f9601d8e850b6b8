/* SPDX-License-Identifier: ISC */
/* enumq: a DNS message, parsed by ldns, turned into the plain reply the lookup reads. */

#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include "dns.h"

/* The full rcode of a message: the header's 4 bits and EDNS's upper 8 (RFC 6891 6.1.3). */
int
packet_rcode(const ldns_pkt *p)
{
	return ldns_pkt_edns_extended_rcode(p) << 4 | ldns_pkt_get_rcode(p);
}

static void
set_name(struct dname *d, const ldns_rdf *rdf)
{
	dname_set(d, ldns_rdf_data(rdf), ldns_rdf_size(rdf));
}

/* Is rr of type, class IN, owned by name? */
static int
rr_is(const ldns_rr *rr, ldns_rr_type type, const struct dname *name)
{
	const ldns_rdf *o = ldns_rr_owner(rr);

	return ldns_rr_get_type(rr) == type &&
	    ldns_rr_get_class(rr) == LDNS_RR_CLASS_IN &&
	    ldns_rdf_size(o) == name->len &&
	    dname_wire_equal(ldns_rdf_data(o), name->wire, name->len);
}

/* The first RR of a type owned by name in a section, or NULL. */
static const ldns_rr *
section_find(const ldns_rr_list *l, ldns_rr_type type, const struct dname *name)
{
	size_t i;

	for (i = 0; i < ldns_rr_list_rr_count(l); i++)
		if (rr_is(ldns_rr_list_rr(l, i), type, name))
			return ldns_rr_list_rr(l, i);
	return NULL;
}

/* A character-string rdata field, without its length byte. */
static void
str_field(struct span *s, const ldns_rdf *rdf)
{
	const uint8_t *d = ldns_rdf_data(rdf);
	size_t len = ldns_rdf_size(rdf) > 0 ? d[0] : 0;

	if (len + 1 > ldns_rdf_size(rdf))
		len = ldns_rdf_size(rdf) > 0 ? ldns_rdf_size(rdf) - 1 : 0;
	s->p = (const char *)d + 1;
	s->len = len;
}

/*
 * Follow the CNAME chain from the name asked for inside the answer (a
 * DNAME's synthesized CNAMEs included) to the owner; -1 on a chain that
 * is too long or loops.
 */
static int
cname_chase(const ldns_pkt *p, struct reply *r)
{
	const ldns_rr *cname;

	for (r->hops = 0; r->hops <= CNAME_MAX; r->hops++) {
		if ((cname = section_find(ldns_pkt_answer(p),
		    LDNS_RR_TYPE_CNAME, &r->owner)) == NULL ||
		    ldns_rr_rd_count(cname) != 1 ||
		    ldns_rdf_get_type(ldns_rr_rdf(cname, 0)) !=
		    LDNS_RDF_TYPE_DNAME)
			return 0;
		set_name(&r->owner, ldns_rr_rdf(cname, 0));
	}
	return -1;
}

/*
 * A referral: no answer, and in the authority section the NS records of
 * the owner or an ancestor, not an SOA; not authoritative, unless a CNAME
 * led there (the server is authoritative for the CNAME, as NSD says).
 */
static void
find_referral(const ldns_pkt *p, struct reply *r)
{
	const ldns_rr_list *au = ldns_pkt_authority(p);
	const ldns_rr *rr;
	struct dname owner;
	size_t i;

	if ((ldns_pkt_aa(p) && r->hops == 0) || r->nnaptr > 0 || r->nsrv > 0 ||
	    r->naddr > 0 || r->has_soa ||
	    r->rcode != LDNS_RCODE_NOERROR)
		return;
	for (i = 0; i < ldns_rr_list_rr_count(au); i++) {
		rr = ldns_rr_list_rr(au, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_NS ||
		    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    ldns_rr_rd_count(rr) != 1)
			continue;
		set_name(&owner, ldns_rr_owner(rr));
		if (!dname_is_below(&r->owner, &owner))
			continue;
		if (!r->referral) {
			r->referral = 1;
			r->cut = owner;
		} else if (!dname_equal(&owner, &r->cut))
			continue;
		reply_add_ns(r, ldns_rdf_data(ldns_rr_rdf(rr, 0)),
		    ldns_rdf_size(ldns_rr_rdf(rr, 0)));
	}
}

/*
 * The SOA of a negative answer, from the authority section; or of an
 * SOA query, from the answer.
 */
static void
find_soa(const ldns_pkt *p, struct reply *r)
{
	const ldns_rr_list *au = ldns_pkt_authority(p);
	const ldns_rr *rr;
	size_t i;

	if (r->qtype == QTYPE_SOA && ldns_rr_list_rr_count(
	    ldns_pkt_answer(p)) > 0)
		au = ldns_pkt_answer(p);
	for (i = 0; i < ldns_rr_list_rr_count(au); i++) {
		rr = ldns_rr_list_rr(au, i);
		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA ||
		    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    ldns_rr_rd_count(rr) != 7)
			continue;
		r->has_soa = 1;
		set_name(&r->soa.owner, ldns_rr_owner(rr));
		set_name(&r->soa.mname, ldns_rr_rdf(rr, 0));
		set_name(&r->soa.rname, ldns_rr_rdf(rr, 1));
		r->soa.serial = ldns_rdf2native_int32(ldns_rr_rdf(rr, 2));
		r->soa.minimum = ldns_rdf2native_int32(ldns_rr_rdf(rr, 6));
		r->soa.ttl = ldns_rr_ttl(rr);
		return;
	}
}

/* An SRV or address RR of the answer into the reply. */
static void
take_host_rr(const ldns_rr *rr, struct reply *r)
{
	struct reply_srv *sv;
	struct reply_addr *a;
	const ldns_rdf *f;

	if (r->qtype == QTYPE_SRV && ldns_rr_rd_count(rr) == 4) {
		sv = reply_add_srv(r);
		sv->ttl = ldns_rr_ttl(rr);
		sv->priority = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		sv->weight = ldns_rdf2native_int16(ldns_rr_rdf(rr, 1));
		sv->port = ldns_rdf2native_int16(ldns_rr_rdf(rr, 2));
		set_name(&sv->target, ldns_rr_rdf(rr, 3));
	} else if ((r->qtype == QTYPE_A || r->qtype == QTYPE_AAAA) &&
	    ldns_rr_rd_count(rr) == 1) {
		f = ldns_rr_rdf(rr, 0);
		if (ldns_rdf_size(f) != (r->qtype == QTYPE_A ? 4u : 16u))
			return;
		a = reply_add_addr(r);
		a->ttl = ldns_rr_ttl(rr);
		a->family = r->qtype == QTYPE_A ? AF_INET : AF_INET6;
		memcpy(a->addr, ldns_rdf_data(f), ldns_rdf_size(f));
	}
}

/*
 * Fill in a reply (reply_init'ed with the name and type asked for) from
 * a message: rcode, flags, the owner after CNAMEs, its records of the
 * type asked for, the SOA of a negative answer, a referral.
 */
void
packet_reply(const ldns_pkt *p, struct reply *r)
{
	const ldns_rr_list *an = ldns_pkt_answer(p);
	const ldns_rr *rr;
	struct reply_naptr *n;
	size_t i;

	r->rcode = packet_rcode(p);
	r->flags = (ldns_pkt_qr(p) ? REPLY_QR : 0) |
	    (ldns_pkt_aa(p) ? REPLY_AA : 0) |
	    (ldns_pkt_tc(p) ? REPLY_TC : 0) | (ldns_pkt_rd(p) ? REPLY_RD : 0) |
	    (ldns_pkt_ra(p) ? REPLY_RA : 0) | (ldns_pkt_ad(p) ? REPLY_AD : 0) |
	    (ldns_pkt_cd(p) ? REPLY_CD : 0);
	if (cname_chase(p, r) == -1) {
		r->error = "CNAME chain too long or looping";
		return;
	}
	for (i = 0; i < ldns_rr_list_rr_count(an); i++) {
		rr = ldns_rr_list_rr(an, i);
		if (r->qtype != QTYPE_NAPTR) {
			if (rr_is(rr, r->qtype, &r->owner))
				take_host_rr(rr, r);
			continue;
		}
		if (!rr_is(rr, LDNS_RR_TYPE_NAPTR, &r->owner) ||
		    ldns_rr_rd_count(rr) != 6)
			continue;
		n = reply_add_naptr(r);
		n->ttl = ldns_rr_ttl(rr);
		n->order = ldns_rdf2native_int16(ldns_rr_rdf(rr, 0));
		n->preference = ldns_rdf2native_int16(ldns_rr_rdf(rr, 1));
		str_field(&n->flags, ldns_rr_rdf(rr, 2));
		str_field(&n->services, ldns_rr_rdf(rr, 3));
		str_field(&n->regexp, ldns_rr_rdf(rr, 4));
		set_name(&n->replacement, ldns_rr_rdf(rr, 5));
	}
	find_soa(p, r);
	find_referral(p, r);
}

/* ldns's version, for -V: main.c stays clear of ldns. */
const char *
dns_library_version(void)
{
	return ldns_version();
}
