/* SPDX-License-Identifier: ISC */
/* enumq: numbers from arguments and files through the DNS or zone files, results in input order. */

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "enumq.h"

/* One number in the window of lookups in flight. */
struct slot {
	struct lookup	*lookup;
	struct dns	*dns;
	int		 done;
};

/* Ask for what the lookup needs next, or mark it done. */
static void slot_step(struct slot *);

static void
on_reply(void *arg, const struct reply *reply)
{
	struct slot *s = arg;

	lookup_answer(s->lookup, reply);
	slot_step(s);
}

static void
slot_step(struct slot *s)
{
	const struct dname *name;

	if ((name = lookup_next(s->lookup)) != NULL)
		dns_query(s->dns, name, on_reply, s);
	else
		s->done = 1;
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

/*
 * A number is done: counted, its result out, or with --lint (lr) checked;
 * -1 when stdout fails.
 */
static int
emit(struct tally *t, const struct options *opt, struct lint_report *lr,
    const struct result *res)
{
	if (report_emit(t, stdout, stderr, opt, res) == -1)
		return -1;
	return lr != NULL ? lint_report_check(lr, res) : 0;
}

/*
 * Zone files answer at once: each number is looked up to the end before
 * the next, its queries answered by the zone store as they come.
 */
static void
zone_batch(const struct options *opt, const struct zone *zone,
    struct input *in, struct tally *t, struct lint_report *lr, int *werr)
{
	struct ddds_cache *cache = ddds_cache_new();
	const struct dname *name;
	struct lookup *lk;
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
			reply_init(&reply, name);
			zone_answer(zone, name, &reply);
			t->zone_queries++;
			lookup_answer(lk, &reply);
			reply_clear(&reply);
		}
		if (emit(t, opt, lr, lookup_result(lk)) == -1)
			*werr = 1;
		lookup_free(lk);
		report_progress(t);
	}
	ddds_cache_free(cache);
}

/*
 * Up to --concurrency lookups in flight on the network, each result
 * written once it and all before it are complete.
 */
static void
network_batch(const struct options *opt, struct dns *dns, struct input *in,
    struct tally *t, struct lint_report *lr, int *werr)
{
	struct ddds_cache *cache = ddds_cache_new();
	struct slot *win;
	const char *line;
	size_t len, size, head = 0, count = 0, cap = opt->concurrency, i;

	win = xcalloc(cap, sizeof(*win));
	for (;;) {
		while (count < cap &&
		    (line = input_next(in, &len, &size)) != NULL) {
			i = (head + count++) % cap;
			win[i].dns = dns;
			win[i].done = 0;
			win[i].lookup = lookup_new(opt, cache, line, len,
			    size);
			slot_step(&win[i]);
		}
		while (count > 0 && win[head].done) {
			if (emit(t, opt, lr, lookup_result(win[head].lookup)) ==
			    -1)
				*werr = 1;
			lookup_free(win[head].lookup);
			win[head].lookup = NULL;
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
	ddds_cache_free(cache);
}

/*
 * Look up every number of the input, from zone when it is not NULL,
 * else through dns; with --lint each result goes to lr.  Returns the
 * worst status; *werr is set when stdout fails.
 */
enum status
batch_run(const struct options *opt, struct dns *dns, const struct zone *zone,
    struct input *in, struct lint_report *lr, int *werr)
{
	struct tally t;

	*werr = 0;
	if (opt->name_only)
		return names_run(opt, in);
	report_start(&t, opt, in);
	if (zone != NULL)
		zone_batch(opt, zone, in, &t, lr, werr);
	else
		network_batch(opt, dns, in, &t, lr, werr);
	report_finish(&t, opt, dns != NULL ? dns_stats(dns) : NULL);
	return t.worst;
}
