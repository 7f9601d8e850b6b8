/* SPDX-License-Identifier: ISC */
/* enumq: answering NAPTR queries from master-format zone files, as an authoritative server would. */

#include <stdlib.h>
#include <string.h>

#include "dns.h"

/*
 * A name in the zones: its RRs, or none for an empty non-terminal.  The
 * name is kept as canonical (lowercase) wire format, hashed once.
 */
struct node {
	struct node	*next;		/* hash chain */
	/*
	 * The RRs (not owned: the zone's): a name's are most often one run
	 * of its file's, kept as where the run is; an array of their own
	 * only when they are not.
	 */
	const ldns_rr_list *list;	/* the file's RRs */
	size_t		 first, count;	/* the run in list, or more's length */
	ldns_rr		**more;		/* NULL: the RRs are the run */
	uint32_t	 hash;
	size_t		 len;
	uint8_t		 name[];
};

/* A loaded zone: its apex, SOA and the file it came from. */
struct apex {
	ldns_rdf	*name;
	ldns_rr		*soa;
	const char	*file;
	ldns_zone	*z;
};

#define TABLES_MAX	16	/* tables of names, filled side by side */

/* A hash table of names: the owners of a run of RRs, and their ancestors. */
struct table {
	struct node	**bucket;
	size_t		 nbucket;	/* a power of two */
	size_t		 nnode;
};

/*
 * The zones.  A large file's RRs are indexed on several threads, a run
 * each into a table of its own: a name's RRs are those of its nodes in
 * table order, which is still the order of the file.
 */
struct zone {
	struct apex	*apex;
	size_t		 napex;
	struct table	 table[TABLES_MAX];
	size_t		 ntable;
};

/* A name's nodes, one a table at most, in table order. */
struct found {
	const struct node *n[TABLES_MAX];
	size_t		 count;
};

/* The hash of a wire-format name, case folded. */
static uint32_t
name_hash(const uint8_t *p, size_t len)
{
	uint32_t h = 2166136261u;

	while (len-- > 0) {
		h = (h ^ LOWER(*p)) * 16777619u;
		p++;
	}
	return h;
}

/* The node of a wire-format name (any case) of hash h in a table, or NULL. */
static struct node *
table_find(const struct table *t, const uint8_t *p, size_t len, uint32_t h)
{
	struct node *n;

	for (n = t->bucket[h & (t->nbucket - 1)]; n != NULL; n = n->next)
		if (n->hash == h && n->len == len && dname_wire_equal(n->name, p, len))
			return n;
	return NULL;
}

/* The nodes of a name; returns how many (0: the zones lack the name). */
static size_t
find(const struct zone *zn, const ldns_rdf *name, struct found *f)
{
	const uint8_t *p = ldns_rdf_data(name);
	size_t len = ldns_rdf_size(name), i;
	uint32_t h = name_hash(p, len);

	f->count = 0;
	for (i = 0; i < zn->ntable; i++)
		if ((f->n[f->count] = table_find(&zn->table[i], p, len, h)) !=
		    NULL)
			f->count++;
	return f->count;
}

/* RR i of a node. */
static ldns_rr *
node_rr(const struct node *n, size_t i)
{
	return n->more != NULL ? n->more[i] :
	    ldns_rr_list_rr(n->list, n->first + i);
}

/* The first RR of a type at a name's nodes, or NULL. */
static ldns_rr *
first_of_type(const struct found *f, ldns_rr_type type)
{
	size_t i, j;

	for (j = 0; j < f->count; j++)
		for (i = 0; i < f->n[j]->count; i++)
			if (ldns_rr_get_type(node_rr(f->n[j], i)) == type)
				return node_rr(f->n[j], i);
	return NULL;
}

/* Double a table's buckets until they are at least want. */
static void
grow(struct table *t, size_t want)
{
	struct node **old = t->bucket, *n, *next;
	size_t i, oldn = t->nbucket;

	if (t->nbucket >= want)
		return;
	while (t->nbucket < want)
		t->nbucket = t->nbucket == 0 ? 1024 : t->nbucket * 2;
	t->bucket = xcalloc(t->nbucket, sizeof(*t->bucket));
	for (i = 0; i < oldn; i++)
		for (n = old[i]; n != NULL; n = next) {
			next = n->next;
			n->next = t->bucket[n->hash & (t->nbucket - 1)];
			t->bucket[n->hash & (t->nbucket - 1)] = n;
		}
	free(old);
}

/*
 * The node of a wire-format name, created if new, with every ancestor
 * that is missing: empty non-terminals answer NODATA.
 */
static struct node *
node_get(struct table *t, const uint8_t *p, size_t len)
{
	struct node *n, *first = NULL;
	uint32_t h;
	size_t i;

	while ((n = table_find(t, p, len, h = name_hash(p, len))) == NULL) {
		if (t->nnode >= t->nbucket)
			grow(t, t->nbucket * 2);
		n = xcalloc(1, sizeof(*n) + len);
		n->hash = h;
		n->len = len;
		for (i = 0; i < len; i++)
			n->name[i] = LOWER(p[i]);
		n->next = t->bucket[h & (t->nbucket - 1)];
		t->bucket[h & (t->nbucket - 1)] = n;
		t->nnode++;
		if (first == NULL)
			first = n;
		/* up one label, while there is one above the root */
		if (len <= 1 || (size_t)p[0] + 1 >= len)
			break;
		len -= (size_t)p[0] + 1;
		p += (size_t)p[0] + 1;
	}
	return first != NULL ? first : n;
}

/* Index RR i of list, or rr when list is NULL. */
static void
index_rr(struct table *t, const ldns_rr_list *list, size_t i, ldns_rr *rr)
{
	struct node *n = node_get(t, ldns_rdf_data(ldns_rr_owner(rr)),
	    ldns_rdf_size(ldns_rr_owner(rr)));
	ldns_rr **more;
	size_t k;

	if (list != NULL && n->count == 0) {
		n->list = list;
		n->first = i;
	} else if (list == NULL || n->more != NULL || n->list != list ||
	    n->first + n->count != i) {
		/* not the run's next: the RRs go into an array */
		if (n->more == NULL) {
			for (more = NULL, k = 0; k < n->count; k++) {
				more = xgrow(more, k, sizeof(*more));
				more[k] = ldns_rr_list_rr(n->list, n->first + k);
			}
			n->more = more;
		}
		n->more = xgrow(n->more, n->count, sizeof(*n->more));
		n->more[n->count] = rr;
	}
	n->count++;
}

/* A run of a zone's RRs, and the table it is indexed into. */
struct rr_run {
	struct table	*t;
	ldns_rr_list	*rrs;
	size_t		 from, to;
};

/* Cut a list of RRs into k runs, in order. */
static void
cut_runs(ldns_rr_list *rrs, struct rr_run *run, size_t k)
{
	size_t n = ldns_rr_list_rr_count(rrs), i;

	for (i = 0; i < k; i++) {
		run[i].rrs = rrs;
		run[i].from = n * i / k;
		run[i].to = n * (i + 1) / k;
	}
}

static void *
index_run(void *arg)
{
	struct rr_run *r = arg;
	size_t i;

	/* buckets for every owner at once, not doubled on the way */
	grow(r->t, 2 * (r->to - r->from + r->t->nnode + 1));
	for (i = r->from; i < r->to; i++)
		index_rr(r->t, r->rrs, i, ldns_rr_list_rr(r->rrs, i));
	return NULL;
}

/*
 * Index a file's RRs, its SOA first: a large file's in a run a CPU, each
 * on a thread into a new table; a small one's, or once the tables are
 * all taken, into one table.
 */
static void
index_zone(struct zone *zn, ldns_zone *z)
{
	struct rr_run run[TABLES_MAX];
	size_t k, i;

	k = ldns_rr_list_rr_count(ldns_zone_rrs(z)) >= 10000 ?
	    cpus_usable() : 1;
	if (k > TABLES_MAX - zn->ntable)
		k = TABLES_MAX - zn->ntable;
	if (k == 0) {		/* all taken: the last one takes the file */
		zn->ntable--;
		k = 1;
	}
	cut_runs(ldns_zone_rrs(z), run, k);
	for (i = 0; i < k; i++)
		run[i].t = &zn->table[zn->ntable + i];
	grow(run[0].t, 1);
	index_rr(run[0].t, NULL, 0, ldns_zone_soa(z));
	run_parallel(index_run, run, k, sizeof(run[0]));
	zn->ntable += k;
}

static char *
load_file(struct zone *zn, const char *file)
{
	struct apex *a;
	ldns_zone *z;
	char *err;
	size_t pieces;
	double start = util_now_ms();

	if ((err = zone_read(file, &z, &pieces)) != NULL)
		return err;
	util_trace("zone file %s: %zu records read in %zu piece%s, %.1f ms", file,
	    ldns_rr_list_rr_count(ldns_zone_rrs(z)) + 1, pieces,
	    pieces == 1 ? "" : "s", util_now_ms() - start);
	if (ldns_zone_soa(z) == NULL) {
		ldns_zone_deep_free(z);
		return xasprintf("%s: no SOA record", file);
	}
	zn->apex = xreallocarray(zn->apex, zn->napex + 1, sizeof(*zn->apex));
	a = &zn->apex[zn->napex++];
	a->z = z;
	a->file = file;
	a->soa = ldns_zone_soa(z);
	a->name = ldns_rdf_clone(ldns_rr_owner(a->soa));
	ldns_dname2canonical(a->name);
	index_zone(zn, z);
	return NULL;
}

/*
 * Load master-format zone files, each with its own $ORIGIN or SOA.
 * Returns NULL and sets *errstr (a new string) on the first failure.
 */
struct zone *
zone_load(const char **files, size_t nfile, char **errstr)
{
	struct zone *zn = xcalloc(1, sizeof(*zn));
	size_t i;

	for (i = 0; i < nfile; i++)
		if ((*errstr = load_file(zn, files[i])) != NULL) {
			zone_free(zn);
			return NULL;
		}
	return zn;
}

static void *
free_rrs(void *arg)
{
	struct rr_run *r = arg;
	size_t i;

	for (i = r->from; i < r->to; i++)
		ldns_rr_free(ldns_rr_list_rr(r->rrs, i));
	return NULL;
}

/*
 * Free a large zone's RRs on a thread a CPU: they are a dozen allocations
 * each, and ldns parsed them on several (zone_read.c), so one thread
 * freeing them all took a good part of a zone-file batch.
 */
static void
zone_deep_free(ldns_zone *z)
{
	struct rr_run run[TABLES_MAX];
	size_t k = cpus_usable();

	if (ldns_rr_list_rr_count(ldns_zone_rrs(z)) >= 10000 && k > 1) {
		if (k > TABLES_MAX)
			k = TABLES_MAX;
		cut_runs(ldns_zone_rrs(z), run, k);
		run_parallel(free_rrs, run, k, sizeof(run[0]));
		ldns_rr_list_set_rr_count(ldns_zone_rrs(z), 0);
	}
	ldns_zone_deep_free(z);
}

/* Release the zones; accepts NULL. */
void
zone_free(struct zone *zn)
{
	struct table *t;
	struct node *n, *next;
	size_t i;

	if (zn == NULL)
		return;
	for (t = zn->table; t < zn->table + zn->ntable; t++) {
		for (i = 0; i < t->nbucket; i++)
			for (n = t->bucket[i]; n != NULL; n = next) {
				next = n->next;
				free(n->more);
				free(n);
			}
		free(t->bucket);
	}
	for (i = 0; i < zn->napex; i++) {
		ldns_rdf_deep_free(zn->apex[i].name);
		zone_deep_free(zn->apex[i].z);
	}
	free(zn->apex);
	free(zn);
}

/* Is name the apex or below it: do the apex's labels end it? */
static int
at_or_below(const ldns_rdf *name, const ldns_rdf *apex)
{
	const uint8_t *p = ldns_rdf_data(name);
	size_t len = ldns_rdf_size(name), alen = ldns_rdf_size(apex), at = 0;

	while (at < len && len - at > alen)
		at += p[at] + 1;	/* the next label */
	return at < len && len - at == alen &&
	    dname_wire_equal(p + at, ldns_rdf_data(apex), alen);
}

/*
 * The closest enclosing zone of a name, or NULL.  Of two apexes that
 * both end the name, the longer has more labels.
 */
static const struct apex *
apex_of(const struct zone *zn, const ldns_rdf *name)
{
	const struct apex *best = NULL;
	size_t i;

	for (i = 0; i < zn->napex; i++)
		if (at_or_below(name, zn->apex[i].name) && (best == NULL ||
		    ldns_rdf_size(zn->apex[i].name) > ldns_rdf_size(best->name)))
			best = &zn->apex[i];
	return best;
}

/*
 * Put rr in a section of the answer.  The answer borrows the zones' RRs
 * (zone_reply_free gives them back); an RR made for it goes into owned
 * too, for zone_reply_free to free.  Copying each RR a number needs cost
 * more than the rest of its lookup.
 */
static void
answer_push(ldns_pkt *p, ldns_pkt_section section, ldns_rr *rr,
    ldns_rr_list **owned)
{
	if (owned != NULL) {
		if (*owned == NULL)
			*owned = ldns_rr_list_new();
		ldns_rr_list_push_rr(*owned, rr);
	}
	ldns_pkt_push_rr(p, section, rr);
}

/*
 * Append the RRs of a type at a name's nodes to the answer, owned by
 * owner (a wildcard's RRs take the name asked for, a name in another
 * case its spelling); returns how many.
 */
static size_t
add_rrs(ldns_pkt *p, const struct found *f, ldns_rr_type type,
    const ldns_rdf *owner, ldns_rr_list **owned)
{
	size_t i, j, added = 0;
	ldns_rr *rr;

	for (j = 0; j < f->count; j++) {
		for (i = 0; i < f->n[j]->count; i++) {
			rr = node_rr(f->n[j], i);
			if (ldns_rr_get_type(rr) != type)
				continue;
			added++;
			if (ldns_rdf_size(ldns_rr_owner(rr)) ==
			    ldns_rdf_size(owner) &&
			    memcmp(ldns_rdf_data(ldns_rr_owner(rr)),
			    ldns_rdf_data(owner), ldns_rdf_size(owner)) == 0) {
				answer_push(p, LDNS_SECTION_ANSWER, rr, NULL);
				continue;
			}
			rr = ldns_rr_clone(rr);
			ldns_rdf_deep_free(ldns_rr_owner(rr));
			ldns_rr_set_owner(rr, ldns_rdf_clone(owner));
			answer_push(p, LDNS_SECTION_ANSWER, rr, owned);
		}
	}
	return added;
}

/*
 * The wildcard that covers an absent name (RFC 4592 3.3): "*" below its
 * closest encloser, or NULL.
 */
static size_t
wildcard(const struct zone *zn, const struct apex *a, const ldns_rdf *name,
    struct found *f)
{
	ldns_rdf *anc, *up, *star;
	char *s, *ws;

	f->count = 0;
	anc = ldns_dname_left_chop(name);
	while (anc != NULL && find(zn, anc, f) == 0 &&
	    ldns_dname_label_count(anc) > ldns_dname_label_count(a->name)) {
		up = ldns_dname_left_chop(anc);
		ldns_rdf_deep_free(anc);
		anc = up;
	}
	f->count = 0;
	if (anc == NULL)
		return 0;
	s = dname_str(ldns_rdf_data(anc), ldns_rdf_size(anc));
	ws = xasprintf("*.%s", strcmp(s, ".") == 0 ? "" : s);
	if ((star = ldns_dname_new_frm_str(ws)) != NULL) {
		ldns_dname2canonical(star);
		find(zn, star, f);
		ldns_rdf_deep_free(star);
	}
	free(s);
	free(ws);
	ldns_rdf_deep_free(anc);
	return f->count;
}

/*
 * A DNAME at an ancestor of name below or at its apex: synthesize the
 * CNAME (RFC 6672 3.3) and return the new target, or NULL.
 */
static ldns_rdf *
dname_redirect(const struct zone *zn, const struct apex *a, ldns_rdf *name,
    ldns_pkt *p, ldns_rr_list **owned)
{
	ldns_rdf *anc, *up, *target = NULL;
	struct found f;
	char *s, *as, *ts, *ns;
	ldns_rr *rr, *cname;

	anc = ldns_dname_left_chop(name);
	while (anc != NULL && target == NULL &&
	    ldns_dname_label_count(anc) >= ldns_dname_label_count(a->name)) {
		find(zn, anc, &f);
		if ((rr = first_of_type(&f, LDNS_RR_TYPE_DNAME)) != NULL) {
			s = dname_str(ldns_rdf_data(name), ldns_rdf_size(name));
			as = dname_str(ldns_rdf_data(anc), ldns_rdf_size(anc));
			ts = dname_str(ldns_rdf_data(ldns_rr_rdf(rr, 0)), ldns_rdf_size(ldns_rr_rdf(rr, 0)));
			s[strlen(s) - strlen(as)] = '\0';
			ns = xasprintf("%s%s", s, ts);
			target = ldns_dname_new_frm_str(ns);
			free(s);
			free(as);
			free(ts);
			free(ns);
		}
		if (target != NULL) {
			answer_push(p, LDNS_SECTION_ANSWER, rr, NULL);
			cname = ldns_rr_new_frm_type(LDNS_RR_TYPE_CNAME);
			ldns_rr_set_owner(cname, ldns_rdf_clone(name));
			ldns_rr_set_ttl(cname, ldns_rr_ttl(rr));
			ldns_rr_set_rdf(cname, ldns_rdf_clone(target), 0);
			answer_push(p, LDNS_SECTION_ANSWER, cname, owned);
		}
		up = ldns_dname_label_count(anc) > 0 ?
		    ldns_dname_left_chop(anc) : NULL;
		ldns_rdf_deep_free(anc);
		anc = up;
	}
	ldns_rdf_deep_free(anc);
	return target;
}

/*
 * Answer a NAPTR query for qname from the zones as an authoritative server
 * would: the closest enclosing zone answers, CNAMEs and DNAMEs are
 * followed inside the zones, wildcards synthesize, NXDOMAIN or NODATA
 * come with the SOA.  A name in no zone is REFUSED.  Sets *file to the
 * zone file that answered.  The answer borrows RRs from the zones; those
 * made for it go into *owned, a list made when the first is: free the
 * answer with zone_reply_free.
 */
static ldns_pkt *
zone_packet(const struct zone *zn, const ldns_rdf *qname, uint16_t id,
    ldns_rr_list **owned, const char **file)
{
	ldns_pkt *p = ldns_pkt_new();
	const struct apex *a;
	struct found f;
	ldns_rdf *name, *next;
	size_t hops;

	/* no question section: the lookup reads the answer and the rcode */
	ldns_pkt_set_id(p, id);
	ldns_pkt_set_qr(p, true);
	name = ldns_rdf_clone(qname);
	ldns_dname2canonical(name);
	*file = zn->napex > 0 ? zn->apex[0].file : "";
	if ((a = apex_of(zn, name)) == NULL) {
		ldns_pkt_set_rcode(p, LDNS_RCODE_REFUSED);
		goto out;
	}
	*file = a->file;
	ldns_pkt_set_aa(p, true);
	for (hops = 0; hops <= CNAME_MAX; hops++) {
		next = NULL;
		if (find(zn, name, &f) == 0 &&
		    (next = dname_redirect(zn, a, name, p, owned)) == NULL &&
		    wildcard(zn, a, name, &f) == 0) {
			ldns_pkt_set_rcode(p, LDNS_RCODE_NXDOMAIN);
			answer_push(p, LDNS_SECTION_AUTHORITY, a->soa, NULL);
			break;
		}
		if (f.count > 0 && add_rrs(p, &f, LDNS_RR_TYPE_CNAME, name,
		    owned) > 0)
			next = ldns_rdf_clone(ldns_rr_rdf(ldns_rr_list_rr(
			    ldns_pkt_answer(p), ldns_pkt_ancount(p) - 1), 0));
		else if (f.count > 0 && add_rrs(p, &f, LDNS_RR_TYPE_NAPTR,
		    name, owned) == 0)
			answer_push(p, LDNS_SECTION_AUTHORITY, a->soa, NULL);
		if (next == NULL)
			break;
		ldns_rdf_deep_free(name);
		name = next;
		ldns_dname2canonical(name);
		/* a target outside the zones is left to the client */
		if ((a = apex_of(zn, name)) == NULL)
			break;
	}
out:
	ldns_rdf_deep_free(name);
	return p;
}

/*
 * Free an answer of zone_answer: its sections are emptied first, as
 * they hold the zones' RRs, then the RRs made for it are freed.
 */
static void
zone_reply_free(ldns_pkt *p, ldns_rr_list *owned)
{
	if (p != NULL) {
		ldns_rr_list_set_rr_count(ldns_pkt_question(p), 0);
		ldns_rr_list_set_rr_count(ldns_pkt_answer(p), 0);
		ldns_rr_list_set_rr_count(ldns_pkt_authority(p), 0);
		ldns_rr_list_set_rr_count(ldns_pkt_additional(p), 0);
		ldns_pkt_free(p);
	}
	ldns_rr_list_deep_free(owned);
}

/* Answer a NAPTR query for qname into r. */
void
zone_answer(const struct zone *zn, const struct dname *qname, struct reply *r)
{
	ldns_rdf *q = ldns_dname_new_frm_data(qname->len, qname->wire);
	ldns_rr_list *owned = NULL;
	ldns_pkt *p;

	p = zone_packet(zn, q, 0, &owned, &r->server);
	packet_reply(p, r);
	zone_reply_free(p, owned);
	ldns_rdf_deep_free(q);
}
