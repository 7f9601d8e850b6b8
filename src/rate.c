/* SPDX-License-Identifier: ISC */
/* enumq: --rate: when the engine's next packet may go out. */

#include <string.h>

#include "dns.h"

/* A round begins at now: bring --rate's clock and window up to it. */
void
rate_round(struct dns *d, double now)
{
	struct rate *r = &d->rate;
	long long ms = (long long)now, m;

	if (d->opt->rate == 0)
		return;
	if (!r->held && r->due < now)
		r->due = now;
	else if (r->due < now - RATE_LAG_MS)
		r->due = now - RATE_LAG_MS;
	r->held = 0;
	if (ms - r->ms >= RATE_SLOTS) {
		memset(r->slot, 0, sizeof(r->slot));
		r->sum = 0;
	} else
		for (m = r->ms + 1; m <= ms; m++) {
			r->sum -= r->slot[m % RATE_SLOTS];
			r->slot[m % RATE_SLOTS] = 0;
		}
	r->ms = ms;
}

/*
 * May a packet go out now under --rate?  Takes its place if so; if not,
 * cuts *wait to when one may.  Any second holds at most rate packets:
 * every window of RATE_SLOTS milliseconds does, and a second lies within
 * one.
 */
int
rate_allows(struct dns *d, double now, double *wait)
{
	struct rate *r = &d->rate;
	double until;

	if (d->opt->rate == 0)
		return 1;
	if (r->due > now)
		until = r->due - now < RATE_TICK_MS ? RATE_TICK_MS :
		    r->due - now;
	else if (r->sum >= d->opt->rate)
		until = (double)(r->ms + 1) - now;	/* a slot leaves */
	else {
		r->due += 1000.0 / d->opt->rate;
		r->slot[r->ms % RATE_SLOTS]++;
		r->sum++;
		return 1;
	}
	r->held = 1;
	if (until < *wait)
		*wait = until;
	return 0;
}
