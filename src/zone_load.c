/* SPDX-License-Identifier: ISC */
/* enumq: zone files read by Knot's zone scanner (libzscanner) into the store. */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libzscanner/scanner.h>

#include "zone.h"

#define CLASS_IN	1
#define DEFAULT_TTL	3600	/* for records before any $TTL, as NSD */
#define INCLUDE_MAX	16	/* $INCLUDE nested at most this deep */
#define BINARY_PROBE	4096	/* bytes looked at for a NUL */
#define RELEASE_STEP	(8 << 20)	/* read input given back every step */
#define NAME_BYTES	256	/* a guess of the file bytes per name */

/* Where a file's reading stands. */
struct load {
	struct zone	*zn;
	struct zone_apex *a;		/* NULL until the file's SOA is read */
	const char	*top;		/* the -z file, as named */
	char		*err;		/* why the file is refused */
	size_t		 nrr;		/* records read */
	size_t		 size_hint;	/* of the -z file, to size the index */
	uint32_t	 node;		/* the last owner's node, */
	uint8_t		 owner[DNAME_MAX];	/* the last owner as read */
	size_t		 owner_len;
};

static int	read_file(struct load *, const char *, const char *, uint32_t,
		    int);

/*
 * Why a file cannot be read as a zone file (it is missing, unreadable, a
 * directory or a device), as a new "FILE: reason", or NULL; *size is its
 * size when it is a regular file, else 0.
 */
static char *
unreadable(const char *file, size_t *size)
{
	struct stat sb;
	int fd, e;

	if ((fd = open(file, O_RDONLY)) == -1)
		return xasprintf("%s: %s", file, strerror(errno));
	if (fstat(fd, &sb) == -1) {
		e = errno;
		close(fd);
		return xasprintf("%s: %s", file, strerror(e));
	}
	close(fd);
	if (S_ISDIR(sb.st_mode))
		return xasprintf("%s: %s", file, strerror(EISDIR));
	/* a device would be read to its end: /dev/zero has none */
	if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
		return xasprintf("%s: a device, not a zone file", file);
	*size = S_ISREG(sb.st_mode) ? (size_t)sb.st_size : 0;
	return NULL;
}

/* The scanner's error as "FILE:LINE: message", a new string. */
static char *
scan_error(const zs_scanner_t *s, const char *file)
{
	unsigned long line = (unsigned long)s->line_counter;

	/* the scanner keeps the rest of the line: after the '$' here */
	if (s->error.code == ZS_BAD_DIRECTIVE && s->buffer_length >= 8 &&
	    strncasecmp((const char *)s->buffer, "GENERATE", 8) == 0)
		return xasprintf("%s:%lu: $GENERATE is a BIND extension that "
		    "enumq, NSD and Knot do not read: write out its records",
		    file, line);
	if (s->error.code == ZS_NUMBER16_OVERFLOW &&
	    s->r_type == ZONE_T_NAPTR)
		return xasprintf("%s:%lu: NAPTR ORDER or PREFERENCE over "
		    "65535 (RFC 3403 4.1: 16 bits)", file, line);
	return xasprintf("%s:%lu: %s", file, line, zs_strerror(s->error.code));
}

/* A new zone for the file being read, its apex the SOA's owner. */
static char *
new_apex(struct load *ld, const uint8_t *owner, size_t len)
{
	struct zone *zn = ld->zn;
	struct zone_apex *a;
	struct dname name;
	char *s, *err;
	size_t i;

	dname_set(&name, owner, len);
	for (i = 0; i < zn->napex; i++)
		if (dname_equal(&zn->apex[i].name, &name)) {
			s = dname_str(owner, len);
			err = xasprintf("%s: the zone %s is in %s already",
			    ld->top, s, zn->apex[i].file);
			free(s);
			return err;
		}
	zn->apex = xreallocarray(zn->apex, zn->napex + 1, sizeof(*zn->apex));
	a = &zn->apex[zn->napex++];
	memset(a, 0, sizeof(*a));
	a->name = name;
	a->file = ld->top;
	zone_store_apex(a, ld->size_hint / NAME_BYTES);
	ld->a = a;
	return NULL;
}

/*
 * Store the record the scanner has read, which starts on line; NULL, or
 * why the zone is refused.
 */
static char *
add_record(struct load *ld, const zs_scanner_t *s, const char *file,
    uint16_t fileno, unsigned long line)
{
	struct zone *zn = ld->zn;
	const struct zone_rr *soa;
	struct zone_rr hdr;
	struct dname owner;
	const char *why;
	char *err, *name, *apex;

	if (s->r_class != CLASS_IN)
		return xasprintf("%s:%lu: only class IN is supported", file,
		    line);
	if (ld->a == NULL) {
		if (s->r_type != ZONE_T_SOA)
			return xasprintf("%s:%lu: the zone's SOA record must "
			    "come first: its owner is the apex", file, line);
		if ((err = new_apex(ld, s->r_owner, s->r_owner_length)) !=
		    NULL)
			return err;
	} else if (s->r_type == ZONE_T_SOA) {
		soa = zone_rr(zn, ld->a->soa);
		return xasprintf("%s:%lu: a second SOA record (the zone's is "
		    "at %s:%lu)", file, line, zn->file[soa->file],
		    (unsigned long)soa->line);
	}
	/* the records of one owner come one after the other, mostly */
	if (s->r_owner_length != ld->owner_len ||
	    memcmp(s->r_owner, ld->owner, ld->owner_len) != 0) {
		dname_set(&owner, s->r_owner, s->r_owner_length);
		if (!dname_is_below(&owner, &ld->a->name)) {
			name = dname_str(owner.wire, owner.len);
			apex = dname_str(ld->a->name.wire, ld->a->name.len);
			err = xasprintf("%s:%lu: %s is outside the zone %s",
			    file, line, name, apex);
			free(name);
			free(apex);
			return err;
		}
		if ((why = zone_node_get(zn, ld->a, owner.wire, owner.len,
		    &ld->node)) != NULL) {
			name = dname_str(owner.wire, owner.len);
			err = xasprintf("%s:%lu: %s: %s", file, line, name,
			    why);
			free(name);
			return err;
		}
		memcpy(ld->owner, owner.wire, owner.len);
		ld->owner_len = owner.len;
	}
	memset(&hdr, 0, sizeof(hdr));
	hdr.ttl = s->r_ttl;
	hdr.line = (uint32_t)line;
	hdr.file = fileno;
	hdr.type = s->r_type;
	hdr.rdlen = (uint16_t)s->r_data_length;
	if ((why = zone_rr_add(zn, ld->a, ld->node, &hdr, s->r_data)) !=
	    NULL) {
		name = dname_str(s->r_owner, s->r_owner_length);
		err = xasprintf("%s:%lu: %s: %s", file, line, name, why);
		free(name);
		return err;
	}
	if (s->r_type == ZONE_T_SOA)
		ld->a->soa = zone_node(zn, ld->node)->last;
	ld->nrr++;
	return NULL;
}

/*
 * Read the file an $INCLUDE names, relative to the directory of the file
 * that includes it (RFC 1035 5.1 leaves it open; BIND and Knot do so), with
 * the origin it gives or the current one.
 */
static int
include(struct load *ld, const zs_scanner_t *s, const char *file, int depth)
{
	const char *raw = s->include_filename, *slash;
	size_t plen = strlen(s->path), size;
	char *path, *why;
	int rc;

	/* the scanner made a relative name absolute: take it back */
	if (strncmp(raw, s->path, plen) == 0 && raw[plen] == '/')
		raw += plen + 1;
	if (raw[0] == '/' || (slash = strrchr(file, '/')) == NULL)
		path = xstrdup(raw);
	else
		path = xasprintf("%.*s%s", (int)(slash - file + 1), file, raw);
	if (depth + 1 >= INCLUDE_MAX) {
		ld->err = xasprintf("%s:%lu: $INCLUDE %s: nested over %d deep "
		    "(does it include itself?)", file,
		    (unsigned long)s->line_counter, path, INCLUDE_MAX);
		free(path);
		return -1;
	}
	if ((why = unreadable(path, &size)) != NULL) {
		ld->err = xasprintf("%s:%lu: $INCLUDE %s", file,
		    (unsigned long)s->line_counter, why);
		free(why);
		free(path);
		return -1;
	}
	rc = read_file(ld, path, (const char *)s->buffer, s->default_ttl,
	    depth + 1);
	free(path);
	return rc;
}

/*
 * Give the kernel back the mapped file the scanner has read past, so that
 * a large file's pages do not count to the store's: it never looks back
 * further than its line.
 */
static void
release_input(const zs_scanner_t *s, const char *map, size_t *released)
{
	size_t done, page = (size_t)sysconf(_SC_PAGESIZE);

	if (!s->input.mmaped || s->input.start != map)
		return;
	done = (size_t)(s->input.current - map);
	if (done < *released + 2 * RELEASE_STEP)
		return;
	done = (done - RELEASE_STEP) & ~(page - 1);
	madvise((char *)map + *released, done - *released, MADV_DONTNEED);
	*released = done;
}

/*
 * The line a record starts on.  The scanner counts lines to where a
 * record ends (line, at end), the last line of one in parentheses.  The
 * text since it last stopped (from, at a line start when first) holds
 * the rest of that line, then blank lines, comments and directives, then
 * the record.
 */
static unsigned long
first_line(const char *from, const char *end, int first, unsigned long line)
{
	const char *p = from, *q, *nl;

	if (!first) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return line;
		p = nl + 1;
	}
	for (;;) {
		for (q = p; q < end && (*q == ' ' || *q == '\t'); q++)
			;
		if (q < end && *q != '\n' && *q != ';' && *q != '$')
			break;
		if ((nl = memchr(q, '\n', (size_t)(end - q))) == NULL)
			return line;
		p = nl + 1;
	}
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line--;
		p = nl + 1;
	}
	return line;
}

/*
 * A copy of a file's text with every CR before an LF dropped, for the
 * scanner, which takes only LF line ends (NSD and ldns take both); *len
 * is its length.  The lines keep their numbers.
 */
static char *
strip_crlf(const char *text, size_t *len)
{
	char *copy = xmalloc(*len), *o = copy;
	size_t i;

	for (i = 0; i < *len; i++)
		if (text[i] != '\r' || i + 1 == *len || text[i + 1] != '\n')
			*o++ = text[i];
	*len = (size_t)(o - copy);
	return copy;
}

/* Does the text's first line end in CR LF? */
static int
is_crlf(const char *text, size_t len)
{
	const char *nl = len > 0 ? memchr(text, '\n', len) : NULL;

	return nl != NULL && nl > text && nl[-1] == '\r';
}

/*
 * Read one zone file (the -z file, or one it includes) into the store,
 * with the origin and default TTL given.  Returns 0, or -1 with ld->err.
 */
static int
read_file(struct load *ld, const char *file, const char *origin, uint32_t ttl,
    int depth)
{
	struct zone *zn = ld->zn;
	zs_scanner_t *s = xmalloc(sizeof(*s));	/* 200 kB: not on the stack */
	const char *map, *text, *from;
	char *crlf = NULL;
	size_t released = 0, probe, len;
	unsigned long line;
	uint16_t fileno;
	int rc = -1;

	if (zn->nfile >= UINT16_MAX) {
		ld->err = xasprintf("%s: over %u files", file, UINT16_MAX);
		free(s);
		return -1;
	}
	zn->file = xreallocarray(zn->file, zn->nfile + 1, sizeof(*zn->file));
	zn->file[zn->nfile] = xstrdup(file);
	fileno = (uint16_t)zn->nfile++;
	if (depth == 0)
		ld->top = zn->file[fileno];
	if (zs_init(s, origin, CLASS_IN, ttl) != 0 ||
	    zs_set_input_file(s, file) != 0) {
		ld->err = xasprintf("%s: %s", file, zs_strerror(s->error.code));
		goto out;
	}
	/* text has no NUL: do not let a binary file pass as a syntax error */
	map = s->input.start;
	probe = len = map == NULL ? 0 : (size_t)(s->input.end - map);
	if (probe > 0 && memchr(map, '\0', probe < BINARY_PROBE ? probe :
	    BINARY_PROBE) != NULL) {
		ld->err = xasprintf("%s: binary data, not a zone file", file);
		goto out;
	}
	/* a file with CR LF ends from its first line is read without CRs */
	if (is_crlf(map, len)) {
		crlf = strip_crlf(map, &len);
		if (zs_set_input_string(s, crlf, len) != 0) {
			ld->err = xasprintf("%s: %s", file,
			    zs_strerror(s->error.code));
			goto out;
		}
	}
	/* the text read, from where the scanner last stopped */
	text = from = s->input.start;
	for (;;) {
		if (zs_parse_record(s) != 0 && s->state != ZS_STATE_ERROR) {
			ld->err = xasprintf("%s: %s", file,
			    zs_strerror(s->error.code));
			goto out;
		}
		switch (s->state) {
		case ZS_STATE_DATA:
			/*
			 * Not so the last record of a file without a final
			 * LF: the scanner reads that from a block of its own,
			 * the file unmapped already.
			 */
			line = (unsigned long)s->line_counter;
			if (text != NULL && s->input.start == text) {
				line = first_line(from, s->input.current,
				    from == text, line);
				from = s->input.current;
			}
			if ((ld->err = add_record(ld, s, file, fileno, line)) !=
			    NULL)
				goto out;
			release_input(s, map, &released);
			break;
		case ZS_STATE_INCLUDE:
			if (include(ld, s, file, depth) != 0)
				goto out;
			if (s->input.start == text)
				from = s->input.current;
			break;
		case ZS_STATE_ERROR:
			ld->err = scan_error(s, file);
			goto out;
		default:		/* the end of the file */
			rc = 0;
			goto out;
		}
	}
out:
	zs_deinit(s);
	free(s);
	free(crlf);
	return rc;
}

/*
 * Load master-format zone files, each one zone whose apex is the owner of
 * its SOA record, the first record.  Returns NULL and sets *errstr (a new
 * string) on the first failure, and *unreadable (if not NULL) to whether
 * it was a file that cannot be read at all rather than bad zone data.
 */
struct zone *
zone_load(const char **files, size_t nfile, int *unreadable_file,
    char **errstr)
{
	struct zone *zn = xcalloc(1, sizeof(*zn));
	struct load ld;
	double start;
	size_t i;

	if (unreadable_file != NULL)
		*unreadable_file = 0;
	for (i = 0; i < nfile; i++) {
		start = util_now_ms();
		memset(&ld, 0, sizeof(ld));
		ld.zn = zn;
		if ((*errstr = unreadable(files[i], &ld.size_hint)) != NULL) {
			if (unreadable_file != NULL)
				*unreadable_file = 1;
			goto fail;
		}
		/* "." as the origin: without $ORIGIN, names are absolute */
		if (read_file(&ld, files[i], ".", DEFAULT_TTL, 0) != 0) {
			*errstr = ld.err;
			goto fail;
		}
		if (ld.a == NULL) {
			*errstr = xasprintf("%s: no SOA record", files[i]);
			goto fail;
		}
		zone_store_finish(zn, ld.a);
		util_trace("zone file %s: %zu records, %zu names, store %zu "
		    "kB, %.1f ms", files[i], ld.nrr, ld.a->nnode,
		    (zn->used + ld.a->nslot * sizeof(*ld.a->slot)) / 1024,
		    util_now_ms() - start);
	}
	return zn;
fail:
	zone_free(zn);
	return NULL;
}

/* Release the zones; accepts NULL. */
void
zone_free(struct zone *zn)
{
	if (zn == NULL)
		return;
	zone_store_free(zn);
	free(zn);
}
