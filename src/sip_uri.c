/* SPDX-License-Identifier: ISC */
/* enumq: what --route reads of a URI: a SIP or H.323 URI's host, port and transport; a SIP URI's telephone number. */

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

/*
 * A sip: or sips: URI's user part read as the telephone-subscriber it is
 * with user=phone (RFC 3261 19.1.6, RFC 4769 4): "sip:+1...;npdi@host;
 * user=phone" parsed by tel_parse into t as "tel:+1...;npdi".  Returns
 * NULL, or why the URI carries no number (t is then empty).
 */
const char *
sip_uri_phone(const char *uri, size_t len, struct tel *t)
{
	const char *p, *end = uri + len, *at = NULL, *q, *param;
	const char *why;
	char *tel;
	size_t n;
	int phone = 0;

	memset(t, 0, sizeof(*t));
	if (len > 4 && strncasecmp(uri, "sip:", 4) == 0)
		p = uri + 4;
	else if (len > 5 && strncasecmp(uri, "sips:", 5) == 0)
		p = uri + 5;
	else
		return "not a sip or sips URI";
	if ((q = memchr(p, '?', end - p)) != NULL)
		end = q;		/* headers */
	for (q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (at == NULL || at == p)
		return "no user part";
	/* the URI's parameters follow the host: ";user=phone" among them */
	for (param = memchr(at, ';', end - at); param != NULL;
	    param = memchr(param + 1, ';', end - param - 1)) {
		for (q = param + 1; q < end && *q != ';'; q++)
			;
		n = q - param - 1;
		if (n == 10 && strncasecmp(param + 1, "user=phone", 10) == 0)
			phone = 1;
	}
	if (!phone)
		return "no user=phone (RFC 3261 19.1.6)";
	n = at - p;
	tel = xmalloc(n + 5);
	memcpy(tel, "tel:", 4);
	memcpy(tel + 4, p, n);
	tel[n + 4] = '\0';
	why = tel_parse(tel, n + 4, 0, t);
	free(tel);
	return why;
}
