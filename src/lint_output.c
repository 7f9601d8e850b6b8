/* SPDX-License-Identifier: ISC */
/* enumq: --lint's findings out, once each, in three formats; the summary. */

#include <stdlib.h>
#include <string.h>

#include "enumq.h"

#define LIT(lb, s)	lb_put((lb), (s), sizeof(s) - 1)
#define SET_MIN		256	/* a power of two */

/*
 * Byte strings seen, each kept as a 64-bit fingerprint: open addressing,
 * at most half full.  A million findings in a zone cost 16 MB, and two
 * different strings share a fingerprint once in 2^64.
 */
struct set {
	uint64_t	*slot;		/* 0: empty */
	size_t		 nslot;
	size_t		 n;
};

/* How often one code was found. */
struct code_count {
	const char	*code;
	size_t		 n;
};

struct lint_report {
	const struct options *opt;
	FILE		*fp;
	struct set	 seen;		/* the keys of the findings out */
	struct set	 names;		/* numbers given: the names seen, */
	struct set	 records;	/* and the records */
	size_t		 nnames, nnumbers, nrecords;
	size_t		 nsev[SEV_ERROR + 1];
	struct code_count *codes;
	size_t		 ncodes;
	char		*group;		/* text: the heading written last */
	int		 invalid;	/* inputs that are not numbers */
	struct lint_findings lf;	/* numbers given: one's findings */
};

/* FNV-1a, then mixed (splitmix64's finalizer) so every bit counts. */
static uint64_t
fingerprint(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037ull;

	while (len-- > 0)
		h = (h ^ (unsigned char)*p++) * 1099511628211ull;
	h = (h ^ h >> 30) * 0xbf58476d1ce4e5b9ull;
	h = (h ^ h >> 27) * 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h != 0 ? h : 1;
}

/* Add len bytes at p to a set; returns 1 when they were new, 0 if not. */
static int
set_add(struct set *s, const char *p, size_t len)
{
	uint64_t *old = s->slot, f = fingerprint(p, len);
	size_t i, j, oldn = s->nslot;

	if (2 * (s->n + 1) > s->nslot) {
		s->nslot = oldn == 0 ? SET_MIN : 2 * oldn;
		s->slot = xcalloc(s->nslot, sizeof(*s->slot));
		for (i = 0; i < oldn; i++) {
			if (old[i] == 0)
				continue;
			for (j = old[i] & (s->nslot - 1); s->slot[j] != 0;
			    j = (j + 1) & (s->nslot - 1))
				;
			s->slot[j] = old[i];
		}
		free(old);
	}
	for (i = f & (s->nslot - 1); s->slot[i] != 0;
	    i = (i + 1) & (s->nslot - 1))
		if (s->slot[i] == f)
			return 0;
	s->slot[i] = f;
	s->n++;
	return 1;
}

static void
set_free(struct set *s)
{
	free(s->slot);
}

/* Begin a report of findings to fp, in the format opt asks for. */
struct lint_report *
lint_report_new(const struct options *opt, FILE *fp)
{
	struct lint_report *lr = xcalloc(1, sizeof(*lr));

	lr->opt = opt;
	lr->fp = fp;
	return lr;
}

/* Release a report; accepts NULL. */
void
lint_report_free(struct lint_report *lr)
{
	if (lr == NULL)
		return;
	set_free(&lr->seen);
	set_free(&lr->names);
	set_free(&lr->records);
	free(lr->codes);
	free(lr->group);
	lint_findings_free(&lr->lf);
	free(lr);
}

/*
 * Text that lint built (printable ASCII) or a file name from the command
 * line: printable ASCII as is, any other byte as \DDD.
 */
static void
put_plain(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f)
			fputc(*s, fp);
		else
			fprintf(fp, "\\%03u", (unsigned char)*s);
}

/*
 * Text, as a compiler writes it: a heading for each number (or name no
 * number owns), then "file:line: severity: message (RFC) [code]" and the
 * record below it; the owner in place of file:line over the network.
 */
static void
text_finding(struct lint_report *lr, const struct finding *f)
{
	FILE *fp = lr->fp;
	const char *group = f->number != NULL ? f->number : f->owner;

	if (lr->group == NULL || strcmp(lr->group, group) != 0) {
		free(lr->group);
		lr->group = xstrdup(group);
		put_plain(fp, group);
		if (f->number != NULL) {
			fputs(" (", fp);
			put_plain(fp, f->owner);
			fputc(')', fp);
		}
		fputs(":\n", fp);
	}
	if (f->file != NULL) {
		put_plain(fp, f->file);
		fprintf(fp, ":%lu", (unsigned long)f->line);
	} else
		put_plain(fp, f->owner);
	fprintf(fp, ": %s: ", lint_severity_name(f->severity));
	put_plain(fp, f->message);
	fprintf(fp, " (%s) [%s]\n", f->rfc, f->code);
	if (f->record != NULL) {
		fputs("    ", fp);
		put_plain(fp, f->record);
		fputc('\n', fp);
	}
}

/* JSON Lines: one object per finding, the keys the man page lists. */
static void
json_finding(struct lint_report *lr, const struct finding *f)
{
	struct linebuf line = { .fp = lr->fp }, *lb = &line;

	LIT(lb, "{\"severity\":");
	esc_json_str(lb, lint_severity_name(f->severity));
	LIT(lb, ",\"code\":");
	esc_json_str(lb, f->code);
	LIT(lb, ",\"file\":");
	esc_json_str(lb, f->file);
	LIT(lb, ",\"line\":");
	if (f->file != NULL)
		json_uint(lb, f->line);
	else
		LIT(lb, "null");
	LIT(lb, ",\"owner\":");
	esc_json_str(lb, f->owner);
	LIT(lb, ",\"number\":");
	esc_json_str(lb, f->number);
	LIT(lb, ",\"record\":");
	esc_json_str(lb, f->record);
	LIT(lb, ",\"message\":");
	esc_json_str(lb, f->message);
	LIT(lb, ",\"rfc\":");
	esc_json_str(lb, f->rfc);
	LIT(lb, "}\n");
	lb_flush(lb);
}

/* Shell: "file line severity code owner message", tab-separated. */
static void
shell_finding(struct lint_report *lr, const struct finding *f)
{
	FILE *fp = lr->fp;

	if (f->file != NULL) {
		esc_shell(fp, f->file, strlen(f->file));
		fprintf(fp, "\t%lu", (unsigned long)f->line);
	} else
		fputc('\t', fp);
	fprintf(fp, "\t%s\t%s\t", lint_severity_name(f->severity), f->code);
	esc_shell(fp, f->owner, strlen(f->owner));
	fputc('\t', fp);
	esc_shell(fp, f->message, strlen(f->message));
	fputc('\n', fp);
}

static int
code_cmp(const void *x, const void *y)
{
	const struct code_count *a = x, *b = y;

	return strcmp(a->code, b->code);
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Text: the counts, then each code found and how often. */
static void
text_summary(struct lint_report *lr)
{
	FILE *fp = lr->fp;
	size_t i;

	fprintf(fp, "%zu %s, %zu %s, %zu %s: %zu %s, %zu %s, %zu %s\n",
	    lr->nnames, plural(lr->nnames, "name", "names"), lr->nnumbers,
	    plural(lr->nnumbers, "number", "numbers"), lr->nrecords,
	    plural(lr->nrecords, "record", "records"), lr->nsev[SEV_ERROR],
	    plural(lr->nsev[SEV_ERROR], "error", "errors"),
	    lr->nsev[SEV_WARNING], plural(lr->nsev[SEV_WARNING], "warning",
	    "warnings"), lr->nsev[SEV_NOTE], plural(lr->nsev[SEV_NOTE],
	    "note", "notes"));
	for (i = 0; i < lr->ncodes; i++)
		fprintf(fp, "  %s %zu\n", lr->codes[i].code, lr->codes[i].n);
}

static void
json_count(struct linebuf *lb, const char *key, size_t n)
{
	char num[32];

	esc_json_str(lb, key);
	snprintf(num, sizeof(num), ":%zu", n);
	lb_put(lb, num, strlen(num));
}

/* JSON: one last object, {"summary": {...}}. */
static void
json_summary(struct lint_report *lr)
{
	struct linebuf line = { .fp = lr->fp }, *lb = &line;
	size_t i;

	LIT(lb, "{\"summary\":{");
	json_count(lb, "names", lr->nnames);
	LIT(lb, ",");
	json_count(lb, "numbers", lr->nnumbers);
	LIT(lb, ",");
	json_count(lb, "records", lr->nrecords);
	LIT(lb, ",");
	json_count(lb, "errors", lr->nsev[SEV_ERROR]);
	LIT(lb, ",");
	json_count(lb, "warnings", lr->nsev[SEV_WARNING]);
	LIT(lb, ",");
	json_count(lb, "notes", lr->nsev[SEV_NOTE]);
	LIT(lb, ",\"codes\":{");
	for (i = 0; i < lr->ncodes; i++) {
		if (i > 0)
			LIT(lb, ",");
		json_count(lb, lr->codes[i].code, lr->codes[i].n);
	}
	LIT(lb, "}}}\n");
	lb_flush(lb);
}

/* Shell: findings only, no summary line to confuse `read`. */
static void
shell_summary(struct lint_report *lr)
{
}

/* The formats: a finding's writer and the summary's, by format. */
static const struct {
	enum format	 format;
	void		(*finding)(struct lint_report *,
			    const struct finding *);
	void		(*summary)(struct lint_report *);
} formats[] = {
	{ FMT_TEXT, text_finding, text_summary },
	{ FMT_JSON, json_finding, json_summary },
	{ FMT_SHELL, shell_finding, shell_summary },
};

static size_t
format_index(const struct lint_report *lr)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]) - 1; i++)
		if (formats[i].format == lr->opt->format)
			break;
	return i;
}

/*
 * Count and write out each finding not written before (its key); returns
 * -1 when the output fails.
 */
int
lint_report_add(struct lint_report *lr, const struct lint_findings *lf)
{
	const struct finding *f;
	size_t i, j;

	for (i = 0; i < lf->n; i++) {
		f = &lf->v[i];
		if (!set_add(&lr->seen, f->key, strlen(f->key)))
			continue;
		lr->nsev[f->severity]++;
		for (j = 0; j < lr->ncodes; j++)
			if (strcmp(lr->codes[j].code, f->code) == 0)
				break;
		if (j == lr->ncodes) {
			lr->codes = xgrow(lr->codes, lr->ncodes,
			    sizeof(*lr->codes));
			lr->codes[lr->ncodes].code = f->code;
			lr->codes[lr->ncodes++].n = 0;
		}
		lr->codes[j].n++;
		if (!lr->opt->quiet)
			formats[format_index(lr)].finding(lr, f);
	}
	return ferror(lr->fp) ? -1 : 0;
}

/* Add names, numbers and records checked (a zone's, counted by its walk). */
void
lint_report_count(struct lint_report *lr, size_t names, size_t numbers,
    size_t records)
{
	lr->nnames += names;
	lr->nnumbers += numbers;
	lr->nrecords += records;
}

/* Append len bytes, after their length, to a key being built. */
static size_t
key_put(char *key, size_t at, const void *p, size_t len)
{
	memcpy(key + at, &len, sizeof(len));
	if (len > 0)
		memcpy(key + at + sizeof(len), p, len);
	return at + sizeof(len) + len;
}

/* Count a number given: it, and the names and records its lookup saw. */
static void
count_result(struct lint_report *lr, const struct result *res)
{
	const struct record *r;
	uint16_t rank[2];
	char *key;
	size_t i, len;

	lr->nnumbers++;
	for (i = 0; i < res->nrecords; i++) {
		r = &res->records[i];
		lr->nnames += set_add(&lr->names, r->owner, strlen(r->owner));
		rank[0] = r->order;
		rank[1] = r->preference;
		key = xmalloc(6 * sizeof(size_t) + strlen(r->owner) +
		    sizeof(rank) + r->flags.len + r->services.len +
		    r->regexp.len + strlen(r->replacement));
		len = key_put(key, 0, r->owner, strlen(r->owner));
		len = key_put(key, len, rank, sizeof(rank));
		len = key_put(key, len, r->flags.p, r->flags.len);
		len = key_put(key, len, r->services.p, r->services.len);
		len = key_put(key, len, r->regexp.p, r->regexp.len);
		len = key_put(key, len, r->replacement,
		    strlen(r->replacement));
		lr->nrecords += set_add(&lr->records, key, len);
		free(key);
	}
}

/*
 * Check a number given and write out its findings; an input that is not
 * a number (said on stderr already) is an error.  -1 when the output
 * fails.
 */
int
lint_report_check(struct lint_report *lr, const struct result *res)
{
	int rc;

	if (!res->valid) {
		lr->invalid++;
		return 0;
	}
	count_result(lr, res);
	lint_check(&lr->lf, res, LINT_GIVEN, NULL, 0);
	rc = lint_report_add(lr, &lr->lf);
	lint_findings_clear(&lr->lf);
	return rc;
}

/* Write the summary; returns -1 when the output fails. */
int
lint_report_finish(struct lint_report *lr)
{
	if (lr->ncodes > 0)
		qsort(lr->codes, lr->ncodes, sizeof(*lr->codes), code_cmp);
	if (!lr->opt->quiet)
		formats[format_index(lr)].summary(lr);
	return ferror(lr->fp) ? -1 : 0;
}

/* The exit status of --lint: 2 any error, 1 warnings only, else 0. */
int
lint_report_status(const struct lint_report *lr)
{
	if (lr->nsev[SEV_ERROR] > 0 || lr->invalid > 0)
		return 2;
	return lr->nsev[SEV_WARNING] > 0;
}
