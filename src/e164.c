/* SPDX-License-Identifier: ISC */
/* enumq: written telephone numbers to AUS and ENUM domain names (RFC 6116 3). */

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"

#define ISN_TREE	"freenum.org."

/* Visual separators of written numbers and tel: URIs (RFC 3966 3). */
static int
is_separator(int c)
{
	return c == '-' || c == '.' || c == '(' || c == ')' || c == ' ';
}

/*
 * An ISN "1234*256": subscriber digits, '*', the ITAD number.  Returns an
 * error or NULL, filling in n.
 */
static const char *
parse_isn(const char *s, size_t len, struct number *n)
{
	const char *star = memchr(s, '*', len);
	size_t i;

	if (star == s || star == s + len - 1)
		return "not an ISN: digits needed on both sides of '*'";
	if (len >= sizeof(n->aus))
		return "not an ISN: too long";
	for (i = 0; i < len; i++)
		if (s + i != star && !isdigit((unsigned char)s[i]))
			return "not an ISN: only digits around one '*'";
	memcpy(n->aus, s, len);
	n->aus[len] = '\0';
	n->isn = 1;
	return NULL;
}

/*
 * Parse a number as people write it: "+1-215-555-0123", "+44 20 7946 0148",
 * "tel:+44-116-496-0348;ext=1", or digits without the '+'; len is the input's
 * length, so that a NUL inside it is caught.  Fills in the AUS
 * (RFC 6116 3.1) and returns NULL, or returns why the input is invalid.
 */
const char *
e164_parse(const char *input, size_t len, struct number *n)
{
	const char *s = input, *end, *semi;
	size_t ndigit = 0;
	int tel = 0;

	memset(n, 0, sizeof(*n));
	if (len > E164_INPUT_MAX)
		return "not an E.164 number: too long";
	if (memchr(input, '\0', len) != NULL)
		return "not an E.164 number: NUL byte";
	end = input + len;
	if (len >= 4 && strncasecmp(s, "tel:", 4) == 0) {
		s += 4;
		tel = 1;
		/* parameters after ';' do not name the number */
		if ((semi = memchr(s, ';', end - s)) != NULL)
			end = semi;
	}
	while (s < end && *s == ' ')
		s++;
	while (end > s && end[-1] == ' ')
		end--;
	if (s == end)
		return "empty number";
	if (!tel && memchr(s, '*', end - s) != NULL)
		return parse_isn(s, end - s, n);
	if (*s == '+')
		s++;
	else if (tel)
		return "not a global number: a tel: URI needs the '+'";
	n->aus[0] = '+';
	for (; s < end; s++) {
		if (isdigit((unsigned char)*s)) {
			if (++ndigit > E164_MAX_DIGITS)
				return "not an E.164 number: more than 15 digits";
			n->aus[ndigit] = *s;
		} else if (*s == '+')
			return "not an E.164 number: misplaced '+'";
		else if (!is_separator((unsigned char)*s))
			return "not an E.164 number: unexpected character";
	}
	if (ndigit == 0)
		return "not an E.164 number: no digits";
	if (n->aus[1] == '0')
		return "not an E.164 number: country codes do not begin with 0";
	n->aus[ndigit + 1] = '\0';
	return NULL;
}

/* Country code length of an E.164 number's digits (ITU-T E.164 list). */
static size_t
country_code_len(const char *d)
{
	static const char *const two[] = {
		"20", "27", "30", "31", "32", "33", "34", "36", "39", "40",
		"41", "43", "44", "45", "46", "47", "48", "49", "51", "52",
		"53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
		"64", "65", "66", "81", "82", "84", "86", "90", "91", "92",
		"93", "94", "95", "98"
	};
	size_t i;

	if (d[0] == '1' || d[0] == '7')
		return 1;
	for (i = 0; i < sizeof(two) / sizeof(two[0]); i++)
		if (strncmp(d, two[i], 2) == 0)
			return 2;
	return 3;
}

/* Append the digits d[0..len) reversed, each followed by a dot. */
static char *
put_reversed(char *p, const char *d, size_t len)
{
	while (len > 0) {
		*p++ = d[--len];
		*p++ = '.';
	}
	return p;
}

/*
 * The ENUM domain of a number under tree (absolute, with trailing dot):
 * digits reversed and dotted (RFC 6116 3.2); for infrastructure ENUM
 * with the label "i" after the country code (RFC 5527 4); for an ISN the
 * ITAD kept whole.  Returns a new string.
 */
char *
e164_domain(const struct number *n, const char *tree, int infrastructure)
{
	char buf[64], *p = buf, *domain;
	const char *digits = n->aus + 1, *star;
	size_t len, cc;

	if (n->isn) {
		star = strchr(n->aus, '*');
		p = put_reversed(p, n->aus, star - n->aus);
		len = strlen(star + 1);
		memcpy(p, star + 1, len);
		p += len;
		*p++ = '.';
	} else if (infrastructure) {
		len = strlen(digits);
		cc = country_code_len(digits);
		if (cc > len)
			cc = len;
		p = put_reversed(p, digits + cc, len - cc);
		*p++ = 'i';
		*p++ = '.';
		p = put_reversed(p, digits, cc);
	} else
		p = put_reversed(p, digits, strlen(digits));
	if (strcmp(tree, ".") == 0)
		tree = "";
	len = strlen(tree);
	domain = xmalloc(p - buf + len + 1);
	memcpy(domain, buf, p - buf);
	memcpy(domain + (p - buf), tree, len + 1);
	return domain;
}

/*
 * The i'th tree a number goes under: the i'th of the ntree given, or with
 * none given e164.arpa. (freenum.org. for an ISN).
 */
const char *
e164_tree(const struct number *n, const char *const *trees, size_t ntree,
    size_t i)
{
	if (ntree > 0)
		return trees[i];
	return n->isn ? ISN_TREE : "e164.arpa.";
}
