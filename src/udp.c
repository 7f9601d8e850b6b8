/* SPDX-License-Identifier: ISC */
/* enumq: UDP channels: sockets that carry many queries each, sent and read in batches. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns.h"

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
void
udp_close(struct dns *d, struct channel *c)
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
int
udp_join(struct dns *d, struct query *q)
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
void
udp_leave(struct query *q)
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
void
udp_send(struct dns *d, struct channel *c)
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
		udp_leave(failed[i]);
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
			udp_leave(c->q[i]);
		}
}

/*
 * Read the messages a channel holds, a batch a call, and hand each to
 * the query on it with the message's ID; one with no such query is a
 * stray or a spoof, dropped.
 */
void
udp_read(struct dns *d, struct channel *c, take_fn *take)
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
					take(c->q[j], m, len);
					break;
				}
		}
		/* with no query left on it, what more it holds is strays */
		if (n < CHANNEL_QUERIES || c->nq == 0)
			return;
	}
}
