/* SPDX-License-Identifier: ISC */
/* enumq: --rate's pacing: when the next packet may go. */

#ifndef ENUMQ_RATE_H
#define ENUMQ_RATE_H

#include <stdint.h>

/*
 * --rate: how far behind a busy engine its clock may fall (what fell due
 * while enumq was busy or not running goes out at once), and how often a
 * round runs at most while packets wait for the clock (a round is a pass
 * over every query in flight: the packets due by then go out together,
 * and the replies come in together).
 */
#define RATE_LAG_MS	25
#define RATE_TICK_MS	1
#define RATE_SLOTS	1001	/* --rate's window: ms slots, a little over 1 s */

/*
 * --rate: a packet is due every 1/rate s.  The clock may run up to
 * RATE_LAG_MS behind an engine that had packets waiting, so that those
 * due while it slept or worked go out in one round, but a quiet spell
 * earns nothing; and no more than rate packets go out in any second,
 * counted in slots of a millisecond over RATE_SLOTS of them.
 */
struct rate {
	unsigned	 per_s;		/* packets a second; 0: no limit */
	double		 due;		/* when the next packet may go, in ms */
	int		 held;		/* a packet waited at the last round */
	long long	 ms;		/* the millisecond of the newest slot */
	unsigned long	 sum;		/* packets sent in the window */
	uint32_t	 slot[RATE_SLOTS];	/* packets sent each millisecond */
};

void	 rate_init(struct rate *, unsigned);
void	 rate_round(struct rate *, double);
int	 rate_allows(struct rate *, double, double *);

#endif /* ENUMQ_RATE_H */
