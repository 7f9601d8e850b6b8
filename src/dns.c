/* SPDX-License-Identifier: ISC */
/* enumq: all DNS I/O: queries over UDP and TCP with poll(). */

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns.h"

#define EDNS_PAYLOAD	1232	/* the DNS flag day 2020 figure */
#define SERVERS_MAX	8
#define CHANNEL_QUERIES	16	/* UDP queries in flight on one socket at most */
#define CHANNEL_USES	256	/* queries one UDP socket carries, then a new port */
#define UDP_MAX		65535	/* the largest UDP message */
/*
 * Tries started in one round of dns_run at most: the replies to read come
 * between bursts, and a server's receive buffer is not flooded by a
 * whole --concurrency of queries at once (a few hundred overflow NSD's).
 */
#define BURST_MAX	128
/* a query: TCP length, header, name, NAPTR IN, OPT record */
#define QUERY_MAX	(2 + LDNS_HEADER_SIZE + LDNS_MAX_DOMAINLEN + 4 + 11)
/* where the name is in it, and how long it is */
#define QNAME_AT	(2 + LDNS_HEADER_SIZE)
#define QNAME_LEN(q)	((q)->wirelen - QNAME_AT - 4 - 11)

struct query;

/*
 * A UDP socket connected to one server, carrying up to CHANNEL_QUERIES
 * queries at once, each with an ID of its own on it.  A socket a query
 * made one syscall of every three a batch made and poll() a scan of every
 * socket: a channel sends and reads its queries' messages a batch per
 * call.  It carries CHANNEL_USES queries, then gives way to a new socket
 * on a new random port (RFC 5452 4.5).  A spoofer's odds are the same as
 * with a socket a query: they grow with the (port, ID) pairs in flight,
 * however the queries share ports (RFC 5452 9.2).
 */
struct channel {
	int		 fd;
	size_t		 server;
	int		 uses;			/* queries it has taken */
	struct query	*q[CHANNEL_QUERIES];	/* in flight on it, or NULL */
	int		 nq;
	struct query	*out[CHANNEL_QUERIES];	/* to send in one batch */
	int		 nout;
	int		 avail;			/* on its server's avail list */
	LIST_ENTRY(channel) alink;		/* that list */
	LIST_ENTRY(channel) link;		/* the engine's channels */
};

/* A name server to ask. */
struct server {
	struct sockaddr_storage	 addr;
	socklen_t		 len;
	char			*name;		/* "addr#port" */
	LIST_HEAD(, channel)	 avail;		/* channels that take queries */
};

/* One query in flight. */
struct query {
	struct dns	*dns;
	uint16_t	 id;
	uint8_t		 wire[QUERY_MAX]; /* TCP length, then the query */
	size_t		 wirelen;	/* both together */
	dns_done_fn	*done;
	void		*arg;
	int		 fd;		/* TCP: the connection, or -1 */
	struct channel	*chan;		/* UDP: the channel in flight on */
	int		 slot;		/* and the place in it */
	int		 tcp;		/* over TCP: --tcp, or after TC */
	int		 tries;		/* tries started */
	size_t		 server;
	double		 sent;		/* when the current try started */
	const char	*error;		/* the latest reason a try failed */
	size_t		 tcpout;	/* TCP: bytes of wire sent */
	uint8_t		*tcpin;		/* TCP: reply being read */
	size_t		 tcpinlen, tcpgot;
	int		 queued;	/* waiting to start a try (--rate) */
	struct dname	 qname;		/* the name asked for */
	TAILQ_ENTRY(query) link;	/* the active list, oldest first */
};

struct dns {
	const struct options	*opt;
	struct server		 server[SERVERS_MAX];
	size_t			 nserver;
	size_t			 rotor;		/* spreads queries over servers */
	uint16_t		 ids[256];	/* random query IDs, drawn in bulk */
	size_t			 nids;
	TAILQ_HEAD(, query)	 active;	/* in flight */
	size_t			 nactive;
	double			 next_send;	/* --rate: earliest next packet */
	LIST_HEAD(, channel)	 chans;		/* every UDP channel */
	size_t			 nchan;
	struct pollfd		*pfd;
	struct query		**pq;		/* what each pfd is for: */
	struct channel		**pc;		/* a TCP query or a channel */
	size_t			 npfd;
	uint8_t			*rbuf;		/* a channel's messages, read */
	struct mmsghdr		 msg[CHANNEL_QUERIES];	/* in one call */
	struct iovec		 iov[CHANNEL_QUERIES];
};

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
 * Set up DNS I/O over the network to --server or the system resolver.
 * Returns NULL and sets *errstr (a new string) on failure.
 */
struct dns *
dns_new(const struct options *opt, char **errstr)
{
	struct dns *d = xcalloc(1, sizeof(*d));

	TAILQ_INIT(&d->active);
	d->opt = opt;
	*errstr = opt->server != NULL ?
	    servers_from_name(d, opt->server, opt->port) :
	    servers_from_resolv_conf(d, opt->port);
	if (*errstr != NULL) {
		dns_free(d);
		return NULL;
	}
	return d;
}

static void
avail_add(struct server *s, struct channel *c)
{
	LIST_INSERT_HEAD(&s->avail, c, alink);
	c->avail = 1;
}

static void
avail_remove(struct channel *c)
{
	LIST_REMOVE(c, alink);
	c->avail = 0;
}

/* A new channel to a server; NULL with errno set on failure. */
static struct channel *
channel_open(struct dns *d, size_t server)
{
	struct server *s = &d->server[server];
	struct channel *c;
	int fd, e;

	if ((fd = socket(s->addr.ss_family,
	    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1)
		return NULL;
	if (connect(fd, (struct sockaddr *)&s->addr, s->len) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->server = server;
	LIST_INSERT_HEAD(&d->chans, c, link);
	d->nchan++;
	avail_add(s, c);
	return c;
}

/* Close a channel no query is on any more. */
static void
channel_close(struct dns *d, struct channel *c)
{
	if (c->avail)
		avail_remove(c);
	LIST_REMOVE(c, link);
	d->nchan--;
	close(c->fd);
	free(c);
}

/* A channel takes no more queries: used up, or failed. */
static void
channel_spend(struct channel *c)
{
	c->uses = CHANNEL_USES;
	if (c->avail)
		avail_remove(c);
}

static int
id_on(const struct channel *c, uint16_t id)
{
	int i;

	for (i = 0; i < CHANNEL_QUERIES; i++)
		if (c->q[i] != NULL && c->q[i]->id == id)
			return 1;
	return 0;
}

/*
 * Put a query on a channel to its server, to be sent with the channel's
 * next batch: one with room and no query of the same ID on it, or a new
 * one.  Returns 0, or -1 with errno set.
 */
static int
channel_join(struct dns *d, struct query *q)
{
	struct server *s = &d->server[q->server];
	struct channel *c = LIST_FIRST(&s->avail);
	int slot;

	if ((c == NULL || id_on(c, q->id)) &&
	    (c = channel_open(d, q->server)) == NULL)
		return -1;
	for (slot = 0; c->q[slot] != NULL; slot++)
		;
	c->q[slot] = q;
	c->nq++;
	c->out[c->nout++] = q;
	q->chan = c;
	q->slot = slot;
	if (++c->uses >= CHANNEL_USES)
		channel_spend(c);
	else if (c->nq == CHANNEL_QUERIES)
		avail_remove(c);
	return 0;
}

/*
 * Take a query off its channel.  A spent channel is closed once empty by
 * dns_run, never here: the caller may be reading the channel.
 */
static void
channel_leave(struct query *q)
{
	struct channel *c = q->chan;
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nout; i++)
		if (c->out[i] == q) {
			memmove(&c->out[i], &c->out[i + 1],
			    (c->nout - i - 1) * sizeof(c->out[0]));
			c->nout--;
			break;
		}
	c->q[q->slot] = NULL;
	c->nq--;
	q->chan = NULL;
	if (!c->avail && c->uses < CHANNEL_USES)
		avail_add(&q->dns->server[c->server], c);
}

/* End the current try: leave its channel, or close its connection. */
static void
query_close(struct query *q)
{
	channel_leave(q);
	if (q->fd != -1)
		close(q->fd);
	q->fd = -1;
	free(q->tcpin);
	q->tcpin = NULL;
	q->tcpinlen = q->tcpgot = q->tcpout = 0;
}

/* Is the current try under way: sent, or being sent? */
static int
in_flight(const struct query *q)
{
	return q->tcp ? q->fd != -1 : q->chan != NULL;
}

static void
query_free(struct query *q)
{
	query_close(q);
	free(q);
}

/* Release the engine; queries still in flight are dropped. */
void
dns_free(struct dns *d)
{
	struct query *q;
	size_t i;

	if (d == NULL)
		return;
	while ((q = TAILQ_FIRST(&d->active)) != NULL) {
		TAILQ_REMOVE(&d->active, q, link);
		query_free(q);
	}
	while (!LIST_EMPTY(&d->chans))
		channel_close(d, LIST_FIRST(&d->chans));
	for (i = 0; i < d->nserver; i++)
		free(d->server[i].name);
	free(d->pfd);
	free(d->pq);
	free(d->pc);
	free(d->rbuf);
	free(d);
}

/* May a packet go out now under --rate?  Takes the slot if so. */
static int
rate_allows(struct dns *d, double now)
{
	if (d->opt->rate == 0)
		return 1;
	if (now < d->next_send)
		return 0;
	/* no credit for a quiet spell: the pace never exceeds the rate */
	d->next_send = now + 1000.0 / d->opt->rate;
	return 1;
}

/*
 * Start a try to the query's server at time now: over TCP a new
 * connection; over UDP a place on a channel, sent with its batch.
 */
static void
try_start(struct query *q, double now)
{
	struct dns *d = q->dns;
	struct server *s;

	query_close(q);
	q->tries++;
	q->sent = now;
	s = &d->server[q->server];
	if (util_trace_on) {
		char *name = dname_str(q->qname.wire, q->qname.len);

		util_trace("query %s NAPTR to %s over %s, try %d", name, s->name,
		    q->tcp ? "tcp" : "udp", q->tries);
		free(name);
	}
	if (!q->tcp) {
		if (channel_join(d, q) == -1)
			q->error = strerror(errno);
		return;
	}
	q->fd = socket(s->addr.ss_family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd == -1 || (connect(q->fd, (struct sockaddr *)&s->addr,
	    s->len) == -1 && errno != EINPROGRESS)) {
		q->error = strerror(errno);
		query_close(q);
	}
}

/* Message i of a sendmmsg or recvmmsg batch: len bytes at base. */
static void
msg_set(struct dns *d, int i, void *base, size_t len)
{
	memset(&d->msg[i], 0, sizeof(d->msg[i]));
	d->iov[i].iov_base = base;
	d->iov[i].iov_len = len;
	d->msg[i].msg_hdr.msg_iov = &d->iov[i];
	d->msg[i].msg_hdr.msg_iovlen = 1;
}

/*
 * Send the queries that joined a channel since its last batch, as few
 * calls as the kernel allows.  A query whose message cannot be sent
 * leaves the channel, its try failed.
 */
static void
channel_send(struct dns *d, struct channel *c)
{
	struct query *failed[CHANNEL_QUERIES];
	int i, n, nfailed = 0;

	while (c->nout > 0) {
		for (i = 0; i < c->nout; i++)
			msg_set(d, i, c->out[i]->wire + 2, c->out[i]->wirelen - 2);
		if ((n = sendmmsg(c->fd, d->msg, c->nout, 0)) == -1) {
			if (errno == EINTR)
				continue;
			/* the first message failed: the others may go */
			c->out[0]->error = strerror(errno);
			failed[nfailed++] = c->out[0];
			n = 1;
		}
		memmove(&c->out[0], &c->out[n], (c->nout - n) *
		    sizeof(c->out[0]));
		c->nout -= n;
	}
	for (i = 0; i < nfailed; i++)
		channel_leave(failed[i]);
}

/*
 * Is pkt the answer to q?  Same ID, a response, the same question; a reply
 * that echoes no question is taken only when it reports an error.
 */
static int
reply_matches(const struct query *q, const ldns_pkt *p)
{
	const ldns_rr *qr;

	if (ldns_pkt_id(p) != q->id || !ldns_pkt_qr(p) ||
	    ldns_pkt_get_opcode(p) != LDNS_PACKET_QUERY)
		return 0;
	if (ldns_pkt_qdcount(p) == 0)
		return packet_rcode(p) != LDNS_RCODE_NOERROR &&
		    packet_rcode(p) != LDNS_RCODE_NXDOMAIN;
	if (ldns_rr_list_rr_count(ldns_pkt_question(p)) != 1)
		return 0;
	qr = ldns_rr_list_rr(ldns_pkt_question(p), 0);
	return ldns_rr_get_type(qr) == LDNS_RR_TYPE_NAPTR &&
	    ldns_rr_get_class(qr) == LDNS_RR_CLASS_IN &&
	    ldns_rdf_size(ldns_rr_owner(qr)) == QNAME_LEN(q) &&
	    dname_wire_equal(ldns_rdf_data(ldns_rr_owner(qr)), q->qname.wire,
	    QNAME_LEN(q));
}

/* Take the query off the active list and hand its outcome to its owner. */
static void
query_finish(struct query *q, ldns_pkt *p)
{
	struct dns *d = q->dns;
	struct reply r;

	TAILQ_REMOVE(&d->active, q, link);
	d->nactive--;
	reply_init(&r, &q->qname);
	r.server = d->server[q->server].name;
	if (p != NULL) {
		packet_reply(p, &r);
		util_trace("reply from %s: %s, %zu answers, %.1f ms", r.server,
		    rcode_name(r.rcode).s,
		    ldns_rr_list_rr_count(ldns_pkt_answer(p)),
		    util_now_ms() - q->sent);
	} else {
		r.error = q->error;
		util_trace("no answer from %s: %s", r.server, r.error);
	}
	q->done(q->arg, &r);
	reply_clear(&r);
	ldns_pkt_free(p);
	query_free(q);
}

/*
 * Judge a message from the server.  Returns 1 when the query is finished
 * (answered, or a malformed reply for it), 0 to keep waiting.
 */
static int
take_message(struct query *q, const uint8_t *buf, size_t len)
{
	ldns_pkt *p;

	if (len < 12 || ((buf[0] << 8) | buf[1]) != q->id || !(buf[2] & 0x80))
		return 0;	/* not ours: a stray or spoofed packet */
	if (ldns_wire2pkt(&p, buf, len) != LDNS_STATUS_OK) {
		q->error = "malformed reply";
		query_finish(q, NULL);
		return 1;
	}
	if (!reply_matches(q, p)) {
		ldns_pkt_free(p);
		return 0;
	}
	if (!q->tcp && ldns_pkt_tc(p)) {
		ldns_pkt_free(p);
		util_trace("truncated reply from %s, retrying over tcp",
		    q->dns->server[q->server].name);
		q->tcp = 1;
		q->tries--;	/* the TCP try continues this one */
		query_close(q);
		q->queued = 1;
		return 0;
	}
	query_finish(q, p);
	return 1;
}

/*
 * A channel failed (an ICMP error, say: its queries all go to the same
 * server and port): every try on it fails, and it takes no more.
 */
static void
channel_fail(struct dns *d, struct channel *c, const char *why)
{
	int i;

	channel_spend(c);
	for (i = 0; i < CHANNEL_QUERIES; i++)
		if (c->q[i] != NULL) {
			c->q[i]->error = why;
			channel_leave(c->q[i]);
		}
}

/*
 * Read the messages a channel holds, a batch a call, and hand each to
 * the query on it with the message's ID; one with no such query is a
 * stray or a spoof, dropped.
 */
static void
channel_read(struct dns *d, struct channel *c)
{
	const uint8_t *m;
	size_t len;
	int i, j, n;

	if (d->rbuf == NULL)	/* pages are touched only as messages come */
		d->rbuf = xmalloc((size_t)CHANNEL_QUERIES * UDP_MAX);
	for (;;) {
		for (i = 0; i < CHANNEL_QUERIES; i++)
			msg_set(d, i, d->rbuf + (size_t)i * UDP_MAX, UDP_MAX);
		if ((n = recvmmsg(c->fd, d->msg, CHANNEL_QUERIES,
		    MSG_DONTWAIT, NULL)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				channel_fail(d, c, strerror(errno));
			return;
		}
		for (i = 0; i < n; i++) {
			m = d->iov[i].iov_base;
			len = d->msg[i].msg_len;
			for (j = 0; len >= 2 && j < CHANNEL_QUERIES; j++)
				if (c->q[j] != NULL &&
				    c->q[j]->id == ((m[0] << 8) | m[1])) {
					take_message(c->q[j], m, len);
					break;
				}
		}
		/* with no query left on it, what more it holds is strays */
		if (n < CHANNEL_QUERIES || c->nq == 0)
			return;
	}
}

/* Move a TCP exchange on: send length and query, read length and reply. */
static int
tcp_step(struct query *q, short revents)
{
	ssize_t n;
	int e;
	socklen_t elen = sizeof(e);

	if (q->tcpout < q->wirelen) {
		if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
			return 0;
		if (getsockopt(q->fd, SOL_SOCKET, SO_ERROR, &e, &elen) == 0 &&
		    e != 0) {
			q->error = strerror(e);
			query_close(q);
			return 0;
		}
		n = send(q->fd, q->wire + q->tcpout, q->wirelen - q->tcpout,
		    MSG_NOSIGNAL);
		if (n > 0)
			q->tcpout += n;
		else if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK) {
			q->error = strerror(errno);
			query_close(q);
		}
		return 0;
	}
	if (!(revents & (POLLIN | POLLHUP | POLLERR)))
		return 0;
	if (q->tcpin == NULL) {
		q->tcpin = xmalloc(65535 + 2);
		q->tcpinlen = 2;
	}
	n = recv(q->fd, q->tcpin + q->tcpgot, q->tcpinlen - q->tcpgot, 0);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0) {
		q->error = n == 0 ? "connection closed" : strerror(errno);
		query_close(q);
		return 0;
	}
	q->tcpgot += n;
	if (q->tcpgot < q->tcpinlen)
		return 0;
	if (q->tcpinlen == 2) {
		q->tcpinlen = 2 + ((q->tcpin[0] << 8) | q->tcpin[1]);
		return 0;
	}
	if (take_message(q, q->tcpin + 2, q->tcpinlen - 2))
		return 1;
	q->tcpinlen = 2;	/* not ours: read the next message */
	q->tcpgot = 0;
	return 0;
}

/*
 * The query in wire format, two bytes in front for TCP's length: a
 * header with RD and one question, the name, NAPTR IN, and an OPT record
 * offering EDNS_PAYLOAD bytes (RFC 6891 6.1.2).  Written by hand, not
 * from an ldns_pkt: making and freeing a packet, its four sections and
 * its question cost more than the rest of the query.  One name, so
 * nothing to compress.
 */
static void
query_wire(struct query *q)
{
	uint8_t *w = q->wire;
	size_t len = 0;

#define PUT16(v) do { w[len++] = (v) >> 8; w[len++] = (v) & 0xff; } while (0)
	PUT16(0);				/* TCP length, set below */
	PUT16(q->id);
	PUT16(0x0100);				/* QUERY, RD */
	PUT16(1);				/* QDCOUNT */
	PUT16(0);				/* ANCOUNT */
	PUT16(0);				/* NSCOUNT */
	PUT16(1);				/* ARCOUNT: OPT */
	memcpy(w + len, q->qname.wire, q->qname.len);
	len += q->qname.len;
	PUT16(LDNS_RR_TYPE_NAPTR);
	PUT16(LDNS_RR_CLASS_IN);
	w[len++] = 0;				/* OPT: the root */
	PUT16(LDNS_RR_TYPE_OPT);
	PUT16(EDNS_PAYLOAD);			/* in the class */
	PUT16(0);		/* extended rcode, version 0, */
	PUT16(0);		/* no DO */
	PUT16(0);				/* no options */
#undef PUT16
	q->wirelen = len;
	w[0] = (len - 2) >> 8;
	w[1] = (len - 2) & 0xff;
}

/*
 * Send a NAPTR query for name; done(arg, reply) is called from dns_run
 * once it is answered or has failed every try.
 */
void
dns_query(struct dns *d, const struct dname *name, dns_done_fn *done, void *arg)
{
	struct query *q = xcalloc(1, sizeof(*q));

	q->dns = d;
	q->done = done;
	q->arg = arg;
	q->fd = -1;
	q->tcp = d->opt->tcp;
	/* one getrandom(2) for 256 IDs: one a query was a syscall a query */
	if (d->nids == 0) {
		arc4random_buf(d->ids, sizeof(d->ids));
		d->nids = sizeof(d->ids) / sizeof(d->ids[0]);
	}
	q->id = d->ids[--d->nids];
	TAILQ_INSERT_TAIL(&d->active, q, link);
	d->nactive++;
	q->qname = *name;
	query_wire(q);
	q->server = d->rotor++ % d->nserver;
	q->queued = 1;
}

/* A try is over without an answer: the next try, or give up. */
static void
try_failed(struct query *q)
{
	struct dns *d = q->dns;

	query_close(q);
	if (q->tries >= d->opt->retries + 1) {
		query_finish(q, NULL);
		return;
	}
	q->server = (q->server + 1) % d->nserver;
	q->queued = 1;
}

/*
 * Wait for the DNS, and for fd (the input, or -1) to become readable, and
 * deliver what is done: replies, timeouts
 * and failed tries.  Returns whether fd is readable.
 */
int
dns_run(struct dns *d, int fd)
{
	struct query *q, *next;
	struct channel *c, *cnext;
	double now, wait;
	size_t i, n = 0, started = 0;
	int readable = 0;

	if (d->npfd < d->nchan + d->nactive + 1) {
		d->npfd = d->nchan + d->nactive + 1;
		d->pfd = xreallocarray(d->pfd, d->npfd, sizeof(*d->pfd));
		d->pq = xreallocarray(d->pq, d->npfd, sizeof(*d->pq));
		d->pc = xreallocarray(d->pc, d->npfd, sizeof(*d->pc));
	}
	now = util_now_ms();
	wait = d->opt->timeout_ms;
	TAILQ_FOREACH(q, &d->active, link)
		if (q->queued) {
			if (started == BURST_MAX) {
				wait = 0;	/* the rest go next round */
				break;
			}
			if (!rate_allows(d, now)) {
				if (d->next_send - now < wait)
					wait = d->next_send - now;
				continue;
			}
			q->queued = 0;
			try_start(q, now);
			started++;
		}
	LIST_FOREACH(c, &d->chans, link) {
		if (c->nout > 0)
			channel_send(d, c);
		if (c->nq > 0) {
			d->pfd[n].fd = c->fd;
			d->pfd[n].events = POLLIN;
			d->pc[n] = c;
			d->pq[n++] = NULL;
		}
	}
	TAILQ_FOREACH(q, &d->active, link) {
		if (q->queued)
			continue;
		if (!in_flight(q)) {	/* the try failed at once */
			wait = 0;
			continue;
		}
		if (q->sent + d->opt->timeout_ms - now < wait)
			wait = q->sent + d->opt->timeout_ms - now;
		if (!q->tcp)
			continue;	/* its channel is polled */
		d->pfd[n].fd = q->fd;
		d->pfd[n].events = q->tcpout < q->wirelen ? POLLOUT : POLLIN;
		d->pc[n] = NULL;
		d->pq[n++] = q;
	}
	if (fd != -1) {
		d->pfd[n].fd = fd;
		d->pfd[n].events = POLLIN;
		d->pc[n] = NULL;
		d->pq[n++] = NULL;
	}
	if (poll(d->pfd, n, wait <= 0 ? 0 : (int)wait + 1) == -1 &&
	    errno != EINTR)
		err(3, "poll");
	for (i = 0; i < n; i++) {
		if (d->pfd[i].revents == 0)
			continue;
		if (d->pc[i] != NULL)
			channel_read(d, d->pc[i]);
		else if (d->pq[i] != NULL)
			tcp_step(d->pq[i], d->pfd[i].revents);
		else
			readable = 1;
	}
	/* queries finished above are gone from the list; the rest may time out */
	now = util_now_ms();
	for (q = TAILQ_FIRST(&d->active); q != NULL; q = next) {
		next = TAILQ_NEXT(q, link);
		if (q->queued)
			continue;
		if (!in_flight(q))
			try_failed(q);
		else if (now >= q->sent + d->opt->timeout_ms) {
			q->error = "timed out";
			try_failed(q);
		}
	}
	/* spent channels go once empty: no reading is under way now */
	for (c = LIST_FIRST(&d->chans); c != NULL; c = cnext) {
		cnext = LIST_NEXT(c, link);
		if (c->nq == 0 && c->uses >= CHANNEL_USES)
			channel_close(d, c);
	}
	return readable;
}
