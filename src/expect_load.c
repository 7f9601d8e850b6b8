/* SPDX-License-Identifier: ISC */
/* enumq: --expect's file read: enumq's JSON Lines (through jansson) or the plain form. */

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "enumq.h"

/*
 * Bytes in one line at most: a -j line holds every record seen, a
 * kilobyte or less each, and a number of 3000 NAPTRs writes more than
 * a megabyte; the buffer grows to this as lines need it.
 */
#define EXPECT_LINE_MAX	16777216	/* 16 MiB */

/* A file being read, and what went wrong: the message names file:line. */
struct reader {
	FILE		*fp;
	const char	*name;		/* "stdin" for "-" */
	uint32_t	 line;
	char		*buf;		/* the line, NUL-terminated */
	size_t		 len;
	size_t		 cap;		/* buf's size, at most EXPECT_LINE_MAX + 1 */
	char		*err;		/* set on the first failure */
	int		 code;		/* EXIT_USAGE or EXIT_IOERR */
};

static int __attribute__((format(printf, 2, 3)))
fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		util_fatal("out of memory");
	va_end(ap);
	r->err = xasprintf("%s:%u: %s", r->name, r->line, msg);
	r->code = EXIT_USAGE;
	free(msg);
	return -1;
}

/*
 * The next line into r->buf, without its newline (nor a CR before it):
 * 1, 0 at the end, -1 on a read error or a line too long.
 */
static int
read_line(struct reader *r)
{
	int c = EOF;

	r->len = 0;
	r->line++;
	while ((c = getc_unlocked(r->fp)) != EOF && c != '\n') {
		if (r->len == EXPECT_LINE_MAX)
			return fail(r, "longer than %d bytes", EXPECT_LINE_MAX);
		if (r->len + 1 == r->cap) {
			r->cap = r->cap * 2 > EXPECT_LINE_MAX + 1 ?
			    EXPECT_LINE_MAX + 1 : r->cap * 2;
			r->buf = xreallocarray(r->buf, r->cap, 1);
		}
		r->buf[r->len++] = c;
	}
	if (ferror(r->fp)) {
		r->err = xasprintf("%s: %s", r->name, strerror(errno));
		r->code = EXIT_IOERR;
		return -1;
	}
	if (c == EOF && r->len == 0)
		return 0;
	while (r->len > 0 && r->buf[r->len - 1] == '\r')
		r->len--;
	r->buf[r->len] = '\0';
	return 1;
}

/* A status by its name, as enumq writes it; -1 for none. */
static int
status_by_name(const char *s, size_t len)
{
	int st;

	for (st = ST_OK; st <= ST_INVALID; st++)
		if (strlen(status_name(st)) == len &&
		    memcmp(status_name(st), s, len) == 0)
			return st;
	return -1;
}

/* The number as the lookup reads it; -1 (and the message) when it is not one. */
static int
check_number(struct reader *r, const char *s, size_t len)
{
	struct number n;
	const char *why;

	if ((why = e164_parse(s, len, &n)) != NULL)
		return fail(r, "%.*s: %s", len > INPUT_ECHO_MAX ?
		    INPUT_ECHO_MAX : (int)len, s, why);
	return 0;
}

/* An expectation's URIs and status agree: ok has URIs, nothing else has. */
static int
check_status(struct reader *r, const struct expectation *e)
{
	if (e->status == ST_OK && e->nuris == 0)
		return fail(r, "status ok without a URI");
	if (e->status != ST_OK && e->nuris > 0)
		return fail(r, "URIs after status %s", status_name(e->status));
	return 0;
}

static struct expect_uri *
add_uri(struct expectation *e)
{
	struct expect_uri *u;

	e->uris = xgrow(e->uris, e->nuris, sizeof(*e->uris));
	u = &e->uris[e->nuris++];
	memset(u, 0, sizeof(*u));
	u->order = u->preference = -1;
	return u;
}

/*
 * The plain form: NUMBER STATUS [URI ...], fields apart by blanks; a
 * field beginning '#' begins a comment (a '#' inside a URI does not).
 */
static int
parse_plain(struct reader *r, struct expectation *e)
{
	char *p = r->buf, *end = r->buf + r->len, *f;
	size_t nfield = 0, n;
	int st;

	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end || *p == '#')
			break;
		for (f = p; p < end && *p != ' ' && *p != '\t'; p++)
			;
		n = p - f;
		if (memchr(f, '\0', n) != NULL)
			return fail(r, "a NUL byte");
		if (nfield == 0) {
			if (check_number(r, f, n) == -1)
				return -1;
			e->number = xmalloc(n + 1);
			memcpy(e->number, f, n);
			e->number[n] = '\0';
		} else if (nfield == 1) {
			if ((st = status_by_name(f, n)) == -1)
				return fail(r, "%.*s: not a status (ok, nodata, "
				    "nxdomain, error, invalid)", (int)(n >
				    INPUT_ECHO_MAX ? INPUT_ECHO_MAX : n), f);
			e->status = st;
		} else
			bytes_set(&add_uri(e)->uri, f, n);
		nfield++;
	}
	if (nfield < 2)
		return fail(r, "not NUMBER STATUS [URI ...]: no status");
	return check_status(r, e);
}

/*
 * A JSON string as enumq wrote it: each code point below 256 is the byte
 * of that value (esc_json's \u0080-\u00ff), any other its UTF-8 bytes.
 */
static void
json_bytes(const json_t *j, struct bytes *b)
{
	const unsigned char *s = (const unsigned char *)json_string_value(j);
	size_t len = json_string_length(j), i, o = 0;
	char *p = xmalloc(len + 1);

	/* jansson hands out valid UTF-8 only */
	for (i = 0; i < len; i++)
		if ((s[i] == 0xc2 || s[i] == 0xc3) && i + 1 < len)
			p[o++] = (s[i] & 0x03) << 6 | (s[i + 1] & 0x3f), i++;
		else
			p[o++] = s[i];
	p[o] = '\0';
	b->p = p;
	b->len = o;
}

/* An integer key in 0-65535, or -1 when absent; -2 when it is not one. */
static int
json_u16(const json_t *obj, const char *key)
{
	const json_t *j = json_object_get(obj, key);

	if (j == NULL || json_is_null(j))
		return -1;
	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    json_integer_value(j) > 65535)
		return -2;
	return json_integer_value(j);
}

/* One of "uris": {"uri": ..., "order", "preference", "enumservices", "owner"}. */
static int
json_uri(struct reader *r, struct expectation *e, const json_t *j, size_t i)
{
	const json_t *v, *s;
	struct expect_uri *u;
	struct bytes owner;
	size_t k;

	if (!json_is_object(j))
		return fail(r, "uris[%zu]: not an object", i);
	if (!json_is_string(v = json_object_get(j, "uri")))
		return fail(r, "uris[%zu]: uri: not a string", i);
	u = add_uri(e);
	json_bytes(v, &u->uri);
	if ((u->order = json_u16(j, "order")) == -2 ||
	    (u->preference = json_u16(j, "preference")) == -2)
		return fail(r, "uris[%zu]: order or preference not an "
		    "integer 0-65535", i);
	if (json_is_string(v = json_object_get(j, "owner"))) {
		json_bytes(v, &owner);
		u->owner = owner.p;
	}
	if ((v = json_object_get(j, "enumservices")) == NULL ||
	    json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return fail(r, "uris[%zu]: enumservices: not a list", i);
	u->has_es = 1;
	u->nes = json_array_size(v);
	u->es = xcalloc(u->nes, sizeof(*u->es));
	json_array_foreach(v, k, s) {
		if (!json_is_string(s))
			return fail(r, "uris[%zu]: enumservices: not a "
			    "list of strings", i);
		json_bytes(s, &u->es[k]);
	}
	return 0;
}

/*
 * enumq's JSON Lines result: "number", "status", "uris" (with each URI's
 * order, preference, enumservices and owner where given); other keys are
 * not read.  0, 1 for a line to skip (no number), -1.
 */
static int
parse_json(struct reader *r, struct expectation *e)
{
	json_t *doc, *v, *u;
	json_error_t jerr;
	size_t i, used;
	int st, rc = -1;

	doc = json_loadb(r->buf, r->len, JSON_REJECT_DUPLICATES |
	    JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &jerr);
	if (doc == NULL)
		return fail(r, "not JSON: %s (column %d)", jerr.text,
		    jerr.column);
	/* after the object, blanks and a comment only */
	used = jerr.position;
	while (used < r->len && (r->buf[used] == ' ' || r->buf[used] == '\t'))
		used++;
	if (used < r->len && r->buf[used] != '#') {
		fail(r, "more after the JSON object (column %zu)", used + 1);
		goto out;
	}
	if (!json_is_object(doc)) {
		fail(r, "not a JSON object");
		goto out;
	}
	v = json_object_get(doc, "status");
	if (!json_is_string(v) || (st = status_by_name(json_string_value(v),
	    json_string_length(v))) == -1) {
		fail(r, "status: not ok, nodata, nxdomain, error or "
		    "invalid: not enumq's JSON result");
		goto out;
	}
	e->status = st;
	v = json_object_get(doc, "number");
	if (json_is_null(v) && st == ST_INVALID) {
		rc = 1;		/* an input that was not a number */
		goto out;
	}
	if (!json_is_string(v)) {
		fail(r, "number: not a string");
		goto out;
	}
	if (check_number(r, json_string_value(v), json_string_length(v)) ==
	    -1)
		goto out;
	e->number = xstrdup(json_string_value(v));
	v = json_object_get(doc, "uris");
	if (v != NULL && !json_is_array(v)) {
		fail(r, "uris: not a list");
		goto out;
	}
	e->ranked = 1;
	json_array_foreach(v, i, u) {
		if (json_uri(r, e, u, i) == -1)
			goto out;
		if (e->uris[i].order < 0 || e->uris[i].preference < 0)
			e->ranked = 0;
	}
	rc = check_status(r, e);
out:
	json_decref(doc);
	return rc;
}

static void
expectation_free(struct expectation *e)
{
	size_t i, k;

	free(e->number);
	for (i = 0; i < e->nuris; i++) {
		bytes_free(&e->uris[i].uri);
		free(e->uris[i].owner);
		for (k = 0; k < e->uris[i].nes; k++)
			bytes_free(&e->uris[i].es[k]);
		free(e->uris[i].es);
	}
	free(e->uris);
}

/* Free what expect_load read. */
void
expectations_free(struct expectations *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		expectation_free(&x->v[i]);
	free(x->v);
	x->v = NULL;
	x->n = 0;
}

/*
 * Read the expectations of fp, named name in messages, a line each: a
 * line whose first non-blank byte is '{' is enumq's JSON result, any
 * other the plain form; blank lines and '#' comments are skipped.
 * Returns 0, or EXIT_USAGE (malformed: *errstr names name:line) or
 * EXIT_IOERR (a read error).
 */
int
expect_read(FILE *fp, const char *name, struct expectations *x,
    char **errstr)
{
	struct reader r = { .fp = fp, .name = name };
	struct expectation e;
	size_t skip;
	int rc;

	memset(x, 0, sizeof(*x));
	x->file = name;
	r.cap = 4096;
	r.buf = xmalloc(r.cap);
	while ((rc = read_line(&r)) == 1) {
		skip = strspn(r.buf, " \t");
		if (skip == r.len || r.buf[skip] == '#')
			continue;
		memset(&e, 0, sizeof(e));
		e.line = r.line;
		rc = r.buf[skip] == '{' ? parse_json(&r, &e) :
		    parse_plain(&r, &e);
		if (rc != 0) {
			expectation_free(&e);
			if (rc == -1)
				break;
			continue;
		}
		x->v = xgrow(x->v, x->n, sizeof(*x->v));
		x->v[x->n++] = e;
	}
	if (rc == 0 && x->n == 0) {
		r.err = xasprintf("%s: no expectations", r.name);
		r.code = EXIT_USAGE;
	}
	free(r.buf);
	if (r.err == NULL)
		return 0;
	expectations_free(x);
	*errstr = r.err;
	return r.code;
}

/*
 * Read the expectations of file ("-": stdin) as expect_read does; a file
 * that cannot be opened is EXIT_USAGE too.
 */
int
expect_load(const char *file, struct expectations *x, char **errstr)
{
	FILE *fp;
	int rc;

	memset(x, 0, sizeof(*x));
	if (strcmp(file, "-") == 0)
		return expect_read(stdin, "stdin", x, errstr);
	if ((fp = fopen(file, "re")) == NULL) {
		*errstr = xasprintf("--expect %s: %s", file, strerror(errno));
		return EXIT_USAGE;
	}
	rc = expect_read(fp, file, x, errstr);
	fclose(fp);
	return rc;
}
