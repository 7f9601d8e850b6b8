/* SPDX-License-Identifier: ISC */
/* enumq: --route's host answers, kept for the run: bounded by TTL and count, one query per name and type. */

#include <sys/socket.h>

#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "route.h"

#define BUCKETS	8192	/* a power of two */

struct host_cache {
	struct host_answer *bucket[BUCKETS];
	struct host_answer *oldest, *newest;	/* age order */
	size_t		 n;
	size_t		 queries;	/* answers asked for: misses */
	size_t		 gets;		/* answers looked for: misses, hits
					   and waits for one under way */
};

/* A new, empty cache. */
struct host_cache *
host_cache_new(void)
{
	return xcalloc(1, sizeof(struct host_cache));
}

/* The name in any case, and the type: the one hash over its lowercase. */
static uint32_t
hash(const struct dname *name, uint16_t qtype)
{
	uint8_t buf[DNAME_MAX];

	dname_lower(buf, name->wire, name->len);
	return util_hash(buf, name->len) ^ qtype * 0x9e3779b1u;
}

/* Release what an answer holds; it is empty afterwards, its key kept. */
void
host_answer_clear(struct host_answer *a)
{
	free(a->error);
	free(a->naptr);
	free(a->srv);
	free(a->addr);
	free(a->soa);
	a->soa = NULL;
	a->error = NULL;
	a->naptr = NULL;
	a->srv = NULL;
	a->addr = NULL;
	a->nnaptr = a->nsrv = a->naddr = a->addrlen = 0;
	a->has_ttl = 0;
	a->rcode = -1;
}

static void
unlink_age(struct host_cache *c, struct host_answer *a)
{
	if (a->older != NULL)
		a->older->newer = a->newer;
	else
		c->oldest = a->newer;
	if (a->newer != NULL)
		a->newer->older = a->older;
	else
		c->newest = a->older;
	a->older = a->newer = NULL;
}

static void
link_newest(struct host_cache *c, struct host_answer *a)
{
	a->older = c->newest;
	a->newer = NULL;
	if (c->newest != NULL)
		c->newest->newer = a;
	else
		c->oldest = a;
	c->newest = a;
}

static void
evict(struct host_cache *c, struct host_answer *a)
{
	struct host_answer **p = &c->bucket[a->hash & (BUCKETS - 1)];

	while (*p != a)
		p = &(*p)->hnext;
	*p = a->hnext;
	unlink_age(c, a);
	host_answer_clear(a);
	free(a->waiter);
	free(a);
	c->n--;
}

/* Release the cache and every answer; accepts NULL. */
void
host_cache_free(struct host_cache *c)
{
	if (c == NULL)
		return;
	while (c->oldest != NULL)
		evict(c, c->oldest);
	free(c);
}

/*
 * The answer for name and qtype: one still fresh at now (util_now_ms), or
 * one under way (pending), or else a new pending one with *miss set: the
 * caller asks for it and hands the reply to host_cache_fill.  Past
 * HOST_CACHE_MAX the oldest answer that nobody waits for goes.
 */
struct host_answer *
host_cache_get(struct host_cache *c, const struct dname *name, uint16_t qtype,
    double now, int *miss)
{
	struct host_answer *a, *old;
	uint32_t h = hash(name, qtype);

	c->gets++;
	*miss = 0;
	for (a = c->bucket[h & (BUCKETS - 1)]; a != NULL; a = a->hnext)
		if (a->hash == h && a->qtype == qtype &&
		    dname_equal(&a->name, name))
			break;
	if (a != NULL && (a->pending || a->pinned ||
	    a->expires > now))
		return a;
	*miss = 1;
	c->queries++;
	if (a != NULL) {		/* expired: asked again */
		host_answer_clear(a);
		unlink_age(c, a);
		link_newest(c, a);
		a->pending = 1;
		return a;
	}
	for (old = c->oldest; c->n >= HOST_CACHE_MAX && old != NULL;
	    old = old->newer)
		if (!old->pending && !old->pinned) {
			evict(c, old);
			break;
		}
	a = xcalloc(1, sizeof(*a));
	a->name = *name;
	a->hash = h;
	a->qtype = qtype;
	a->rcode = -1;
	a->pending = 1;
	a->cache = c;
	a->hnext = c->bucket[h & (BUCKETS - 1)];
	c->bucket[h & (BUCKETS - 1)] = a;
	link_newest(c, a);
	c->n++;
	return a;
}

/* Note that arg waits for a pending answer. */
void
host_cache_wait(struct host_answer *a, void *arg)
{
	a->waiter = xgrow(a->waiter, a->nwaiter, sizeof(*a->waiter));
	a->waiter[a->nwaiter++] = arg;
}

static void
lower_ttl(struct host_answer *a, uint32_t ttl)
{
	if (!a->has_ttl || ttl < a->ttl)
		a->ttl = ttl;
	a->has_ttl = 1;
}

/* Copy a host NAPTR: what RFC 3263 4.1 reads of it. */
static void
take_naptr(struct host_answer *a, const struct reply_naptr *n)
{
	struct host_naptr *h;
	size_t i;

	a->naptr = xgrow(a->naptr, a->nnaptr, sizeof(*a->naptr));
	h = &a->naptr[a->nnaptr++];
	memset(h, 0, sizeof(*h));
	h->ttl = n->ttl;
	h->order = n->order;
	h->preference = n->preference;
	h->flag_s = n->flags.len == 1 && LOWER(n->flags.p[0]) == 's';
	if (n->services.len <= HOST_SERVICE_MAX)
		for (i = 0; i < n->services.len; i++)
			h->service[i] = n->services.p[i] == '\0' ? '?' :
			    n->services.p[i];
	h->replacement = n->replacement;
	lower_ttl(a, n->ttl);
}

/*
 * Read a reply into an answer (empty): its records, or its failure, and
 * the TTL it may be kept for.
 */
void
host_answer_take(struct host_answer *a, const struct reply *r)
{
	size_t i;

	a->rcode = r->rcode;
	a->error = reply_failure(r);
	if (a->error != NULL)
		return;
	for (i = 0; i < r->nnaptr && a->qtype == QTYPE_NAPTR; i++)
		take_naptr(a, &r->naptr[i]);
	if (r->nsrv > 0) {
		a->srv = xreallocarray(NULL, r->nsrv, sizeof(*a->srv));
		memcpy(a->srv, r->srv, r->nsrv * sizeof(*a->srv));
		a->nsrv = r->nsrv;
	}
	if (r->naddr > 0)
		a->addr = xreallocarray(NULL, r->naddr, INET6_ADDRSTRLEN);
	for (i = 0; i < r->naddr; i++) {
		lower_ttl(a, r->addr[i].ttl);
		if (inet_ntop(r->addr[i].family, r->addr[i].addr,
		    a->addr + a->addrlen, INET6_ADDRSTRLEN) == NULL)
			continue;
		a->addrlen += strlen(a->addr + a->addrlen) + 1;
		a->naddr++;
	}
	for (i = 0; i < a->nsrv; i++)
		lower_ttl(a, a->srv[i].ttl);
	if (r->has_soa && a->qtype == QTYPE_SOA) {
		a->soa = xmalloc(sizeof(*a->soa));
		*a->soa = r->soa;
	}
	if (!a->has_ttl)	/* negative: NXDOMAIN or NODATA */
		lower_ttl(a, reply_negative_ttl(r));
}

/*
 * The reply to a pending answer has come: keep what it says, for its
 * TTL, or for HOST_FAIL_TTL when it is no valid answer.
 */
void
host_cache_fill(struct host_answer *a, const struct reply *r)
{
	host_answer_take(a, r);
	a->pending = 0;
	a->expires = util_now_ms() + 1000.0 * (a->error != NULL ?
	    HOST_FAIL_TTL : a->ttl);
}

/*
 * How many answers were asked for (misses) in *asked, and how many were
 * found kept or under way in *kept, for --stats and -v.
 */
void
host_cache_counts(const struct host_cache *c, size_t *asked, size_t *kept)
{
	*asked = c->queries;
	*kept = c->gets - c->queries;
}
