/* SPDX-License-Identifier: ISC */
/* enumq: the zone store's names in zone order, for --lint and --list. */

#include <stdlib.h>
#include <string.h>

#include "zone.h"

/*
 * The names of the zones that hold RRs (empty non-terminals left out), in
 * the order their first RR was read: the zone files' order, $INCLUDEs in
 * their place (the store keeps that list as it loads).  Sets *out (free
 * it) and returns how many.
 */
size_t
zone_owners(const struct zone *zn, struct zone_owner **out)
{
	const struct zone_node *n;
	size_t i;

	*out = xreallocarray(NULL, zn->nowner > 0 ? zn->nowner : 1,
	    sizeof(**out));
	for (i = 0; i < zn->nowner; i++) {
		(*out)[i].node = (uint32_t)zn->owner[i];
		(*out)[i].apex = (uint32_t)(zn->owner[i] >> 32);
		n = zone_node(zn, (*out)[i].node);
		(*out)[i].types = (n->types & ZONE_HAS_NAPTR ? OWNER_NAPTR :
		    0) | (n->types & ZONE_HAS_CNAME ? OWNER_CNAME : 0);
	}
	return zn->nowner;
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
