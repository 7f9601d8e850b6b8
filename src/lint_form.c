/* SPDX-License-Identifier: ISC */
/* enumq: --lint's checks of a record's own fields: services, regexp, bytes. */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "enumq.h"
#include "lint.h"

#define BACKREF_PORTABLE 5	/* \1 to \5: what every client fills in */

/*
 * Bytes as a zone file's character-string writes them (RFC 1035 5.1):
 * '"' and '\' escaped, every byte outside printable ASCII as \DDD.
 */
void
lint_sb_esc(struct sbuf *b, const char *s, size_t len)
{
	char d[5];
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			d[0] = '\\';
			d[1] = c;
			sb_put(b, d, 2);
		} else if (c >= 0x20 && c < 0x7f)
			sb_put(b, (const char *)&c, 1);
		else {
			snprintf(d, sizeof(d), "\\%03u", c);
			sb_put(b, d, 4);
		}
	}
}

/*
 * Does a regexp's ERE begin with an unescaped '+' (after '^' and any
 * '('), as RFC 2916's example did?  An invalid ERE (RFC 5483 2.4).
 */
int
lint_unescaped_plus(const struct bytes *re)
{
	size_t i = 1;

	if (re->len < 2)
		return 0;
	if (i < re->len && re->p[i] == '^')
		i++;
	while (i < re->len && re->p[i] == '(')
		i++;
	return i < re->len && re->p[i] == '+';
}

/*
 * Records whose fields (and URI scheme) gave no finding: zones repeat
 * their records, but for the number, and the registry is searched once
 * for each.  A key is the flags, services and regexp fields and the
 * scheme, each after its length.
 */
#define CLEAN_SLOTS	64	/* a power of two */
#define CLEAN_KEY_MAX	(4 * 256)
struct lint_cache {
	struct bytes	 slot[CLEAN_SLOTS];
};

static size_t
clean_put(char *buf, size_t at, const char *p, size_t len)
{
	buf[at] = (char)len;
	if (len > 0)
		memcpy(buf + at + 1, p, len);
	return at + 1 + len;
}

/* The key of a record's fields and scheme, in buf; its length, or 0. */
static size_t
clean_key(const struct record *r, size_t scheme, char *buf)
{
	size_t at;

	/* the fields are character-strings: 255 bytes at most */
	if (scheme > 255 || r->flags.len > 255 || r->services.len > 255 ||
	    r->regexp.len > 255)
		return 0;
	at = clean_put(buf, 0, r->flags.p, r->flags.len);
	at = clean_put(buf, at, r->services.p, r->services.len);
	at = clean_put(buf, at, r->regexp.p, r->regexp.len);
	return clean_put(buf, at, r->result.p, scheme);
}

/* The registered Enumservice's schemes, "sip, sips", in a new string. */
static char *
schemes_str(const struct enumservice_reg *reg)
{
	struct sbuf b = { 0 };
	const char *p;

	for (p = reg->schemes; *p != '\0'; p++)
		if (*p == ',')
			sb_put(&b, ", ", 2);
		else
			sb_put(&b, p, 1);
	return b.p != NULL ? b.p : xstrdup("");
}

/* RFC 6117 5.2.4: the URI's scheme is one each Enumservice allows. */
static void
check_schemes(struct lint_ctx *c, size_t scheme)
{
	const struct record *r = c->r;
	const struct enumservice_reg *reg;
	char *allowed;
	size_t i;

	for (i = 0; i < r->es.n; i++) {
		reg = enumservice_find(r->es.v[i]);
		if (enumservice_allows(reg, r->result.p, scheme))
			continue;
		allowed = schemes_str(reg);
		lint_finding(c, SEV_ERROR, "scheme-mismatch", "RFC 6117 5.2.4",
		    r->es.v[i], "the URI's scheme %.*s: is not one %s allows "
		    "(%s)", (int)scheme, r->result.p, r->es.v[i], allowed);
		free(allowed);
	}
}

/* An Enumservice of the services field: well-formed and registered? */
static void
check_token(struct lint_ctx *c, const char *tok, size_t len)
{
	struct sbuf b = { 0 };
	char es[2 * 33 + 1];
	size_t i;

	lint_sb_esc(&b, tok, len);
	if (len == 0 || !naptr_enumservice_valid(tok, len))
		lint_finding(c, SEV_WARNING, "unregistered-service",
		    "RFC 6116 3.4.3", b.p != NULL ? b.p : "", "\"%s\" is not "
		    "an Enumservice (type or type:subtype of letters, digits "
		    "and '-'): clients ignore it", b.p != NULL ? b.p : "");
	else if (strncasecmp(tok, "P-", 2) == 0)
		lint_finding(c, SEV_NOTE, "unregistered-service",
		    "RFC 6116 3.4.3.1", b.p, "\"%s\" is a private "
		    "Enumservice: clients that do not know it ignore it", b.p);
	else {
		/* a well-formed one with a subtype or not fits in es */
		for (i = 0; i < len && i < sizeof(es) - 1; i++)
			es[i] = tolower((unsigned char)tok[i]);
		es[i] = '\0';
		if (len >= sizeof(es) || enumservice_find(es) == NULL)
			lint_finding(c, SEV_WARNING, "unregistered-service",
			    "RFC 6117 2", b.p, "\"%s\" is not in IANA's "
			    "Enumservice registry: clients do not know it",
			    b.p);
	}
	free(b.p);
}

/* The services field: its tokens, their order, how many. */
static void
check_services(struct lint_ctx *c)
{
	const struct record *r = c->r;
	const char *p = r->services.p, *end = p + r->services.len, *tok;
	struct sbuf fix = { 0 }, field = { 0 };
	size_t ntok = 0, nes = 0, e2u = 0;

	for (tok = p; tok <= end; tok = p + 1, ntok++) {
		if ((p = memchr(tok, '+', end - tok)) == NULL)
			p = end;
		if (p - tok == 3 && strncasecmp(tok, "E2U", 3) == 0) {
			e2u = ntok;
			continue;
		}
		nes++;
		check_token(c, tok, p - tok);
		sb_put(&fix, "+", 1);
		lint_sb_esc(&fix, tok, p - tok);
	}
	if (e2u > 0) {
		lint_sb_esc(&field, r->services.p, r->services.len);
		lint_finding(c, SEV_WARNING, "legacy-syntax", "RFC 5483 6.1",
		    "", "\"%s\" is RFC 2916's order, which zones must no "
		    "longer hold: write \"E2U%s\"", field.p, fix.p != NULL ?
		    fix.p : "");
	}
	if (nes > 1)
		lint_finding(c, SEV_WARNING, "portability", "RFC 5483 3.1",
		    "compound", "%zu Enumservices in one record: clients that "
		    "take one a record discard it; one record each is safer",
		    nes);
	free(fix.p);
	free(field.p);
}

/*
 * The regexp's parts as RFC 3402 3.2 splits them, for the checks the
 * rewrite does not make: its delimiter, its flags, its backreferences.
 * Returns -1 when it does not split (bad-delimiters says so).
 */
static int
check_regexp(struct lint_ctx *c)
{
	const struct bytes *re = &c->r->regexp;
	const char *p = re->p, *end = re->p + re->len;
	char delim, high = '\0';
	int part = 0;

	if (re->len < 3)
		return -1;
	delim = *p++;
	if ((delim >= '1' && delim <= '9') || delim == 'i' || delim == '\\')
		return -1;
	for (; p < end && part < 2; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			if (part == 1 && *p != delim && *p <= '9' &&
			    *p > '0' + BACKREF_PORTABLE && *p > high)
				high = *p;
		} else if (*p == delim)
			part++;
	}
	if (part < 2 || memchr(p, delim, end - p) != NULL)
		return -1;
	if (lint_unescaped_plus(re))
		lint_finding(c, SEV_ERROR, "unescaped-plus", "RFC 5483 2.4", "",
		    "the ERE begins with an unescaped '+', which repeats "
		    "nothing: escape it (\\\\+ in a zone file)");
	if (end - p == 1 && *p == 'i')
		lint_finding(c, SEV_WARNING, "i-flag", "RFC 5483 2.2", "",
		    "the \"i\" flag after the regexp means nothing for a "
		    "number and should not be provisioned");
	if (delim != '!')
		lint_finding(c, SEV_WARNING, "portability", "RFC 5483 2.3",
		    "delimiter", isgraph((unsigned char)delim) ? "the "
		    "delimiter '%c' is not '!': clients hardwired to '!' "
		    "discard the record" : "the delimiter \\%03u is not '!': "
		    "clients hardwired to '!' discard the record",
		    (unsigned char)delim);
	if (high != '\0')
		lint_finding(c, SEV_WARNING, "portability", "RFC 5483 7",
		    "backref", "backreference \\%c: clients that keep only "
		    "\\1 to \\%d fill in nothing", high, BACKREF_PORTABLE);
	return 0;
}

/* Spaces and bytes outside printable ASCII in a field. */
static void
check_bytes(struct lint_ctx *c, const struct bytes *b, const char *field)
{
	size_t i;
	int space = 0, other = 0;

	for (i = 0; i < b->len; i++) {
		if (b->p[i] == ' ')
			space = 1;
		else if ((unsigned char)b->p[i] < 0x20 ||
		    (unsigned char)b->p[i] >= 0x7f)
			other = 1;
	}
	if (space)
		lint_finding(c, SEV_WARNING, "portability", "RFC 5483 3.1",
		    field, "a space in the %s field: clients that split a "
		    "record's text at spaces misread it", field);
	if (other)
		lint_finding(c, SEV_WARNING, "portability", "RFC 5483 7", field,
		    "a byte outside printable ASCII in the %s field: clients "
		    "that take only printable ASCII discard the record", field);
}

/* The checks of a record's fields that need no other record. */
void
lint_check_form(struct lint_ctx *c)
{
	struct lint_findings *lf = c->lf;
	const struct record *r = c->r;
	char key[CLEAN_KEY_MAX];
	size_t scheme = 0, klen, at, before = lf->n;

	if (r->flags.len == 0) {
		lint_finding(c, SEV_WARNING, "portability", "RFC 5483 7",
		    "non-terminal", "a non-terminal record: clients that "
		    "follow none discard it");
		return;
	}
	/* another flag, or another DDDS application's record: no more */
	if (!r->terminal || (r->reason != NULL &&
	    strcmp(r->reason, "not-e2u") == 0))
		return;
	if (r->reason == NULL && r->result.p != NULL && c->kind != LINT_NAME)
		scheme = (const char *)memchr(r->result.p, ':',
		    r->result.len) - r->result.p;
	/* a record's fields found clean are clean again */
	if (lf->cache == NULL)
		lf->cache = xcalloc(1, sizeof(*lf->cache));
	klen = clean_key(r, scheme, key);
	at = util_hash(key, klen) & (CLEAN_SLOTS - 1);
	if (klen > 0 && lf->cache->slot[at].len == klen &&
	    memcmp(lf->cache->slot[at].p, key, klen) == 0)
		return;
	if (r->flags.p[0] == 'U')
		lint_finding(c, SEV_WARNING, "portability", "RFC 6116 3.6",
		    "flags", "flags \"U\": clients that compare the flags "
		    "with \"u\" byte for byte discard the record");
	check_bytes(c, &r->flags, "flags");
	check_bytes(c, &r->services, "services");
	check_bytes(c, &r->regexp, "regexp");
	if (r->regexp.len > 0)
		check_regexp(c);
	if (scheme > 0)
		check_schemes(c, scheme);
	check_services(c);
	if (klen > 0 && lf->n == before) {
		bytes_free(&lf->cache->slot[at]);
		bytes_set(&lf->cache->slot[at], key, klen);
	}
}

/* Release a cache of clean records; accepts NULL. */
void
lint_cache_free(struct lint_cache *cache)
{
	size_t i;

	if (cache == NULL)
		return;
	for (i = 0; i < CLEAN_SLOTS; i++)
		bytes_free(&cache->slot[i]);
	free(cache);
}
