/* SPDX-License-Identifier: ISC */
/* enumq: the zone store: names and RRs in one arena, a hash index by owner. */

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "zone.h"

#define SLOTS_MIN	1024
#define HUGE_PAGE	(2 << 20)
#define LINEAR_MAX	64	/* a name's RRs searched for a duplicate */

/*
 * Room for size bytes in the arena: their reference, or 0 when the arena
 * would outgrow its references.  Pointers into the arena are stale after.
 */
static uint32_t
arena_alloc(struct zone *zn, size_t size)
{
	size_t at = zn->used, cap;

	size = (size + ZONE_ALIGN - 1) & ~(size_t)(ZONE_ALIGN - 1);
	if (at == 0)		/* reference 0 means none: never handed out */
		at = ZONE_ALIGN;
	if (size > (size_t)UINT32_MAX * ZONE_ALIGN - at)
		return 0;
	if (at + size > zn->cap) {
		/*
		 * Doubling: a large block grows by mremap, in place, so the
		 * arena is never held twice.
		 */
		for (cap = zn->cap == 0 ? 1 << 20 : zn->cap; cap < at + size;
		    cap *= 2)
			;
		zn->arena = xreallocarray(zn->arena, cap, 1);
		zn->cap = cap;
	}
	zn->used = at + size;
	return (uint32_t)(at / ZONE_ALIGN);
}

/* The node of a lowercase name of hash h, or 0; *at: its slot or a free one. */
static uint32_t
find_lower(const struct zone *zn, const struct zone_apex *a, const uint8_t *p,
    size_t len, uint32_t h, size_t *at)
{
	const struct zone_node *n;
	size_t i, mask = a->nslot - 1;
	uint64_t e;

	for (i = h & mask; (e = a->slot[i]) != 0; i = (i + 1) & mask) {
		if ((uint32_t)(e >> 32) != h)
			continue;
		n = zone_node(zn, (uint32_t)e);
		if (n->len == len && memcmp(n->name, p, len) == 0) {
			*at = i;
			return (uint32_t)e;
		}
	}
	*at = i;
	return 0;
}

/*
 * Zeroed slots.  Their reads are all over them: in huge pages where the
 * kernel has them, a lookup's miss costs no page walk too.
 */
static uint64_t *
slots_new(size_t n)
{
	uint64_t *p = xcalloc(n, sizeof(*p));
	uintptr_t from, to;

	from = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	to = ((uintptr_t)(p + n)) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (to > from)
		madvise((void *)from, to - from, MADV_HUGEPAGE);
	return p;
}

/*
 * Set up an apex's empty index, sized for about names names: growing it
 * later costs a pass over it, not over the names.
 */
void
zone_store_apex(struct zone_apex *a, size_t names)
{
	for (a->nslot = SLOTS_MIN; a->nslot / 2 < names; a->nslot *= 2)
		;
	a->slot = slots_new(a->nslot);
	a->nnode = 0;
}

/* The node of a wire name of len bytes, in any case, in a zone, or 0. */
uint32_t
zone_node_find(const struct zone *zn, const struct zone_apex *a,
    const uint8_t *name, size_t len)
{
	uint8_t buf[DNAME_MAX];
	size_t at;

	if (len > DNAME_MAX)
		return 0;
	dname_lower(buf, name, len);
	return find_lower(zn, a, buf, len, util_hash(buf, len), &at);
}

/*
 * Ask the CPU for the index slot of a lowercase name at or below an
 * apex, ahead of its zone_node_find: the slots of a large zone are far
 * apart, and a sweep (--lint) knows which name comes next.
 */
void
zone_node_prefetch(const struct zone_apex *a, const uint8_t *name,
    size_t len)
{
	__builtin_prefetch(&a->slot[util_hash(name, len) & (a->nslot - 1)]);
}

/* Double the slots: at most half are taken, so that probes stay short. */
static void
grow(struct zone_apex *a)
{
	uint64_t *old = a->slot;
	size_t oldn = a->nslot, i, j, mask;

	a->nslot *= 2;
	mask = a->nslot - 1;
	a->slot = slots_new(a->nslot);
	for (i = 0; i < oldn; i++) {
		if (old[i] == 0)
			continue;
		for (j = (old[i] >> 32) & mask; a->slot[j] != 0;
		    j = (j + 1) & mask)
			;
		a->slot[j] = old[i];
	}
	free(old);
}

/*
 * Find or make the node of an owner at or below the apex (wire form, len
 * bytes, any case), and every missing ancestor up to the apex: those are
 * empty non-terminals, which exist (RFC 4592 2.2.2).  Sets *ref; returns
 * NULL, or why it cannot.
 */
const char *
zone_node_get(struct zone *zn, struct zone_apex *a, const uint8_t *owner,
    size_t len, uint32_t *ref)
{
	uint8_t buf[DNAME_MAX], *p = buf;
	struct zone_node *n;
	uint32_t h, r, first = 0;
	size_t at;
	int found = 0;

	dname_lower(buf, owner, len);
	for (;;) {
		/* owners come in order mostly: siblings follow each other */
		if (first != 0 && a->parent != 0 &&
		    (n = zone_node(zn, a->parent))->len == len &&
		    memcmp(n->name, p, len) == 0) {
			r = a->parent;
			found = 1;
			break;
		}
		h = util_hash(p, len);
		if ((r = find_lower(zn, a, p, len, h, &at)) != 0) {
			found = 1;
			break;
		}
		if (2 * (a->nnode + 1) > a->nslot) {
			grow(a);
			find_lower(zn, a, p, len, h, &at);
		}
		if ((r = arena_alloc(zn, sizeof(*n) + len)) == 0)
			return "the zones do not fit in the store";
		n = zone_node(zn, r);
		memset(n, 0, sizeof(*n));
		n->len = (uint8_t)len;
		memcpy(n->name, p, len);
		a->slot[at] = (uint64_t)h << 32 | r;
		a->nnode++;
		if (first == 0)
			first = r;
		else
			n->types |= ZONE_HAS_CHILD;
		/* up one label, up to the apex */
		if (len <= a->name.len || (size_t)p[0] + 1 >= len)
			break;
		len -= (size_t)p[0] + 1;
		p += (size_t)p[0] + 1;
	}
	if (first != 0)
		a->parent = r;
	*ref = first != 0 ? first : r;
	if (found && first != 0) {
		/* a new name below an old one: none may be below a DNAME */
		n = zone_node(zn, r);
		if (n->types & ZONE_HAS_DNAME)
			return "below a DNAME record, where no name may be "
			    "(RFC 6672 2.3)";
		n->types |= ZONE_HAS_CHILD;
	}
	return NULL;
}

/*
 * Where the domain names of an RDATA are, [*from, *to): they compare
 * without case (RFC 4034 6.2), the rest byte for byte.
 */
static void
name_span(uint16_t type, const uint8_t *rd, size_t len, size_t *from,
    size_t *to)
{
	size_t at = 0, i;

	*from = *to = 0;
	switch (type) {
	case 2: case 3: case 4: case 5: case 7: case 8: case 9: case 12:
	case ZONE_T_DNAME:	/* NS MD MF CNAME MB MG MR PTR DNAME */
		*to = len;
		return;
	case 6: case 14: case 17:	/* SOA MINFO RP: two names first */
		at = zone_wire_len(rd, len);
		*to = at + zone_wire_len(rd + at, len - at);
		return;
	case 15: case 18: case 21: case 36:	/* MX AFSDB RT KX */
		at = 2;
		break;
	case 33:	/* SRV */
		at = 6;
		break;
	case ZONE_T_NAPTR:	/* ORDER PREFERENCE FLAGS SERVICES REGEXP */
		at = 4;
		for (i = 0; i < 3 && at < len; i++)
			at += (size_t)rd[at] + 1;
		break;
	default:
		return;
	}
	if (at < len) {
		*from = at;
		*to = len;
	}
}

/* Compare two RDATAs of one type, their names without case. */
static int
rdata_cmp(uint16_t type, const uint8_t *x, size_t xlen, const uint8_t *y,
    size_t ylen)
{
	size_t from, to, i;
	int c;

	if (xlen != ylen)
		return xlen < ylen ? -1 : 1;
	name_span(type, x, xlen, &from, &to);
	for (i = 0; i < xlen; i++) {
		c = i >= from && i < to ? LOWER(x[i]) - LOWER(y[i]) :
		    x[i] - y[i];
		if (c != 0)
			return c;
	}
	return 0;
}

static uint8_t
type_bit(uint16_t type)
{
	switch (type) {
	case ZONE_T_NS:
		return ZONE_HAS_NS;
	case ZONE_T_CNAME:
		return ZONE_HAS_CNAME;
	case ZONE_T_SOA:
		return ZONE_HAS_SOA;
	case ZONE_T_NAPTR:
		return ZONE_HAS_NAPTR;
	case ZONE_T_DNAME:
		return ZONE_HAS_DNAME;
	case ZONE_T_RRSIG:
	case ZONE_T_NSEC:
	case ZONE_T_NSEC3:
		return 0;	/* allowed beside a CNAME (RFC 4035 2.5) */
	default:
		return ZONE_HAS_OTHER;
	}
}

/* Is an RR like hdr and rdata already at a node? */
static int
is_duplicate(const struct zone *zn, const struct zone_node *n,
    const struct zone_rr *hdr, const uint8_t *rdata)
{
	const struct zone_rr *rr;
	uint32_t ref;

	for (ref = n->first; ref != 0; ref = rr->next) {
		rr = zone_rr(zn, ref);
		if (rr->type == hdr->type && rdata_cmp(rr->type, rr->rdata,
		    rr->rdlen, rdata, hdr->rdlen) == 0)
			return 1;
	}
	return 0;
}

/*
 * Add an RR (hdr: all but next; its RDATA) to a node of a zone, unless
 * the node has it already (RFC 2181 5: one RR, the first one's TTL kept).
 * Returns NULL, or why the zone is refused, as nsd-checkzone refuses it.
 */
const char *
zone_rr_add(struct zone *zn, struct zone_apex *a, uint32_t node,
    const struct zone_rr *hdr, const uint8_t *rdata)
{
	struct zone_node *n = zone_node(zn, node);
	struct zone_rr *rr;
	uint8_t bit = type_bit(hdr->type), has = n->types;
	uint32_t ref;

	/* a name with a CNAME has few RRs: its search is always short */
	if ((!(has & ZONE_HAS_MANY) || hdr->type == ZONE_T_CNAME ||
	    hdr->type == ZONE_T_DNAME) && is_duplicate(zn, n, hdr, rdata))
		return NULL;
	if (hdr->type == ZONE_T_CNAME && (has & ZONE_HAS_CNAME))
		return "more than one CNAME record at one name";
	if (hdr->type == ZONE_T_DNAME && (has & ZONE_HAS_DNAME))
		return "more than one DNAME record at one name";
	if ((hdr->type == ZONE_T_CNAME && (has & ZONE_HAS_DNAME)) ||
	    (hdr->type == ZONE_T_DNAME && (has & ZONE_HAS_CNAME)))
		return "a CNAME and a DNAME record at one name";
	if ((hdr->type == ZONE_T_CNAME && (has & ~(ZONE_HAS_CNAME |
	    ZONE_HAS_MANY | ZONE_HAS_CHILD))) || (bit != 0 &&
	    bit != ZONE_HAS_CNAME && (has & ZONE_HAS_CNAME)))
		return "a CNAME record and other data at one name";
	if (hdr->type == ZONE_T_DNAME && (has & ZONE_HAS_CHILD))
		return "a DNAME record above other names, where none may be "
		    "(RFC 6672 2.3)";
	if ((ref = arena_alloc(zn, sizeof(*rr) + hdr->rdlen)) == 0)
		return "the zones do not fit in the store";
	rr = zone_rr(zn, ref);
	memcpy(rr, hdr, sizeof(*rr));
	rr->next = 0;
	memcpy(rr->rdata, rdata, hdr->rdlen);
	n = zone_node(zn, node);	/* the arena may have moved */
	if (n->last != 0)
		zone_rr(zn, n->last)->next = ref;
	else {
		n->first = ref;
		zn->owner = xgrow(zn->owner, zn->nowner, sizeof(*zn->owner));
		zn->owner[zn->nowner++] = (uint64_t)(a - zn->apex) << 32 |
		    node;
	}
	n->last = ref;
	n->types |= bit;
	if (n->nrr < UINT16_MAX)
		n->nrr++;
	if (n->nrr >= LINEAR_MAX && !(n->types & ZONE_HAS_MANY)) {
		n->types |= ZONE_HAS_MANY;
		a->many = xgrow(a->many, a->nmany, sizeof(*a->many));
		a->many[a->nmany++] = node;
	}
	if (hdr->type == ZONE_T_NS && n->len != a->name.len)
		a->has_cut = 1;
	if (hdr->type == ZONE_T_DNAME)
		a->has_dname = 1;
	return NULL;
}

/* An RR of a node with many, for sorting them to find duplicates. */
struct sort_rr {
	const struct zone_rr *rr;
	size_t		 at;		/* place in file order */
	int		 dup;
};

static int
sort_rr_cmp(const void *x, const void *y)
{
	const struct sort_rr *a = x, *b = y;
	int c;

	if (a->rr->type != b->rr->type)
		return a->rr->type < b->rr->type ? -1 : 1;
	if ((c = rdata_cmp(a->rr->type, a->rr->rdata, a->rr->rdlen,
	    b->rr->rdata, b->rr->rdlen)) != 0)
		return c;
	return a->at < b->at ? -1 : a->at > b->at;
}

static int
sort_at_cmp(const void *x, const void *y)
{
	const struct sort_rr *a = x, *b = y;

	return a->at < b->at ? -1 : a->at > b->at;
}

/*
 * Drop the duplicates of a node with too many RRs to search on each
 * adding: sorted, a duplicate follows the first of its kind.
 */
static void
dedup_many(const struct zone *zn, struct zone_node *n)
{
	struct sort_rr *v = NULL;
	struct zone_rr *prev;
	size_t k = 0, i;
	uint32_t ref;

	for (ref = n->first; ref != 0; ref = zone_rr(zn, ref)->next) {
		v = xgrow(v, k, sizeof(*v));
		v[k].rr = zone_rr(zn, ref);
		v[k].at = k;
		v[k].dup = 0;
		k++;
	}
	qsort(v, k, sizeof(*v), sort_rr_cmp);
	for (i = 1; i < k; i++)
		v[i].dup = v[i].rr->type == v[i - 1].rr->type &&
		    rdata_cmp(v[i].rr->type, v[i].rr->rdata, v[i].rr->rdlen,
		    v[i - 1].rr->rdata, v[i - 1].rr->rdlen) == 0;
	qsort(v, k, sizeof(*v), sort_at_cmp);
	/* relink the first of each kind, in file order */
	prev = NULL;
	n->nrr = 0;
	for (i = 0; i < k; i++) {
		if (v[i].dup)
			continue;
		ref = (uint32_t)(((const uint8_t *)v[i].rr - zn->arena) /
		    ZONE_ALIGN);
		if (prev != NULL)
			prev->next = ref;
		else
			n->first = ref;
		prev = (struct zone_rr *)v[i].rr;
		n->last = ref;
		if (n->nrr < UINT16_MAX)
			n->nrr++;
	}
	if (prev != NULL)
		prev->next = 0;
	free(v);
}

/* Finish a zone once its file is read: the duplicates left are dropped. */
void
zone_store_finish(struct zone *zn, struct zone_apex *a)
{
	size_t i;

	for (i = 0; i < a->nmany; i++)
		dedup_many(zn, zone_node(zn, a->many[i]));
	free(a->many);
	a->many = NULL;
	a->nmany = 0;
}

/*
 * Call fn on every name of a zone, empty non-terminals included, in no
 * particular order: for checks over a whole zone.
 */
void
zone_walk(const struct zone *zn, const struct zone_apex *a,
    void (*fn)(void *, const struct zone_node *), void *arg)
{
	size_t i;

	for (i = 0; i < a->nslot; i++)
		if (a->slot[i] != 0)
			fn(arg, zone_node(zn, (uint32_t)a->slot[i]));
}

/* Release what the store holds. */
void
zone_store_free(struct zone *zn)
{
	size_t i;

	for (i = 0; i < zn->napex; i++) {
		free(zn->apex[i].slot);
		free(zn->apex[i].many);
	}
	for (i = 0; i < zn->nfile; i++)
		free(zn->file[i]);
	free(zn->file);
	free(zn->apex);
	free(zn->arena);
	free(zn->owner);
}
