/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: POSIX EREs (ere.c, ddds.c; RFC 3402 3.2, XBD 9.4) against
 * glibc's regcomp/regexec with REG_EXTENDED, in the POSIX locale.  Input:
 * a control byte (bit 0: the "i" flag, REG_ICASE), the ERE's length
 * (at most 255, as a REGEXP field holds), the ERE, then the subject (up
 * to a NUL or a newline, at most 64 bytes: glibc lets '$' match before a
 * newline the pattern spells out, "x$\n" matching "x\n", and '^' after
 * one; an AUS holds none).  On every ERE enumq does not refuse as
 * undefined or over a limit: both accept it or both refuse it, they
 * count the same groups, and both find no match or the same span, the
 * longest of the leftmost, in the subject and in the ERE's own text.
 * Group contents are not compared: POSIX's rule for them and glibc's part
 * ways, and enumq takes PCRE2's.
 */

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define SUBJECT_MAX	64
#define GLIBC_WORK_MAX	250	/* see glibc_unfit */

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Is an ERE that enumq accepted unfit to ask glibc about?  Two kinds:
 *
 * Those glibc reads against POSIX: an anchor inside a group that '+' or
 * an interval repeats, which glibc copies ("x+" as "xx*") and loses the
 * anchor's condition in: "(^a)+" does not match "aa", "(($a)*)+" matches
 * the "a" of "abc".
 *
 * Those that would take glibc long.  The work is estimated as a node a
 * character, more for the empty-matching ones (anchors, groups,
 * alternatives), whose closures cost glibc time that grows with their
 * cube ("^((^)+(^){100}^)+2" takes a second, {150} four), and glibc
 * copies a group once per count of its interval and once more for '+',
 * so nested ones multiply ("((a{99}){99}){99}" takes gigabytes, and
 * "((((((((((^)+)+)+)+)+)+)+)+)+)+" minutes): more than GLIBC_WORK_MAX.
 */
static int
glibc_unfit(const char *p)
{
	size_t work[256], depth = 0, atom = 0, m, n, total, i;
	int anchor[256], group = 0;	/* an anchor inside; the atom is a group */
	char delim, *end;

	work[0] = 0;
	anchor[0] = 0;
	for (; *p != '\0'; p++) {
		switch (*p) {
		case '(':
			depth++;	/* <= 255: the ERE's length */
			work[depth] = 0;
			anchor[depth] = 0;
			atom = 0;
			group = 0;
			continue;
		case ')':
			if (depth == 0)
				break;	/* ordinary */
			atom = work[depth] + 4;
			if (anchor[depth] && (p[1] == '+' || p[1] == '{'))
				return 1;
			anchor[depth - 1] |= anchor[depth];
			work[--depth] += atom;
			group = 1;
			continue;
		case '^':
		case '$':
		case '|':
			anchor[depth] |= *p != '|';
			atom = 4;
			group = 0;
			work[depth] += atom;
			continue;
		case '+':
			/* over a group, glibc's closures grow as with a third copy */
			work[depth] += atom * (group ? 2 : 1);
			atom *= group ? 3 : 2;
			if (work[depth] > GLIBC_WORK_MAX)
				return 1;
			continue;
		case '{':
			m = strtoul(p + 1, &end, 10);
			n = *end == ',' && end[1] != '}' ?
			    strtoul(end + 1, &end, 10) : m + 1;
			for (p = end; *p != '}' && *p != '\0'; p++)
				;
			p -= *p == '\0';	/* the loop's p++ finds the end */
			if (n < m + 1)
				n = m + 1;
			if (atom > GLIBC_WORK_MAX || n > GLIBC_WORK_MAX)
				return 1;
			work[depth] += atom * (n - 1);
			continue;
		case '[':
			p += p[1] == '^';
			p += p[1] == ']';
			while (p[1] != '\0' && p[1] != ']') {
				p++;
				if (p[0] != '[' || (p[1] != '.' && p[1] != '=' &&
				    p[1] != ':'))
					continue;
				for (delim = p[1], p += 2; p[0] != '\0' &&
				    !(p[0] == delim && p[1] == ']'); p++)
					;
				if (p[0] == '\0')
					return 0;
				p++;	/* the class's ']' */
			}
			p += p[1] != '\0';
			break;
		case '\\':
			p += p[1] != '\0';
			break;
		default:
			break;
		}
		atom = 1;
		group = 0;
		work[depth] += 1;
	}
	for (total = 0, i = 0; i <= depth; i++)
		total += work[i];
	return total > GLIBC_WORK_MAX;
}

/* glibc and enumq find no match, or the same span, of ERE in subject. */
static void
compare(regex_t *preg, const struct ddds_regex *rx, const char *ere,
    const char *subject)
{
	regmatch_t m[1];
	const char *why;
	size_t span[2];
	int rc;

	rc = regexec(preg, subject, 1, m, 0);
	why = ddds_regex_match(fuzz_cache, rx, subject, strlen(subject), span);
	if (why != NULL && strcmp(why, "regexp-limit") == 0)
		return;
	if (why != NULL && strcmp(why, "no-match") != 0)
		fail("ERE \"%s\" on \"%s\": %s", ere, subject, why);
	if ((rc == 0) != (why == NULL))
		fail("ERE \"%s\" on \"%s\": glibc %s, enumq %s", ere, subject,
		    rc == 0 ? "matches" : "does not match",
		    why == NULL ? "matches" : why);
	if (rc == 0 && ((size_t)m[0].rm_so != span[0] ||
	    (size_t)m[0].rm_eo != span[1]))
		fail("ERE \"%s\" on \"%s\": glibc's match is %d-%d, enumq's "
		    "%zu-%zu", ere, subject, (int)m[0].rm_so, (int)m[0].rm_eo,
		    span[0], span[1]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ddds_regex *rx = NULL;
	regex_t preg;
	const char *why;
	char *ere, *subject, *self, *words = NULL;
	size_t relen;
	int icase, grc;

	if (size < 2)
		return 0;
	icase = data[0] & 1;
	relen = data[1];
	if (relen > size - 2)
		relen = size - 2;
	ere = copy_str(data + 2, relen);
	subject = copy_str(data + 2 + relen,
	    size - 2 - relen < SUBJECT_MAX ? size - 2 - relen : SUBJECT_MAX);
	subject[strcspn(subject, "\n")] = '\0';

	why = ddds_regex_new(ere, relen, icase, &rx, &words);
	if ((why == NULL) != (rx != NULL) || (why == NULL) != (words == NULL))
		fail("ddds_regex_new: reason %s, regex %p, words %s",
		    why ? why : "none", (void *)rx, words ? words : "none");
	if (why != NULL && strcmp(why, "bad-regexp") != 0 &&
	    strcmp(why, "regexp-undefined") != 0 &&
	    strcmp(why, "regexp-limit") != 0)
		fail("ERE refused with the unknown reason %s", why);
	if (why != NULL && words[0] == '\0')
		fail("ERE refused (%s) without saying why", why);
	/* undefined: the point is that clients differ; a limit: no verdict */
	if (why != NULL && strcmp(why, "bad-regexp") != 0)
		goto out;
	/* everything else is a C string: NUL is undefined */
	if (strlen(ere) != relen)
		fail("an ERE with a NUL byte not refused as undefined");
	/*
	 * With REG_ICASE glibc folds the pattern before reading it, so that
	 * "[Z-a]" is a reversed range and "[@-Z]" matches '['; POSIX (and
	 * PCRE2) match a character or its other case against the range as
	 * written.  Compare the i flag only where no range can be.
	 */
	if (icase && memchr(ere, '-', relen) != NULL)
		goto out;
	if (glibc_unfit(ere))
		goto out;
	grc = regcomp(&preg, ere, REG_EXTENDED | (icase ? REG_ICASE : 0));
	if (grc == REG_ESPACE || grc == REG_ESIZE)
		goto out;
	if ((grc == 0) != (why == NULL))
		fail("ERE \"%s\": glibc %s, enumq %s (%s)", ere,
		    grc == 0 ? "valid" : "invalid", why ? why : "valid",
		    words ? words : "");
	if (grc != 0)
		goto out;
	if (preg.re_nsub != ddds_regex_groups(rx))
		fail("ERE \"%s\": glibc counts %zu groups, enumq %u", ere,
		    preg.re_nsub, ddds_regex_groups(rx));
	compare(&preg, rx, ere, subject);
	/* an ERE's own text often matches it in part: spans to compare */
	self = copy_str(ere, strcspn(ere, "\n"));
	compare(&preg, rx, ere, self);
	free(self);
	regfree(&preg);
out:
	ddds_regex_free(rx);
	free(words);
	free(ere);
	free(subject);
	return 0;
}
