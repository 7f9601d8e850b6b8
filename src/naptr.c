/* SPDX-License-Identifier: ISC */
/* enumq: judging NAPTR records by ENUM's rules, and ranking them (RFC 6116 3-5). */

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"

/* ASCII letters, whatever the locale (RFC 3986 2: ALPHA) */
#define IS_ALPHA(c)	(((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')

/*
 * The room the Enumservices of a services field of len bytes need
 * (parse_services): len / 2 + 1 tokens at most, a pointer and a NUL
 * each, and their bytes.
 */
#define ES_ROOM(len)	(((len) / 2 + 1) * (sizeof(char *) + 1) + (len))

/* type, subtype = 1*32(ALPHA / DIGIT / "-") (RFC 6116 3.4.3) */
static int
valid_token(const char *s, size_t len)
{
	return util_ldh(s, len, 32);
}

/* enumservice = type 0*(":" subtype), compared lowercase */
static int
valid_enumservice(const char *s, size_t len)
{
	const char *colon;

	while ((colon = memchr(s, ':', len)) != NULL) {
		if (!valid_token(s, colon - s))
			return 0;
		len -= colon - s + 1;
		s = colon + 1;
	}
	return valid_token(s, len);
}

static char *
lower_dup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = tolower((unsigned char)s[i]);
	p[len] = '\0';
	return p;
}

/*
 * Validate a --service argument: "type" or "type:subtype", an "E2U+"
 * prefix allowed.  Stores it lowercase in *out and returns 0, or -1.
 */
int
naptr_service_spec(const char *arg, char **out)
{
	if (strncasecmp(arg, "E2U+", 4) == 0)
		arg += 4;
	if (!valid_enumservice(arg, strlen(arg)))
		return -1;
	*out = lower_dup(arg, strlen(arg));
	return 0;
}

/* Empty an Enumservice list (its room is its record's, r->mem). */
void
enumservices_free(struct enumservices *es)
{
	es->v = NULL;
	es->n = 0;
}

/*
 * Split a services field on '+' (RFC 6116 3.4.3, 5.2): exactly one token
 * must be "E2U", in front or, as RFC 2916 wrote it, behind.  The other
 * tokens that are well-formed, public Enumservices go into es, left to
 * right, lowercase, in the room es->v has for them.  Returns 0, or -1
 * when the record is not an E2U record.
 */
static int
parse_services(const struct bytes *field, struct enumservices *es)
{
	const char *p = field->p, *end = p + field->len, *tok;
	size_t len, ntok = field->len / 2 + 1, i;
	char *s;
	int ne2u = 0;

	/* naptr_record_init made room for them in es->v, ES_ROOM's */
	s = (char *)(es->v + ntok);
	es->n = 0;
	for (tok = p; tok <= end; tok = p + 1) {
		if ((p = memchr(tok, '+', end - tok)) == NULL)
			p = end;
		len = p - tok;
		if (len == 3 && LOWER(tok[0]) == 'e' && tok[1] == '2' &&
		    LOWER(tok[2]) == 'u')
			ne2u++;
		else if (valid_enumservice(tok, len) &&
		    !(LOWER(tok[0]) == 'p' && tok[1] == '-')) {
			es->v[es->n++] = s;
			for (i = 0; i < len; i++)
				*s++ = LOWER(tok[i]);
			*s++ = '\0';
		}
	}
	if (ne2u != 1) {
		enumservices_free(es);
		return -1;
	}
	return 0;
}

/* Does Enumservice es fall under spec ("type" takes every subtype)? */
static int
spec_matches(const char *spec, const char *es)
{
	size_t len = strlen(spec);

	return strncmp(spec, es, len) == 0 &&
	    (es[len] == '\0' || es[len] == ':');
}

/* Registrations in the table's order: type, then subtype, as bytes. */
static int
reg_cmp(const void *key, const void *elem)
{
	const struct enumservice_reg *k = key, *e = elem;
	int c;

	if ((c = strcmp(k->type, e->type)) != 0)
		return c;
	return strcmp(k->subtype, e->subtype);
}

/* Copy a token of at most 32 bytes lowercase into buf[33]; 0 if longer. */
static int
lower_token(char *buf, const char *s, size_t len)
{
	size_t i;

	if (len > 32)
		return 0;
	for (i = 0; i < len; i++)
		buf[i] = LOWER(s[i]);
	buf[len] = '\0';
	return 1;
}

/*
 * The registration of the type and subtype of tlen and slen bytes, in
 * any case, or NULL.  The table is sorted (enumservices.awk refuses a
 * registry out of order): a binary search.
 */
static const struct enumservice_reg *
reg_search(const char *type, size_t tlen, const char *subtype, size_t slen)
{
	struct enumservice_reg key = { 0 };
	char t[33], st[33];

	if (!lower_token(t, type, tlen) || !lower_token(st, subtype, slen))
		return NULL;
	key.type = t;
	key.subtype = st;
	return bsearch(&key, enumservice_registry, enumservice_registry_len,
	    sizeof(enumservice_registry[0]), reg_cmp);
}

/*
 * The registration of type and subtype (NULL or "" for none), compared
 * without case, or NULL when IANA has none.
 */
const struct enumservice_reg *
enumservice_lookup(const char *type, const char *subtype)
{
	if (subtype == NULL)
		subtype = "";
	return reg_search(type, strlen(type), subtype, strlen(subtype));
}

/*
 * The registration of an Enumservice written "type" or "type:subtype",
 * as a services field and --service hold them, or NULL.
 */
const struct enumservice_reg *
enumservice_find(const char *es)
{
	const char *colon = strchr(es, ':');

	if (colon == NULL)
		return reg_search(es, strlen(es), "", 0);
	return reg_search(es, colon - es, colon + 1, strlen(colon + 1));
}

/*
 * Does registration reg allow a URI of the scheme of len bytes (without
 * the ':'; case does not matter, RFC 3986 3.1)?  An Enumservice that is
 * not registered (reg NULL) has no rule: every scheme.
 */
int
enumservice_allows(const struct enumservice_reg *reg, const char *scheme,
    size_t len)
{
	const char *p, *comma;
	size_t n;

	if (reg == NULL)
		return 1;
	for (p = reg->schemes;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n == len && strncasecmp(p, scheme, len) == 0)
			return 1;
		if (comma == NULL)
			return 0;
	}
}

/*
 * The Enumservices of a terminal record against the URI's scheme (RFC
 * 6117 5.2.4) and the filter.  With a filter, keep the Enumservices it
 * asks for whose registration allows the scheme; without one, keep all
 * and mark in r->mismatch those whose registration does not.  Returns
 * why nothing is kept, or NULL.
 */
static const char *
apply_filter(struct record *r, const struct filter *f)
{
	struct enumservices *es = &r->es;
	const char *scheme = r->result.p;
	size_t i, j, kept = 0, asked = 0, len;
	int allowed;

	len = (const char *)memchr(scheme, ':', r->result.len) - scheme;
	for (i = 0; i < es->n; i++) {
		allowed = enumservice_allows(enumservice_find(es->v[i]),
		    scheme, len);
		if (f->n == 0) {
			if (!allowed && r->mismatch == NULL)
				r->mismatch = xcalloc(es->n, 1);
			if (!allowed)
				r->mismatch[i] = 1;
			continue;
		}
		for (j = 0; j < f->n; j++)
			if (spec_matches(f->spec[j], es->v[i]))
				break;
		if (j < f->n)
			asked++;
		if (j < f->n && allowed)
			es->v[kept++] = es->v[i];
	}
	if (f->n == 0)
		return NULL;
	es->n = kept;
	if (kept > 0)
		return NULL;
	return asked > 0 ? "scheme-mismatch" : "filtered";
}

/*
 * An absolute URI (RFC 3986 3): scheme ":" and at least one more byte,
 * only bytes a URI may hold, so a URI is safe to print as it is.
 */
static int
is_absolute_uri(const struct bytes *u)
{
	/* RFC 3986 excluded bytes: '"' '<' '>' '\\' '^' '`' '{' '|' '}' */
	static const uint32_t excluded[4] = {
		0, 1u << ('"' - 32) | 1u << ('<' - 32) | 1u << ('>' - 32),
		1u << ('\\' - 64) | 1u << ('^' - 64),
		1u << ('`' - 96) | 1u << ('{' - 96) | 1u << ('|' - 96) |
		    1u << ('}' - 96)
	};
	unsigned char c;
	size_t i;

	if (u->len == 0 || !IS_ALPHA(u->p[0]))
		return 0;
	for (i = 1; i < u->len && u->p[i] != ':'; i++) {
		c = u->p[i];
		if (!IS_ALPHA(c) && !(c >= '0' && c <= '9') && c != '+' &&
		    c != '-' && c != '.')
			return 0;
	}
	if (i + 1 >= u->len)
		return 0;
	/* no space, control, non-ASCII or RFC 3986 excluded byte */
	for (; i < u->len; i++) {
		c = u->p[i];
		if (c <= 0x20 || c >= 0x7f ||
		    (excluded[c >> 5] >> (c & 31) & 1))
			return 0;
	}
	return 1;
}

/* A character-string copied into a record's block, NUL-terminated. */
static char *
put_field(struct bytes *b, char *at, const struct span *from)
{
	memcpy(at, from->p, from->len);
	at[from->len] = '\0';
	b->p = at;
	b->len = from->len;
	return at + from->len + 1;
}

/*
 * Fill in a record of owner from a reply's NAPTR; judging comes later.
 * Its strings share one allocation, r->mem.  ostr is NULL, or owner in
 * presentation form (dname_str's) already, to be copied.
 */
void
naptr_record_init(struct record *r, const struct dname *owner,
    const struct reply_naptr *n, const char *ostr)
{
	char *at;
	size_t olen;

	r->mem = xmalloc(ES_ROOM(n->services.len) + 4 * owner->len + 2 +
	    n->flags.len + 1 + n->services.len + 1 + n->regexp.len + 1 +
	    4 * n->replacement.len + 2);
	/* the Enumservices' room first, where their pointers align */
	at = r->mem + ES_ROOM(n->services.len);
	r->owner = at;
	if (ostr != NULL) {
		olen = strlen(ostr);
		memcpy(at, ostr, olen + 1);
		at += olen + 1;
	} else
		at += dname_put(at, owner->wire, owner->len) + 1;
	r->order = n->order;
	r->preference = n->preference;
	at = put_field(&r->flags, at, &n->flags);
	at = put_field(&r->services, at, &n->services);
	at = put_field(&r->regexp, at, &n->regexp);
	r->replacement = at;
	dname_put(at, n->replacement.wire, n->replacement.len);
	dname_set(&r->next, n->replacement.wire, n->replacement.len);
	r->has_next = n->replacement.len > 1;
	memset(&r->es, 0, sizeof(*r) - offsetof(struct record, es));
	r->es.v = (char **)r->mem;
	r->ttl = n->ttl;
	r->file = n->file;
	r->line = n->line;
	r->target_rcode = -1;
}

/* Release what a record holds. */
void
naptr_record_free(struct record *r)
{
	free(r->mem);
	enumservices_free(&r->es);
	free(r->mismatch);
	bytes_free(&r->result);
	free(r->why);
	if (r->tel != NULL)
		tel_free(r->tel);
	free(r->tel);
}

/*
 * Judge a record against ENUM's rules for the given AUS: sets r->terminal
 * and r->result (the URI, or the next name to query), or r->reason.
 * Non-terminal records are judged here only for their form; the lookup
 * decides whether to follow them.
 */
void
naptr_judge(struct record *r, const struct filter *f, struct ddds_cache *c,
    const char *aus)
{
	const char *why;

	if (r->flags.len == 0) {
		/* RFC 6116 5.2.1: services and regexp do not matter */
		if (!r->has_next)
			r->reason = "no-replacement";
		else
			bytes_set(&r->result, r->replacement,
			    strlen(r->replacement));
		return;
	}
	if (r->flags.len != 1 || tolower((unsigned char)r->flags.p[0]) != 'u') {
		r->reason = "unknown-flags";
		return;
	}
	r->terminal = 1;
	if (parse_services(&r->services, &r->es) == -1)
		r->reason = "not-e2u";
	else if (r->es.n == 0)
		r->reason = "no-enumservice";
	else if (r->has_next && r->regexp.len > 0)
		r->reason = "regexp-and-replacement";
	else if (r->regexp.len == 0)
		r->reason = "no-regexp";
	else if ((r->reason = ddds_rewrite(c, &r->regexp, aus,
	    &r->result, &why)) != NULL)
		r->why = why != NULL ? xstrdup(why) : NULL;
	else if (!is_absolute_uri(&r->result))
		r->reason = "not-a-uri";
	else if ((r->reason = apply_filter(r, f)) == NULL &&
	    strncasecmp(r->result.p, "tel:", 4) == 0) {
		/* its number and parameters; a bad one stays a URI */
		r->tel = xmalloc(sizeof(*r->tel));
		tel_parse(r->result.p, r->result.len, 0, r->tel);
	}
}

struct rank_key {
	uint16_t	order, preference;
	size_t		idx;
};

static int
rank_cmp(const void *a, const void *b)
{
	const struct rank_key *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->preference != y->preference)
		return x->preference < y->preference ? -1 : 1;
	/* equal pairs keep the order of the DNS answer */
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * Rank record indices by ORDER, then PREFERENCE, stable (RFC 3403 4.1).
 */
void
naptr_rank(const struct record *recs, size_t *idx, size_t n)
{
	struct rank_key small[16], *k = small, t;
	size_t i, j;

	for (i = 0; i < n && i < sizeof(small) / sizeof(small[0]); i++) {
		small[i].order = recs[idx[i]].order;
		small[i].preference = recs[idx[i]].preference;
		small[i].idx = idx[i];
	}
	/* a set rarely holds more than a few records: sorted in place */
	if (n <= sizeof(small) / sizeof(small[0])) {
		for (i = 1; i < n; i++) {
			t = small[i];
			for (j = i; j > 0 && rank_cmp(&small[j - 1], &t) > 0;
			    j--)
				small[j] = small[j - 1];
			small[j] = t;
		}
	} else {
		k = xreallocarray(NULL, n, sizeof(*k));
		for (i = 0; i < n; i++) {
			k[i].order = recs[idx[i]].order;
			k[i].preference = recs[idx[i]].preference;
			k[i].idx = idx[i];
		}
		qsort(k, n, sizeof(*k), rank_cmp);
	}
	for (i = 0; i < n; i++)
		idx[i] = k[i].idx;
	if (k != small)
		free(k);
}

/*
 * Is the len bytes at s a well-formed Enumservice, type 0*(":" subtype)
 * (RFC 6116 3.4.3)?  For --lint, which names the ones that are not.
 */
int
naptr_enumservice_valid(const char *s, size_t len)
{
	return valid_enumservice(s, len);
}

/*
 * Was the record discarded, a fault in it or in its chain (a bad rule,
 * a target that gives no URI, a loop, ...)?  A record that does not apply
 * is not: its rule does not match the number (no-match), it belongs to
 * another application (not-e2u, unknown-flags), or --service left it out
 * (filtered).
 */
int
naptr_discarded(const struct record *r)
{
	static const char *const not_applying[] = {
		"no-match", "not-e2u", "unknown-flags", "filtered"
	};
	size_t i;

	if (r->reason == NULL)
		return 0;
	for (i = 0; i < sizeof(not_applying) / sizeof(not_applying[0]); i++)
		if (strcmp(r->reason, not_applying[i]) == 0)
			return 0;
	return 1;
}
