/* SPDX-License-Identifier: ISC */
/* enumq: NAPTR answers from the zone store, as an authoritative server gives them. */

#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zone.h"

#define RCODE_NOERROR	0
#define RCODE_NXDOMAIN	3
#define RCODE_REFUSED	5
#define RCODE_YXDOMAIN	6
#define LABELS_MAX	128	/* 255 bytes hold at most 127 labels */

/*
 * A name being answered, as the query (or a CNAME) spells it, and where
 * its labels start: label[i] is the suffix i labels up, label[nlabel]
 * the root.
 */
struct path {
	struct dname	 name;
	size_t		 label[LABELS_MAX + 1];
	size_t		 nlabel;
	size_t		 apex;		/* the index of the zone's apex */
};

static void
path_init(struct path *p, const struct dname *name, const struct zone_apex *a)
{
	size_t at = 0;

	dname_set(&p->name, name->wire, name->len);
	p->nlabel = 0;
	while (at < name->len && name->wire[at] != 0 &&
	    p->nlabel < LABELS_MAX) {
		p->label[p->nlabel++] = at;
		at += (size_t)name->wire[at] + 1;
	}
	p->label[p->nlabel] = at;
	p->apex = p->nlabel - dname_labels(&a->name);
}

/* The node of the suffix i labels up, or 0. */
static uint32_t
path_node(const struct zone *zn, const struct zone_apex *a,
    const struct path *p, size_t i)
{
	return zone_node_find(zn, a, p->name.wire + p->label[i],
	    p->name.len - p->label[i]);
}

/* The suffix i labels up, spelled as asked. */
static void
path_suffix(const struct path *p, size_t i, struct dname *d)
{
	dname_set(d, p->name.wire + p->label[i], p->name.len - p->label[i]);
}

/*
 * The closest enclosing zone of a name, or NULL.  Of two apexes that
 * both end the name, the longer has more labels.
 */
static const struct zone_apex *
apex_of(const struct zone *zn, const struct dname *name)
{
	const struct zone_apex *best = NULL;
	size_t i;

	for (i = 0; i < zn->napex; i++)
		if (dname_is_below(name, &zn->apex[i].name) && (best == NULL ||
		    zn->apex[i].name.len > best->name.len))
			best = &zn->apex[i];
	return best;
}

/* The first RR of a type at a node, or NULL. */
static const struct zone_rr *
first_of(const struct zone *zn, uint32_t node, uint16_t type)
{
	const struct zone_rr *rr;
	uint32_t ref;

	for (ref = zone_node(zn, node)->first; ref != 0; ref = rr->next) {
		rr = zone_rr(zn, ref);
		if (rr->type == type)
			return rr;
	}
	return NULL;
}

static int
node_has(const struct zone *zn, uint32_t node, uint8_t bit)
{
	return node != 0 && (zone_node(zn, node)->types & bit) != 0;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * A negative answer's SOA, with the TTL NSD gives it: the lower of its
 * own and its MINIMUM (RFC 2308 3).  Its owner is spelled as asked, as
 * NSD's name compression has it.
 */
static void
add_soa(const struct zone *zn, const struct zone_apex *a,
    const struct path *p, struct reply *out)
{
	const struct zone_rr *soa = zone_rr(zn, a->soa);
	size_t m, r;

	m = zone_wire_len(soa->rdata, soa->rdlen);
	r = m == 0 ? 0 : zone_wire_len(soa->rdata + m, soa->rdlen - m);
	if (r == 0 || soa->rdlen - m - r != 20)
		return;		/* the scanner never gives one */
	out->has_soa = 1;
	path_suffix(p, p->apex, &out->soa.owner);
	dname_set(&out->soa.mname, soa->rdata, m);
	dname_set(&out->soa.rname, soa->rdata + m, r);
	out->soa.serial = get32(soa->rdata + m + r);
	out->soa.minimum = get32(soa->rdata + m + r + 16);
	out->soa.ttl = soa->ttl < out->soa.minimum ? soa->ttl :
	    out->soa.minimum;
}

/* Add a NAPTR RR's fields, and where it is written, to the reply. */
static void
add_naptr(const struct zone *zn, const struct zone_rr *rr, struct reply *out)
{
	struct reply_naptr *np;
	struct span *field[3];
	size_t at = 4, i, len;

	if (rr->rdlen < 8)
		return;		/* the scanner never gives one */
	np = reply_add_naptr(out);
	np->ttl = rr->ttl;
	np->file = zn->file[rr->file];
	np->line = rr->line;
	np->order = (uint16_t)(rr->rdata[0] << 8 | rr->rdata[1]);
	np->preference = (uint16_t)(rr->rdata[2] << 8 | rr->rdata[3]);
	field[0] = &np->flags;
	field[1] = &np->services;
	field[2] = &np->regexp;
	for (i = 0; i < 3; i++) {
		len = at < rr->rdlen ? rr->rdata[at] : 0;
		if (at + 1 + len > rr->rdlen)
			len = 0;
		field[i]->p = (const char *)rr->rdata + at + 1;
		field[i]->len = len;
		at += 1 + len;
	}
	if (at < rr->rdlen && rr->rdlen - at <= DNAME_MAX)
		dname_set(&np->replacement, rr->rdata + at, rr->rdlen - at);
	else
		dname_from_str(".", &np->replacement);
}

/* Add an SRV, A or AAAA RR to the reply. */
static void
add_host_rr(const struct zone_rr *rr, struct reply *out)
{
	struct reply_srv *sv;
	struct reply_addr *ad;
	size_t want = rr->type == QTYPE_A ? 4 : 16;

	if (rr->type == QTYPE_SRV) {
		if (rr->rdlen < 7 || rr->rdlen - 6 > DNAME_MAX)
			return;		/* the scanner never gives one */
		sv = reply_add_srv(out);
		sv->ttl = rr->ttl;
		sv->priority = (uint16_t)(rr->rdata[0] << 8 | rr->rdata[1]);
		sv->weight = (uint16_t)(rr->rdata[2] << 8 | rr->rdata[3]);
		sv->port = (uint16_t)(rr->rdata[4] << 8 | rr->rdata[5]);
		dname_set(&sv->target, rr->rdata + 6, rr->rdlen - 6);
		return;
	}
	if (rr->rdlen != want)
		return;
	ad = reply_add_addr(out);
	ad->ttl = rr->ttl;
	ad->family = rr->type == QTYPE_A ? AF_INET : AF_INET6;
	memcpy(ad->addr, rr->rdata, want);
}

/*
 * Answer from a node that matches the name (itself, or the wildcard that
 * covers it): its records of the type asked for, its CNAME's target in
 * *next (returns 1), or NODATA.
 */
static int
answer_node(const struct zone *zn, const struct zone_apex *a,
    const struct path *p, uint32_t node, struct reply *out,
    struct dname *next)
{
	const struct zone_rr *rr;
	uint32_t ref;
	size_t n = 0;

	out->rcode = RCODE_NOERROR;
	if (out->qtype == QTYPE_NAPTR && node_has(zn, node, ZONE_HAS_NAPTR)) {
		for (ref = zone_node(zn, node)->first; ref != 0;
		    ref = rr->next)
			if ((rr = zone_rr(zn, ref))->type == ZONE_T_NAPTR)
				add_naptr(zn, rr, out);
		return 0;
	}
	if (out->qtype == QTYPE_SOA && node == zone_node_find(zn, a,
	    a->name.wire, a->name.len)) {
		add_soa(zn, a, p, out);	/* the apex's own, in the answer */
		return 0;
	}
	if (out->qtype != QTYPE_NAPTR && out->qtype != QTYPE_SOA)
		for (ref = zone_node(zn, node)->first; ref != 0;
		    ref = rr->next)
			if ((rr = zone_rr(zn, ref))->type == out->qtype) {
				add_host_rr(rr, out);
				n++;
			}
	if (n > 0)
		return 0;
	if (node_has(zn, node, ZONE_HAS_CNAME)) {
		rr = first_of(zn, node, ZONE_T_CNAME);
		dname_set(next, rr->rdata, rr->rdlen);
		return 1;
	}
	add_soa(zn, a, p, out);
	return 0;
}

/* A referral to the zone cut i labels up (RFC 1034 4.3.2 3b). */
static void
referral(const struct zone *zn, const struct path *p, size_t i,
    uint32_t node, struct reply *out)
{
	const struct zone_rr *rr;
	uint32_t ref;

	out->rcode = RCODE_NOERROR;
	/* a referral is not authoritative, unless a CNAME led there */
	if (out->hops == 0)
		out->flags &= ~REPLY_AA;
	out->referral = 1;
	path_suffix(p, i, &out->cut);
	for (ref = zone_node(zn, node)->first; ref != 0; ref = rr->next)
		if ((rr = zone_rr(zn, ref))->type == ZONE_T_NS)
			reply_add_ns(out, rr->rdata, rr->rdlen);
}

/* The lowest DNAME strictly between a suffix and the apex: its index, or 0. */
static size_t
dname_above(const struct zone *zn, const struct zone_apex *a,
    const struct path *p, size_t i)
{
	for (i++; i < p->apex; i++)
		if (node_has(zn, path_node(zn, a, p, i), ZONE_HAS_DNAME))
			return i;
	return 0;
}

/*
 * Answer a name in its zone, in the order NSD's answer_lookup_zone and
 * answer_authoritative take: the closest encloser, a zone cut above it,
 * a DNAME above it, the name itself, a DNAME at the closest encloser,
 * the wildcard below it (RFC 4592 3.3), or NXDOMAIN.  Returns 1 with
 * the name to follow in *next (a CNAME's target or a DNAME's synthesis),
 * else 0.
 */
static int
answer_zone(const struct zone *zn, const struct zone_apex *a,
    const struct dname *name, struct reply *out, struct dname *next)
{
	struct path p;
	const struct zone_rr *rr;
	uint8_t star[DNAME_MAX];
	uint32_t ce = 0, node;
	size_t i, cut = SIZE_MAX, d, len;

	path_init(&p, name, a);
	/* the apex exists: the closest encloser is found by then */
	for (i = 0; i <= p.apex; i++)
		if ((ce = path_node(zn, a, &p, i)) != 0)
			break;
	if (ce == 0)
		return 0;	/* no apex node: cannot be */
	/* the highest cut between the apex and the closest encloser */
	for (d = i; a->has_cut && d < p.apex; d++) {
		node = d == i ? ce : path_node(zn, a, &p, d);
		if (node_has(zn, node, ZONE_HAS_NS))
			cut = d;
	}
	if (cut != SIZE_MAX &&
	    !(a->has_dname && dname_above(zn, a, &p, cut) > 0)) {
		referral(zn, &p, cut, path_node(zn, a, &p, cut), out);
		return 0;
	}
	/* a DNAME above occludes what is below it */
	if (a->has_dname && (d = dname_above(zn, a, &p, i)) > 0) {
		i = d;
		ce = path_node(zn, a, &p, i);
	}
	if (i == 0)
		return answer_node(zn, a, &p, ce, out, next);
	if (node_has(zn, ce, ZONE_HAS_DNAME)) {
		/* RFC 6672 2.2: the labels below the owner, then the target */
		rr = first_of(zn, ce, ZONE_T_DNAME);
		len = p.label[i] + rr->rdlen;
		if (len > DNAME_MAX) {
			out->rcode = RCODE_YXDOMAIN;
			return 0;
		}
		next->len = len;
		memcpy(next->wire, name->wire, p.label[i]);
		memcpy(next->wire + p.label[i], rr->rdata, rr->rdlen);
		return 1;
	}
	len = 2 + name->len - p.label[i];
	if (len <= DNAME_MAX) {
		star[0] = 1;
		star[1] = '*';
		memcpy(star + 2, name->wire + p.label[i], len - 2);
		if ((node = zone_node_find(zn, a, star, len)) != 0)
			return answer_node(zn, a, &p, node, out, next);
	}
	out->rcode = RCODE_NXDOMAIN;
	add_soa(zn, a, &p, out);
	return 0;
}

/*
 * Fill a reply (reply_init'ed) to a query for qname from the zones,
 * as an authoritative server would: the closest enclosing zone answers,
 * with AA; CNAMEs and DNAMEs are followed within the zones, a target
 * outside them left to the client; a name at or below a zone cut gets a
 * referral; NXDOMAIN and NODATA carry the SOA; a name in no zone gets
 * REFUSED.  The reply's server is the file of the zone that answered.
 */
void
zone_answer(const struct zone *zn, const struct dname *qname,
    struct reply *out)
{
	const struct zone_apex *a;
	struct dname name = *qname, next;

	/* the header NSD sends to enumq's queries, which ask for recursion */
	out->flags = REPLY_QR | REPLY_RD;
	out->server = zn->napex > 0 ? zn->apex[0].file : "";
	if ((a = apex_of(zn, &name)) == NULL) {
		out->rcode = RCODE_REFUSED;
		return;
	}
	out->server = a->file;
	out->flags |= REPLY_AA;
	while (answer_zone(zn, a, &name, out, &next)) {
		name = next;
		out->owner = name;
		/* NSD stops at a loop with NOERROR and the CNAMEs so far */
		if (++out->hops > CNAME_MAX) {
			out->rcode = RCODE_NOERROR;
			out->error = "CNAME chain too long or looping";
			return;
		}
		if ((a = apex_of(zn, &name)) == NULL) {
			out->rcode = RCODE_NOERROR;
			return;
		}
	}
}
