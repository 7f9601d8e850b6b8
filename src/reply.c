/* SPDX-License-Identifier: ISC */
/* enumq: the plain reply that the network and the zone store both fill in. */

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "enumq.h"

static void
dname_root(struct dname *d)
{
	d->len = 1;
	d->wire[0] = 0;
}

/* No records: the lists a reply holds, empty. */
static void
lists_empty(struct reply *r)
{
	r->naptr = NULL;
	r->nnaptr = 0;
	r->srv = NULL;
	r->nsrv = 0;
	r->addr = NULL;
	r->naddr = 0;
	r->ns = NULL;
	r->nns = 0;
}

/*
 * An empty reply to a query for qname of qtype: no answer yet.  Field by
 * field: a memset of its 1.7 kB, most of it the unused bytes of its
 * names, was a cost of every query from the zones.  A field added to
 * struct reply is set here.
 */
void
reply_init(struct reply *r, const struct dname *qname, uint16_t qtype)
{
	r->rcode = -1;
	r->flags = 0;
	r->server = NULL;
	r->error = NULL;
	r->tried = NULL;
	r->ntried = 0;
	dname_set(&r->qname, qname->wire, qname->len);
	r->qtype = qtype;
	dname_set(&r->owner, qname->wire, qname->len);
	r->hops = 0;
	lists_empty(r);
	r->referral = 0;
	dname_root(&r->cut);
	r->has_soa = 0;
	dname_root(&r->soa.owner);
	dname_root(&r->soa.mname);
	dname_root(&r->soa.rname);
	r->soa.serial = r->soa.minimum = r->soa.ttl = 0;
}

/* Release what a reply holds; reply_init it before it is used again. */
void
reply_clear(struct reply *r)
{
	free(r->naptr);
	free(r->srv);
	free(r->addr);
	free(r->ns);
	lists_empty(r);
}

/* Room for one more NAPTR, empty: zeros, the root for replacement. */
struct reply_naptr *
reply_add_naptr(struct reply *r)
{
	struct reply_naptr *n;

	r->naptr = xgrow(r->naptr, r->nnaptr, sizeof(*r->naptr));
	n = &r->naptr[r->nnaptr++];
	/* the name's unused bytes left as they are, as in reply_init */
	memset(n, 0, offsetof(struct reply_naptr, replacement));
	dname_root(&n->replacement);
	n->file = NULL;
	n->line = 0;
	return n;
}

/* Add a name server of the referral, a wire name of len bytes. */
void
reply_add_ns(struct reply *r, const uint8_t *wire, size_t len)
{
	r->ns = xgrow(r->ns, r->nns, sizeof(*r->ns));
	dname_set(&r->ns[r->nns++], wire, len);
}

/* Room for one more SRV, zeroed. */
struct reply_srv *
reply_add_srv(struct reply *r)
{
	struct reply_srv *s;

	r->srv = xgrow(r->srv, r->nsrv, sizeof(*r->srv));
	s = &r->srv[r->nsrv++];
	memset(s, 0, sizeof(*s));
	return s;
}

/* Room for one more address, zeroed. */
struct reply_addr *
reply_add_addr(struct reply *r)
{
	struct reply_addr *a;

	r->addr = xgrow(r->addr, r->naddr, sizeof(*r->addr));
	a = &r->addr[r->naddr++];
	memset(a, 0, sizeof(*a));
	return a;
}

/*
 * How long a negative answer may be kept (RFC 2308 5): the lower of its
 * SOA's TTL and MINIMUM; 0 without an SOA (RFC 2308 5: not cached).
 */
uint32_t
reply_negative_ttl(const struct reply *r)
{
	if (!r->has_soa)
		return 0;
	return r->soa.ttl < r->soa.minimum ? r->soa.ttl : r->soa.minimum;
}

/* The mnemonic of a query type enumq asks for. */
const char *
qtype_name(uint16_t qtype)
{
	switch (qtype) {
	case QTYPE_A:
		return "A";
	case QTYPE_SOA:
		return "SOA";
	case QTYPE_AAAA:
		return "AAAA";
	case QTYPE_SRV:
		return "SRV";
	default:
		return "NAPTR";
	}
}

/* "referral to CUT (NS NS...)", a new string. */
char *
reply_referral_str(const struct reply *r)
{
	char *s, *name, *more;
	size_t i;

	name = dname_str(r->cut.wire, r->cut.len);
	s = xasprintf("referral to %s (", name);
	free(name);
	for (i = 0; i < r->nns; i++) {
		name = dname_str(r->ns[i].wire, r->ns[i].len);
		more = xasprintf("%s%s%s", s, i > 0 ? " " : "", name);
		free(name);
		free(s);
		s = more;
	}
	more = xasprintf("%s)", s);
	free(s);
	return more;
}

/*
 * Why a reply is no valid answer, as a new string: no answer, an rcode
 * other than NOERROR and NXDOMAIN, an error, a referral.  NULL when it is
 * a valid answer.
 */
char *
reply_failure(const struct reply *r)
{
	if (r->rcode < 0)
		return xstrdup(r->error != NULL ? r->error : "no reply");
	if (r->rcode != RCODE_NOERROR && r->rcode != RCODE_NXDOMAIN)
		return xstrdup(rcode_name(r->rcode).s);
	if (r->error != NULL)
		return xstrdup(r->error);
	if (r->referral)
		return reply_referral_str(r);
	return NULL;
}

/*
 * As reply_failure, but when several servers were asked, each one's
 * failure: "ADDR#PORT: why; ADDR#PORT: why" in the order asked.
 */
char *
reply_why(const struct reply *r)
{
	char *why, *more;
	size_t i;

	if ((why = reply_failure(r)) == NULL || r->ntried < 2)
		return why;
	free(why);
	why = NULL;
	for (i = 0; i < r->ntried; i++) {
		more = xasprintf("%s%s%s: %s", why != NULL ? why : "",
		    why != NULL ? "; " : "", r->tried[i].server,
		    r->tried[i].error != NULL ? r->tried[i].error : "answered");
		free(why);
		why = more;
	}
	return why;
}

/*
 * The i'th header flag in the order dig prints them, lowercase, and its
 * bit in *bit; NULL past the last.
 */
const char *
reply_flag(size_t i, unsigned *bit)
{
	static const struct {
		unsigned	 bit;
		char		 name[3];
	} flag[] = {
		{ REPLY_QR, "qr" }, { REPLY_AA, "aa" }, { REPLY_TC, "tc" },
		{ REPLY_RD, "rd" }, { REPLY_RA, "ra" }, { REPLY_AD, "ad" },
		{ REPLY_CD, "cd" }
	};

	if (i >= sizeof(flag) / sizeof(flag[0]))
		return NULL;
	*bit = flag[i].bit;
	return flag[i].name;
}
