/* SPDX-License-Identifier: ISC */
/* enumq: the name servers to ask: --server's addresses, or the system resolver's. */

#include <arpa/inet.h>
#include <netinet/in.h>

#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"

static int
server_add(struct dns *d, const struct sockaddr *sa, socklen_t len,
    uint16_t port)
{
	struct server *s;
	char host[INET6_ADDRSTRLEN];

	if (d->nserver == SERVERS_MAX)
		return 0;
	s = &d->server[d->nserver++];
	memcpy(&s->addr, sa, len);
	s->len = len;
	if (sa->sa_family == AF_INET6) {
		((struct sockaddr_in6 *)&s->addr)->sin6_port = htons(port);
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&s->addr)->
		    sin6_addr, host, sizeof(host));
	} else {
		((struct sockaddr_in *)&s->addr)->sin_port = htons(port);
		inet_ntop(AF_INET, &((struct sockaddr_in *)&s->addr)->sin_addr,
		    host, sizeof(host));
	}
	s->name = xasprintf("%s#%u", host, port);
	return 0;
}

/* --server: an address, or a host name resolved once, every address kept. */
static char *
servers_from_name(struct dns *d, const char *name, uint16_t port)
{
	struct addrinfo hints, *res, *ai;
	int e;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_DGRAM;
	if ((e = getaddrinfo(name, NULL, &hints, &res)) != 0)
		return xasprintf("%s: %s", name, gai_strerror(e));
	for (ai = res; ai != NULL; ai = ai->ai_next)
		if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
			server_add(d, ai->ai_addr, ai->ai_addrlen, port);
	freeaddrinfo(res);
	return d->nserver > 0 ? NULL : xasprintf("%s: no address", name);
}

/* The system resolver's servers (/etc/resolv.conf), read through ldns. */
static char *
servers_from_resolv_conf(struct dns *d, uint16_t port)
{
	ldns_resolver *r;
	ldns_rdf **ns;
	struct sockaddr_storage *ss;
	size_t i, len;

	if (ldns_resolver_new_frm_file(&r, NULL) != LDNS_STATUS_OK)
		return xstrdup("cannot read the resolver configuration");
	ns = ldns_resolver_nameservers(r);
	for (i = 0; i < ldns_resolver_nameserver_count(r); i++) {
		if ((ss = ldns_rdf2native_sockaddr_storage(ns[i], port,
		    &len)) == NULL)
			continue;
		server_add(d, (struct sockaddr *)ss, len, port);
		free(ss);
	}
	ldns_resolver_deep_free(r);
	return d->nserver > 0 ? NULL :
	    xstrdup("no name server in the resolver configuration");
}

/*
 * The servers of --server, or of the system resolver; returns NULL, or
 * why there are none (a new string).
 */
char *
server_find(struct dns *d, const struct options *opt)
{
	return opt->server != NULL ?
	    servers_from_name(d, opt->server, opt->port) :
	    servers_from_resolv_conf(d, opt->port);
}

/* Release what the servers hold. */
void
server_free(struct dns *d)
{
	size_t i;

	for (i = 0; i < d->nserver; i++)
		free(d->server[i].name);
}
