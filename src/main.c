/* SPDX-License-Identifier: ISC */
/* enumq: ENUM lookups from the command line: parse options, run, clean up. */

#define PCRE2_CODE_UNIT_WIDTH 8

#include <sys/resource.h>
#include <sys/socket.h>

#include <err.h>
#include <stdarg.h>
#include <getopt.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcre2.h>

#include "route.h"


enum {
	OPT_TIMEOUT = 256,
	OPT_RETRIES,
	OPT_RATE,
	OPT_EXPECT,
	OPT_LINT,
	OPT_LIST,
	OPT_RESOLV_CONF,
	OPT_STATS,
	OPT_ROUTES,
	OPT_HOST_SERVER,
};

static const struct option longopts[] = {
	{ "concurrency",	required_argument,	NULL, 'c' },
	{ "expect",		required_argument,	NULL, OPT_EXPECT },
	{ "first",		no_argument,		NULL, '1' },
	{ "file",		required_argument,	NULL, 'f' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "host-server",	required_argument,	NULL, OPT_HOST_SERVER },
	{ "infrastructure",	no_argument,		NULL, 'I' },
	{ "json",		no_argument,		NULL, 'j' },
	{ "lint",		no_argument,		NULL, OPT_LINT },
	{ "list",		no_argument,		NULL, OPT_LIST },
	{ "name",		no_argument,		NULL, 'n' },
	{ "output",		required_argument,	NULL, 'o' },
	{ "port",		required_argument,	NULL, 'p' },
	{ "quiet",		no_argument,		NULL, 'q' },
	{ "rate",		required_argument,	NULL, OPT_RATE },
	{ "resolv-conf",	required_argument,	NULL, OPT_RESOLV_CONF },
	{ "retries",		required_argument,	NULL, OPT_RETRIES },
	{ "route",		no_argument,		NULL, 'R' },
	{ "routes",		required_argument,	NULL, OPT_ROUTES },
	{ "server",		required_argument,	NULL, 'S' },
	{ "service",		required_argument,	NULL, 's' },
	{ "stats",		no_argument,		NULL, OPT_STATS },
	{ "tcp",		no_argument,		NULL, 'T' },
	{ "timeout",		required_argument,	NULL, OPT_TIMEOUT },
	{ "tree",		required_argument,	NULL, 't' },
	{ "verbose",		no_argument,		NULL, 'v' },
	{ "version",		no_argument,		NULL, 'V' },
	{ "zone-file",		required_argument,	NULL, 'z' },
	{ NULL,			0,			NULL, 0 }
};

static const char usage_text[] =
"usage: enumq [options] [@server ...] number ...\n"
"       enumq [options] -f file\n"
"       enumq [options] --expect file\n"
"\n"
"  -1, --first            only the best URI (text: the bare URI)\n"
"  -4, -6                 only IPv4, only IPv6 name servers\n"
"  -c, --concurrency N    lookups in flight at once (default 64)\n"
"      --expect FILE      look up the numbers FILE expects (enumq -j\n"
"                         lines, or NUMBER STATUS [URI ...]) and print\n"
"                         only the differences; exit 0 all matched,\n"
"                         1 any differed\n"
"  -f, --file FILE        read numbers one per line ('-' = stdin);\n"
"                         repeatable, the files read in order\n"
"  -h, --help             this help\n"
"      --host-server ADDR where --route looks hosts up: as -S; default\n"
"                         the servers of the ENUM queries; repeatable\n"
"  -I, --infrastructure   infrastructure ENUM: label \"i\" after the\n"
"                         country code (RFC 5527)\n"
"  -j, --json             the same as -o json\n"
"      --lint             check every number of the -z zones (or the\n"
"                         numbers given) and report findings, not\n"
"                         results; exit 0 clean, 1 warnings, 2 errors\n"
"      --list             print the numbers the -z zones hold, one a\n"
"                         line, for -f -\n"
"  -n, --name             print the ENUM domain names, query nothing\n"
"  -o, --output FORMAT    text (default), json or shell\n"
"  -p, --port N           name server port (default 53)\n"
"  -q, --quiet            no output, exit status only\n"
"      --rate QPS         at most QPS queries a second\n"
"      --resolv-conf FILE name servers and options from FILE, not\n"
"                         /etc/resolv.conf\n"
"      --retries N        tries after the first, to each server\n"
"                         (default 2, or resolv.conf's attempts)\n"
"  -R, --route            a softswitch's verdict per number (RFC 5346):\n"
"                         route (and where to), reject or pstn;\n"
"                         exit 0 route, 1 reject, 2 pstn, 4 invalid\n"
"      --routes FILE      with -R: a fixed routing table, lines\n"
"                         \"DOMAIN GATEWAY[:PORT]\", not the DNS\n"
"  -S, --server ADDR      name server: IPv4, IPv6 or host name, #PORT\n"
"                         optionally; also @ADDR; repeatable, tried in\n"
"                         order, the next on a timeout or an error;\n"
"                         default: the nameservers of /etc/resolv.conf\n"
"  -s, --service SPEC     keep only Enumservice SPEC (type or\n"
"                         type:subtype), with URIs of a scheme its\n"
"                         IANA registration allows; repeatable\n"
"      --stats            at the end, a summary on stderr: numbers by\n"
"                         status, queries, retries, truncations,\n"
"                         timeouts, each server's failures, records\n"
"                         discarded by reason\n"
"  -T, --tcp              TCP only\n"
"      --timeout SECONDS  per try (default 5, or resolv.conf's timeout)\n"
"  -t, --tree DOMAIN      query under DOMAIN, not e164.arpa;\n"
"                         repeatable, tried in order\n"
"  -V, --version          enumq, ldns and PCRE2 versions\n"
"  -v, --verbose          trace queries and replies on stderr, then\n"
"                         the --stats summary\n"
"  -z, --zone-file FILE   answer from a zone file, not the network;\n"
"                         repeatable\n"
"\n"
"numbers: +44 20 7946 0148, +44 (0)20 7946 0148 (the trunk prefix\n"
"dropped), tel:+44-20-7946-0148, 1234*256 (an ISN), or an ENUM domain\n"
"name such as 8.4.1.0.6.4.9.7.0.2.4.4.e164.arpa. (under its own tree)\n"
"\n"
"exit status: 0 ok, 1 nodata, 2 nxdomain, 3 error, 4 invalid number\n"
"(the largest over all numbers), 64 usage error, 71 system failure,\n"
"74 read or write error; with -R: 0 route, 1 reject, 2 pstn, 4 invalid\n";

static void __attribute__((noreturn))
usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

/*
 * Exit 0 after --help or --version, unless their text did not reach
 * stdout: a write error is EXIT_IOERR whatever was written.
 */
static void __attribute__((noreturn))
exit_written(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		warnx("stdout: write error");
		exit(EXIT_IOERR);
	}
	exit(0);
}

static void __attribute__((noreturn))
version(void)
{
	char pcre[64];

	pcre2_config(PCRE2_CONFIG_VERSION, pcre);
	printf("enumq %s (ldns %s, PCRE2 %s)\n", ENUMQ_VERSION, dns_library_version(),
	    pcre);
	exit_written();
}

/* A usage error naming what was wrong, then the usage status. */
static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* the message quotes arguments: no byte of them reaches the terminal raw */
	fputs("enumq: ", stderr);
	esc_text(stderr, msg, strlen(msg));
	fputc('\n', stderr);
	free(msg);
	exit(EXIT_USAGE);
}

static long long
number_arg(const char *opt, const char *arg, long long min, long long max)
{
	const char *errstr;
	long long v = parse_number(arg, min, max, &errstr);

	if (errstr != NULL)
		usage_error("%s %s: %s (%lld-%lld)", opt, arg, errstr, min, max);
	return v;
}

/* --timeout: seconds, fractions allowed, kept in milliseconds. */
static int
timeout_arg(const char *arg)
{
	char *end;
	double s = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(s >= 0.001 && s <= 3600))
		usage_error("--timeout %s: not a number of seconds "
		    "(0.001-3600)", arg);
	return (int)(s * 1000 + 0.5);
}

/*
 * --server or @server (how names it, "-S " or "@"): an address or a host
 * name, #PORT optionally; refused before anything is looked up.
 */
static void
server_arg(struct options *opt, const char *how, const char *arg)
{
	char host[256];
	uint16_t port;
	int family;

	if (opt->nserver == SERVERS_MAX)
		usage_error("%s%s: at most %d servers", how, arg, SERVERS_MAX);
	if ((family = server_parse(arg, host, sizeof(host), &port)) == -2)
		usage_error("%s%s: not a port number (1-65535)", how, arg);
	if (family == -1)
		usage_error("%s%s: not an IP address or host name", how, arg);
	opt->server[opt->nserver++] = arg;
}

/* --host-server: as --server, a group of its own for --route's hosts. */
static void
host_server_arg(struct options *opt, const char *arg)
{
	char host[256];
	uint16_t port;
	int family;

	if (opt->nhost_server == HOST_SERVERS_MAX)
		usage_error("--host-server %s: at most %d servers", arg,
		    HOST_SERVERS_MAX);
	if ((family = server_parse(arg, host, sizeof(host), &port)) == -2)
		usage_error("--host-server %s: not a port number (1-65535)",
		    arg);
	if (family == -1)
		usage_error("--host-server %s: not an IP address or host name",
		    arg);
	opt->host_server[opt->nhost_server++] = arg;
}

/* --route, --routes and --host-server against what they do not go with. */
static void
route_conflicts(const struct options *opt, const char *routes_file)
{
	if (!opt->route && routes_file != NULL)
		usage_error("--routes needs -R");
	if (!opt->route && opt->nhost_server > 0)
		usage_error("--host-server needs -R");
	if (!opt->route)
		return;
	if (opt->lint || opt->list)
		usage_error("-R and %s may not be combined", opt->lint ?
		    "--lint" : "--list");
	if (opt->name_only)
		usage_error("-R and -n may not be combined");
	if (opt->nzone_file > 0 && opt->nhost_server > 0)
		usage_error("-z and --host-server may not be combined");
}

/* --tree: a domain name, kept absolute in presentation form. */
static const char *
tree_arg(const char *arg)
{
	struct dname d;

	if (*arg == '\0' || dname_from_str(arg, &d) == -1)
		usage_error("--tree %s: not a domain name", arg);
	return dname_str(d.wire, d.len);
}

/* --expect against the options it may not be combined with. */
static void
expect_conflicts(const struct options *opt, int nnumber)
{
	if (opt->expect == NULL)
		return;
	if (opt->lint || opt->list)
		usage_error("--expect and %s may not be combined",
		    opt->lint ? "--lint" : "--list");
	if (opt->name_only)
		usage_error("--expect and -n may not be combined");
	/* it compares the answers: a verdict's host part would go unchecked */
	if (opt->route)
		usage_error("--expect and -R may not be combined: it "
		    "compares statuses and URIs, not verdicts");
	if (opt->first)
		usage_error("--expect and -1 may not be combined: it "
		    "compares every URI");
	if (nnumber > 0 || opt->nfile > 0)
		usage_error("--expect and %s may not be combined: the "
		    "numbers are the expectations'", nnumber > 0 ? "numbers" :
		    "-f");
}

/* --lint and --list against the options they may not be combined with. */
static void
lint_conflicts(const struct options *opt, int nnumber,
    const char *format_opt)
{
	const char *mode = opt->lint ? "--lint" : "--list";
	const char *writes = opt->lint ? "findings" : "numbers";

	if (!opt->lint && !opt->list)
		return;
	if (opt->lint && opt->list)
		usage_error("--lint and --list may not be combined");
	if (opt->name_only)
		usage_error("%s and -n may not be combined: it writes %s, not "
		    "domain names", mode, writes);
	if (opt->first)
		usage_error("%s and -1 may not be combined: it writes %s, not "
		    "URIs", mode, writes);
	if (opt->filter.n > 0)
		usage_error("%s and -s may not be combined: %s", mode,
		    opt->lint ? "it checks every record, whatever its "
		    "Enumservice" : "it lists every number with NAPTR records");
	if (opt->list && format_opt != NULL)
		usage_error("--list and %s may not be combined", format_opt);
	if (opt->list && (nnumber > 0 || opt->nfile > 0))
		usage_error("--list and %s may not be combined: it reads the "
		    "numbers of the -z zones", nnumber > 0 ? "numbers" : "-f");
	if (opt->list && opt->nzone_file == 0)
		usage_error("--list needs -z: it lists the numbers of zone "
		    "files");
}

static void
parse_options(int argc, char **argv, struct options *opt, int *first_arg,
    int *nnumber, const char **routes_file)
{
	int ch, port_set = 0, family;
	const char *server_opt = "-S", *format_opt = NULL;
	char host[256];
	uint16_t port;
	size_t i;

	memset(opt, 0, sizeof(*opt));
	*routes_file = NULL;
	opt->port = 53;
	opt->timeout_ms = 5000;
	opt->retries = 2;
	opt->concurrency = 64;
	while ((ch = getopt_long(argc, argv, "146c:f:hIjno:p:qRS:s:Tt:Vvz:",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case '1':
			opt->first = 1;
			break;
		case '4':
		case '6':
			family = ch == '4' ? AF_INET : AF_INET6;
			if (opt->family != 0 && opt->family != family)
				usage_error("-4 and -6 may not be combined");
			opt->family = family;
			break;
		case 'c':
			opt->concurrency = number_arg("--concurrency", optarg,
			    1, CONCURRENCY_MAX);
			break;
		case 'f':
			opt->file = xreallocarray(opt->file, opt->nfile + 1,
			    sizeof(*opt->file));
			opt->file[opt->nfile++] = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit_written();
		case OPT_HOST_SERVER:
			host_server_arg(opt, optarg);
			break;
		case 'I':
			opt->infrastructure = 1;
			break;
		case 'j':
			opt->format = FMT_JSON;
			format_opt = "-j";
			break;
		case 'n':
			opt->name_only = 1;
			break;
		case 'o':
			if (output_format(optarg, &opt->format) == -1)
				usage_error("--output %s: not text, json or "
				    "shell", optarg);
			format_opt = "-o";
			break;
		case 'p':
			opt->port = number_arg("--port", optarg, 1, 65535);
			port_set = 1;
			break;
		case 'q':
			opt->quiet = 1;
			break;
		case OPT_EXPECT:
			opt->expect = optarg;
			break;
		case 'R':
			opt->route = 1;
			break;
		case OPT_ROUTES:
			*routes_file = optarg;
			break;
		case OPT_LINT:
			opt->lint = 1;
			break;
		case OPT_LIST:
			opt->list = 1;
			break;
		case OPT_RATE:
			opt->rate = number_arg("--rate", optarg, 1, 1000000);
			break;
		case OPT_RESOLV_CONF:
			opt->resolv_conf = optarg;
			break;
		case OPT_STATS:
			opt->stats = 1;
			break;
		case OPT_RETRIES:
			opt->retries = number_arg("--retries", optarg, 0, 10);
			opt->retries_set = 1;
			break;
		case 'S':
			server_arg(opt, "-S ", optarg);
			break;
		case 's':
			if (opt->filter.n == SERVICES_MAX)
				usage_error("--service: at most %d", SERVICES_MAX);
			if (naptr_service_spec(optarg,
			    &opt->filter.spec[opt->filter.n]) == -1)
				usage_error("--service %s: not an Enumservice "
				    "(type or type:subtype)", optarg);
			opt->filter.n++;
			break;
		case 'T':
			opt->tcp = 1;
			break;
		case OPT_TIMEOUT:
			opt->timeout_ms = timeout_arg(optarg);
			opt->timeout_set = 1;
			break;
		case 't':
			if (opt->ntree == TREES_MAX)
				usage_error("--tree: at most %d", TREES_MAX);
			opt->tree[opt->ntree++] = tree_arg(optarg);
			break;
		case 'V':
			version();
		case 'v':
			opt->verbose = 1;
			break;
		case 'z':
			opt->zone_file = xreallocarray(opt->zone_file,
			    opt->nzone_file + 1, sizeof(*opt->zone_file));
			opt->zone_file[opt->nzone_file++] = optarg;
			break;
		default:
			usage();
		}
	}
	/* "@server" among the numbers, as in dig, after any -S */
	if (opt->nserver > 0)
		server_opt = "-S";
	for (ch = optind; ch < argc; ch++)
		if (argv[ch][0] == '@') {
			if (argv[ch][1] == '\0')
				usage_error("@: no server named");
			if (opt->nserver == 0)
				server_opt = "@server";
			server_arg(opt, "@", argv[ch] + 1);
			memmove(&argv[ch], &argv[ch + 1],
			    (argc - ch - 1) * sizeof(*argv));
			argc--;
			ch--;
		}
	*first_arg = optind;
	*nnumber = argc - optind;
	if (opt->nzone_file > 0 && (opt->nserver > 0 || port_set ||
	    opt->tcp || opt->family != 0 || opt->resolv_conf != NULL))
		usage_error("-z and %s may not be combined", opt->nserver > 0 ?
		    server_opt : port_set ? "-p" : opt->tcp ? "-T" :
		    opt->family != 0 ? (opt->family == AF_INET ? "-4" : "-6") :
		    "--resolv-conf");
	if (opt->resolv_conf != NULL && opt->nserver > 0)
		usage_error("--resolv-conf and %s may not be combined",
		    server_opt);
	/* an address of the other family: no server would be left */
	for (i = 0; i < opt->nserver && opt->family != 0; i++)
		if ((family = server_parse(opt->server[i], host, sizeof(host),
		    &port)) > 0 && family != opt->family)
			usage_error("%s and server %s may not be combined",
			    opt->family == AF_INET ? "-4" : "-6",
			    opt->server[i]);
	if (opt->quiet && opt->verbose)
		usage_error("-q and -v may not be combined");
	/* no lookups to count, or a summary of their own */
	if (opt->stats && (opt->name_only || opt->lint || opt->list))
		usage_error("--stats and %s may not be combined",
		    opt->name_only ? "-n" : opt->lint ? "--lint" : "--list");
	if (opt->name_only && format_opt != NULL)
		usage_error("-n and %s may not be combined", format_opt);
	expect_conflicts(opt, *nnumber);
	lint_conflicts(opt, *nnumber, format_opt);
	route_conflicts(opt, *routes_file);
	/* --lint -z and --list read the zones' numbers, --expect its file's */
	if (*nnumber == 0 && opt->nfile == 0 && opt->expect == NULL &&
	    !((opt->lint || opt->list) && opt->nzone_file > 0))
		usage();
}

/*
 * UDP channels and TCP connections outnumber the lookups in flight by a
 * few at most (a spent one is closed once empty): raise the soft limit on
 * open files to fit --concurrency, or lower the concurrency to what fits.
 */
static void
fit_descriptors(struct options *opt)
{
	struct rlimit rl;
	rlim_t want = opt->concurrency + 64;	/* stdio, resolver, slack */

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ?
	    want : rl.rlim_max;
	(void)setrlimit(RLIMIT_NOFILE, &rl);
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur < want) {
		opt->concurrency = rl.rlim_cur > 128 ? rl.rlim_cur - 64 : 64;
		warnx("--concurrency lowered to %zu: the limit on open files "
		    "is %llu", opt->concurrency,
		    (unsigned long long)rl.rlim_cur);
	}
}

static void
options_free(struct options *opt)
{
	size_t i;

	for (i = 0; i < opt->filter.n; i++)
		free(opt->filter.spec[i]);
	for (i = 0; i < opt->ntree; i++)
		free((char *)opt->tree[i]);
	free(opt->zone_file);
	free(opt->file);
}

/* stdout's buffer: glibc ignores the size setvbuf is given without one */
static char outbuf[65536];

int
main(int argc, char **argv)
{
	struct options opt;
	struct expectations expect = { NULL, NULL, 0 };
	struct input *in = NULL;
	struct zone *zone = NULL;
	struct dns *dns = NULL;
	struct route_table *routes = NULL;
	enum status worst;
	char *errstr = NULL;
	const char *ierr, *routes_file;
	size_t i;
	int first_arg, nnumber, werr, rc, unreadable;

	parse_options(argc, argv, &opt, &first_arg, &nnumber, &routes_file);
	if (routes_file != NULL) {
		if ((routes = route_table_read(routes_file, &errstr)) == NULL)
			usage_error("%s", errstr);
		opt.routes = routes;
	}
	fit_descriptors(&opt);
	util_trace_on = opt.verbose;
	/* one thread: stdio need not lock for every byte a batch writes */
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
	/*
	 * Into a file or pipe, write in large blocks; batch.c flushes before
	 * every wait, so results still go out as soon as they are ready.
	 */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	__fsetlocking(stderr, FSETLOCKING_BYCALLER);
	if ((in = input_open(argv + first_arg, nnumber, opt.file, opt.nfile,
	    &errstr)) == NULL)
		usage_error("%s", errstr);
	/* a malformed expectation stops enumq before anything is asked */
	if (opt.expect != NULL && (rc = expect_load(opt.expect, &expect,
	    &errstr)) != 0) {
		if (rc == EXIT_USAGE)
			usage_error("%s", errstr);
		warnx("%s", errstr);
		goto out;
	}
	if (!opt.name_only) {
		if (opt.nzone_file > 0 && (zone = zone_load(opt.zone_file,
		    opt.nzone_file, &unreadable, &errstr)) == NULL) {
			if (unreadable)
				usage_error("%s", errstr);
			warnx("%s", errstr);
			rc = ST_ERROR;
			goto out;
		}
		if (zone == NULL && (dns = dns_new(&opt, &unreadable,
		    &errstr)) == NULL) {
			if (unreadable)
				usage_error("%s", errstr);
			warnx("%s", errstr);
			rc = ST_ERROR;
			goto out;
		}
	}
	if (opt.expect != NULL)
		rc = expect_run(&opt, dns, zone, &expect, &werr);
	else if (opt.list)
		rc = lint_list(&opt, zone, &werr);
	else if (opt.lint && nnumber == 0 && opt.nfile == 0)
		rc = lint_zone(&opt, zone, &werr);
	else if (opt.lint)
		rc = lint_numbers(&opt, dns, zone, in, &werr);
	else {
		worst = batch_run(&opt, dns, zone, in, NULL, NULL, &werr);
		rc = worst;
	}
	for (i = 0; (ierr = input_error(in, i)) != NULL; i++) {
		warnx("%s", ierr);
		rc = EXIT_IOERR;
	}
	if (werr || fflush(stdout) == EOF || ferror(stdout)) {
		warnx("stdout: write error");
		rc = EXIT_IOERR;
	}
out:
	free(errstr);
	expectations_free(&expect);
	dns_free(dns);
	zone_free(zone);
	route_table_free(routes);
	input_close(in);
	options_free(&opt);
	return rc;
}
