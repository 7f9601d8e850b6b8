/* SPDX-License-Identifier: ISC */
/* enumq: the query engine: queries in flight, tries over the servers, the rate, timeouts, one poll(). */

#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dns.h"

/* The -v line that says which servers are asked, and how. */
static void
trace_servers(const struct dns *d)
{
	char *list = xstrdup(""), *more;
	size_t i;

	for (i = 0; i < d->nserver; i++) {
		more = xasprintf("%s %s", list, d->server[i].name);
		free(list);
		list = more;
	}
	util_trace("name servers:%s; %d %s each, %.3f s a try%s", list,
	    d->tries, d->tries == 1 ? "try" : "tries", d->timeout_ms / 1e3,
	    d->rotate ? "; rotate" : "");
	free(list);
}

/*
 * Set up DNS I/O over the network to --server or the system resolver.
 * Returns NULL and sets *errstr (a new string) on failure, *unreadable
 * to 1 when it is that --resolv-conf's file cannot be opened, else 0.
 */
struct dns *
dns_new(const struct options *opt, int *unreadable, char **errstr)
{
	struct dns *d = xcalloc(1, sizeof(*d));
	size_t i;

	TAILQ_INIT(&d->active);
	TAILQ_INIT(&d->conns);
	d->opt = opt;
	d->timeout_ms = opt->timeout_ms;
	d->tries = opt->retries + 1;
	rate_init(&d->rate, opt->rate);
	*unreadable = 0;
	if ((*errstr = server_find(d, opt, unreadable)) != NULL) {
		dns_free(d);
		return NULL;
	}
	d->stats.nserver = d->nserver;
	for (i = 0; i < d->nserver; i++)
		d->stats.server[i].name = d->server[i].name;
	if (util_trace_on)
		trace_servers(d);
	return d;
}

/* What the engine has done so far: counts, for --stats and -v. */
const struct dns_stats *
dns_stats(const struct dns *d)
{
	return &d->stats;
}

/* The kind of failure an rcode other than NOERROR and NXDOMAIN is. */
static enum dns_fail
rcode_fail(int rcode)
{
	switch (rcode) {
	case 1:
		return FAIL_FORMERR;
	case 2:
		return FAIL_SERVFAIL;
	case 4:
		return FAIL_NOTIMP;
	case 5:
		return FAIL_REFUSED;
	default:
		return FAIL_RCODE;
	}
}

/* End the current try: leave its channel or its connection. */
static void
query_close(struct query *q)
{
	udp_leave(q);
	tcp_leave(q);
}

/* Is the current try under way: sent, or being sent? */
static int
in_flight(const struct query *q)
{
	return q->tcp ? q->conn != NULL : q->chan != NULL;
}

static void
query_free(struct query *q)
{
	size_t i;

	query_close(q);
	for (i = 0; i < SERVERS_MAX; i++)
		free(q->per[i].why);
	free(q);
}

/* Release the engine; queries still in flight are dropped. */
void
dns_free(struct dns *d)
{
	struct query *q;

	if (d == NULL)
		return;
	while ((q = TAILQ_FIRST(&d->active)) != NULL) {
		TAILQ_REMOVE(&d->active, q, link);
		query_free(q);
	}
	while (!LIST_EMPTY(&d->chans))
		udp_close(d, LIST_FIRST(&d->chans));
	tcp_sweep(d);		/* none has a query on it now */
	server_free(d);
	free(d->pfd);
	free(d->pc);
	free(d->pt);
	free(d->rbuf);
	free(d);
}

/*
 * Start a try to the query's server at time now: a place on a TCP
 * connection or a UDP channel, sent with its next write or batch.
 */
static void
try_start(struct query *q, double now)
{
	struct dns *d = q->dns;
	struct server *s;

	query_close(q);
	q->tries++;
	q->per[q->server - q->base].tries++;
	q->sent = now;
	s = &d->server[q->server];
	d->stats.sent++;
	d->stats.server[q->server].sent++;
	d->stats.sent_tcp += q->tcp;
	d->stats.retries += q->tries > 1;
	d->stats.tcp_fallback += q->fallback;
	q->fallback = 0;
	if (util_trace_on) {
		char *name = dname_str(q->qname.wire, q->qname.len);

		util_trace("query %s %s to %s over %s, try %d", name,
		    qtype_name(q->qtype), s->name, q->tcp ? "tcp" : "udp",
		    q->tries);
		free(name);
	}
	if (!q->tcp) {
		if (udp_join(d, q) == -1)
			q->error = strerror(errno);
		return;
	}
	tcp_join(d, q);
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
	return ldns_rr_get_type(qr) == q->qtype &&
	    ldns_rr_get_class(qr) == LDNS_RR_CLASS_IN &&
	    ldns_rdf_size(ldns_rr_owner(qr)) == QNAME_LEN(q) &&
	    dname_wire_equal(ldns_rdf_data(ldns_rr_owner(qr)), q->qname.wire,
	    QNAME_LEN(q));
}

/*
 * Take the query off the active list and hand its outcome to its owner:
 * the reply r, or with none (NULL) no answer, q->error saying why; with
 * it, what each server asked said.
 */
static void
query_finish(struct query *q, struct reply *r)
{
	struct dns *d = q->dns;
	struct reply_try tried[SERVERS_MAX];
	struct reply none;
	size_t i, s;

	TAILQ_REMOVE(&d->active, q, link);
	d->nactive--;
	if (r == NULL) {
		reply_init(&none, &q->qname, q->qtype);
		none.server = d->server[q->server].name;
		none.error = q->error;
		r = &none;
	}
	for (i = 0; i < q->nbase; i++) {
		s = (q->first - q->base + i) % q->nbase;
		if (q->per[s].tries == 0)
			continue;
		tried[r->ntried].server = d->server[q->base + s].name;
		tried[r->ntried].rcode = q->per[s].rcode;
		tried[r->ntried++].error = q->per[s].why;
	}
	r->tried = tried;
	q->done(q->arg, r);
	query_free(q);
}

/*
 * Note what the current try's server said: why it was no valid answer (a
 * new string, or NULL for a valid one) and which kind of failure that is,
 * the rcode of its answer (-1 for none), and whether it answered: a
 * server that did is asked no more.
 */
static void
server_note(struct query *q, char *why, int rcode, int answered,
    enum dns_fail kind)
{
	struct server_try *st = &q->per[q->server - q->base];
	struct dns_server_stats *ss = &q->dns->stats.server[q->server];

	ss->answered += answered;
	if (why != NULL)
		ss->fail[kind]++;
	free(st->why);
	st->why = why;
	st->rcode = rcode;
	st->done = answered;
}

/*
 * The next server owed a try, after the current one in the list and
 * round again (RFC 1035 7.2, resolv.conf(5)): one that has not answered
 * and has had fewer than its tries; -1 when there is none.
 */
static int
server_next(const struct query *q)
{
	const struct dns *d = q->dns;
	size_t i, s;

	for (i = 1; i <= q->nbase; i++) {
		s = (q->server - q->base + i) % q->nbase;
		if (!q->per[s].done && q->per[s].tries < d->tries)
			return q->base + s;
	}
	return -1;
}

/*
 * The current try failed, its server's record says why: move the query
 * on to the next server owed a try.  Returns -1 when there is none: the
 * query must finish.
 */
static int
move_on(struct query *q)
{
	struct dns *d = q->dns;
	int next;

	if ((next = server_next(q)) == -1)
		return -1;
	if ((size_t)next != q->server)
		util_trace("%s: %s; next %s", d->server[q->server].name,
		    q->per[q->server - q->base].why, d->server[next].name);
	query_close(q);
	q->server = next;
	q->queued = 1;
	return 0;
}

/*
 * Judge a message from the server.  Returns 1 when the query is done
 * with it (answered, or failed over to the next server), 0 to keep
 * waiting.  An answer that is no valid answer (an rcode other than
 * NOERROR and NXDOMAIN, a referral, a malformed message) is the server's
 * last word for this query: the next server is asked.
 */
static int
take_message(struct query *q, const uint8_t *buf, size_t len)
{
	struct reply r;
	ldns_pkt *p;

	if (len < 12 || ((buf[0] << 8) | buf[1]) != q->id || !(buf[2] & 0x80))
		return 0;	/* not ours: a stray or spoofed packet */
	if (ldns_wire2pkt(&p, buf, len) != LDNS_STATUS_OK) {
		q->error = "malformed reply";
		util_trace("malformed reply from %s",
		    q->dns->server[q->server].name);
		server_note(q, xstrdup(q->error), -1, 1, FAIL_MALFORMED);
		if (move_on(q) == -1)
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
		q->fallback = 1;
		q->dns->stats.truncated++;
		q->tries--;	/* the TCP try continues this one */
		q->per[q->server - q->base].tries--;
		query_close(q);
		q->queued = 1;
		return 0;
	}
	reply_init(&r, &q->qname, q->qtype);
	r.server = q->dns->server[q->server].name;
	packet_reply(p, &r);
	util_trace("reply from %s: %s, %zu answers, %.1f ms", r.server,
	    rcode_name(r.rcode).s, ldns_rr_list_rr_count(ldns_pkt_answer(p)),
	    util_now_ms() - q->sent);
	server_note(q, reply_failure(&r), r.rcode, 1,
	    r.rcode != RCODE_NOERROR && r.rcode != RCODE_NXDOMAIN ?
	    rcode_fail(r.rcode) : r.error != NULL ? FAIL_ANSWER :
	    FAIL_REFERRAL);
	if (q->per[q->server - q->base].why == NULL || move_on(q) == -1)
		query_finish(q, &r);
	reply_clear(&r);
	ldns_pkt_free(p);
	return 1;
}

/*
 * The query in wire format, two bytes in front for TCP's length: a
 * header with RD and one question, the name, its type and IN, an OPT record
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
	PUT16(q->qtype);
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
 * Send a query of qtype for name, to the host lookups' servers when host
 * is set (--host-server); done(arg, reply) is called from dns_run once
 * it is answered or has failed every try.
 */
void
dns_query(struct dns *d, const struct dname *name, uint16_t qtype, int host,
    dns_done_fn *done, void *arg)
{
	struct query *q = xcalloc(1, sizeof(*q));
	size_t i;

	q->dns = d;
	q->done = done;
	q->arg = arg;
	q->tcp = d->opt->tcp;
	/* one getrandom(2) for 256 IDs: one a query was a syscall a query */
	if (d->nids == 0) {
		arc4random_buf(d->ids, sizeof(d->ids));
		d->nids = sizeof(d->ids) / sizeof(d->ids[0]);
	}
	q->id = d->ids[--d->nids];
	TAILQ_INSERT_TAIL(&d->active, q, link);
	d->nactive++;
	d->stats.queries++;
	q->qname = *name;
	q->qtype = qtype;
	query_wire(q);
	q->base = host ? d->host_base : 0;
	q->nbase = host ? d->nhost : d->nenum;
	/* the list in order, as a stub resolver takes it, or in turn */
	q->first = q->base + (d->rotate ? d->rotor++ % q->nbase : 0);
	q->server = q->first;
	for (i = 0; i < SERVERS_MAX; i++)
		q->per[i].rcode = -1;
	q->queued = 1;
}

/*
 * Nothing is in flight and the caller is about to wait for more input:
 * close the TCP connections, idle now (RFC 7766 6.2.3).
 */
void
dns_idle(struct dns *d)
{
	tcp_sweep(d);
}

/*
 * A try is over without an answer (q->error says why, kind which sort of
 * failure): the server may be asked again in the next round; the next
 * try, or give up.
 */
static void
try_failed(struct query *q, enum dns_fail kind)
{
	query_close(q);
	if (q->error == NULL)
		q->error = "no reply";
	util_trace("no answer from %s: %s", q->dns->server[q->server].name,
	    q->error);
	q->dns->stats.timeouts += kind == FAIL_TIMEOUT;
	server_note(q, xstrdup(q->error), -1, 0, kind);
	if (move_on(q) == -1)
		query_finish(q, NULL);
}

/* poll(2)'s wait of wait ms, rounded up to the microsecond. */
static struct timespec
wait_ts(double wait)
{
	struct timespec ts = { 0, 0 };
	long long us;

	if (wait > 0) {
		us = (long long)(wait * 1000) + 1;
		ts.tv_sec = us / 1000000;
		ts.tv_nsec = us % 1000000 * 1000;
	}
	return ts;
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
	struct conn *t;
	struct timespec ts;
	double now, wait, tick;
	size_t i, n = 0, started = 0;
	int readable = 0;

	now = util_now_ms();
	wait = d->timeout_ms;
	rate_round(&d->rate, now);
	TAILQ_FOREACH(q, &d->active, link) {
		if (!q->queued)
			continue;
		if (q->tcp && !tcp_room(d, q->server))
			continue;	/* until a reply or a timeout makes room */
		if (started == BURST_MAX) {
			wait = 0;	/* the rest go next round */
			d->rate.held = 1;
			break;
		}
		if (!rate_allows(&d->rate, now, &wait))
			break;
		q->queued = 0;
		try_start(q, now);
		started++;
	}
	tcp_sweep(d);
	if (d->npfd < d->nchan + d->nconn + 1) {
		d->npfd = d->nchan + d->nconn + 1;
		d->pfd = xreallocarray(d->pfd, d->npfd, sizeof(*d->pfd));
		d->pc = xreallocarray(d->pc, d->npfd, sizeof(*d->pc));
		d->pt = xreallocarray(d->pt, d->npfd, sizeof(*d->pt));
	}
	LIST_FOREACH(c, &d->chans, link) {
		if (c->nout > 0)
			udp_send(d, c);
		if (c->nq > 0) {
			d->pfd[n].fd = c->fd;
			d->pfd[n].events = POLLIN;
			d->pc[n] = c;
			d->pt[n++] = NULL;
		}
	}
	TAILQ_FOREACH(t, &d->conns, link) {
		if (tcp_write(t) == -1) {
			wait = 0;	/* its tries failed, or wait to go again */
			continue;
		}
		d->pfd[n].fd = t->fd;
		d->pfd[n].events = tcp_events(t);
		d->pc[n] = NULL;
		d->pt[n++] = t;
	}
	TAILQ_FOREACH(q, &d->active, link) {
		if (q->queued)
			continue;
		if (!in_flight(q)) {	/* the try failed at once */
			wait = 0;
			continue;
		}
		if (q->sent + d->timeout_ms - now < wait)
			wait = q->sent + d->timeout_ms - now;
	}
	if (fd != -1) {
		d->pfd[n].fd = fd;
		d->pfd[n].events = POLLIN;
		d->pc[n] = NULL;
		d->pt[n++] = NULL;
	}
	/*
	 * While packets wait for --rate's clock, replies wait a tick too:
	 * read in bulk, a round a tick, not a round a reply.
	 */
	if (d->rate.held && wait > 0) {
		tick = wait < RATE_TICK_MS ? wait : RATE_TICK_MS;
		ts = wait_ts(tick);
		clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
		wait -= tick;
	}
	/* to the microsecond: at 1000/s a millisecond is a whole packet's wait */
	ts = wait_ts(wait);
	if (ppoll(d->pfd, n, &ts, NULL) == -1 && errno != EINTR)
		util_fatal("poll");
	for (i = 0; i < n; i++) {
		if (d->pfd[i].revents == 0)
			continue;
		if (d->pc[i] != NULL)
			udp_read(d, d->pc[i], take_message);
		else if (d->pt[i] != NULL)
			tcp_io(d->pt[i], d->pfd[i].revents, take_message);
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
			try_failed(q, FAIL_NETWORK);
		else if (now >= q->sent + d->timeout_ms) {
			q->error = "timed out";
			try_failed(q, FAIL_TIMEOUT);
		}
	}
	/* spent channels go once empty: no reading is under way now */
	for (c = LIST_FIRST(&d->chans); c != NULL; c = cnext) {
		cnext = LIST_NEXT(c, link);
		if (c->nq == 0 && c->uses >= CHANNEL_USES)
			udp_close(d, c);
	}
	return readable;
}
