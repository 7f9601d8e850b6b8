/* SPDX-License-Identifier: ISC */
/* enumq: the zone store, shared by zone_load.c, zone_store.c and zone_answer.c. */

#ifndef ZONE_H
#define ZONE_H

#include <stdint.h>

#include "enumq.h"

/* RR types the store looks at (RFC 1035 3.2.2, RFC 3403, RFC 6672) */
#define ZONE_T_NS	2
#define ZONE_T_CNAME	5
#define ZONE_T_SOA	6
#define ZONE_T_NAPTR	35
#define ZONE_T_DNAME	39
#define ZONE_T_RRSIG	46
#define ZONE_T_NSEC	47
#define ZONE_T_NSEC3	50

/* zone_node.types: which types a name holds, for the checks and answers */
#define ZONE_HAS_NS	0x01
#define ZONE_HAS_CNAME	0x02
#define ZONE_HAS_SOA	0x04
#define ZONE_HAS_NAPTR	0x08
#define ZONE_HAS_DNAME	0x10
#define ZONE_HAS_OTHER	0x20	/* any type not allowed beside a CNAME */
#define ZONE_HAS_MANY	0x40	/* too many RRs to find duplicates on adding */
#define ZONE_HAS_CHILD	0x80	/* names below it: not a flag of a type */

/*
 * Everything a zone holds lives in one arena: names and RRs, in wire
 * form, referred to by 32-bit references in units of ZONE_ALIGN bytes
 * (so up to 32 GiB), 0 meaning none.  The arena grows by doubling, so
 * references, not pointers, are kept across an allocation.
 */
#define ZONE_ALIGN	8

/* An RR in the arena, its RDATA after it. */
struct zone_rr {
	uint32_t	 next;		/* the owner's next RR, in file order */
	uint32_t	 ttl;
	uint32_t	 line;		/* the line it starts on, */
	uint16_t	 file;		/* which file: index into zone.file */
	uint16_t	 type;
	uint16_t	 rdlen;
	uint8_t		 rdata[];	/* wire form, names uncompressed */
};

/* A name of a zone: an owner, or an empty non-terminal without RRs. */
struct zone_node {
	uint32_t	 first;		/* its RRs, file order, deduplicated */
	uint32_t	 last;
	uint16_t	 nrr;		/* RRs, at most UINT16_MAX */
	uint8_t		 types;		/* ZONE_HAS_* */
	uint8_t		 len;		/* of name */
	uint8_t		 name[];	/* wire form, lowercase */
};

/* One zone: one file (and what it includes), apex its SOA's owner. */
struct zone_apex {
	struct dname	 name;		/* as the SOA's owner spells it */
	uint32_t	 soa;		/* the SOA RR */
	const char	*file;		/* the -z file: the reply's server */
	/*
	 * The index of its names: open addressing, linear probing, each
	 * slot a name's hash << 32 | its node, 0 when empty; so a lookup
	 * reads a node only when the hash matches, and growing reads none.
	 */
	uint64_t	*slot;
	size_t		 nslot;		/* a power of two */
	size_t		 nnode;
	uint32_t	 parent;	/* the last new name's parent */
	uint32_t	*many;		/* nodes with too many RRs to search */
	size_t		 nmany;
	int		 has_cut;	/* an NS RRset below the apex */
	int		 has_dname;
};

/* The zones, and the arena that holds them. */
struct zone {
	uint8_t		*arena;
	size_t		 used;		/* bytes, a multiple of ZONE_ALIGN */
	size_t		 cap;
	struct zone_apex *apex;
	size_t		 napex;
	char		**file;		/* every file read, included ones too */
	size_t		 nfile;
	/*
	 * The names that hold RRs, in the order of their first RR as read:
	 * apex index << 32 | node.  For --lint and --list (zone_names.c).
	 */
	uint64_t	*owner;
	size_t		 nowner;
};

static inline struct zone_rr *
zone_rr(const struct zone *zn, uint32_t ref)
{
	return (struct zone_rr *)(zn->arena + (size_t)ref * ZONE_ALIGN);
}

static inline struct zone_node *
zone_node(const struct zone *zn, uint32_t ref)
{
	return (struct zone_node *)(zn->arena + (size_t)ref * ZONE_ALIGN);
}

/* The length of the wire name at p, within max bytes, or 0 if it is not. */
static inline size_t
zone_wire_len(const uint8_t *p, size_t max)
{
	size_t at = 0;

	while (at < max && p[at] != 0)
		at += (size_t)p[at] + 1;
	return at < max ? at + 1 : 0;
}

/* zone_store.c */
void	 zone_store_apex(struct zone_apex *, size_t);
uint32_t zone_node_find(const struct zone *, const struct zone_apex *,
	    const uint8_t *, size_t);
void	 zone_node_prefetch(const struct zone_apex *, const uint8_t *,
	    size_t);
const char *zone_node_get(struct zone *, struct zone_apex *, const uint8_t *,
	    size_t, uint32_t *);
const char *zone_rr_add(struct zone *, struct zone_apex *, uint32_t,
	    const struct zone_rr *, const uint8_t *);
void	 zone_store_finish(struct zone *, struct zone_apex *);
void	 zone_walk(const struct zone *, const struct zone_apex *,
	    void (*)(void *, const struct zone_node *), void *);
void	 zone_store_free(struct zone *);

#endif /* ZONE_H */
