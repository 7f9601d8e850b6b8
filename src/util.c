/* SPDX-License-Identifier: ISC */
/* enumq: allocation wrappers and small helpers shared by every module. */

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "enumq.h"

int util_trace_on;

/*
 * The one way out for what no number can be blamed for: memory, or a
 * library or system call that cannot fail in a working system.  One
 * message, one exit status (EXIT_OSERR), from any module.
 */
void
util_fatal(const char *what)
{
	int e = errno;

	if (e != 0)
		fprintf(stderr, "enumq: %s: %s\n", what, strerror(e));
	else
		fprintf(stderr, "enumq: %s\n", what);
	exit(EXIT_OSERR);
}

/* Allocate or die: running out of memory is not a per-number outcome. */
void *
xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		util_fatal("out of memory");
	return p;
}

/* Allocate zeroed memory or die. */
void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if ((p = calloc(nmemb == 0 ? 1 : nmemb, size == 0 ? 1 : size)) == NULL)
		util_fatal("out of memory");
	return p;
}

/* Resize an array with overflow checking, or die. */
void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		util_fatal("out of memory (array too large)");
	if ((p = realloc(p, nmemb * size == 0 ? 1 : nmemb * size)) == NULL)
		util_fatal("out of memory");
	return p;
}

/*
 * Room for element n (of size bytes) in an array only ever grown by this
 * call, one element at a time from 0: two to begin with (a set of NAPTRs
 * has two more often than one), then doubled whenever n reaches a power
 * of two, so that n appends cost log n reallocations.
 */
void *
xgrow(void *p, size_t n, size_t size)
{
	if (n == 0)
		p = xreallocarray(p, 2, size);
	else if (n >= 2 && (n & (n - 1)) == 0)
		p = xreallocarray(p, 2 * n, size);
	return p;
}

/*
 * Call fn on each of n items of size bytes at base, at once: the first on
 * this thread, each other on one of its own, or on this one after the
 * first when a thread cannot start.  Returns when all are done.
 */
void
run_parallel(void *(*fn)(void *), void *base, size_t n, size_t size)
{
	pthread_t *tid = xcalloc(n, sizeof(*tid));
	int *started = xcalloc(n, sizeof(*started));
	size_t i;

	for (i = 1; i < n; i++)
		started[i] = pthread_create(&tid[i], NULL, fn,
		    (char *)base + i * size) == 0;
	if (n > 0)
		fn(base);
	for (i = 1; i < n; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			fn((char *)base + i * size);
	}
	free(started);
	free(tid);
}

/* Duplicate a string or die. */
char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		util_fatal("out of memory");
	return p;
}

/* Format ap into a new string or die: vasprintf's one failure check. */
char *
xvasprintf(const char *fmt, va_list ap)
{
	char *p;

	if (vasprintf(&p, fmt, ap) == -1)
		util_fatal("out of memory");
	return p;
}

/* Format into a new string or die. */
char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/* Copy len bytes into b, NUL-terminated for convenience. */
void
bytes_set(struct bytes *b, const void *p, size_t len)
{
	b->p = xmalloc(len + 1);
	if (len > 0)
		memcpy(b->p, p, len);
	b->p[len] = '\0';
	b->len = len;
}

/* Release the bytes held by b; b may be zeroed. */
void
bytes_free(struct bytes *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
}

/*
 * Parse a decimal integer in [min, max], strtonum(3)-style: returns the
 * value, or sets *errstr to "invalid", "too small" or "too large".
 */
long long
parse_number(const char *s, long long min, long long max, const char **errstr)
{
	long long v;
	char *end;

	*errstr = NULL;
	errno = 0;
	if (*s == '\0' || *s == ' ' || *s == '\t') {
		*errstr = "invalid";
		return 0;
	}
	v = strtoll(s, &end, 10);
	if (*end != '\0')
		*errstr = "invalid";
	else if ((errno == ERANGE && v == LLONG_MIN) || v < min)
		*errstr = "too small";
	else if ((errno == ERANGE && v == LLONG_MAX) || v > max)
		*errstr = "too large";
	return *errstr == NULL ? v : 0;
}

/* Milliseconds on the monotonic clock. */
double
util_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The status as the outputs name it. */
const char *
status_name(enum status st)
{
	static const char *const name[] = {
		"ok", "nodata", "nxdomain", "error", "invalid"
	};

	return name[st];
}

/*
 * The IANA mnemonic of a DNS rcode, as dig prints it ("NOTIMP", where
 * ldns says "NOTIMPL"), or "RCODE17"; returned by value, so that neither
 * an allocation nor a shared buffer is needed.
 */
struct rcode_name
rcode_name(int rcode)
{
	struct rcode_name n;

	static const char *const name[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
		"REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH",
		"NOTZONE", "DSOTYPENI", NULL, NULL, NULL, NULL, "BADVERS"
	};

	if (rcode >= 0 && rcode < (int)(sizeof(name) / sizeof(name[0])) &&
	    name[rcode] != NULL)
		snprintf(n.s, sizeof(n.s), "%s", name[rcode]);
	else
		snprintf(n.s, sizeof(n.s), "RCODE%d", rcode);
	return n;
}

/* Write one line of the --verbose trace to stderr. */
void
util_trace(const char *fmt, ...)
{
	va_list ap;

	if (!util_trace_on)
		return;
	va_start(ap, fmt);
	fputs(";; ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* CPUs this process may run on (taskset counts), at least 1. */
size_t
cpus_usable(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return CPU_COUNT(&set);
	return 1;
}

/*
 * A hash of len bytes, eight at a time: the zone index, the DDDS cache
 * and --lint's cache hash a name or a field for every record.
 */
uint32_t
util_hash(const void *v, size_t len)
{
	const unsigned char *p = v;
	uint64_t a = len, b = ~(uint64_t)len, w, x;

	/* two lanes, so that one's multiply need not wait for the other's */
	for (; len >= 16; p += 16, len -= 16) {
		memcpy(&w, p, 8);
		memcpy(&x, p + 8, 8);
		a = (a ^ w) * 0x9e3779b97f4a7c15ull;
		b = (b ^ x) * 0xc2b2ae3d27d4eb4full;
		a ^= a >> 29;
		b ^= b >> 31;
	}
	if (len >= 8) {
		memcpy(&w, p, 8);
		a = (a ^ w) * 0x9e3779b97f4a7c15ull;
		a ^= a >> 29;
		p += 8;
		len -= 8;
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, p, len);
		b = (b ^ w) * 0xc2b2ae3d27d4eb4full;
	}
	a = (a ^ b ^ b >> 32) * 0x9e3779b97f4a7c15ull;
	a ^= a >> 32;
	return (uint32_t)a;
}

/* Are len bytes at s 1 to max letters, digits and hyphens? */
int
util_ldh(const char *s, size_t len, size_t max)
{
	size_t i;

	if (len == 0 || len > max)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') &&
		    !(s[i] >= '0' && s[i] <= '9') && s[i] != '-')
			return 0;
	return 1;
}

/* Append len bytes to a string being built. */
void
sb_put(struct sbuf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		while (b->len + len + 1 > b->cap)
			b->cap = b->cap == 0 ? 128 : 2 * b->cap;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len] = '\0';
}

/* Append printf's output to a string being built. */
void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	sb_put(b, s, strlen(s));
	free(s);
}
