/* SPDX-License-Identifier: ISC */
/* enumq: --rate's pacing: a clock of its own, and no second over the rate. */

#include <string.h>

#include "rate.h"

/* Pace at per_s packets a second (0: no limit), none sent yet. */
void
rate_init(struct rate *r, unsigned per_s)
{
	memset(r, 0, sizeof(*r));
	r->per_s = per_s;
}

/* A round begins at now: bring --rate's clock and window up to it. */
void
rate_round(struct rate *r, double now)
{
	long long ms = (long long)now, m;

	if (r->per_s == 0)
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
rate_allows(struct rate *r, double now, double *wait)
{
	double until;

	if (r->per_s == 0)
		return 1;
	if (r->due > now)
		until = r->due - now < RATE_TICK_MS ? RATE_TICK_MS :
		    r->due - now;
	else if (r->sum >= r->per_s)
		until = (double)(r->ms + 1) - now;	/* a slot leaves */
	else {
		r->due += 1000.0 / r->per_s;
		r->slot[r->ms % RATE_SLOTS]++;
		r->sum++;
		return 1;
	}
	r->held = 1;
	if (until < *wait)
		*wait = until;
	return 0;
}
