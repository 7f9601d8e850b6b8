/* SPDX-License-Identifier: ISC */
/* enumq: numbers from arguments and files through the DNS or zone files, results in input order. */

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

/* One number in the window of lookups in flight. */
struct slot {
	struct lookup	*lookup;
	struct route	*route;		/* --route: after the lookup */
	struct dns	*dns;
	const struct options *opt;
	struct host_cache *hosts;
	int		 done;
};

/* Ask for what the lookup or the route needs next, or mark it done. */
static void slot_step(struct slot *);

static void
on_reply(void *arg, const struct reply *reply)
{
	struct slot *s = arg;

	lookup_answer(s->lookup, reply);
	slot_step(s);
}

/* The SOA query of a route (-v): asked of the ENUM servers, not kept. */
static void
on_soa(void *arg, const struct reply *reply)
{
	struct slot *s = arg;
	struct host_answer a;

	memset(&a, 0, sizeof(a));
	a.name = reply->qname;
	a.qtype = reply->qtype;
	host_answer_take(&a, reply);
	route_answer(s->route, &a);
	host_answer_clear(&a);
	slot_step(s);
}

/* A host answer has come: kept, and handed to each number waiting. */
static void
on_host(void *arg, const struct reply *reply)
{
	struct host_answer *a = arg;
	struct slot *s;
	void **waiter = a->waiter;
	size_t i, n = a->nwaiter;

	host_cache_fill(a, reply);
	a->waiter = NULL;
	a->nwaiter = 0;
	a->pinned = 1;
	for (i = 0; i < n; i++) {
		s = waiter[i];
		route_answer(s->route, a);
	}
	a->pinned = 0;
	for (i = 0; i < n; i++)
		slot_step(waiter[i]);
	free(waiter);
}

/*
 * The next step of --route: 1 when a question is out (or waits for one
 * out already), 0 when the verdict is complete.  Answers at hand go to
 * the route at once.
 */
static int
route_step(struct slot *s)
{
	struct route_query q;
	struct host_answer *a;
	double now = util_now_ms();	/* once a step: several answers a URI */
	int miss;

	if (s->route == NULL)
		s->route = route_new(s->opt, lookup_result(s->lookup));
	while (route_next(s->route, &q)) {
		if (!q.host) {
			dns_query(s->dns, &q.name, q.qtype, 0, on_soa, s);
			return 1;
		}
		a = host_cache_get(s->hosts, &q.name, q.qtype, now, &miss);
		if (a->pending) {
			host_cache_wait(a, s);
			if (miss)
				dns_query(s->dns, &q.name, q.qtype, 1,
				    on_host, a);
			return 1;
		}
		route_answer(s->route, a);
	}
	lookup_verdict(s->lookup, route_verdict(s->route));
	return 0;
}

static void
slot_step(struct slot *s)
{
	const struct dname *name;

	if ((name = lookup_next(s->lookup)) != NULL)
		dns_query(s->dns, name, QTYPE_NAPTR, 0, on_reply, s);
	else if (!s->opt->route || !route_step(s))
		s->done = 1;
}

/* Answer a question from the zones, into an empty reply. */
static void
zone_reply(const struct zone *zone, const struct dname *name, uint16_t qtype,
    struct reply *reply)
{
	reply_init(reply, name, qtype);
	zone_answer(zone, name, reply);
}

/* --route over zone files: every question answered at once. */
static void
zone_route(const struct options *opt, const struct zone *zone,
    struct host_cache *hosts, struct lookup *lk, struct route **out,
    size_t *nquery)
{
	struct route *rt = route_new(opt, lookup_result(lk));
	struct route_query q;
	struct host_answer *a, tmp;
	struct reply reply;
	double now = util_now_ms();	/* once a number: several answers a URI */
	int miss;

	while (route_next(rt, &q)) {
		if (!q.host) {
			zone_reply(zone, &q.name, q.qtype, &reply);
			(*nquery)++;
			memset(&tmp, 0, sizeof(tmp));
			tmp.qtype = q.qtype;
			host_answer_take(&tmp, &reply);
			route_answer(rt, &tmp);
			host_answer_clear(&tmp);
			reply_clear(&reply);
			continue;
		}
		a = host_cache_get(hosts, &q.name, q.qtype, now, &miss);
		if (a->pending) {
			zone_reply(zone, &q.name, q.qtype, &reply);
			(*nquery)++;
			host_cache_fill(a, &reply);
			reply_clear(&reply);
		}
		route_answer(rt, a);
	}
	lookup_verdict(lk, route_verdict(rt));
	*out = rt;
}

/* The next number, reading (and waiting) for more when none is at hand. */
static const char *
next_blocking(struct input *in, size_t *len, size_t *size)
{
	const char *line;

	while ((line = input_next(in, len, size)) == NULL && !input_done(in))
		input_fill(in);
	return line;
}

/* --name: the domains of each number, one per tree, nothing queried. */
static enum status
names_run(const struct options *opt, struct input *in)
{
	struct number n;
	struct dname d;
	enum status worst = ST_OK;
	const char *line, *why;
	char *domain;
	size_t len, size, i;

	while ((line = next_blocking(in, &len, &size)) != NULL) {
		if ((why = e164_parse(line, len, &n)) != NULL) {
			report_invalid(stderr, line, len, size, why);
			worst = ST_INVALID;
			continue;
		}
		if (n.note != NULL)
			report_note(stderr, line, len, size, &n);
		for (i = 0; i < e164_ntrees(&n, opt->ntree); i++) {
			domain = e164_domain(&n, e164_tree(&n, opt->tree,
			    opt->ntree, i), opt->infrastructure);
			if (dname_from_str(domain, &d) == -1) {
				warnx("%s: %s: not a domain name (too long)",
				    n.aus, domain);
				if (worst < ST_ERROR)
					worst = ST_ERROR;
			} else if (!opt->quiet)
				printf("%s\n", domain);
			free(domain);
		}
	}
	return worst;
}

/* Where results go instead of out: --lint's and --expect's checks. */
struct check {
	batch_check_fn	*fn;		/* NULL: results out */
	void		*arg;
};

/*
 * A number is done: counted, its result out, or checked (--lint,
 * --expect); -1 when stdout fails.
 */
static int
emit(struct tally *t, const struct options *opt, const struct check *c,
    const struct result *res)
{
	if (report_emit(t, stdout, stderr, opt, res) == -1)
		return -1;
	return c->fn != NULL ? c->fn(c->arg, res) : 0;
}

/*
 * Zone files answer at once: each number is looked up to the end before
 * the next, its queries answered by the zone store as they come.
 */
static void
zone_batch(const struct options *opt, const struct zone *zone,
    struct input *in, struct tally *t, const struct check *c, int *werr)
{
	struct ddds_cache *cache = ddds_cache_new();
	struct host_cache *hosts = opt->route ? host_cache_new() : NULL;
	const struct dname *name;
	struct lookup *lk;
	struct route *rt = NULL;
	struct reply reply;
	const char *line;
	size_t len, size;

	for (;;) {
		if ((line = input_next(in, &len, &size)) == NULL) {
			if (input_done(in))
				break;
			/* results go out before any wait: a slow pipe sees them */
			if (fflush(stdout) == EOF)
				*werr = 1;
			input_fill(in);
			continue;
		}
		lk = lookup_new(opt, cache, line, len, size);
		while ((name = lookup_next(lk)) != NULL) {
			zone_reply(zone, name, QTYPE_NAPTR, &reply);
			t->zone_queries++;
			lookup_answer(lk, &reply);
			reply_clear(&reply);
		}
		if (opt->route)
			zone_route(opt, zone, hosts, lk, &rt,
			    &t->zone_queries);
		if (emit(t, opt, c, lookup_result(lk)) == -1)
			*werr = 1;
		lookup_free(lk);
		route_free(rt);
		rt = NULL;
		report_progress(t);
	}
	if (hosts != NULL)
		host_cache_counts(hosts, &t->host_asked, &t->host_kept);
	host_cache_free(hosts);
	ddds_cache_free(cache);
}

/*
 * Up to --concurrency lookups in flight on the network, each result
 * written once it and all before it are complete.
 */
static void
network_batch(const struct options *opt, struct dns *dns, struct input *in,
    struct tally *t, const struct check *c, int *werr)
{
	struct ddds_cache *cache = ddds_cache_new();
	struct host_cache *hosts = opt->route ? host_cache_new() : NULL;
	struct slot *win;
	const char *line;
	size_t len, size, head = 0, count = 0, cap = opt->concurrency, i;

	win = xcalloc(cap, sizeof(*win));
	for (;;) {
		while (count < cap &&
		    (line = input_next(in, &len, &size)) != NULL) {
			i = (head + count++) % cap;
			win[i].dns = dns;
			win[i].opt = opt;
			win[i].hosts = hosts;
			win[i].route = NULL;
			win[i].done = 0;
			win[i].lookup = lookup_new(opt, cache, line, len,
			    size);
			slot_step(&win[i]);
		}
		while (count > 0 && win[head].done) {
			if (emit(t, opt, c, lookup_result(win[head].lookup)) ==
			    -1)
				*werr = 1;
			lookup_free(win[head].lookup);
			route_free(win[head].route);
			win[head].lookup = NULL;
			win[head].route = NULL;
			head = (head + 1) % cap;
			count--;
		}
		if (count == 0 && input_done(in))
			break;
		/* results go out before any wait, so a slow pipe sees them */
		if (fflush(stdout) == EOF)
			*werr = 1;
		report_progress(t);
		if (count == 0) {
			dns_idle(dns);	/* no query waits: nor does a connection */
			input_fill(in);
		}
		else if (dns_run(dns, count < cap ? input_fd(in) : -1))
			input_fill(in);
	}
	free(win);
	if (hosts != NULL)
		host_cache_counts(hosts, &t->host_asked, &t->host_kept);
	host_cache_free(hosts);
	ddds_cache_free(cache);
}

/*
 * Look up every number of the input, from zone when it is not NULL,
 * else through dns; each result goes to check_fn (with arg) when it is
 * not NULL.  Returns the worst status; *werr is set when stdout fails.
 */
enum status
batch_run(const struct options *opt, struct dns *dns, const struct zone *zone,
    struct input *in, batch_check_fn *check_fn, void *arg, int *werr)
{
	struct check c = { check_fn, arg };
	struct tally t;

	*werr = 0;
	if (opt->name_only)
		return names_run(opt, in);
	report_start(&t, opt, in);
	if (zone != NULL)
		zone_batch(opt, zone, in, &t, &c, werr);
	else
		network_batch(opt, dns, in, &t, &c, werr);
	report_finish(&t, opt, dns != NULL ? dns_stats(dns) : NULL);
	return t.worst;
}
