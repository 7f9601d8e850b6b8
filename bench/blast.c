/* SPDX-License-Identifier: ISC */
/*
 * blast: bench/run's yardstick for --rate, not part of enumq.  What this
 * machine's loopback and NSD can take with next to no work per query on
 * the client: NAPTR queries from a dnsperf query file sent as fast as
 * sendmmsg goes, or paced as enumq paces them (a packet due every 1/rate
 * s, those due sent in one sendmmsg), replies read and dropped unparsed.
 *
 *   blast ADDR PORT QUERYFILE SECONDS [RATE]
 *	send for SECONDS; RATE 0 or none: as fast as it can.  Prints
 *	"sent N replies N seconds S cpu_us_per_query U".
 *   blast -s ADDR
 *	a counting sink on a free UDP port of ADDR: prints the port, then
 *	reads every datagram and answers none; on SIGTERM prints
 *	"received N".
 *   blast -a ADDR COUNTFILE
 *	an answering server on a free UDP port of ADDR, at next to no cost
 *	a query: prints the port, then answers each query NXDOMAIN (AA, the
 *	query's own question and OPT) and keeps the count of queries it
 *	took in COUNTFILE, 8 bytes mapped into memory, for bench/run to read
 *	at any moment (od -An -tu8 COUNTFILE): --rate counted at a server
 *	that is never what holds enumq back.
 *
 * Open loop: queries do not wait for replies, so what NSD cannot take it
 * drops, and NSD's own count (nsd-control's num.queries) says what it took.
 */

#define _GNU_SOURCE	/* sendmmsg, recvmmsg */

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH	64		/* messages a sendmmsg or recvmmsg at most */
#define QMAX	320		/* one query's bytes at most */
#define NAMES	100000		/* query names kept from the file at most */

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Message m of a sendmmsg or recvmmsg batch: len bytes at base. */
static void
msg_set(struct mmsghdr *m, struct iovec *iov, void *base, size_t len)
{
	memset(m, 0, sizeof(*m));
	iov->iov_base = base;
	iov->iov_len = len;
	m->msg_hdr.msg_iov = iov;
	m->msg_hdr.msg_iovlen = 1;
}

/* name (text, dots) as a NAPTR IN query with EDNS0 in q; its length, or 0. */
static size_t
query(uint8_t *q, const char *name, uint16_t id)
{
	size_t len = 12, lablen;
	const char *p = name, *dot;
	static const uint8_t tail[] = { 0, 35, 0, 1,	/* NAPTR IN */
	    0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0 };	/* OPT, 1232 */

	memset(q, 0, 12);
	q[0] = id >> 8;
	q[1] = id & 0xff;
	q[2] = 0x01;		/* RD */
	q[5] = 1;		/* QDCOUNT */
	q[11] = 1;		/* ARCOUNT */
	while (*p != '\0') {
		dot = strchr(p, '.');
		lablen = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (lablen == 0 || lablen > 63 || len + lablen + 1 +
		    sizeof(tail) + 1 > QMAX)
			return 0;
		q[len++] = lablen;
		memcpy(q + len, p, lablen);
		len += lablen;
		p += lablen + (dot != NULL);
	}
	q[len++] = 0;
	memcpy(q + len, tail, sizeof(tail));
	return len + sizeof(tail);
}

static int
sink(const char *addr)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	static uint8_t buf[BATCH][512];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	unsigned long long n = 0;
	int fd, i, got, rcvbuf = 4 << 20;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1 ||
	    (fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1) {
		perror("blast: sink");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	printf("%d\n", ntohs(sin.sin_port));
	fflush(stdout);
	while (!stop) {
		for (i = 0; i < BATCH; i++)
			msg_set(&msg[i], &iov[i], buf[i], sizeof(buf[i]));
		if ((got = recvmmsg(fd, msg, BATCH, MSG_WAITFORONE, NULL)) > 0)
			n += got;
	}
	printf("received %llu\n", n);
	return 0;
}

/* A free UDP socket on addr, its port printed; -1 on failure. */
static int
bound_socket(const char *addr)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int fd, buf = 4 << 20;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1 ||
	    (fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1) {
		perror("blast");
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
	printf("%d\n", ntohs(sin.sin_port));
	fflush(stdout);
	return fd;
}

static int
answer(const char *addr, const char *countfile)
{
	static uint8_t buf[BATCH][512];
	struct sockaddr_in from[BATCH];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	volatile uint64_t *count;
	int fd, cfd, i, got, n;

	if ((cfd = open(countfile, O_RDWR | O_CREAT | O_TRUNC, 0644)) == -1 ||
	    ftruncate(cfd, sizeof(*count)) == -1 ||
	    (count = mmap(NULL, sizeof(*count), PROT_READ | PROT_WRITE,
	    MAP_SHARED, cfd, 0)) == MAP_FAILED) {
		perror(countfile);
		return 1;
	}
	if ((fd = bound_socket(addr)) == -1)
		return 1;
	while (!stop) {
		for (i = 0; i < BATCH; i++) {
			msg_set(&msg[i], &iov[i], buf[i], sizeof(buf[i]));
			msg[i].msg_hdr.msg_name = &from[i];
			msg[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		if ((got = recvmmsg(fd, msg, BATCH, MSG_WAITFORONE, NULL)) <= 0)
			continue;
		for (i = n = 0; i < got; i++) {
			if (msg[i].msg_len < 12 || (buf[i][2] & 0x80))
				continue;	/* not a query */
			buf[i][2] = 0x80 | 0x04 | (buf[i][2] & 0x01);
			buf[i][3] = 0x80 | 3;	/* RA, NXDOMAIN */
			iov[i].iov_len = msg[i].msg_len;
			if (n != i) {
				msg[n] = msg[i];
				msg[n].msg_hdr.msg_iov = &iov[i];
			}
			n++;
		}
		*count += got;
		if (n > 0)
			sendmmsg(fd, msg, n, 0);
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static uint8_t wire[NAMES][QMAX], rbuf[BATCH][512];
	static size_t wlen[NAMES];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_in sin;
	struct rusage ru;
	struct sigaction sa;
	char line[512], *sp;
	FILE *f;
	double start, end, t, due, gap = 0, cpu;
	unsigned long long sent = 0, replies = 0;
	size_t nnames = 0, next = 0;
	int fd, i, n, due_now, rate = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (argc == 3 && strcmp(argv[1], "-s") == 0)
		return sink(argv[2]);
	if (argc == 4 && strcmp(argv[1], "-a") == 0)
		return answer(argv[2], argv[3]);
	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: blast ADDR PORT QUERYFILE SECONDS "
		    "[RATE] | blast -s ADDR | blast -a ADDR COUNTFILE\n");
		return 64;
	}
	if (argc == 6 && (rate = atoi(argv[5])) > 0)
		gap = 1000.0 / rate;
	if ((f = fopen(argv[3], "r")) == NULL) {
		perror(argv[3]);
		return 1;
	}
	while (nnames < NAMES && fgets(line, sizeof(line), f) != NULL) {
		if ((sp = strchr(line, ' ')) != NULL)
			*sp = '\0';
		if ((sp = strrchr(line, '.')) != NULL && sp[1] == '\0')
			*sp = '\0';
		if ((wlen[nnames] = query(wire[nnames], line,
		    (uint16_t)random())) > 0)
			nnames++;
	}
	fclose(f);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(atoi(argv[2]));
	if (nnames == 0 || inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1 ||
	    (fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)) == -1 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		perror("blast");
		return 1;
	}
	start = due = now_ms();
	end = start + atof(argv[4]) * 1e3;
	while (!stop && (t = now_ms()) < end) {
		/* the packets due by now, in one call; a busy spell earns 25 ms */
		if (rate > 0 && due < t - 25)
			due = t - 25;
		for (due_now = 0; due_now < BATCH && (rate == 0 || due <= t);
		    due_now++)
			due += gap;
		for (i = 0; i < due_now; i++) {
			msg_set(&msg[i], &iov[i], wire[next], wlen[next]);
			next = (next + 1) % nnames;
		}
		if (due_now > 0 && (n = sendmmsg(fd, msg, due_now, 0)) > 0)
			sent += n;
		for (;;) {
			for (i = 0; i < BATCH; i++)
				msg_set(&msg[i], &iov[i], rbuf[i],
				    sizeof(rbuf[i]));
			if ((n = recvmmsg(fd, msg, BATCH, MSG_DONTWAIT,
			    NULL)) <= 0)
				break;
			replies += n;
		}
		/* as enumq naps while packets wait: a tick of 1 ms at most */
		if (rate > 0 && (t = due - now_ms()) > 0)
			usleep(t > 1 ? 1000 : (useconds_t)(t * 1000));
	}
	getrusage(RUSAGE_SELF, &ru);
	cpu = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec +
	    ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
	printf("sent %llu replies %llu seconds %.3f cpu_us_per_query %.2f\n",
	    sent, replies, (now_ms() - start) / 1e3,
	    sent > 0 ? cpu / sent : 0);
	return 0;
}
