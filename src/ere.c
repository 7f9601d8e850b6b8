/* SPDX-License-Identifier: ISC */
/* enumq: POSIX EREs read by POSIX's grammar and written out for PCRE2. */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ere.h"

/*
 * An ERE (IEEE Std 1003.1, XBD 9.4) is parsed by its grammar (XBD 9.5.3)
 * and written out again in PCRE2's syntax, with every ordinary character
 * as a hexadecimal escape and every bracket expression as a PCRE2 class
 * of the bytes it matches in the POSIX locale.  What POSIX leaves
 * undefined is refused, not guessed at: PCRE2, glibc and other clients
 * read it differently, so a record holding it means different things to
 * different clients.
 */

#define DUP_MAX		255	/* RE_DUP_MAX's least value (XBD <limits.h>) */
#define DEPTH_MAX	200	/* nested groups; PCRE2 allows 250 */
#define LEN_INF		((size_t)-1)

/*
 * What a piece of the ERE can match: the fewest and most bytes (LEN_INF
 * when unbounded), and whether every match of it ends at the end of the
 * subject (it ends in '$').
 */
struct extent {
	size_t	 min, max;
	int	 at_end;
};

/* How much of a construct a message shows, at most. */
int
ere_width(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

/* Record why the ERE is refused; the first fault found is the one told. */
void
ere_fault(struct parser *ps, const char *reason, const char *fmt, ...)
{
	va_list ap;

	if (ps->error != NULL)
		return;
	ps->error = reason;
	va_start(ap, fmt);
	vsnprintf(ps->ere->why, sizeof(ps->ere->why), fmt, ap);
	va_end(ap);
}

/* Append n bytes at s to the PCRE2 pattern. */
void
ere_emit(struct parser *ps, const char *s, size_t n)
{
	if (ps->len + n + 1 > ps->cap) {
		ps->cap = (ps->len + n + 1) * 2;
		ps->out = xreallocarray(ps->out, ps->cap, 1);
	}
	memcpy(ps->out + ps->len, s, n);
	ps->len += n;
	ps->out[ps->len] = '\0';
}

/* One byte as PCRE2 reads it literally, in a class or outside one. */
void
ere_emit_byte(struct parser *ps, unsigned c)
{
	static const char hex[] = "0123456789abcdef";
	char buf[4];

	if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z')) {
		buf[0] = c;
		ere_emit(ps, buf, 1);
		return;
	}
	buf[0] = '\\';
	buf[1] = 'x';
	buf[2] = hex[c >> 4];
	buf[3] = hex[c & 15];
	ere_emit(ps, buf, 4);
}

/* A byte as a message shows it: quotes, spaces and controls as \xHH. */
const char *
ere_shown(unsigned c, char buf[8])
{
	if (c > ' ' && c < 0x7f && c != '\'')
		snprintf(buf, 8, "%c", c);
	else
		snprintf(buf, 8, "\\x%02x", c & 0xff);
	return buf;
}

/* Is c a duplication symbol's first byte (XBD 9.4.6)? */
static int
is_dup(unsigned c)
{
	return c == '*' || c == '+' || c == '?' || c == '{';
}

/*
 * "{m}", "{m,}" or "{m,n}" at ps->p, copied out: m and n are decimal,
 * m <= n <= RE_DUP_MAX.  Anything else after '{' is undefined (XBD
 * 9.4.3).  Sets *m and *n (LEN_INF for "{m,}"); returns -1 on a fault.
 */
static int
interval(struct parser *ps, size_t *m, size_t *n)
{
	const unsigned char *q = ps->p + 1, *start = ps->p;
	size_t v[2] = { 0, 0 }, i = 0, digits;

	for (;;) {
		for (digits = 0; q < ps->end && *q >= '0' && *q <= '9'; q++) {
			digits++;
			if (v[i] <= DUP_MAX)	/* saturate above it */
				v[i] = v[i] * 10 + (*q - '0');
		}
		if (digits == 0 && !(i == 1 && q < ps->end && *q == '}'))
			break;
		if (q < ps->end && *q == ',' && i == 0) {
			i = 1;
			q++;
			continue;
		}
		if (q >= ps->end || *q != '}')
			break;
		*m = v[0];
		*n = i == 0 ? v[0] : digits == 0 ? LEN_INF : v[1];
		if (*m > DUP_MAX || (*n != LEN_INF && *n > DUP_MAX)) {
			UNDEFINED(ps, "'%.*s': a count above %d, RE_DUP_MAX's "
			    "least value", ere_width(q + 1 - start),
			    (const char *)start, DUP_MAX);
			return -1;
		}
		if (*n < *m) {
			UNDEFINED(ps, "'%.*s': the first count above the "
			    "second", ere_width(q + 1 - start),
			    (const char *)start);
			return -1;
		}
		ere_emit(ps, (const char *)start, q + 1 - start);
		ps->p = q + 1;
		return 0;
	}
	UNDEFINED(ps, "'%.*s': a '{' that begins no interval ({m}, {m,} or "
	    "{m,n})", ere_width(q - start + (q < ps->end)), (const char *)start);
	return -1;
}

/* min * k and max * k without overflow; an empty match stays empty. */
static size_t
len_mul(size_t a, size_t k)
{
	if (a == 0 || k == 0)
		return 0;
	if (a == LEN_INF || k == LEN_INF || a > (LEN_INF - 1) / k)
		return LEN_INF;
	return a * k;
}

static size_t
len_add(size_t a, size_t b)
{
	return a == LEN_INF || b == LEN_INF || a + b >= LEN_INF ? LEN_INF :
	    a + b;
}

static struct extent regex(struct parser *);

/*
 * A duplication symbol with nothing to repeat: at the start, after '(',
 * '|', '^' or '$' (XBD 9.4.3).  PCRE2's "(?" groups land here; say what
 * they are to PCRE2.
 */
static void
dup_misplaced(struct parser *ps)
{
	static const struct {
		const char	*s;
		const char	*what;
	} pcre[] = {
		{ "(?=", "a lookahead" }, { "(?!", "a lookahead" },
		{ "(?<=", "a lookbehind" }, { "(?<!", "a lookbehind" },
		{ "(?<", "a named group" }, { "(?P<", "a named group" },
		{ "(?'", "a named group" }, { "(?:", "a non-capturing group" },
		{ "(?", "a group of its own syntax" },
	};
	size_t i, n;
	char b[8];

	if (ps->p == ps->start) {
		UNDEFINED(ps, "'%s' at the start of the ERE: a duplication "
		    "symbol with nothing to repeat", ere_shown(*ps->p, b));
		return;
	}
	if (ps->p[-1] == '(' && ps->p[0] == '?') {
		for (i = 0; i < sizeof(pcre) / sizeof(pcre[0]); i++) {
			n = strlen(pcre[i].s);
			if ((size_t)(ps->end - ps->p + 1) >= n &&
			    memcmp(ps->p - 1, pcre[i].s, n) == 0)
				break;
		}
		UNDEFINED(ps, "'%s': '?' after '(' (to PCRE2 %s)",
		    pcre[i].s, pcre[i].what);
		return;
	}
	/* what stands before it: '(', '|', '^' or '$' */
	UNDEFINED(ps, "'%s' after '%c': a duplication symbol with nothing to "
	    "repeat", ere_shown(*ps->p, b), ps->p[-1]);
}

/*
 * One ERE_expression with its duplication symbol, if any (XBD 9.5.3):
 * written out, its extent in *x.  Returns -1 on a fault.
 */
static int
expression(struct parser *ps, struct extent *x)
{
	const unsigned char *atom = ps->p, *dup;
	unsigned c = *ps->p;
	size_t m, n;
	int anchor = 0;
	char b[8];

	x->min = x->max = 1;
	x->at_end = 0;
	switch (c) {
	case '(':
		ps->p++;
		if (ps->p < ps->end && *ps->p == ')') {
			UNDEFINED(ps, "'()': an empty group");
			return -1;
		}
		if (++ps->depth > DEPTH_MAX) {
			ere_fault(ps, "regexp-limit", "groups nested deeper than %d",
			    DEPTH_MAX);
			return -1;
		}
		ps->ngroup++;
		ere_emit(ps, "(", 1);
		*x = regex(ps);
		if (ps->error != NULL)
			return -1;
		if (ps->p >= ps->end) {
			INVALID(ps, "'(' without ')'");
			return -1;
		}
		ps->p++;	/* the ')' regex() stopped at */
		ps->depth--;
		ere_emit(ps, ")", 1);
		break;
	case '^':
	case '$':
		ps->p++;
		ere_emit(ps, (const char *)atom, 1);
		x->min = x->max = 0;
		x->at_end = c == '$';
		anchor = 1;
		break;
	case '.':
		ps->p++;
		ere_emit(ps, ".", 1);
		break;
	case '[':
		ps->p++;
		ere_bracket(ps);
		if (ps->error != NULL)
			return -1;
		break;
	case '\\':
		if (ps->p + 1 >= ps->end) {
			INVALID(ps, "a '\\' at the end");
			return -1;
		}
		c = ps->p[1];
		if (strchr("^.[$()|*+?{\\", c) == NULL) {
			if (c >= '1' && c <= '9')
				UNDEFINED(ps, "'\\%c': a backreference, which "
				    "an ERE does not have", c);
			else
				UNDEFINED(ps, "'\\%s': a backslash before an "
				    "ordinary character", ere_shown(c, b));
			return -1;
		}
		ps->p += 2;
		ere_emit_byte(ps, c);
		break;
	default:
		if (is_dup(c)) {
			dup_misplaced(ps);
			return -1;
		}
		/* an unmatched ')' is ordinary (XBD 9.4.3) */
		ps->p++;
		ere_emit_byte(ps, c);
		break;
	}
	if (ps->p >= ps->end || !is_dup(*ps->p))
		return 0;
	dup = ps->p;
	if (anchor) {
		dup_misplaced(ps);
		return -1;
	}
	switch (*ps->p) {
	case '*':
		m = 0;
		n = LEN_INF;
		break;
	case '+':
		m = 1;
		n = LEN_INF;
		break;
	case '?':
		m = 0;
		n = 1;
		break;
	default:
		if (interval(ps, &m, &n) == -1)
			return -1;
		break;
	}
	if (*dup != '{') {
		ere_emit(ps, (const char *)dup, 1);
		ps->p++;
	}
	x->min = len_mul(x->min, m);
	x->max = len_mul(x->max, n);
	if (m == 0)
		x->at_end = 0;
	if (ps->p < ps->end && is_dup(*ps->p)) {
		/* XBD 9.4.6: two duplication symbols in a row */
		UNDEFINED(ps, "'%.*s%c': a duplication symbol after another%s",
		    ere_width(ps->p - dup), (const char *)dup, *ps->p,
		    *ps->p == '?' ? " (to PCRE2 a lazy one)" :
		    *ps->p == '+' ? " (to PCRE2 a possessive one)" : "");
		return -1;
	}
	return 0;
}

/* A branch with no expression: the ERE, or an alternative, is empty. */
static void
empty_branch(struct parser *ps, int nbranch)
{
	const char *where;

	if (ps->end == ps->start) {
		UNDEFINED(ps, "an empty ERE");
		return;
	}
	if (ps->p >= ps->end && ps->depth > 0) {
		INVALID(ps, "'(' without ')'");
		return;
	}
	if (nbranch == 0)
		where = ps->depth > 0 ? "after '('" : "first";
	else if (ps->p >= ps->end)
		where = "last";
	else
		where = *ps->p == '|' ? "after '|'" : "before ')'";
	UNDEFINED(ps, "an empty alternative: '|' %s", where);
}

/*
 * extended_reg_exp: branches separated by '|', up to the end or, inside
 * a group, the ')' that closes it (left at ps->p).  A branch may not be
 * empty (XBD 9.4.3).  Returns the extent of the whole.
 */
static struct extent
regex(struct parser *ps)
{
	struct extent all = { LEN_INF, 0, 1 }, br, x;
	const unsigned char *bstart;
	int nbranch = 0;

	for (;;) {
		bstart = ps->p;
		br.min = br.max = 0;
		br.at_end = 0;
		while (ps->p < ps->end && *ps->p != '|' &&
		    !(*ps->p == ')' && ps->depth > 0)) {
			if (expression(ps, &x) == -1)
				return all;
			br.min = len_add(br.min, x.min);
			br.max = len_add(br.max, x.max);
			/* what follows a '$' can only match empty there */
			br.at_end = x.at_end || (br.at_end && x.max == 0);
		}
		if (ps->p == bstart) {
			empty_branch(ps, nbranch);
			return all;
		}
		nbranch++;
		if (br.min < all.min)
			all.min = br.min;
		if (br.max > all.max)
			all.max = br.max;
		all.at_end = all.at_end && br.at_end;
		if (ps->p >= ps->end || *ps->p == ')')
			return all;
		ps->p++;	/* '|' */
		ere_emit(ps, "|", 1);
	}
}

/*
 * Read re (len bytes, any bytes) as a POSIX ERE and write it for PCRE2
 * into e.  Returns NULL, or the reason it is refused: "bad-regexp" (not
 * an ERE), "regexp-undefined" (a construct POSIX leaves undefined) or
 * "regexp-limit" (nested too deep); e->why then says what and where.
 */
const char *
ere_translate(struct ere *e, const char *re, size_t len)
{
	struct parser ps;
	struct extent x;
	size_t i;

	memset(e, 0, sizeof(*e));
	memset(&ps, 0, sizeof(ps));
	ps.start = ps.p = (const unsigned char *)re;
	ps.end = ps.p + len;
	ps.ere = e;
	/*
	 * Bytes POSIX gives no portable meaning: NUL cannot be in a pattern
	 * at all, and a byte above 0x7f is a character only in some locale's
	 * encoding.
	 */
	for (i = 0; i < len; i++)
		if (ps.start[i] == 0) {
			UNDEFINED(&ps, "a NUL byte: no regular expression "
			    "holds one");
			return ps.error;
		} else if (ps.start[i] > 0x7f) {
			UNDEFINED(&ps, "byte \\x%02x: above 0x7f, a character "
			    "only in some locale's encoding", ps.start[i]);
			return ps.error;
		}
	ere_emit(&ps, "", 0);
	x = regex(&ps);
	if (ps.error != NULL) {
		free(ps.out);
		return ps.error;
	}
	e->pattern = ps.out;
	e->len = ps.len;
	e->ngroup = ps.ngroup;
	/* from one start, every match ends at one place */
	e->one_end = x.at_end || (x.min == x.max && x.max != LEN_INF);
	return NULL;
}

/* Release what ere_translate allocated; accepts NULL. */
void
ere_free(struct ere *e)
{
	if (e == NULL)
		return;
	free(e->pattern);
	e->pattern = NULL;
}
