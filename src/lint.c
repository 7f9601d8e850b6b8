/* SPDX-License-Identifier: ISC */
/* enumq: --lint's checks, findings about the records a lookup saw. */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"
#include "lint.h"

#define RCODE_REFUSED	5

/* The words of each severity, as the outputs print them. */
const char *
lint_severity_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" :
	    "note";
}

/* Is the record at the name its lookup began at (after no hop)? */
static int
at_start(const struct result *res, const struct record *r)
{
	size_t i;

	if (r->depth != 0)
		return 0;
	for (i = 0; i < res->ntrees; i++)
		if (strcasecmp(r->owner, res->trees[i].domain) == 0)
			return 1;
	return 0;
}

/* Does the lookup's number own the name of the record at hand? */
int
lint_own(const struct lint_ctx *c)
{
	return (c->kind == LINT_GIVEN || c->kind == LINT_NUMBER) && c->start;
}

/* A record in presentation form: "NAPTR 100 10 "u" "E2U+sip" "..." ." */
static char *
record_str(const struct record *r)
{
	struct sbuf b = { 0 };

	sb_printf(&b, "NAPTR %u %u \"", r->order, r->preference);
	lint_sb_esc(&b, r->flags.p, r->flags.len);
	sb_put(&b, "\" \"", 3);
	lint_sb_esc(&b, r->services.p, r->services.len);
	sb_put(&b, "\" \"", 3);
	lint_sb_esc(&b, r->regexp.p, r->regexp.len);
	sb_printf(&b, "\" %s", r->replacement);
	return b.p;
}

/*
 * A record named in a message about a pair: "the record at file:line",
 * or over the network "the answer's record N".
 */
static char *
where(const struct lint_ctx *c, size_t idx)
{
	const struct record *r = &c->res->records[idx];

	if (r->file != NULL)
		return xasprintf("the record at %s:%lu", r->file,
		    (unsigned long)r->line);
	return xasprintf("the answer's record %zu", idx - c->first + 1);
}

/*
 * Add a finding about the record at hand (or, r NULL, about the number's
 * answer); detail tells apart findings of one code about one record.
 */
void
lint_finding(struct lint_ctx *c, enum severity sev, const char *code,
    const char *rfc, const char *detail, const char *fmt, ...)
{
	struct lint_findings *lf = c->lf;
	const struct record *r = c->r;
	struct finding *f;
	va_list ap;

	lf->v = xgrow(lf->v, lf->n, sizeof(*lf->v));
	f = &lf->v[lf->n++];
	memset(f, 0, sizeof(*f));
	f->severity = sev;
	f->code = code;
	f->rfc = rfc;
	va_start(ap, fmt);
	if (vasprintf(&f->message, fmt, ap) == -1)
		util_fatal("out of memory");
	va_end(ap);
	if (r == NULL) {
		f->file = c->file;
		f->line = c->line;
		f->owner = xstrdup(c->res->domain != NULL ? c->res->domain :
		    "");
		f->number = xstrdup(c->res->number.aus);
		f->key = xasprintf("%s\t%s\t%s", f->owner, code, detail);
		return;
	}
	f->file = r->file;
	f->line = r->line;
	f->owner = xstrdup(r->owner);
	f->number = lint_own(c) ? xstrdup(c->res->number.aus) : NULL;
	f->record = record_str(r);
	if (r->file != NULL)
		f->key = xasprintf("%s:%lu\t%s\t%s", r->file,
		    (unsigned long)r->line, code, detail);
	else
		f->key = xasprintf("%s %s\t%s\t%s", f->owner, f->record, code,
		    detail);
}

/* The fixed words of the reasons a record is discarded for. */
static const struct {
	const char	*reason;
	const char	*rfc;
	const char	*message;
} reasons[] = {
	{ "no-replacement", "RFC 6116 5.2.1", "a non-terminal record "
	    "(empty flags) without a replacement: the record is discarded" },
	{ "not-e2u", "RFC 6116 3.4.3", "the services field does not hold "
	    "E2U exactly once: not an ENUM record, clients skip it" },
	{ "no-enumservice", "RFC 6116 3.4.3", "no usable Enumservice in the "
	    "services field: the record is discarded" },
	{ "regexp-and-replacement", "RFC 3403 4.1", "both a regexp and a "
	    "replacement, which exclude each other: the record is discarded" },
	{ "no-regexp", "RFC 3403 4.1", "a terminal record without a regexp "
	    "yields no URI: the record is discarded" },
	{ "bad-delimiters", "RFC 3402 3.2", "the regexp does not have "
	    "exactly three unescaped delimiters: the record is discarded" },
	{ "bad-regexp-flags", "RFC 3402 3.2", "the regexp's flags are "
	    "neither empty nor \"i\": the record is discarded" },
	{ "bad-regexp", "RFC 3402 3.2", "the ERE is invalid: the record is "
	    "discarded" },
	{ "regexp-undefined", "RFC 3402 3.2", "the ERE holds what POSIX "
	    "leaves undefined: the record is discarded" },
	{ "bad-backref", "RFC 3402 3.2", "the replacement names a group the "
	    "ERE does not have: the record is discarded" },
	{ "regexp-limit", "RFC 5483 3", "matching the ERE takes more than "
	    "enumq's limits allow: the record is discarded" },
	{ "scheme-mismatch", "RFC 6117 5.2.4", "the URI's scheme is not one "
	    "its Enumservices allow: the record is discarded" },
};

/* An error about the record at hand, one of its code a record. */
#define ERROR(c, code, rfc, ...) \
	lint_finding((c), SEV_ERROR, (code), (rfc), "", __VA_ARGS__)
#define RFC_CHAIN	"RFC 6116 5.2.1"	/* non-terminal chains */

/* The reasons that depend on the number the rewrite ran for. */
static int
by_number(const char *why)
{
	return strcmp(why, "regexp-limit") == 0 ||
	    strcmp(why, "not-a-uri") == 0 ||
	    strcmp(why, "scheme-mismatch") == 0;
}

/* The reasons a target gives nothing for other than that it is none. */
static int
target_failed(const struct record *r)
{
	return (strcmp(r->reason, "target-nodata") == 0 &&
	    r->target_naptrs > 0) || (strcmp(r->reason, "target-error") == 0 &&
	    r->target_rcode != RCODE_REFUSED);
}

/* A bad field, escaped, in a finding's message: the record's own bytes. */
static void
error_field(struct lint_ctx *c, const char *code, const char *rfc,
    const char *before, const struct bytes *field, const char *after)
{
	struct sbuf b = { 0 };

	lint_sb_esc(&b, field->p, field->len);
	ERROR(c, code, rfc, "%s\"%s\"%s", before, b.p != NULL ? b.p : "",
	    after);
	free(b.p);
}

/* The dangling targets: none, outside every zone, without NAPTRs. */
static void
error_chain(struct lint_ctx *c)
{
	const struct record *r = c->r;
	const char *why = r->reason, *to = r->replacement;

	if (strcmp(why, "loop") == 0 && r->depth + 1 > CHAIN_MAX_HOPS)
		ERROR(c, "too-deep", RFC_CHAIN, "following %s would be hop "
		    "%d: a chain of more than %d non-terminal hops is taken as "
		    "a loop; the record is discarded", to, r->depth + 1,
		    CHAIN_MAX_HOPS);
	else if (strcmp(why, "loop") == 0)
		ERROR(c, why, RFC_CHAIN, "%s is a name the chain passed "
		    "already: a loop; the record is discarded", to);
	else if (strcmp(why, "query-limit") == 0)
		ERROR(c, why, RFC_CHAIN, "the lookup had sent its %d queries: "
		    "%s is not followed", QUERIES_MAX, to);
	else if (strcmp(why, "target-nxdomain") == 0)
		ERROR(c, "dangling-target", RFC_CHAIN, "the target %s does "
		    "not exist (NXDOMAIN)", to);
	else if (strcmp(why, "target-error") == 0 &&
	    r->target_rcode == RCODE_REFUSED)
		ERROR(c, "dangling-target", RFC_CHAIN, "the target %s is "
		    "outside every zone %s", to, r->file != NULL ? "given" :
		    "its server serves (REFUSED)");
	else if (strcmp(why, "target-nodata") == 0 && r->target_naptrs == 0)
		ERROR(c, "dangling-target", RFC_CHAIN, "the target %s has no "
		    "NAPTR records", to);
	else if (strcmp(why, "target-nodata") == 0)
		ERROR(c, why, RFC_CHAIN, "the target %s has NAPTR records, but "
		    "none yields a URI", to);
	else
		ERROR(c, why, RFC_CHAIN, "the target %s gives no valid answer",
		    to);
}

/* A finding for why the lookup discarded the record, if that is one. */
static void
check_reason(struct lint_ctx *c)
{
	const struct record *r = c->r;
	const char *why = r->reason;
	size_t i;

	if (why == NULL || strcmp(why, "filtered") == 0)
		return;
	if (strcmp(why, "no-match") == 0) {
		/* a target or a wildcard serves other numbers too */
		if (lint_own(c))
			ERROR(c, "never-matches", "RFC 5483 4", "the ERE does "
			    "not match %s, the only number that asks for this "
			    "name: the record is never used",
			    c->res->number.aus);
		return;
	}
	/* what a rewrite gives depends on the number: none owns the name */
	if (c->kind == LINT_NAME && by_number(why))
		return;
	if ((strcmp(why, "bad-regexp") == 0 ||
	    strcmp(why, "regexp-undefined") == 0) &&
	    lint_unescaped_plus(&r->regexp))
		return;		/* check_regexp names the fault */
	/*
	 * A target that yields nothing for the number: said of the name's
	 * own record; deeper in a chain it follows from a finding further
	 * on, and for a name no number owns it depends on the number.
	 */
	if (target_failed(r) && (r->depth > 0 || c->kind == LINT_NAME))
		return;
	if (strcmp(why, "unknown-flags") == 0)
		error_field(c, why, "RFC 6116 3.4.2", "flags ", &r->flags,
		    ": ENUM knows only \"u\" and none: the record is "
		    "discarded");
	else if (strcmp(why, "not-a-uri") == 0)
		error_field(c, why, "RFC 6116 3.3", "the result ", &r->result,
		    " is not an absolute URI: the record is discarded");
	else if (strcmp(why, "loop") == 0 || strcmp(why, "query-limit") == 0 ||
	    strncmp(why, "target-", 7) == 0)
		error_chain(c);
	else {
		for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
			if (strcmp(why, reasons[i].reason) == 0)
				break;
		/* the lookup's words for an ERE's fault, when it has them */
		if (i < sizeof(reasons) / sizeof(reasons[0]) && r->why != NULL)
			ERROR(c, why, reasons[i].rfc, "%s (%s)",
			    reasons[i].message, r->why);
		else if (i < sizeof(reasons) / sizeof(reasons[0]))
			ERROR(c, why, reasons[i].rfc, "%s", reasons[i].message);
		else
			ERROR(c, why, "RFC 6116 5.2", "the record is discarded "
			    "(%s)", why);
	}
}

/* Can a record serve: a URI, or a target that gave some? */
static int
usable(const struct record *r)
{
	return r->reason == NULL && r->result.p != NULL;
}

/* Do two records offer one Enumservice? */
static int
share_service(const struct record *a, const struct record *b)
{
	size_t i, j;

	for (i = 0; i < a->es.n; i++)
		for (j = 0; j < b->es.n; j++)
			if (strcmp(a->es.v[i], b->es.v[j]) == 0)
				return 1;
	return 0;
}

/*
 * The record at hand against those before it in its set: each finding
 * sits on the later record and names the earlier (RFC 2181 5.2, RFC 5483
 * 4.4).
 */
static void
check_pairs(struct lint_ctx *c, size_t idx)
{
	const struct record *recs = c->res->records, *r = c->r, *e;
	char *w;
	size_t j;

	if (idx > c->first && r->ttl != recs[c->first].ttl) {
		w = where(c, c->first);
		lint_finding(c, SEV_WARNING, "ttl-mismatch", "RFC 2181 5.2", w,
		    "TTL %lu, where %s, the first of the set, has %lu: an "
		    "RRset has one TTL", (unsigned long)r->ttl, w,
		    (unsigned long)recs[c->first].ttl);
		free(w);
	}
	if (c->kind == LINT_NAME || !usable(r))
		return;
	for (j = c->first; j < idx; j++) {
		e = &recs[j];
		if (!usable(e) || e->order != r->order ||
		    e->preference != r->preference ||
		    (e->result.len == r->result.len &&
		    memcmp(e->result.p, r->result.p, r->result.len) == 0))
			continue;
		w = where(c, j);
		lint_finding(c, SEV_WARNING, "duplicate-rank", "RFC 5483 4.4",
		    w, "ORDER %u and PREFERENCE %u as %s, with another "
		    "result: which comes first is up to the server",
		    r->order, r->preference, w);
		free(w);
		break;
	}
	for (j = c->first; r->terminal && j < idx; j++) {
		e = &recs[j];
		if (!usable(e) || !e->terminal ||
		    e->result.len != r->result.len ||
		    memcmp(e->result.p, r->result.p, r->result.len) != 0 ||
		    !share_service(e, r))
			continue;
		w = where(c, j);
		lint_finding(c, SEV_WARNING, "duplicate-uri", "RFC 5483 4.4", w,
		    "the same URI for the same Enumservice as %s: one of "
		    "them is never used", w);
		free(w);
		break;
	}
}

/*
 * The name's first NAPTR, when none of the name's records yields a URI
 * for the number (RFC 5346 4.1.2): a wildcard's only when the probe
 * number matched its records, a name no number owns never.
 */
static void
check_usable(struct lint_ctx *c)
{
	const struct result *res = c->res;
	size_t i;

	/* an error (a target that failed) is a fallback, not a failed call */
	if (res->status != ST_NODATA || c->kind == LINT_NAME || !c->start)
		return;
	for (i = c->first; c->kind == LINT_WILDCARD && i < res->nrecords &&
	    res->records[i].set == c->r->set; i++)
		if (res->records[i].reason != NULL &&
		    strcmp(res->records[i].reason, "no-match") == 0)
			return;
	lint_finding(c, SEV_ERROR, "no-usable-uri", "RFC 5346 4.1.2", "",
	    "the name has NAPTR records, but none yields a URI%s: the call "
	    "fails at once", c->kind == LINT_WILDCARD ? "" : " for the number");
}

/*
 * A number whose answer holds nothing to check: given, or a zone's name
 * below a zone cut, or whose CNAME leads nowhere.
 */
static void
check_answer(struct lint_ctx *c)
{
	const struct result *res = c->res;

	/* with records, a failing target is said on its record */
	if (res->status == ST_ERROR && res->nrecords == 0)
		lint_finding(c, SEV_ERROR, "no-answer", "RFC 5346 4.2", "",
		    "nothing to check: %s", res->error != NULL ? res->error :
		    "no valid answer");
	else if (res->status == ST_ERROR)
		return;
	else if (res->status == ST_NXDOMAIN && c->kind == LINT_NUMBER)
		lint_finding(c, SEV_NOTE, "nxdomain", "RFC 5346 4.1", "", "the "
		    "name's CNAME leads to a name that does not exist: the "
		    "number is not in ENUM (NXDOMAIN)");
	else if (res->status == ST_NXDOMAIN)
		lint_finding(c, SEV_NOTE, "nxdomain", "RFC 5346 4.1", "", "the "
		    "number is not in ENUM (NXDOMAIN)");
	else if (res->nrecords == 0 && c->kind == LINT_NUMBER)
		lint_finding(c, SEV_NOTE, "no-naptr", "RFC 5346 4.1", "", "the "
		    "name's CNAME leads to a name without NAPTR records");
	else if (res->nrecords == 0)
		lint_finding(c, SEV_NOTE, "no-naptr", "RFC 5346 4.1", "", "the "
		    "number's name holds no NAPTR records");
}

/*
 * Check the records of a lookup's result, appending findings to lf in
 * the order of the records; kind says who owns the name it began at,
 * file and line where that name is written (NULL, 0 when unknown), for
 * findings about the answer as a whole.
 */
void
lint_check(struct lint_findings *lf, const struct result *res,
    enum lint_kind kind, const char *file, uint32_t line)
{
	struct lint_ctx c = { .lf = lf, .res = res, .kind = kind,
	    .file = file, .line = line };
	size_t i;

	if (!res->valid)
		return;
	if (kind == LINT_GIVEN || kind == LINT_NUMBER)
		check_answer(&c);
	for (i = 0; i < res->nrecords; i++) {
		c.r = &res->records[i];
		/* the records of a set share their owner */
		if (i == 0 || c.r->set != res->records[i - 1].set) {
			c.first = i;
			c.start = at_start(res, c.r);
		}
		if (c.start)
			lf->records++;
		check_reason(&c);
		lint_check_form(&c);
		check_pairs(&c, i);
		if (i == c.first)
			check_usable(&c);
	}
}

/* Forget the findings, keep the cache. */
void
lint_findings_clear(struct lint_findings *lf)
{
	size_t i;

	for (i = 0; i < lf->n; i++) {
		free(lf->v[i].owner);
		free(lf->v[i].number);
		free(lf->v[i].record);
		free(lf->v[i].message);
		free(lf->v[i].key);
	}
	free(lf->v);
	lf->v = NULL;
	lf->n = 0;
}

/* Release the findings and the cache; lf is empty afterwards. */
void
lint_findings_free(struct lint_findings *lf)
{
	lint_findings_clear(lf);
	lint_cache_free(lf->cache);
	memset(lf, 0, sizeof(*lf));
}
