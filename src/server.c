/* SPDX-License-Identifier: ISC */
/* enumq: the name servers to ask, in order: --server's, or resolv.conf's and its options. */

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"

#define RESOLV_CONF		"/etc/resolv.conf"
#define RESOLV_TIMEOUT_MAX	30	/* seconds, as glibc bounds it */
#define RESOLV_ATTEMPTS_MAX	5	/* likewise */
#define HOST_MAX		256	/* a host name, an IPv6 address */
#define WHITE			" \t\r\n"

/* Add an address to the list; past SERVERS_MAX it is left out. */
static void
server_add(struct dns *d, const struct sockaddr *sa, socklen_t len,
    uint16_t port)
{
	struct server *s;
	char host[NI_MAXHOST];

	if (getnameinfo(sa, len, host, sizeof(host), NULL, 0,
	    NI_NUMERICHOST) != 0)
		util_fatal("getnameinfo");
	if (d->nserver - d->host_base == SERVERS_MAX) {
		util_trace("%s: not used, %d servers at most", host,
		    SERVERS_MAX);
		return;
	}
	s = &d->server[d->nserver++];
	memcpy(&s->addr, sa, len);
	s->len = len;
	if (sa->sa_family == AF_INET6)
		((struct sockaddr_in6 *)&s->addr)->sin6_port = htons(port);
	else
		((struct sockaddr_in *)&s->addr)->sin_port = htons(port);
	s->name = xasprintf("%s#%u", host, port);
}

/*
 * An IP address, as getaddrinfo reads one without asking anybody (IPv6
 * with a %scope); family is AF_INET, AF_INET6 or 0 for either.  Returns
 * the addresses, or NULL when it is not one.
 */
static struct addrinfo *
numeric_host(const char *host, int family)
{
	struct addrinfo hints, *res;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST;
	return getaddrinfo(host, NULL, &hints, &res) == 0 ? res : NULL;
}

/*
 * A host name (RFC 1123 2.1): dot-separated labels of 1 to 63 letters,
 * digits, '-' or '_', 253 bytes at most and an optional final dot; the
 * last label not all digits, so that no mistyped address ("127.1",
 * "1.2.3.4.5") passes for a name.
 */
static int
host_name(const char *s)
{
	size_t len = strlen(s), label = 0, i;
	int digits = 1;
	char c;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		c = s[i];
		if (c == '.') {
			if (label == 0)
				return 0;
			label = 0;
			digits = 1;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_') ||
		    ++label > 63)
			return 0;
		if (c < '0' || c > '9')
			digits = 0;
	}
	return label > 0 && !digits;
}

/*
 * Read a --server argument: an IPv4 address (dotted decimal), an IPv6
 * address or a host name, then "#PORT" optionally, the form enumq prints.
 * The address goes to host (hostlen bytes), the port to *port (0 when
 * none is given).  Returns AF_INET or AF_INET6 for an address, 0 for a
 * host name, -1 for anything else, -2 for a port that is not 1-65535.
 * Nothing is looked up.
 */
int
server_parse(const char *arg, char *host, size_t hostlen, uint16_t *port)
{
	const char *hash = strrchr(arg, '#'), *p;
	struct addrinfo *ai;
	struct in_addr in;
	size_t len = hash != NULL ? (size_t)(hash - arg) : strlen(arg);
	long v = 0;

	*port = 0;
	if (len >= hostlen || len >= HOST_MAX)
		return -1;
	memcpy(host, arg, len);
	host[len] = '\0';
	if (hash != NULL) {
		for (p = hash + 1; *p >= '0' && *p <= '9' && v <= 65535; p++)
			v = v * 10 + *p - '0';
		if (p == hash + 1 || *p != '\0' || v < 1 || v > 65535)
			return -2;
		*port = v;
	}
	if (strchr(host, ':') != NULL) {
		if ((ai = numeric_host(host, AF_INET6)) == NULL)
			return -1;
		freeaddrinfo(ai);
		return AF_INET6;
	}
	if (inet_pton(AF_INET, host, &in) == 1)
		return AF_INET;
	return host_name(host) ? 0 : -1;
}

/*
 * One --server: an address, or a host name resolved once, each of its
 * addresses (of family, when -4 or -6 asks) a server of its own.
 */
static char *
servers_from_name(struct dns *d, const char *name, uint16_t port, int family)
{
	struct addrinfo hints, *res, *ai;
	int e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_DGRAM;
	if ((e = getaddrinfo(name, NULL, &hints, &res)) != 0)
		return xasprintf("%s: %s", name, gai_strerror(e));
	for (ai = res; ai != NULL; ai = ai->ai_next)
		if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
			server_add(d, ai->ai_addr, ai->ai_addrlen, port);
	freeaddrinfo(res);
	return NULL;
}

/* A number of an "options" word ("timeout:3"): 0 to 999, else -1. */
static int
option_number(const char *s)
{
	int v = 0;

	if (*s == '\0')
		return -1;
	for (; *s >= '0' && *s <= '9' && v < 1000; s++)
		v = v * 10 + *s - '0';
	return *s == '\0' && v < 1000 ? v : -1;
}

/*
 * One word of an "options" line: timeout:N and attempts:N, bounded as
 * glibc bounds them, unless --timeout or --retries was given; rotate.
 * resolv.conf(5) has more, none of which bears on a NAPTR query to a
 * given server.
 */
static void
resolv_option(struct dns *d, const struct options *opt, const char *word)
{
	int v;

	if (strncmp(word, "timeout:", 8) == 0 &&
	    (v = option_number(word + 8)) != -1) {
		v = v < 1 ? 1 : v > RESOLV_TIMEOUT_MAX ? RESOLV_TIMEOUT_MAX : v;
		if (!opt->timeout_set)
			d->timeout_ms = v * 1000;
	} else if (strncmp(word, "attempts:", 9) == 0 &&
	    (v = option_number(word + 9)) != -1) {
		v = v < 1 ? 1 : v > RESOLV_ATTEMPTS_MAX ?
		    RESOLV_ATTEMPTS_MAX : v;
		if (!opt->retries_set)
			d->tries = v;
	} else if (strcmp(word, "rotate") == 0)
		d->rotate = 1;
}

/*
 * The system resolver's servers, in the order of the nameserver lines
 * (an address each, as glibc reads it; other lines and bad addresses are
 * skipped, as glibc skips them), and its options.
 */
static char *
servers_from_resolv_conf(struct dns *d, const struct options *opt,
    int *unreadable)
{
	const char *path = opt->resolv_conf != NULL ? opt->resolv_conf :
	    RESOLV_CONF;
	struct addrinfo *ai;
	char *line = NULL, *word, *save;
	size_t cap = 0;
	FILE *fp;
	int e;

	if ((fp = fopen(path, "re")) == NULL) {
		/* --resolv-conf's file is named like -f's: a usage error */
		*unreadable = opt->resolv_conf != NULL;
		return xasprintf("%s: %s", path, strerror(errno));
	}
	while (getline(&line, &cap, fp) != -1) {
		if (line[0] == '#' || line[0] == ';' ||
		    (word = strtok_r(line, WHITE, &save)) == NULL)
			continue;
		if (strcmp(word, "nameserver") == 0) {
			if ((word = strtok_r(NULL, WHITE, &save)) == NULL ||
			    (ai = numeric_host(word, opt->family)) == NULL)
				continue;
			server_add(d, ai->ai_addr, ai->ai_addrlen, opt->port);
			freeaddrinfo(ai);
		} else if (strcmp(word, "options") == 0)
			while ((word = strtok_r(NULL, WHITE, &save)) != NULL)
				resolv_option(d, opt, word);
	}
	e = ferror(fp) ? errno : 0;
	free(line);
	fclose(fp);
	if (e != 0)
		return xasprintf("%s: %s", path, strerror(e));
	if (d->nserver == 0)
		return xasprintf("%s: no %sname server", path,
		    opt->family == AF_INET ? "IPv4 " :
		    opt->family == AF_INET6 ? "IPv6 " : "");
	return NULL;
}

/* The ENUM queries' servers: --server's, or the system resolver's. */
static char *
enum_servers(struct dns *d, const struct options *opt, int *unreadable)
{
	char host[HOST_MAX], *why;
	uint16_t port;
	size_t i;

	if (opt->nserver == 0)
		return servers_from_resolv_conf(d, opt, unreadable);
	for (i = 0; i < opt->nserver; i++) {
		/* main.c refused what does not parse */
		if (server_parse(opt->server[i], host, sizeof(host),
		    &port) < 0)
			return xasprintf("%s: not an address", opt->server[i]);
		if ((why = servers_from_name(d, host, port != 0 ? port :
		    opt->port, opt->family)) != NULL)
			return why;
	}
	return d->nserver > 0 ? NULL : xstrdup("no name server address");
}

/*
 * The servers of --server in the order given, or of the system resolver,
 * with its timeout and attempts where the options leave them open; then
 * --host-server's, a group of their own (the first group when none is
 * given).  Returns NULL, or why there are none (a new string),
 * *unreadable set when --resolv-conf's file cannot be opened.
 */
char *
server_find(struct dns *d, const struct options *opt, int *unreadable)
{
	char host[HOST_MAX], *why;
	uint16_t port;
	size_t i;

	if ((why = enum_servers(d, opt, unreadable)) != NULL)
		return why;
	d->nenum = d->nserver;
	d->host_base = 0;
	d->nhost = d->nenum;
	if (opt->nhost_server == 0)
		return NULL;
	d->host_base = d->nserver;
	for (i = 0; i < opt->nhost_server; i++) {
		if (server_parse(opt->host_server[i], host, sizeof(host),
		    &port) < 0)
			return xasprintf("%s: not an address",
			    opt->host_server[i]);
		if ((why = servers_from_name(d, host, port != 0 ? port :
		    opt->port, opt->family)) != NULL)
			return why;
	}
	d->nhost = d->nserver - d->host_base;
	return d->nhost > 0 ? NULL : xstrdup("no host server address");
}

/* Release what the servers hold. */
void
server_free(struct dns *d)
{
	size_t i;

	for (i = 0; i < d->nserver; i++)
		free(d->server[i].name);
}
