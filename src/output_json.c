/* SPDX-License-Identifier: ISC */
/* enumq: the JSON Lines format, one object per number (RFC 8259). */

#include <stdlib.h>
#include <string.h>

#include "enumq.h"

/*
 * A batch writes a line of about a kilobyte per number, so the writers
 * below copy whole pieces into stdio's buffer: a key with its
 * punctuation is one literal, its length known when compiling, and
 * esc_json copies runs of plain bytes.  Byte by byte, and printf's
 * parsing before that, these were the largest costs of a batch.
 * stdout is not locked (main.c), so the _unlocked calls are right.
 */
#define LIT(fp, s)	fwrite_unlocked((s), 1, sizeof(s) - 1, (fp))

static void
put_uint(FILE *fp, size_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	do
		*--p = '0' + v % 10;
	while ((v /= 10) > 0);
	fwrite_unlocked(p, 1, buf + sizeof(buf) - p, fp);
}

/* Milliseconds with three decimals, as printf's "%.3f" writes them. */
static void
put_ms(FILE *fp, double ms)
{
	unsigned long long us = ms > 0 ? (unsigned long long)(ms * 1000 + 0.5) : 0;
	char frac[3];

	put_uint(fp, us / 1000);
	frac[0] = '0' + us / 100 % 10;
	frac[1] = '0' + us / 10 % 10;
	frac[2] = '0' + us % 10;
	putc_unlocked('.', fp);
	fwrite_unlocked(frac, 1, sizeof(frac), fp);
}

static void
put_bytes(FILE *fp, const struct bytes *b)
{
	if (b->p == NULL) {
		LIT(fp, "null");
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
		LIT(fp, "null");
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

	LIT(fp, "{\"rank\":");
	put_uint(fp, u->rank);
	LIT(fp, ",\"order\":");
	put_uint(fp, r->order);
	LIT(fp, ",\"preference\":");
	put_uint(fp, r->preference);
	LIT(fp, ",\"flags\":");
	put_bytes(fp, &r->flags);
	LIT(fp, ",\"enumservices\":");
	put_enumservices(fp, &r->es);
	LIT(fp, ",\"uri\":");
	put_bytes(fp, &r->result);
	LIT(fp, ",\"owner\":");
	esc_json_str(fp, r->owner);
	putc_unlocked('}', fp);
}

static void
put_record(FILE *fp, const struct record *r)
{
	LIT(fp, "{\"owner\":");
	esc_json_str(fp, r->owner);
	LIT(fp, ",\"order\":");
	put_uint(fp, r->order);
	LIT(fp, ",\"preference\":");
	put_uint(fp, r->preference);
	LIT(fp, ",\"flags\":");
	put_bytes(fp, &r->flags);
	LIT(fp, ",\"services\":");
	put_bytes(fp, &r->services);
	LIT(fp, ",\"regexp\":");
	put_bytes(fp, &r->regexp);
	LIT(fp, ",\"replacement\":");
	esc_json_str(fp, r->replacement);
	LIT(fp, ",\"result\":");
	put_bytes(fp, &r->result);
	LIT(fp, ",\"reason\":");
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

	LIT(fp, "{\"input\":");
	put_bytes(fp, &res->input);
	LIT(fp, ",\"number\":");
	esc_json_str(fp, res->valid ? res->number.aus : NULL);
	LIT(fp, ",\"domain\":");
	esc_json_str(fp, res->domain);
	LIT(fp, ",\"tree\":");
	esc_json_str(fp, res->tree);
	LIT(fp, ",\"status\":");
	esc_json_str(fp, status_name(res->status));
	LIT(fp, ",\"rcode\":");
	put_rcode(fp, res->rcode);
	LIT(fp, ",\"server\":");
	esc_json_str(fp, res->server);
	LIT(fp, ",\"error\":");
	esc_json_str(fp, res->error);
	LIT(fp, ",\"elapsed_ms\":");
	put_ms(fp, res->elapsed_ms);
	LIT(fp, ",\"trees\":[");
	for (i = 0; i < res->ntrees; i++) {
		t = &res->trees[i];
		if (i > 0)
			putc_unlocked(',', fp);
		LIT(fp, "{\"tree\":");
		esc_json_str(fp, t->tree);
		LIT(fp, ",\"domain\":");
		esc_json_str(fp, t->domain);
		LIT(fp, ",\"status\":");
		esc_json_str(fp, status_name(t->status));
		LIT(fp, ",\"rcode\":");
		put_rcode(fp, t->rcode);
		putc_unlocked('}', fp);
	}
	LIT(fp, "],\"uris\":[");
	for (i = 0; i < nuris; i++) {
		if (i > 0)
			putc_unlocked(',', fp);
		put_uri(fp, res, &res->uris[i]);
	}
	LIT(fp, "],\"records\":[");
	for (i = 0; i < res->nrecords; i++) {
		if (i > 0)
			putc_unlocked(',', fp);
		put_record(fp, &res->records[i]);
	}
	LIT(fp, "]}\n");
	return ferror(fp) ? -1 : 0;
}
