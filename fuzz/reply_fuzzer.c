/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer, pure core: the lookup state machine (lookup.c, naptr.c,
 * ddds.c) fed struct reply values built straight from the input, as the
 * network engine and the zone store hand them over, then the three
 * formatters (output_*.c, escape.c).  No DNS message and no ldns: this
 * target links without it (see the Makefile), the proof that the lookup
 * and everything after it stand on plain C data (issue 10).
 *
 * Input: a control byte (fuzz_options in check.h), then one reply per
 * query the lookup asks; when the input runs out the last reply is given
 * again, and with none at all the query times out.  A reply:
 *
 *   kind     bits 0-2: the rcode, of NOERROR (0-2), NXDOMAIN, SERVFAIL,
 *            REFUSED, BADVERS (16, extended) and none (7: -1, "timed
 *            out"); 3: AA; 4: an error besides the rcode, as packet_reply
 *            gives for a CNAME loop; 5: the owner differs from the name
 *            asked for (a CNAME the server chased, or one it left to us:
 *            a restart); 6: a referral; 7: the SOA of a negative answer
 *   count    NAPTRs (low 4 bits)
 *   owner    a name, when bit 5
 *   cut      a name, a count byte (low 2 bits) and that many NS names,
 *            when bit 6
 *   soa      a name, when bit 7
 *   NAPTRs   each ORDER (2), PREFERENCE (2), FLAGS, SERVICES and REGEXP
 *            as a length byte and up to that many bytes, REPLACEMENT as
 *            a name
 *
 * A name is a byte: 0 the root, 1 the name asked for, 2 its parent, 3
 * the domain of the tree under way, 4-15 h0.example. to h11.example.,
 * 16-255 a presentation name of that many bytes less 16 (the root when
 * it does not parse).
 *
 * Checks, besides those of the response fuzzer (check_result and the
 * formatters): each query is for a valid name the lookup was told about
 * (the tree's domain, an owner given, a replacement); a reply the lookup
 * takes adds its NAPTRs to the records in order, byte for byte, and any
 * other adds none; the first reply of a tree that is no valid answer
 * (none, an rcode other than NOERROR and NXDOMAIN, an error, a referral)
 * makes the tree an error with the message "no valid answer: " and the
 * reason, "referral to CUT (NS...)" for a referral; --lint's checks of
 * the result as a kind of name the input's size picks, and their three
 * formats (check_lint).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define HOSTS		12	/* h0.example. ... h11.example. */
#define NAME_INLINE	16	/* a name byte from here: inline text */

static const int rcodes[] = { 0, 0, 0, 3, 2, 5, 16, -1 };

/* The input as read so far. */
struct input {
	const uint8_t	*p;
	const uint8_t	*end;
};

/* What the names of a reply are picked from. */
struct names {
	const struct dname *asked;	/* the name of the query */
	struct dname	 domain;	/* the tree's first query */
	struct dname	 host[HOSTS];
};

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next input byte, 0 past the end. */
static uint8_t
take8(struct input *in)
{
	return in->p < in->end ? *in->p++ : 0;
}

static uint16_t
take16(struct input *in)
{
	uint16_t hi = take8(in);

	return hi << 8 | take8(in);
}

/* A <character-string>: a length byte, then up to that many bytes. */
static void
take_str(struct input *in, struct span *s)
{
	size_t len = take8(in);

	if (len > (size_t)(in->end - in->p))
		len = in->end - in->p;
	s->p = (const char *)in->p;
	s->len = len;
	in->p += len;
}

static void
take_name(struct input *in, const struct names *nm, struct dname *d)
{
	size_t sel = take8(in), len;
	char *s;

	if (sel == 0 || sel >= NAME_INLINE) {
		len = sel == 0 ? 0 : sel - NAME_INLINE;
		if (len > (size_t)(in->end - in->p))
			len = in->end - in->p;
		s = copy_str(in->p, len);
		in->p += len;
		if (dname_from_str(s, d) == -1 || len == 0)
			dname_from_str(".", d);
		free(s);
	} else if (sel == 1)
		*d = *nm->asked;
	else if (sel == 2) {
		*d = *nm->asked;
		dname_chop(d);
	} else if (sel == 3)
		*d = nm->domain;
	else
		*d = nm->host[sel - 4];
	check_dname(d, "a name of the input");
}

/* A reply to the query for nm->asked, from the input. */
static void
take_reply(struct input *in, const struct names *nm, struct reply *r)
{
	struct reply_naptr *n;
	struct dname ns;
	int kind, count, i;

	reply_init(r, nm->asked, QTYPE_NAPTR);
	r->server = "127.0.0.1#53";
	kind = take8(in);
	count = take8(in) & 15;
	r->rcode = rcodes[kind & 7];
	if (r->rcode < 0)
		r->error = "timed out";	/* the engine's contract */
	else if (kind & 16)
		r->error = "CNAME chain too long or looping";
	if (kind & 8)
		r->flags |= REPLY_AA;
	if (kind & 32) {
		take_name(in, nm, &r->owner);
		r->hops = 1;
	}
	if (kind & 64) {
		r->referral = 1;
		take_name(in, nm, &r->cut);
		for (i = take8(in) & 3; i > 0; i--) {
			take_name(in, nm, &ns);
			reply_add_ns(r, ns.wire, ns.len);
		}
	}
	if (kind & 128) {
		r->has_soa = 1;
		take_name(in, nm, &r->soa.owner);
		r->soa.mname = r->soa.owner;
		r->soa.rname = r->soa.owner;
		r->soa.serial = 1;
		r->soa.minimum = r->soa.ttl = 300;
	}
	for (i = 0; i < count; i++) {
		n = reply_add_naptr(r);
		n->ttl = 300;
		n->order = take16(in);
		n->preference = take16(in);
		take_str(in, &n->flags);
		take_str(in, &n->services);
		take_str(in, &n->regexp);
		take_name(in, nm, &n->replacement);
	}
}

/* Was name given by a reply, or is it a record's replacement? */
static int
name_known(const struct dname *name, const struct names *nm,
    const struct dname *owner, size_t nowner, const struct result *res)
{
	size_t i;

	if (dname_equal(name, &nm->domain))
		return 1;
	for (i = 0; i < nowner; i++)
		if (dname_equal(name, &owner[i]))
			return 1;
	for (i = 0; i < res->nrecords; i++)
		if (res->records[i].has_next &&
		    dname_equal(name, &res->records[i].next))
			return 1;
	return 0;
}

/* Does the lookup take the reply's records (lookup_answer)? */
static int
reply_taken(const struct reply *r)
{
	return (r->rcode == RCODE_NOERROR || r->rcode == RCODE_NXDOMAIN) &&
	    r->error == NULL && !r->referral;
}

/* Why a tree's first reply is no valid answer, as a new string, or NULL. */
static char *
reply_invalid(const struct reply *r)
{
	char *ref, *s;

	if (r->rcode < 0)
		return xasprintf("no valid answer: %s", r->error);
	if (r->rcode != RCODE_NOERROR && r->rcode != RCODE_NXDOMAIN)
		return xasprintf("no valid answer: %s", rcode_name(r->rcode).s);
	if (r->error != NULL)
		return xasprintf("no valid answer: %s", r->error);
	if (!r->referral)
		return NULL;
	ref = reply_referral_str(r);
	s = xasprintf("no valid answer: %s", ref);
	free(ref);
	return s;
}

/* The records the reply added, from index from on, are its NAPTRs. */
static void
check_taken(const struct result *res, size_t from, const struct reply *r)
{
	const struct reply_naptr *n;
	const struct record *rec;
	char *owner;
	size_t i, want = reply_taken(r) ? r->nnaptr : 0;

	if (res->nrecords - from != want)
		fail("a reply of %zu NAPTRs (rcode %d%s) added %zu records",
		    r->nnaptr, r->rcode, r->referral ? ", referral" : "",
		    res->nrecords - from);
	owner = dname_str(r->owner.wire, r->owner.len);
	for (i = 0; i < want; i++) {
		n = &r->naptr[i];
		rec = &res->records[from + i];
		if (rec->order != n->order ||
		    rec->preference != n->preference ||
		    rec->flags.len != n->flags.len ||
		    memcmp(rec->flags.p, n->flags.p, n->flags.len) != 0 ||
		    rec->services.len != n->services.len ||
		    memcmp(rec->services.p, n->services.p,
		    n->services.len) != 0 ||
		    rec->regexp.len != n->regexp.len ||
		    memcmp(rec->regexp.p, n->regexp.p, n->regexp.len) != 0)
			fail("NAPTR %zu of a reply changed in the lookup", i);
		if (strcmp(rec->owner, owner) != 0)
			fail("record of %s has the owner %s", owner,
			    rec->owner);
		if (rec->next.len != n->replacement.len ||
		    memcmp(rec->next.wire, n->replacement.wire,
		    n->replacement.len) != 0)
			fail("NAPTR %zu: replacement %s changed", i,
			    rec->replacement);
	}
	free(owner);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt;
	struct lookup *l;
	struct reply reply;
	struct names nm;
	struct input in, last;
	struct dname *owner;
	const struct dname *name;
	const struct result *res;
	char *want[TREES_MAX] = { NULL }, host[16];
	const char *num;
	size_t nq = 0, bound, nowner = 0, ntrees = 0, from, i;
	int have_last = 0;

	if (size < 1)
		return 0;
	num = fuzz_options(&opt, data[0]);
	bound = fuzz_query_bound(&opt);
	owner = xreallocarray(NULL, bound, sizeof(*owner));
	for (i = 0; i < HOSTS; i++) {
		snprintf(host, sizeof(host), "h%zu.example.", i);
		if (dname_from_str(host, &nm.host[i]) == -1)
			abort();
	}
	in.p = data + 1;
	in.end = data + size;
	l = lookup_new(&opt, fuzz_cache, num, strlen(num), strlen(num));
	res = lookup_result(l);
	while ((name = lookup_next(l)) != NULL) {
		if (++nq > bound)
			fail("more than %zu queries for one number", bound);
		check_dname(name, "query name");
		if (dname_from_str(res->trees[res->ntrees - 1].domain,
		    &nm.domain) == -1)
			fail("tree domain %s does not parse",
			    res->trees[res->ntrees - 1].domain);
		if (!name_known(name, &nm, owner, nowner, res))
			fail("query %zu for a name never given", nq);
		nm.asked = name;
		if (in.p < in.end) {
			last = in;
			have_last = 1;
		} else if (have_last)
			in = last;	/* the last reply again */
		if (in.p < in.end)
			take_reply(&in, &nm, &reply);
		else {
			reply_init(&reply, name, QTYPE_NAPTR);
			reply.error = "timed out";
		}
		if (!dname_equal(&reply.owner, name))
			owner[nowner++] = reply.owner;
		/* the first reply of a tree decides whether it is an error */
		if (res->ntrees != ntrees) {
			ntrees = res->ntrees;
			want[ntrees - 1] = reply_invalid(&reply);
		}
		from = res->nrecords;
		lookup_answer(l, &reply);
		check_taken(res, from, &reply);
		reply_clear(&reply);
	}
	check_result(res, &opt);
	for (i = 0; i < res->ntrees; i++) {
		if (want[i] != NULL && (res->trees[i].error == NULL ||
		    strcmp(res->trees[i].error, want[i]) != 0))
			fail("tree %zu: error \"%s\", want \"%s\"", i,
			    res->trees[i].error ? res->trees[i].error : "NULL",
			    want[i]);
		free(want[i]);
	}
	check_outputs(res, &opt);
	/* the input's size picks the kind of name: each gets its share */
	check_lint(res, &opt, (enum lint_kind)(size & 3));
	lookup_free(l);
	fuzz_options_free(&opt);
	free(owner);
	return 0;
}
