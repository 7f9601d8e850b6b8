/* SPDX-License-Identifier: ISC */
/* enumq: --route: a number's answer to a softswitch's verdict (RFC 5346 4.1.2, 4.2), as a state machine. */

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

struct route {
	const struct options	*opt;
	const struct result	*res;
	size_t		 iuri;		/* the next URI to judge */
	size_t		 tried;		/* call URIs resolved so far */
	struct resolve	*rs;		/* the URI being resolved, or NULL */
	char		*fail;		/* the first URI's failure */
	int		 way_has_ttl;	/* the lowest TTL of the host answers */
	uint32_t	 way_ttl;	/* read so far, failed URIs' included */
	int		 soa;		/* 1: the SOA query asked, 2: answered */
	int		 decided;
	struct verdict	 v;		/* last: its zone, cleared only by
					   has_zone (route_new) */
};

/* The name of an action, as the outputs print it. */
const char *
action_name(enum action a)
{
	switch (a) {
	case ACT_ROUTE:
		return "route";
	case ACT_REJECT:
		return "reject";
	case ACT_PSTN:
		return "pstn";
	default:
		return "invalid";
	}
}

static void
decide(struct route *rt, enum action a, char *reason, int has_ttl,
    uint32_t ttl)
{
	rt->v.action = a;
	rt->v.reason = reason;
	rt->v.has_ttl = has_ttl;
	rt->v.ttl = ttl;
	rt->decided = 1;
}

/* The lowest TTL of the records the result's URIs come from. */
static int
records_ttl(const struct result *res, uint32_t *ttl)
{
	size_t i;
	int has = 0;

	for (i = 0; i < res->nrecords; i++)
		if (!has || res->records[i].ttl < *ttl) {
			*ttl = res->records[i].ttl;
			has = 1;
		}
	return has;
}

/* The negative answer's TTL (RFC 2308 5), when it carried an SOA. */
static int
negative_ttl(const struct result *res, uint32_t *ttl)
{
	if (res->soa == NULL)
		return 0;
	*ttl = res->soa->ttl < res->soa->minimum ? res->soa->ttl :
	    res->soa->minimum;
	return 1;
}

/* Is a URI's scheme one a call is placed to (RFC 5346 4.1.2 A)? */
static int
call_scheme(const struct bytes *uri)
{
	return (uri->len > 4 && strncasecmp(uri->p, "sip:", 4) == 0) ||
	    (uri->len > 5 && (strncasecmp(uri->p, "sips:", 5) == 0 ||
	    strncasecmp(uri->p, "h323:", 5) == 0));
}

/* Is one of a record's Enumservices pstn (RFC 4769)? */
static int
pstn_record(const struct record *r)
{
	size_t i;

	for (i = 0; i < r->es.n; i++)
		if (strcmp(r->es.v[i], "pstn") == 0 ||
		    strncmp(r->es.v[i], "pstn:", 5) == 0)
			return 1;
	return 0;
}

/*
 * Begin the verdict on a finished lookup's result: what the answer's
 * rcode decides at once (RFC 5346 4.1.2), or the URIs to walk.
 */
struct route *
route_new(const struct options *opt, const struct result *res)
{
	struct route *rt = xmalloc(sizeof(*rt));
	uint32_t ttl = 0;
	int has;

	/* all but the SOA (two names), read only when has_zone is set */
	memset(rt, 0, offsetof(struct route, v) + offsetof(struct verdict,
	    zone));
	rt->opt = opt;
	rt->res = res;
	if (!res->valid) {
		/* res->error says "not an E.164 number: ..." already */
		decide(rt, ACT_INVALID, xstrdup(res->error), 0, 0);
		rt->soa = 2;
	} else if (res->number.enumdi) {
		/* lookup.c asked nothing: ENUM was queried already */
		decide(rt, ACT_PSTN, xstrdup("RFC 4759 4.2.1: ;enumdi, ENUM "
		    "was queried already: not queried again"), 0, 0);
		rt->v.routing_number = xstrdup(res->number.rn[0] != '\0' ?
		    res->number.rn : res->number.aus);
		rt->soa = 2;
		return rt;
	} else if (res->status == ST_NXDOMAIN) {
		has = negative_ttl(res, &ttl);
		decide(rt, ACT_PSTN, xstrdup("RFC 5346 4.1.2 B: NXDOMAIN, "
		    "the number is not in ENUM"), has, ttl);
	} else if (res->status == ST_ERROR)
		decide(rt, ACT_PSTN, xasprintf("RFC 5346 4.1.2 B: %s",
		    res->error != NULL ? res->error : "no valid answer"), 0, 0);
	else if (res->nuris == 0) {
		if (!(has = records_ttl(res, &ttl)))
			has = negative_ttl(res, &ttl);
		decide(rt, ACT_REJECT, xstrdup(res->nrecords == 0 ?
		    "RFC 5346 4.1.2 A: NOERROR without NAPTR records" :
		    "RFC 5346 4.1.2 A: NOERROR without a usable URI"), has,
		    ttl);
	}
	/* -v: one SOA query for the zone, unless known or no server answers */
	if (res->soa != NULL || !opt->verbose || res->status == ST_ERROR)
		rt->soa = 2;
	return rt;
}

/* Release a route and its verdict; accepts NULL. */
void
route_free(struct route *rt)
{
	size_t i;

	if (rt == NULL)
		return;
	resolve_free(rt->rs);
	free(rt->fail);
	free(rt->v.reason);
	free(rt->v.routing_number);
	for (i = 0; i < rt->v.ntarget; i++) {
		free(rt->v.target[i].host);
		free(rt->v.target[i].addr);	/* and its strings */
	}
	free(rt->v.target);
	free(rt);
}

/*
 * A pstn record decides (RFC 4769): its routing number goes with it, from
 * its tel: URI as naptr.c parsed it, or a sip: URI's user=phone number.
 */
static void
decide_pstn_record(struct route *rt, const struct uri *u)
{
	const struct record *r = &rt->res->records[u->rec];
	struct tel sip_tel;
	const char *why;
	char *rn = NULL;

	if (r->tel != NULL) {
		rn = tel_routing_number(r->tel);
		why = r->tel->why;
	} else if ((why = sip_uri_phone(r->result.p, r->result.len,
	    &sip_tel)) == NULL) {
		rn = tel_routing_number(&sip_tel);
		tel_free(&sip_tel);
	}
	rt->v.uri = &r->result;
	rt->v.routing_number = rn;
	if (rn != NULL)
		decide(rt, ACT_PSTN, xasprintf("RFC 4769: pstn record, rank "
		    "%zu", u->rank), 1, r->ttl);
	else
		decide(rt, ACT_PSTN, xasprintf("RFC 4769: pstn record, rank "
		    "%zu, no routing number in its URI: %s", u->rank, why), 1,
		    r->ttl);
}

/* n in decimal at p; the end. */
static char *
put_size(char *p, size_t n)
{
	char d[24];
	size_t i = 0;

	do
		d[i++] = '0' + n % 10;
	while ((n /= 10) > 0);
	while (i > 0)
		*p++ = d[--i];
	return p;
}

/*
 * "RFC 5346 4.2 2.A: rank N URI, M targets", a new string, built by hand:
 * one for each number routed, where vasprintf's set-up (a stream, a
 * buffer grown, then cut) costs more than the text.
 */
static char *
route_reason(const char *rule, size_t rank, size_t ntarget)
{
	char buf[96], *p = buf;

	p = stpcpy(p, "RFC 5346 4.2 ");
	p = stpcpy(p, rule);
	p = put_size(stpcpy(p, ": rank "), rank);
	p = put_size(stpcpy(p, " URI, "), ntarget);
	stpcpy(p, ntarget == 1 ? " target" : " targets");
	return xstrdup(buf);
}

/* The current URI's resolution is over: route to it, or note why not. */
static void
resolved(struct route *rt)
{
	const struct uri *u = &rt->res->uris[rt->iuri];
	const struct record *r = &rt->res->records[u->rec];
	uint32_t ttl;

	/* a negative answer on the way counts (RFC 6116 7.2, RFC 2308) */
	if (resolve_ttl(rt->rs, &ttl) && (!rt->way_has_ttl ||
	    ttl < rt->way_ttl)) {
		rt->way_ttl = ttl;
		rt->way_has_ttl = 1;
	}
	rt->v.ntarget = resolve_take(rt->rs, &rt->v.target);
	if (rt->v.ntarget > 0) {
		rt->v.uri = &r->result;
		ttl = rt->way_has_ttl && rt->way_ttl < r->ttl ? rt->way_ttl :
		    r->ttl;
		decide(rt, ACT_ROUTE, route_reason(rt->opt->routes != NULL ?
		    "1.A" : "2.A", u->rank, rt->v.ntarget), 1, ttl);
	} else if (rt->fail == NULL)
		rt->fail = xstrdup(resolve_failure(rt->rs));
	resolve_free(rt->rs);
	rt->rs = NULL;
	rt->iuri++;
}

/*
 * Walk the URIs in rank order to the first that decides: a pstn record,
 * or a call URI whose target resolves; *q is the next host question.
 */
static int
walk(struct route *rt, struct route_query *q)
{
	const struct result *res = rt->res;
	const struct uri *u;
	const struct record *r;
	const char *why;

	while (!rt->decided) {
		if (rt->rs != NULL) {
			if (resolve_next(rt->rs, q))
				return 1;
			resolved(rt);
			continue;
		}
		if (rt->iuri >= res->nuris)
			break;
		u = &res->uris[rt->iuri];
		r = &res->records[u->rec];
		if (pstn_record(r)) {
			decide_pstn_record(rt, u);
			break;
		}
		if (!call_scheme(&r->result) ||
		    rt->tried >= URIS_ROUTED_MAX) {
			rt->iuri++;
			continue;
		}
		rt->tried++;
		if ((rt->rs = resolve_new(rt->opt, r->result.p, r->result.len,
		    &why)) == NULL) {
			if (rt->fail == NULL)
				rt->fail = xasprintf("rank %zu URI: %s",
				    u->rank, why);
			rt->iuri++;
		}
	}
	if (!rt->decided && rt->tried > 0)
		decide(rt, ACT_PSTN, xasprintf("RFC 5346 4.2 %s: %s",
		    rt->opt->routes != NULL ? "1.B" : "2.B", rt->fail),
		    rt->way_has_ttl, rt->way_ttl);
	else if (!rt->decided) {
		uint32_t ttl = 0;
		int has = records_ttl(res, &ttl);

		decide(rt, ACT_REJECT, xstrdup("RFC 5346 4.1.2 A: no sip, "
		    "sips or h323 URI"), has, ttl);
	}
	return 0;
}

/*
 * The next question the verdict needs, in *q: a host's records, or under
 * -v the SOA of the number's zone; 0 when the verdict is complete.
 */
int
route_next(struct route *rt, struct route_query *q)
{
	if (!rt->decided && walk(rt, q))
		return 1;
	if (rt->soa == 0 && rt->res->domain != NULL) {
		memset(q, 0, sizeof(*q));
		if (dname_from_str(rt->res->domain, &q->name) == 0) {
			q->qtype = QTYPE_SOA;
			rt->soa = 1;
			return 1;
		}
	}
	rt->soa = 2;
	return 0;
}

/* Take the answer to the question route_next asked. */
void
route_answer(struct route *rt, const struct host_answer *a)
{
	if (rt->soa == 1) {
		rt->soa = 2;
		if (a->soa != NULL) {
			rt->v.has_zone = 1;
			rt->v.zone = *a->soa;
		}
		return;
	}
	if (rt->rs != NULL)
		resolve_answer(rt->rs, a);
}

/* The verdict; complete once route_next has returned 0. */
const struct verdict *
route_verdict(const struct route *rt)
{
	return &rt->v;
}
