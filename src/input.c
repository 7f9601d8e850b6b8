/* SPDX-License-Identifier: ISC */
/* enumq: numbers to look up, from the arguments and then from --file, read without stalling lookups. */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enumq.h"

#define LINE_MAX_LEN	4096	/* longer lines are cut (and invalid) */
#define READ_SIZE	65536

struct input {
	char	**argv;
	int	  argc;
	int	  fd;		/* --file, -1 when none or at its end */
	int	  close_fd;	/* not stdin */
	const char *name;	/* --file as given */
	int	  error;	/* errno of a failed read, or 0 */
	char	 *buf;		/* bytes read, not yet handed out */
	size_t	  start, end, cap;
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
	in->fd = -1;
	in->name = file;
	if (file == NULL)
		return in;
	if (strcmp(file, "-") == 0)
		in->fd = STDIN_FILENO;
	else if ((in->fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
		*errstr = xasprintf("%s: %s", file, strerror(errno));
		free(in);
		return NULL;
	} else
		in->close_fd = 1;
	in->cap = READ_SIZE + LINE_MAX_LEN;
	in->buf = xmalloc(in->cap + 1);
	return in;
}

static void
input_eof(struct input *in)
{
	if (in->close_fd)
		close(in->fd);
	in->fd = -1;
	in->close_fd = 0;
}

/* Why reading --file failed, as a new string, or NULL. */
char *
input_error(const struct input *in)
{
	if (in->error == 0)
		return NULL;
	return xasprintf("%s: %s", strcmp(in->name, "-") == 0 ? "stdin" :
	    in->name, strerror(in->error));
}

/* Close the input; accepts NULL. */
void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	input_eof(in);
	free(in->buf);
	free(in);
}

/*
 * The file descriptor to wait on for more numbers, or -1 when no more
 * will come from a file (or none was given).
 */
int
input_fd(const struct input *in)
{
	return in->fd;
}

/* Is everything handed out, arguments and file? */
int
input_done(const struct input *in)
{
	return in->argc == 0 && in->fd == -1 && in->start == in->end;
}

/*
 * Read once from the file: blocks only when the caller has nothing else
 * to do, or after poll() said the descriptor is readable.
 */
void
input_fill(struct input *in)
{
	ssize_t n;

	if (in->fd == -1)
		return;
	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	/*
	 * A line longer than any number: keep its start, drop the middle;
	 * it is still handed out, longer than E164_INPUT_MAX, so invalid.
	 */
	if (in->end == in->cap)
		in->end = LINE_MAX_LEN;
	n = read(in->fd, in->buf + in->end, in->cap - in->end);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n == -1)
		in->error = errno;
	if (n <= 0) {
		/* a last line without newline still counts */
		if (in->end > in->start)
			in->buf[in->end++] = '\n';
		input_eof(in);
		return;
	}
	in->end += n;
}

/*
 * The next number already at hand, or NULL: blank lines and lines
 * starting with '#' are skipped.  *len is its length (it may hold a
 * NUL); the string stays valid until the next call.
 */
const char *
input_next(struct input *in, size_t *len)
{
	char *line, *nl;
	size_t n;

	if (in->argc > 0) {
		in->argc--;
		*len = strlen(*in->argv);
		return *in->argv++;
	}
	while (in->start < in->end &&
	    (nl = memchr(in->buf + in->start, '\n', in->end - in->start)) !=
	    NULL) {
		line = in->buf + in->start;
		in->start = nl + 1 - in->buf;
		n = nl - line;
		while (n > 0 && line[n - 1] == '\r')
			n--;
		line[n] = '\0';
		if (n == 0 || line[0] == '#' || strspn(line, " \t") == n)
			continue;
		*len = n;
		return line;
	}
	return NULL;
}
