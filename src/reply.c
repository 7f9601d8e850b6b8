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

/*
 * An empty reply to a query for qname: no answer yet.  Field by field: a
 * memset of its 1.7 kB, most of it the unused bytes of its names, was a
 * cost of every query from the zones.  A field added to struct reply is
 * set here.
 */
void
reply_init(struct reply *r, const struct dname *qname)
{
	r->rcode = -1;
	r->flags = 0;
	r->server = NULL;
	r->error = NULL;
	r->tried = NULL;
	r->ntried = 0;
	dname_set(&r->qname, qname->wire, qname->len);
	dname_set(&r->owner, qname->wire, qname->len);
	r->hops = 0;
	r->naptr = NULL;
	r->nnaptr = 0;
	r->referral = 0;
	dname_root(&r->cut);
	r->ns = NULL;
	r->nns = 0;
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
	free(r->ns);
	r->naptr = NULL;
	r->nnaptr = 0;
	r->ns = NULL;
	r->nns = 0;
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
