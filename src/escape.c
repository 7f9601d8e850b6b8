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
	size_t i, run;
	unsigned char c;

	for (i = 0; i < len; i++) {
		/* the common case, a run of plain bytes, in one write */
		for (run = i; run < len && (unsigned char)s[run] >= 0x20 &&
		    (unsigned char)s[run] < 0x7f && s[run] != '"' &&
		    s[run] != '\\'; run++)
			;
		if (run > i) {
			fwrite(s + i, 1, run - i, fp);
			if ((i = run) == len)
				break;
		}
		c = (unsigned char)s[i];
		switch (c) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		default:
			if (c >= 0x20 && c < 0x7f)
				fputc(c, fp);
			else
				fprintf(fp, "\\u%04x", c);
		}
	}
}

/* A JSON string value, quoted, or null for NULL. */
void
esc_json_str(FILE *fp, const char *s)
{
	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	esc_json(fp, s, strlen(s));
	fputc('"', fp);
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
