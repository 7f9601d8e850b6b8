/* SPDX-License-Identifier: ISC */
/* enumq: the shell format, tab-separated lines for read, cut and awk. */

#include <string.h>

#include "enumq.h"

static void
put_number(FILE *fp, const struct result *res)
{
	if (res->valid)
		esc_shell(fp, res->number.aus, strlen(res->number.aus));
	else
		esc_shell(fp, res->input.p, res->input.len);
	fprintf(fp, "\t%s", status_name(res->status));
}

static void
put_field(FILE *fp, const char *s)
{
	fputc('\t', fp);
	if (s != NULL)
		esc_shell(fp, s, strlen(s));
}

/*
 * --route: "number action reason uri host port transport address", one
 * line per number: the first target and its first address.
 */
static int
route_shell(FILE *fp, const struct result *res)
{
	const struct verdict *v = res->verdict;
	const struct target *t = v->ntarget > 0 ? &v->target[0] : NULL;

	if (res->valid)
		esc_shell(fp, res->number.aus, strlen(res->number.aus));
	else
		esc_shell(fp, res->input.p, res->input.len);
	put_field(fp, action_name(v->action));
	put_field(fp, v->reason);
	fputc('\t', fp);
	if (v->uri != NULL)
		esc_shell(fp, v->uri->p, v->uri->len);
	put_field(fp, t != NULL ? t->host : NULL);
	if (t != NULL)
		fprintf(fp, "\t%u", t->port);
	else
		fputc('\t', fp);
	put_field(fp, t != NULL ? t->transport : NULL);
	put_field(fp, t != NULL && t->naddr > 0 ? t->addr[0] : NULL);
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

/*
 * Shell: "number status rank order preference enumservice uri", one line
 * per URI per Enumservice; a number without URIs gets one line with
 * empty fields.  Every field is escaped, so no byte splits a field.
 */
int
output_shell(FILE *fp, const struct result *res, const struct options *opt)
{
	const struct record *r;
	size_t i, j, nuris = opt->first && res->nuris > 0 ? 1 : res->nuris;

	if (res->verdict != NULL)
		return route_shell(fp, res);
	if (nuris == 0) {
		put_number(fp, res);
		fputs("\t\t\t\t\t\n", fp);
	}
	for (i = 0; i < nuris; i++) {
		r = &res->records[res->uris[i].rec];
		for (j = 0; j < r->es.n && (j == 0 || !opt->first); j++) {
			put_number(fp, res);
			fprintf(fp, "\t%zu\t%u\t%u\t", res->uris[i].rank,
			    r->order, r->preference);
			esc_shell(fp, r->es.v[j], strlen(r->es.v[j]));
			fputc('\t', fp);
			esc_shell(fp, r->result.p, r->result.len);
			fputc('\n', fp);
		}
	}
	return ferror(fp) ? -1 : 0;
}
