/* SPDX-License-Identifier: ISC */
/* enumq: what a batch reports besides results: counts, progress, the --stats summary. */

#include <unistd.h>

#include "enumq.h"

/* enum dns_fail's kinds, as the summary names them */
static const char *const fail_name[FAIL_KINDS] = {
	[FAIL_TIMEOUT] = "timeout",
	[FAIL_NETWORK] = "network error",
	[FAIL_MALFORMED] = "malformed reply",
	[FAIL_ANSWER] = "unusable reply",
	[FAIL_REFERRAL] = "referral",
	[FAIL_FORMERR] = "FORMERR",
	[FAIL_SERVFAIL] = "SERVFAIL",
	[FAIL_NOTIMP] = "NOTIMP",
	[FAIL_REFUSED] = "REFUSED",
	[FAIL_RCODE] = "other rcode",
};

/*
 * Start counting: the progress line only on a terminal, never with -q or
 * -v, with the total when the input's size is known (input_count reads
 * the files once: only then); the summary's counts with --stats or -v.
 */
void
report_start(struct tally *t, const struct options *opt,
    const struct input *in)
{
	memset(t, 0, sizeof(*t));
	t->start = t->shown = util_now_ms();
	t->progress = !opt->quiet && !opt->verbose && isatty(STDERR_FILENO);
	t->stats = opt->stats || opt->verbose;
	if (t->progress && input_count(in, &t->total) == -1)
		t->total = 0;
}

/*
 * The one-line error for an input that is not a number, the input
 * escaped and a long one cut (esc_text_input).
 */
void
report_invalid(FILE *err, const char *input, size_t len, size_t size,
    const char *why)
{
	fputs("enumq: ", err);
	esc_text_input(err, input, len, size);
	fprintf(err, ": %s\n", why);
}

/* How an input was read, when it says more than the AUS: one line. */
void
report_note(FILE *err, const char *input, size_t len, size_t size,
    const struct number *n)
{
	fputs("enumq: ", err);
	esc_text_input(err, input, len, size);
	fprintf(err, ": read as %s, %s\n", n->aus, n->note);
}

/* Seconds as "m:ss", or "h:mm:ss" from an hour on. */
static void
put_duration(FILE *fp, double s)
{
	long long n = s < 0 ? 0 : s > 1e9 ? 1000000000 : (long long)(s + 0.5);

	if (n >= 3600)
		fprintf(fp, "%lld:%02lld:%02lld", n / 3600, n / 60 % 60,
		    n % 60);
	else
		fprintf(fp, "%lld:%02lld", n / 60, n % 60);
}

/*
 * The progress line's counts: done (of the total when it is known),
 * numbers a second, failures; elapsed, the time for the rest at the rate
 * so far, or with last the time it took.
 */
static void
put_progress(const struct tally *t, double now, int last)
{
	double s = (now - t->start) / 1000;

	fputs("\r\033[Kenumq: ", stderr);
	if (t->total >= t->done && t->total > 0)
		fprintf(stderr, "%zu/%zu", t->done, t->total);
	else
		fprintf(stderr, "%zu", t->done);
	fputs(" done", stderr);
	if (last) {
		fputs(" in ", stderr);
		put_duration(stderr, s);
	}
	fprintf(stderr, ", %.0f/s, %zu failed", s > 0 ? t->done / s : 0,
	    t->n[ST_ERROR] + t->n[ST_INVALID]);
	if (last)
		fputc('\n', stderr);
	else if (t->total > t->done && t->done > 0) {
		fputs(", ETA ", stderr);
		put_duration(stderr, s * (t->total - t->done) / t->done);
	}
}

/* Count the records of res that were discarded, by reason. */
static void
count_discards(struct tally *t, const struct result *res)
{
	const char *reason;
	size_t i, j;

	for (i = 0; i < res->nrecords; i++) {
		if (!naptr_discarded(&res->records[i]))
			continue;
		t->discarded++;
		reason = res->records[i].reason;
		for (j = 0; j < t->nreason; j++)
			if (strcmp(t->reason[j].reason, reason) == 0)
				break;
		/* the reasons are the code's own, fewer than REASONS_MAX */
		if (j == REASONS_MAX) {
			j = REASONS_MAX - 1;
			t->reason[j].reason = "other";
		} else if (j == t->nreason)
			t->reason[t->nreason++].reason = reason;
		t->reason[j].n++;
	}
}

/*
 * Count a finished number and print its result to out (its error to
 * err); returns -1 when out fails.
 */
int
report_emit(struct tally *t, FILE *out, FILE *err, const struct options *opt,
    const struct result *res)
{
	t->n[res->status]++;
	t->done++;
	if (res->status > t->worst && !opt->route)
		t->worst = res->status;
	/* --route: the exit status is the verdict's (enum action) */
	if (opt->route && res->verdict != NULL &&
	    (int)res->verdict->action > (int)t->worst)
		t->worst = (enum status)res->verdict->action;
	if (t->stats && res->discarded > 0)
		count_discards(t, res);
	/* a message to err takes the progress line's place, redrawn below it */
	if (t->drawn && (res->status == ST_INVALID ||
	    res->number.note != NULL))
		fputs("\r\033[K", err);
	if (res->status == ST_INVALID)
		report_invalid(err, res->input.p, res->input.len,
		    res->input_size, res->error);
	else if (res->number.note != NULL)
		report_note(err, res->input.p, res->input.len,
		    res->input_size, &res->number);
	if (t->drawn && (res->status == ST_INVALID ||
	    res->number.note != NULL))
		put_progress(t, util_now_ms(), 0);
	/* --lint writes findings, --expect differences, not results */
	if (opt->quiet || opt->lint || opt->expect != NULL)
		return 0;
	/*
	 * The shell format's columns have no room for it (a read of seven
	 * fields would take an eighth into the URI): the count of records
	 * discarded goes to err, where text and JSON carry it in the result.
	 */
	if (opt->format == FMT_SHELL && !opt->verbose && res->discarded > 0)
		fprintf(err, "enumq: %s: %zu record%s discarded (-v shows "
		    "why)\n", res->number.aus, res->discarded,
		    res->discarded == 1 ? "" : "s");
	return output_result(out, res, opt);
}

/* Redraw the progress line at most once a second. */
void
report_progress(struct tally *t)
{
	double now = util_now_ms();

	if (!t->progress || now - t->shown < 1000)
		return;
	t->shown = now;
	t->drawn = 1;
	put_progress(t, now, 0);
}

/* Per second over s seconds. */
static double
per_second(size_t n, double s)
{
	return s > 0 ? n / s : 0;
}

/* The engine's lines: queries, and each server's answers and failures. */
static void
stat_network(const struct dns_stats *ds, double s)
{
	const struct dns_server_stats *ss;
	size_t i, k, nfail;

	fprintf(stderr, ";; queries: %zu sent (%.0f/s), %zu over TCP, for %zu "
	    "names; %zu retries, %zu truncated, %zu retried over TCP after "
	    "truncation, %zu timed out\n", ds->sent, per_second(ds->sent, s),
	    ds->sent_tcp, ds->queries, ds->retries, ds->truncated,
	    ds->tcp_fallback, ds->timeouts);
	for (i = 0; i < ds->nserver; i++) {
		ss = &ds->server[i];
		fputs(";; server ", stderr);
		esc_text(stderr, ss->name, strlen(ss->name));
		fprintf(stderr, ": %zu sent, %zu answered", ss->sent,
		    ss->answered);
		for (k = nfail = 0; k < FAIL_KINDS; k++)
			if (ss->fail[k] > 0)
				fprintf(stderr, "%s%zu %s", nfail++ == 0 ?
				    "; failed: " : ", ", ss->fail[k],
				    fail_name[k]);
		fputs(nfail == 0 ? ", no failures\n" : "\n", stderr);
	}
}

/*
 * The batch is over: the progress line's last state left on its line (when
 * it was drawn); with --stats or -v the summary: numbers by status, the
 * queries (ds: the engine's counts, NULL with -z), records discarded.
 */
void
report_finish(const struct tally *t, const struct options *opt,
    const struct dns_stats *ds)
{
	double s = (util_now_ms() - t->start) / 1000;
	size_t i;

	if (t->drawn)
		put_progress(t, util_now_ms(), 1);
	if (!t->stats)
		return;
	fprintf(stderr, ";; %zu numbers in %.3f s (%.0f/s): %zu ok, %zu "
	    "nodata, %zu nxdomain, %zu error, %zu invalid\n", t->done, s,
	    per_second(t->done, s), t->n[ST_OK], t->n[ST_NODATA],
	    t->n[ST_NXDOMAIN], t->n[ST_ERROR], t->n[ST_INVALID]);
	if (ds != NULL)
		stat_network(ds, s);
	else
		fprintf(stderr, ";; queries: %zu answered by the zone files "
		    "(%.0f/s); no network: none sent, retried, truncated or "
		    "timed out\n",
		    t->zone_queries, per_second(t->zone_queries, s));
	fprintf(stderr, ";; records discarded: %zu", t->discarded);
	for (i = 0; i < t->nreason; i++)
		fprintf(stderr, "%s%zu %s", i == 0 ? " (" : ", ",
		    t->reason[i].n, t->reason[i].reason);
	fputs(t->nreason > 0 ? ")\n" : "\n", stderr);
}
