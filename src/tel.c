/* SPDX-License-Identifier: ISC */
/* enumq: tel: URIs (RFC 3966) and their parameters (RFC 4694, RFC 4759). */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"

/* visual-separator = "-" / "." / "(" / ")" (RFC 3966 3) */
int
tel_separator(int c)
{
	return c == '-' || c == '.' || c == '(' || c == ')';
}

/* phonedigit-hex = HEXDIG / "*" / "#" / visual-separator */
static int
hex_phonedigit(int c, int star)
{
	return isxdigit(c) || tel_separator(c) || (star && (c == '*' ||
	    c == '#'));
}

/*
 * global-number-digits = "+" *phonedigit DIGIT *phonedigit (RFC 3966 3);
 * with hex, RFC 4694's global-hex-digits = "+" 1*3(DIGIT)
 * *hex-phonedigit.
 */
static int
global_digits(const char *s, size_t len, int hex)
{
	size_t i, ndigit = 0;

	if (len < 2 || s[0] != '+')
		return 0;
	if (hex) {
		for (i = 1; i < len && i <= 3 && isdigit((unsigned char)s[i]);
		    i++)
			;
		if (i == 1)
			return 0;
		for (; i < len; i++)
			if (!hex_phonedigit((unsigned char)s[i], 0))
				return 0;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if (isdigit((unsigned char)s[i]))
			ndigit++;
		else if (!tel_separator((unsigned char)s[i]))
			return 0;
	}
	return ndigit > 0;
}

/* Local digits: 1*hex-phonedigit, with "*" and "#" when star is set. */
static int
local_digits(const char *s, size_t len, int star)
{
	size_t i, nreal = 0;

	for (i = 0; i < len; i++) {
		if (!hex_phonedigit((unsigned char)s[i], star))
			return 0;
		nreal += !tel_separator((unsigned char)s[i]);
	}
	return nreal > 0;
}

/* domainname = *( domainlabel "." ) toplabel [ "." ] (RFC 3966 3) */
static int
domainname(const char *s, size_t len)
{
	const char *end = s + len, *dot, *last = NULL;

	if (len > 0 && end[-1] == '.')
		end--;
	if (s == end)
		return 0;
	for (; s <= end; s = dot + 1) {
		if ((dot = memchr(s, '.', end - s)) == NULL)
			dot = end;
		if (!util_ldh(s, dot - s, 63))
			return 0;
		last = s;
		if (dot == end)
			break;
	}
	return isalpha((unsigned char)*last);
}

/* uric minus ';' (RFC 3966 3): unreserved, reserved, pct-encoded */
static int
paramchar(const char *s, size_t len, size_t *i, int uric)
{
	unsigned char c = s[*i];

	if (c == '\0')
		return 0;
	if (c == '%')
		return *i + 2 < len && isxdigit((unsigned char)s[*i + 1]) &&
		    isxdigit((unsigned char)s[*i + 2]) && (*i += 2, 1);
	if (isalnum(c) || strchr("-_.!~*'()[]/:&+$", c) != NULL)
		return 1;
	return uric && strchr("?@=,", c) != NULL;
}

/* pvalue = 1*paramchar; isub's 1*uric when uric is set */
static int
pvalue(const char *s, size_t len, int uric)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!paramchar(s, len, &i, uric))
			return 0;
	return len > 0;
}

/* The value of a parameter RFC 3966, 4694 or 4759 gives a form to. */
static const char *
check_value(const struct tel *t, const struct tel_param *p)
{
	const char *name = p->name, *v = p->value;
	size_t len = v != NULL ? strlen(v) : 0;

	if (strcmp(name, "npdi") == 0 || strcmp(name, "enumdi") == 0)
		return v == NULL ? NULL : "takes no value";
	if (v == NULL)
		return "needs a value";
	if (strcmp(name, "isub") == 0)
		return pvalue(v, len, 1) ? NULL : "bad value";
	if (!pvalue(v, len, 0))
		return "bad value";
	if (strcmp(name, "ext") == 0)
		return strspn(v, "0123456789-.()") == len ? NULL :
		    "not digits";
	if (strcmp(name, "phone-context") == 0)
		return global_digits(v, len, 0) || domainname(v, len) ? NULL :
		    "neither a number nor a domain name";
	if (strcmp(name, "rn-context") == 0 || strcmp(name, "cic-context") == 0)
		return global_digits(v, len, 1) || domainname(v, len) ? NULL :
		    "neither a number nor a domain name";
	if (strcmp(name, "rn") == 0 || strcmp(name, "cic") == 0) {
		if (global_digits(v, len, 1))
			return NULL;
		if (!local_digits(v, len, 0))
			return "not a number";
		return tel_param(t, name[0] == 'r' ? "rn-context" :
		    "cic-context") != NULL ? NULL : "a local number without "
		    "its context";
	}
	return NULL;
}

/*
 * The parameters ";name[=value]..." of len bytes at s into t (RFC 3966
 * 3), names lowercased in place; s must be t->buf's.  Each name once; a
 * value in the form its RFC gives.  Returns why not, or NULL.
 */
static const char *
parse_params(struct tel *t, char *s, size_t len)
{
	char *end = s + len, *semi, *eq;
	struct tel_param *p;
	const char *why;
	size_t i, j;

	while (s < end) {
		/* s is at a ';' */
		s++;
		if ((semi = memchr(s, ';', end - s)) == NULL)
			semi = end;
		t->param = xgrow(t->param, t->nparam, sizeof(*t->param));
		p = &t->param[t->nparam];
		memset(p, 0, sizeof(*p));
		if ((eq = memchr(s, '=', semi - s)) != NULL)
			p->value = eq + 1;
		else
			eq = semi;
		if (eq == s)
			return "an empty parameter name";
		/* pname = 1*( alphanum / "-" ) */
		for (i = 0; i < (size_t)(eq - s); i++)
			if (!isalnum((unsigned char)s[i]) && s[i] != '-')
				return "a bad parameter name";
		for (i = 0; i < (size_t)(eq - s); i++)
			s[i] = LOWER(s[i]);
		p->name = s;
		t->nparam++;
		s = semi;
		/* the name ends at its '=' or ';', the value at its ';' */
		*eq = '\0';
		*semi = '\0';
		/* quadratic, but a URI is a rewrite of a few kilobytes */
		for (j = 0; j + 1 < t->nparam; j++)
			if (strcmp(t->param[j].name, p->name) == 0)
				return "a parameter given twice (RFC 3966 3)";
	}
	for (i = 0; i < t->nparam; i++)
		if ((why = check_value(t, &t->param[i])) != NULL) {
			snprintf(t->why, sizeof(t->why), "parameter %.32s%s: "
			    "%s", t->param[i].name, strlen(t->param[i].name) >
			    32 ? "..." : "", why);
			return t->why;
		}
	return NULL;
}

/*
 * Parse a tel: URI of len bytes (RFC 3966 3, with the parameters of RFC
 * 4694 and RFC 4759) into t, which owns a copy: the number without its
 * visual separators, the parameters as written, their names lowercase.
 * Returns NULL, or why the URI is none (t is then empty).  When
 * params_only is set, only the parameters are checked: the number, up to
 * the first ';', is left to the caller (e164_parse reads it more kindly).
 */
const char *
tel_parse(const char *uri, size_t len, int params_only, struct tel *t)
{
	const char *why;
	char *semi, *end, *d;
	size_t i, nlen;

	memset(t, 0, sizeof(*t));
	if (len < 4 || strncasecmp(uri, "tel:", 4) != 0)
		return "not a tel: URI";
	if (memchr(uri, '\0', len) != NULL)
		return "a NUL byte";
	t->buf = xmalloc(len - 4 + 1);
	memcpy(t->buf, uri + 4, len - 4);
	t->buf[len - 4] = '\0';
	end = t->buf + len - 4;
	if ((semi = memchr(t->buf, ';', end - t->buf)) == NULL)
		semi = end;
	nlen = semi - t->buf;
	t->global = nlen > 0 && t->buf[0] == '+';
	if ((why = parse_params(t, semi, end - semi)) != NULL)
		goto fail;
	why = "not a number (RFC 3966 3)";
	if (!params_only && !(t->global ? global_digits(t->buf, nlen, 0) :
	    local_digits(t->buf, nlen, 1)))
		goto fail;
	why = "a local number without phone-context (RFC 3966 5.1.5)";
	if (!params_only && !t->global &&
	    tel_param(t, "phone-context") == NULL)
		goto fail;
	/* the number without its separators, in place */
	for (i = 0, d = t->buf; i < nlen; i++)
		if (params_only || !tel_separator((unsigned char)t->buf[i]))
			*d++ = t->buf[i];
	*d = '\0';
	t->number = t->buf;
	return NULL;
fail:
	if (why != t->why)
		snprintf(t->why, sizeof(t->why), "%s", why);
	tel_free(t);
	return t->why;
}

/* The parameter called name (lowercase), or NULL. */
const struct tel_param *
tel_param(const struct tel *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nparam; i++)
		if (strcmp(t->param[i].name, name) == 0)
			return &t->param[i];
	return NULL;
}

/* Release what t holds, its why kept; accepts an empty t. */
void
tel_free(struct tel *t)
{
	free(t->buf);
	free(t->param);
	t->buf = NULL;
	t->param = NULL;
	t->nparam = 0;
	t->number = NULL;
}
