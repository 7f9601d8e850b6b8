/* SPDX-License-Identifier: ISC */
/* enumq fuzzers: invariant checks shared by the targets. */

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

/* Check a judged record's fields against the rules; aborts on a fault. */
void	 check_record(const struct record *, const struct filter *);

/* Run the three formatters on res and check each output's form. */
void	 check_outputs(const struct result *, const struct options *);

#endif
