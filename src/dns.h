/* SPDX-License-Identifier: ISC */
/* enumq: the DNS edge, where ldns is used: packets in and out, the network engine. */

#ifndef ENUMQ_DNS_H
#define ENUMQ_DNS_H

#include <sys/queue.h>
#include <sys/socket.h>

#include <poll.h>

#include <ldns/ldns.h>

#include "enumq.h"
#include "rate.h"

#define EDNS_PAYLOAD	1232	/* the DNS flag day 2020 figure */
#define CHANNEL_QUERIES	16	/* UDP queries in flight on one socket at most */
#define CHANNEL_USES	256	/* queries one UDP socket carries, then a new port */
#define UDP_MAX		65535	/* the largest UDP message */
/*
 * Queries in flight on one TCP connection at most (BIND's cap, which
 * bounds what a dropped connection costs), and connections to one server:
 * a second is opened only when the first is full.
 */
#define TCP_PIPELINE	256
#define TCP_CONNS	4
/*
 * Tries started in one round of dns_run at most: the replies to read come
 * between bursts, and a server's receive buffer is not flooded by a
 * whole --concurrency of queries at once (a few hundred overflow NSD's).
 */
#define BURST_MAX	128
/* a query: TCP length, header, name, type and class, OPT record */
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

/* What became of the tries of one query to one server. */
struct server_try {
	uint8_t		 tries;		/* tries started to it */
	uint8_t		 done;		/* it answered: ask it no more */
	int		 rcode;		/* of its latest answer; -1: none */
	char		*why;		/* its latest failure, or NULL */
};

/*
 * A TCP connection to one server, carrying up to TCP_PIPELINE queries at
 * once, each with an ID of its own on it, written as they come and
 * answered in any order (RFC 7766 6.2.1.1, 7).
 */
struct conn {
	int		 fd;		/* -1 once it failed */
	size_t		 server;
	int		 connected;	/* the handshake is done */
	int		 spent;		/* takes no more queries */
	struct query	*q[TCP_PIPELINE];	/* in flight on it, or NULL */
	int		 nq;
	uint8_t		*out;		/* queries to write, each with its length */
	size_t		 outlen, outsent, outcap;
	uint8_t		*in;		/* bytes read, not yet a whole message */
	size_t		 inlen;
	size_t		 answered;	/* queries its replies finished */
	double		 last_read;	/* when it last brought a whole message */
	TAILQ_ENTRY(conn) link;		/* the engine's connections, oldest first */
};

/* One query in flight. */
struct query {
	struct dns	*dns;
	uint16_t	 id;
	uint8_t		 wire[QUERY_MAX]; /* TCP length, then the query */
	size_t		 wirelen;	/* both together */
	dns_done_fn	*done;
	void		*arg;
	struct channel	*chan;		/* UDP: the channel in flight on */
	struct conn	*conn;		/* TCP: the connection in flight on */
	int		 slot;		/* and the place in it */
	int		 tcp;		/* over TCP: --tcp, or after TC */
	int		 fallback;	/* its next try continues a TC reply's */
	int		 tries;		/* tries started, to all servers */
	uint16_t	 qtype;		/* QTYPE_* */
	size_t		 base;		/* its servers: server[base], */
	size_t		 nbase;		/* nbase of them (a group) */
	size_t		 first;		/* the server of the first try */
	size_t		 server;	/* of the current try */
	struct server_try per[SERVERS_MAX];	/* per server of the group */
	double		 sent;		/* when the current try started */
	const char	*error;		/* the latest reason a try failed */
	int		 queued;	/* waiting to start a try */
	struct dname	 qname;		/* the name asked for */
	TAILQ_ENTRY(query) link;	/* the active list, oldest first */
};

struct dns {
	const struct options	*opt;
	/*
	 * Two groups: the ENUM queries' servers first, then --host-server's
	 * (host_base, nhost); without it the host group is the first.
	 */
	struct server		 server[SERVERS_MAX + HOST_SERVERS_MAX];
	size_t			 nserver;	/* in both groups */
	size_t			 nenum;		/* in the first */
	size_t			 host_base;
	size_t			 nhost;
	int			 timeout_ms;	/* a try's: --timeout or conf */
	int			 tries;		/* a server's: --retries + 1 */
	int			 rotate;	/* resolv.conf's "rotate" */
	size_t			 rotor;		/* the next first server */
	uint16_t		 ids[256];	/* random query IDs, drawn in bulk */
	size_t			 nids;
	TAILQ_HEAD(, query)	 active;	/* in flight */
	size_t			 nactive;
	struct rate		 rate;		/* --rate */
	struct dns_stats	 stats;		/* what it did, for --stats */
	LIST_HEAD(, channel)	 chans;		/* every UDP channel */
	size_t			 nchan;
	TAILQ_HEAD(, conn)	 conns;		/* every TCP connection */
	size_t			 nconn;
	struct pollfd		*pfd;
	struct channel		**pc;		/* what each pfd is for: */
	struct conn		**pt;		/* a channel or a connection */
	size_t			 npfd;
	uint8_t			*rbuf;		/* a channel's messages, read */
	struct mmsghdr		 msg[CHANNEL_QUERIES];	/* in one call */
	struct iovec		 iov[CHANNEL_QUERIES];
};

/* server.c: the servers to ask */
char	*server_find(struct dns *, const struct options *, int *);
void	 server_free(struct dns *);

/* judges a message for a query: 1 when it finished the query */
typedef int take_fn(struct query *, const uint8_t *, size_t);

/* udp.c: UDP channels */
int	 udp_join(struct dns *, struct query *);
void	 udp_leave(struct query *);
void	 udp_send(struct dns *, struct channel *);
void	 udp_read(struct dns *, struct channel *, take_fn *);
void	 udp_close(struct dns *, struct channel *);

/* tcp.c: TCP connections, queries pipelined on them */
int	 tcp_room(const struct dns *, size_t);
int	 tcp_join(struct dns *, struct query *);
void	 tcp_leave(struct query *);
int	 tcp_write(struct conn *);
short	 tcp_events(const struct conn *);
void	 tcp_io(struct conn *, short, take_fn *);
void	 tcp_sweep(struct dns *);


/* packet.c */
int	 packet_rcode(const ldns_pkt *);
void	 packet_reply(const ldns_pkt *, struct reply *);

#endif /* ENUMQ_DNS_H */
