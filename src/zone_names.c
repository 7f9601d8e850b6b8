/* SPDX-License-Identifier: ISC */
/* enumq: the zone store's names in zone order, for --lint and --list. */

#include <stdlib.h>
#include <string.h>

#include "zone.h"

/* An owner and where it stands in zone order. */
struct owner_key {
	uint64_t	 key;		/* first RR's reference << 32, node */
	uint32_t	 types;
	uint32_t	 apex;
};

/*
 * Sort owners by their first RR's reference, unique to each: a radix
 * sort, two passes of 16 bits, as a zone holds millions.
 */
static void
owners_sort(struct owner_key *v, size_t n)
{
	struct owner_key *tmp = xreallocarray(NULL, n > 0 ? n : 1,
	    sizeof(*tmp)), *from = v, *to = tmp, *swap;
	size_t *at = xreallocarray(NULL, 65536, sizeof(*at)), i, sum, c;
	int shift;

	for (shift = 32; shift < 64; shift += 16) {
		memset(at, 0, 65536 * sizeof(*at));
		for (i = 0; i < n; i++)
			at[(from[i].key >> shift) & 0xffff]++;
		for (i = sum = 0; i < 65536; i++) {
			c = at[i];
			at[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[at[(from[i].key >> shift) & 0xffff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	/* an even number of passes: the sorted owners are in v */
	free(at);
	free(tmp);
}

/*
 * The names of the zones that hold RRs (empty non-terminals left out), in
 * the order their first RR was read: the zone files' order, $INCLUDEs in
 * their place.  Sets *out (free it) and returns how many.
 */
size_t
zone_owners(const struct zone *zn, struct zone_owner **out)
{
	const struct zone_apex *a;
	const struct zone_node *n;
	struct owner_key *v;
	size_t i, j, k = 0, total = 0;
	uint32_t node;

	for (i = 0; i < zn->napex; i++)
		total += zn->apex[i].nnode;
	v = xreallocarray(NULL, total > 0 ? total : 1, sizeof(*v));
	for (i = 0; i < zn->napex; i++) {
		a = &zn->apex[i];
		for (j = 0; j < a->nslot; j++) {
			if (a->slot[j] == 0)
				continue;
			node = (uint32_t)a->slot[j];
			n = zone_node(zn, node);
			if (n->first == 0)
				continue;
			v[k].key = (uint64_t)n->first << 32 | node;
			v[k].apex = (uint32_t)i;
			v[k].types = (n->types & ZONE_HAS_NAPTR ? OWNER_NAPTR :
			    0) | (n->types & ZONE_HAS_CNAME ? OWNER_CNAME : 0);
			k++;
		}
	}
	owners_sort(v, k);
	*out = xreallocarray(NULL, k > 0 ? k : 1, sizeof(**out));
	for (i = 0; i < k; i++) {
		(*out)[i].node = (uint32_t)v[i].key;
		(*out)[i].types = v[i].types;
		(*out)[i].apex = v[i].apex;
	}
	free(v);
	return k;
}

/* The name of an owner zone_owners gave, in wire form, lowercase. */
void
zone_owner_name(const struct zone *zn, const struct zone_owner *o,
    struct dname *d)
{
	const struct zone_node *n = zone_node(zn, o->node);

	dname_set(d, n->name, n->len);
}

/*
 * Start fetching what looking up an owner zone_owners gave reads first,
 * its index slot, a few names ahead of the lookup.
 */
void
zone_owner_prefetch(const struct zone *zn, const struct zone_owner *o)
{
	const struct zone_node *n = zone_node(zn, o->node);

	zone_node_prefetch(&zn->apex[o->apex], n->name, n->len);
}

/* Where an owner zone_owners gave is first written: file and line. */
void
zone_owner_where(const struct zone *zn, const struct zone_owner *o,
    const char **file, uint32_t *line)
{
	const struct zone_rr *rr = zone_rr(zn, zone_node(zn, o->node)->first);

	*file = zn->file[rr->file];
	*line = rr->line;
}
