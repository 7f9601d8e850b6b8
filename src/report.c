/* SPDX-License-Identifier: ISC */
/* enumq: what a batch reports besides results: counts, progress, the summary. */

#include <unistd.h>

#include "enumq.h"

/* Start counting: the progress line only on a terminal, never with -q or -v. */
void
report_start(struct tally *t, const struct options *opt)
{
	memset(t, 0, sizeof(*t));
	t->start = t->shown = util_now_ms();
	t->progress = !opt->quiet && !opt->verbose && isatty(STDERR_FILENO);
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
	if (res->status == ST_INVALID)
		report_invalid(err, res->input.p, res->input.len,
		    res->input_size, res->error);
	else if (res->number.note != NULL)
		report_note(err, res->input.p, res->input.len,
		    res->input_size, &res->number);
	/* --lint writes findings, not results */
	if (opt->quiet || opt->lint)
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
	fprintf(stderr, "\r\033[Kenumq: %zu done, %.0f/s, %zu failed",
	    t->done, t->done * 1000 / (now - t->start),
	    t->n[ST_ERROR] + t->n[ST_INVALID]);
}

/* The batch is over: erase the progress line; the --verbose summary. */
void
report_finish(const struct tally *t, const struct options *opt)
{
	double s = (util_now_ms() - t->start) / 1000;

	if (t->progress)
		fputs("\r\033[K", stderr);
	if (!opt->verbose)
		return;
	util_trace("%zu numbers in %.3f s (%.0f/s): %zu ok, %zu nodata, "
	    "%zu nxdomain, %zu error, %zu invalid", t->done, s,
	    s > 0 ? t->done / s : 0, t->n[ST_OK], t->n[ST_NODATA],
	    t->n[ST_NXDOMAIN], t->n[ST_ERROR], t->n[ST_INVALID]);
}
