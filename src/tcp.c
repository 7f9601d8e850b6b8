/* SPDX-License-Identifier: ISC */
/* enumq: TCP: a connection a query, its length-prefixed message out and the reply in. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dns.h"

/* Open the query's connection to a server; on failure q->error says why. */
void
tcp_connect(struct query *q, const struct server *s)
{
	q->fd = socket(s->addr.ss_family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd == -1 || (connect(q->fd, (struct sockaddr *)&s->addr,
	    s->len) == -1 && errno != EINPROGRESS)) {
		q->error = strerror(errno);
		tcp_close(q);
	}
}

/* Close the query's connection, if any, and drop what was read. */
void
tcp_close(struct query *q)
{
	if (q->fd != -1)
		close(q->fd);
	q->fd = -1;
	free(q->tcpin);
	q->tcpin = NULL;
	q->tcpinlen = q->tcpgot = q->tcpout = 0;
}

/* The message read was not the answer: read the next one. */
void
tcp_next(struct query *q)
{
	q->tcpinlen = 2;
	q->tcpgot = 0;
}

/*
 * Move a TCP exchange on: send length and query, read length and reply.
 * Returns 1 when a whole message is in q->tcpin, after its length.
 */
int
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
			tcp_close(q);
			return 0;
		}
		n = send(q->fd, q->wire + q->tcpout, q->wirelen - q->tcpout,
		    MSG_NOSIGNAL);
		if (n > 0)
			q->tcpout += n;
		else if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK) {
			q->error = strerror(errno);
			tcp_close(q);
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
		tcp_close(q);
		return 0;
	}
	q->tcpgot += n;
	if (q->tcpgot < q->tcpinlen)
		return 0;
	if (q->tcpinlen == 2) {
		q->tcpinlen = 2 + ((q->tcpin[0] << 8) | q->tcpin[1]);
		return 0;
	}
	return 1;
}
