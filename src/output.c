/* SPDX-License-Identifier: ISC */
/* enumq: the table of output formats. */

#include <string.h>

#include "enumq.h"

static const struct {
	enum format	 format;
	const char	*name;
	output_fn	*fn;
} formats[] = {
	{ FMT_TEXT, "text", output_text },
	{ FMT_JSON, "json", output_json },
	{ FMT_SHELL, "shell", output_shell },
};

/* Find a format by name; returns 0, or -1 for an unknown name. */
int
output_format(const char *name, enum format *f)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(name, formats[i].name) == 0) {
			*f = formats[i].format;
			return 0;
		}
	return -1;
}

/* Write one number's result in the chosen format; -1 on a write error. */
int
output_result(FILE *fp, const struct result *res, const struct options *opt)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].format == opt->format)
			return formats[i].fn(fp, res, opt);
	return -1;
}

/*
 * Does stdout carry every record and what became of it (JSON, text with
 * -v and without -1)?  Then the -v trace need not print them again.
 * Shell's columns, text's -1 and --lint's findings do not.
 */
int
output_shows_records(const struct options *opt)
{
	if (opt->lint || opt->quiet)	/* findings, or nothing, instead */
		return 0;
	return opt->format == FMT_JSON || (opt->format == FMT_TEXT &&
	    opt->verbose && !opt->first);
}
