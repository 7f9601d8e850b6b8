/* SPDX-License-Identifier: ISC */
/* enumq: shared types and prototypes, grouped by the file that defines them. */

#ifndef ENUMQ_H
#define ENUMQ_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ENUMQ_VERSION	"0.1.0"

#define E164_MAX_DIGITS	15	/* RFC 3939 3.2 */
#define E164_INPUT_MAX	256	/* longest written number accepted */
#define INPUT_ECHO_MAX	64	/* bytes shown of a longer input */
#define CHAIN_MAX_HOPS	5	/* non-terminal hops before a loop (RFC 6116 5.2.1) */
#define CNAME_MAX	8	/* CNAMEs followed for one set */
#define QUERIES_MAX	32	/* queries one number may cause in one tree */
#define TREES_MAX	8	/* --tree given at most this often */
#define SERVICES_MAX	16	/* --service given at most this often */
#define CONCURRENCY_MAX	4096	/* --concurrency at most */
#define SERVERS_MAX	8	/* name server addresses used at most */
#define REGEXP_MATCH_LIMIT	100000	/* PCRE2 match limit per rewrite */
#define REGEXP_DEPTH_LIMIT	1000	/* PCRE2 backtracking depth limit */
#define HOST_SERVERS_MAX	SERVERS_MAX	/* --host-server at most */

/* DNS names fold ASCII case only (RFC 4343), whatever the locale. */
#define LOWER(c)	((c) >= 'A' && (c) <= 'Z' ? (c) + 'a' - 'A' : (c))

/* Per-number outcome, ordered so that a larger value is a larger exit code. */
enum status {
	ST_OK,		/* at least one usable URI */
	ST_NODATA,	/* the name exists but yields no usable URI */
	ST_NXDOMAIN,	/* the number is not in ENUM */
	ST_ERROR,	/* no valid answer */
	ST_INVALID	/* not an E.164 number */
};

/* A byte string from the DNS: may hold any byte, NUL included; p[len] == 0. */
struct bytes {
	char	*p;
	size_t	 len;
};

/* Bytes borrowed from elsewhere (a message, the zone store): not owned. */
struct span {
	const char *p;
	size_t	 len;
};

/* exit statuses besides enum status (sysexits(3)) */
#define EXIT_USAGE	64	/* EX_USAGE: a bad option, number file or zone file */
#define EXIT_OSERR	71	/* EX_OSERR: out of memory, a system call failed */
#define EXIT_IOERR	74	/* EX_IOERR: stdout failed */

/* util.c */
void	 util_fatal(const char *) __attribute__((noreturn));
int	 util_ldh(const char *, size_t, size_t);
uint32_t util_hash(const void *, size_t);
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
void	*xgrow(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 bytes_set(struct bytes *, const void *, size_t);
void	 bytes_free(struct bytes *);
long long parse_number(const char *, long long, long long, const char **);
double	 util_now_ms(void);
size_t	 cpus_usable(void);
void	 run_parallel(void *(*)(void *), void *, size_t, size_t);
const char *status_name(enum status);
/* A string being built; p is NUL-terminated once anything is in it. */
struct sbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};
void	 sb_put(struct sbuf *, const char *, size_t);
void	 sb_printf(struct sbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
struct rcode_name {
	char	 s[16];
};
struct rcode_name rcode_name(int);

/* dname.c: domain names in wire form */
#define DNAME_MAX	255	/* RFC 1035 3.1 */
struct dname {
	size_t	 len;			/* 1 (the root) to DNAME_MAX */
	uint8_t	 wire[DNAME_MAX];	/* labels, the root's last */
};
int	 dname_from_str(const char *, struct dname *);
char	*dname_str(const uint8_t *, size_t);
size_t	 dname_put(char *, const uint8_t *, size_t);
int	 dname_wire_equal(const uint8_t *, const uint8_t *, size_t);
void	 dname_lower(uint8_t *, const uint8_t *, size_t);
int	 dname_equal(const struct dname *, const struct dname *);
size_t	 dname_labels(const struct dname *);
int	 dname_is_below(const struct dname *, const struct dname *);
void	 dname_chop(struct dname *);
void	 dname_set(struct dname *, const uint8_t *, size_t);

/*
 * reply.c: one answer, from the network or from zone files, as plain
 * data: what the lookup reads of it, and what later checks will.
 */
#define RCODE_NOERROR	0
#define RCODE_NXDOMAIN	3
/* query types asked for (RFC 1035 3.2.2, RFC 3596, RFC 2782, RFC 3403) */
#define QTYPE_A		1
#define QTYPE_SOA	6
#define QTYPE_AAAA	28
#define QTYPE_SRV	33
#define QTYPE_NAPTR	35
#define REPLY_QR	0x8000	/* header flags, at their bits (RFC 1035 4.1.1) */
#define REPLY_AA	0x0400
#define REPLY_TC	0x0200
#define REPLY_RD	0x0100
#define REPLY_RA	0x0080
#define REPLY_AD	0x0020	/* RFC 4035 3.2.3 */
#define REPLY_CD	0x0010
struct reply_naptr {
	uint32_t	 ttl;
	uint16_t	 order;
	uint16_t	 preference;
	/*
	 * The character-strings, without their length: borrowed from the
	 * message or the zone store, valid as long as the reply.
	 */
	struct span	 flags;
	struct span	 services;
	struct span	 regexp;
	struct dname	 replacement;
	const char	*file;		/* the zone file that holds it, NULL */
	uint32_t	 line;		/* over the network; the line it starts on */
};
struct reply_soa {
	struct dname	 owner;
	struct dname	 mname;
	struct dname	 rname;
	uint32_t	 serial;
	uint32_t	 minimum;
	uint32_t	 ttl;
};
struct reply_srv {
	uint32_t	 ttl;
	uint16_t	 priority;
	uint16_t	 weight;
	uint16_t	 port;
	struct dname	 target;
};
struct reply_addr {
	uint32_t	 ttl;
	int		 family;	/* AF_INET or AF_INET6 */
	uint8_t		 addr[16];	/* 4 or 16 bytes, network order */
};
/* One server asked for a name, and what came of it. */
struct reply_try {
	const char	*server;	/* "addr#port" */
	int		 rcode;		/* its answer's; -1: no answer */
	const char	*error;		/* why no valid answer, or NULL */
};
struct reply {
	int		 rcode;		/* extended included; -1: no answer */
	unsigned	 flags;		/* REPLY_AA and the rest */
	const char	*server;	/* "addr#port", or the zone file */
	const char	*error;		/* why no valid answer, or NULL */
	/*
	 * Over the network, every server asked, in the order first asked,
	 * the one that sent this reply (or was tried last) last; borrowed,
	 * valid as long as the reply.  Zone files leave it empty.
	 */
	const struct reply_try *tried;
	size_t		 ntried;
	struct dname	 qname;		/* the name asked for */
	uint16_t	 qtype;		/* and its type: QTYPE_* */
	struct dname	 owner;		/* after CNAME and DNAME chasing */
	int		 hops;		/* CNAMEs taken to reach owner */
	struct reply_naptr *naptr;	/* IN NAPTRs of owner, answer order */
	size_t		 nnaptr;
	struct reply_srv *srv;		/* SRV query: IN SRVs of owner */
	size_t		 nsrv;
	struct reply_addr *addr;	/* A, AAAA query: its addresses */
	size_t		 naddr;
	int		 referral;	/* no AA, NS of an ancestor in authority */
	struct dname	 cut;		/* the referral's zone cut */
	struct dname	*ns;		/* and its name servers */
	size_t		 nns;
	int		 has_soa;	/* negative answer with an SOA, or an
					   SOA query answered with one */
	struct reply_soa soa;
	/* RRSIGs: a later DNSSEC step adds them here */
};
void	 reply_init(struct reply *, const struct dname *, uint16_t);
void	 reply_clear(struct reply *);
struct reply_naptr *reply_add_naptr(struct reply *);
void	 reply_add_ns(struct reply *, const uint8_t *, size_t);
struct reply_srv *reply_add_srv(struct reply *);
struct reply_addr *reply_add_addr(struct reply *);
uint32_t reply_negative_ttl(const struct reply *);
const char *qtype_name(uint16_t);
char	*reply_referral_str(const struct reply *);
char	*reply_failure(const struct reply *);
char	*reply_why(const struct reply *);
const char *reply_flag(size_t, unsigned *);

/*
 * A line of output built in memory and written to its stream in a few
 * pieces: a batch writes a kilobyte of JSON per number, and stdio's calls
 * per byte or per field were the largest cost of a batch.
 */
struct linebuf {
	FILE	*fp;
	size_t	 len;
	char	 buf[4096];
};

static inline void
lb_flush(struct linebuf *lb)
{
	fwrite_unlocked(lb->buf, 1, lb->len, lb->fp);
	lb->len = 0;
}

static inline void
lb_put(struct linebuf *lb, const void *p, size_t len)
{
	if (len > sizeof(lb->buf) - lb->len) {
		lb_flush(lb);
		if (len > sizeof(lb->buf)) {
			fwrite_unlocked(p, 1, len, lb->fp);
			return;
		}
	}
	memcpy(lb->buf + lb->len, p, len);
	lb->len += len;
}

/* escape.c: every byte that reaches an output goes through one of these */
void	 esc_text(FILE *, const char *, size_t);
void	 esc_text_input(FILE *, const char *, size_t, size_t);
void	 esc_json(struct linebuf *, const char *, size_t);
void	 esc_json_str(struct linebuf *, const char *);
void	 json_uint(struct linebuf *, size_t);
void	 esc_shell(FILE *, const char *, size_t);

/* e164.c */
struct number {
	char	 aus[32];		/* "+4412..." or ISN "1234*256" */
	int	 isn;			/* ITAD subscriber number */
	const char *note;		/* how the input was read, or NULL */
	int	 named;			/* given as its ENUM domain name, */
	int	 infrastructure;	/* that name with the label "i", */
	char	 tree[E164_INPUT_MAX + 2]; /* under this tree (absolute) */
	int	 enumdi;		/* a tel: URI with ;enumdi (RFC 4759) */
	char	 rn[E164_INPUT_MAX + 1];	/* its ;rn= (RFC 4694), without
					   visual separators, or "" */
	char	 msg[96];		/* e164_parse's message, when built */
};
const char *e164_parse(const char *, size_t, struct number *);
void	 e164_enumdi_kept(struct number *);
char	*e164_domain(const struct number *, const char *, int);
size_t	 e164_ntrees(const struct number *, size_t);
const char *e164_tree(const struct number *, const char *const *, size_t,
	    size_t);

/*
 * tel.c: tel: URIs (RFC 3966 3) and the parameters of RFC 4694 (rn, cic,
 * npdi) and RFC 4759 (enumdi), for URIs from the DNS and numbers given as
 * tel: URIs.
 */
struct tel_param {
	char	*name;			/* lowercase, in tel.buf */
	char	*value;			/* as written; NULL: none (";npdi") */
};
struct tel {
	char		*buf;		/* owned: the URI after "tel:", cut up */
	char		*number;	/* "+4412...", without separators */
	int		 global;	/* the number begins with '+' */
	struct tel_param *param;	/* in the order written */
	size_t		 nparam;
	char		 why[96];	/* tel_parse's message, when built */
};
int	 tel_separator(int);
const char *tel_parse(const char *, size_t, int, struct tel *);
const struct tel_param *tel_param(const struct tel *, const char *);
char	*tel_routing_number(const struct tel *);
void	 tel_free(struct tel *);

/* ere.c: POSIX EREs (XBD 9.4) checked and written in PCRE2's syntax */
#define ERE_WHY_MAX	160
struct ere {
	char		*pattern;	/* for PCRE2, NUL-terminated */
	size_t		 len;
	uint32_t	 ngroup;	/* parenthesised subexpressions */
	int		 one_end;	/* from one start, all matches end alike */
	char		 why[ERE_WHY_MAX];	/* a refusal: what and why */
};
const char *ere_translate(struct ere *, const char *, size_t);
void	 ere_free(struct ere *);

/* ddds.c */
struct ddds_cache;
struct ddds_regex;
struct ddds_cache *ddds_cache_new(void);
void	 ddds_cache_free(struct ddds_cache *);
const char *ddds_rewrite(struct ddds_cache *, const struct bytes *,
	    const char *, struct bytes *, const char **);
const char *ddds_regex_new(const char *, size_t, int, struct ddds_regex **,
	    char **);
void	 ddds_regex_free(struct ddds_regex *);
uint32_t ddds_regex_groups(const struct ddds_regex *);
const char *ddds_regex_match(struct ddds_cache *, const struct ddds_regex *,
	    const char *, size_t, size_t[2]);

/*
 * enumservices.c, generated from IANA's registry (src/enumservices.tsv),
 * and naptr.c: the registered Enumservices and the URI schemes each one
 * allows (RFC 6117 5.2.4).
 */
struct enumservice_reg {
	const char	*type;		/* lowercase */
	const char	*subtype;	/* lowercase; "" when there is none */
	const char	*schemes;	/* allowed URI schemes: "sip,sips" */
	const char	*usage;		/* intended usage: "COMMON", ... */
	const char	*refs;		/* "RFC4355,RFC6118" */
};
extern const struct enumservice_reg enumservice_registry[];
extern const size_t enumservice_registry_len;
const struct enumservice_reg *enumservice_lookup(const char *, const char *);
const struct enumservice_reg *enumservice_find(const char *);
int	 enumservice_allows(const struct enumservice_reg *, const char *,
	    size_t);

/* naptr.c */
struct enumservices {
	char	**v;			/* "type" or "type:subtype", lowercase; */
	size_t	  n;			/* v and its strings in the record's mem */
};
struct record {
	char		*mem;		/* es.v, owner, flags, services, regexp
					   and replacement live in this block */
	char		*owner;		/* presentation name of the NAPTR owner */
	uint16_t	 order;
	uint16_t	 preference;
	struct bytes	 flags;
	struct bytes	 services;
	struct bytes	 regexp;
	char		*replacement;	/* presentation, "." when empty */
	struct dname	 next;		/* non-terminal: the name to query */
	int		 has_next;	/* replacement is not the root */
	struct enumservices es;		/* usable Enumservices after filters */
	unsigned char	*mismatch;	/* NULL, or per es.v[i]: 1 when its
					   registration does not allow the
					   URI's scheme (no --service) */
	struct bytes	 result;	/* the URI, or the next name */
	struct tel	*tel;		/* a used tel: URI parsed (number NULL:
					   not RFC 3966's, tel->why says why) */
	const char	*reason;	/* why discarded, NULL when used */
	char		*why;		/* the reason in words, or NULL */
	int		 terminal;	/* 'u' record */
	size_t		 child;		/* non-terminal: set index, 0 = none */
	uint32_t	 ttl;
	const char	*file;		/* zone file (borrowed from the store), */
	uint32_t	 line;		/* its line; NULL, 0 over the network */
	size_t		 set;		/* the answer it came in, counted per lookup */
	int		 depth;		/* non-terminal hops from the number's name */
	int		 target_rcode;	/* followed: its target's RCODE, -1 none */
	size_t		 target_naptrs;	/* and the NAPTRs the target holds */
};
struct filter {
	char	*spec[SERVICES_MAX];	/* "type" or "type:subtype", lowercase */
	size_t	 n;
};
int	 naptr_service_spec(const char *, char **);
void	 naptr_record_init(struct record *, const struct dname *,
	    const struct reply_naptr *, const char *);
void	 naptr_record_free(struct record *);
void	 naptr_judge(struct record *, const struct filter *,
	    struct ddds_cache *, const char *);
void	 naptr_rank(const struct record *, size_t *, size_t);
int	 naptr_enumservice_valid(const char *, size_t);
int	 naptr_discarded(const struct record *);
void	 enumservices_free(struct enumservices *);

struct route_table;

/* options shared by the modules; main.c fills it in */
enum format { FMT_TEXT, FMT_JSON, FMT_SHELL };
struct options {
	struct filter	 filter;		/* --service */
	const char	*tree[TREES_MAX];	/* --tree */
	size_t		 ntree;
	const char	*server[SERVERS_MAX];	/* --server, @server */
	size_t		 nserver;
	const char	*resolv_conf;		/* --resolv-conf */
	int		 family;		/* -4, -6: AF_INET(6), or 0 */
	uint16_t	 port;			/* --port */
	int		 tcp;			/* --tcp */
	int		 timeout_ms;		/* --timeout */
	int		 timeout_set;		/* --timeout given */
	int		 retries;		/* --retries */
	int		 retries_set;		/* --retries given */
	const char	**zone_file;		/* --zone-file */
	size_t		 nzone_file;
	enum format	 format;		/* --output, -j */
	int		 first;			/* --first */
	int		 name_only;		/* --name */
	const char	**file;			/* --file, in the order given */
	size_t		 nfile;
	int		 verbose;		/* --verbose */
	int		 quiet;			/* --quiet */
	int		 infrastructure;	/* --infrastructure */
	size_t		 concurrency;		/* --concurrency */
	unsigned	 rate;			/* --rate, 0 = no limit */
	int		 lint;			/* --lint */
	int		 list;			/* --list */
	const char	*expect;		/* --expect */
	int		 stats;			/* --stats */
	int		 route;			/* --route */
	const struct route_table *routes;	/* --routes, read */
	const char	*host_server[HOST_SERVERS_MAX];	/* --host-server */
	size_t		 nhost_server;
};

/* dns.c: all DNS I/O over the network */
typedef void dns_done_fn(void *, const struct reply *);
struct dns;
struct zone;
/*
 * What the engine did, for --stats and -v: counted by dns.c, printed by
 * report.c.  Why a server's answer was no valid answer, or why it gave
 * none, per try.
 */
enum dns_fail {
	FAIL_TIMEOUT,		/* no reply within --timeout */
	FAIL_NETWORK,		/* a send, an ICMP error, a TCP connection */
	FAIL_MALFORMED,		/* a message ldns cannot parse */
	FAIL_ANSWER,		/* a reply the lookup cannot use (packet.c) */
	FAIL_REFERRAL,		/* no AA, a referral: not authoritative */
	FAIL_FORMERR,		/* rcodes other than NOERROR and NXDOMAIN */
	FAIL_SERVFAIL,
	FAIL_NOTIMP,
	FAIL_REFUSED,
	FAIL_RCODE,		/* any other rcode */
	FAIL_KINDS
};
struct dns_server_stats {
	const char	*name;		/* "addr#port" */
	size_t		 sent;		/* queries sent to it, UDP and TCP */
	size_t		 answered;	/* replies taken, any rcode, not TC */
	size_t		 fail[FAIL_KINDS];	/* failed tries, by kind */
};
struct dns_stats {
	size_t		 queries;	/* names asked (dns_query) */
	size_t		 sent;		/* messages sent: every try */
	size_t		 sent_tcp;	/* of which over TCP */
	size_t		 retries;	/* tries after a query's first */
	size_t		 truncated;	/* UDP replies with TC */
	size_t		 tcp_fallback;	/* TCP tries that continued those */
	size_t		 timeouts;	/* tries with no reply in time */
	struct dns_server_stats server[SERVERS_MAX];	/* as listed */
	size_t		 nserver;
};
struct dns *dns_new(const struct options *, int *, char **);
void	 dns_free(struct dns *);
void	 dns_query(struct dns *, const struct dname *, uint16_t, int,
	    dns_done_fn *, void *);
int	 dns_run(struct dns *, int);
void	 dns_idle(struct dns *);
const char *dns_library_version(void);	/* ldns's, for -V (packet.c) */
const struct dns_stats *dns_stats(const struct dns *);

/* server.c: the name servers */
int	 server_parse(const char *, char *, size_t, uint16_t *);

/*
 * zone_load.c, zone_answer.c: authoritative answers from zone files.
 * zone_load sets its int * (unless NULL) to 1 when it fails on a file that
 * cannot be read at all (missing, unreadable, a directory: a usage
 * error), to 0 when on what a file holds (a zone error).
 */
struct zone *zone_load(const char **, size_t, int *, char **);
void	 zone_free(struct zone *);
void	 zone_answer(const struct zone *, const struct dname *, struct reply *);

/*
 * zone_names.c: the names of the zones that hold records, for --lint and
 * --list, in zone order (the order of their first record as read).
 */
#define OWNER_NAPTR	0x01	/* holds NAPTR records */
#define OWNER_CNAME	0x02	/* holds a CNAME */
struct zone_owner {
	uint32_t	 node;		/* the store's reference: opaque */
	uint32_t	 types;		/* OWNER_* */
	uint32_t	 apex;		/* its zone: opaque */
};
size_t	 zone_owners(const struct zone *, struct zone_owner **);
void	 zone_owner_name(const struct zone *, const struct zone_owner *,
	    struct dname *);
void	 zone_owner_prefetch(const struct zone *, const struct zone_owner *);
void	 zone_owner_where(const struct zone *, const struct zone_owner *,
	    const char **, uint32_t *);

/* lookup.c: one number through every tree, as a state machine */
struct server_result {
	const char	*server;	/* "addr#port", or the zone file */
	int		 rcode;		/* -1 when no answer */
	char		*error;		/* why no valid answer, or NULL */
};
struct tree_result {
	const char	*tree;		/* the options', the number's: borrowed */
	char		*domain;
	enum status	 status;
	int		 rcode;		/* -1 when no answer */
	unsigned	 flags;		/* its header's REPLY_QR ... */
	char		*error;		/* why there is no answer, or NULL */
	const char	*server;	/* who answered the root query */
	struct server_result *servers;	/* each asked for it, in order, */
	size_t		 nservers;
	struct server_result one;	/* or the zones alone, here */
	int		 has_soa;	/* its answer was negative, with */
	struct reply_soa soa;		/* this SOA (last: see tree_start) */
};
struct uri {
	size_t		 rank;		/* 1 is what a strict DDDS client picks */
	size_t		 rec;		/* index into records */
	uint32_t	 ttl;		/* the lowest TTL on its chain (RFC 6116
					   7.2): its record's, and the
					   non-terminal records' that led there */
};
struct result {
	struct bytes	 input;		/* as given; may hold a NUL */
	size_t		 input_size;	/* its length as read (input.c) */
	int		 valid;
	struct number	 number;
	char		*domain;	/* of the reported tree */
	const char	*tree;
	enum status	 status;
	int		 rcode;
	unsigned	 flags;		/* the header's REPLY_QR ... */
	const char	*server;
	const char	*error;
	const struct server_result *servers;	/* of the reported tree */
	size_t		 nservers;
	double		 elapsed_ms;
	struct tree_result trees[TREES_MAX];
	size_t		 ntrees;
	struct record	*records;	/* every NAPTR seen, in order seen */
	size_t		 nrecords;
	struct uri	*uris;		/* ranked */
	size_t		 nuris;
	size_t		 discarded;	/* records naptr_discarded says are */
	const struct reply_soa *soa;	/* the zone that answered, or NULL */
	const struct verdict *verdict;	/* --route's, or NULL */
};
struct lookup;
struct lookup *lookup_new(const struct options *, struct ddds_cache *,
	    const char *, size_t, size_t);
struct lookup *lookup_number(const struct options *, struct ddds_cache *,
	    const struct number *, const struct dname *);
void	 lookup_free(struct lookup *);
const struct dname *lookup_next(struct lookup *);
void	 lookup_answer(struct lookup *, const struct reply *);
const struct result *lookup_result(const struct lookup *);
void	 lookup_verdict(struct lookup *, const struct verdict *);

/*
 * route.c: --route's verdict, what a softswitch would do with the answer
 * (RFC 5346 4.1.2, 4.2), the URI's targets by RFC 3263 4; the action's
 * value is its exit status.  The modules' own types are in route.h.
 */
#define TARGETS_MAX	16	/* SRV targets (or hosts) resolved per URI */
#define URIS_ROUTED_MAX	8	/* call URIs tried per number */
enum action {
	ACT_ROUTE = 0,
	ACT_REJECT = 1,
	ACT_PSTN = 2,
	ACT_INVALID = 4
};
struct target {
	char		*host;		/* presentation, no final dot */
	uint16_t	 port;
	const char	*transport;	/* "udp", "tcp", "tls" */
	char		**addr;		/* every A and AAAA, presentation;
					   one block with its strings */
	size_t		 naddr;
};
struct verdict {
	enum action	 action;
	char		*reason;
	const struct bytes *uri;	/* the URI it rests on, or NULL */
	char		*routing_number;	/* pstn: "+...", or NULL */
	struct target	*target;
	size_t		 ntarget;
	int		 has_ttl;
	uint32_t	 ttl;
	int		 has_zone;	/* the SOA query's answer (-v) */
	struct reply_soa zone;
};
const char *action_name(enum action);

/* output*.c: one formatter per format, same signature; -1 on write error */
typedef int output_fn(FILE *, const struct result *, const struct options *);
output_fn output_text, output_json, output_shell;
int	 output_result(FILE *, const struct result *, const struct options *);
void	 trace_record(const char *, const struct record *);
int	 output_format(const char *, enum format *);
int	 output_shows_records(const struct options *);

/* input.c: numbers from the arguments, then from each --file in turn */
struct input;
struct input *input_open(char **, int, const char *const *, size_t, char **);
void	 input_close(struct input *);
int	 input_fd(const struct input *);
int	 input_done(const struct input *);
void	 input_fill(struct input *);
const char *input_error(const struct input *, size_t);
const char *input_next(struct input *, size_t *, size_t *);
int	 input_count(const struct input *, size_t *);

/* report.c: counts, the progress line, results and errors out */
#define REASONS_MAX	32	/* discard reasons counted apart; more: "other" */
struct tally {
	size_t	 n[ST_INVALID + 1];	/* numbers per status */
	size_t	 done;
	size_t	 total;			/* numbers the input holds, 0: unknown */
	enum status worst;
	double	 start;
	double	 shown;			/* when the progress line was drawn */
	int	 progress;		/* draw it: stderr is a terminal */
	int	 drawn;			/* it was drawn: leave a last one */
	int	 stats;			/* --stats or -v: count for the summary */
	size_t	 zone_queries;		/* -z: queries the zone files answered */
	size_t	 verdict[ACT_INVALID + 1];	/* -R: numbers per action */
	size_t	 host_asked;		/* -R: host answers asked for, */
	size_t	 host_kept;		/* found in the host cache */
	size_t	 discarded;		/* records discarded, */
	struct {
		const char *reason;	/* static: naptr.c's, lookup.c's */
		size_t	 n;
	} reason[REASONS_MAX];		/* by reason, in order first seen */
	size_t	 nreason;
};
void	 report_start(struct tally *, const struct options *,
	    const struct input *);
void	 report_invalid(FILE *, const char *, size_t, size_t, const char *);
void	 report_note(FILE *, const char *, size_t, size_t,
	    const struct number *);
int	 report_emit(struct tally *, FILE *, FILE *, const struct options *,
	    const struct result *);
void	 report_progress(struct tally *);
void	 report_finish(const struct tally *, const struct options *,
	    const struct dns_stats *);

/*
 * lint.c: findings about the records of a lookup's result (--lint), each
 * with a stable code; which checks apply depends on who owns the name the
 * lookup started at.
 */
enum severity { SEV_NOTE, SEV_WARNING, SEV_ERROR };
enum lint_kind {
	LINT_GIVEN,	/* a number given: its answer, wherever it came from */
	LINT_NUMBER,	/* a zone's name that maps to a number */
	LINT_WILDCARD,	/* a wildcard under a number's name: a probe number */
	LINT_NAME	/* any other name: the records' form only */
};
struct finding {
	enum severity	 severity;
	const char	*code;		/* "bad-regexp", "loop", ... */
	const char	*file;		/* NULL over the network */
	uint32_t	 line;		/* 0 over the network */
	char		*owner;		/* presentation */
	char		*number;	/* the AUS when a number owns owner, or NULL */
	char		*record;	/* "NAPTR 100 10 ...", NULL when none */
	char		*message;
	const char	*rfc;		/* "RFC 5483 2.4" */
	char		*key;		/* the same finding found twice has one key */
};
struct lint_cache;
struct lint_findings {
	struct finding	*v;
	size_t		 n;
	size_t		 records;	/* NAPTRs at the names lookups began at */
	struct lint_cache *cache;	/* what need not be checked again */
};
void	 lint_check(struct lint_findings *, const struct result *,
	    enum lint_kind, const char *, uint32_t);
void	 lint_findings_clear(struct lint_findings *);
void	 lint_findings_free(struct lint_findings *);
const char *lint_severity_name(enum severity);

/* lint_output.c: findings out in the three formats, once each; the summary */
struct lint_report;
struct lint_report *lint_report_new(const struct options *, FILE *);
void	 lint_report_free(struct lint_report *);
int	 lint_report_add(struct lint_report *, const struct lint_findings *);
void	 lint_report_count(struct lint_report *, size_t, size_t, size_t);
int	 lint_report_check(struct lint_report *, const struct result *);
int	 lint_report_finish(struct lint_report *);
int	 lint_report_status(const struct lint_report *);

/*
 * batch.c: run numbers through the DNS or zone files, results in input
 * order; each to a check (with its argument) when one is given, instead
 * of out: it returns -1 when its output fails.
 */
typedef int batch_check_fn(void *, const struct result *);
enum status batch_run(const struct options *, struct dns *,
	    const struct zone *, struct input *, batch_check_fn *, void *,
	    int *);

/* lint_run.c: --lint over the zones' names, --lint of numbers, --list */
int	 lint_zone(const struct options *, const struct zone *, int *);
int	 lint_numbers(const struct options *, struct dns *,
	    const struct zone *, struct input *, int *);
int	 lint_list(const struct options *, const struct zone *, int *);

/* expect_load.c: --expect's file read, both forms (jansson for JSON) */
struct expect_uri {
	struct bytes	 uri;
	int		 order;		/* ORDER, PREFERENCE; -1 when not given */
	int		 preference;
	char		*owner;		/* the owner the URI came from, or NULL */
	struct bytes	*es;		/* Enumservices, when given (has_es) */
	size_t		 nes;
	int		 has_es;
};
struct expectation {
	char		*number;	/* looked up as given: valid */
	uint32_t	 line;
	enum status	 status;
	struct expect_uri *uris;	/* in rank order */
	size_t		 nuris;
	int		 ranked;	/* every URI has ORDER and PREFERENCE */
};
struct expectations {
	const char	*file;		/* as given; "stdin" for "-" */
	struct expectation *v;
	size_t		 n;
};
int	 expect_read(FILE *, const char *, struct expectations *, char **);
int	 expect_load(const char *, struct expectations *, char **);
void	 expectations_free(struct expectations *);

/* expect.c: --expect: results against expectations, differences out */
int	 expect_run(const struct options *, struct dns *,
	    const struct zone *, const struct expectations *, int *);

/* trace (verbose) to stderr */
void	 util_trace(const char *, ...) __attribute__((format(printf, 1, 2)));
extern int util_trace_on;

#endif /* ENUMQ_H */
