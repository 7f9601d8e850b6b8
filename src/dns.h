/* SPDX-License-Identifier: ISC */
/* enumq: the DNS edge, where ldns is used: packets in and out, the network engine. */

#ifndef ENUMQ_DNS_H
#define ENUMQ_DNS_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <poll.h>

#include <ldns/ldns.h>

#include "enumq.h"

#define EDNS_PAYLOAD	1232	/* the DNS flag day 2020 figure */
#define SERVERS_MAX	8
#define CHANNEL_QUERIES	16	/* UDP queries in flight on one socket at most */
#define CHANNEL_USES	256	/* queries one UDP socket carries, then a new port */
#define UDP_MAX		65535	/* the largest UDP message */
#define RATE_LAG_MS	10	/* --rate: how far behind a busy engine may fall */
#define RATE_SLOTS	1001	/* --rate's window: ms slots, a little over 1 s */
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
	int		 queued;	/* waiting to start a try */
	struct dname	 qname;		/* the name asked for */
	TAILQ_ENTRY(query) link;	/* the active list, oldest first */
};

/*
 * --rate: a packet is due every 1/rate s.  The clock may run up to
 * RATE_LAG_MS behind an engine that had packets waiting, so that those
 * due while it slept or worked go out in one round, but a quiet spell
 * earns nothing; and no more than rate packets go out in any second,
 * counted in slots of a millisecond over RATE_SLOTS of them.
 */
struct rate {
	double		 due;		/* when the next packet may go, in ms */
	int		 held;		/* a packet waited at the last round */
	long long	 ms;		/* the millisecond of the newest slot */
	unsigned long	 sum;		/* packets sent in the window */
	uint32_t	 slot[RATE_SLOTS];	/* packets sent each millisecond */
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
	struct rate		 rate;		/* --rate */
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

/* server.c: the servers to ask */
char	*server_find(struct dns *, const struct options *);
void	 server_free(struct dns *);

/* udp.c: UDP channels */
typedef int udp_take_fn(struct query *, const uint8_t *, size_t);
int	 udp_join(struct dns *, struct query *);
void	 udp_leave(struct query *);
void	 udp_send(struct dns *, struct channel *);
void	 udp_read(struct dns *, struct channel *, udp_take_fn *);
void	 udp_close(struct dns *, struct channel *);

/* tcp.c: one TCP connection a query */
void	 tcp_connect(struct query *, const struct server *);
int	 tcp_step(struct query *, short);
void	 tcp_next(struct query *);
void	 tcp_close(struct query *);

/* packet.c */
int	 packet_rcode(const ldns_pkt *);
void	 packet_reply(const ldns_pkt *, struct reply *);

#endif /* ENUMQ_DNS_H */
