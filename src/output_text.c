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

/*
 * A used record's Enumservices whose registration does not allow the
 * URI's scheme (RFC 6117 5.2.4): " (scheme-mismatch: sip, ...)".
 */
static void
put_mismatch(FILE *fp, const struct record *r)
{
	size_t i, n = 0;

	fputs(" (scheme-mismatch:", fp);
	for (i = 0; i < r->es.n; i++)
		if (r->mismatch[i])
			fprintf(fp, "%s %s", n++ > 0 ? "," : "", r->es.v[i]);
	fputc(')', fp);
}

/* One NAPTR as in a zone file, then what became of it. */
static void
put_record(FILE *fp, const struct record *r)
{
	/* names come from dname_str in presentation form, escaped already */
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
	if (r->reason != NULL) {
		fprintf(fp, " (%s", r->reason);
		/* a refused ERE: the construct, shown as the regexp is */
		if (r->why != NULL) {
			fputs(": ", fp);
			esc_text(fp, r->why, strlen(r->why));
		}
		fputc(')', fp);
	} else if (r->mismatch != NULL)
		put_mismatch(fp, r);
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
	if (res->valid)
		fputs(res->number.aus, fp);
	else
		esc_text_input(fp, res->input.p, res->input.len,
		    res->input_size);
	if (res->domain != NULL)
		fprintf(fp, " (%s)", res->domain);
	fprintf(fp, ": %s", status_name(res->status));
	if (res->rcode >= 0)
		fprintf(fp, ", %s", rcode_name(res->rcode).s);
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

/* One URI under one of its Enumservices. */
struct listing {
	const char	*es;
	size_t		 seq;		/* position in rank order, then service order */
	size_t		 uri;		/* index into uris */
	size_t		 group;		/* seq of the group's first listing */
};

static int
by_service(const void *a, const void *b)
{
	const struct listing *x = a, *y = b;
	int c = strcmp(x->es, y->es);

	return c != 0 ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
by_group(const void *a, const void *b)
{
	const struct listing *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * With --verbose, the answer's header flags as dig lists them:
 * "  flags: qr aa rd".
 */
static void
put_flags(FILE *fp, const struct result *res)
{
	const char *name;
	unsigned bit;
	size_t i;

	if (res->rcode < 0)
		return;
	fputs("  flags:", fp);
	for (i = 0; (name = reply_flag(i, &bit)) != NULL; i++)
		if (res->flags & bit)
			fprintf(fp, " %s", name);
	fputc('\n', fp);
}

/*
 * With --verbose, under a tel: URI, its number and parameters (RFC 3966,
 * 4694, 4759) as "tel +12025331234 npdi rn=+1-202-544-0000", or why RFC
 * 3966 refuses it.
 */
static void
put_tel(FILE *fp, const struct tel *t)
{
	size_t i;

	if (t->number == NULL) {
		fputs("       not a tel: URI by RFC 3966: ", fp);
		esc_text(fp, t->why, strlen(t->why));
		fputc('\n', fp);
		return;
	}
	fputs("       tel ", fp);
	esc_text(fp, t->number, strlen(t->number));
	for (i = 0; i < t->nparam; i++) {
		fputc(' ', fp);
		esc_text(fp, t->param[i].name, strlen(t->param[i].name));
		if (t->param[i].value != NULL) {
			fputc('=', fp);
			esc_text(fp, t->param[i].value,
			    strlen(t->param[i].value));
		}
	}
	fputc('\n', fp);
}

/*
 * The URIs grouped per Enumservice, each group where its best URI ranks,
 * in O(n log n): a hostile answer may carry thousands of Enumservices.
 * With verbose, each URI's TTL and a tel: URI's parts too.
 */
static void
put_groups(FILE *fp, const struct result *res, int verbose)
{
	struct listing *l;
	const struct record *r;
	size_t i, j, n = 0, first;

	for (i = 0; i < res->nuris; i++)
		n += res->records[res->uris[i].rec].es.n;
	l = xreallocarray(NULL, n, sizeof(*l));
	for (i = n = 0; i < res->nuris; i++) {
		r = &res->records[res->uris[i].rec];
		for (j = 0; j < r->es.n; j++, n++) {
			l[n].es = r->es.v[j];
			l[n].seq = n;
			l[n].uri = i;
		}
	}
	qsort(l, n, sizeof(*l), by_service);
	for (i = 0; i < n; i++) {
		if (i == 0 || strcmp(l[i].es, l[i - 1].es) != 0)
			first = l[i].seq;
		l[i].group = first;
	}
	qsort(l, n, sizeof(*l), by_group);
	for (i = 0; i < n; i++) {
		if (i == 0 || l[i].group != l[i - 1].group)
			fprintf(fp, "  %s\n", l[i].es);
		r = &res->records[res->uris[l[i].uri].rec];
		fprintf(fp, "    %zu  %s  (order %u pref %u",
		    res->uris[l[i].uri].rank, r->result.p, r->order,
		    r->preference);
		if (verbose)
			fprintf(fp, " ttl %u", (unsigned)res->uris[l[i].uri].ttl);
		fputs(")\n", fp);
		if (verbose && r->tel != NULL)
			put_tel(fp, r->tel);
	}
	free(l);
}

/* --route's verdict, on one line: "verdict: ACTION (REASON) URI -> ...". */
static void
put_verdict(FILE *fp, const struct verdict *v, const char *indent)
{
	const struct target *t;
	size_t i, j;

	fprintf(fp, "%sverdict: %s (", indent, action_name(v->action));
	esc_text(fp, v->reason, strlen(v->reason));
	fputc(')', fp);
	if (v->uri != NULL) {
		fputc(' ', fp);
		esc_text(fp, v->uri->p, v->uri->len);
	}
	if (v->routing_number != NULL) {
		fputs(" rn ", fp);
		esc_text(fp, v->routing_number, strlen(v->routing_number));
	}
	for (i = 0; i < v->ntarget; i++) {
		t = &v->target[i];
		fputs(i == 0 ? " -> " : ", ", fp);
		esc_text(fp, t->host, strlen(t->host));
		fprintf(fp, ":%u/%s [", t->port, t->transport);
		for (j = 0; j < t->naddr; j++)
			fprintf(fp, "%s%s", j > 0 ? " " : "", t->addr[j]);
		fputc(']', fp);
	}
	if (v->has_ttl)
		fprintf(fp, " ttl %u", v->ttl);
	fputc('\n', fp);
}

/* -v: the zone that answered, its SOA's owner, MNAME and RNAME. */
static void
put_zone(FILE *fp, const struct reply_soa *soa)
{
	char *apex = dname_str(soa->owner.wire, soa->owner.len);
	char *mname = dname_str(soa->mname.wire, soa->mname.len);
	char *rname = dname_str(soa->rname.wire, soa->rname.len);

	fputs("  zone: ", fp);
	esc_text(fp, apex, strlen(apex));
	fputs(" (", fp);
	esc_text(fp, mname, strlen(mname));
	fputs(", contact ", fp);
	esc_text(fp, rname, strlen(rname));
	fputs(")\n", fp);
	free(apex);
	free(mname);
	free(rname);
}

/*
 * Text: a header line (with --verbose, the header flags below it), then
 * the URIs grouped per Enumservice in rank order (a URI offered for
 * several appears under each), then how many records were discarded, or
 * with --verbose every record and what became of it.  With --first, the
 * bare best URI.
 */
int
output_text(FILE *fp, const struct result *res, const struct options *opt)
{
	size_t i;

	if (opt->first && res->verdict != NULL) {
		put_verdict(fp, res->verdict, "");
		return ferror(fp) ? -1 : 0;
	}
	if (opt->first) {
		/* an empty line for no URI keeps lines and numbers paired */
		fprintf(fp, "%s\n", res->nuris > 0 ?
		    res->records[res->uris[0].rec].result.p : "");
		return ferror(fp) ? -1 : 0;
	}
	put_header(fp, res);
	if (opt->verbose)
		put_flags(fp, res);
	put_groups(fp, res, opt->verbose);
	if (res->verdict != NULL)
		put_verdict(fp, res->verdict, "  ");
	if (opt->verbose && (res->soa != NULL || (res->verdict != NULL &&
	    res->verdict->has_zone)))
		put_zone(fp, res->soa != NULL ? res->soa :
		    &res->verdict->zone);
	/* a broken rule ranked first must not go unseen without -v */
	if (!opt->verbose && res->discarded > 0)
		fprintf(fp, "  %zu record%s discarded (-v shows why)\n",
		    res->discarded, res->discarded == 1 ? "" : "s");
	if (opt->verbose && res->nrecords > 0) {
		fputs("  records\n", fp);
		for (i = 0; i < res->nrecords; i++) {
			fputs("    ", fp);
			put_record(fp, &res->records[i]);
		}
	}
	return ferror(fp) ? -1 : 0;
}
