/* SPDX-License-Identifier: ISC */
/* enumq: an ERE's bracket expressions read by POSIX's rules, written as PCRE2 classes. */

#include <string.h>

#include "ere.h"

/* One element of a bracket expression. */
enum elem { ELEM_CHAR, ELEM_CLASS, ELEM_EQUIV };

/* 256 bits, one per byte. */
struct byteset {
	uint8_t	 bit[32];
};

static void
set_add(struct byteset *s, unsigned lo, unsigned hi)
{
	for (; lo <= hi; lo++)
		s->bit[lo >> 3] |= 1u << (lo & 7);
}

static int
set_has(const struct byteset *s, unsigned c)
{
	return (s->bit[c >> 3] >> (c & 7)) & 1;
}

/* The character classes of the POSIX locale (XBD 7.3.1). */
static int
class_add(struct byteset *s, const unsigned char *name, size_t len)
{
	static const struct {
		const char	*name;
		const char	*ranges;	/* pairs of first, last */
	} classes[] = {
		{ "alnum", "09AZaz" },
		{ "alpha", "AZaz" },
		{ "blank", "\t\t  " },
		{ "cntrl", "\001\037\177\177" },
		{ "digit", "09" },
		{ "graph", "!~" },
		{ "lower", "az" },
		{ "print", " ~" },
		{ "punct", "!/:@[`{~" },
		{ "space", "\t\r  " },
		{ "upper", "AZ" },
		{ "xdigit", "09AFaf" },
	};
	size_t i;
	const char *r;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strlen(classes[i].name) != len ||
		    memcmp(classes[i].name, name, len) != 0)
			continue;
		/* NUL is in cntrl, though no subject holds one */
		if (strcmp(classes[i].name, "cntrl") == 0)
			set_add(s, 0, 0);
		for (r = classes[i].ranges; *r != '\0'; r += 2)
			set_add(s, (unsigned char)r[0], (unsigned char)r[1]);
		return 1;
	}
	return 0;
}

/*
 * One element of a bracket list at ps->p: a character, "[.c.]", "[=c=]"
 * or "[:name:]" (XBD 9.3.5).  A character or one-character collating
 * symbol or equivalence class goes to *c, a class into *s.  Returns the
 * kind, or -1 on a fault.
 */
static int
bracket_elem(struct parser *ps, struct byteset *s, unsigned *c)
{
	const unsigned char *name, *q;
	unsigned char delim;
	size_t len;

	if (ps->p + 1 >= ps->end || ps->p[0] != '[' ||
	    (ps->p[1] != '.' && ps->p[1] != '=' && ps->p[1] != ':')) {
		*c = *ps->p++;
		return ELEM_CHAR;
	}
	delim = ps->p[1];
	name = ps->p + 2;
	for (q = name; q + 1 < ps->end; q++)
		if (q[0] == delim && q[1] == ']')
			break;
	if (q + 1 >= ps->end) {
		INVALID(ps, "'[%c' without '%c]'", delim, delim);
		return -1;
	}
	len = q - name;
	ps->p = q + 2;
	if (delim == ':') {
		if (!class_add(s, name, len)) {
			INVALID(ps, "'[:%.*s:]': no such character class",
			    ere_width(len), (const char *)name);
			return -1;
		}
		return ELEM_CLASS;
	}
	if (len == 0) {
		INVALID(ps, "'[%c%c]': an empty %s", delim, delim,
		    delim == '.' ? "collating symbol" : "equivalence class");
		return -1;
	}
	if (len > 1) {
		/* the POSIX locale has none; another locale may */
		UNDEFINED(ps, "'[%c%.*s%c]': a collating element of more "
		    "than one character, which only some locales have",
		    delim, ere_width(len), (const char *)name, delim);
		return -1;
	}
	*c = name[0];
	return delim == '.' ? ELEM_CHAR : ELEM_EQUIV;
}

/*
 * A bracket expression, ps->p just past its '[' (XBD 9.3.5), written as a
 * PCRE2 class of the same bytes.  Ranges are by byte value, as in the
 * POSIX locale.
 */
void
ere_bracket(struct parser *ps)
{
	struct byteset set;
	const unsigned char *start = ps->p - 1;
	unsigned c, lo, hi;
	int first = 1, negate = 0, kind, kind2;
	char b1[8], b2[8];

	memset(&set, 0, sizeof(set));
	if (ps->p < ps->end && *ps->p == '^') {
		negate = 1;
		ps->p++;
	}
	for (;;) {
		if (ps->p >= ps->end) {
			INVALID(ps, "'[' without ']'");
			return;
		}
		/* ']' first in the list is itself */
		if (*ps->p == ']' && !first)
			break;
		first = 0;
		if ((kind = bracket_elem(ps, &set, &lo)) == -1)
			return;
		if (ps->p + 1 >= ps->end || ps->p[0] != '-' ||
		    ps->p[1] == ']') {
			if (kind != ELEM_CLASS)
				set_add(&set, lo, lo);
			continue;
		}
		/* a range: start, '-', end */
		if (kind != ELEM_CHAR) {
			UNDEFINED(ps, "'%.*s': %s as a range's start point",
			    ere_width(ps->p + 1 - start), (const char *)start,
			    kind == ELEM_CLASS ? "a character class" :
			    "an equivalence class");
			return;
		}
		ps->p++;
		if ((kind2 = bracket_elem(ps, &set, &hi)) == -1)
			return;
		if (kind2 != ELEM_CHAR) {
			UNDEFINED(ps, "'%.*s': %s as a range's end point",
			    ere_width(ps->p - start), (const char *)start,
			    kind2 == ELEM_CLASS ? "a character class" :
			    "an equivalence class");
			return;
		}
		if (hi < lo) {
			UNDEFINED(ps, "range %s-%s: it ends before it starts",
			    ere_shown(lo, b1), ere_shown(hi, b2));
			return;
		}
		set_add(&set, lo, hi);
		if (ps->p + 1 < ps->end && ps->p[0] == '-' &&
		    ps->p[1] != ']') {
			UNDEFINED(ps, "'%.*s': a range's end point is the "
			    "start of another", ere_width(ps->p + 2 - start),
			    (const char *)start);
			return;
		}
	}
	ps->p++;
	/* PCRE2's own "[^" keeps the case folding of the i flag right */
	ere_emit(ps, negate ? "[^" : "[", negate ? 2 : 1);
	for (c = 0; c < 256; c++) {
		if (!set_has(&set, c))
			continue;
		for (hi = c; hi + 1 < 256 && set_has(&set, hi + 1); hi++)
			;
		ere_emit_byte(ps, c);
		if (hi > c + 1)
			ere_emit(ps, "-", 1);
		if (hi > c)
			ere_emit_byte(ps, hi);
		c = hi;
	}
	ere_emit(ps, "]", 1);
}
