/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: DNS responses in wire format through the lookup state
 * machine (lookup.c, naptr.c, ddds.c) to the three formatters
 * (output_*.c, escape.c); enum-rules.md 6-9, RFC 6116 5.2, RFC 3403.
 *
 * Input: a control byte, then replies framed as over TCP (a two-byte
 * length, then the message).  Each query the lookup asks gets the next
 * reply; when the input runs out the last one is sent again.  Control
 * bits 0-1: the number; 2: --infrastructure; 3: --first; 4: --verbose
 * (text lists every record); 5-6: how many --tree (0-3); 7: -s sip.
 */

#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char *const numbers[] = {
	"+441632960083", "+442079460148", "+12155550123", "1234*256"
};
static const char *const trees[] = {
	"e164.arpa.", "e164.example.net.", "nrenum.net."
};

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next framed reply; the last one again when the input is used up. */
static void
next_reply(const uint8_t *data, size_t size, size_t *pos,
    const uint8_t **msg, size_t *len)
{
	size_t n;

	if (*pos >= size)
		return;
	if (size - *pos == 1) {
		n = data[*pos];
		*pos += 1;
	} else {
		n = (data[*pos] << 8) | data[*pos + 1];
		*pos += 2;
	}
	if (n > size - *pos)
		n = size - *pos;
	*msg = data + *pos;
	*len = n;
	*pos += n;
}

static void
check_result(const struct result *res, const struct options *opt)
{
	size_t i, used = 0, ntree = opt->ntree > 0 ? opt->ntree : 1;
	const struct record *r;

	if (!res->valid)
		fail("a valid number came back invalid");
	if (res->status > ST_ERROR)
		fail("status %d for a valid number", res->status);
	if (res->ntrees < 1 || res->ntrees > ntree)
		fail("%zu trees tried of %zu", res->ntrees, ntree);
	if (res->tree == NULL || res->domain == NULL)
		fail("no tree or domain in the result");
	/* RFC 5346 4.1: ok exactly when there is a URI to route with */
	if ((res->status == ST_OK) != (res->nuris > 0))
		fail("status %s with %zu URIs", status_name(res->status),
		    res->nuris);
	if (res->status != ST_OK && res->ntrees != ntree)
		fail("status %s after %zu of %zu trees",
		    status_name(res->status), res->ntrees, ntree);
	for (i = 0; i < res->ntrees; i++)
		if (res->trees[i].status < res->status)
			fail("tree %zu is %s, the result %s", i,
			    status_name(res->trees[i].status),
			    status_name(res->status));
	for (i = 0; i < res->nrecords; i++) {
		r = &res->records[i];
		check_record(r, &opt->filter);
		if (r->terminal && r->reason == NULL)
			used++;
	}
	if (used != res->nuris)
		fail("%zu usable terminal records, %zu URIs", used,
		    res->nuris);
	for (i = 0; i < res->nuris; i++) {
		if (res->uris[i].rank != i + 1)
			fail("URI %zu has rank %zu", i, res->uris[i].rank);
		if (res->uris[i].rec >= res->nrecords)
			fail("URI %zu points past the records", i);
		r = &res->records[res->uris[i].rec];
		if (!r->terminal || r->reason != NULL)
			fail("URI %zu from an unusable record", i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options opt;
	struct lookup *l;
	struct dns_reply reply;
	const ldns_rdf *name;
	const uint8_t *msg = NULL;
	const char *num;
	size_t pos = 1, len = 0, nq = 0, bound, i;
	ldns_pkt *pkt;
	int ctl;

	if (size < 1)
		return 0;
	ctl = data[0];
	/* as parse_options leaves it */
	memset(&opt, 0, sizeof(opt));
	opt.port = 53;
	opt.timeout_ms = 5000;
	opt.retries = 2;
	opt.concurrency = 64;
	opt.infrastructure = (ctl & 4) != 0;
	opt.first = (ctl & 8) != 0;
	opt.verbose = (ctl & 16) != 0;
	opt.ntree = (ctl >> 5) & 3;
	for (i = 0; i < opt.ntree; i++)
		opt.tree[i] = trees[i];
	if (ctl & 128) {
		if (naptr_service_spec("sip", &opt.filter.spec[0]) == -1)
			abort();
		opt.filter.n = 1;
	}
	num = numbers[ctl & 3];

	/*
	 * A bound on the queries: per tree at most QUERIES_MAX before
	 * follow_check says "query-limit", and the set under way may
	 * still restart for CNAME_MAX CNAMEs.
	 */
	bound = (opt.ntree > 0 ? opt.ntree : 1) *
	    (QUERIES_MAX + CNAME_MAX + 1);
	l = lookup_new(&opt, fuzz_cache, num, strlen(num));
	while ((name = lookup_next(l)) != NULL) {
		if (++nq > bound)
			fail("more than %zu queries for one number", bound);
		if (ldns_rdf_get_type(name) != LDNS_RDF_TYPE_DNAME)
			fail("query name is not a domain name");
		next_reply(data, size, &pos, &msg, &len);
		memset(&reply, 0, sizeof(reply));
		reply.server = "127.0.0.1#53";
		pkt = NULL;
		if (msg == NULL || len == 0)
			reply.error = "timed out";
		else if (ldns_wire2pkt(&pkt, msg, len) != LDNS_STATUS_OK) {
			pkt = NULL;
			reply.error = "malformed reply";
		}
		reply.pkt = pkt;
		lookup_answer(l, &reply);
		ldns_pkt_free(pkt);
	}
	check_result(lookup_result(l), &opt);
	check_outputs(lookup_result(l), &opt);
	lookup_free(l);
	for (i = 0; i < opt.filter.n; i++)
		free(opt.filter.spec[i]);
	return 0;
}
