/* SPDX-License-Identifier: ISC */
/* enumq: domain names in wire form, to and from presentation form, without ldns. */

#include <stdlib.h>
#include <string.h>

#include "enumq.h"

/*
 * Parse an absolute or relative presentation name (RFC 1035 5.1: "\X"
 * and "\DDD" escapes; a final dot optional, the root being ".") into
 * wire form.  Returns 0, or -1 for an empty label, a label over 63
 * bytes, a name over 255 or a bad escape.
 */
int
dname_from_str(const char *s, struct dname *d)
{
	size_t len = 0, lab = 0;	/* lab: where the label's length goes */
	unsigned c;

	if (strcmp(s, ".") == 0) {
		d->len = 1;
		d->wire[0] = 0;
		return 0;
	}
	d->wire[len++] = 0;
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (d->wire[lab] == 0)
				return -1;
			if (len >= DNAME_MAX)
				return -1;
			lab = len;
			d->wire[len++] = 0;
			continue;
		}
		c = (unsigned char)*s;
		if (c == '\\') {
			if (s[1] >= '0' && s[1] <= '9') {
				if (s[2] < '0' || s[2] > '9' || s[3] < '0' ||
				    s[3] > '9')
					return -1;
				c = (s[1] - '0') * 100 + (s[2] - '0') * 10 +
				    (s[3] - '0');
				if (c > 255)
					return -1;
				s += 3;
			} else if (s[1] == '\0')
				return -1;
			else
				c = (unsigned char)*++s;
		}
		if (d->wire[lab] == 63 || len >= DNAME_MAX)
			return -1;
		d->wire[lab]++;
		d->wire[len++] = c;
	}
	if (d->wire[lab] != 0) {	/* relative: the root label ends it */
		if (len >= DNAME_MAX)
			return -1;
		d->wire[len++] = 0;
	}
	d->len = len;
	return 0;
}

/*
 * A name in wire form of size bytes in presentation form, absolute, as
 * a new string: special characters escaped with '\', other bytes outside
 * graphic ASCII as \DDD, as ldns_rdf2str and dig write them.
 */
char *
dname_str(const uint8_t *p, size_t size)
{
	char *s = xmalloc(size * 4 + 2);

	dname_put(s, p, size);
	return s;
}

/*
 * As dname_str, into s, which has room for size * 4 + 2 bytes; returns
 * the string's length.
 */
size_t
dname_put(char *s, const uint8_t *p, size_t size)
{
	const uint8_t *end = p + size;
	char *o = s;
	uint8_t len, c;

	while (p < end && (len = *p++) > 0 && len <= end - p) {
		while (len-- > 0) {
			c = *p++;
			if (c == '.' || c == ';' || c == '(' || c == ')' ||
			    c == '\\' || c == '"') {
				*o++ = '\\';
				*o++ = c;
			} else if (c > 0x20 && c < 0x7f)
				*o++ = c;
			else {
				*o++ = '\\';
				*o++ = '0' + c / 100;
				*o++ = '0' + c / 10 % 10;
				*o++ = '0' + c % 10;
			}
		}
		*o++ = '.';
	}
	if (o == s)
		*o++ = '.';
	*o = '\0';
	return o - s;
}

/* Whether two wire-format names of len bytes are equal, ASCII case folded. */
int
dname_wire_equal(const uint8_t *x, const uint8_t *y, size_t len)
{
	size_t i;

	if (memcmp(x, y, len) == 0)	/* the usual case: one spelling */
		return 1;
	/* a length byte is at most 63, below 'A': folding every byte is safe */
	for (i = 0; i < len; i++)
		if (x[i] != y[i] && LOWER(x[i]) != LOWER(y[i]))
			return 0;
	return 1;
}

/*
 * A wire name of len bytes into dst with its ASCII letters lowercased
 * (RFC 4343), eight bytes a step: what a hash of a name in any case reads.
 */
void
dname_lower(uint8_t *dst, const uint8_t *src, size_t len)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x80 * ones;
	uint64_t w, low, ge_a, gt_z;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, src + i, 8);
		/* per byte, no carry out of it: 7 bits plus at most 0x3f */
		low = w & ~high;
		ge_a = low + (0x80 - 'A') * ones;
		gt_z = low + (0x80 - 'Z' - 1) * ones;
		w |= (ge_a & ~gt_z & ~w & high) >> 2;	/* 0x20: lowercase */
		memcpy(dst + i, &w, 8);
	}
	for (; i < len; i++)
		dst[i] = LOWER(src[i]);
}

/* Are two names the same, ignoring ASCII case (RFC 4343)? */
int
dname_equal(const struct dname *a, const struct dname *b)
{
	return a->len == b->len && dname_wire_equal(a->wire, b->wire, a->len);
}

/* The labels of a name, the root not counted. */
size_t
dname_labels(const struct dname *d)
{
	size_t at = 0, n = 0;

	while (at < d->len && d->wire[at] != 0) {
		at += (size_t)d->wire[at] + 1;
		n++;
	}
	return n;
}

/* Is name parent itself or below it: do parent's labels end it? */
int
dname_is_below(const struct dname *name, const struct dname *parent)
{
	size_t at = 0;

	while (at < name->len && name->len - at > parent->len)
		at += (size_t)name->wire[at] + 1;
	return at < name->len && name->len - at == parent->len &&
	    dname_wire_equal(name->wire + at, parent->wire, parent->len);
}

/* Drop the first label of a name; the root stays the root. */
void
dname_chop(struct dname *d)
{
	size_t skip;

	if (d->len <= 1)
		return;
	skip = (size_t)d->wire[0] + 1;
	memmove(d->wire, d->wire + skip, d->len - skip);
	d->len -= skip;
}

/* Set a name from wire form of len bytes (at most DNAME_MAX). */
void
dname_set(struct dname *d, const uint8_t *wire, size_t len)
{
	d->len = len;
	memcpy(d->wire, wire, len);
}
