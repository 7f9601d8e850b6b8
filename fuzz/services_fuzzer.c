/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: one NAPTR record through naptr_record_init and
 * naptr_judge, and --service specs through naptr_service_spec (naptr.c;
 * enum-rules.md 2-5, RFC 6116 3.4, 5.2, RFC 3403 4.1).
 *
 * Input: ORDER (2), PREFERENCE (2), a control byte (bits 0-1: the AUS,
 * bit 2: length bytes as given even past the data, bit 3: --first), then
 * FLAGS, SERVICES and REGEXP each as a length byte and up to that many
 * bytes, then the REPLACEMENT in presentation form (the rest).
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

/* A <character-string> RDF: a length byte, then the bytes. */
static ldns_rdf *
take_str(const uint8_t **p, const uint8_t *end, int raw_len,
    const uint8_t **field, size_t *flen)
{
	uint8_t buf[256];
	size_t len = 0;

	if (*p < end)
		len = *(*p)++;
	if (len > (size_t)(end - *p))
		len = end - *p;
	buf[0] = len;
	/* a declared length past the data, as str_field must survive */
	if (raw_len && len > 0 && len < 255)
		buf[0] = len + 1;
	memcpy(buf + 1, *p, len);
	*field = *p;
	*flen = len;
	*p += len;
	return ldns_rdf_new_frm_data(LDNS_RDF_TYPE_STR, len + 1, buf);
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
	struct uri u = { 1, 0 };

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
	const uint8_t *p = data, *end = data + size, *fl, *sv, *rx;
	struct filter none, some;
	struct record r, rf;
	size_t fllen, svlen, rxlen, i, j;
	ldns_rdf *owner, *repl;
	ldns_rr *rr;
	const char *aus;
	char *s;
	int ctl, first;

	if (size < 5)
		return 0;
	memset(&none, 0, sizeof(none));
	memset(&some, 0, sizeof(some));
	rr = ldns_rr_new();
	ldns_rr_set_type(rr, LDNS_RR_TYPE_NAPTR);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	if ((owner = ldns_dname_new_frm_str(OWNER)) == NULL)
		abort();
	ldns_rr_set_owner(rr, owner);
	ldns_rr_push_rdf(rr, ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16,
	    (p[0] << 8) | p[1]));
	ldns_rr_push_rdf(rr, ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16,
	    (p[2] << 8) | p[3]));
	ctl = p[4];
	p += 5;
	aus = auses[ctl & 3];
	first = (ctl & 8) != 0;
	ldns_rr_push_rdf(rr, take_str(&p, end, ctl & 4, &fl, &fllen));
	ldns_rr_push_rdf(rr, take_str(&p, end, ctl & 4, &sv, &svlen));
	ldns_rr_push_rdf(rr, take_str(&p, end, ctl & 4, &rx, &rxlen));
	s = copy_str(p, end - p);
	if ((repl = ldns_dname_new_frm_str(s)) == NULL &&
	    (repl = ldns_dname_new_frm_str(".")) == NULL)
		abort();
	free(s);
	ldns_rr_push_rdf(rr, repl);

	/* the fields arrive byte for byte (RFC 3403 4.1) */
	naptr_record_init(&r, rr);
	if (r.order != ((data[0] << 8) | data[1]) ||
	    r.preference != ((data[2] << 8) | data[3]))
		fail("ORDER/PREFERENCE changed");
	if (r.flags.len != fllen || memcmp(r.flags.p, fl, fllen) != 0 ||
	    r.services.len != svlen || memcmp(r.services.p, sv, svlen) != 0 ||
	    r.regexp.len != rxlen || memcmp(r.regexp.p, rx, rxlen) != 0)
		fail("a character-string changed in naptr_record_init");
	if ((r.next != NULL) != (ldns_dname_label_count(repl) > 0))
		fail("next name set for replacement %s", r.replacement);
	naptr_judge(&r, &none, fuzz_cache, aus);
	check_record(&r, &none);
	/* E2U exactly once, else another application's record (5.2) */
	if (r.reason != NULL && strcmp(r.reason, "not-e2u") == 0 &&
	    svlen == 3 && strncasecmp((const char *)sv, "E2U", 3) == 0)
		fail("services \"E2U\" judged not-e2u");
	check_alone(&r, aus, first);

	/* the services field as a --service spec, then as a filter */
	s = copy_str(sv, svlen);
	check_spec(s, &some);
	free(s);
	if (some.n == 0)
		check_spec("sip", &some);
	naptr_record_init(&rf, rr);
	naptr_judge(&rf, &some, fuzz_cache, aus);
	check_record(&rf, &some);
	if (r.reason == NULL && r.terminal) {
		/* filtering keeps a subset, in order, or says "filtered" */
		for (i = j = 0; i < rf.es.n; i++, j++) {
			while (j < r.es.n && strcmp(r.es.v[j], rf.es.v[i]))
				j++;
			if (j == r.es.n)
				fail("filter added \"%s\"", rf.es.v[i]);
		}
		if ((rf.reason == NULL) == (rf.es.n == 0) ||
		    (rf.reason != NULL && strcmp(rf.reason, "filtered") != 0))
			fail("filter: %zu kept, reason %s", rf.es.n,
			    rf.reason ? rf.reason : "NULL");
	} else if ((r.reason == NULL) != (rf.reason == NULL))
		fail("a filter changed the fate of a record it cannot touch");
	check_alone(&rf, aus, first);

	naptr_record_free(&r);
	naptr_record_free(&rf);
	for (i = 0; i < some.n; i++)
		free(some.spec[i]);
	ldns_rr_free(rr);
	return 0;
}
