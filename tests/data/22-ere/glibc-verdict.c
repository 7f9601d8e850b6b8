/* SPDX-License-Identifier: ISC */
/*
 * tests/data/22-ere/glibc-verdict.c: glibc's verdict on an ERE and a
 * subject, the oracle recorded in the GLIBC column of the tables beside
 * it.  Usage: glibc-verdict ERE SUBJECT.  Prints "invalid", "nomatch" or
 * "match SO-EO", then " \N=SO-EO" for each group (" \N=-" when unset).
 * regcomp with REG_EXTENDED, in the POSIX locale.
 */

#include <regex.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	regex_t re;
	regmatch_t m[10];
	size_t i;

	if (argc != 3) {
		fputs("usage: glibc-verdict ERE SUBJECT\n", stderr);
		return 2;
	}
	if (regcomp(&re, argv[1], REG_EXTENDED) != 0) {
		puts("invalid");
		return 0;
	}
	if (regexec(&re, argv[2], 10, m, 0) != 0) {
		puts("nomatch");
		regfree(&re);
		return 0;
	}
	printf("match %d-%d", (int)m[0].rm_so, (int)m[0].rm_eo);
	for (i = 1; i <= re.re_nsub && i < 10; i++)
		if (m[i].rm_so == -1)
			printf(" \\%zu=-", i);
		else
			printf(" \\%zu=%d-%d", i, (int)m[i].rm_so,
			    (int)m[i].rm_eo);
	putchar('\n');
	regfree(&re);
	return 0;
}
