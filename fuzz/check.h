/* SPDX-License-Identifier: ISC */
/* enumq fuzzers: invariant checks and set-up shared by the targets. */

#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stddef.h>

#include "enumq.h"

/*
 * The run's one DDDS cache, as enumq keeps one, so evictions get fuzzed
 * too; LLVMFuzzerInitialize (check.c) makes it, and turns the trace off.
 */
extern struct ddds_cache *fuzz_cache;

/* Report a broken invariant with the input's context and abort. */
void	 fail(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* A NUL-terminated heap copy of len bytes. */
char	*copy_str(const void *, size_t);

/* Is s one of the reasons the man page lists? */
int	 known_reason(const char *);

/* An absolute URI as naptr.c promises it: scheme ":" rest, printable. */
int	 safe_uri(const char *, size_t);

/* A lowercase "type" or "type:subtype", tokens 1*32(ALPHA/DIGIT/"-"). */
int	 valid_enumservice_lc(const char *);

/* Does Enumservice es fall under the filter spec? */
int	 spec_covers(const char *, const char *);

/* A name in wire form: 1-255 bytes of labels of 1-63, the root last. */
void	 check_dname(const struct dname *, const char *);

/* Does the presentation form s parse back to exactly d, case kept? */
void	 check_dname_str(const char *, const struct dname *, const char *);

/* Check a judged record's fields against the rules; aborts on a fault. */
void	 check_record(const struct record *, const struct filter *);

/* Check a finished lookup of a valid number: status, trees, URIs, records. */
void	 check_result(const struct result *, const struct options *);

/* Run the three formatters on res and check each output's form. */
void	 check_outputs(const struct result *, const struct options *);

/*
 * Run --lint's checks on res as a kind of name, and its three formats on
 * the findings: each finding whole, each output's form.
 */
void	 check_lint(const struct result *, const struct options *,
	    enum lint_kind);

/*
 * The options of a lookup from a control byte, as the response and reply
 * fuzzers read it: bits 0-1 the number (returned), 2 --infrastructure,
 * 3 --first, 4 --verbose, 5-6 how many --tree (0-3), 7 -s sip.
 */
const char *fuzz_options(struct options *, int);

/* The most queries one lookup under these options may ask. */
size_t	 fuzz_query_bound(const struct options *);

/* Release what fuzz_options allocated. */
void	 fuzz_options_free(struct options *);

#endif
