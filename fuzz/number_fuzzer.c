/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: written numbers to AUS and ENUM domain names (e164.c;
 * enum-rules.md 1, RFC 6116 3.1-3.2, RFC 5527 4, RFC 3939 3.2), and
 * ENUM domain names back to numbers.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

/* Trees as --tree leaves them: absolute presentation names. */
static const char *const trees[] = {
	"e164.arpa.", ".", "e164.example.net.", "nrenum.net.",
	"a-rather-long-label-for-a-private-enum-tree.example.org."
};

/* The digits of a written number, as e164_parse should keep them. */
static size_t
input_digits(const char *in, char *out, size_t max)
{
	const char *end = in + strlen(in);
	size_t n = 0;

	if (strncasecmp(in, "tel:", 4) == 0) {
		in += 4;
		if ((end = strchr(in, ';')) == NULL)
			end = in + strlen(in);
	}
	for (; in < end; in++)
		if (isdigit((unsigned char)*in) && n < max)
			out[n++] = *in;
	out[n] = '\0';
	return n;
}

static size_t cc_len(const char *);

/*
 * A number given as its ENUM domain name: built again under its own
 * tree, it is that name (a final dot added, case aside).
 */
static void
check_named(const char *in, const struct number *n)
{
	char *d, *want;
	size_t len;

	while (*in == ' ')
		in++;
	len = strlen(in);
	while (len > 0 && in[len - 1] == ' ')
		len--;
	want = copy_str(in, len + 1);
	if (len == 0 || want[len - 1] != '.')
		want[len++] = '.';
	want[len] = '\0';
	d = e164_domain(n, e164_tree(n, NULL, 0, 0), 0);
	if (strcasecmp(d, want) != 0)
		fail("domain \"%s\" read as %s under %s builds \"%s\"", want,
		    n->aus, n->tree, d);
	free(want);
	free(d);
}

static void
check_aus(const char *in, const struct number *n)
{
	const char *star, *trunk, *semi;
	char digits[E164_INPUT_MAX + 1], *num, *before;
	size_t nd, i, at;

	if (n->isn) {
		/* "1234*256": digits, one '*', digits */
		star = strchr(n->aus, '*');
		if (star == NULL || star == n->aus || star[1] == '\0' ||
		    strchr(star + 1, '*') != NULL)
			fail("ISN \"%s\" is not digits*digits", n->aus);
		for (i = 0; n->aus[i] != '\0'; i++)
			if (n->aus + i != star &&
			    !isdigit((unsigned char)n->aus[i]))
				fail("ISN \"%s\" holds a non-digit", n->aus);
		return;
	}
	/* RFC 6116 3.1, RFC 3939 3.2: '+' and 1-15 digits, no CC 0 */
	if (n->aus[0] != '+')
		fail("AUS \"%s\" does not start with '+'", n->aus);
	nd = strlen(n->aus + 1);
	if (nd < 1 || nd > E164_MAX_DIGITS)
		fail("AUS \"%s\" has %zu digits", n->aus, nd);
	for (i = 1; n->aus[i] != '\0'; i++)
		if (!isdigit((unsigned char)n->aus[i]))
			fail("AUS \"%s\" holds a non-digit", n->aus);
	if (n->aus[1] == '0')
		fail("AUS \"%s\" has a country code beginning with 0", n->aus);
	if (n->named)
		return;
	/*
	 * every digit written is kept, in order, and nothing else; but a
	 * "(0)" right after the country code, which is dropped and noted
	 */
	nd = input_digits(in, digits, sizeof(digits) - 1);
	/* the number: a tel: URI's parameters are not part of it */
	num = copy_str(in, strlen(in));
	if (strncasecmp(num, "tel:", 4) == 0 &&
	    (semi = strchr(num, ';')) != NULL)
		num[semi - num] = '\0';
	trunk = strstr(num, "(0)");
	/* a note for the (0), and for a tel: URI's ;enumdi (RFC 4759) */
	if ((n->note != NULL) != (trunk != NULL || n->enumdi))
		fail("\"%s\": a (0) and a note %s", in,
		    n->note ? n->note : "missing");
	if (n->enumdi && (strncasecmp(in, "tel:", 4) != 0 ||
	    strcasestr(in, ";enumdi") == NULL))
		fail("\"%s\": enumdi without ;enumdi", in);
	if (trunk != NULL) {
		before = copy_str(num, trunk - num);
		at = input_digits(before, digits, nd);
		free(before);
		input_digits(in, digits, sizeof(digits) - 1);
		if (at != cc_len(n->aus + 1))
			fail("\"%s\": (0) after %zu digits, the country code "
			    "of %s has %zu", in, at, n->aus,
			    cc_len(n->aus + 1));
		memmove(digits + at, digits + at + 1, nd - at);
	}
	free(num);
	if (strcmp(digits, n->aus + 1) != 0)
		fail("input digits \"%s\" became AUS \"%s\"", digits, n->aus);
}

/*
 * Country code length by enum-rules.md 1 (RFC 5527 4 and the E.164 list):
 * 1 for 1 and 7; 2 for 20, 27, 30-34, 36, 39, 40, 41, 43-49, 51-58, 60-66,
 * 81, 82, 84, 86, 90-95, 98; else 3; never more than the digits.
 */
static size_t
cc_len(const char *d)
{
	size_t len = strlen(d), cc;
	int two = len >= 2 ? (d[0] - '0') * 10 + (d[1] - '0') : -1;

	if (d[0] == '1' || d[0] == '7')
		cc = 1;
	else if (two == 20 || two == 27 || (two >= 30 && two <= 34) ||
	    two == 36 || two == 39 || two == 40 || two == 41 ||
	    (two >= 43 && two <= 49) || (two >= 51 && two <= 58) ||
	    (two >= 60 && two <= 66) || two == 81 || two == 82 ||
	    two == 84 || two == 86 || (two >= 90 && two <= 95) || two == 98)
		cc = 2;
	else
		cc = 3;
	return cc < len ? cc : len;
}

/*
 * Read the name back (RFC 6116 3.2): single-digit labels reversed give
 * the AUS digits; "i" once, after the country code, for infrastructure
 * ENUM; an ISN's ITAD one label; then the tree.
 */
static void
check_domain(const struct number *n, const char *d, const char *tree,
    int infra)
{
	char digits[64], want[64];
	const char *p = d, *dot, *star;
	size_t nd = 0, len, after_i = 0, dlen = strlen(d), tlen, at;
	int seen_i = 0;
	struct dname wire;
	char *back;

	tlen = strcmp(tree, ".") == 0 ? 0 : strlen(tree);
	if (dlen == 0 || d[dlen - 1] != '.' || dlen < tlen ||
	    strcmp(d + dlen - tlen, tree + (tlen == 0)) != 0)
		fail("domain \"%s\" does not end in tree \"%s\"", d, tree);
	if (dlen > 253 + 1)
		fail("domain \"%s\" longer than a DNS name", d);
	if (n->isn) {
		star = strchr(n->aus, '*');
		/* reversed subscriber digits, then the ITAD whole */
		for (len = star - n->aus; len > 0; len--) {
			want[nd++] = n->aus[len - 1];
			want[nd++] = '.';
		}
		memcpy(want + nd, star + 1, strlen(star + 1));
		nd += strlen(star + 1);
		want[nd++] = '.';
		if (dlen - tlen != nd || memcmp(d, want, nd) != 0)
			fail("ISN %s under %s gave \"%s\"", n->aus, tree, d);
	} else {
		while (p < d + dlen - tlen) {
			if ((dot = strchr(p, '.')) == NULL)
				fail("domain \"%s\": label without a dot", d);
			len = dot - p;
			if (len == 1 && *p == 'i' && infra && !seen_i) {
				seen_i = 1;
			} else if (len == 1 && isdigit((unsigned char)*p)) {
				digits[nd++] = *p;
				if (seen_i)
					after_i++;
			} else
				fail("domain \"%s\": label \"%.*s\"", d,
				    (int)len, p);
			p = dot + 1;
		}
		if (infra != seen_i)
			fail("domain \"%s\": \"i\" label %s", d,
			    infra ? "missing" : "present");
		/* the country code after "i", as long as enum-rules.md 1 says */
		if (infra && after_i != cc_len(n->aus + 1))
			fail("domain \"%s\": %zu country code digits, want "
			    "%zu", d, after_i, cc_len(n->aus + 1));
		for (len = 0; len < nd; len++)
			want[len] = digits[nd - 1 - len];
		want[nd] = '\0';
		if (strcmp(want, n->aus + 1) != 0)
			fail("AUS %s under %s gave \"%s\"", n->aus, tree, d);
	}
	/*
	 * The name is a DNS name, its wire form the labels between the dots
	 * (no escapes: digits, "i" and the trees' plain labels), and it
	 * comes back unchanged.
	 */
	if (dname_from_str(d, &wire) == -1)
		fail("domain \"%s\" is not a DNS name", d);
	check_dname(&wire, d);
	at = 0;
	for (p = d; *p != '\0' && strcmp(p, ".") != 0; p = dot + 1) {
		dot = strchr(p, '.');
		len = dot - p;
		if (at >= wire.len || wire.wire[at] != len ||
		    memcmp(wire.wire + at + 1, p, len) != 0)
			fail("domain \"%s\": label %zu of the wire form", d,
			    at);
		at += len + 1;
	}
	if (at != wire.len - 1)
		fail("domain \"%s\": %zu bytes of wire form, want %zu", d,
		    wire.len, at + 1);
	back = dname_str(wire.wire, wire.len);
	if (strcmp(back, d) != 0)
		fail("domain \"%s\" reads back as \"%s\"", d, back);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The same input through lookup_new: an invalid number is done at once
 * and its bytes reach every formatter; a valid one asks for its domain.
 */
static void
check_lookup(const char *in, size_t size, const char *why,
    const struct number *n, int first)
{
	struct options opt;
	const struct result *res;
	struct lookup *l;
	const struct dname *name;
	char *want, *got;

	memset(&opt, 0, sizeof(opt));
	opt.port = 53;
	opt.timeout_ms = 5000;
	opt.retries = 2;
	opt.concurrency = 64;
	opt.first = first;
	l = lookup_new(&opt, fuzz_cache, in, size, size);
	res = lookup_result(l);
	if (res->input.len != size || memcmp(res->input.p, in, size) != 0)
		fail("the result's input is not the input");
	name = lookup_next(l);
	if (why != NULL) {
		if (name != NULL || res->valid || res->status != ST_INVALID ||
		    res->error == NULL || strcmp(res->error, why) != 0)
			fail("invalid input not reported as such");
		check_outputs(res, &opt);
	} else {
		if (name == NULL || !res->valid)
			fail("valid number %s asks for nothing", n->aus);
		want = e164_domain(n, e164_tree(n, NULL, 0, 0), 0);
		check_dname(name, "query name");
		got = dname_str(name->wire, name->len);
		if (strcasecmp(want, got) != 0)
			fail("lookup of %s asks for %s, not %s", n->aus, got,
			    want);
		free(want);
		free(got);
	}
	/* freed half way: no leak */
	lookup_free(l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct number n, again;
	const char *why, *tree;
	char *in, *d;
	size_t t;
	int infra;

	/* callers pass the length and a NUL after it (struct bytes) */
	in = copy_str(data, size);
	why = e164_parse(in, size, &n);
	check_lookup(in, size, why, &n, size > 0 && data[0] & 1);
	if (why != NULL) {
		if (*why == '\0')
			fail("empty error for \"%s\"", in);
		free(in);
		return 0;
	}
	if (memchr(data, '\0', size) != NULL)
		fail("input with a NUL byte accepted as %s", n.aus);
	check_aus(in, &n);
	if (n.named)
		check_named(in, &n);
	/* the AUS is itself a written number that parses to itself */
	if ((why = e164_parse(n.aus, strlen(n.aus), &again)) != NULL ||
	    strcmp(again.aus, n.aus) != 0 || again.isn != n.isn)
		fail("AUS \"%s\" does not parse to itself: %s", n.aus,
		    why ? why : again.aus);
	for (t = 0; t <= sizeof(trees) / sizeof(trees[0]); t++) {
		tree = t < sizeof(trees) / sizeof(trees[0]) ? trees[t] :
		    e164_tree(&n, NULL, 0, 0);
		for (infra = 0; infra <= 1; infra++) {
			d = e164_domain(&n, tree, infra);
			/* a name given keeps its own "i", or none */
			check_domain(&n, d, tree, (n.named ?
			    n.infrastructure : infra) && !n.isn);
			free(d);
		}
	}
	free(in);
	return 0;
}
