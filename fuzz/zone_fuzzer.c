/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: the zone store (zone_load.c, zone_store.c, zone_answer.c)
 * on a zone file's text, read by libzscanner from a memory file.
 *
 * Checks: a refused file gets one line of error that names it, never the
 * "cannot be read" class; a loaded one answers every name it holds, and
 * one label below each, as an authoritative server would: an rcode
 * zone_answer may give, AA unless a referral, NXDOMAIN and NODATA with
 * the SOA at its negative TTL, a referral with its name servers and no
 * records, at most CNAME_MAX hops unless the chain is called too long,
 * and no NAPTR twice in one answer (RFC 2181 5).  Inputs that name
 * $INCLUDE are skipped: the file it names would be read from this
 * machine.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check.h"
#include "zone.h"

#define INPUT_MAX	4096
#define NAMES_MAX	64	/* names of a zone answered per input */

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The names of a zone, as the walk hands them over. */
struct names {
	struct dname	 name[NAMES_MAX];
	size_t		 n;
};

static void
collect(void *arg, const struct zone_node *n)
{
	struct names *v = arg;

	if (v->n < NAMES_MAX)
		dname_set(&v->name[v->n++], n->name, n->len);
}

/* Does the text hold "include", in any case? */
static int
names_include(const uint8_t *p, size_t len)
{
	static const char word[] = "include";
	size_t i, j;

	for (i = 0; i + sizeof(word) - 1 <= len; i++) {
		for (j = 0; j < sizeof(word) - 1; j++)
			if (LOWER(p[i + j]) != word[j])
				break;
		if (j == sizeof(word) - 1)
			return 1;
	}
	return 0;
}

static int
same_naptr(const struct reply_naptr *a, const struct reply_naptr *b)
{
	return a->order == b->order && a->preference == b->preference &&
	    a->flags.len == b->flags.len &&
	    memcmp(a->flags.p, b->flags.p, a->flags.len) == 0 &&
	    a->services.len == b->services.len &&
	    memcmp(a->services.p, b->services.p, a->services.len) == 0 &&
	    a->regexp.len == b->regexp.len &&
	    memcmp(a->regexp.p, b->regexp.p, a->regexp.len) == 0 &&
	    dname_equal(&a->replacement, &b->replacement);
}

static void
check_answer(const struct zone *zn, const struct dname *q)
{
	struct reply r;
	size_t i, j;
	char *s;

	reply_init(&r, q, QTYPE_NAPTR);
	zone_answer(zn, q, &r);
	s = dname_str(q->wire, q->len);
	if (r.rcode != 0 && r.rcode != 3 && r.rcode != 5 && r.rcode != 6)
		fail("%s: rcode %d", s, r.rcode);
	if (r.rcode == 5 && r.hops == 0)
		fail("%s: REFUSED for a name of the zone", s);
	if (!(r.flags & REPLY_AA) && !(r.referral && r.hops == 0))
		fail("%s: no AA", s);
	if (r.error != NULL ? r.hops != CNAME_MAX + 1 : r.hops > CNAME_MAX)
		fail("%s: %d hops, error %s", s, r.hops,
		    r.error != NULL ? r.error : "none");
	if (r.referral && (r.rcode != 0 || r.nnaptr > 0 || r.nns == 0 ||
	    !dname_is_below(&r.owner, &r.cut)))
		fail("%s: a bad referral", s);
	if (r.rcode == 3 && (!r.has_soa || r.nnaptr > 0))
		fail("%s: NXDOMAIN without SOA, or with records", s);
	if (r.has_soa && (r.nnaptr > 0 || r.soa.ttl > r.soa.minimum))
		fail("%s: SOA with records, or its TTL over its minimum", s);
	if (r.owner.len < 1 || r.owner.len > DNAME_MAX)
		fail("%s: owner of %zu bytes", s, r.owner.len);
	for (i = 0; i < r.nnaptr; i++) {
		if (r.naptr[i].flags.len > 255 || r.naptr[i].services.len >
		    255 || r.naptr[i].regexp.len > 255 ||
		    r.naptr[i].replacement.len < 1)
			fail("%s: NAPTR %zu out of shape", s, i);
		for (j = 0; j < i; j++)
			if (same_naptr(&r.naptr[i], &r.naptr[j]))
				fail("%s: NAPTR %zu is NAPTR %zu again", s, i,
				    j);
	}
	free(s);
	reply_clear(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct names v;
	struct dname below;
	struct zone *zn;
	const char *files[1];
	char path[64], *err = NULL;
	size_t i;
	int fd, unreadable;

	if (size > INPUT_MAX || names_include(data, size))
		return 0;
	if ((fd = memfd_create("zone", 0)) == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	files[0] = path;
	zn = zone_load(files, 1, &unreadable, &err);
	close(fd);
	if (zn == NULL) {
		if (err == NULL || unreadable || strchr(err, '\n') != NULL ||
		    strncmp(err, path, strlen(path)) != 0)
			fail("zone_load: error \"%s\", unreadable %d",
			    err != NULL ? err : "(none)", unreadable);
		free(err);
		return 0;
	}
	v.n = 0;
	zone_walk(zn, &zn->apex[0], collect, &v);
	for (i = 0; i < v.n; i++) {
		check_answer(zn, &v.name[i]);
		if (v.name[i].len + 2 <= DNAME_MAX) {
			below.len = v.name[i].len + 2;
			below.wire[0] = 1;
			below.wire[1] = 'x';
			memcpy(below.wire + 2, v.name[i].wire, v.name[i].len);
			check_answer(zn, &below);
		}
	}
	zone_free(zn);
	return 0;
}
