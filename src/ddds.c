/* SPDX-License-Identifier: ISC */
/* enumq: DDDS substitution expressions (RFC 3402 3.2) compiled once, run bounded. */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "enumq.h"

#define CACHE_SLOTS	4096	/* a power of two; the cache is emptied when half full */
#define DFA_WORKSPACE	2048	/* ints; PCRE2 asks for at least 20 */

/*
 * A POSIX ERE compiled by PCRE2 from ere.c's rewrite of it.  PCRE2 takes
 * the first match its alternatives and repetitions reach; POSIX takes
 * the longest of the leftmost (XBD 9.1).  They differ only where matches
 * from one start can end at different places, and there pcre2_dfa_match,
 * which finds every match at the leftmost start, longest first, gives
 * the span.
 */
struct ddds_regex {
	pcre2_code	*code;
	uint32_t	 ngroup;	/* parenthesised subexpressions */
	int		 longest;	/* ask the DFA for the span first */
};

/* One parsed and compiled substitution expression. */
struct subst {
	struct bytes	 key;		/* the REGEXP field as received */
	const char	*error;		/* why it is unusable, or NULL */
	char		*why;		/* the error in words, or NULL */
	struct ddds_regex *re;
	struct bytes	 repl;		/* replacement, delimiters unescaped */
};

/* The expressions of a run, keyed by their bytes, and the match limits. */
struct ddds_cache {
	struct subst		*slot[CACHE_SLOTS];
	size_t			 used;
	pcre2_match_context	*mctx;
	pcre2_match_data	*md;		/* the groups of a match */
	pcre2_match_data	*dfa_md;	/* the DFA's longest match */
	int			 dfa_ws[DFA_WORKSPACE];
};

/* Create an empty cache with PCRE2 limits that bound every match. */
struct ddds_cache *
ddds_cache_new(void)
{
	struct ddds_cache *c = xcalloc(1, sizeof(*c));

	if ((c->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (c->md = pcre2_match_data_create(10, NULL)) == NULL ||
	    (c->dfa_md = pcre2_match_data_create(1, NULL)) == NULL)
		util_fatal("out of memory");
	pcre2_set_match_limit(c->mctx, REGEXP_MATCH_LIMIT);
	pcre2_set_depth_limit(c->mctx, REGEXP_DEPTH_LIMIT);
	pcre2_set_heap_limit(c->mctx, 1024);	/* kibibytes */
	return c;
}

/*
 * Compile a POSIX ERE (len bytes of re; icase for the "i" flag) into *rx.
 * Returns NULL, or the reason it is refused ("bad-regexp",
 * "regexp-undefined", "regexp-limit"), with *why (to be freed) saying
 * what and why.
 */
const char *
ddds_regex_new(const char *re, size_t len, int icase, struct ddds_regex **rx,
    char **why)
{
	uint32_t copt = PCRE2_NEVER_UTF | PCRE2_NEVER_BACKSLASH_C |
	    PCRE2_DOLLAR_ENDONLY | PCRE2_DOTALL;
	PCRE2_UCHAR msg[120];
	PCRE2_SIZE erroff;
	struct ere e;
	const char *error;
	int errcode;

	*rx = NULL;
	*why = NULL;
	if ((error = ere_translate(&e, re, len)) != NULL) {
		*why = xstrdup(e.why);
		return error;
	}
	*rx = xcalloc(1, sizeof(**rx));
	(*rx)->ngroup = e.ngroup;
	(*rx)->longest = !e.one_end;
	if (icase)
		copt |= PCRE2_CASELESS;
	(*rx)->code = pcre2_compile((PCRE2_SPTR)e.pattern, e.len, copt,
	    &errcode, &erroff, NULL);
	ere_free(&e);
	if ((*rx)->code != NULL)
		return NULL;
	if (errcode == PCRE2_ERROR_HEAP_FAILED)
		util_fatal("out of memory");
	pcre2_get_error_message(errcode, msg, sizeof(msg));
	*why = xasprintf("PCRE2: %s", (char *)msg);
	ddds_regex_free(*rx);
	*rx = NULL;
	/* a valid ERE PCRE2 cannot hold */
	switch (errcode) {
	case PCRE2_ERROR_PATTERN_TOO_LARGE:
	case PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP:
	case PCRE2_ERROR_PATTERN_TOO_COMPLICATED:
		return "regexp-limit";
	default:
		return "bad-regexp";
	}
}

/* Release a compiled ERE; accepts NULL. */
void
ddds_regex_free(struct ddds_regex *rx)
{
	if (rx == NULL)
		return;
	pcre2_code_free(rx->code);
	free(rx);
}

/* The number of parenthesised subexpressions of a compiled ERE. */
uint32_t
ddds_regex_groups(const struct ddds_regex *rx)
{
	return rx->ngroup;
}

/*
 * Match rx against len bytes of s as POSIX does; the groups are in c->md.
 * Returns pcre2_match's result.
 */
static int
regex_match(struct ddds_cache *c, const struct ddds_regex *rx, const char *s,
    size_t len)
{
	PCRE2_SIZE *ov, start, end;
	int rc;

	if (!rx->longest)
		return pcre2_match(rx->code, (PCRE2_SPTR)s, len, 0, 0, c->md,
		    c->mctx);
	/* 0: more matches than the ovector holds; the longest is first */
	rc = pcre2_dfa_match(rx->code, (PCRE2_SPTR)s, len, 0, 0, c->dfa_md,
	    c->mctx, c->dfa_ws, DFA_WORKSPACE);
	if (rc < 0)
		return rc;
	ov = pcre2_get_ovector_pointer(c->dfa_md);
	start = ov[0];
	end = ov[1];
	/*
	 * The groups: PCRE2's first match of exactly that span, the subject
	 * cut at its end, where '$' must not match unless it is the end.
	 */
	return pcre2_match(rx->code, (PCRE2_SPTR)s, end, start,
	    PCRE2_ANCHORED | PCRE2_ENDANCHORED | (end < len ? PCRE2_NOTEOL : 0),
	    c->md, c->mctx);
}

/* A PCRE2 match failure as a reason. */
static const char *
match_error(int rc)
{
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return "no-match";
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_DFA_WSSIZE:
		return "regexp-limit";
	default:
		return "bad-regexp";
	}
}

/*
 * Match rx against len bytes of s: the longest of the leftmost matches
 * (XBD 9.1).  Returns NULL and sets span[0] and span[1] to its start and
 * end, or returns why not ("no-match", "regexp-limit").
 */
const char *
ddds_regex_match(struct ddds_cache *c, const struct ddds_regex *rx,
    const char *s, size_t len, size_t span[2])
{
	PCRE2_SIZE *ov;
	int rc;

	if ((rc = regex_match(c, rx, s, len)) < 0)
		return match_error(rc);
	ov = pcre2_get_ovector_pointer(c->md);
	span[0] = ov[0];
	span[1] = ov[1];
	return NULL;
}

static void
subst_free(struct subst *s)
{
	if (s == NULL)
		return;
	bytes_free(&s->key);
	bytes_free(&s->repl);
	free(s->why);
	ddds_regex_free(s->re);
	free(s);
}

static void
cache_clear(struct ddds_cache *c)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++) {
		subst_free(c->slot[i]);
		c->slot[i] = NULL;
	}
	c->used = 0;
}

/* Release the cache and everything compiled into it; accepts NULL. */
void
ddds_cache_free(struct ddds_cache *c)
{
	if (c == NULL)
		return;
	cache_clear(c);
	pcre2_match_data_free(c->md);
	pcre2_match_data_free(c->dfa_md);
	pcre2_match_context_free(c->mctx);
	free(c);
}

/*
 * Check the replacement's backrefs against the ERE's groups: \N beyond
 * the last group is an error (RFC 3402 3.2).
 */
static int
backrefs_valid(const struct bytes *repl, uint32_t ngroup)
{
	size_t i;

	for (i = 0; i + 1 < repl->len; i++) {
		if (repl->p[i] != '\\')
			continue;
		i++;
		if (repl->p[i] >= '1' && repl->p[i] <= '9' &&
		    (uint32_t)(repl->p[i] - '0') > ngroup)
			return 0;
	}
	return 1;
}

/*
 * Split "<d>ere<d>repl<d>flags" on its unescaped delimiters, turning
 * "\<d>" into <d> (before the ERE is read: "\x" means something else
 * there) and compile the ERE.  Sets s->error on any fault.
 */
static void
subst_parse(struct subst *s)
{
	const char *p = s->key.p, *end = s->key.p + s->key.len;
	char *part[2], delim;
	size_t plen[2] = { 0, 0 }, n = 0;

	if (s->key.len < 3) {
		s->error = "bad-delimiters";
		return;
	}
	delim = *p++;
	if ((delim >= '1' && delim <= '9') || delim == 'i' || delim == '\\') {
		s->error = "bad-delimiters";
		return;
	}
	part[0] = xmalloc(s->key.len);
	part[1] = xmalloc(s->key.len);
	for (; p < end && n < 2; p++) {
		if (*p == '\\' && p + 1 < end && p[1] == delim)
			part[n][plen[n]++] = *++p;
		else if (*p == '\\' && p + 1 < end) {
			part[n][plen[n]++] = *p++;
			part[n][plen[n]++] = *p;
		} else if (*p == delim)
			n++;
		else
			part[n][plen[n]++] = *p;
	}
	/* p is past the third delimiter; what is left are the flags */
	if (n < 2 || memchr(p, delim, end - p) != NULL)
		s->error = "bad-delimiters";
	else if (end - p > 1 || (end - p == 1 && *p != 'i'))
		s->error = "bad-regexp-flags";
	if (s->error != NULL)
		goto out;
	bytes_set(&s->repl, part[1], plen[1]);
	if ((s->error = ddds_regex_new(part[0], plen[0], end - p == 1, &s->re,
	    &s->why)) == NULL && !backrefs_valid(&s->repl, s->re->ngroup))
		s->error = "bad-backref";
out:
	free(part[0]);
	free(part[1]);
}

/* The cached expression for a REGEXP field, parsed on first sight. */
static const struct subst *
cache_get(struct ddds_cache *c, const struct bytes *re)
{
	size_t i = util_hash(re->p, re->len) & (CACHE_SLOTS - 1);
	struct subst *s;

	for (; (s = c->slot[i]) != NULL; i = (i + 1) & (CACHE_SLOTS - 1))
		if (s->key.len == re->len &&
		    memcmp(s->key.p, re->p, re->len) == 0)
			return s;
	/* Keep memory bounded whatever a sweep meets: start afresh. */
	if (c->used >= CACHE_SLOTS / 2) {
		cache_clear(c);
		i = util_hash(re->p, re->len) & (CACHE_SLOTS - 1);
	}
	s = xcalloc(1, sizeof(*s));
	bytes_set(&s->key, re->p, re->len);
	subst_parse(s);
	c->slot[i] = s;
	c->used++;
	return s;
}

/*
 * Apply a REGEXP field to the AUS (RFC 3402 3.2): on a match (POSIX's,
 * the longest of the leftmost) the result is the replacement with \1-\9
 * filled in, "\\" a backslash and any other "\c" kept as is.  Returns
 * NULL and sets *out, or returns the reason the record is discarded or
 * skipped ("no-match", "regexp-limit", ...) and, unless why is NULL, sets
 * *why to the reason in words or NULL, valid until the next rewrite.
 */
const char *
ddds_rewrite(struct ddds_cache *c, const struct bytes *re, const char *aus,
    struct bytes *out, const char **why)
{
	const struct subst *s = cache_get(c, re);
	PCRE2_SIZE *ov;
	size_t i, n = 0, cap, g;
	char *buf;
	int rc;

	if (why != NULL)
		*why = s->why;
	if (s->error != NULL)
		return s->error;
	if ((rc = regex_match(c, s->re, aus, strlen(aus))) < 0)
		return match_error(rc);
	if (rc == 0)	/* more groups than the ovector holds: \1-\9 are set */
		rc = 10;
	ov = pcre2_get_ovector_pointer(c->md);
	/* every backref is at most the AUS long; one more for the NUL */
	cap = s->repl.len * (strlen(aus) + 1) + 1;
	buf = xmalloc(cap);
	for (i = 0; i < s->repl.len; i++) {
		if (s->repl.p[i] != '\\' || i + 1 == s->repl.len) {
			buf[n++] = s->repl.p[i];
			continue;
		}
		g = s->repl.p[++i] - '0';
		if (g >= 1 && g <= 9) {
			/* an unset group, or one beyond rc, is empty */
			if ((int)g < rc && ov[2 * g] != PCRE2_UNSET) {
				memcpy(buf + n, aus + ov[2 * g],
				    ov[2 * g + 1] - ov[2 * g]);
				n += ov[2 * g + 1] - ov[2 * g];
			}
		} else if (s->repl.p[i] == '\\')
			buf[n++] = '\\';
		else {
			buf[n++] = '\\';
			buf[n++] = s->repl.p[i];
		}
	}
	buf[n] = '\0';
	out->p = buf;
	out->len = n;
	return NULL;
}
