/* SPDX-License-Identifier: ISC */
/* enumq fuzzers: invariant checks and set-up shared by the targets. */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

struct ddds_cache *fuzz_cache;

int LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_cache = ddds_cache_new();
	util_trace_on = 0;
	return 0;
}

#define JSON_DEPTH_MAX	64

void
fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz invariant broken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

char *
copy_str(const void *p, size_t len)
{
	char *s = malloc(len + 1);

	if (s == NULL)
		abort();
	if (len > 0)
		memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

int
known_reason(const char *s)
{
	static const char *const reasons[] = {
		"unknown-flags", "not-e2u", "no-enumservice",
		"regexp-and-replacement", "no-regexp", "bad-delimiters",
		"bad-regexp-flags", "bad-regexp", "bad-backref", "no-match",
		"regexp-limit", "regexp-undefined", "not-a-uri", "filtered",
		"scheme-mismatch", "no-replacement", "loop", "query-limit",
		"target-nxdomain", "target-nodata", "target-error"
	};
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(s, reasons[i]) == 0)
			return 1;
	return 0;
}

/* RFC 3986 3.1 scheme, then ':' and at least one printable, safe byte. */
int
safe_uri(const char *p, size_t len)
{
	size_t i;

	if (len == 0 || !isalpha((unsigned char)p[0]))
		return 0;
	for (i = 1; i < len && p[i] != ':'; i++)
		if (!isalnum((unsigned char)p[i]) && strchr("+-.", p[i]) == NULL)
			return 0;
	if (i + 1 >= len)
		return 0;
	for (; i < len; i++)
		if ((unsigned char)p[i] <= 0x20 || (unsigned char)p[i] >= 0x7f ||
		    strchr("\"<>\\^`{|}", p[i]) != NULL)
			return 0;
	return 1;
}

static int
token_lc(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 32)
		return 0;
	for (i = 0; i < len; i++)
		if (!(islower((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

int
valid_enumservice_lc(const char *s)
{
	const char *colon;

	while ((colon = strchr(s, ':')) != NULL) {
		if (!token_lc(s, colon - s))
			return 0;
		s = colon + 1;
	}
	return token_lc(s, strlen(s));
}

int
spec_covers(const char *spec, const char *es)
{
	size_t len = strlen(spec);

	return strncmp(spec, es, len) == 0 && (es[len] == '\0' ||
	    es[len] == ':');
}

static void
check_bytes(const struct bytes *b, const char *what)
{
	if (b->p == NULL)
		fail("%s: NULL", what);
	if (b->p[b->len] != '\0')
		fail("%s: not NUL-terminated at len %zu", what, b->len);
}

void
check_dname(const struct dname *d, const char *what)
{
	size_t at = 0;

	if (d->len < 1 || d->len > DNAME_MAX)
		fail("%s: a name of %zu bytes", what, d->len);
	while (at < d->len - 1) {
		if (d->wire[at] == 0 || d->wire[at] > 63)
			fail("%s: label length %u at %zu", what, d->wire[at],
			    at);
		at += (size_t)d->wire[at] + 1;
	}
	if (at != d->len - 1 || d->wire[at] != 0)
		fail("%s: the labels do not end in the root at %zu", what,
		    d->len - 1);
}

void
check_dname_str(const char *s, const struct dname *d, const char *what)
{
	struct dname back;

	if (s == NULL)
		fail("%s: no presentation form", what);
	if (dname_from_str(s, &back) == -1)
		fail("%s: \"%s\" does not parse back", what, s);
	if (back.len != d->len || memcmp(back.wire, d->wire, d->len) != 0)
		fail("%s: \"%s\" parses back to another name", what, s);
}

/*
 * Does the registry allow es's URI of this scheme?  Read from the table
 * here, apart from naptr.c's lookup: an Enumservice registered, with or
 * without a subtype, allows only the schemes it lists.
 */
static int
registry_allows(const char *es, const char *uri)
{
	const struct enumservice_reg *reg;
	const char *colon = strchr(es, ':'), *p;
	size_t i, tlen = colon ? (size_t)(colon - es) : strlen(es);
	size_t slen = strchr(uri, ':') - uri;
	char *list, *tok, *save;
	int found = 0;

	for (i = 0; i < enumservice_registry_len; i++) {
		reg = &enumservice_registry[i];
		p = colon ? colon + 1 : "";
		if (strlen(reg->type) != tlen ||
		    strncmp(reg->type, es, tlen) != 0 ||
		    strcmp(reg->subtype, p) != 0)
			continue;
		list = copy_str(reg->schemes, strlen(reg->schemes));
		for (tok = strtok_r(list, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save))
			if (strlen(tok) == slen &&
			    strncasecmp(tok, uri, slen) == 0)
				found = 1;
		free(list);
		return found;
	}
	return 1;
}

void
check_record(const struct record *r, const struct filter *f)
{
	size_t i, j;

	check_bytes(&r->flags, "flags");
	check_bytes(&r->services, "services");
	check_bytes(&r->regexp, "regexp");
	if (r->owner == NULL || r->replacement == NULL)
		fail("record without owner or replacement");
	check_dname(&r->next, "replacement");
	check_dname_str(r->replacement, &r->next, "replacement");
	if (r->has_next != (r->next.len > 1))
		fail("has_next %d for replacement %s", r->has_next,
		    r->replacement);
	if (r->reason != NULL && !known_reason(r->reason))
		fail("unknown reason \"%s\"", r->reason);
	if (r->terminal && (r->flags.len != 1 ||
	    tolower((unsigned char)r->flags.p[0]) != 'u'))
		fail("terminal record without the flag u");
	if (!r->terminal && r->flags.len > 0 && (r->reason == NULL ||
	    strcmp(r->reason, "unknown-flags") != 0))
		fail("flags \"%s\" neither u nor empty, reason %s",
		    r->flags.p, r->reason ? r->reason : "NULL");
	if (r->reason != NULL && strcmp(r->reason, "scheme-mismatch") == 0 &&
	    f->n == 0)
		fail("scheme-mismatch without a filter");
	if ((r->reason != NULL || f->n > 0 || !r->terminal) &&
	    r->mismatch != NULL)
		fail("scheme mismatches marked on a record %s",
		    r->reason ? r->reason : "filtered or non-terminal");
	/* a used tel: URI, and only that, is parsed (RFC 3966 3) */
	if (r->tel != NULL && (r->reason != NULL || !r->terminal))
		fail("a tel: parse on a record not used");
	if (r->reason != NULL)
		return;
	if (r->terminal && (r->tel != NULL) != (r->result.len >= 4 &&
	    strncasecmp(r->result.p, "tel:", 4) == 0))
		fail("tel: parse %s for \"%s\"", r->tel ? "made" : "missing",
		    r->result.p);
	if (r->tel != NULL && (r->tel->number == NULL) == (r->tel->why[0] ==
	    '\0'))
		fail("tel: \"%s\": neither parts nor why", r->result.p);
	if (r->result.p == NULL)
		fail("used record without a result");
	check_bytes(&r->result, "result");
	if (!r->terminal) {
		if (!r->has_next)
			fail("used non-terminal without a next name");
		if (strcmp(r->result.p, r->replacement) != 0)
			fail("non-terminal result \"%s\" is not the "
			    "replacement \"%s\"", r->result.p, r->replacement);
		return;
	}
	if (r->regexp.len == 0 || r->has_next)
		fail("used terminal with no regexp or with a replacement");
	if (!safe_uri(r->result.p, r->result.len))
		fail("used terminal with a result that is no safe URI");
	if (r->es.n == 0)
		fail("used terminal without an Enumservice");
	for (i = 0; i < r->es.n; i++) {
		if (!valid_enumservice_lc(r->es.v[i]))
			fail("bad Enumservice \"%s\"", r->es.v[i]);
		if (strncmp(r->es.v[i], "p-", 2) == 0)
			fail("private Enumservice \"%s\" kept", r->es.v[i]);
		/* RFC 6117 5.2.4: marked without a filter, dropped with one */
		if (f->n == 0 && !registry_allows(r->es.v[i], r->result.p) !=
		    (r->mismatch != NULL && r->mismatch[i]))
			fail("%s for %s: scheme mismatch %smarked", r->es.v[i],
			    r->result.p, r->mismatch && r->mismatch[i] ? "" :
			    "not ");
		if (f->n > 0 && !registry_allows(r->es.v[i], r->result.p))
			fail("%s kept by a filter for %s", r->es.v[i],
			    r->result.p);
		if (f->n == 0)
			continue;
		for (j = 0; j < f->n; j++)
			if (spec_covers(f->spec[j], r->es.v[i]))
				break;
		if (j == f->n)
			fail("Enumservice \"%s\" not in the filter", r->es.v[i]);
	}
}

/* A tiny RFC 8259 parser: returns the position after a value, or NULL. */
static const char *json_value(const char *, const char *, int);

static const char *
json_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *
json_string(const char *p, const char *end)
{
	int i;

	if (p >= end || *p++ != '"')
		return NULL;
	while (p < end && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p++ != '\\')
			continue;
		if (p >= end)
			return NULL;
		if (*p == 'u') {
			for (i = 1; i <= 4; i++)
				if (p + i >= end ||
				    !isxdigit((unsigned char)p[i]))
					return NULL;
			p += 5;
		} else if (strchr("\"\\/bfnrt", *p) != NULL && *p != '\0')
			p++;
		else
			return NULL;
	}
	return p < end ? p + 1 : NULL;
}

static const char *
json_number(const char *p, const char *end)
{
	const char *d;

	if (p < end && *p == '-')
		p++;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && isdigit((unsigned char)*p))
			p++;
	else
		return NULL;
	if (p < end && *p == '.') {
		d = ++p;
		while (p < end && isdigit((unsigned char)*p))
			p++;
		if (p == d)
			return NULL;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		d = p;
		while (p < end && isdigit((unsigned char)*p))
			p++;
		if (p == d)
			return NULL;
	}
	return p;
}

static const char *
json_seq(const char *p, const char *end, int depth, char close, int object)
{
	p = json_ws(p + 1, end);
	if (p < end && *p == close)
		return p + 1;
	for (;;) {
		if (object) {
			if ((p = json_string(json_ws(p, end), end)) == NULL)
				return NULL;
			p = json_ws(p, end);
			if (p >= end || *p++ != ':')
				return NULL;
		}
		if ((p = json_value(p, end, depth + 1)) == NULL)
			return NULL;
		p = json_ws(p, end);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		return p < end && *p == close ? p + 1 : NULL;
	}
}

static const char *
json_value(const char *p, const char *end, int depth)
{
	if (depth > JSON_DEPTH_MAX)
		return NULL;
	p = json_ws(p, end);
	if (p >= end)
		return NULL;
	switch (*p) {
	case '{':
		return json_seq(p, end, depth, '}', 1);
	case '[':
		return json_seq(p, end, depth, ']', 0);
	case '"':
		return json_string(p, end);
	case 't':
		return end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
	case 'f':
		return end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 :
		    NULL;
	case 'n':
		return end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
	default:
		return json_number(p, end);
	}
}

/* Lines of printable ASCII (and tabs when allowed), each ending in '\n'. */
static size_t
check_lines(const char *fmt, const char *buf, size_t len, int tabs,
    size_t *ntab_per_line)
{
	size_t i, lines = 0, ntab = 0;
	unsigned char c;

	if (len == 0 || buf[len - 1] != '\n')
		fail("%s output does not end in a newline: %.*s", fmt,
		    (int)len, buf);
	for (i = 0; i < len; i++) {
		c = (unsigned char)buf[i];
		if (c == '\n') {
			if (ntab_per_line != NULL && ntab != *ntab_per_line)
				fail("%s output line %zu has %zu tabs: %.*s",
				    fmt, lines + 1, ntab, (int)len, buf);
			lines++;
			ntab = 0;
		} else if (c == '\t' && tabs)
			ntab++;
		else if (c < 0x20 || c >= 0x7f)
			fail("%s output holds byte 0x%02x at %zu: %.*s", fmt,
			    c, i, (int)len, buf);
	}
	return lines;
}

static char *
run_format(output_fn *fn, const struct result *res,
    const struct options *opt, size_t *len)
{
	char *buf = NULL;
	FILE *fp;
	int rc;

	if ((fp = open_memstream(&buf, len)) == NULL)
		abort();
	rc = fn(fp, res, opt);
	if (fclose(fp) != 0)
		abort();
	if (rc != 0)
		fail("formatter returned %d on a memory stream", rc);
	/* FUZZ_PRINT=1 ./x_fuzzer FILE shows what an input gives */
	if (getenv("FUZZ_PRINT") != NULL)
		fwrite(buf, 1, *len, stderr);
	return buf;
}

void
check_outputs(const struct result *res, const struct options *opt)
{
	char *buf;
	const char *end;
	size_t len, lines, want, i, six = 6;

	buf = run_format(output_text, res, opt, &len);
	lines = check_lines("text", buf, len, 0, NULL);
	if (opt->first && lines != 1)
		fail("text --first printed %zu lines", lines);
	if (opt->first && res->nuris > 0 && (len - 1 !=
	    res->records[res->uris[0].rec].result.len || memcmp(buf,
	    res->records[res->uris[0].rec].result.p, len - 1) != 0))
		fail("text --first is not the best URI: %s", buf);
	free(buf);

	buf = run_format(output_json, res, opt, &len);
	lines = check_lines("json", buf, len, 0, NULL);
	if (lines != 1)
		fail("json printed %zu lines", lines);
	end = json_value(buf, buf + len, 0);
	if (buf[0] != '{' || end == NULL || json_ws(end, buf + len) !=
	    buf + len)
		fail("json output is not one JSON object: %.*s", (int)len,
		    buf);
	free(buf);

	buf = run_format(output_shell, res, opt, &len);
	lines = check_lines("shell", buf, len, 1, &six);
	want = 0;
	for (i = 0; i < res->nuris && (i == 0 || !opt->first); i++)
		want += opt->first ? 1 :
		    res->records[res->uris[i].rec].es.n;
	if (want == 0)
		want = 1;
	if (lines != want)
		fail("shell printed %zu lines, want %zu", lines, want);
	free(buf);
}

void
check_result(const struct result *res, const struct options *opt)
{
	size_t i, used = 0, ntree = opt->ntree > 0 ? opt->ntree : 1;
	const struct tree_result *t;
	const struct record *r;

	if (!res->valid)
		fail("a valid number came back invalid");
	if (res->status > ST_ERROR)
		fail("status %d for a valid number", res->status);
	if (res->ntrees < 1 || res->ntrees > ntree)
		fail("%zu trees tried of %zu", res->ntrees, ntree);
	if (res->tree == NULL || res->domain == NULL)
		fail("no tree or domain in the result");
	/* RFC 5346 4.1: ok exactly when there is a URI to route with */
	if ((res->status == ST_OK) != (res->nuris > 0))
		fail("status %s with %zu URIs", status_name(res->status),
		    res->nuris);
	if (res->status != ST_OK && res->ntrees != ntree)
		fail("status %s after %zu of %zu trees",
		    status_name(res->status), res->ntrees, ntree);
	for (i = 0; i < res->ntrees; i++) {
		t = &res->trees[i];
		if (t->status < res->status)
			fail("tree %zu is %s, the result %s", i,
			    status_name(t->status), status_name(res->status));
		/* an error always says why, and only an error has a why */
		if ((t->status == ST_ERROR) != (t->error != NULL))
			fail("tree %zu is %s with error %s", i,
			    status_name(t->status), t->error ? t->error :
			    "NULL");
	}
	for (i = 0; i < res->nrecords; i++) {
		r = &res->records[i];
		check_record(r, &opt->filter);
		if (r->terminal && r->reason == NULL)
			used++;
	}
	if (used != res->nuris)
		fail("%zu usable terminal records, %zu URIs", used,
		    res->nuris);
	for (i = 0; i < res->nuris; i++) {
		if (res->uris[i].rank != i + 1)
			fail("URI %zu has rank %zu", i, res->uris[i].rank);
		if (res->uris[i].rec >= res->nrecords)
			fail("URI %zu points past the records", i);
		r = &res->records[res->uris[i].rec];
		if (!r->terminal || r->reason != NULL)
			fail("URI %zu from an unusable record", i);
	}
}

/* Numbers and trees a lookup's control byte picks from. */
static const char *const ctl_numbers[] = {
	"+441632960083", "+442079460148", "+12155550123", "1234*256"
};
static const char *const ctl_trees[] = {
	"e164.arpa.", "e164.example.net.", "nrenum.net."
};

const char *
fuzz_options(struct options *opt, int ctl)
{
	size_t i;

	/* as parse_options leaves it */
	memset(opt, 0, sizeof(*opt));
	opt->port = 53;
	opt->timeout_ms = 5000;
	opt->retries = 2;
	opt->concurrency = 64;
	opt->infrastructure = (ctl & 4) != 0;
	opt->first = (ctl & 8) != 0;
	opt->verbose = (ctl & 16) != 0;
	opt->ntree = (ctl >> 5) & 3;
	for (i = 0; i < opt->ntree; i++)
		opt->tree[i] = ctl_trees[i];
	if (ctl & 128) {
		if (naptr_service_spec("sip", &opt->filter.spec[0]) == -1)
			abort();
		opt->filter.n = 1;
	}
	return ctl_numbers[ctl & 3];
}

size_t
fuzz_query_bound(const struct options *opt)
{
	/*
	 * Per tree at most QUERIES_MAX before follow_check says
	 * "query-limit", and the set under way may still restart for
	 * CNAME_MAX CNAMEs.
	 */
	return (opt->ntree > 0 ? opt->ntree : 1) *
	    (QUERIES_MAX + CNAME_MAX + 1);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The findings of lint_check in one format, from a memory stream. */
static char *
run_lint(const struct lint_findings *lf, const struct options *opt,
    enum format format, size_t *len)
{
	struct options o = *opt;
	struct lint_report *lr;
	char *buf = NULL;
	FILE *fp;

	o.format = format;
	o.quiet = 0;
	if ((fp = open_memstream(&buf, len)) == NULL)
		abort();
	lr = lint_report_new(&o, fp);
	if (lint_report_add(lr, lf) == -1 || lint_report_finish(lr) == -1)
		fail("lint report failed on a memory stream");
	lint_report_free(lr);
	if (fclose(fp) != 0)
		abort();
	if (getenv("FUZZ_PRINT") != NULL)
		fwrite(buf, 1, *len, stderr);
	return buf;
}

void
check_lint(const struct result *res, const struct options *opt,
    enum lint_kind kind)
{
	struct lint_findings lf = { 0 };
	const struct finding *f;
	const char *p, *end, **keys;
	char *buf;
	size_t i, len, lines, once, five = 5;

	lint_check(&lf, res, kind, kind != LINT_GIVEN ? "zone" : NULL, 7);
	for (i = 0; i < lf.n; i++) {
		f = &lf.v[i];
		if (f->code == NULL || f->code[0] == '\0' ||
		    f->message == NULL || f->message[0] == '\0' ||
		    f->owner == NULL || f->key == NULL ||
		    strncmp(f->rfc, "RFC ", 4) != 0 || f->severity > SEV_ERROR)
			fail("lint finding %zu (%s) is incomplete", i,
			    f->code != NULL ? f->code : "NULL");
		if (f->number != NULL && kind == LINT_NAME)
			fail("a name no number owns has finding %s with a "
			    "number", f->code);
	}
	buf = run_lint(&lf, opt, FMT_TEXT, &len);
	check_lines("lint text", buf, len, 0, NULL);
	free(buf);
	buf = run_lint(&lf, opt, FMT_SHELL, &len);
	if (len > 0)
		check_lines("lint shell", buf, len, 1, &five);
	free(buf);
	/* JSON Lines: each line one object, the summary last */
	buf = run_lint(&lf, opt, FMT_JSON, &len);
	lines = check_lines("lint json", buf, len, 0, NULL);
	for (p = buf, end = buf + len; p < end; p = json_ws(p, end))
		if (*p != '{' || (p = json_value(p, end, 0)) == NULL)
			fail("lint json is not JSON Lines: %.*s", (int)len, buf);
	/* each finding once: a key seen before is not written */
	keys = xreallocarray(NULL, lf.n + 1, sizeof(*keys));
	for (i = 0; i < lf.n; i++)
		keys[i] = lf.v[i].key;
	qsort(keys, lf.n, sizeof(*keys), str_cmp);
	for (i = 0, once = 0; i < lf.n; i++)
		once += i == 0 || strcmp(keys[i - 1], keys[i]) != 0;
	free(keys);
	if (lines != once + 1)
		fail("lint json: %zu lines for %zu findings", lines, once);
	for (p = buf + len - 1; p > buf && p[-1] != '\n'; p--)
		;
	if (strncmp(p, "{\"summary\":{", 12) != 0)
		fail("lint json does not end in its summary: %s", p);
	free(buf);
	lint_findings_free(&lf);
}

void
fuzz_options_free(struct options *opt)
{
	size_t i;

	for (i = 0; i < opt->filter.n; i++)
		free(opt->filter.spec[i]);
}
