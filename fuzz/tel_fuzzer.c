/* SPDX-License-Identifier: ISC */
/*
 * enumq fuzzer: tel: URIs (tel.c; RFC 3966 3, RFC 4694 4, RFC 4759 3)
 * from any bytes, as naptr.c parses a URI it keeps and e164.c the
 * parameters of a number given as a tel: URI.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * A parse that succeeded: the number is the written one without its
 * visual separators; the parameters, written back as ";name[=value]"
 * with names lowercase, are the input's parameter part with its names
 * lowercased; each name once, in RFC 3966's pname form.
 */
static void
check_tel(const char *in, size_t len, const struct tel *t, int params_only)
{
	const char *semi, *p;
	char *want, *got, *w;
	size_t i, j, n, at;

	if (t->buf == NULL || t->number == NULL)
		fail("tel: parsed without its parts");
	if ((semi = memchr(in, ';', len)) == NULL)
		semi = in + len;
	/* the number */
	n = 0;
	for (p = in + 4; p < semi; p++)
		if (params_only || !tel_separator((unsigned char)*p))
			if (t->number[n++] != *p)
				fail("tel: number \"%s\" is not \"%.*s\"'s",
				    t->number, (int)(semi - in - 4), in + 4);
	if (t->number[n] != '\0')
		fail("tel: number \"%s\" longer than written", t->number);
	if (!params_only && n == 0)
		fail("tel: an empty number accepted");
	if (!params_only && (t->number[0] == '+') != t->global)
		fail("tel: \"%s\" global %d", t->number, t->global);
	if (!params_only && !t->global &&
	    tel_param(t, "phone-context") == NULL)
		fail("tel: local number \"%s\" without phone-context",
		    t->number);
	/* the parameters */
	want = copy_str(semi, in + len - semi);
	for (w = want; *w != '\0'; w++)
		if (*w == ';')
			for (j = 1; w[j] != '\0' && w[j] != '=' &&
			    w[j] != ';'; j++)
				w[j] = LOWER(w[j]);
	got = xmalloc(len + 1);
	at = 0;
	for (i = 0; i < t->nparam; i++) {
		n = strlen(t->param[i].name);
		if (n == 0)
			fail("tel: an empty parameter name");
		for (j = 0; j < n; j++)
			if (!(isdigit((unsigned char)t->param[i].name[j]) ||
			    islower((unsigned char)t->param[i].name[j]) ||
			    t->param[i].name[j] == '-'))
				fail("tel: parameter name \"%s\"",
				    t->param[i].name);
		for (j = 0; j < i; j++)
			if (strcmp(t->param[i].name, t->param[j].name) == 0)
				fail("tel: parameter %s twice",
				    t->param[i].name);
		if ((strcmp(t->param[i].name, "npdi") == 0 ||
		    strcmp(t->param[i].name, "enumdi") == 0) &&
		    t->param[i].value != NULL)
			fail("tel: %s with a value", t->param[i].name);
		if (at + 1 + n + (t->param[i].value != NULL ? 1 +
		    strlen(t->param[i].value) : 0) > len)
			fail("tel: parameters longer than the URI");
		got[at++] = ';';
		memcpy(got + at, t->param[i].name, n);
		at += n;
		if (t->param[i].value != NULL) {
			if (t->param[i].value[0] == '\0')
				fail("tel: an empty value of %s",
				    t->param[i].name);
			got[at++] = '=';
			memcpy(got + at, t->param[i].value,
			    strlen(t->param[i].value));
			at += strlen(t->param[i].value);
		}
		if (tel_param(t, t->param[i].name) != &t->param[i])
			fail("tel_param does not find %s", t->param[i].name);
	}
	got[at] = '\0';
	if (strcmp(got, want) != 0)
		fail("tel: parameters \"%s\" written back as \"%s\"", want, got);
	free(got);
	free(want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tel t, t2;
	const char *why, *why2;
	char *in;
	int params_only;

	/* "tel:" in front of most inputs, so the fuzzer need not find it */
	params_only = size > 0 && data[0] & 1;
	in = xmalloc(size + 4 + 1);
	if (size > 0 && data[0] & 2) {
		memcpy(in, data + 1, size - 1);
		size--;
	} else {
		memcpy(in, "tel:", 4);
		if (size > 0)
			memcpy(in + 4, data + 1, size - 1);
		size = size > 0 ? size + 3 : 4;
	}
	in[size] = '\0';
	why = tel_parse(in, size, params_only, &t);
	if (why != NULL) {
		if (*why == '\0' || t.buf != NULL || t.number != NULL ||
		    t.param != NULL)
			fail("tel: refused (%s) with parts left", why);
	} else {
		if (size < 4 || strncasecmp(in, "tel:", 4) != 0 ||
		    memchr(in, '\0', size) != NULL)
			fail("tel: \"%s\" accepted", in);
		check_tel(in, size, &t, params_only);
		/* a URI accepted whole has parameters accepted alone */
		if (!params_only) {
			if ((why2 = tel_parse(in, size, 1, &t2)) != NULL)
				fail("tel: whole but not its parameters: %s",
				    why2);
			tel_free(&t2);
		}
		tel_free(&t);
	}
	free(in);
	return 0;
}
