/* SPDX-License-Identifier: ISC */
/* enumq: what lint.c and lint_form.c, --lint's checks, share. */

#ifndef LINT_H
#define LINT_H

#include "enumq.h"

/* The record at hand and what the checks know of it. */
struct lint_ctx {
	struct lint_findings	*lf;
	const struct result	*res;
	enum lint_kind		 kind;
	const struct record	*r;	/* NULL: the answer as a whole */
	const char		*file;	/* where the name looked up is */
	uint32_t		 line;	/* written, NULL over the network */
	size_t			 first;	/* the first record of r's set */
	int			 start;	/* r's set: the name looked up */
};

/* lint.c */
void	 lint_finding(struct lint_ctx *, enum severity, const char *,
	    const char *, const char *, const char *, ...)
	    __attribute__((format(printf, 6, 7)));
int	 lint_own(const struct lint_ctx *);

/* lint_form.c */
void	 lint_sb_esc(struct sbuf *, const char *, size_t);
int	 lint_unescaped_plus(const struct bytes *);
void	 lint_check_form(struct lint_ctx *);
void	 lint_cache_free(struct lint_cache *);

#endif /* LINT_H */
