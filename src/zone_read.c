/* SPDX-License-Identifier: ISC */
/*
 * enumq: reading one master-format zone file with ldns, in pieces parsed
 * at once on several cores when the file is large.
 *
 * ldns parses some 25 MB of zone text a second on one core, which made
 * loading the zone most of a zone-file run.  A large file is cut at line
 * starts; ldns parses the pieces on as many threads, each piece after the
 * first starting from the state ($ORIGIN, $TTL) that a short first piece
 * ends in.  That guess is checked, never trusted: every piece but the
 * last is parsed with three probe records after it, and how ldns reads
 * them shows the state the piece ended in: the origin (their relative
 * owner), the default TTL and that it came from $TTL (an implicit TTL
 * after an explicit one), and that the piece ended between records (a
 * probe swallowed by an open parenthesis, quote or escaped newline does
 * not come out as a record of its own).  On any doubt or error the file
 * is parsed again in one piece, so records and error messages are
 * exactly what ldns_zone_new_frm_fp_l gives.
 */

#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "enumq.h"

#define PIECE_MIN	(256 * 1024)	/* files under two of these: one piece */
#define PIECES_MAX	16
#define HEAD_LEN	4096		/* the first piece: sets the state guess */
#define PROBE_TTL	2147483646u	/* the probe's explicit TTL */
#define PROBE_LABEL	"enumq-probe"
#define PROBE_TYPE	65533		/* TYPE65533..65531: private use */

static const char probe[] =
    PROBE_LABEL " TYPE65533 \\# 0\n"
    PROBE_LABEL " 2147483646 TYPE65532 \\# 0\n"
    PROBE_LABEL " TYPE65531 \\# 0\n";

struct piece {
	char		*text;		/* "$TTL n" line, the file's bytes, probe */
	size_t		 len;
	const ldns_rdf	*origin;	/* NULL for the first piece */
	uint32_t	 ttl;
	ldns_zone	*z;
	ldns_status	 st;
};

static void *
parse_piece(void *arg)
{
	struct piece *p = arg;
	FILE *fp;
	int line = 0;

	p->st = LDNS_STATUS_MEM_ERR;
	if ((fp = fmemopen(p->text, p->len, "r")) == NULL)
		return NULL;
	/* ldns reads a byte a getc(): once threads exist, a lock a byte */
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	p->st = ldns_zone_new_frm_fp_l(&p->z, fp, p->origin, p->ttl,
	    LDNS_RR_CLASS_IN, &line);
	fclose(fp);
	return NULL;
}

/*
 * Where the pieces start: cut[1] the first line start at or after
 * HEAD_LEN, cut[2..n] spread evenly over the rest; len for any there is
 * no room for.  A piece starts on a line that begins with an owner name
 * (so it needs no previous owner) and that is outside parentheses, quotes
 * and escaped newlines, as one pass from the start of the file tells: a
 * piece that began inside a record would only be refused by the probes
 * after ldns had failed on it, and ldns 1.8.3 leaks the records it read
 * before an error.
 */
static void
choose_cuts(const char *buf, size_t len, size_t *cut, size_t n)
{
	const char *nl;
	size_t i = 1, pos = 0, target = HEAD_LEN;
	int depth = 0, quoted = 0;

	while (pos < len && i <= n) {
		switch (buf[pos++]) {
		case '\\':
			pos++;		/* the byte after, a newline too, is escaped */
			break;
		case '"':
			quoted = !quoted;
			break;
		case ';':
			if (!quoted) {	/* a comment, to the end of the line */
				nl = memchr(buf + pos, '\n', len - pos);
				pos = nl != NULL ? (size_t)(nl - buf) : len;
			}
			break;
		case '(':
			depth += !quoted;
			break;
		case ')':
			depth -= !quoted && depth > 0;
			break;
		case '\n':
			if (quoted || depth > 0 || pos < target || pos >= len ||
			    strchr(" \t\r\n;$()\"", buf[pos]) != NULL)
				break;
			cut[i++] = pos;
			target = cut[1] + (len - cut[1]) / n * (i - 1);
			break;
		}
	}
	for (; i <= n; i++)
		cut[i] = len;
}

/*
 * Take a piece's three probe records off its end and set the state they
 * show: *origin (new) and *ttl.  False when they are not as written, or
 * the piece holds no record of its own.
 */
static bool
probe_state(ldns_zone *z, ldns_rdf **origin, uint32_t *ttl)
{
	ldns_rr_list *rrs = ldns_zone_rrs(z);
	ldns_rr *rr[3];
	const uint8_t *o;
	bool ok;
	int i;

	if (ldns_rr_list_rr_count(rrs) < 4)
		return false;
	for (i = 2; i >= 0; i--)
		rr[i] = ldns_rr_list_pop_rr(rrs);
	o = ldns_rdf_data(ldns_rr_owner(rr[0]));
	ok = ldns_rdf_size(ldns_rr_owner(rr[0])) >= 1 + sizeof(PROBE_LABEL) &&
	    o[0] == sizeof(PROBE_LABEL) - 1 &&
	    memcmp(o + 1, PROBE_LABEL, sizeof(PROBE_LABEL) - 1) == 0 &&
	    o[ldns_rdf_size(ldns_rr_owner(rr[0])) - 1] == 0;
	for (i = 0; i < 3; i++)
		ok = ok &&
		    ldns_rr_get_type(rr[i]) == (ldns_rr_type)(PROBE_TYPE - i) &&
		    ldns_rdf_compare(ldns_rr_owner(rr[i]),
		    ldns_rr_owner(rr[0])) == 0;
	/*
	 * The first probe could take the TTL of a record of its own type
	 * and owner right before it; the third shows whether the second's
	 * explicit TTL became the default (no $TTL yet).
	 */
	ok = ok && ldns_rr_ttl(rr[1]) == PROBE_TTL &&
	    ldns_rr_ttl(rr[0]) == ldns_rr_ttl(rr[2]) &&
	    ldns_rr_ttl(rr[2]) != PROBE_TTL &&
	    ldns_rr_get_type(ldns_rr_list_rr(rrs,
	    ldns_rr_list_rr_count(rrs) - 1)) != PROBE_TYPE;
	if (ok) {
		*origin = ldns_dname_left_chop(ldns_rr_owner(rr[0]));
		*ttl = ldns_rr_ttl(rr[0]);
		ok = *origin != NULL;
	}
	for (i = 0; i < 3; i++)
		ldns_rr_free(rr[i]);
	return ok;
}

/*
 * Whether two pieces join as ldns would have read them in one: an
 * RRset across the cut would have taken its first record's TTL.
 */
static bool
joins(const ldns_zone *before, const ldns_zone *after)
{
	const ldns_rr_list *a = ldns_zone_rrs(before), *b = ldns_zone_rrs(after);
	const ldns_rr *last, *first;

	if (ldns_rr_list_rr_count(a) == 0 || ldns_rr_list_rr_count(b) == 0 ||
	    ldns_zone_soa(after) != NULL)
		return false;
	last = ldns_rr_list_rr(a, ldns_rr_list_rr_count(a) - 1);
	first = ldns_rr_list_rr(b, 0);
	return ldns_rr_get_type(last) != ldns_rr_get_type(first) ||
	    ldns_dname_compare(ldns_rr_owner(last), ldns_rr_owner(first)) != 0 ||
	    ldns_rr_ttl(last) == ldns_rr_ttl(first);
}

static char *
piece_text(const char *head, const char *buf, size_t len, const char *tail,
    size_t *outlen)
{
	size_t hl = strlen(head), tl = strlen(tail);
	char *t = xmalloc(hl + len + tl + 1);

	memcpy(t, head, hl);
	memcpy(t + hl, buf, len);
	memcpy(t + hl + len, tail, tl + 1);
	*outlen = hl + len + tl;
	return t;
}

/*
 * Parse buf in n + 1 pieces, cut at cut[0..n] (cut[0] == 0, cut[n+1] ==
 * len); NULL when the pieces cannot be trusted to read as one.
 */
static ldns_zone *
parse_pieces(const char *buf, size_t len, size_t *cut, size_t n)
{
	struct piece p[PIECES_MAX + 1];
	ldns_rdf *origin = NULL, *o = NULL;
	ldns_zone *z = NULL;
	char head[32];
	uint32_t ttl, t;
	bool ok;
	size_t i;

	memset(p, 0, sizeof(p));
	/* the first piece alone: the state the others start from */
	p[0].text = piece_text("", buf, cut[1], probe, &p[0].len);
	p[0].ttl = 3600;
	parse_piece(&p[0]);
	ok = p[0].st == LDNS_STATUS_OK && probe_state(p[0].z, &origin, &ttl);
	if (ok) {
		snprintf(head, sizeof(head), "$TTL %u\n", ttl);
		for (i = 1; i <= n; i++) {
			p[i].text = piece_text(head, buf + cut[i],
			    cut[i + 1] - cut[i], i < n ? probe : "", &p[i].len);
			p[i].origin = origin;
			p[i].ttl = ttl;
		}
		run_parallel(parse_piece, &p[1], n, sizeof(p[0]));
	}
	for (i = 1; ok && i <= n; i++) {
		ok = p[i].st == LDNS_STATUS_OK;
		if (ok && i < n) {
			ok = probe_state(p[i].z, &o, &t) && t == ttl &&
			    ldns_rdf_compare(o, origin) == 0;
			ldns_rdf_deep_free(o);
			o = NULL;
		}
		ok = ok && joins(p[i - 1].z, p[i].z);
	}
	if (ok) {
		z = p[0].z;
		p[0].z = NULL;
		for (i = 1; i <= n; i++)
			ldns_rr_list_push_rr_list(ldns_zone_rrs(z),
			    ldns_zone_rrs(p[i].z));
	}
	for (i = 0; i <= n; i++) {
		if (z != NULL && p[i].z != NULL)
			ldns_zone_free(p[i].z);		/* its RRs moved to z */
		else if (p[i].z != NULL)
			ldns_zone_deep_free(p[i].z);
		free(p[i].text);
	}
	ldns_rdf_deep_free(origin);
	return z;
}

/* The whole of an open file, or NULL (errno set). */
static char *
slurp(FILE *fp, size_t *len)
{
	size_t cap = 1 << 20, n = 0, r;
	char *buf = xmalloc(cap);

	while ((r = fread(buf + n, 1, cap - n, fp)) > 0)
		if ((n += r) == cap)
			buf = xreallocarray(buf, cap *= 2, 1);
	if (ferror(fp)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/*
 * Read a master-format zone file into *zp, as ldns_zone_new_frm_fp_l
 * does with no origin and a default TTL of 3600 (the file holds its own
 * $ORIGIN or SOA), and set *pieces to the pieces it was parsed in.
 * Returns NULL, or a new message that names the file.
 */
char *
zone_read(const char *file, ldns_zone **zp, size_t *pieces)
{
	size_t cut[PIECES_MAX + 2], len, n, i;
	struct stat sb;
	ldns_status st;
	char *buf = NULL;
	FILE *fp;
	int line = 0, e;

	*zp = NULL;
	*pieces = 1;
	if ((fp = fopen(file, "r")) == NULL)
		return xasprintf("%s: %s", file, strerror(errno));
	n = cpus_usable();
	if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && n > 1 &&
	    sb.st_size >= 2 * PIECE_MIN) {
		if ((buf = slurp(fp, &len)) == NULL) {
			e = errno;
			fclose(fp);
			return xasprintf("%s: %s", file, strerror(e));
		}
		fclose(fp);
		/*
		 * A short first piece, then three pieces a CPU, a thread each:
		 * a CPU slowed by other work leaves its share to the others.
		 */
		n *= 3;
		if (n > PIECES_MAX)
			n = PIECES_MAX;
		if (n > len / PIECE_MIN)
			n = len / PIECE_MIN;
		cut[0] = 0;
		choose_cuts(buf, len, cut, n);
		cut[n + 1] = len;
		for (i = 1; i <= n && cut[i] < cut[i + 1]; i++)
			;
		/*
		 * A directive after the first piece changes the state the
		 * pieces start from: the probes would refuse them after all
		 * the work, so do not start.
		 */
		if (n >= 2 && i > n &&
		    memmem(buf + cut[1] - 1, len - cut[1] + 1, "\n$", 2) == NULL &&
		    (*zp = parse_pieces(buf, len, cut, n)) != NULL) {
			*pieces = n + 1;
			free(buf);
			return NULL;
		}
		/* in one piece, as ldns reads it, for its records or its error */
		if ((fp = fmemopen(buf, len, "r")) == NULL) {
			free(buf);
			return xasprintf("%s: %s", file, strerror(errno));
		}
	}
	st = ldns_zone_new_frm_fp_l(zp, fp, NULL, 3600, LDNS_RR_CLASS_IN, &line);
	fclose(fp);
	free(buf);
	if (st != LDNS_STATUS_OK) {
		*zp = NULL;
		return xasprintf("%s:%d: %s", file, line,
		    ldns_get_errorstr_by_id(st));
	}
	return NULL;
}
