/* SPDX-License-Identifier: ISC */
/* enumq: --lint over the zones' names or over the numbers given, and --list. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"

#define THREADS_MAX	8	/* threads for a zone's names at most */
#define OWNERS_THREAD	4096	/* names a thread is worth starting for */
#define OWNERS_ROUND	16384	/* names a round holds, for each thread */
#define OWNERS_CHUNK	1024	/* names a thread takes at a time */
#define ISN_TREE	"freenum.org."
#define PREFETCH_AHEAD	4	/* names whose index slots are fetched ahead */

/* The trees whose names are numbers: -t's, or e164.arpa. and the ISN's. */
struct trees {
	const char	*str[TREES_MAX];	/* absolute */
	struct dname	 name[TREES_MAX];
	int		 plain[TREES_MAX];	/* see tree_plain */
	size_t		 n;
};

/*
 * Can e164_parse's reading of a name under this tree be had straight from
 * the wire (name_digits)?  When the tree is two or more LDH labels, the
 * first neither all digits nor "i" nor one letter, the last not all
 * digits, and spelled as its string is: then the one-digit labels before
 * it are the number, and the tree starts where they end.
 */
static int
tree_plain(const char *str, const struct dname *d)
{
	const uint8_t *w = d->wire;
	size_t at, len, i, digits;
	char *s;
	int same;

	if (dname_labels(d) < 2 || w[0] < 2)
		return 0;
	for (at = 0; (len = w[at]) != 0; at += len + 1) {
		if (!util_ldh((const char *)w + at + 1, len, 63))
			return 0;
		for (i = digits = 0; i < len; i++)
			digits += w[at + 1 + i] >= '0' && w[at + 1 + i] <= '9';
		if ((at == 0 || w[at + len + 1] == 0) && digits == len)
			return 0;
	}
	s = dname_str(w, d->len);
	same = strcmp(s, str) == 0;
	free(s);
	return same;
}

static void
trees_init(const struct options *opt, struct trees *t)
{
	size_t i;

	t->n = 0;
	for (i = 0; i < opt->ntree; i++)
		if (dname_from_str(opt->tree[i], &t->name[t->n]) == 0)
			t->str[t->n++] = opt->tree[i];
	if (opt->ntree == 0) {
		t->str[0] = "e164.arpa.";
		t->str[1] = ISN_TREE;
		for (t->n = 0; t->n < 2; t->n++)
			dname_from_str(t->str[t->n], &t->name[t->n]);
	}
	for (i = 0; i < t->n; i++)
		t->plain[i] = tree_plain(t->str[i], &t->name[i]);
}

/*
 * A number's name read from the wire, as e164_parse reads it written out
 * (the common case, a sweep's every name): one-digit labels, at most 15
 * and the last not 0, then a plain tree.  Returns 1 with n filled in, 0
 * when the name is anything else (e164_parse decides then).
 */
static int
name_digits(const struct trees *t, const struct dname *d, struct number *n)
{
	const uint8_t *w = d->wire;
	size_t at, nd, i;

	for (at = nd = 0; at + 1 < d->len && w[at] == 1 &&
	    w[at + 1] >= '0' && w[at + 1] <= '9'; at += 2)
		nd++;
	if (nd == 0 || nd > E164_MAX_DIGITS || w[at - 1] == '0')
		return 0;
	for (i = 0; i < t->n; i++)
		if (t->plain[i] && d->len - at == t->name[i].len &&
		    dname_wire_equal(w + at, t->name[i].wire, t->name[i].len))
			break;
	if (i == t->n)
		return 0;
	n->aus[0] = '+';
	for (i = 0; i < nd; i++)
		n->aus[nd - i] = (char)w[2 * i + 1];
	n->aus[nd + 1] = '\0';
	n->isn = n->infrastructure = 0;
	n->named = 1;
	n->note = NULL;
	n->msg[0] = '\0';
	/* the tree as the name spells it, LDH labels: no escapes */
	for (i = 0; w[at] != 0; at += w[at] + 1) {
		memcpy(n->tree + i, w + at + 1, w[at]);
		i += w[at];
		n->tree[i++] = '.';
	}
	n->tree[i] = '\0';
	return 1;
}

/*
 * Read a name as a number (e164_parse reads ENUM domain names): NULL with
 * n filled in when it is one under the trees, else why it is not.
 */
static const char *
name_number(const struct trees *t, const struct dname *d, struct number *n)
{
	const char *why;
	char *s;
	size_t i;

	if (name_digits(t, d, n))
		return NULL;
	s = dname_str(d->wire, d->len);
	why = e164_parse(s, strlen(s), n);
	free(s);
	/* the tree the digits reach must be one: "x.4.4.e164.arpa." is not */
	for (i = 0; why == NULL && n->named && i < t->n; i++)
		if (strcasecmp(n->tree, t->str[i]) == 0)
			return NULL;
	for (i = 0; i < t->n; i++)
		if (dname_is_below(d, &t->name[i]))
			break;
	if (i == t->n)
		return "not under e164.arpa. or a -t tree";
	/* e164_parse reads a name as one only from a digit label on */
	if (why != NULL && d->wire[0] == 1 && d->wire[1] >= '0' &&
	    d->wire[1] <= '9')
		return why;
	return "not a number: a label other than a digit below the tree";
}

static int
is_wildcard(const struct dname *d)
{
	return d->len >= 2 && d->wire[0] == 1 && d->wire[1] == '*';
}

/*
 * How an owner is looked up: a number at its own name; a wildcard below a
 * number's name with a probe number, the shortest it serves (the name's
 * digits and a 0); any other name for its records' form.  Returns 0 for
 * an owner with nothing to check.
 */
static int
owner_plan(const struct trees *t, const struct zone_owner *o,
    const struct dname *d, struct number *n, enum lint_kind *kind)
{
	struct dname parent;
	size_t len;

	if ((o->types & (OWNER_NAPTR | OWNER_CNAME)) && !is_wildcard(d) &&
	    name_number(t, d, n) == NULL) {
		*kind = LINT_NUMBER;
		return 1;
	}
	if (!(o->types & OWNER_NAPTR))
		return 0;
	parent = *d;
	dname_chop(&parent);
	if (is_wildcard(d) && name_number(t, &parent, n) == NULL &&
	    !n->isn && (len = strlen(n->aus)) <= E164_MAX_DIGITS) {
		n->aus[len] = '0';
		n->aus[len + 1] = '\0';
		*kind = LINT_WILDCARD;
		return 1;
	}
	memset(n, 0, sizeof(*n));
	memcpy(n->aus, "+", 2);
	*kind = LINT_NAME;
	return 1;
}

/*
 * A round of a zone's names, cut into chunks that the threads take in
 * turn as each is done with its last (a thread the machine holds up
 * holds up no other), each chunk's findings kept apart, in their order.
 */
struct round {
	const struct zone_owner	*owner;
	size_t			 from, to;	/* the round's names */
	size_t			 next;		/* the next chunk to take */
	size_t			 nchunk;
	struct lint_findings	*lf;		/* each chunk's findings */
};

/* One thread and what it counted; its caches last from round to round. */
struct job {
	const struct options	*opt;
	const struct zone	*zone;
	const struct trees	*trees;
	struct round		*round;
	struct ddds_cache	*cache;
	struct lint_cache	*clean;		/* lint_findings' cache */
	size_t			 names, numbers;
};

/* Look up one owner from the zones and check what the lookup saw. */
static void
lint_owner(struct job *j, const struct zone_owner *o,
    struct lint_findings *lf)
{
	const struct dname *name;
	struct dname d;
	struct number n;
	enum lint_kind kind;
	struct lookup *lk;
	struct reply reply;
	const char *file;
	uint32_t line;

	zone_owner_name(j->zone, o, &d);
	if (!owner_plan(j->trees, o, &d, &n, &kind))
		return;
	j->names++;
	if (kind == LINT_NUMBER)
		j->numbers++;
	lk = lookup_number(j->opt, j->cache, &n, &d);
	while ((name = lookup_next(lk)) != NULL) {
		reply_init(&reply, name, QTYPE_NAPTR);
		zone_answer(j->zone, name, &reply);
		lookup_answer(lk, &reply);
		reply_clear(&reply);
	}
	zone_owner_where(j->zone, o, &file, &line);
	lint_check(lf, lookup_result(lk), kind, file, line);
	lookup_free(lk);
}

/*
 * Run a job on a copy of its struct, written back at the end: the jobs
 * sit side by side, and counting in place would bounce a cache line
 * between the CPUs at every name.  Takes chunks until none is left.
 */
static void *
job_run(void *arg)
{
	struct job *shared = arg, j = *shared;
	struct round *r = j.round;
	struct lint_findings *lf;
	size_t c, i, to;

	while ((c = __atomic_fetch_add(&r->next, 1, __ATOMIC_RELAXED)) <
	    r->nchunk) {
		lf = &r->lf[c];
		lf->cache = j.clean;
		i = r->from + c * OWNERS_CHUNK;
		to = i + OWNERS_CHUNK < r->to ? i + OWNERS_CHUNK : r->to;
		for (; i < to; i++) {
			if (i + PREFETCH_AHEAD < to)
				zone_owner_prefetch(j.zone, &r->owner[i +
				    PREFETCH_AHEAD]);
			lint_owner(&j, &r->owner[i], lf);
		}
		j.clean = lf->cache;
		lf->cache = NULL;
	}
	*shared = j;
	return NULL;
}

/*
 * --lint without numbers: every name of the zones that holds NAPTRs or a
 * number's CNAME, in zone order, shared out among threads a round at a
 * time, the findings of each round written in that order, each once (so
 * that the findings held at once are a round's, whatever the zone).
 * Returns the exit status (0, 1, 2); *werr is set when stdout fails.
 */
int
lint_zone(const struct options *opt, const struct zone *zone, int *werr)
{
	struct lint_report *lr = lint_report_new(opt, stdout);
	struct lint_findings done = { 0 };
	struct zone_owner *owner;
	struct trees trees;
	struct round r = { 0 };
	struct job *job;
	size_t n, njob, i;
	int status;

	trees_init(opt, &trees);
	n = zone_owners(zone, &owner);
	/* the trace of several threads would interleave */
	njob = opt->verbose ? 1 : cpus_usable();
	if (njob > THREADS_MAX)
		njob = THREADS_MAX;
	if (njob > n / OWNERS_THREAD + 1)
		njob = n / OWNERS_THREAD + 1;
	job = xcalloc(njob, sizeof(*job));
	for (i = 0; i < njob; i++) {
		job[i].opt = opt;
		job[i].zone = zone;
		job[i].trees = &trees;
		job[i].round = &r;
		job[i].cache = ddds_cache_new();
	}
	r.owner = owner;
	r.lf = xcalloc(njob * OWNERS_ROUND / OWNERS_CHUNK, sizeof(*r.lf));
	*werr = 0;
	for (r.from = 0; r.from < n; r.from = r.to) {
		r.to = n - r.from < njob * OWNERS_ROUND ? n :
		    r.from + njob * OWNERS_ROUND;
		r.nchunk = (r.to - r.from + OWNERS_CHUNK - 1) / OWNERS_CHUNK;
		r.next = 0;
		run_parallel(job_run, job, njob, sizeof(*job));
		for (i = 0; i < r.nchunk; i++) {
			lint_report_count(lr, 0, 0, r.lf[i].records);
			if (lint_report_add(lr, &r.lf[i]) == -1)
				*werr = 1;
			lint_findings_clear(&r.lf[i]);
			r.lf[i].records = 0;
		}
	}
	for (i = 0; i < njob; i++) {
		lint_report_count(lr, job[i].names, job[i].numbers, 0);
		done.cache = job[i].clean;
		lint_findings_free(&done);
		ddds_cache_free(job[i].cache);
	}
	for (i = 0; i < njob * OWNERS_ROUND / OWNERS_CHUNK; i++)
		lint_findings_free(&r.lf[i]);
	if (lint_report_finish(lr) == -1)
		*werr = 1;
	status = lint_report_status(lr);
	lint_report_free(lr);
	free(r.lf);
	free(job);
	free(owner);
	return status;
}

/* batch_run's check: one result of the numbers given, to lint_report. */
static int
lint_check_result(void *lr, const struct result *res)
{
	return lint_report_check(lr, res);
}

/*
 * --lint with numbers: each one's answer, from the zones or the network,
 * checked as the batch brings it.  Returns the exit status (0, 1, 2).
 */
int
lint_numbers(const struct options *opt, struct dns *dns,
    const struct zone *zone, struct input *in, int *werr)
{
	struct lint_report *lr = lint_report_new(opt, stdout);
	int status;

	batch_run(opt, dns, zone, in, lint_check_result, lr, werr);
	if (lint_report_finish(lr) == -1)
		*werr = 1;
	status = lint_report_status(lr);
	lint_report_free(lr);
	return status;
}

/*
 * --list: the numbers whose names hold NAPTRs, one a line in zone order,
 * for -f; with -v the owners left out, and why, on stderr.  Returns 0;
 * *werr is set when stdout fails.
 */
int
lint_list(const struct options *opt, const struct zone *zone, int *werr)
{
	struct zone_owner *owner;
	struct trees trees;
	struct dname d;
	struct number n;
	const char *why;
	char *s;
	size_t count, i;

	trees_init(opt, &trees);
	count = zone_owners(zone, &owner);
	for (i = 0; i < count; i++) {
		zone_owner_name(zone, &owner[i], &d);
		if (owner[i].types & OWNER_CNAME)
			why = "a CNAME, not NAPTR records";
		else if (!(owner[i].types & OWNER_NAPTR))
			why = "no NAPTR records";
		else if (is_wildcard(&d))
			why = "a wildcard, which no single number owns";
		else
			why = name_number(&trees, &d, &n);
		if (why == NULL) {
			if (!opt->quiet)
				printf("%s\n", n.aus);
		} else if (opt->verbose) {
			s = dname_str(d.wire, d.len);
			fprintf(stderr, "enumq: %s: not listed: %s\n", s, why);
			free(s);
		}
	}
	free(owner);
	*werr = ferror(stdout) != 0;
	return 0;
}
