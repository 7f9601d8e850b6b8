/* SPDX-License-Identifier: ISC */
/* enumq: the escaping of every output, so no DNS byte drives a terminal or shell. */

#include <string.h>

#include "enumq.h"

/*
 * Text for people, as in zone-file presentation format (what dig prints):
 * printable ASCII as is, '"' and '\' escaped with '\', every other byte
 * as \DDD, so no control byte ever reaches the terminal.
 */
void
esc_text(FILE *fp, const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, fp);
		else
			fprintf(fp, "\\%03u", c);
	}
}

/*
 * An RFC 8259 string body.  Bytes 0x80-0xff become \u0080-\u00ff: the
 * output is valid JSON whatever the DNS sent, and each code point below
 * 256 gives back the exact byte.
 */
void
esc_json(FILE *fp, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const unsigned char *run;

	while (p < end) {
		/* a run of bytes that stand for themselves, copied at once */
		for (run = p; p < end && *p >= 0x20 && *p < 0x7f && *p != '"' &&
		    *p != '\\'; p++)
			;
		if (p > run)
			fwrite_unlocked(run, 1, p - run, fp);
		if (p == end)
			break;
		switch (*p) {
		case '"':
			fputs_unlocked("\\\"", fp);
			break;
		case '\\':
			fputs_unlocked("\\\\", fp);
			break;
		case '\n':
			fputs_unlocked("\\n", fp);
			break;
		case '\t':
			fputs_unlocked("\\t", fp);
			break;
		case '\r':
			fputs_unlocked("\\r", fp);
			break;
		default:
			fprintf(fp, "\\u%04x", *p);
		}
		p++;
	}
}

/* A JSON string value, quoted, or null for NULL. */
void
esc_json_str(FILE *fp, const char *s)
{
	if (s == NULL) {
		fputs_unlocked("null", fp);
		return;
	}
	putc_unlocked('"', fp);
	esc_json(fp, s, strlen(s));
	putc_unlocked('"', fp);
}

/*
 * A field of the shell format: '\' as \\, tab as \t, newline as \n, every
 * other control byte and every byte above 0x7e as \xHH.  A field never
 * holds a raw tab or newline, so `IFS=$'\t' read -r` splits it right.
 */
void
esc_shell(FILE *fp, const char *s, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\\')
			fputs("\\\\", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c >= 0x20 && c < 0x7f)
			fputc(c, fp);
		else
			fprintf(fp, "\\x%02x", c);
	}
}
