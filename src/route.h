/* SPDX-License-Identifier: ISC */
/* enumq: --route's modules: the host cache, the route, a URI's resolution, the routing table. */

#ifndef ROUTE_H
#define ROUTE_H

#include "enumq.h"

/*
 * host_cache.c: host answers for --route (RFC 3263's NAPTR, SRV, A and
 * AAAA, and the SOA of a zone), shared by every number of a run, bounded
 * by their TTLs and by HOST_CACHE_MAX; an answer under way is pending,
 * and the numbers that wait for it are listed with it.
 */
#define HOST_CACHE_MAX	4096	/* answers kept at most */
#define HOST_FAIL_TTL	5	/* s a failure (no valid answer) is kept */
#define HOST_SERVICE_MAX 16	/* the longest NAPTR service RFC 3263 uses */
struct host_naptr {
	uint32_t	 ttl;
	uint16_t	 order;
	uint16_t	 preference;
	int		 flag_s;	/* its flags are "s" */
	char		 service[HOST_SERVICE_MAX + 1]; /* "", if longer */
	struct dname	 replacement;
};
struct host_answer {
	/* what a lookup reads first, together: */
	struct host_answer *hnext;	/* its hash chain */
	uint32_t	 hash;
	uint16_t	 qtype;
	int		 pending;	/* asked, not yet answered */
	int		 pinned;	/* being handed out: not evicted */
	double		 expires;	/* ms, util_now_ms's clock */
	/* then what its reader reads (before the long name: fewer lines) */
	int		 rcode;		/* -1: no answer */
	int		 has_ttl;	/* ttl: the lowest of its records, or */
	uint32_t	 ttl;		/* a negative answer's (RFC 2308 5) */
	char		*error;		/* why no valid answer, or NULL */
	struct host_naptr *naptr;
	size_t		 nnaptr;
	struct reply_srv *srv;
	size_t		 nsrv;
	char		*addr;		/* naddr addresses, presentation, each
					   NUL-ended, back to back: formatted
					   once, copied by each target */
	size_t		 naddr;
	size_t		 addrlen;	/* bytes of addr */
	struct reply_soa *soa;		/* SOA query: the zone's, or NULL */
	struct dname	 name;		/* its first bytes: its length, used */
	void		**waiter;	/* who waits for it, in order */
	size_t		 nwaiter;
	struct host_cache *cache;
	struct host_answer *older, *newer;	/* age order */
};
struct host_cache;
struct host_cache *host_cache_new(void);
void	 host_cache_free(struct host_cache *);
struct host_answer *host_cache_get(struct host_cache *, const struct dname *,
	    uint16_t, double, int *);
void	 host_cache_wait(struct host_answer *, void *);
void	 host_cache_fill(struct host_answer *, const struct reply *);
void	 host_answer_take(struct host_answer *, const struct reply *);
void	 host_answer_clear(struct host_answer *);
void	 host_cache_counts(const struct host_cache *, size_t *, size_t *);

/* route.c, sip_resolve.c, sip_uri.c, route_table.c */
/* a query --route needs: a host's (cached) or the number's zone's SOA */
struct route_query {
	struct dname	 name;
	uint16_t	 qtype;
	int		 host;		/* a host lookup: cached, --host-server */
};
struct route;
struct route *route_new(const struct options *, const struct result *);
void	 route_free(struct route *);
int	 route_next(struct route *, struct route_query *);
void	 route_answer(struct route *, const struct host_answer *);
const struct verdict *route_verdict(const struct route *);

#define SIP_HOST_MAX	256	/* a URI's host or address, with its NUL */
enum sip_scheme { SC_SIP, SC_SIPS, SC_H323 };
struct sip_uri {
	enum sip_scheme	 scheme;
	char		 host[SIP_HOST_MAX];	/* maddr's, else the URI's */
	uint16_t	 port;			/* given, or 0 */
	const char	*transport;		/* given: "udp", "tcp", "tls" */
};
const char *sip_uri_parse(const char *, size_t, struct sip_uri *);
const char *sip_uri_phone(const char *, size_t, struct tel *);

struct resolve;
struct resolve *resolve_new(const struct options *, const char *, size_t,
	    const char **);
void	 resolve_free(struct resolve *);
int	 resolve_next(struct resolve *, struct route_query *);
void	 resolve_answer(struct resolve *, const struct host_answer *);
size_t	 resolve_take(struct resolve *, struct target **);
const char *resolve_failure(const struct resolve *);
int	 resolve_ttl(const struct resolve *, uint32_t *);

struct route_gateway {
	char		*host;		/* IP literal or host name */
	uint16_t	 port;
};
struct route_table *route_table_read(const char *, char **);
void	 route_table_free(struct route_table *);
const struct route_gateway *route_table_find(const struct route_table *,
	    const char *);

#endif /* ROUTE_H */
