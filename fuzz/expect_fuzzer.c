/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: --expect's file (expect_load.c), both forms, read from a
 * memory file; JSON lines through jansson.
 *
 * Checks: a file is either read whole, with at least one expectation,
 * each with a number e164_parse accepts, a status, and URIs exactly when
 * the status is ok (the lookups and comparisons rely on it), ORDER and
 * PREFERENCE in 0-65535 where given and known for every URI of a ranked
 * one; or refused as a usage error with one message that names the file
 * and a line ("fuzz:LINE: ...") or says it holds no expectation.  Never a
 * read error: a memory file cannot fail.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define INPUT_MAX	65536

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_expectation(const struct expectation *e)
{
	struct number n;
	size_t i;

	if (e->number == NULL || e164_parse(e->number, strlen(e->number),
	    &n) != NULL)
		fail("line %u: not a number", e->line);
	if (e->status > ST_INVALID || e->line == 0)
		fail("line %u: status %d", e->line, (int)e->status);
	if ((e->status == ST_OK) != (e->nuris > 0))
		fail("line %u: status %s with %zu URIs", e->line,
		    status_name(e->status), e->nuris);
	for (i = 0; i < e->nuris; i++) {
		if (e->uris[i].uri.p == NULL ||
		    e->uris[i].uri.p[e->uris[i].uri.len] != '\0')
			fail("line %u: URI %zu not terminated", e->line, i);
		if (e->uris[i].order > 65535 || e->uris[i].preference > 65535)
			fail("line %u: URI %zu: rank out of range", e->line, i);
		if (e->ranked && (e->uris[i].order < 0 ||
		    e->uris[i].preference < 0))
			fail("line %u: ranked without ORDER", e->line);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expectations x;
	char *copy, *err = NULL;
	FILE *fp;
	size_t i;
	int rc;

	if (size == 0 || size > INPUT_MAX)
		return 0;
	copy = copy_str(data, size);
	if ((fp = fmemopen(copy, size, "r")) == NULL)
		fail("fmemopen");
	rc = expect_read(fp, "fuzz", &x, &err);
	fclose(fp);
	if (rc == 0) {
		if (x.n == 0 || err != NULL)
			fail("read, but %zu expectations", x.n);
		for (i = 0; i < x.n; i++)
			check_expectation(&x.v[i]);
		expectations_free(&x);
	} else if (rc != EXIT_USAGE || err == NULL ||
	    strncmp(err, "fuzz:", 5) != 0 || x.n != 0 || x.v != NULL)
		fail("refused with %d: %s", rc, err != NULL ? err : "(none)");
	free(err);
	free(copy);
	return 0;
}
