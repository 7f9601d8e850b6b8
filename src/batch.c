/* SPDX-License-Identifier: ISC */
/* enumq: numbers from arguments and files through the DNS, results in input order. */

#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "enumq.h"

/* Where numbers come from: the arguments, then --file. */
struct input {
	char	**argv;
	int	  argc;
	FILE	 *fp;		/* --file, NULL when none or done */
	int	  close_fp;	/* not stdin */
	char	 *line;
	size_t	  linecap;
};

/* One number in the window of lookups in flight. */
struct slot {
	struct lookup	*lookup;
	struct dns	*dns;
	int		 done;
};

/*
 * Open the input: the numbers in argv, then those in file ("-" is stdin).
 * Returns NULL and sets *errstr (a new string) when file cannot be read.
 */
struct input *
input_open(char **argv, int argc, const char *file, char **errstr)
{
	struct input *in = xcalloc(1, sizeof(*in));

	in->argv = argv;
	in->argc = argc;
	if (file == NULL)
		return in;
	if (strcmp(file, "-") == 0)
		in->fp = stdin;
	else if ((in->fp = fopen(file, "r")) == NULL) {
		*errstr = xasprintf("%s: %s", file, strerror(errno));
		free(in);
		return NULL;
	}
	else
		in->close_fp = 1;
	return in;
}

/* Close the input; accepts NULL. */
void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->close_fp)
		fclose(in->fp);
	free(in->line);
	free(in);
}

/*
 * The next number, or NULL at the end: blank lines and lines starting
 * with '#' are skipped.  *len is its length (a line may hold a NUL).
 */
static const char *
input_next(struct input *in, size_t *len)
{
	ssize_t n;

	if (in->argc > 0) {
		in->argc--;
		*len = strlen(*in->argv);
		return *in->argv++;
	}
	while (in->fp != NULL) {
		if ((n = getline(&in->line, &in->linecap, in->fp)) == -1) {
			if (ferror(in->fp))
				warn("reading numbers");
			if (in->close_fp)
				fclose(in->fp);
			in->fp = NULL;
			in->close_fp = 0;
			break;
		}
		while (n > 0 && (in->line[n - 1] == '\n' ||
		    in->line[n - 1] == '\r'))
			in->line[--n] = '\0';
		if (n == 0 || in->line[0] == '#' ||
		    strspn(in->line, " \t") == (size_t)n)
			continue;
		*len = n;
		return in->line;
	}
	return NULL;
}

/* Ask for what the lookup needs next, or mark it done. */
static void slot_step(struct slot *);

static void
on_reply(void *arg, const struct dns_reply *reply)
{
	struct slot *s = arg;

	lookup_answer(s->lookup, reply);
	slot_step(s);
}

static void
slot_step(struct slot *s)
{
	const ldns_rdf *name;

	if ((name = lookup_next(s->lookup)) != NULL)
		dns_query(s->dns, name, on_reply, s);
	else
		s->done = 1;
}

/* Report a finished number; returns -1 when stdout fails. */
static int
emit(const struct options *opt, const struct result *res)
{
	if (res->status == ST_INVALID) {
		fputs("enumq: ", stderr);
		esc_text(stderr, res->input, strlen(res->input));
		fprintf(stderr, ": %s\n", res->error);
	}
	if (opt->quiet)
		return 0;
	if (output_result(stdout, res, opt) == -1 || fflush(stdout) == EOF)
		return -1;
	return 0;
}

/* --name: the domains of each number, one per tree, nothing queried. */
static enum status
names_run(const struct options *opt, struct input *in)
{
	struct number n;
	enum status worst = ST_OK;
	const char *line, *why;
	char *domain;
	size_t len, i;

	while ((line = input_next(in, &len)) != NULL) {
		if ((why = e164_parse(line, len, &n)) != NULL) {
			fputs("enumq: ", stderr);
			esc_text(stderr, line, len);
			fprintf(stderr, ": %s\n", why);
			worst = ST_INVALID;
			continue;
		}
		for (i = 0; i < (opt->ntree > 0 ? opt->ntree : 1); i++) {
			domain = e164_domain(&n, opt->ntree > 0 ?
			    opt->tree[i] : e164_default_tree(&n),
			    opt->infrastructure);
			if (!opt->quiet)
				printf("%s\n", domain);
			free(domain);
		}
	}
	return worst;
}

/*
 * Look up every number of the input with up to --concurrency lookups in
 * flight, writing each result once it and all before it are complete.
 * Returns the worst status; *werr is set when stdout fails.
 */
enum status
batch_run(const struct options *opt, struct dns *dns, struct input *in,
    int *werr)
{
	struct ddds_cache *cache;
	struct slot *win;
	enum status worst = ST_OK;
	const char *line;
	size_t len, head = 0, count = 0, cap = opt->concurrency, i;
	int eof = 0;

	*werr = 0;
	if (opt->name_only)
		return names_run(opt, in);
	cache = ddds_cache_new();
	win = xcalloc(cap, sizeof(*win));
	while (!eof || count > 0) {
		while (!eof && count < cap) {
			if ((line = input_next(in, &len)) == NULL) {
				eof = 1;
				break;
			}
			i = (head + count++) % cap;
			win[i].dns = dns;
			win[i].done = 0;
			win[i].lookup = lookup_new(opt, cache, line, len);
			slot_step(&win[i]);
		}
		while (count > 0 && win[head].done) {
			const struct result *res = lookup_result(win[head].lookup);

			if (res->status > worst)
				worst = res->status;
			if (emit(opt, res) == -1)
				*werr = 1;
			lookup_free(win[head].lookup);
			win[head].lookup = NULL;
			head = (head + 1) % cap;
			count--;
		}
		if (count > 0 && !win[head].done)
			dns_run(dns);
	}
	free(win);
	ddds_cache_free(cache);
	return worst;
}
