/* SPDX-License-Identifier: ISC */
/* enumq: numbers to look up, from the arguments and then from each --file, read without stalling lookups. */

#include <sys/stat.h>

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
	const char *const *files; /* --file, in the order given */
	size_t	  nfiles;
	size_t	  next;		/* the file to open after this one */
	int	  fd;		/* the file being read, -1 when none */
	int	  close_fd;	/* not stdin */
	const char *name;	/* the file being read, as given */
	char	**errors;	/* "file: why" of every file that failed */
	size_t	  nerrors;
	char	 *buf;		/* bytes read, not yet handed out */
	size_t	  start, end, cap;
	size_t	  dropped;	/* bytes cut from the line at buf[0] */
};

static void
input_fail(struct input *in, const char *name, int errnum)
{
	in->errors = xreallocarray(in->errors, in->nerrors + 1,
	    sizeof(*in->errors));
	in->errors[in->nerrors++] = xasprintf("%s: %s",
	    strcmp(name, "-") == 0 ? "stdin" : name, strerror(errnum));
}

/*
 * Open the next file that opens, in the order given; one that fails now
 * (it was readable when input_open looked) is a read error.
 */
static void
input_next_file(struct input *in)
{
	const char *file;

	while (in->fd == -1 && in->next < in->nfiles) {
		file = in->files[in->next++];
		in->name = file;
		if (strcmp(file, "-") == 0)
			in->fd = STDIN_FILENO;
		else if ((in->fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
			input_fail(in, file, errno);
		else
			in->close_fd = 1;
	}
}

/*
 * Open the input: the numbers in argv, then those in each of the nfiles
 * files in turn, as cat(1) reads them ("-" is stdin).  Returns NULL and
 * sets *errstr (a new string) when a file cannot be read; none is opened
 * before it is its turn, so that a FIFO's writer is not stalled.
 */
struct input *
input_open(char **argv, int argc, const char *const *files, size_t nfiles,
    char **errstr)
{
	struct input *in;
	size_t i;

	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") != 0 &&
		    access(files[i], R_OK) == -1) {
			*errstr = xasprintf("%s: %s", files[i],
			    strerror(errno));
			return NULL;
		}
	in = xcalloc(1, sizeof(*in));
	in->argv = argv;
	in->argc = argc;
	in->files = files;
	in->nfiles = nfiles;
	in->fd = -1;
	if (nfiles == 0)
		return in;
	in->cap = READ_SIZE + LINE_MAX_LEN;
	in->buf = xmalloc(in->cap + 1);
	input_next_file(in);
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

/*
 * The i'th failure to read a --file ("file: why"), or NULL after the
 * last; valid until input_close.
 */
const char *
input_error(const struct input *in, size_t i)
{
	return i < in->nerrors ? in->errors[i] : NULL;
}

/* Close the input; accepts NULL. */
void
input_close(struct input *in)
{
	size_t i;

	if (in == NULL)
		return;
	input_eof(in);
	for (i = 0; i < in->nerrors; i++)
		free(in->errors[i]);
	free(in->errors);
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
	 * A line longer than any number: keep its start, drop the middle
	 * and count it; it is still handed out, longer than E164_INPUT_MAX,
	 * so invalid.
	 */
	if (in->end == in->cap) {
		in->dropped += in->end - LINE_MAX_LEN;
		in->end = LINE_MAX_LEN;
	}
	n = read(in->fd, in->buf + in->end, in->cap - in->end);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n == -1)
		input_fail(in, in->name, errno);
	if (n <= 0) {
		/* a last line without newline still counts, in each file */
		if (in->end > in->start)
			in->buf[in->end++] = '\n';
		input_eof(in);
		input_next_file(in);
		return;
	}
	in->end += n;
}

/*
 * The next number already at hand, or NULL: blank lines and lines
 * starting with '#' are skipped.  *len is its length (it may hold a
 * NUL), *size the line's length as read: more than *len when the middle
 * of a long line was dropped.  The string stays valid until the next
 * call.
 */
const char *
input_next(struct input *in, size_t *len, size_t *size)
{
	char *line, *nl;
	size_t n, dropped;

	if (in->argc > 0) {
		in->argc--;
		*len = *size = strlen(*in->argv);
		return *in->argv++;
	}
	while (in->start < in->end &&
	    (nl = memchr(in->buf + in->start, '\n', in->end - in->start)) !=
	    NULL) {
		line = in->buf + in->start;
		/* only the line at buf[0] can have lost its middle */
		dropped = in->start == 0 ? in->dropped : 0;
		in->dropped = 0;
		in->start = nl + 1 - in->buf;
		n = nl - line;
		while (n > 0 && line[n - 1] == '\r')
			n--;
		line[n] = '\0';
		if (n == 0 || line[0] == '#' || strspn(line, " \t") == n)
			continue;
		*len = n;
		*size = n + dropped;
		return line;
	}
	return NULL;
}

/*
 * The numbers one regular file holds, counted as input_next hands them
 * out (blank lines and '#' lines skipped); -1 when it is not a regular
 * file or cannot be read.
 */
static int
count_file(const char *file, size_t *count)
{
	struct stat st;
	char buf[READ_SIZE];
	ssize_t n, i;
	int fd, first = 1, blank = 1;

	if (strcmp(file, "-") == 0 || stat(file, &st) == -1 ||
	    !S_ISREG(st.st_mode) ||
	    (fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	/*
	 * A line counts once, at its first byte other than a blank, unless
	 * it starts with '#' (blank: space, tab, and CR, which input_next
	 * strips at the end of a line: one in the middle is a rare case, and
	 * the count an estimate).
	 */
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				first = blank = 1;
				continue;
			}
			if (first && buf[i] == '#')
				blank = 0;	/* a comment: never counts */
			else if (blank && buf[i] != ' ' && buf[i] != '\t' &&
			    buf[i] != '\r') {
				(*count)++;
				blank = 0;
			}
			first = 0;
		}
	close(fd);
	return n == -1 ? -1 : 0;
}

/*
 * How many numbers the whole input holds, for the progress line: the
 * arguments and each --file, counted by reading it once before the
 * lookups.  Returns -1 when that is not known: a file is stdin, a pipe or
 * anything else than a regular file.
 */
int
input_count(const struct input *in, size_t *count)
{
	size_t i;

	*count = in->argc;
	for (i = 0; i < in->nfiles; i++)
		if (count_file(in->files[i], count) == -1)
			return -1;
	return 0;
}
