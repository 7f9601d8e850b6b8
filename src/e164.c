/* SPDX-License-Identifier: ISC */
/* enumq: written telephone numbers to AUS and ENUM domain names (RFC 6116 3). */

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"

#define ISN_TREE	"freenum.org."
#define ENUMDI_NOTE	"its ;enumdi says ENUM was queried already (RFC 4759 " \
			    "4.2.1): looked up as asked"
#define TRUNK_MISPLACED	"not an E.164 number: a trunk prefix (0) belongs " \
			    "right after the country code"

/* Visual separators of tel: URIs (RFC 3966 3), and the space people write. */
static int
is_separator(int c)
{
	return tel_separator(c) || c == ' ';
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

/* Are the len bytes at s all digits? */
static int
all_digits(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* An LDH label (RFC 1123 2.1), as a domain name pasted from dig has. */
static int
is_ldh_label(const char *s, size_t len)
{
	return util_ldh(s, len, 63);
}

/* parse_domain: the input does not look like a domain name at all */
static const char not_a_domain[] = "";

/*
 * An ENUM domain name given as the number, as dig prints it
 * ("3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa."): one-digit labels, the number
 * reversed (RFC 6116 3.2), perhaps the label "i" after the country code
 * (RFC 5527 4), or an ISN's ITAD of two or more digits; then the tree,
 * two or more LDH labels, the last not all digits.  Fills in n (the AUS,
 * named, the tree, the "i") and returns NULL, or returns why the name
 * names no number, or not_a_domain when the input is no such name
 * ("1.800.FLOWERS"): then it is read as a written number.
 */
static const char *
parse_domain(const char *s, size_t len, struct number *n)
{
	const char *end = s + len, *label, *dot, *tree = NULL, *itad = NULL;
	char digits[E164_INPUT_MAX + 1], name[E164_INPUT_MAX + 2];
	size_t nd = 0, at_i = 0, nitad = 0, ntree = 0, i;
	struct dname d;
	int notnum = 0;

	if (end[-1] == '.')
		end--;
	for (label = s; label < end; label = dot + 1) {
		if ((dot = memchr(label, '.', end - label)) == NULL)
			dot = end;
		if (!is_ldh_label(label, dot - label))
			return not_a_domain;
		if (tree != NULL) {
			ntree++;
			notnum = !all_digits(label, dot - label);
			continue;
		}
		if (itad == NULL && dot - label == 1 &&
		    isdigit((unsigned char)*label))
			digits[nd++] = *label;
		else if (itad == NULL && dot - label == 1 &&
		    LOWER(*label) == 'i' && !n->infrastructure) {
			n->infrastructure = 1;
			at_i = nd;
		} else if (itad == NULL && !n->infrastructure &&
		    all_digits(label, dot - label)) {
			itad = label;
			nitad = dot - label;
		} else {
			tree = label;
			ntree = 1;
			notnum = !all_digits(label, dot - label);
		}
	}
	if (ntree < 2 || !notnum)
		return not_a_domain;
	memcpy(name, s, end - s);
	memcpy(name + (end - s), ".", 2);
	if (dname_from_str(name, &d) == -1)
		return "not an ENUM domain name: too long";
	memcpy(n->tree, tree, end - tree);
	memcpy(n->tree + (end - tree), ".", 2);
	n->named = 1;
	if (itad != NULL) {
		/* digits reversed, '*', the ITAD kept whole */
		if (nd + 1 + nitad >= sizeof(n->aus))
			return "not an ISN: too long";
		for (i = 0; i < nd; i++)
			n->aus[i] = digits[nd - 1 - i];
		n->aus[nd] = '*';
		memcpy(n->aus + nd + 1, itad, nitad);
		n->isn = 1;
		return NULL;
	}
	if (nd > E164_MAX_DIGITS)
		return "not an E.164 number: more than 15 digits";
	n->aus[0] = '+';
	for (i = 0; i < nd; i++)
		n->aus[i + 1] = digits[nd - 1 - i];
	if (n->aus[1] == '0')
		return "not an E.164 number: country codes do not begin with 0";
	if (n->infrastructure && nd - at_i != country_code_len(n->aus + 1))
		return "not an ENUM domain name: the label \"i\" is not right "
		    "after the country code (RFC 5527 4)";
	return NULL;
}

/*
 * Parse a number as people write it: "+1-215-555-0123", "+44 20 7946 0148",
 * "tel:+44-116-496-0348;ext=1", digits without the '+', or the number's
 * ENUM domain name; len is the input's length, so that a NUL inside it is
 * caught.  A "(0)" right after the country code is the written trunk
 * prefix: dropped, and n->note says so.  Fills in the AUS (RFC 6116 3.1)
 * and returns NULL, or returns why the input is invalid.
 */
const char *
e164_parse(const char *input, size_t len, struct number *n)
{
	const char *s = input, *end, *semi, *why;
	char digits[E164_INPUT_MAX + 1];
	size_t nd = 0, trunk = 0, skip = 0;
	int tel = 0, ntrunk = 0;
	struct tel t;

	memset(n, 0, sizeof(*n));
	if (len > E164_INPUT_MAX)
		return "not an E.164 number: too long";
	if (memchr(input, '\0', len) != NULL)
		return "not an E.164 number: NUL byte";
	end = input + len;
	if (len >= 4 && strncasecmp(s, "tel:", 4) == 0) {
		s += 4;
		tel = 1;
		/*
		 * Parameters after ';' do not name the number, but they must
		 * be well-formed, and ;enumdi says the lookup was done
		 * (RFC 4759 4.2.1); the number is read as people write it.
		 */
		if ((why = tel_parse(input, len, 1, &t)) != NULL) {
			snprintf(n->msg, sizeof(n->msg), "not a tel: URI: %s",
			    why);
			return n->msg;
		}
		n->enumdi = tel_param(&t, "enumdi") != NULL;
		tel_free(&t);
		if ((semi = memchr(s, ';', end - s)) != NULL)
			end = semi;
	}
	while (s < end && *s == ' ')
		s++;
	while (end > s && end[-1] == ' ')
		end--;
	if (s == end)
		return "empty number";
	if (!tel && end - s >= 2 && isdigit((unsigned char)s[0]) &&
	    s[1] == '.') {
		if ((why = parse_domain(s, end - s, n)) != not_a_domain)
			return why;
		memset(n, 0, sizeof(*n));
	}
	if (!tel && memchr(s, '*', end - s) != NULL)
		return parse_isn(s, end - s, n);
	if (*s == '+')
		s++;
	else if (tel)
		return "not a global number: a tel: URI needs the '+'";
	for (; s < end; s++) {
		if (isdigit((unsigned char)*s))
			digits[nd++] = *s;
		else if (end - s >= 3 && memcmp(s, "(0)", 3) == 0) {
			/* where the trunk prefix's 0 goes among the digits */
			trunk = nd;
			ntrunk++;
			digits[nd++] = '0';
			s += 2;
		} else if (*s == '+')
			return "not an E.164 number: misplaced '+'";
		else if (!is_separator((unsigned char)*s))
			return "not an E.164 number: unexpected character";
	}
	digits[nd] = '\0';
	if (ntrunk > 1)
		return TRUNK_MISPLACED;
	if (ntrunk == 1) {
		memmove(digits + trunk, digits + trunk + 1, nd - trunk);
		nd--;
	}
	/* "00" dialled for '+': the digits after it are the number meant */
	if (nd >= 2 && digits[0] == '0' && digits[1] == '0')
		skip = 2;
	if (ntrunk == 1 && (trunk < skip ||
	    trunk - skip != country_code_len(digits + skip)))
		return TRUNK_MISPLACED;
	if (skip > 0) {
		if (nd - skip < 1 || nd - skip > E164_MAX_DIGITS ||
		    digits[skip] == '0')
			return "not an E.164 number: 00 is the international "
			    "call prefix; write + in its place";
		snprintf(n->msg, sizeof(n->msg), "not an E.164 number: 00 is "
		    "the international call prefix; write +%.15s",
		    digits + skip);
		return n->msg;
	}
	if (nd == 0)
		return "not an E.164 number: no digits";
	if (nd > E164_MAX_DIGITS)
		return "not an E.164 number: more than 15 digits";
	if (digits[0] == '0')
		return "not an E.164 number: country codes do not begin with 0";
	n->aus[0] = '+';
	memcpy(n->aus + 1, digits, nd + 1);
	/*
	 * A person who gives the number asks for its lookup: like dig,
	 * enumq asks what it is told to, and says what ;enumdi meant.
	 */
	if (ntrunk == 1)
		n->note = n->enumdi ? "the trunk prefix (0) dropped; " ENUMDI_NOTE :
		    "the trunk prefix (0) dropped";
	else if (n->enumdi)
		n->note = ENUMDI_NOTE;
	return NULL;
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
 * ITAD kept whole.  A number given as its domain name has the "i" where
 * that name had it, whatever infrastructure says.  Returns a new string.
 */
char *
e164_domain(const struct number *n, const char *tree, int infrastructure)
{
	char buf[64], *p = buf, *domain;
	const char *digits = n->aus + 1, *star;
	size_t len, cc;

	if (n->named)
		infrastructure = n->infrastructure;
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
 * How many trees a number goes under: the one of its domain name when
 * it was given as one, else the ntree given, or with none given one.
 */
size_t
e164_ntrees(const struct number *n, size_t ntree)
{
	return n->named || ntree == 0 ? 1 : ntree;
}

/*
 * The i'th tree a number goes under: that of its domain name when it was
 * given as one, else the i'th of the ntree given, or with none given
 * e164.arpa. (freenum.org. for an ISN).
 */
const char *
e164_tree(const struct number *n, const char *const *trees, size_t ntree,
    size_t i)
{
	if (n->named)
		return n->tree;
	if (ntree > 0)
		return trees[i];
	return n->isn ? ISN_TREE : "e164.arpa.";
}
