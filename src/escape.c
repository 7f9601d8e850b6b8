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
 * An input (a number as given) in a message or the text format: whole
 * when it is no longer than a number may be, else its first
 * INPUT_ECHO_MAX bytes, "..." and its size, so that a line of 38 KB
 * does not flood the terminal.  len bytes are at hand, size were read.
 */
void
esc_text_input(FILE *fp, const char *s, size_t len, size_t size)
{
	if (size <= E164_INPUT_MAX) {
		esc_text(fp, s, len);
		return;
	}
	esc_text(fp, s, len < INPUT_ECHO_MAX ? len : INPUT_ECHO_MAX);
	fprintf(fp, "... (%zu bytes)", size);
}

/* The bytes a JSON string holds as they are: printable ASCII but " and \. */
static const unsigned char json_plain[256] = {
	[0x20 ... 0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7e] = 1
};

/*
 * An RFC 8259 string body.  Bytes 0x80-0xff become \u0080-\u00ff: the
 * output is valid JSON whatever the DNS sent, and each code point below
 * 256 gives back the exact byte.
 */
void
esc_json(struct linebuf *lb, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const unsigned char *run;
	char u[7];

	while (p < end) {
		/* a run of bytes that stand for themselves, copied at once */
		for (run = p; p < end && json_plain[*p]; p++)
			;
		lb_put(lb, run, p - run);
		if (p == end)
			break;
		switch (*p) {
		case '"':
			lb_put(lb, "\\\"", 2);
			break;
		case '\\':
			lb_put(lb, "\\\\", 2);
			break;
		case '\n':
			lb_put(lb, "\\n", 2);
			break;
		case '\t':
			lb_put(lb, "\\t", 2);
			break;
		case '\r':
			lb_put(lb, "\\r", 2);
			break;
		default:
			snprintf(u, sizeof(u), "\\u%04x", *p);
			lb_put(lb, u, 6);
		}
		p++;
	}
}

/* A JSON number: an unsigned integer, in decimal. */
void
json_uint(struct linebuf *lb, size_t v)
{
	char buf[24], *p = buf + sizeof(buf);

	do
		*--p = '0' + v % 10;
	while ((v /= 10) > 0);
	lb_put(lb, p, buf + sizeof(buf) - p);
}

/* A JSON string value, quoted, or null for NULL. */
void
esc_json_str(struct linebuf *lb, const char *s)
{
	if (s == NULL) {
		lb_put(lb, "null", 4);
		return;
	}
	lb_put(lb, "\"", 1);
	esc_json(lb, s, strlen(s));
	lb_put(lb, "\"", 1);
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
