/* SPDX-License-Identifier: ISC */
/*
 * enumq: reading one master-format zone file, in pieces read at once on
 * several cores when the file is large.
 *
 * ldns's zone reader (ldns_zone_new_frm_fp_l) takes its lines a getc()
 * at a time, with a 10 kB line buffer allocated a record: more than half
 * of its time, measured, went there and not into the records themselves
 * (ldns_rr_new_frm_str).  A large file is cut at record starts.  The
 * first piece, which holds the directives and the SOA, goes through
 * ldns's zone reader with three probe records after it, and how ldns
 * reads them shows the state the piece ended in: the origin (their
 * relative owner), the default TTL and that it came from $TTL (an
 * implicit TTL after an explicit one), and that the piece ended between
 * records.  The other pieces are read on a thread each by read_piece,
 * which cuts the records out of the text by the rules of ldns 1.8.3's
 * zone reader (cut_line, ttl_stated, inherit_ttl) and has ldns parse
 * each.  It reads records only: a directive, an SOA, a record ldns
 * refuses or a piece that ends inside a record sends the whole file back
 * to ldns's zone reader in one piece, so that records and error messages
 * are exactly what ldns_zone_new_frm_fp_l gives.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dns.h"

#define PIECE_MIN	(256 * 1024)	/* files under two of these: one piece */
#define PIECES_MAX	16
#define HEAD_LEN	4096		/* the first piece: sets the state */
#define PROBE_TTL	2147483646u	/* the probe's explicit TTL */
#define PROBE_LABEL	"enumq-probe"
#define PROBE_TYPE	65533		/* TYPE65533..65531: private use */

static const char probe[] =
    PROBE_LABEL " TYPE65533 \\# 0\n"
    PROBE_LABEL " 2147483646 TYPE65532 \\# 0\n"
    PROBE_LABEL " TYPE65531 \\# 0\n";

/* A piece after the first, and the records read from it. */
struct piece {
	const char	*text;
	size_t		 len;
	bool		 last;		/* the end of the file ends its last line */
	const ldns_rdf	*origin;
	uint32_t	 ttl;		/* the default TTL, from $TTL */
	ldns_rr_list	*rrs;		/* NULL: not read */
};

enum cut {
	CUT_LINE,	/* a line, ended by a line end */
	CUT_END,	/* a line, ended by the end of the text */
	CUT_NONE,	/* nothing before the end of the text */
	CUT_ODD		/* an unmatched ')': ldns drops the byte after it */
};

/*
 * The bytes that mean more than themselves in a zone file's text: what
 * cut_line does more with than copy, and (a subset) what choose_cuts
 * looks at.
 */
static const bool zone_special[256] = {
	['\0'] = 1, ['\n'] = 1, ['\f'] = 1, ['\v'] = 1, ['\r'] = 1,
	['('] = 1, [')'] = 1, [';'] = 1, ['"'] = 1, ['\\'] = 1
};

/* Past the bytes that ldns skips after a line end (ldns_fskipcs_l). */
static size_t
skip_line_ends(const char *text, size_t len, size_t at)
{
	while (at < len && (text[at] == '\f' || text[at] == '\n' ||
	    text[at] == '\r' || text[at] == '\v'))
		at++;
	return at;
}

/*
 * Cut the next line out of text[*pos..len) into line (room for len -
 * *pos + 1 bytes), as ldns 1.8.3's zone reader does it
 * (ldns_fget_token_l_st with LDNS_PARSE_SKIP_SPACE, then
 * ldns_fskipcs_l): comments dropped, the line ends inside parentheses
 * made spaces and the parentheses dropped, CRs made spaces, NULs dropped;
 * a line end after a backslash does not end the line, and the blank
 * lines after a line are skipped.
 */
static enum cut
cut_line(const char *text, size_t len, size_t *pos, char *line)
{
	char *t = line;
	size_t at = *pos, n = 0;	/* n: bytes of the line, as ldns counts */
	int c, prev = 0, depth = 0, com = 0, quoted = 0;

	while (at < len) {
		c = (unsigned char)text[at++];
		if (!zone_special[c]) {
			if (depth < 0)
				return CUT_ODD;
			if (!com) {
				*t++ = (char)c;
				n++;
			}
			prev = c;
			continue;
		}
		if (c == '\r')
			c = ' ';
		if ((c == '(' || c == ')') && prev != '\\' && !quoted) {
			if (!com)
				depth += c == '(' ? 1 : -1;
			prev = c;
			continue;
		}
		if (depth < 0)
			return CUT_ODD;
		if (c == ';' && !quoted && prev != '\\')
			com = 1;
		if (c == '"' && !com && prev != '\\')
			quoted = !quoted;
		if (c == '\n' && com) {
			com = 0;
			if (depth == 0 && n > 0)
				goto end;
		} else if (com) {
			;
		} else if (c == '\n' && depth > 0 && t > line) {
			*t++ = ' ';
		} else if ((c == '\n' || c == '\f' || c == '\v') && n > 0 &&
		    prev != '\\' && depth == 0) {
			goto end;
		} else if (c != '\0' && c != '\n') {
			*t++ = (char)c;
			n++;
		}
		prev = c == '\\' && prev == '\\' ? 0 : c;
	}
	*t = '\0';
	*pos = at;
	return n > 0 ? CUT_END : CUT_NONE;
end:
	*t = '\0';
	*pos = skip_line_ends(text, len, at);
	return CUT_LINE;
}

/* ldns_strip_ws of ldns 1.8.3: the line without the blanks around it. */
static char *
strip_ws(char *line)
{
	char *s, *e;

	for (s = line; *s != '\0' && isspace((unsigned char)*s); s++)
		;
	for (e = strchr(s, '\0'); e > s + 2 && isspace((unsigned char)e[-1]) &&
	    e[-2] != '\\'; e--)
		;
	*e = '\0';
	return s;
}

/*
 * Whether a record's line states its TTL, as ldns_rr_new_frm_str decides:
 * its second token (after the owner, or after nothing when the line
 * starts with a blank) is empty or starts with a digit.  -1 when a
 * parenthesis, quote or comment comes before that token's first byte.
 */
static int
ttl_stated(const char *line)
{
	const char *s;
	int prev = 0;

	for (s = line; *s != '\0'; s++) {
		if (*s == '(' || *s == ')' || *s == ';' || *s == '"')
			return -1;
		if ((*s == ' ' || *s == '\t') && prev != '\\')
			break;
		prev = *s == '\\' && prev == '\\' ? 0 : *s;
	}
	s += strspn(s, " \t");
	if (*s != '\0' && strchr("();\"", *s) != NULL)
		return -1;
	return *s == '\0' || isdigit((unsigned char)*s);
}

/*
 * The TTL of a record that states none, after a $TTL, as ldns's zone
 * reader sets it: a SIG's or RRSIG's from its original TTL field, else
 * the TTL of the record before when it is of the same RRset.
 */
static void
inherit_ttl(ldns_rr *rr, const ldns_rr *before)
{
	ldns_rr_type type = ldns_rr_get_type(rr);

	if (type == LDNS_RR_TYPE_SIG || type == LDNS_RR_TYPE_RRSIG) {
		if (ldns_rr_rd_count(rr) >= 4 &&
		    ldns_rdf_get_type(ldns_rr_rdf(rr, 3)) == LDNS_RDF_TYPE_INT32)
			ldns_rr_set_ttl(rr,
			    ldns_rdf2native_int32(ldns_rr_rdf(rr, 3)));
	} else if (before != NULL && ldns_rr_get_type(before) == type &&
	    ldns_dname_compare(ldns_rr_owner(before), ldns_rr_owner(rr)) == 0)
		ldns_rr_set_ttl(rr, ldns_rr_ttl(before));
}

/*
 * Read a piece's records into p->rrs, as ldns's zone reader would read
 * them after the state the first piece ended in; p->rrs stays NULL when
 * the piece holds what read_piece leaves to ldns (see the top).
 */
static void *
read_piece(void *arg)
{
	struct piece *p = arg;
	ldns_rr_list *rrs = ldns_rr_list_new();
	ldns_rdf *prev = ldns_rdf_clone(p->origin);
	ldns_rr *rr, *before = NULL;
	char *line = xmalloc(p->len + 1);
	size_t pos;
	enum cut cut;
	int stated;
	bool ok = rrs != NULL && prev != NULL;

	/* a piece follows a line end */
	pos = skip_line_ends(p->text, p->len, 0);

	while (ok && pos < p->len &&
	    (cut = cut_line(p->text, p->len, &pos, line)) != CUT_NONE) {
		ok = (cut == CUT_LINE || (cut == CUT_END && p->last)) &&
		    line[0] != '$';
		/* a blank line: after a $TTL, ldns makes nothing of it */
		if (!ok || *strip_ws(line) == '\0')
			continue;
		ok = (stated = ttl_stated(line)) >= 0 &&
		    ldns_rr_new_frm_str(&rr, line, p->ttl, p->origin, &prev) ==
		    LDNS_STATUS_OK;
		if (!ok)
			break;
		if (!stated)
			inherit_ttl(rr, before);
		ok = ldns_rr_get_type(rr) != LDNS_RR_TYPE_SOA &&
		    ldns_rr_list_push_rr(rrs, rr);
		if (!ok)
			ldns_rr_free(rr);
		before = rr;
	}
	if (!ok) {
		ldns_rr_list_deep_free(rrs);
		rrs = NULL;
	}
	p->rrs = rrs;
	ldns_rdf_deep_free(prev);
	free(line);
	return NULL;
}

/*
 * The records of text read as the rest of a zone file after a $TTL of
 * ttl, with origin; NULL when read_piece leaves it to ldns's zone reader.
 * For fuzz/zone_fuzzer.c, which holds the result against that reader.
 */
ldns_rr_list *
zone_read_rest(const char *text, size_t len, const ldns_rdf *origin,
    uint32_t ttl)
{
	struct piece p = { text, len, true, origin, ttl, NULL };

	read_piece(&p);
	return p.rrs;
}

/* The length of the owner name that starts a line at buf[pos]. */
static size_t
owner_len(const char *buf, size_t len, size_t pos)
{
	size_t n = 0;

	while (pos + n < len && buf[pos + n] != ' ' && buf[pos + n] != '\t' &&
	    buf[pos + n] != '\n' && buf[pos + n] != '\r')
		n++;
	return n;
}

/*
 * Where the pieces start: cut[1] the first line start at or after
 * HEAD_LEN, cut[2..n] spread evenly over the rest; len for any there is
 * no room for.  A piece starts on a line that begins with an owner name
 * (so it needs no previous owner) other than the last one written (so
 * that no RRset is cut, whose records after the cut might take the TTL
 * of the one before) and that is outside parentheses, quotes and escaped
 * newlines, as one pass from the start of the file tells.  read_piece and
 * joins would notice a piece that starts inside a record or an RRset, but
 * only after all the work.
 */
static void
choose_cuts(const char *buf, size_t len, size_t *cut, size_t n)
{
	const char *nl;
	size_t i = 1, pos = 0, target = HEAD_LEN, owner = 0, olen = 0, l;
	int depth = 0, quoted = 0;

	while (pos < len && i <= n) {
		while (pos < len && !zone_special[(unsigned char)buf[pos]])
			pos++;
		if (pos == len)
			break;
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
			if (quoted || depth > 0 || pos >= len ||
			    strchr(" \t\r\n\f\v;$()\"", buf[pos]) != NULL)
				break;
			l = owner_len(buf, len, pos);
			if (pos >= target && (l != olen ||
			    memcmp(buf + pos, buf + owner, l) != 0)) {
				cut[i++] = pos;
				target = cut[1] + (len - cut[1]) / n * (i - 1);
			}
			owner = pos;
			olen = l;
			break;
		}
	}
	for (; i <= n; i++)
		cut[i] = len;
}

/*
 * Take the first piece's three probe records off its end and set the
 * state they show: *origin (new) and *ttl.  False when they are not as
 * written, the default TTL did not come from $TTL, or the piece holds no
 * record of its own.
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
 * Whether two runs of records join as ldns would have read them in one:
 * an RRset across the cut would have taken its first record's TTL.
 */
static bool
joins(const ldns_rr_list *a, const ldns_rr_list *b)
{
	const ldns_rr *last, *first;

	if (ldns_rr_list_rr_count(a) == 0 || ldns_rr_list_rr_count(b) == 0)
		return false;
	last = ldns_rr_list_rr(a, ldns_rr_list_rr_count(a) - 1);
	first = ldns_rr_list_rr(b, 0);
	return ldns_rr_get_type(last) != ldns_rr_get_type(first) ||
	    ldns_dname_compare(ldns_rr_owner(last), ldns_rr_owner(first)) != 0 ||
	    ldns_rr_ttl(last) == ldns_rr_ttl(first);
}

/*
 * Read buf in n + 1 pieces, cut at cut[0..n] (cut[0] == 0, cut[n+1] ==
 * len); NULL when the pieces cannot be trusted to read as one.
 */
static ldns_zone *
read_pieces(const char *buf, size_t len, size_t *cut, size_t n)
{
	struct piece p[PIECES_MAX];
	ldns_rdf *origin = NULL;
	ldns_zone *z = NULL;
	uint32_t ttl;
	size_t i, headlen = cut[1] + sizeof(probe) - 1;
	char *head = xmalloc(headlen + 1);
	FILE *fp;
	int line = 0;
	bool ok;

	/* the first piece alone, by ldns: the state the others start from */
	memcpy(head, buf, cut[1]);
	memcpy(head + cut[1], probe, sizeof(probe));
	if ((fp = fmemopen(head, headlen, "r")) == NULL) {
		free(head);
		return NULL;
	}
	if (ldns_zone_new_frm_fp_l(&z, fp, NULL, 3600, LDNS_RR_CLASS_IN,
	    &line) != LDNS_STATUS_OK)
		z = NULL;
	fclose(fp);
	free(head);
	ok = z != NULL && probe_state(z, &origin, &ttl);
	memset(p, 0, sizeof(p));
	if (ok) {
		for (i = 0; i < n; i++) {
			p[i].text = buf + cut[i + 1];
			p[i].len = cut[i + 2] - cut[i + 1];
			p[i].last = i == n - 1;
			p[i].origin = origin;
			p[i].ttl = ttl;
		}
		run_parallel(read_piece, p, n, sizeof(p[0]));
	}
	for (i = 0; ok && i < n; i++)
		ok = p[i].rrs != NULL &&
		    joins(i == 0 ? ldns_zone_rrs(z) : p[i - 1].rrs, p[i].rrs);
	for (i = 0; i < n; i++) {
		if (ok)
			ldns_rr_list_push_rr_list(ldns_zone_rrs(z), p[i].rrs);
		if (ok || p[i].rrs == NULL)
			ldns_rr_list_free(p[i].rrs);	/* its RRs moved to z */
		else
			ldns_rr_list_deep_free(p[i].rrs);
	}
	if (!ok && z != NULL) {
		ldns_zone_deep_free(z);
		z = NULL;
	}
	ldns_rdf_deep_free(origin);
	return z;
}

/*
 * The whole of an open file of about size bytes (it may have changed
 * since), or NULL (errno set).
 */
static char *
slurp(FILE *fp, size_t size, size_t *len)
{
	size_t cap = size + 1, n = 0, r;
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
		if ((buf = slurp(fp, sb.st_size, &len)) == NULL) {
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
		    (*zp = read_pieces(buf, len, cut, n)) != NULL) {
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
