/* SPDX-License-Identifier: ISC */
/* enumq: --expect: each result against its expectation, the differences out, the summary. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"

#define LIT(lb, s)	lb_put((lb), (s), sizeof(s) - 1)

/*
 * A URI of either side as compared.  Its ranks lo-hi are the positions
 * of its tie (URIs of equal ORDER and PREFERENCE from one owner, whose
 * order is the server's), lo == hi when it has none or is not known.
 */
struct item {
	struct span	 uri;
	struct span	*es;		/* Enumservices */
	size_t		 nes;
	int		 has_es;	/* known: compared */
	int		 order;		/* -1: not known */
	int		 preference;
	const char	*owner;		/* NULL: not known */
	size_t		 lo, hi;
	int		 matched;	/* paired with one of the other side */
};

/* One comparison: both sides and what differs. */
struct cmp {
	struct item	*exp, *got;
	size_t		 nexp, ngot;
	size_t		*sorted;	/* got's indices by URI, then rank */
	int		 ranked;	/* the expectation knows its ties */
	struct bytes	*diff;		/* one line each */
	size_t		 ndiff;
};

struct expect_report {
	const struct options *opt;
	const struct expectations *x;
	FILE		*fp;
	size_t		 next;		/* the expectation of the next result */
	size_t		 matched;
	size_t		 differed;
};

static void
sb_rank(struct sbuf *sb, const struct item *it)
{
	if (it->lo == it->hi)
		sb_printf(sb, "rank %zu", it->lo);
	else
		sb_printf(sb, "rank %zu-%zu", it->lo, it->hi);
}

static void
sb_es(struct sbuf *sb, const struct item *it)
{
	size_t i;

	if (it->nes == 0)
		sb_put(sb, "none", 4);
	for (i = 0; i < it->nes; i++) {
		if (i > 0)
			sb_put(sb, ",", 1);
		sb_put(sb, it->es[i].p, it->es[i].len);
	}
}

/* A difference begins with its URI: "sip:a@example.com: ". */
static struct sbuf
diff_uri(const struct item *it)
{
	struct sbuf sb = { NULL, 0, 0 };

	sb_put(&sb, it->uri.p, it->uri.len);
	sb_put(&sb, ": ", 2);
	return sb;
}

static void
diff_add(struct cmp *c, struct sbuf *sb)
{
	c->diff = xgrow(c->diff, c->ndiff, sizeof(*c->diff));
	c->diff[c->ndiff].p = sb->p;
	c->diff[c->ndiff++].len = sb->len;
}

static int
owner_equal(const char *a, const char *b)
{
	return a == NULL || b == NULL || strcasecmp(a, b) == 0;
}

/* Each item's ranks: ties when ranked, else its position alone. */
static void
set_ranks(struct item *v, size_t n, int ranked)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (!ranked || i == 0 || v[i].order != v[i - 1].order ||
		    v[i].preference != v[i - 1].preference ||
		    !owner_equal(v[i].owner, v[i - 1].owner))
			start = i;
		v[i].lo = start + 1;
	}
	/* from the end: each tie's last position */
	for (i = n; i-- > 0;)
		v[i].hi = i + 1 < n && v[i + 1].lo == v[i].lo ? v[i + 1].hi :
		    i + 1;
}

static int
span_cmp(const struct span *a, const struct span *b)
{
	int d = memcmp(a->p, b->p, a->len < b->len ? a->len : b->len);

	return d != 0 ? d : (a->len > b->len) - (a->len < b->len);
}

/* The got URIs by their bytes, then by rank: for qsort_r. */
static int
by_uri(const void *a, const void *b, void *arg)
{
	const struct item *got = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int d = span_cmp(&got[i].uri, &got[j].uri);

	return d != 0 ? d : (i > j) - (i < j);
}

static void
items_got(struct cmp *c, const struct result *res)
{
	const struct record *r;
	struct item *it;
	size_t i, k;

	c->ngot = res->nuris;
	c->got = xcalloc(c->ngot + 1, sizeof(*c->got));
	for (i = 0; i < c->ngot; i++) {
		r = &res->records[res->uris[i].rec];
		it = &c->got[i];
		it->uri.p = r->result.p;
		it->uri.len = r->result.len;
		it->has_es = 1;
		it->nes = r->es.n;
		it->es = xcalloc(it->nes + 1, sizeof(*it->es));
		for (k = 0; k < it->nes; k++) {
			it->es[k].p = r->es.v[k];
			it->es[k].len = strlen(r->es.v[k]);
		}
		it->order = r->order;
		it->preference = r->preference;
		it->owner = r->owner;
	}
	set_ranks(c->got, c->ngot, 1);
	c->sorted = xcalloc(c->ngot + 1, sizeof(*c->sorted));
	for (i = 0; i < c->ngot; i++)
		c->sorted[i] = i;
	qsort_r(c->sorted, c->ngot, sizeof(*c->sorted), by_uri, c->got);
}

static void
items_expected(struct cmp *c, const struct expectation *e)
{
	const struct expect_uri *u;
	struct item *it;
	size_t i, k;

	c->nexp = e->nuris;
	c->ranked = e->ranked;
	c->exp = xcalloc(c->nexp + 1, sizeof(*c->exp));
	for (i = 0; i < c->nexp; i++) {
		u = &e->uris[i];
		it = &c->exp[i];
		it->uri.p = u->uri.p;
		it->uri.len = u->uri.len;
		it->has_es = u->has_es;
		it->nes = u->nes;
		it->es = xcalloc(it->nes + 1, sizeof(*it->es));
		for (k = 0; k < it->nes; k++) {
			it->es[k].p = u->es[k].p;
			it->es[k].len = u->es[k].len;
		}
		it->order = u->order;
		it->preference = u->preference;
		it->owner = u->owner;
	}
	set_ranks(c->exp, c->nexp, e->ranked);
}

static int
span_equal(const struct span *a, const struct span *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/*
 * Is the got URI where the expectation puts it?  With the expectation's
 * own ties known, the same ranks; without (the plain form), its position
 * anywhere in the got URI's tie.
 */
static int
rank_ok(const struct cmp *c, const struct item *e, const struct item *g)
{
	if (c->ranked)
		return e->lo == g->lo && e->hi == g->hi;
	return g->lo <= e->lo && e->lo <= g->hi;
}

static int
es_equal(const struct item *e, const struct item *g)
{
	size_t i;

	if (!e->has_es)
		return 1;
	if (e->nes != g->nes)
		return 0;
	for (i = 0; i < e->nes; i++)
		if (!span_equal(&e->es[i], &g->es[i]))
			return 0;
	return 1;
}

/*
 * The got URI an expected one pairs with: the same URI, where expected
 * if any is, else the first not paired yet; NULL when none is left.  The
 * got URIs are looked for in c->sorted, so that a long answer against a
 * long expectation is not compared URI by URI.
 */
static struct item *
pair(struct cmp *c, const struct item *e)
{
	struct item *g, *any = NULL;
	size_t lo = 0, hi = c->ngot, mid, i;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (span_cmp(&c->got[c->sorted[mid]].uri, &e->uri) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < c->ngot; i++) {
		g = &c->got[c->sorted[i]];
		if (!span_equal(&g->uri, &e->uri))
			break;
		if (g->matched)
			continue;
		if (rank_ok(c, e, g))
			return g;
		if (any == NULL)
			any = g;
	}
	return any;
}

/* Compare: the status, then each URI, by its bytes, ranks and Enumservices. */
static void
compare(struct cmp *c, const struct expectation *x, const struct result *res)
{
	struct sbuf sb;
	struct item *e, *g;
	size_t i;

	if (x->status != res->status) {
		sb = (struct sbuf){ NULL, 0, 0 };
		sb_printf(&sb, "status: expected %s, got %s",
		    status_name(x->status), status_name(res->status));
		diff_add(c, &sb);
	}
	for (i = 0; i < c->nexp; i++) {
		e = &c->exp[i];
		sb = diff_uri(e);
		if ((g = pair(c, e)) == NULL) {
			sb_put(&sb, "expected at ", 12);
			sb_rank(&sb, e);
			sb_put(&sb, ", not got", 9);
			diff_add(c, &sb);
			continue;
		}
		g->matched = e->matched = 1;
		if (!rank_ok(c, e, g)) {
			sb_put(&sb, "expected at ", 12);
			sb_rank(&sb, e);
			sb_put(&sb, ", got at ", 9);
			sb_rank(&sb, g);
			diff_add(c, &sb);
		} else if (!es_equal(e, g)) {
			sb_put(&sb, "Enumservices expected ", 22);
			sb_es(&sb, e);
			sb_put(&sb, ", got ", 6);
			sb_es(&sb, g);
			diff_add(c, &sb);
		} else
			free(sb.p);
	}
	for (i = 0; i < c->ngot; i++) {
		if (c->got[i].matched)
			continue;
		sb = diff_uri(&c->got[i]);
		sb_put(&sb, "got at ", 7);
		sb_rank(&sb, &c->got[i]);
		sb_put(&sb, ", not expected", 14);
		diff_add(c, &sb);
	}
}

static void
cmp_free(struct cmp *c)
{
	size_t i;

	for (i = 0; i < c->nexp; i++)
		free(c->exp[i].es);
	for (i = 0; i < c->ngot; i++)
		free(c->got[i].es);
	for (i = 0; i < c->ndiff; i++)
		free(c->diff[i].p);
	free(c->exp);
	free(c->got);
	free(c->sorted);
	free(c->diff);
}

/*
 * Text and shell list URIs apart by spaces: a space in one is escaped
 * as the plain form reads it back (\032 in text, \x20 in shell).
 */
static void
put_uri_list(FILE *fp, const struct item *v, size_t n, enum format f)
{
	const char *p, *end, *sp;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0 || f == FMT_TEXT)
			fputc(' ', fp);
		for (p = v[i].uri.p, end = p + v[i].uri.len; p < end; p = sp + 1) {
			if ((sp = memchr(p, ' ', end - p)) == NULL)
				sp = end;
			if (f == FMT_TEXT)
				esc_text(fp, p, sp - p);
			else
				esc_shell(fp, p, sp - p);
			if (sp < end)
				fputs(f == FMT_TEXT ? "\\032" : "\\x20", fp);
		}
	}
}

/*
 * Text, diff-like: "- " the expectation and "+ " what came, both in the
 * plain form (so that a "+ " line is a new expectation), then "! " each
 * difference with the expectation's file and line.
 */
static void
text_differs(struct expect_report *er, const struct cmp *c,
    const struct expectation *x, const struct result *res)
{
	FILE *fp = er->fp;
	size_t i;

	fprintf(fp, "- %s %s", res->number.aus, status_name(x->status));
	put_uri_list(fp, c->exp, c->nexp, FMT_TEXT);
	fprintf(fp, "\n+ %s %s", res->number.aus, status_name(res->status));
	put_uri_list(fp, c->got, c->ngot, FMT_TEXT);
	fputc('\n', fp);
	for (i = 0; i < c->ndiff; i++) {
		fputs("! ", fp);
		esc_text(fp, er->x->file, strlen(er->x->file));
		fprintf(fp, ":%u: ", x->line);
		esc_text(fp, c->diff[i].p, c->diff[i].len);
		fputc('\n', fp);
	}
}

/*
 * Shell: one line per differing number: number, line, expected status,
 * got status, expected URIs, got URIs (apart by spaces), differences
 * (apart by "; ").
 */
static void
shell_differs(struct expect_report *er, const struct cmp *c,
    const struct expectation *x, const struct result *res)
{
	FILE *fp = er->fp;
	size_t i;

	fprintf(fp, "%s\t%u\t%s\t%s\t", res->number.aus, x->line,
	    status_name(x->status), status_name(res->status));
	put_uri_list(fp, c->exp, c->nexp, FMT_SHELL);
	fputc('\t', fp);
	put_uri_list(fp, c->got, c->ngot, FMT_SHELL);
	fputc('\t', fp);
	for (i = 0; i < c->ndiff; i++) {
		if (i > 0)
			fputs("; ", fp);
		esc_shell(fp, c->diff[i].p, c->diff[i].len);
	}
	fputc('\n', fp);
}

/* A number, or null for a negative one (not known). */
static void
json_uint_or_null(struct linebuf *lb, long long v)
{
	if (v < 0)
		LIT(lb, "null");
	else
		json_uint(lb, (size_t)v);
}

static void
json_span(struct linebuf *lb, const struct span *s)
{
	LIT(lb, "\"");
	esc_json(lb, s->p, s->len);
	LIT(lb, "\"");
}

/* {"status": ..., "uris": [{"rank", "order", "preference", "enumservices", "uri"}]} */
static void
json_side(struct linebuf *lb, enum status st, const struct item *v, size_t n)
{
	size_t i, k;

	LIT(lb, "{\"status\":");
	esc_json_str(lb, status_name(st));
	LIT(lb, ",\"uris\":[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			LIT(lb, ",");
		LIT(lb, "{\"rank\":");
		json_uint_or_null(lb, i + 1);
		LIT(lb, ",\"order\":");
		json_uint_or_null(lb, v[i].order);
		LIT(lb, ",\"preference\":");
		json_uint_or_null(lb, v[i].preference);
		LIT(lb, ",\"enumservices\":");
		if (!v[i].has_es)
			LIT(lb, "null");
		else {
			LIT(lb, "[");
			for (k = 0; k < v[i].nes; k++) {
				if (k > 0)
					LIT(lb, ",");
				json_span(lb, &v[i].es[k]);
			}
			LIT(lb, "]");
		}
		LIT(lb, ",\"uri\":");
		json_span(lb, &v[i].uri);
		LIT(lb, "}");
	}
	LIT(lb, "]}");
}

/* JSON: one object per differing number. */
static void
json_differs(struct expect_report *er, const struct cmp *c,
    const struct expectation *x, const struct result *res)
{
	struct linebuf line = { .fp = er->fp }, *lb = &line;
	struct span d;
	size_t i;

	LIT(lb, "{\"number\":");
	esc_json_str(lb, res->number.aus);
	LIT(lb, ",\"line\":");
	json_uint_or_null(lb, x->line);
	LIT(lb, ",\"match\":false,\"expected\":");
	json_side(lb, x->status, c->exp, c->nexp);
	LIT(lb, ",\"got\":");
	json_side(lb, res->status, c->got, c->ngot);
	LIT(lb, ",\"differences\":[");
	for (i = 0; i < c->ndiff; i++) {
		if (i > 0)
			LIT(lb, ",");
		d.p = c->diff[i].p;
		d.len = c->diff[i].len;
		json_span(lb, &d);
	}
	LIT(lb, "]}\n");
	lb_flush(lb);
}

/*
 * batch_run's check: the result of the next expectation (the batch keeps
 * input order) compared, and written when it differs; -1 when the output
 * fails.
 */
static int
expect_check(void *arg, const struct result *res)
{
	struct expect_report *er = arg;
	const struct expectation *x = &er->x->v[er->next++];
	struct cmp c;

	memset(&c, 0, sizeof(c));
	items_expected(&c, x);
	items_got(&c, res);
	compare(&c, x, res);
	if (c.ndiff == 0)
		er->matched++;
	else {
		er->differed++;
		if (!er->opt->quiet) {
			if (er->opt->format == FMT_JSON)
				json_differs(er, &c, x, res);
			else if (er->opt->format == FMT_SHELL)
				shell_differs(er, &c, x, res);
			else
				text_differs(er, &c, x, res);
		}
	}
	cmp_free(&c);
	return ferror(er->fp) ? -1 : 0;
}

/*
 * The summary: text on stdout after the differences (as dig ends with
 * its statistics), JSON as a last object as --lint's, shell on stderr so
 * that stdout holds only lines to read.
 */
static void
summary(const struct expect_report *er)
{
	struct linebuf line = { .fp = er->fp }, *lb = &line;
	size_t n = er->matched + er->differed;
	FILE *fp = er->opt->format == FMT_SHELL ? stderr : er->fp;

	if (er->opt->quiet)
		return;
	if (er->opt->format != FMT_JSON) {
		fprintf(fp, "%s%zu number%s expected: %zu matched, %zu "
		    "differed\n", fp == stderr ? "enumq: " : "", n,
		    n == 1 ? "" : "s", er->matched, er->differed);
		return;
	}
	LIT(lb, "{\"summary\":{\"numbers\":");
	json_uint_or_null(lb, n);
	LIT(lb, ",\"matched\":");
	json_uint_or_null(lb, er->matched);
	LIT(lb, ",\"differed\":");
	json_uint_or_null(lb, er->differed);
	LIT(lb, "}}\n");
	lb_flush(lb);
}

/*
 * --expect: look up each expectation's number through the batch (the
 * network or the zones, every option applied), compare, write the
 * differences and the summary.  Returns 0 when everything matched, 1
 * when anything differed; *werr is set when stdout fails.
 */
int
expect_run(const struct options *opt, struct dns *dns,
    const struct zone *zone, const struct expectations *x, int *werr)
{
	struct expect_report er = { opt, x, stdout, 0, 0, 0 };
	struct input *in;
	char **argv, *errstr = NULL;
	size_t i;

	argv = xcalloc(x->n + 1, sizeof(*argv));
	for (i = 0; i < x->n; i++)
		argv[i] = x->v[i].number;
	if ((in = input_open(argv, (int)x->n, NULL, 0, &errstr)) == NULL)
		util_fatal(errstr);	/* no file to open: cannot fail */
	batch_run(opt, dns, zone, in, expect_check, &er, werr);
	summary(&er);
	if (ferror(stdout))
		*werr = 1;
	input_close(in);
	free(argv);
	return er.differed > 0 ? 1 : 0;
}
