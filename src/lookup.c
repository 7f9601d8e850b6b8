/* SPDX-License-Identifier: ISC */
/* enumq: one number through its trees and non-terminal chains, as a state machine. */

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "enumq.h"

#define NO_SET	((size_t)-1)

/* A set of NAPTRs visited: the answer for one name in the current tree. */
struct set {
	struct dname	 name;		/* the name queried (after CNAMEs) */
	size_t		 parent;	/* the referring set, NO_SET for the root */
	int		 depth;		/* non-terminal hops from the root */
	size_t		*rec;		/* record indices, ranked */
	size_t		 nrec;
	size_t		 pos;		/* next record to consider following */
	int		 answered;
	int		 cnames;	/* CNAME restarts so far */
	enum status	 status;	/* ST_NODATA stands for NOERROR here */
	int		 rcode;
	char		*error;		/* ST_ERROR: why no valid answer */
};

struct lookup {
	const struct options	*opt;
	struct ddds_cache	*cache;
	struct result		 res;
	size_t			 tree;		/* index of the tree under way */
	struct set		*set;		/* sets of the current tree */
	size_t			 nset;
	size_t			 cur;		/* the set being worked on */
	size_t			 nquery;	/* queries sent in this tree */
	size_t			 set_base;	/* sets of the trees before */
	int			 has_at;	/* lookup_number's name */
	struct dname		 at;		/* it, the tree's domain */
	int			 untimed;	/* lookup_number: no elapsed */
	double			 start;
	int			 done;
};

static void
sets_free(struct lookup *l)
{
	size_t i;

	for (i = 0; i < l->nset; i++) {
		free(l->set[i].rec);
		free(l->set[i].error);
	}
	free(l->set);
	l->set = NULL;
	l->nset = 0;
}

/* Add a set for name. */
static size_t
set_add(struct lookup *l, const struct dname *name, size_t parent, int depth)
{
	struct set *s;

	l->set = xgrow(l->set, l->nset, sizeof(*l->set));
	s = &l->set[l->nset];
	/* the name's bytes past its length are left as they are */
	memset(s, 0, offsetof(struct set, name));
	dname_set(&s->name, name->wire, name->len);
	memset(&s->parent, 0, sizeof(*s) - offsetof(struct set, parent));
	s->parent = parent;
	s->depth = depth;
	return l->nset++;
}

/*
 * A zeroed lookup but for its trees, which tree_start clears as each is
 * begun: their 7 kB, mostly SOA names, were zeroed for every number.
 */
static struct lookup *
lookup_alloc(void)
{
	struct lookup *l = xmalloc(sizeof(*l));

	memset(l, 0, offsetof(struct lookup, res.trees));
	memset(&l->res.ntrees, 0, sizeof(*l) -
	    offsetof(struct lookup, res.ntrees));
	return l;
}

/* How many trees the lookup tries: one for a name of its own. */
static size_t
ntrees(const struct lookup *l)
{
	return l->has_at ? 1 : e164_ntrees(&l->res.number, l->opt->ntree);
}

/*
 * Start the next tree: its root set is the number's domain under it, or
 * at, the name lookup_number was given.
 */
static void
tree_start(struct lookup *l, const struct dname *at)
{
	struct tree_result *t = &l->res.trees[l->res.ntrees++];
	const char *tree = e164_tree(&l->res.number, l->opt->tree,
	    l->opt->ntree, l->tree);
	struct dname d;

	/* the SOA, last, is read only when has_soa says it is there */
	memset(t, 0, offsetof(struct tree_result, soa));
	t->tree = tree;		/* lives as long as the lookup */
	if (at != NULL)
		t->domain = dname_str(at->wire, at->len);
	else
		t->domain = e164_domain(&l->res.number, tree,
		    l->opt->infrastructure);
	t->rcode = -1;
	t->status = ST_ERROR;
	l->nquery = 0;
	l->set_base += l->nset;
	sets_free(l);
	if (at != NULL) {
		d = *at;
		/* its records' owner, spelled alike, is t->domain */
		dname_set(&l->at, at->wire, at->len);
	} else if (dname_from_str(t->domain, &d) == -1) {
		t->error = xstrdup("cannot build the domain name");
		return;
	}
	l->cur = set_add(l, &d, NO_SET, 0);
}

/*
 * Should a non-terminal record be followed from set s?  A target already
 * on the chain, or a chain longer than CHAIN_MAX_HOPS, is a loop (RFC 6116
 * 5.2.1): the record is discarded and the query never sent.
 */
static const char *
follow_check(const struct lookup *l, size_t s, const struct dname *target)
{
	size_t i;

	if (l->set[s].depth + 1 > CHAIN_MAX_HOPS)
		return "loop";
	for (i = s; i != NO_SET; i = l->set[i].parent)
		if (dname_equal(&l->set[i].name, target))
			return "loop";
	if (l->nquery >= QUERIES_MAX)
		return "query-limit";
	return NULL;
}

/*
 * Collect the URIs of set s in rank order into the result, the URIs of a
 * non-terminal target taking its record's place (RFC 6116 5.2), each with
 * the lowest TTL on its way there, ttl that of the records above.  Returns
 * how many were added; a target that adds none marks its record.  The
 * first part of the chains that could have given a URI and failed (a
 * target with no valid answer, a target never asked for lack of queries)
 * goes to *failed, a new string, unless one is there already.
 */
static size_t
flatten(struct lookup *l, size_t s, uint32_t ttl, char **failed)
{
	struct result *res = &l->res;
	struct record *r;
	const struct set *c;
	size_t i, n = 0, got;

	for (i = 0; i < l->set[s].nrec; i++) {
		r = &res->records[l->set[s].rec[i]];
		if (r->terminal && r->reason == NULL) {
			res->uris = xgrow(res->uris, res->nuris,
			    sizeof(*res->uris));
			res->uris[res->nuris].rank = res->nuris + 1;
			res->uris[res->nuris].ttl = r->ttl < ttl ? r->ttl :
			    ttl;
			res->uris[res->nuris++].rec = l->set[s].rec[i];
			n++;
		} else if (!r->terminal && r->reason == NULL &&
		    r->child != 0) {
			c = &l->set[r->child];
			if (c->status == ST_ERROR && *failed == NULL)
				*failed = xasprintf("no valid answer for %s: "
				    "%s", r->replacement, c->error != NULL ?
				    c->error : "no reply");
			got = flatten(l, r->child, r->ttl < ttl ? r->ttl :
			    ttl, failed);
			r->target_rcode = c->rcode;
			r->target_naptrs = c->nrec;
			if (got == 0)
				r->reason = l->set[r->child].status ==
				    ST_NXDOMAIN ? "target-nxdomain" :
				    l->set[r->child].status == ST_ERROR ?
				    "target-error" : "target-nodata";
			n += got;
		} else if (!r->terminal && r->reason != NULL &&
		    strcmp(r->reason, "query-limit") == 0 && *failed == NULL)
			*failed = xasprintf("no valid answer for %s: not "
			    "queried (query-limit)", r->replacement);
	}
	return n;
}

/* The tree is done: rank its URIs, settle its status, go on or stop. */
static void
tree_finish(struct lookup *l)
{
	struct result *res = &l->res;
	struct tree_result *t = &res->trees[res->ntrees - 1], *best;
	char *failed = NULL;
	size_t i;

	res->nuris = 0;
	if (l->nset > 0) {
		t->status = l->set[0].status;
		if (flatten(l, 0, UINT32_MAX, &failed) > 0)
			t->status = ST_OK;
		else if (failed != NULL && t->status == ST_NODATA) {
			/*
			 * No URI, but a part that could have given one
			 * failed: not "no service" (RFC 5346 4.1.2).
			 */
			t->status = ST_ERROR;
			t->error = failed;
			failed = NULL;
		}
		free(failed);
	}
	if (t->status != ST_OK && ++l->tree < ntrees(l)) {
		tree_start(l, NULL);
		return;
	}
	/* ok, or the most specific: nodata before nxdomain before error */
	best = t;
	for (i = 0; i < res->ntrees; i++)
		if (res->trees[i].status < best->status)
			best = &res->trees[i];
	res->status = best->status;
	res->tree = best->tree;
	res->domain = best->domain;
	res->rcode = best->rcode;
	res->flags = best->flags;
	res->server = best->server;
	res->error = best->error;
	res->servers = best->servers;
	res->nservers = best->nservers;
	res->soa = best->has_soa ? &best->soa : NULL;
	for (i = 0; i < res->nrecords; i++)
		res->discarded += naptr_discarded(&res->records[i]);
	if (!l->untimed)
		res->elapsed_ms = util_now_ms() - l->start;
	l->done = 1;
}

static void
servers_free(struct tree_result *t)
{
	size_t i;

	for (i = 0; i < t->nservers; i++)
		free(t->servers[i].error);
	if (t->servers != &t->one)
		free(t->servers);
	t->servers = NULL;
	t->nservers = 0;
}

/*
 * Keep what each server said to the query for the tree's domain (the
 * latest, after a CNAME restart): a zone file is one server.
 */
static void
servers_take(struct tree_result *t, const struct reply *reply)
{
	size_t i;

	servers_free(t);
	if (reply->ntried == 0) {
		t->servers = &t->one;
		t->servers[0].server = reply->server;
		t->servers[0].rcode = reply->rcode;
		t->servers[0].error = reply_failure(reply);
		t->nservers = 1;
		return;
	}
	t->servers = xcalloc(reply->ntried, sizeof(*t->servers));
	for (i = 0; i < reply->ntried; i++) {
		t->servers[i].server = reply->tried[i].server;
		t->servers[i].rcode = reply->tried[i].rcode;
		if (reply->tried[i].error != NULL)
			t->servers[i].error = xstrdup(reply->tried[i].error);
	}
	t->nservers = reply->ntried;
}

/*
 * Begin a lookup of one input of len bytes (size as read, see
 * input_next); an invalid number is done at once.
 */
struct lookup *
lookup_new(const struct options *opt, struct ddds_cache *cache,
    const char *input, size_t len, size_t size)
{
	struct lookup *l = lookup_alloc();
	const char *why;

	l->opt = opt;
	l->cache = cache;
	l->start = util_now_ms();
	bytes_set(&l->res.input, input, len);
	l->res.input_size = size;
	l->res.rcode = -1;
	if ((why = e164_parse(input, len, &l->res.number)) != NULL) {
		l->res.status = ST_INVALID;
		l->res.error = why;
		l->done = 1;
		return l;
	}
	l->res.valid = 1;
	if (opt->route && l->res.number.enumdi) {
		/* the verdict is route.c's, without a query (RFC 4759 4.2.1) */
		e164_enumdi_kept(&l->res.number);
		l->res.status = ST_ERROR;
		l->res.error = "not looked up: ;enumdi (RFC 4759 4.2.1)";
		l->done = 1;
		return l;
	}
	tree_start(l, NULL);
	return l;
}

/*
 * Begin a lookup of a number read already (--lint: a zone's owner names)
 * at its own domain, or, when at is not NULL, at that name in one tree
 * (its own as the zone spells it, or a wildcard's or a target's, which no
 * single number owns).  Its result's elapsed_ms stays 0.
 */
struct lookup *
lookup_number(const struct options *opt, struct ddds_cache *cache,
    const struct number *n, const struct dname *at)
{
	struct lookup *l = lookup_alloc();

	l->opt = opt;
	l->cache = cache;
	l->untimed = 1;		/* lint reads no time: two clock reads saved */
	bytes_set(&l->res.input, n->aus, strlen(n->aus));
	l->res.input_size = l->res.input.len;
	l->res.rcode = -1;
	l->res.number = *n;
	l->res.valid = 1;
	l->has_at = at != NULL;
	tree_start(l, at);
	return l;
}

/* Release a lookup and its result; accepts NULL. */
void
lookup_free(struct lookup *l)
{
	size_t i;

	if (l == NULL)
		return;
	sets_free(l);
	for (i = 0; i < l->res.nrecords; i++)
		naptr_record_free(&l->res.records[i]);
	free(l->res.records);
	free(l->res.uris);
	for (i = 0; i < l->res.ntrees; i++) {
		free(l->res.trees[i].domain);
		free(l->res.trees[i].error);
		servers_free(&l->res.trees[i]);
	}
	bytes_free(&l->res.input);
	free(l);
}

/*
 * The name to query next, or NULL when the lookup is done.  Walks the
 * sets depth first, in rank order, so that each non-terminal target is
 * fetched before the records ranked after it.
 */
const struct dname *
lookup_next(struct lookup *l)
{
	struct set *s;
	struct record *r;
	const char *why;
	size_t child;

	while (!l->done) {
		if (l->nset == 0) {	/* the tree's domain was unusable */
			tree_finish(l);
			continue;
		}
		s = &l->set[l->cur];
		if (!s->answered) {
			l->nquery++;
			return &s->name;
		}
		if (s->pos < s->nrec) {
			r = &l->res.records[s->rec[s->pos++]];
			if (r->terminal || r->reason != NULL)
				continue;
			if ((why = follow_check(l, l->cur, &r->next)) != NULL) {
				r->reason = why;
				util_trace("%s: not following %s: %s",
				    l->res.number.aus, r->replacement, why);
				continue;
			}
			child = set_add(l, &r->next, l->cur, s->depth + 1);
			r->child = child;
			l->cur = child;
		} else if (s->parent != NO_SET)
			l->cur = s->parent;
		else
			tree_finish(l);
	}
	return NULL;
}

/* The current set has no valid answer, msg says why. */
static void
set_error(struct lookup *l, const char *msg)
{
	struct tree_result *t = &l->res.trees[l->res.ntrees - 1];
	struct set *s = &l->set[l->cur];

	s->status = ST_ERROR;
	free(s->error);
	s->error = xstrdup(msg);
	if (l->cur == 0 && t->error == NULL)
		t->error = xasprintf("no valid answer: %s", msg);
}

/* Judge the NAPTRs of a reply into the current set. */
static void
take_records(struct lookup *l, const struct reply *reply)
{
	struct set *s = &l->set[l->cur];
	struct result *res = &l->res;
	struct record *r;
	const char *ostr = NULL;
	size_t i;

	if (l->has_at && reply->owner.len == l->at.len &&
	    memcmp(reply->owner.wire, l->at.wire, l->at.len) == 0)
		ostr = res->trees[res->ntrees - 1].domain;
	for (i = 0; i < reply->nnaptr; i++) {
		res->records = xgrow(res->records, res->nrecords,
		    sizeof(*res->records));
		r = &res->records[res->nrecords];
		/* the records of a reply share their owner */
		naptr_record_init(r, &reply->owner, &reply->naptr[i],
		    i > 0 ? r[-1].owner : ostr);
		naptr_judge(r, &l->opt->filter, l->cache, res->number.aus);
		r->set = l->set_base + l->cur;
		r->depth = s->depth;
		s->rec = xgrow(s->rec, s->nrec, sizeof(*s->rec));
		s->rec[s->nrec++] = res->nrecords++;
		/* the trace's copy only where stdout shows no records */
		if (util_trace_on && !output_shows_records(l->opt))
			trace_record(res->number.aus, r);
	}
	naptr_rank(res->records, s->rec, s->nrec);
}

/* Take the reply to the query lookup_next asked for. */
void
lookup_answer(struct lookup *l, const struct reply *reply)
{
	struct set *s = &l->set[l->cur];
	struct tree_result *t = &l->res.trees[l->res.ntrees - 1];
	char *why;

	s->answered = 1;
	if (l->cur == 0) {
		t->server = reply->server;
		t->rcode = reply->rcode;
		t->flags = reply->flags;
		t->has_soa = reply->has_soa;
		t->soa = reply->soa;
		servers_take(t, reply);
	}
	s->rcode = reply->rcode;
	/*
	 * No valid answer: none, an error rcode, an error, or a referral,
	 * which is no answer either: the server is not authoritative (RFC
	 * 5346 4.1.2 B).
	 */
	if ((why = reply_why(reply)) != NULL) {
		set_error(l, why);
		free(why);
		return;
	}
	s->status = reply->rcode == RCODE_NXDOMAIN ? ST_NXDOMAIN : ST_NODATA;
	take_records(l, reply);
	if (s->nrec == 0 && reply->rcode == RCODE_NOERROR &&
	    !dname_equal(&reply->owner, &s->name)) {
		/* a CNAME whose target the server did not chase: ask again */
		if (++s->cnames > CNAME_MAX) {
			set_error(l, "CNAME chain too long or looping");
			return;
		}
		s->name = reply->owner;
		s->answered = 0;
	}
}

/* Attach --route's verdict (owned by the caller) to the result. */
void
lookup_verdict(struct lookup *l, const struct verdict *v)
{
	l->res.verdict = v;
}

/* The result so far; complete once lookup_next has returned NULL. */
const struct result *
lookup_result(const struct lookup *l)
{
	return &l->res;
}
