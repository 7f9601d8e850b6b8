/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer, pure core: one NAPTR record through naptr_record_init
 * and naptr_judge, and --service specs through naptr_service_spec
 * (naptr.c; enum-rules.md 2-5, RFC 6116 3.4, 5.2, RFC 3403 4.1).
 *
 * Input: ORDER (2), PREFERENCE (2), a control byte (bits 0-1: the AUS,
 * bit 2: the REPLACEMENT in wire form, bit 3: --first), then FLAGS,
 * SERVICES and REGEXP each as a length byte and up to that many bytes,
 * then the REPLACEMENT (the rest): in presentation form, the root when it
 * does not parse; or in wire form, labels as given up to the first one
 * that does not fit.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

#define OWNER	"3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa."

static const char *const auses[] = {
	"+441632960083", "+12155550123", "1234*256", "+4"
};

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A <character-string>: a length byte, then up to that many bytes. */
static void
take_str(const uint8_t **p, const uint8_t *end, struct span *s)
{
	size_t len = 0;

	if (*p < end)
		len = *(*p)++;
	if (len > (size_t)(end - *p))
		len = end - *p;
	s->p = (const char *)*p;
	s->len = len;
	*p += len;
}

/* A name in wire form from len bytes: the labels that fit, then the root. */
static void
take_wire(const uint8_t *p, size_t len, struct dname *d)
{
	size_t at = 0, n;

	/* label at..at+n, then the root, in DNAME_MAX bytes */
	while (at < len && (n = p[at]) > 0 && n <= 63 && at + n < len &&
	    at + n + 1 < DNAME_MAX)
		at += n + 1;
	memcpy(d->wire, p, at);
	d->wire[at] = 0;
	d->len = at + 1;
}

static int
same_bytes(const struct bytes *a, const struct span *b)
{
	return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* naptr_service_spec: "type" or "type:subtype", "E2U+" optional. */
static void
check_spec(const char *arg, struct filter *f)
{
	const char *body = strncasecmp(arg, "E2U+", 4) == 0 ? arg + 4 : arg;
	char *out = NULL, *lc;
	size_t i;

	if (naptr_service_spec(arg, &out) == -1) {
		lc = copy_str(body, strlen(body));
		for (i = 0; lc[i] != '\0'; i++)
			lc[i] = tolower((unsigned char)lc[i]);
		if (valid_enumservice_lc(lc))
			fail("spec \"%s\" rejected", arg);
		free(lc);
		return;
	}
	if (out == NULL || !valid_enumservice_lc(out) ||
	    strcasecmp(out, body) != 0)
		fail("spec \"%s\" became \"%s\"", arg, out ? out : "NULL");
	if (f->n < SERVICES_MAX)
		f->spec[f->n++] = out;
	else
		free(out);
}

/* Run the formatters on a result holding just this record. */
static void
check_alone(const struct record *r, const char *aus, int first)
{
	struct options opt;
	struct result res;
	struct uri u = { .rank = 1, .rec = 0, .ttl = 300 };

	memset(&opt, 0, sizeof(opt));
	opt.first = first;
	opt.verbose = 1;
	memset(&res, 0, sizeof(res));
	bytes_set(&res.input, aus, strlen(aus));
	res.valid = 1;
	if (e164_parse(aus, strlen(aus), &res.number) != NULL)
		fail("AUS %s does not parse", aus);
	res.domain = (char *)OWNER;
	res.tree = "e164.arpa.";
	res.rcode = 0;
	res.server = "127.0.0.1#53";
	res.records = (struct record *)r;
	res.nrecords = 1;
	if (r->terminal && r->reason == NULL) {
		res.uris = &u;
		res.nuris = 1;
		res.status = ST_OK;
	} else
		res.status = ST_NODATA;
	check_outputs(&res, &opt);
	bytes_free(&res.input);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct filter none, some;
	struct reply_naptr n;
	struct record r, rf;
	struct dname owner;
	size_t i, j;
	const char *aus;
	char *s;
	int ctl, first;

	if (size < 5)
		return 0;
	memset(&none, 0, sizeof(none));
	memset(&some, 0, sizeof(some));
	memset(&n, 0, sizeof(n));
	if (dname_from_str(OWNER, &owner) == -1)
		abort();
	n.ttl = 300;
	n.order = (p[0] << 8) | p[1];
	n.preference = (p[2] << 8) | p[3];
	ctl = p[4];
	p += 5;
	aus = auses[ctl & 3];
	first = (ctl & 8) != 0;
	take_str(&p, end, &n.flags);
	take_str(&p, end, &n.services);
	take_str(&p, end, &n.regexp);
	if (ctl & 4)
		take_wire(p, end - p, &n.replacement);
	else {
		s = copy_str(p, end - p);
		if (dname_from_str(s, &n.replacement) == -1 &&
		    dname_from_str(".", &n.replacement) == -1)
			abort();
		free(s);
	}
	check_dname(&n.replacement, "replacement");

	/* the fields arrive byte for byte (RFC 3403 4.1) */
	naptr_record_init(&r, &owner, &n, NULL);
	if (r.order != n.order || r.preference != n.preference)
		fail("ORDER/PREFERENCE changed");
	if (!same_bytes(&r.flags, &n.flags) ||
	    !same_bytes(&r.services, &n.services) ||
	    !same_bytes(&r.regexp, &n.regexp))
		fail("a character-string changed in naptr_record_init");
	if (strcmp(r.owner, OWNER) != 0)
		fail("owner %s became %s", OWNER, r.owner);
	if (!dname_equal(&r.next, &n.replacement) ||
	    memcmp(r.next.wire, n.replacement.wire, n.replacement.len) != 0)
		fail("replacement %s changed", r.replacement);
	if (r.has_next != (n.replacement.len > 1))
		fail("next name set for replacement %s", r.replacement);
	naptr_judge(&r, &none, fuzz_cache, aus);
	check_record(&r, &none);
	/* E2U exactly once, else another application's record (5.2) */
	if (r.reason != NULL && strcmp(r.reason, "not-e2u") == 0 &&
	    n.services.len == 3 && strncasecmp(n.services.p, "E2U", 3) == 0)
		fail("services \"E2U\" judged not-e2u");
	check_alone(&r, aus, first);

	/* the services field as a --service spec, then as a filter */
	check_spec(r.services.p, &some);	/* the record's copy ends in a NUL */
	if (some.n == 0)
		check_spec("sip", &some);
	naptr_record_init(&rf, &owner, &n, r.owner);
	naptr_judge(&rf, &some, fuzz_cache, aus);
	check_record(&rf, &some);
	if (r.reason == NULL && r.terminal) {
		/*
		 * filtering keeps a subset, in order, or says "filtered" or
		 * "scheme-mismatch"
		 */
		for (i = j = 0; i < rf.es.n; i++, j++) {
			while (j < r.es.n && strcmp(r.es.v[j], rf.es.v[i]))
				j++;
			if (j == r.es.n)
				fail("filter added \"%s\"", rf.es.v[i]);
		}
		if ((rf.reason == NULL) == (rf.es.n == 0) ||
		    (rf.reason != NULL && strcmp(rf.reason, "filtered") != 0 &&
		    strcmp(rf.reason, "scheme-mismatch") != 0))
			fail("filter: %zu kept, reason %s", rf.es.n,
			    rf.reason ? rf.reason : "NULL");
	} else if ((r.reason == NULL) != (rf.reason == NULL))
		fail("a filter changed the fate of a record it cannot touch");
	check_alone(&rf, aus, first);

	naptr_record_free(&r);
	naptr_record_free(&rf);
	for (i = 0; i < some.n; i++)
		free(some.spec[i]);
	return 0;
}
