/* SPDX-License-Identifier: ISC */
/* enumq: a SIP or H.323 URI to the servers a call goes to: RFC 3263 4 (NAPTR, SRV, A/AAAA) as a state machine. */

#include <sys/socket.h>

#include <arpa/inet.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"

#define SRVQ_MAX	8	/* SRV names asked for one URI */

enum state { S_NAPTR, S_SRV, S_ADDR, S_DONE };

/* An SRV name to ask, and the transport its targets take. */
struct srvq {
	struct dname	 name;
	const char	*transport;
};

/* A host whose addresses are wanted, and where the call goes on it. */
struct rtarget {
	struct dname	 name;
	uint16_t	 port;
	const char	*transport;
	char		**addr;
	size_t		 naddr;
	int		 nxdomain;	/* its A query said so: no AAAA */
	char		*why;		/* why it has no address, or NULL */
};

struct resolve {
	const struct options	*opt;
	enum state	 state;
	struct srvq	*srvq;			/* up to SRVQ_MAX */
	size_t		 nsrvq, isrv;
	struct rtarget	*t;			/* up to TARGETS_MAX */
	size_t		 nt, it;
	int		 step;			/* S_ADDR: 0 A, 1 AAAA */
	char		*fail;			/* the first failure */
	int		 has_ttl;
	uint32_t	 ttl;
	/* last, not cleared: written before they are read */
	struct sip_uri	 u;			/* the URI's parts */
	struct dname	 hostname;		/* host_ok's */
};

/* The port a transport defaults to (RFC 3261 19.1.2, H.225.0's 1720). */
static uint16_t
default_port(const struct resolve *r, const char *transport)
{
	if (r->u.scheme == SC_H323)
		return 1720;
	return strcmp(transport, "tls") == 0 ? 5061 : 5060;
}

/* The transport when the URI names none (RFC 3263 4.1). */
static const char *
default_transport(const struct resolve *r)
{
	if (r->u.transport != NULL)
		return r->u.transport;
	return r->u.scheme == SC_SIPS ? "tls" : r->u.scheme == SC_H323 ? "tcp" :
	    "udp";
}

/* Keep the first reason for a failure, a new string taken. */
static void
set_fail(struct resolve *r, char *why)
{
	if (r->fail == NULL)
		r->fail = why;
	else
		free(why);
}

static struct rtarget *
target_add(struct resolve *r, const struct dname *name, uint16_t port,
    const char *transport)
{
	struct rtarget *t;

	if (r->nt == TARGETS_MAX)
		return NULL;
	r->t = xgrow(r->t, r->nt, sizeof(*r->t));
	t = &r->t[r->nt++];
	dname_set(&t->name, name->wire, name->len);	/* its length only */
	t->port = port;
	t->transport = transport;
	t->addr = NULL;
	t->naddr = 0;
	t->nxdomain = 0;
	t->why = NULL;
	return t;
}

/*
 * Add m addresses, NUL-ended texts back to back in text (len bytes), to
 * a target's: its pointers and their strings are one block, one
 * allocation however many addresses a verdict's target has.
 */
static void
addrs_add(struct rtarget *t, const char *text, size_t len, size_t m)
{
	size_t n = t->naddr, old = 0, i;
	char **a, *p;

	if (m == 0)
		return;
	if (n > 0)
		old = t->addr[n - 1] + strlen(t->addr[n - 1]) + 1 - t->addr[0];
	a = xmalloc((n + m) * sizeof(*a) + old + len);
	p = (char *)(a + n + m);
	if (n > 0)
		memcpy(p, t->addr[0], old);
	memcpy(p + old, text, len);
	for (i = 0; i < n + m; i++) {
		a[i] = p;
		p += strlen(p) + 1;
	}
	free(t->addr);
	t->addr = a;
	t->naddr = n + m;
}

/* An IP literal as a target that needs no lookup; -1 if it is none. */
static int
numeric_target(struct resolve *r, const char *host, uint16_t port,
    const char *transport)
{
	uint8_t buf[16];
	char lit[SIP_HOST_MAX];
	size_t len = strlen(host);
	struct rtarget *t;
	struct dname root;

	if (len >= 2 && host[0] == '[' && host[len - 1] == ']') {
		memcpy(lit, host + 1, len - 2);
		lit[len - 2] = '\0';
		if (inet_pton(AF_INET6, lit, buf) != 1)
			return -1;
	} else if (inet_pton(AF_INET, host, buf) == 1 ||
	    inet_pton(AF_INET6, host, buf) == 1)
		memcpy(lit, host, len + 1);
	else
		return -1;
	dname_from_str(".", &root);
	t = target_add(r, &root, port, transport);
	addrs_add(t, lit, strlen(lit) + 1, 1);
	r->state = S_DONE;
	return 0;
}

/*
 * Room for the n SRV names (at most SRVQ_MAX) a URI asks, zeroed: once,
 * at its size, for a small block (four grown ones would go past malloc's
 * per-thread cache and have it tidy its free lists each number).
 */
static void
srvq_alloc(struct resolve *r, size_t n)
{
	r->srvq = xcalloc(n, sizeof(*r->srvq));
}

/* A host name of letters, digits, '-', '_' and dots: nothing else is. */
static int
host_ok(const char *s, struct dname *d)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.'))
			return 0;
	return *s != '\0' && *s != '.' && dname_from_str(s, d) == 0;
}

/* q's name, labels such as "_sip._udp", followed by the host's. */
static int
srv_name(struct resolve *r, struct srvq *q)
{
	struct dname *d = &q->name;

	/* the labels' root byte goes; the host's labels follow */
	if (d->len - 1 + r->hostname.len > DNAME_MAX)
		return -1;
	memcpy(d->wire + d->len - 1, r->hostname.wire, r->hostname.len);
	d->len += r->hostname.len - 1;
	return 0;
}

/* Where the URI's host, after the routing table, is looked up first. */
static const char *
plan(struct resolve *r)
{
	const struct route_gateway *gw;
	const char *transport;
	char *key, *p;

	if (r->opt->routes != NULL) {
		/* RFC 5346 4.2 case 1: the table, not the DNS */
		key = xstrdup(r->u.host);
		for (p = key; *p != '\0'; p++)
			*p = LOWER(*p);
		if (p > key && p[-1] == '.')
			p[-1] = '\0';
		gw = route_table_find(r->opt->routes, key);
		free(key);
		if (gw == NULL)
			return "not in the routing table (--routes)";
		memcpy(r->u.host, gw->host, strlen(gw->host) + 1);
		r->u.port = gw->port;
	}
	transport = default_transport(r);
	if (numeric_target(r, r->u.host, r->u.port != 0 ? r->u.port :
	    default_port(r, transport), transport) == 0)
		return NULL;
	if (!host_ok(r->u.host, &r->hostname))
		return "not a host name or an IP address";
	if (r->u.port != 0) {		/* RFC 3263 4.2: no SRV */
		target_add(r, &r->hostname, r->u.port, transport);
		r->state = S_ADDR;
		return NULL;
	}
	if (r->u.scheme != SC_H323 && r->u.transport == NULL) {
		r->state = S_NAPTR;	/* RFC 3263 4.1: NAPTR first */
		return NULL;
	}
	r->state = S_SRV;
	srvq_alloc(r, 1);
	if (r->u.scheme == SC_H323)
		dname_from_str("_h323cs._tcp", &r->srvq[0].name);
	else				/* RFC 3263 4.1: no NAPTR */
		dname_from_str(strcmp(r->u.transport, "tls") == 0 ?
		    "_sips._tcp" : strcmp(r->u.transport, "tcp") == 0 ?
		    "_sip._tcp" : "_sip._udp", &r->srvq[0].name);
	if (srv_name(r, &r->srvq[0]) == -1)
		return "host name too long";
	r->srvq[0].transport = transport;
	r->nsrvq = 1;
	return NULL;
}

/*
 * Begin resolving the URI of len bytes; NULL with *why set when it is not
 * one enumq can route to (a missing host, an unknown transport, a domain
 * missing from --routes).
 */
struct resolve *
resolve_new(const struct options *opt, const char *uri, size_t len,
    const char **why)
{
	struct resolve *r = xmalloc(sizeof(*r));

	/* u and hostname (most of it) are written by the parsers */
	memset(r, 0, offsetof(struct resolve, u));
	r->opt = opt;
	if ((*why = sip_uri_parse(uri, len, &r->u)) != NULL ||
	    (*why = plan(r)) != NULL) {
		resolve_free(r);
		return NULL;
	}
	return r;
}

/* Release a resolution; accepts NULL. */
void
resolve_free(struct resolve *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nt; i++) {
		free(r->t[i].addr);	/* its strings too: one block */
		free(r->t[i].why);
	}
	free(r->t);
	free(r->srvq);
	free(r->fail);
	free(r);
}

/* The question to ask next, in *q; 0 when the targets are known. */
int
resolve_next(struct resolve *r, struct route_query *q)
{
	struct rtarget *t;

	/* names copied by their length: a struct dname is mostly unused */
	q->host = 1;
	for (;;) {
		switch (r->state) {
		case S_NAPTR:
			dname_set(&q->name, r->hostname.wire, r->hostname.len);
			q->qtype = QTYPE_NAPTR;
			return 1;
		case S_SRV:
			if (r->isrv < r->nsrvq) {
				dname_set(&q->name, r->srvq[r->isrv].name.wire,
				    r->srvq[r->isrv].name.len);
				q->qtype = QTYPE_SRV;
				return 1;
			}
			if (r->nt == 0)	/* no SRV: A/AAAA (RFC 3263 4.2) */
				target_add(r, &r->hostname, default_port(r,
				    default_transport(r)),
				    default_transport(r));
			r->state = S_ADDR;
			continue;
		case S_ADDR:
			if (r->it >= r->nt) {
				r->state = S_DONE;
				continue;
			}
			t = &r->t[r->it];
			if ((r->step == 0 && r->opt->family == AF_INET6) ||
			    (r->step == 1 && (r->opt->family == AF_INET ||
			    t->nxdomain))) {
				if (++r->step == 2) {
					r->step = 0;
					r->it++;
				}
				continue;
			}
			dname_set(&q->name, t->name.wire, t->name.len);
			q->qtype = r->step == 0 ? QTYPE_A : QTYPE_AAAA;
			return 1;
		case S_DONE:
			return 0;
		}
	}
}

/* "host NAME: why", a new string. */
static char *
host_why(const struct dname *name, const char *why)
{
	char *h = dname_str(name->wire, name->len), *s;
	size_t len = strlen(h);

	if (len > 1 && h[len - 1] == '.')
		h[len - 1] = '\0';
	s = xasprintf("host %s: %s", h, why);
	free(h);
	return s;
}

/* The SRV services RFC 3263 4.1 knows, the transport each names. */
static const char *
naptr_transport(const struct resolve *r, const struct host_naptr *n)
{
	if (!n->flag_s)
		return NULL;
	if (strcasecmp(n->service, "SIPS+D2T") == 0)
		return "tls";
	if (r->u.scheme == SC_SIPS)
		return NULL;	/* sips: TLS only (RFC 3263 4.1) */
	if (strcasecmp(n->service, "SIP+D2U") == 0)
		return "udp";
	if (strcasecmp(n->service, "SIP+D2T") == 0)
		return "tcp";
	return NULL;
}

/*
 * The host's NAPTRs (RFC 3263 4.1): those for SIP over a transport, in
 * order and preference; without any, each transport's SRV name.
 */
static void
take_naptrs(struct resolve *r, const struct host_answer *a)
{
	/* "_sip._udp", "_sip._tcp", "_sips._tcp" in wire form, root ended */
	static const char *const label[] = { "\4_sip\4_udp", "\4_sip\4_tcp",
	    "\5_sips\4_tcp" };
	static const char *const tp[] = { "udp", "tcp", "tls" };
	const struct host_naptr *n[SRVQ_MAX], *x;
	const char *transport;
	size_t i, j, k = 0;

	for (i = 0; i < a->nnaptr && k < SRVQ_MAX; i++)
		if (naptr_transport(r, &a->naptr[i]) != NULL)
			n[k++] = &a->naptr[i];
	for (i = 1; i < k; i++)		/* order, then preference, stable */
		for (j = i; j > 0 && (n[j - 1]->order > n[j]->order ||
		    (n[j - 1]->order == n[j]->order &&
		    n[j - 1]->preference > n[j]->preference)); j--) {
			x = n[j - 1];
			n[j - 1] = n[j];
			n[j] = x;
		}
	srvq_alloc(r, k > 0 ? k : 3);
	for (i = 0; i < k; i++) {
		transport = naptr_transport(r, n[i]);
		r->srvq[r->nsrvq].name = n[i]->replacement;
		r->srvq[r->nsrvq++].transport = transport;
	}
	if (r->nsrvq > 0)
		return;
	for (i = r->u.scheme == SC_SIPS ? 2 : 0; i < 3; i++) {
		dname_set(&r->srvq[r->nsrvq].name, (const uint8_t *)label[i],
		    strlen(label[i]) + 1);
		r->srvq[r->nsrvq].transport = tp[i];
		if (srv_name(r, &r->srvq[r->nsrvq]) == 0)
			r->nsrvq++;
	}
}

/*
 * An SRV RRset's targets (RFC 2782): by priority, lowest first, and
 * within a priority in a weighted random order; a lone "." target says
 * the service is not offered there.
 */
static void
take_srvs(struct resolve *r, const struct host_answer *a, const char *tp)
{
	/* the records are ordered by pointer: a struct holds a whole name */
	const struct reply_srv *few[TARGETS_MAX], **v, *tmp;
	size_t n = a->nsrv, i, j, lo, hi;
	uint32_t sum, pick, run;

	if (n == 0 || (n == 1 && a->srv[0].target.len == 1))
		return;
	v = n <= TARGETS_MAX ? few : xreallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = &a->srv[i];
	for (i = 1; i < n; i++)		/* by priority, stable */
		for (j = i; j > 0 && v[j - 1]->priority > v[j]->priority; j--) {
			tmp = v[j - 1];
			v[j - 1] = v[j];
			v[j] = tmp;
		}
	for (lo = 0; lo < n; lo = hi) {
		for (hi = lo; hi < n && v[hi]->priority == v[lo]->priority;
		    hi++)
			;
		/* weight 0 first; then a running sum picks each in turn */
		for (i = lo; i < hi; i++) {
			for (sum = 0, j = i; j < hi; j++)
				sum += v[j]->weight;
			pick = sum > 0 ? arc4random_uniform(sum + 1) : 0;
			for (run = 0, j = i; j < hi; j++) {
				run += v[j]->weight;
				if (run >= pick && (v[j]->weight > 0 ||
				    pick == 0))
					break;
			}
			if (j == hi)
				j = hi - 1;
			tmp = v[i];
			v[i] = v[j];
			v[j] = tmp;
		}
	}
	for (i = 0; i < n; i++)
		if (v[i]->target.len > 1)
			target_add(r, &v[i]->target, v[i]->port, tp);
	if (v != few)
		free(v);
}

/* Take the answer to the question resolve_next asked. */
void
resolve_answer(struct resolve *r, const struct host_answer *a)
{
	struct rtarget *t;

	if (a->has_ttl && (!r->has_ttl || a->ttl < r->ttl)) {
		r->ttl = a->ttl;
		r->has_ttl = 1;
	}
	switch (r->state) {
	case S_NAPTR:
		if (a->error != NULL || a->rcode == RCODE_NXDOMAIN) {
			/* the host is unknown, or its servers fail */
			set_fail(r, host_why(&r->hostname, a->error != NULL ?
			    a->error : "NXDOMAIN"));
			r->state = S_DONE;
			return;
		}
		take_naptrs(r, a);
		r->state = S_SRV;
		break;
	case S_SRV:
		if (a->error != NULL)
			set_fail(r, host_why(&r->srvq[r->isrv].name,
			    a->error));
		else
			take_srvs(r, a, r->srvq[r->isrv].transport);
		r->isrv++;
		break;
	case S_ADDR:
		t = &r->t[r->it];
		if (a->error != NULL && t->why == NULL)
			t->why = host_why(&t->name, a->error);
		else if (a->rcode == RCODE_NXDOMAIN && r->step == 0) {
			t->nxdomain = 1;
			t->why = host_why(&t->name, "NXDOMAIN");
		}
		addrs_add(t, a->addr, a->addrlen, a->naddr);
		if (++r->step == 2 || (r->step == 1 && (t->nxdomain ||
		    r->opt->family == AF_INET))) {
			if (t->naddr == 0 && t->why == NULL)
				t->why = host_why(&t->name,
				    "no A or AAAA records");
			r->step = 0;
			r->it++;
		}
		break;
	case S_DONE:
		break;
	}
}

/*
 * Move the targets that have addresses, in order, to *out (a new array);
 * returns how many.
 */
size_t
resolve_take(struct resolve *r, struct target **out)
{
	struct rtarget *t;
	struct target *o;
	size_t i, n = 0, len;
	char *h;

	*out = NULL;
	for (i = 0; i < r->nt; i++) {
		t = &r->t[i];
		if (t->naddr == 0)
			continue;
		*out = xgrow(*out, n, sizeof(**out));
		o = &(*out)[n++];
		if (t->name.len == 1)	/* an IP literal */
			h = xstrdup(r->u.host);
		else {
			h = dname_str(t->name.wire, t->name.len);
			if ((len = strlen(h)) > 1)
				h[len - 1] = '\0';
		}
		o->host = h;
		o->port = t->port;
		o->transport = t->transport;
		o->addr = t->addr;
		o->naddr = t->naddr;
		t->addr = NULL;
		t->naddr = 0;
	}
	return n;
}

/* Why no target has an address: the first failure on the way. */
const char *
resolve_failure(const struct resolve *r)
{
	size_t i;

	for (i = 0; i < r->nt; i++)
		if (r->t[i].why != NULL)
			return r->t[i].why;
	return r->fail != NULL ? r->fail : "no SRV, A or AAAA records";
}

/* The lowest TTL of the answers read, in *ttl; 0 when there was none. */
int
resolve_ttl(const struct resolve *r, uint32_t *ttl)
{
	*ttl = r->ttl;
	return r->has_ttl;
}
