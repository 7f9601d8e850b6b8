/* SPDX-License-Identifier: ISC */
/* enumq: the text format, for people at a terminal. */

#include <stdlib.h>
#include <string.h>

#include "enumq.h"

static void
put_quoted(FILE *fp, const struct bytes *b)
{
	fputc('"', fp);
	esc_text(fp, b->p, b->len);
	fputc('"', fp);
}

/* One NAPTR as in a zone file, then what became of it. */
static void
put_record(FILE *fp, const struct record *r)
{
	/* names come from ldns in presentation form, escaped already */
	fprintf(fp, "%s NAPTR %u %u ", r->owner, r->order, r->preference);
	put_quoted(fp, &r->flags);
	fputc(' ', fp);
	put_quoted(fp, &r->services);
	fputc(' ', fp);
	put_quoted(fp, &r->regexp);
	fprintf(fp, " %s", r->replacement);
	/* a next name is in presentation form; a rewrite may hold anything */
	if (r->result.p != NULL && !r->terminal)
		fprintf(fp, " -> %s", r->result.p);
	else if (r->result.p != NULL) {
		fputs(" -> ", fp);
		esc_text(fp, r->result.p, r->result.len);
	}
	if (r->reason != NULL)
		fprintf(fp, " (%s)", r->reason);
	fputc('\n', fp);
}

/* The --verbose trace of one record judged for aus. */
void
trace_record(const char *aus, const struct record *r)
{
	fprintf(stderr, ";; %s: ", aus);
	put_record(stderr, r);
}

static void
put_header(FILE *fp, const struct result *res)
{
	char *rcode;

	if (res->valid)
		fputs(res->number.aus, fp);
	else
		esc_text(fp, res->input.p, res->input.len);
	if (res->domain != NULL)
		fprintf(fp, " (%s)", res->domain);
	fprintf(fp, ": %s", status_name(res->status));
	if (res->rcode >= 0) {
		rcode = rcode_str(res->rcode);
		fprintf(fp, ", %s", rcode);
		free(rcode);
	}
	if (res->server != NULL) {
		fputs(" from ", fp);
		esc_text(fp, res->server, strlen(res->server));
	}
	if (res->valid)
		fprintf(fp, " in %.0f ms", res->elapsed_ms);
	if (res->error != NULL)
		fprintf(fp, ": %s", res->error);
	fputc('\n', fp);
}

/* Is the URI ranked k offered for Enumservice es? */
static int
offers(const struct result *res, size_t k, const char *es)
{
	const struct record *r = &res->records[res->uris[k].rec];
	size_t i;

	for (i = 0; i < r->es.n; i++)
		if (strcmp(r->es.v[i], es) == 0)
			return 1;
	return 0;
}

/*
 * Text: a header line, then the URIs grouped per Enumservice in rank
 * order (a URI offered for several appears under each), with --verbose
 * every record and what became of it.  With --first, the bare best URI.
 */
int
output_text(FILE *fp, const struct result *res, const struct options *opt)
{
	const struct record *r;
	const char *group;
	size_t i, j, k;

	if (opt->first) {
		/* an empty line for no URI keeps lines and numbers paired */
		fprintf(fp, "%s\n", res->nuris > 0 ?
		    res->records[res->uris[0].rec].result.p : "");
		return ferror(fp) ? -1 : 0;
	}
	put_header(fp, res);
	/* each Enumservice once, where its best URI ranks */
	for (i = 0; i < res->nuris; i++) {
		r = &res->records[res->uris[i].rec];
		for (j = 0; j < r->es.n; j++) {
			group = r->es.v[j];
			for (k = 0; k < i && !offers(res, k, group); k++)
				;
			if (k < i)
				continue;
			fprintf(fp, "  %s\n", group);
			for (k = i; k < res->nuris; k++)
				if (offers(res, k, group))
					fprintf(fp, "    %zu  %s  (order %u pref %u)\n",
					    res->uris[k].rank,
					    res->records[res->uris[k].rec].result.p,
					    res->records[res->uris[k].rec].order,
					    res->records[res->uris[k].rec].preference);
		}
	}
	if (opt->verbose && res->nrecords > 0) {
		fputs("  records\n", fp);
		for (i = 0; i < res->nrecords; i++) {
			fputs("    ", fp);
			put_record(fp, &res->records[i]);
		}
	}
	return ferror(fp) ? -1 : 0;
}
