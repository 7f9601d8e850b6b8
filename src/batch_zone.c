/* SPDX-License-Identifier: ISC */
/*
 * enumq: zone-file batches on every CPU.
 *
 * From zone files an answer is at hand at once, so a lookup is all CPU
 * work: the rewrite, the ranking and the output.  The numbers go in
 * blocks to one worker thread a CPU, each with its own DNS engine over
 * the shared (read-only) zones and its own regexp cache, writing its
 * block's output to memory; this thread reads the input and writes the
 * blocks out in input order.  Blocks in flight are bounded, so memory
 * is too.
 */

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enumq.h"

#define BLOCK_LINES	64		/* numbers a block */
#define BLOCKS_A_THREAD	4		/* blocks in flight a worker */

enum block_state { BLOCK_FREE, BLOCK_QUEUED, BLOCK_DONE };

/*
 * Where a block's output goes: a buffer the block keeps from one use to
 * the next, so that it grows a few times in a run, not a few times a
 * block as open_memstream's did (its copying was a tenth of a lookup).
 */
struct sink {
	char	*p;
	size_t	 len, cap;
};

struct block {
	enum block_state state;
	char		*text;		/* the lines, one after another */
	size_t		 textlen, textcap;
	size_t		 off[BLOCK_LINES], len[BLOCK_LINES];
	size_t		 nline;
	size_t		 n[ST_INVALID + 1];	/* numbers per status */
	struct sink	 out, err;	/* for stdout and stderr */
	int		 werr;		/* out could not be written */
};

struct pool {
	const struct options *opt;
	struct zone	*zone;
	pthread_mutex_t	 lock;
	pthread_cond_t	 work, done;
	struct block	*ring;
	size_t		 nring;
	size_t		 head;		/* the oldest block not yet written */
	size_t		 next_work;	/* the oldest block no worker took */
	size_t		 tail;		/* the next block to fill */
	int		 stop;
};

static void
on_reply(void *arg, const struct dns_reply *reply)
{
	lookup_answer(arg, reply);
}

static ssize_t
sink_write(void *cookie, const char *buf, size_t n)
{
	struct sink *s = cookie;

	if (s->cap - s->len < n) {
		s->cap = s->len + n > 2 * s->cap ? s->len + n : 2 * s->cap;
		s->p = xreallocarray(s->p, s->cap, 1);
	}
	memcpy(s->p + s->len, buf, n);
	s->len += n;
	return n;
}

/* A stream into a sink, emptied first; unbuffered, as the sink is memory. */
static FILE *
sink_open(struct sink *s)
{
	static const cookie_io_functions_t io = { .write = sink_write };
	FILE *fp;

	s->len = 0;
	if ((fp = fopencookie(s, "w", io)) == NULL ||
	    setvbuf(fp, NULL, _IONBF, 0) != 0)
		abort();
	__fsetlocking(fp, FSETLOCKING_BYCALLER);
	return fp;
}

/* Look up a block's numbers, one after the other, into its buffers. */
static void
block_run(const struct options *opt, struct dns *dns,
    struct ddds_cache *cache, struct block *b)
{
	FILE *out, *err;
	struct lookup *lk;
	const struct result *res;
	const ldns_rdf *name;
	size_t i;

	memset(b->n, 0, sizeof(b->n));
	b->werr = 0;
	out = sink_open(&b->out);
	err = sink_open(&b->err);
	for (i = 0; i < b->nline; i++) {
		lk = lookup_new(opt, cache, b->text + b->off[i], b->len[i]);
		while ((name = lookup_next(lk)) != NULL) {
			dns_query(dns, name, on_reply, lk);
			dns_run(dns, -1);
		}
		res = lookup_result(lk);
		b->n[res->status]++;
		if (emit(out, err, opt, res) == -1)
			b->werr = 1;
		lookup_free(lk);
	}
	if (fclose(out) == EOF || fclose(err) == EOF)
		abort();
}

static void *
worker(void *arg)
{
	struct pool *p = arg;
	struct ddds_cache *cache = ddds_cache_new();
	struct dns *dns;
	struct block *b;
	char *errstr = NULL;

	if ((dns = dns_new(p->opt, p->zone, &errstr)) == NULL)
		abort();	/* zone files: nothing can fail */
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && p->next_work == p->tail)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->next_work == p->tail)
			break;
		b = &p->ring[p->next_work++ % p->nring];
		pthread_mutex_unlock(&p->lock);
		block_run(p->opt, dns, cache, b);
		pthread_mutex_lock(&p->lock);
		b->state = BLOCK_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	dns_free(dns);
	ddds_cache_free(cache);
	return NULL;
}

/* Add a line to the block being filled. */
static void
block_add(struct block *b, const char *line, size_t len)
{
	if (b->textlen + len > b->textcap) {
		b->textcap = (b->textlen + len) * 2;
		b->text = xreallocarray(b->text, b->textcap, 1);
	}
	memcpy(b->text + b->textlen, line, len);
	b->off[b->nline] = b->textlen;
	b->len[b->nline++] = len;
	b->textlen += len;
}

/* Hand the block being filled (the one at tail) to the workers. */
static void
block_queue(struct pool *p, struct block *b)
{
	pthread_mutex_lock(&p->lock);
	b->state = BLOCK_QUEUED;
	p->tail++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

/*
 * Write a block's output to standard output as it is, past stdio's
 * buffer (flushed first, so the order holds): copying a batch's output
 * into it was work the lookups' threads waited for.  -1 on an error.
 */
static int
write_out(const struct sink *s)
{
	size_t off = 0;
	ssize_t n;

	if (fflush(stdout) == EOF)
		return -1;
	while (off < s->len) {
		if ((n = write(STDOUT_FILENO, s->p + off, s->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += n;
	}
	return 0;
}

/* Write out a done block; called with the lock not held. */
static void
block_write(struct block *b, struct tally *t, enum status *worst, int *werr)
{
	size_t s;

	if (b->err.len > 0)
		fwrite(b->err.p, 1, b->err.len, stderr);
	if (write_out(&b->out) == -1)
		*werr = 1;
	if (b->werr)
		*werr = 1;
	for (s = 0; s <= ST_INVALID; s++) {
		t->n[s] += b->n[s];
		t->done += b->n[s];
		if (b->n[s] > 0 && s > *worst)
			*worst = s;
	}
	b->nline = b->textlen = 0;
	b->state = BLOCK_FREE;
}

/*
 * Look up every number of the input in the zones on nthread worker
 * threads; as batch_run, returns the worst status and sets *werr when
 * stdout fails.  Returns -1 when no thread could be started, before any
 * input was read.
 */
int
batch_zone_run(const struct options *opt, struct zone *zone,
    struct input *in, size_t nthread, struct tally *t, enum status *worst,
    int *werr)
{
	struct pool p;
	pthread_t *tid = xcalloc(nthread, sizeof(*tid));
	struct pollfd pfd;
	const char *line;
	struct block *b;
	size_t len, started, i;

	memset(&p, 0, sizeof(p));
	p.opt = opt;
	p.zone = zone;
	p.nring = nthread * BLOCKS_A_THREAD;
	p.ring = xcalloc(p.nring, sizeof(*p.ring));
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.work, NULL);
	pthread_cond_init(&p.done, NULL);
	for (started = 0; started < nthread; started++)
		if (pthread_create(&tid[started], NULL, worker, &p) != 0)
			break;
	if (started == 0) {
		free(tid);
		free(p.ring);
		return -1;
	}
	for (;;) {
		/* fill free blocks from what the input has at hand */
		b = &p.ring[p.tail % p.nring];
		while (p.tail - p.head < p.nring && b->state == BLOCK_FREE &&
		    (line = input_next(in, &len)) != NULL) {
			block_add(b, line, len);
			if (b->nline == BLOCK_LINES) {
				block_queue(&p, b);
				b = &p.ring[p.tail % p.nring];
			}
		}
		/* a part block goes too: a slow pipe gets its answers */
		if (b->state == BLOCK_FREE && b->nline > 0 &&
		    p.tail - p.head < p.nring)
			block_queue(&p, b);
		/* write what is done, in order */
		pthread_mutex_lock(&p.lock);
		while (p.head < p.tail &&
		    p.ring[p.head % p.nring].state == BLOCK_DONE) {
			pthread_mutex_unlock(&p.lock);
			block_write(&p.ring[p.head % p.nring], t, worst, werr);
			pthread_mutex_lock(&p.lock);
			p.head++;
		}
		pthread_mutex_unlock(&p.lock);
		if (p.head == p.tail && input_done(in))
			break;
		if (fflush(stdout) == EOF)
			*werr = 1;
		progress(t, 0);
		/* more input when there is room and it is ready (or all is idle) */
		if (p.tail - p.head < p.nring && !input_done(in)) {
			pfd.fd = input_fd(in);
			pfd.events = POLLIN;
			if (p.head == p.tail || pfd.fd == -1 ||
			    poll(&pfd, 1, 0) > 0) {
				input_fill(in);
				continue;
			}
		}
		pthread_mutex_lock(&p.lock);
		if (p.head < p.tail &&
		    p.ring[p.head % p.nring].state != BLOCK_DONE)
			pthread_cond_wait(&p.done, &p.lock);
		pthread_mutex_unlock(&p.lock);
	}
	pthread_mutex_lock(&p.lock);
	p.stop = 1;
	pthread_cond_broadcast(&p.work);
	pthread_mutex_unlock(&p.lock);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	for (i = 0; i < p.nring; i++) {
		free(p.ring[i].text);
		free(p.ring[i].out.p);
		free(p.ring[i].err.p);
	}
	free(p.ring);
	free(tid);
	pthread_cond_destroy(&p.work);
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.lock);
	return 0;
}
