/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: DDDS substitution expressions (ddds.c; enum-rules.md 5,
 * RFC 3402 3.2).  Input: one length byte, the REGEXP field (any bytes,
 * at most 255), then the AUS (up to a NUL, at most 64 bytes).
 */

#include <stdlib.h>
#include <string.h>

#include "check.h"

#define AUS_MAX	64

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
rewrite_reason(const char *why)
{
	static const char *const reasons[] = {
		"bad-delimiters", "bad-regexp-flags", "bad-regexp",
		"bad-backref", "no-match", "regexp-limit", "regexp-undefined"
	};
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (strcmp(why, reasons[i]) == 0)
			return 1;
	return 0;
}

/*
 * subst-expr = delim-char ere delim-char repl delim-char *flags, where
 * delim-char is no POS-DIGIT, not "i" (RFC 3402 3.2) and, for enumq, not
 * '\'; a backslash escapes the byte after it; flags is "" or "i".
 */
static int
well_formed(const char *p, size_t len)
{
	size_t i, n = 1;
	char delim;

	if (len < 3)
		return 0;
	delim = p[0];
	if ((delim >= '1' && delim <= '9') || delim == 'i' || delim == '\\')
		return 0;
	for (i = 1; i < len && n < 3; i++) {
		if (p[i] == '\\' && i + 1 < len)
			i++;
		else if (p[i] == delim)
			n++;
	}
	if (n < 3)
		return 0;
	return i == len || (i + 1 == len && p[i] == 'i');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes re = { NULL, 0 }, out = { NULL, 0 }, again = { NULL, 0 };
	const char *why, *why2, *words;
	size_t relen, auslen;
	char *aus;

	if (size < 1)
		return 0;
	relen = data[0] < size - 1 ? data[0] : size - 1;
	bytes_set(&re, data + 1, relen);
	auslen = size - 1 - relen;
	if (auslen > AUS_MAX)
		auslen = AUS_MAX;
	aus = copy_str(data + 1 + relen, auslen);
	auslen = strlen(aus);

	why = ddds_rewrite(fuzz_cache, &re, aus, &out, &words);
	if (why != NULL) {
		if (!rewrite_reason(why))
			fail("rewrite gave the unknown reason \"%s\"", why);
		if (out.p != NULL)
			fail("rewrite failed (%s) but set a result", why);
		/* a refused ERE says what is wrong with it */
		if ((strcmp(why, "bad-regexp") == 0 ||
		    strcmp(why, "regexp-undefined") == 0) &&
		    (words == NULL || words[0] == '\0'))
			fail("ERE refused (%s) without saying why", why);
	} else {
		if (out.p == NULL || out.p[out.len] != '\0')
			fail("rewrite result unset or not NUL-terminated");
		/* each replacement byte adds at most a whole AUS */
		if (out.len > relen * (auslen + 1))
			fail("result of %zu bytes from a %zu byte regexp and "
			    "a %zu byte AUS", out.len, relen, auslen);
	}
	/* RFC 3402 3.2: the form decides the two form errors, and only it */
	if (why == NULL && !well_formed(re.p, re.len))
		fail("a result from a malformed expression");
	if (why != NULL && well_formed(re.p, re.len) &&
	    (strcmp(why, "bad-delimiters") == 0 ||
	    strcmp(why, "bad-regexp-flags") == 0))
		fail("a well-formed expression rejected as %s", why);
	/* the cached expression gives the same answer */
	why2 = ddds_rewrite(fuzz_cache, &re, aus, &again, NULL);
	if ((why == NULL) != (why2 == NULL) ||
	    (why != NULL && strcmp(why, why2) != 0) ||
	    (why == NULL && (again.len != out.len ||
	    memcmp(again.p, out.p, out.len) != 0)))
		fail("second rewrite differs: %s / %s",
		    why ? why : out.p, why2 ? why2 : again.p);
	bytes_free(&re);
	bytes_free(&out);
	bytes_free(&again);
	free(aus);
	return 0;
}
