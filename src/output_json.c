/* SPDX-License-Identifier: ISC */
/* enumq: the JSON Lines format, one object per number (RFC 8259). */

#include <stdlib.h>
#include <string.h>

#include "enumq.h"

/*
 * The line is built in a struct linebuf: a key with its punctuation is
 * one literal, its length known when compiling, and esc_json copies
 * runs of plain bytes.
 */
#define LIT(lb, s)	lb_put((lb), (s), sizeof(s) - 1)

/* Milliseconds with three decimals, as printf's "%.3f" writes them. */
static void
put_ms(struct linebuf *lb, double ms)
{
	unsigned long long us = ms > 0 ? (unsigned long long)(ms * 1000 + 0.5) : 0;
	char frac[3];

	json_uint(lb, us / 1000);
	frac[0] = '0' + us / 100 % 10;
	frac[1] = '0' + us / 10 % 10;
	frac[2] = '0' + us % 10;
	LIT(lb, ".");
	lb_put(lb, frac, sizeof(frac));
}

static void
put_bytes(struct linebuf *lb, const struct bytes *b)
{
	if (b->p == NULL) {
		LIT(lb, "null");
		return;
	}
	LIT(lb, "\"");
	esc_json(lb, b->p, b->len);
	LIT(lb, "\"");
}

static void
put_rcode(struct linebuf *lb, int rcode)
{
	if (rcode < 0) {
		LIT(lb, "null");
		return;
	}
	esc_json_str(lb, rcode_name(rcode).s);
}

/* The header flags set, lowercase, as dig lists them; null for no answer. */
static void
put_flags(struct linebuf *lb, int rcode, unsigned flags)
{
	const char *name;
	unsigned bit;
	size_t i, n = 0;

	if (rcode < 0) {
		LIT(lb, "null");
		return;
	}
	LIT(lb, "[");
	for (i = 0; (name = reply_flag(i, &bit)) != NULL; i++) {
		if (!(flags & bit))
			continue;
		if (n++ > 0)
			LIT(lb, ",");
		esc_json_str(lb, name);
	}
	LIT(lb, "]");
}

/*
 * A tel: URI's number and parameters (RFC 3966, 4694, 4759), a parameter
 * without a value true; null for another URI or one RFC 3966 refuses.
 */
static void
put_tel(struct linebuf *lb, const struct tel *t)
{
	size_t i;

	if (t == NULL || t->number == NULL) {
		LIT(lb, "null");
		return;
	}
	LIT(lb, "{\"number\":");
	esc_json_str(lb, t->number);
	LIT(lb, ",\"params\":{");
	for (i = 0; i < t->nparam; i++) {
		if (i > 0)
			LIT(lb, ",");
		esc_json_str(lb, t->param[i].name);
		LIT(lb, ":");
		if (t->param[i].value == NULL)
			LIT(lb, "true");
		else
			esc_json_str(lb, t->param[i].value);
	}
	LIT(lb, "}}");
}

static void
put_enumservices(struct linebuf *lb, const struct enumservices *es)
{
	size_t i;

	LIT(lb, "[");
	for (i = 0; i < es->n; i++) {
		if (i > 0)
			LIT(lb, ",");
		esc_json_str(lb, es->v[i]);
	}
	LIT(lb, "]");
}

/*
 * The URI's Enumservices whose registration does not allow its scheme
 * (RFC 6117 5.2.4), usually none.
 */
static void
put_mismatch(struct linebuf *lb, const struct record *r)
{
	size_t i, n = 0;

	LIT(lb, "[");
	for (i = 0; r->mismatch != NULL && i < r->es.n; i++) {
		if (!r->mismatch[i])
			continue;
		if (n++ > 0)
			LIT(lb, ",");
		esc_json_str(lb, r->es.v[i]);
	}
	LIT(lb, "]");
}

/* The keys a URI and a record share, in the order both give them. */
static void
put_naptr_fields(struct linebuf *lb, const struct record *r)
{
	LIT(lb, ",\"order\":");
	json_uint(lb, r->order);
	LIT(lb, ",\"preference\":");
	json_uint(lb, r->preference);
	LIT(lb, ",\"flags\":");
	put_bytes(lb, &r->flags);
}

static void
put_uri(struct linebuf *lb, const struct result *res, const struct uri *u)
{
	const struct record *r = &res->records[u->rec];

	LIT(lb, "{\"rank\":");
	json_uint(lb, u->rank);
	put_naptr_fields(lb, r);
	LIT(lb, ",\"enumservices\":");
	put_enumservices(lb, &r->es);
	LIT(lb, ",\"uri\":");
	put_bytes(lb, &r->result);
	LIT(lb, ",\"owner\":");
	esc_json_str(lb, r->owner);
	LIT(lb, ",\"scheme_mismatch\":");
	put_mismatch(lb, r);
	LIT(lb, ",\"ttl\":");
	json_uint(lb, u->ttl);
	LIT(lb, ",\"tel\":");
	put_tel(lb, r->tel);
	LIT(lb, "}");
}

static void
put_record(struct linebuf *lb, const struct record *r)
{
	LIT(lb, "{\"owner\":");
	esc_json_str(lb, r->owner);
	put_naptr_fields(lb, r);
	LIT(lb, ",\"services\":");
	put_bytes(lb, &r->services);
	LIT(lb, ",\"regexp\":");
	put_bytes(lb, &r->regexp);
	LIT(lb, ",\"replacement\":");
	esc_json_str(lb, r->replacement);
	LIT(lb, ",\"result\":");
	put_bytes(lb, &r->result);
	LIT(lb, ",\"reason\":");
	esc_json_str(lb, r->reason);
	LIT(lb, ",\"ttl\":");
	json_uint(lb, r->ttl);
	LIT(lb, "}");
}

static void
put_dname(struct linebuf *lb, const struct dname *d)
{
	char *s = dname_str(d->wire, d->len);

	esc_json_str(lb, s);
	free(s);
}

/* The zone that answered: its SOA's owner, MNAME and RNAME (the contact). */
static void
put_zone(struct linebuf *lb, const struct reply_soa *soa)
{
	if (soa == NULL) {
		LIT(lb, "null");
		return;
	}
	LIT(lb, "{\"apex\":");
	put_dname(lb, &soa->owner);
	LIT(lb, ",\"mname\":");
	put_dname(lb, &soa->mname);
	LIT(lb, ",\"rname\":");
	put_dname(lb, &soa->rname);
	LIT(lb, "}");
}

/* --route's verdict: action, reason, URI, routing number, targets, TTL. */
static void
put_verdict(struct linebuf *lb, const struct verdict *v)
{
	const struct target *t;
	size_t i, j;

	LIT(lb, ",\"verdict\":{\"action\":");
	esc_json_str(lb, action_name(v->action));
	LIT(lb, ",\"reason\":");
	esc_json_str(lb, v->reason);
	LIT(lb, ",\"uri\":");
	if (v->uri != NULL)
		put_bytes(lb, v->uri);
	else
		LIT(lb, "null");
	LIT(lb, ",\"routing_number\":");
	esc_json_str(lb, v->routing_number);
	LIT(lb, ",\"targets\":[");
	for (i = 0; i < v->ntarget; i++) {
		t = &v->target[i];
		if (i > 0)
			LIT(lb, ",");
		LIT(lb, "{\"host\":");
		esc_json_str(lb, t->host);
		LIT(lb, ",\"port\":");
		json_uint(lb, t->port);
		LIT(lb, ",\"transport\":");
		esc_json_str(lb, t->transport);
		LIT(lb, ",\"addresses\":[");
		for (j = 0; j < t->naddr; j++) {
			if (j > 0)
				LIT(lb, ",");
			esc_json_str(lb, t->addr[j]);
		}
		LIT(lb, "]}");
	}
	LIT(lb, "],\"ttl\":");
	if (v->has_ttl)
		json_uint(lb, v->ttl);
	else
		LIT(lb, "null");
	LIT(lb, "}");
}

/*
 * JSON: one object per line with the keys the man page lists; every
 * string escaped, so the line is valid whatever the DNS sent.
 */
int
output_json(FILE *fp, const struct result *res, const struct options *opt)
{
	struct linebuf line = { .fp = fp }, *lb = &line;
	const struct tree_result *t;
	size_t i, nuris = opt->first && res->nuris > 0 ? 1 : res->nuris;

	LIT(lb, "{\"input\":");
	put_bytes(lb, &res->input);
	LIT(lb, ",\"number\":");
	esc_json_str(lb, res->valid ? res->number.aus : NULL);
	LIT(lb, ",\"domain\":");
	esc_json_str(lb, res->domain);
	LIT(lb, ",\"tree\":");
	esc_json_str(lb, res->tree);
	LIT(lb, ",\"status\":");
	esc_json_str(lb, status_name(res->status));
	LIT(lb, ",\"rcode\":");
	put_rcode(lb, res->rcode);
	LIT(lb, ",\"flags\":");
	put_flags(lb, res->rcode, res->flags);
	LIT(lb, ",\"server\":");
	esc_json_str(lb, res->server);
	LIT(lb, ",\"error\":");
	esc_json_str(lb, res->error);
	LIT(lb, ",\"servers\":[");
	for (i = 0; i < res->nservers; i++) {
		if (i > 0)
			LIT(lb, ",");
		LIT(lb, "{\"server\":");
		esc_json_str(lb, res->servers[i].server);
		LIT(lb, ",\"rcode\":");
		put_rcode(lb, res->servers[i].rcode);
		LIT(lb, ",\"error\":");
		esc_json_str(lb, res->servers[i].error);
		LIT(lb, "}");
	}
	LIT(lb, "],\"elapsed_ms\":");
	put_ms(lb, res->elapsed_ms);
	LIT(lb, ",\"trees\":[");
	for (i = 0; i < res->ntrees; i++) {
		t = &res->trees[i];
		if (i > 0)
			LIT(lb, ",");
		LIT(lb, "{\"tree\":");
		esc_json_str(lb, t->tree);
		LIT(lb, ",\"domain\":");
		esc_json_str(lb, t->domain);
		LIT(lb, ",\"status\":");
		esc_json_str(lb, status_name(t->status));
		LIT(lb, ",\"rcode\":");
		put_rcode(lb, t->rcode);
		LIT(lb, ",\"flags\":");
		put_flags(lb, t->rcode, t->flags);
		LIT(lb, "}");
	}
	LIT(lb, "],\"uris\":[");
	for (i = 0; i < nuris; i++) {
		if (i > 0)
			LIT(lb, ",");
		put_uri(lb, res, &res->uris[i]);
	}
	LIT(lb, "],\"discarded\":");
	json_uint(lb, res->discarded);
	LIT(lb, ",\"records\":[");
	for (i = 0; i < res->nrecords; i++) {
		if (i > 0)
			LIT(lb, ",");
		put_record(lb, &res->records[i]);
	}
	LIT(lb, "],\"zone\":");
	put_zone(lb, res->soa != NULL ? res->soa : res->verdict != NULL &&
	    res->verdict->has_zone ? &res->verdict->zone : NULL);
	if (res->verdict != NULL)
		put_verdict(lb, res->verdict);
	LIT(lb, "}\n");
	lb_flush(lb);
	return ferror(fp) ? -1 : 0;
}
