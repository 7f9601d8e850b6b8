/* SPDX-License-Identifier: ISC */
/* enumq: the JSON Lines format, one object per number (RFC 8259). */

#include <stdlib.h>
#include <string.h>

#include "enumq.h"

/*
 * The writers below avoid printf and stdio's calls: a batch writes a line
 * of JSON per number, and printf's parsing, then fwrite's and fputc's
 * calls, were the largest costs of a batch.  putc_unlocked is a macro;
 * stdout is not locked (main.c).
 */
static void
put(FILE *fp, const char *s)
{
	while (*s != '\0')
		putc_unlocked(*s++, fp);
}

static void
put_key(FILE *fp, const char *key, int first)
{
	if (!first)
		putc_unlocked(',', fp);
	putc_unlocked('"', fp);
	put(fp, key);
	put(fp, "\":");
}

/* A key (not the first) and an unsigned number. */
static void
put_uint(FILE *fp, const char *key, size_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	do
		*--p = '0' + v % 10;
	while ((v /= 10) > 0);
	if (key != NULL)
		put_key(fp, key, 0);
	while (p < buf + sizeof(buf))
		putc_unlocked(*p++, fp);
}

static void
put_bytes(FILE *fp, const struct bytes *b)
{
	if (b->p == NULL) {
		put(fp, "null");
		return;
	}
	putc_unlocked('"', fp);
	esc_json(fp, b->p, b->len);
	putc_unlocked('"', fp);
}

static void
put_rcode(FILE *fp, int rcode)
{
	char *s;

	if (rcode < 0) {
		put(fp, "null");
		return;
	}
	s = rcode_str(rcode);
	esc_json_str(fp, s);
	free(s);
}

static void
put_enumservices(FILE *fp, const struct enumservices *es)
{
	size_t i;

	putc_unlocked('[', fp);
	for (i = 0; i < es->n; i++) {
		if (i > 0)
			putc_unlocked(',', fp);
		esc_json_str(fp, es->v[i]);
	}
	putc_unlocked(']', fp);
}

static void
put_uri(FILE *fp, const struct result *res, const struct uri *u)
{
	const struct record *r = &res->records[u->rec];

	put(fp, "{\"rank\":");
	put_uint(fp, NULL, u->rank);
	put_uint(fp, "order", r->order);
	put_uint(fp, "preference", r->preference);
	put_key(fp, "flags", 0);
	put_bytes(fp, &r->flags);
	put_key(fp, "enumservices", 0);
	put_enumservices(fp, &r->es);
	put_key(fp, "uri", 0);
	put_bytes(fp, &r->result);
	put_key(fp, "owner", 0);
	esc_json_str(fp, r->owner);
	putc_unlocked('}', fp);
}

static void
put_record(FILE *fp, const struct record *r)
{
	putc_unlocked('{', fp);
	put_key(fp, "owner", 1);
	esc_json_str(fp, r->owner);
	put_uint(fp, "order", r->order);
	put_uint(fp, "preference", r->preference);
	put_key(fp, "flags", 0);
	put_bytes(fp, &r->flags);
	put_key(fp, "services", 0);
	put_bytes(fp, &r->services);
	put_key(fp, "regexp", 0);
	put_bytes(fp, &r->regexp);
	put_key(fp, "replacement", 0);
	esc_json_str(fp, r->replacement);
	put_key(fp, "result", 0);
	put_bytes(fp, &r->result);
	put_key(fp, "reason", 0);
	esc_json_str(fp, r->reason);
	putc_unlocked('}', fp);
}

/*
 * JSON: one object per line with the keys the man page lists; every
 * string escaped, so the line is valid whatever the DNS sent.
 */
int
output_json(FILE *fp, const struct result *res, const struct options *opt)
{
	const struct tree_result *t;
	size_t i, nuris = opt->first && res->nuris > 0 ? 1 : res->nuris;

	putc_unlocked('{', fp);
	put_key(fp, "input", 1);
	put_bytes(fp, &res->input);
	put_key(fp, "number", 0);
	esc_json_str(fp, res->valid ? res->number.aus : NULL);
	put_key(fp, "domain", 0);
	esc_json_str(fp, res->domain);
	put_key(fp, "tree", 0);
	esc_json_str(fp, res->tree);
	put_key(fp, "status", 0);
	esc_json_str(fp, status_name(res->status));
	put_key(fp, "rcode", 0);
	put_rcode(fp, res->rcode);
	put_key(fp, "server", 0);
	esc_json_str(fp, res->server);
	put_key(fp, "error", 0);
	esc_json_str(fp, res->error);
	fprintf(fp, ",\"elapsed_ms\":%.3f", res->elapsed_ms);
	put_key(fp, "trees", 0);
	putc_unlocked('[', fp);
	for (i = 0; i < res->ntrees; i++) {
		t = &res->trees[i];
		put(fp, i > 0 ? ",{" : "{");
		put_key(fp, "tree", 1);
		esc_json_str(fp, t->tree);
		put_key(fp, "domain", 0);
		esc_json_str(fp, t->domain);
		put_key(fp, "status", 0);
		esc_json_str(fp, status_name(t->status));
		put_key(fp, "rcode", 0);
		put_rcode(fp, t->rcode);
		putc_unlocked('}', fp);
	}
	putc_unlocked(']', fp);
	put_key(fp, "uris", 0);
	putc_unlocked('[', fp);
	for (i = 0; i < nuris; i++) {
		if (i > 0)
			putc_unlocked(',', fp);
		put_uri(fp, res, &res->uris[i]);
	}
	putc_unlocked(']', fp);
	put_key(fp, "records", 0);
	putc_unlocked('[', fp);
	for (i = 0; i < res->nrecords; i++) {
		if (i > 0)
			putc_unlocked(',', fp);
		put_record(fp, &res->records[i]);
	}
	put(fp, "]}\n");
	return ferror(fp) ? -1 : 0;
}
