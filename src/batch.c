/* SPDX-License-Identifier: ISC */
/* enumq: numbers from arguments and files through the DNS, results in input order. */

#include <err.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
on_reply(void *arg, const struct dns_reply *reply)
{
	struct slot *s = arg;

	lookup_answer(s->lookup, reply);
	slot_step(s);
}

static void
slot_step(struct slot *s)
{
	const ldns_rdf *name;

	if ((name = lookup_next(s->lookup)) != NULL)
		dns_query(s->dns, name, on_reply, s);
	else
		s->done = 1;
}

/* The one-line error for an input that is not a number, the input escaped. */
static void
warn_invalid(FILE *err, const char *input, size_t len, const char *why)
{
	fputs("enumq: ", err);
	esc_text(err, input, len);
	fprintf(err, ": %s\n", why);
}

/* Report a finished number to out and err; returns -1 when out fails. */
int
emit(FILE *out, FILE *err, const struct options *opt, const struct result *res)
{
	if (res->status == ST_INVALID)
		warn_invalid(err, res->input.p, res->input.len, res->error);
	if (opt->quiet)
		return 0;
	return output_result(out, res, opt);
}

/* The next number, reading (and waiting) for more when none is at hand. */
static const char *
next_blocking(struct input *in, size_t *len)
{
	const char *line;

	while ((line = input_next(in, len)) == NULL && !input_done(in))
		input_fill(in);
	return line;
}

/* --name: the domains of each number, one per tree, nothing queried. */
static enum status
names_run(const struct options *opt, struct input *in)
{
	struct number n;
	enum status worst = ST_OK;
	const char *line, *why;
	char *domain;
	ldns_rdf *d;
	size_t len, i;

	while ((line = next_blocking(in, &len)) != NULL) {
		if ((why = e164_parse(line, len, &n)) != NULL) {
			warn_invalid(stderr, line, len, why);
			worst = ST_INVALID;
			continue;
		}
		for (i = 0; i < (opt->ntree > 0 ? opt->ntree : 1); i++) {
			domain = e164_domain(&n, e164_tree(&n, opt->tree,
			    opt->ntree, i), opt->infrastructure);
			if ((d = ldns_dname_new_frm_str(domain)) == NULL) {
				warnx("%s: %s: not a domain name (too long)",
				    n.aus, domain);
				if (worst < ST_ERROR)
					worst = ST_ERROR;
			} else if (!opt->quiet)
				printf("%s\n", domain);
			ldns_rdf_deep_free(d);
			free(domain);
		}
	}
	return worst;
}

/* Redraw the progress line at most once a second. */
void
progress(struct tally *t, int final)
{
	double now = now_ms();

	if (!t->progress || (!final && now - t->shown < 1000))
		return;
	t->shown = now;
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	fprintf(stderr, "\r\033[Kenumq: %zu done, %.0f/s, %zu failed",
	    t->done, t->done * 1000 / (now - t->start),
	    t->n[ST_ERROR] + t->n[ST_INVALID]);
}

/* The --verbose summary of statuses. */
static void
summary(const struct tally *t)
{
	double s = (now_ms() - t->start) / 1000;

	trace("%zu numbers in %.3f s (%.0f/s): %zu ok, %zu nodata, "
	    "%zu nxdomain, %zu error, %zu invalid", t->done, s,
	    s > 0 ? t->done / s : 0, t->n[ST_OK], t->n[ST_NODATA],
	    t->n[ST_NXDOMAIN], t->n[ST_ERROR], t->n[ST_INVALID]);
}

/*
 * Look up every number of the input with up to --concurrency lookups in
 * flight, writing each result once it and all before it are complete.
 * Returns the worst status; *werr is set when stdout fails.
 */
enum status
batch_run(const struct options *opt, struct dns *dns, struct input *in,
    int *werr)
{
	struct ddds_cache *cache;
	struct slot *win;
	struct tally t;
	enum status worst = ST_OK;
	const struct result *res;
	const char *line;
	size_t len, head = 0, count = 0, cap = opt->concurrency, i, ncpu;

	*werr = 0;
	if (opt->name_only)
		return names_run(opt, in);
	memset(&t, 0, sizeof(t));
	t.start = t.shown = now_ms();
	t.progress = !opt->quiet && !opt->verbose && isatty(STDERR_FILENO);
	/*
	 * Zone answers need no waiting, only CPU: a thread a CPU.  The
	 * --verbose trace keeps to one, so that its lines stay in order.
	 */
	if (dns_zone(dns) != NULL && !opt->verbose &&
	    (ncpu = cpus_usable()) > 1 &&
	    batch_zone_run(opt, dns_zone(dns), in, ncpu, &t, &worst, werr) == 0) {
		progress(&t, 1);
		return worst;
	}
	cache = ddds_cache_new();
	win = xcalloc(cap, sizeof(*win));
	for (;;) {
		while (count < cap && (line = input_next(in, &len)) != NULL) {
			i = (head + count++) % cap;
			win[i].dns = dns;
			win[i].done = 0;
			win[i].lookup = lookup_new(opt, cache, line, len);
			slot_step(&win[i]);
		}
		while (count > 0 && win[head].done) {
			res = lookup_result(win[head].lookup);
			if (res->status > worst)
				worst = res->status;
			t.n[res->status]++;
			t.done++;
			if (emit(stdout, stderr, opt, res) == -1)
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
		progress(&t, 0);
		if (count == 0)
			input_fill(in);
		else if (dns_run(dns, count < cap ? input_fd(in) : -1))
			input_fill(in);
	}
	progress(&t, 1);
	if (opt->verbose)
		summary(&t);
	free(win);
	ddds_cache_free(cache);
	return worst;
}
