/* SPDX-License-Identifier: ISC */
/* enumq: --routes, the fixed routing table of RFC 5346 4.2 case 1: a URI's domain to a gateway. */

#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

#define WHITE	" \t\r\n"

struct route_entry {
	char			*domain;	/* lowercase, no final dot */
	struct route_gateway	 gw;
};

struct route_table {
	struct route_entry	*v;
	size_t			 n;
};

/* Release a table; accepts NULL. */
void
route_table_free(struct route_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->n; i++) {
		free(t->v[i].domain);
		free(t->v[i].gw.host);
	}
	free(t->v);
	free(t);
}

/* A port after ':': 1-65535, else 0. */
static uint16_t
port_of(const char *s)
{
	long v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && v <= 65535; p++)
		v = v * 10 + *p - '0';
	return p == s || *p != '\0' || v < 1 || v > 65535 ? 0 : (uint16_t)v;
}

/*
 * GATEWAY[:PORT]: an IPv4 address or a host name, optionally with a
 * port; an IPv6 address bare or in brackets, in brackets with a port.
 * NULL, or why it is not.
 */
static const char *
gateway(char *s, struct route_gateway *gw)
{
	uint8_t buf[16];
	char *colon, *end;
	struct dname d;

	gw->port = 5060;
	if (s[0] == '[') {
		if ((end = strchr(s, ']')) == NULL)
			return "an IPv6 address without its ']'";
		*end = '\0';
		if (end[1] == ':' && (gw->port = port_of(end + 2)) == 0)
			return "a port that is not 1-65535";
		if (end[1] != '\0' && end[1] != ':')
			return "junk after ']'";
		if (inet_pton(AF_INET6, s + 1, buf) != 1)
			return "not an IPv6 address in brackets";
		gw->host = xstrdup(s + 1);
		return NULL;
	}
	if (inet_pton(AF_INET6, s, buf) == 1) {
		gw->host = xstrdup(s);
		return NULL;
	}
	if ((colon = strchr(s, ':')) != NULL) {
		*colon = '\0';
		if ((gw->port = port_of(colon + 1)) == 0)
			return "a port that is not 1-65535";
	}
	if (inet_pton(AF_INET, s, buf) != 1 && (*s == '\0' ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-_.") != strlen(s) || dname_from_str(s, &d) == -1))
		return "not an IP address or host name";
	gw->host = xstrdup(s);
	return NULL;
}

/* One line: NULL when it holds nothing or an entry, else why not. */
static const char *
read_line(struct route_table *t, char *line)
{
	char *save, *domain, *gw, *p;
	struct route_entry e;
	struct dname d;
	const char *why;

	if ((p = strchr(line, '#')) != NULL)
		*p = '\0';
	if ((domain = strtok_r(line, WHITE, &save)) == NULL)
		return NULL;
	if ((gw = strtok_r(NULL, WHITE, &save)) == NULL)
		return "a domain without a gateway";
	if (strtok_r(NULL, WHITE, &save) != NULL)
		return "more than a domain and a gateway";
	if (dname_from_str(domain, &d) == -1 || strcmp(domain, ".") == 0)
		return "not a domain name";
	memset(&e, 0, sizeof(e));
	if ((why = gateway(gw, &e.gw)) != NULL)
		return why;
	e.domain = xstrdup(domain);
	for (p = e.domain; *p != '\0'; p++)
		*p = LOWER(*p);
	if (p > e.domain && p[-1] == '.')
		p[-1] = '\0';
	t->v = xgrow(t->v, t->n, sizeof(*t->v));
	t->v[t->n++] = e;
	return NULL;
}

/*
 * Read a routing table: lines "DOMAIN GATEWAY[:PORT]", blank lines and
 * '#' comments.  NULL with *err (a new string, "FILE:LINE: why") on a
 * file that cannot be read or a malformed line.
 */
struct route_table *
route_table_read(const char *file, char **err)
{
	struct route_table *t = xcalloc(1, sizeof(*t));
	char *line = NULL;
	const char *why;
	size_t cap = 0;
	unsigned long n = 0;
	FILE *fp;

	*err = NULL;
	if ((fp = fopen(file, "re")) == NULL) {
		*err = xasprintf("--routes %s: %s", file, strerror(errno));
		route_table_free(t);
		return NULL;
	}
	while (getline(&line, &cap, fp) != -1) {
		n++;
		if (strlen(line) > 1024)
			why = "a line over 1024 bytes";
		else
			why = read_line(t, line);
		if (why != NULL) {
			*err = xasprintf("%s:%lu: %s", file, n, why);
			break;
		}
	}
	if (*err == NULL && ferror(fp))
		*err = xasprintf("--routes %s: %s", file, strerror(errno));
	free(line);
	fclose(fp);
	if (*err != NULL) {
		route_table_free(t);
		return NULL;
	}
	return t;
}

/* The gateway for a domain (lowercase, no final dot), or NULL. */
const struct route_gateway *
route_table_find(const struct route_table *t, const char *domain)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].domain, domain) == 0)
			return &t->v[i].gw;
	return NULL;
}
