/* SPDX-License-Identifier: ISC */
/* enumq: what ere.c and ere_bracket.c share: the parse, its faults, its output. */

#ifndef ENUMQ_ERE_H
#define ENUMQ_ERE_H

#include "enumq.h"

/* The parse of one ERE: where it is, what has been written. */
struct parser {
	const unsigned char *start, *p, *end;
	char		*out;		/* the PCRE2 pattern so far */
	size_t		 len, cap;
	uint32_t	 ngroup;
	int		 depth;		/* groups open */
	struct ere	*ere;		/* the error goes to ere->why */
	const char	*error;		/* reason code, or NULL */
};

/* ere.c: a fault, the output, a byte in a message */
void	 ere_fault(struct parser *, const char *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 ere_emit(struct parser *, const char *, size_t);
void	 ere_emit_byte(struct parser *, unsigned);
const char *ere_shown(unsigned, char[8]);
int	 ere_width(size_t);

#define UNDEFINED(ps, ...)	ere_fault((ps), "regexp-undefined", __VA_ARGS__)
#define INVALID(ps, ...)	ere_fault((ps), "bad-regexp", __VA_ARGS__)

/* ere_bracket.c: a bracket expression */
void	 ere_bracket(struct parser *);

#endif /* ENUMQ_ERE_H */
