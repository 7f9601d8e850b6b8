/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: zone_read_rest (zone_read.c), the reader of a large zone
 * file's pieces after the first, held against ldns's own zone reader.
 *
 * Input: zone file text, read as the rest of a file whose first piece set
 * the origin e164.arpa. and a $TTL of 300.  Checks: when zone_read_rest
 * gives records, ldns_zone_new_frm_fp_l reads "$TTL 300" and the same
 * text without error and without an SOA, into the same records, TTLs
 * included, in the same order.  When it gives none, enumq has ldns read
 * the file, so there is nothing to hold it to (and ldns 1.8.3 leaks the
 * records it read before an error, which would drown any finding).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define ORIGIN		"e164.arpa."
#define TTL_LINE	"$TTL 300\n"
#define INPUT_MAX	4096	/* ldns allocates some 200 kB a record */

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
same_rr(size_t i, const ldns_rr *got, const ldns_rr *want)
{
	char *g = ldns_rr2str(got), *w = ldns_rr2str(want);

	if (g == NULL || w == NULL || strcmp(g, w) != 0)
		fail("record %zu: zone_read_rest %s, ldns %s", i,
		    g != NULL ? g : "(none)", w != NULL ? w : "(none)");
	free(g);
	free(w);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ldns_rdf *origin;
	ldns_rr_list *got;
	ldns_zone *want = NULL;
	ldns_status st;
	char *text;
	size_t i, n;
	FILE *fp;
	int line = 0;

	if (size > INPUT_MAX)
		return 0;
	if (origin == NULL && (origin = ldns_dname_new_frm_str(ORIGIN)) == NULL)
		abort();
	if ((got = zone_read_rest((const char *)data, size, origin, 300)) ==
	    NULL)
		return 0;
	text = xmalloc(sizeof(TTL_LINE) + size);
	memcpy(text, TTL_LINE, sizeof(TTL_LINE) - 1);
	memcpy(text + sizeof(TTL_LINE) - 1, data, size);
	if ((fp = fmemopen(text, sizeof(TTL_LINE) - 1 + size, "r")) == NULL)
		abort();
	st = ldns_zone_new_frm_fp_l(&want, fp, origin, 300, LDNS_RR_CLASS_IN,
	    &line);
	fclose(fp);
	if (st != LDNS_STATUS_OK)
		fail("zone_read_rest read %zu records, ldns fails at line %d: "
		    "%s", ldns_rr_list_rr_count(got), line,
		    ldns_get_errorstr_by_id(st));
	if (ldns_zone_soa(want) != NULL)
		fail("zone_read_rest read records, ldns an SOA");
	n = ldns_rr_list_rr_count(ldns_zone_rrs(want));
	if (ldns_rr_list_rr_count(got) != n)
		fail("zone_read_rest read %zu records, ldns %zu",
		    ldns_rr_list_rr_count(got), n);
	for (i = 0; i < n; i++)
		same_rr(i, ldns_rr_list_rr(got, i),
		    ldns_rr_list_rr(ldns_zone_rrs(want), i));
	ldns_rr_list_deep_free(got);
	ldns_zone_deep_free(want);
	free(text);
	return 0;
}
