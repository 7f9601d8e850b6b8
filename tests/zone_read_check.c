/* SPDX-License-Identifier: ISC */
/*
 * zone_read_check FILE: read FILE with enumq's zone_read and again with
 * ldns_zone_new_frm_fp_l in one piece, as the oracle.  Prints the pieces
 * zone_read used and exits 0 when both give the same error or the same
 * records, TTLs included, in the same order; otherwise says where they
 * part and exits 1.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"

static int
same_rr(const char *what, size_t i, const ldns_rr *a, const ldns_rr *b)
{
	char *sa = a != NULL ? ldns_rr2str(a) : NULL;
	char *sb = b != NULL ? ldns_rr2str(b) : NULL;
	int same = (sa == NULL && sb == NULL) ||
	    (sa != NULL && sb != NULL && strcmp(sa, sb) == 0);

	if (!same)
		printf("%s %zu differs:\n  pieces: %s  ldns:   %s", what, i,
		    sa != NULL ? sa : "(none)\n", sb != NULL ? sb : "(none)\n");
	free(sa);
	free(sb);
	return same;
}

int
main(int argc, char **argv)
{
	ldns_zone *z, *want = NULL;
	ldns_status st;
	char *err, *wanterr = NULL;
	size_t pieces, i, n;
	FILE *fp;
	int line = 0, ok = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: zone_read_check FILE\n");
		return 2;
	}
	err = zone_read(argv[1], &z, &pieces);
	if ((fp = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	st = ldns_zone_new_frm_fp_l(&want, fp, NULL, 3600, LDNS_RR_CLASS_IN,
	    &line);
	fclose(fp);
	if (st != LDNS_STATUS_OK)
		wanterr = xasprintf("%s:%d: %s", argv[1], line,
		    ldns_get_errorstr_by_id(st));
	printf("pieces %zu\n", pieces);
	if (err != NULL || wanterr != NULL) {
		ok = err != NULL && wanterr != NULL && strcmp(err, wanterr) == 0;
		printf("error %s\n", err != NULL ? err : "(none)");
		if (!ok)
			printf("ldns error %s\n", wanterr != NULL ? wanterr :
			    "(none)");
	} else {
		ok = same_rr("soa", 0, ldns_zone_soa(z), ldns_zone_soa(want));
		n = ldns_rr_list_rr_count(ldns_zone_rrs(want));
		if (ldns_rr_list_rr_count(ldns_zone_rrs(z)) != n) {
			printf("%zu records, ldns has %zu\n",
			    ldns_rr_list_rr_count(ldns_zone_rrs(z)), n);
			ok = 0;
		}
		for (i = 0; ok && i < n; i++)
			ok = same_rr("record", i,
			    ldns_rr_list_rr(ldns_zone_rrs(z), i),
			    ldns_rr_list_rr(ldns_zone_rrs(want), i));
		printf("records %zu\n", n + (ldns_zone_soa(want) != NULL));
	}
	if (z != NULL)
		ldns_zone_deep_free(z);
	if (want != NULL)
		ldns_zone_deep_free(want);
	free(err);
	free(wanterr);
	return ok ? 0 : 1;
}
