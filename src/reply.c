/* SPDX-License-Identifier: ISC */
/* enumq: the plain reply that the network and the zone store both fill in. */

#include <stdlib.h>
#include <string.h>

#include "enumq.h"

/* An empty reply to a query for qname: no answer yet. */
void
reply_init(struct reply *r, const struct dname *qname)
{
	memset(r, 0, sizeof(*r));
	r->rcode = -1;
	r->qname = *qname;
	r->owner = *qname;
}

/* Release what a reply holds; it is empty afterwards, its qname kept. */
void
reply_clear(struct reply *r)
{
	struct dname qname = r->qname;

	free(r->naptr);
	free(r->ns);
	reply_init(r, &qname);
}

/* Room for one more NAPTR, zeroed. */
struct reply_naptr *
reply_add_naptr(struct reply *r)
{
	struct reply_naptr *n;

	r->naptr = xgrow(r->naptr, r->nnaptr, sizeof(*r->naptr));
	n = &r->naptr[r->nnaptr++];
	memset(n, 0, sizeof(*n));
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
