/* SPDX-License-Identifier: ISC */
/* enumq: TCP: a few connections a server, queries pipelined on each, replies matched by ID (RFC 7766). */

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns.h"

/* room for a whole message and its length, and as much again to read into */
#define CONN_IN		(2 * (2 + 65535))

/* A new connection to a server, its handshake under way; NULL with errno set. */
static struct conn *
conn_open(struct dns *d, size_t server)
{
	const struct server *s = &d->server[server];
	struct conn *c;
	int fd, e, one = 1, done = 0;

	if ((fd = socket(s->addr.ss_family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) == -1)
		return NULL;
	/* queries go out as they come: none waits for the last one's ACK */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)&s->addr, s->len) == 0)
		done = 1;
	else if (errno != EINPROGRESS) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->connected = done;
	c->server = server;
	c->last_read = -1;
	TAILQ_INSERT_TAIL(&d->conns, c, link);
	d->nconn++;
	return c;
}

static void
conn_free(struct dns *d, struct conn *c)
{
	TAILQ_REMOVE(&d->conns, c, link);
	d->nconn--;
	if (c->fd != -1)
		close(c->fd);
	free(c->out);
	free(c->in);
	free(c);
}

static struct query *
conn_query(const struct conn *c, uint16_t id)
{
	int i;

	for (i = 0; i < TCP_PIPELINE; i++)
		if (c->q[i] != NULL && c->q[i]->id == id)
			return c->q[i];
	return NULL;
}

/*
 * The connection is over.  Its queries' tries fail with why, unless it
 * answered some query first: then the server ended it, as servers may
 * (RFC 7766 6.2.4), and each unanswered query is sent again on a new
 * connection, its try not spent.  That happens only after an answer, so
 * it cannot go on for ever.
 */
static void
conn_fail(struct conn *c, const char *why)
{
	struct query *q;
	int i;

	for (i = 0; i < TCP_PIPELINE; i++) {
		if ((q = c->q[i]) == NULL)
			continue;
		tcp_leave(q);
		if (c->answered > 0) {
			q->tries--;
			q->queued = 1;
		} else
			q->error = why;
	}
	close(c->fd);
	c->fd = -1;
	c->spent = 1;
}

/* Can a query to this server go out on TCP now, or must it wait for room? */
int
tcp_room(const struct dns *d, size_t server)
{
	const struct conn *c;
	int n = 0;

	TAILQ_FOREACH(c, &d->conns, link)
		if (c->server == server && !c->spent) {
			if (c->nq < TCP_PIPELINE)
				return 1;
			n++;
		}
	return n < TCP_CONNS;
}

/*
 * Put a query on a connection to its server, to be written with the
 * connection's next write: the oldest with room, or a new one, so that
 * one connection carries all until it is full (RFC 7766 6.2.2).  Its ID
 * is drawn again while a query in flight there has it (RFC 7766 6.2.1).
 * Returns 0, or -1 with q->error set.  The caller has checked tcp_room.
 */
int
tcp_join(struct dns *d, struct query *q)
{
	struct conn *c;
	int slot;

	TAILQ_FOREACH(c, &d->conns, link)
		if (c->server == q->server && !c->spent &&
		    c->nq < TCP_PIPELINE)
			break;
	if (c == NULL && (c = conn_open(d, q->server)) == NULL) {
		q->error = strerror(errno);
		return -1;
	}
	while (conn_query(c, q->id) != NULL) {
		q->id = arc4random() & 0xffff;
		q->wire[2] = q->id >> 8;
		q->wire[3] = q->id & 0xff;
	}
	for (slot = 0; c->q[slot] != NULL; slot++)
		;
	c->q[slot] = q;
	c->nq++;
	q->conn = c;
	q->slot = slot;
	if (c->outsent > 0) {	/* keep only what is still to write */
		memmove(c->out, c->out + c->outsent, c->outlen - c->outsent);
		c->outlen -= c->outsent;
		c->outsent = 0;
	}
	if (c->outlen + q->wirelen > c->outcap) {
		c->outcap = c->outlen + (size_t)TCP_PIPELINE * QUERY_MAX;
		c->out = xreallocarray(c->out, c->outcap, 1);
	}
	memcpy(c->out + c->outlen, q->wire, q->wirelen);
	c->outlen += q->wirelen;
	return 0;
}

/*
 * Take a query off its connection.  Its bytes, if not yet written, still
 * go: the reply, a stray then, is dropped.  A connection that has brought
 * nothing since the query went out takes no more queries: the next try
 * gets a new one.  The connection is closed by tcp_sweep, never here: the
 * caller may be reading it.
 */
void
tcp_leave(struct query *q)
{
	struct conn *c = q->conn;

	if (c == NULL)
		return;
	if (c->last_read < q->sent)
		c->spent = 1;
	c->q[q->slot] = NULL;
	c->nq--;
	q->conn = NULL;
}

/*
 * Write what the connection holds, once its handshake is done.  Returns
 * -1 when the connection failed (its tries have failed, or gone back to
 * wait), else 0.
 */
int
tcp_write(struct conn *c)
{
	ssize_t n;

	if (c->fd == -1 || !c->connected || c->outsent == c->outlen)
		return 0;
	n = send(c->fd, c->out + c->outsent, c->outlen - c->outsent,
	    MSG_NOSIGNAL);
	if (n == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		conn_fail(c, strerror(errno));
		return -1;
	}
	c->outsent += n;
	if (c->outsent == c->outlen)
		c->outsent = c->outlen = 0;
	return 0;
}

/* The events to poll the connection for. */
short
tcp_events(const struct conn *c)
{
	return POLLIN | (!c->connected || c->outsent < c->outlen ? POLLOUT : 0);
}

/*
 * Judge each whole message read, by its ID, through take; a message no
 * query in flight on the connection has the ID of is a stray or a spoof.
 */
static void
conn_take(struct conn *c, double now, take_fn *take)
{
	struct query *q;
	size_t off = 0, len;

	while (c->inlen - off >= 2) {
		len = (c->in[off] << 8) | c->in[off + 1];
		if (c->inlen - off < 2 + len)
			break;
		c->last_read = now;
		if (len >= 2 && (q = conn_query(c, (c->in[off + 2] << 8) |
		    c->in[off + 3])) != NULL && take(q, c->in + off + 2, len))
			c->answered++;
		off += 2 + len;
	}
	memmove(c->in, c->in + off, c->inlen - off);
	c->inlen -= off;
}

/*
 * Move a connection on after poll: finish its handshake, write, read and
 * judge the replies.  A connection that fails takes its queries' tries
 * with it, or sends them back to wait (see conn_fail).
 */
void
tcp_io(struct conn *c, short revents, take_fn *take)
{
	ssize_t n;
	int e;
	socklen_t elen = sizeof(e);

	if (c->fd == -1)
		return;
	if (!c->connected) {
		if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
			return;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &elen) == -1)
			e = errno;
		if (e != 0) {
			conn_fail(c, strerror(e));
			return;
		}
		c->connected = 1;
	}
	if ((revents & POLLOUT) && tcp_write(c) == -1)
		return;
	if (!(revents & (POLLIN | POLLERR | POLLHUP)))
		return;
	if (c->in == NULL)	/* pages are touched only as replies come */
		c->in = xmalloc(CONN_IN);
	n = recv(c->fd, c->in + c->inlen, CONN_IN - c->inlen, 0);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return;
	if (n <= 0) {
		conn_fail(c, n == 0 ? "connection closed" : strerror(errno));
		return;
	}
	c->inlen += n;
	conn_take(c, util_now_ms(), take);
}

/*
 * Close the connections that failed, those that take no more queries once
 * empty, and, when no query waits to go over TCP, those with none in
 * flight: an idle connection is closed (RFC 7766 6.2.3).
 */
void
tcp_sweep(struct dns *d)
{
	struct conn *c, *next;
	struct query *q;
	int idle = 0;

	TAILQ_FOREACH(c, &d->conns, link)
		if (c->nq == 0)
			idle = 1;
	if (idle)
		TAILQ_FOREACH(q, &d->active, link)
			if (q->queued && q->tcp) {
				idle = 0;
				break;
			}
	for (c = TAILQ_FIRST(&d->conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (c->fd == -1 || (c->nq == 0 && (c->spent || idle)))
			conn_free(d, c);
	}
}
