/* SPDX-License-Identifier: ISC */
/* enumq: what --route reads of a URI: a SIP or H.323 URI's host, port and transport; a pstn URI's routing number. */

#include <stdlib.h>
#include <string.h>

#include "route.h"

/* Copy at most cap - 1 bytes of s[0..len) into buf; -1 when too long. */
static int
copy_part(char *buf, size_t cap, const char *s, size_t len)
{
	if (len >= cap || memchr(s, '\0', len) != NULL)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return 0;
}

/*
 * The URI's parameters after the host (RFC 3261 19.1.1): transport and
 * maddr; a parameter name is case-insensitive.
 */
static const char *
read_params(struct sip_uri *r, const char *p, const char *end)
{
	const char *q, *eq;
	char val[SIP_HOST_MAX];

	while (p < end && *p == ';') {
		p++;
		for (q = p; q < end && *q != ';'; q++)
			;
		eq = memchr(p, '=', q - p);
		if (eq != NULL && copy_part(val, sizeof(val), eq + 1,
		    q - eq - 1) == 0) {
			if (eq - p == 9 && strncasecmp(p, "transport", 9) == 0) {
				if (strcasecmp(val, "udp") == 0)
					r->transport = r->scheme == SC_SIPS ?
					    "tls" : "udp";
				else if (strcasecmp(val, "tcp") == 0)
					r->transport = r->scheme == SC_SIPS ?
					    "tls" : "tcp";
				else if (strcasecmp(val, "tls") == 0)
					r->transport = "tls";
				else
					return "transport not udp, tcp or tls";
			} else if (eq - p == 5 &&
			    strncasecmp(p, "maddr", 5) == 0)
				memcpy(r->host, val, sizeof(val));
		}
		p = q;
	}
	return NULL;
}

/*
 * Split "sip:user@host:port;params?headers" (RFC 3261 19.1.1), or a
 * sips: or h323: URI (RFC 3508) alike, into what RFC 3263 4 reads: the
 * host (maddr's when given), the port and the transport.  NULL, or why
 * the URI has none enumq can use.
 */
const char *
sip_uri_parse(const char *uri, size_t len, struct sip_uri *r)
{
	const char *p, *end = uri + len, *at, *hp, *colon;
	size_t n;

	memset(r, 0, sizeof(*r));
	if (len > 4 && strncasecmp(uri, "sip:", 4) == 0) {
		r->scheme = SC_SIP;
		p = uri + 4;
	} else if (len > 5 && strncasecmp(uri, "sips:", 5) == 0) {
		r->scheme = SC_SIPS;
		p = uri + 5;
	} else if (len > 5 && strncasecmp(uri, "h323:", 5) == 0) {
		r->scheme = SC_H323;
		p = uri + 5;
	} else
		return "not a sip, sips or h323 URI";
	if ((at = memchr(p, '?', end - p)) != NULL)
		end = at;		/* headers: nothing for the target */
	for (at = NULL, hp = p; hp < end; hp++)
		if (*hp == '@')
			at = hp;
	if (at != NULL)
		p = at + 1;
	else if (r->scheme == SC_H323)
		return "no host (an alias only)";	/* RFC 3508 */
	for (hp = p; hp < end && *hp != ';'; hp++)
		;
	/* hostport: a name, an IPv4 address or [IPv6], then :port */
	if (p < hp && *p == '[')
		colon = memchr(p, ']', hp - p);
	else
		colon = p;
	colon = colon != NULL ? memchr(colon, ':', hp - colon) : NULL;
	n = colon != NULL ? (size_t)(colon - p) : (size_t)(hp - p);
	if (n == 0 || copy_part(r->host, sizeof(r->host), p, n) == -1)
		return "no host";
	if (colon != NULL) {
		long v = 0;
		const char *d;

		for (d = colon + 1; d < hp && *d >= '0' && *d <= '9' &&
		    v <= 65535; d++)
			v = v * 10 + *d - '0';
		if (d == colon + 1 || d != hp || v < 1 || v > 65535)
			return "a port that is not 1-65535";
		r->port = (uint16_t)v;
	}
	return read_params(r, hp, end);
}

/* Keep the digits of a number and its leading '+': no separators. */
static char *
number_only(const char *p, size_t len)
{
	char *s = xmalloc(len + 1), *o = s;
	size_t i;

	for (i = 0; i < len; i++)
		if ((p[i] >= '0' && p[i] <= '9') || (p[i] == '+' && o == s) ||
		    (p[i] >= 'A' && p[i] <= 'F') || p[i] == '*' || p[i] == '#')
			*o++ = p[i];
		else if (p[i] != '-' && p[i] != '.' && p[i] != '(' &&
		    p[i] != ')')
			break;
	*o = '\0';
	return s;
}

/*
 * The routing number of a pstn URI (RFC 4769 4, RFC 4694 4): "tel:NUMBER"
 * or a SIP URI's user part, then ";rn=" if given, else the number itself
 * (with ";npdi", not ported).  Only what the verdict needs: the full tel:
 * reader is elsewhere.  *out is a new string; -1 when it is not such a
 * URI.
 */
int
tel_routing_number(const char *uri, size_t len, char **out)
{
	const char *p, *end = uri + len, *q, *num;
	size_t nlen;

	*out = NULL;
	if (len > 4 && strncasecmp(uri, "tel:", 4) == 0)
		p = uri + 4;
	else if (len > 4 && strncasecmp(uri, "sip:", 4) == 0) {
		p = uri + 4;
		if ((q = memchr(p, '@', end - p)) == NULL)
			return -1;
		end = q;	/* the user part: number;params */
	} else
		return -1;
	num = p;
	for (q = p; q < end && *q != ';'; q++)
		;
	nlen = q - num;
	if (nlen == 0)
		return -1;
	while (q < end) {
		p = q + 1;
		for (q = p; q < end && *q != ';'; q++)
			;
		if (q - p > 3 && strncasecmp(p, "rn=", 3) == 0) {
			*out = number_only(p + 3, q - p - 3);
			if (**out != '\0')
				return 0;
			free(*out);
			*out = NULL;
		}
	}
	*out = number_only(num, nlen);
	if (**out == '\0') {
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
