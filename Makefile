# enumq: ENUM lookups from the command line.  See README.

PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANPREFIX ?=	$(PREFIX)/share/man
BASHCOMPDIR ?=	$(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?=	$(PREFIX)/share/zsh/site-functions
PKG_CONFIG ?=	pkg-config

CFLAGS ?=	-O2 -g
# Warnings and hardening always; user CFLAGS are kept.  WERROR=1 (CI's
# .ci/run) makes warnings errors; a user's newer compiler must not break
# the build with a warning we have not seen yet.
WARN =		-Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
		-Wmissing-prototypes -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN +=		-Werror
endif
HARDEN =	-D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
ENUMQ_CFLAGS =	-std=c11 -D_GNU_SOURCE -pthread $(WARN) $(HARDEN) \
		$$($(PKG_CONFIG) --cflags ldns libpcre2-8 libzscanner jansson)
ENUMQ_LDFLAGS =	-pthread -pie -Wl,-z,relro,-z,now
LIBS =		$$($(PKG_CONFIG) --libs ldns libpcre2-8 libzscanner jansson)

# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer, leaks fatal.
# The user's CFLAGS come after ours, so that they win.
ifeq ($(SANITIZE),1)
ENUMQ_CFLAGS +=	-O1 -g -fno-omit-frame-pointer \
		-fsanitize=address,undefined -fno-sanitize-recover=all
ENUMQ_LDFLAGS +=	-fsanitize=address,undefined
HARDEN =	-fPIE
endif

SRCS =		src/batch.c src/ddds.c src/dname.c src/dns.c src/e164.c src/enumservices.c \
		src/ere.c src/ere_bracket.c src/escape.c src/expect.c src/expect_load.c src/host_cache.c \
		src/input.c src/lint.c src/lint_form.c src/lint_output.c src/lint_run.c \
		src/lookup.c src/main.c src/naptr.c src/output.c src/packet.c src/rate.c src/reply.c src/report.c \
		src/output_json.c src/output_shell.c src/output_text.c src/route.c src/route_table.c \
		src/server.c src/sip_resolve.c src/sip_uri.c src/tcp.c src/tel.c src/udp.c \
		src/util.c src/zone_answer.c src/zone_load.c src/zone_names.c src/zone_store.c
OBJS =		$(SRCS:.c=.o)

all: enumq

enumq: $(OBJS)
	$(CC) $(LDFLAGS) $(ENUMQ_LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(OBJS): src/enumq.h src/dns.h src/ere.h src/lint.h src/rate.h src/route.h src/zone.h Makefile

.c.o:
	$(CC) $(CPPFLAGS) $(ENUMQ_CFLAGS) $(CFLAGS) -c -o $@ $<

# src/enumservices.c is IANA's Enumservice registry, src/enumservices.tsv,
# as C: `make enumservices` writes it again from a new registry file, and
# check-enumservices (part of check) fails when the two differ.
enumservices:
	LC_ALL=C awk -f src/enumservices.awk src/enumservices.tsv >src/enumservices.c.new
	mv src/enumservices.c.new src/enumservices.c

check-enumservices:
	@LC_ALL=C awk -f src/enumservices.awk src/enumservices.tsv | \
	    diff -u src/enumservices.c - || { echo "src/enumservices.c" \
	    "differs from src/enumservices.tsv: make enumservices"; exit 1; }

# Sanitizer reports go to files that tests/run turns into a failure.
SANLOGS =	$(CURDIR)/.sanitizer-logs
check: check-enumservices enumq
	rm -rf $(SANLOGS) && mkdir -p $(SANLOGS)
	SANITIZER_LOGS=$(SANLOGS) \
	ASAN_OPTIONS=detect_leaks=1:log_path=$(SANLOGS)/asan \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(SANLOGS)/ubsan \
	tests/run

# the suite against stand-ins for enumq (/bin/true, /bin/false, a silent
# script): every test that runs enumq must fail (tests/stub-run)
check-stub:
	tests/stub-run

# valgrind over a representative set; run on the normal (not SANITIZE) build
memcheck: enumq
	ENUMQ=$(CURDIR)/enumq bats tests/memcheck

# libFuzzer targets (clang), each run for FUZZ_SECONDS
FUZZ_SECONDS ?=	60
fuzz:
	$(MAKE) -C fuzz run FUZZ_SECONDS=$(FUZZ_SECONDS)

bench: enumq
	bench/run

# planted bugs in a scratch copy, each must fail its named test; not in check
mutants:
	tests/mutants/run

lint:
	mandoc -Tlint -W warning man/enumq.1

install: enumq
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 enumq $(DESTDIR)$(BINDIR)/enumq
	install -m 644 man/enumq.1 $(DESTDIR)$(MANPREFIX)/man1/enumq.1
	install -m 644 contrib/enumq.bash $(DESTDIR)$(BASHCOMPDIR)/enumq
	install -m 644 contrib/_enumq $(DESTDIR)$(ZSHCOMPDIR)/_enumq

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/enumq $(DESTDIR)$(MANPREFIX)/man1/enumq.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/enumq $(DESTDIR)$(ZSHCOMPDIR)/_enumq

clean:
	rm -rf enumq $(OBJS) $(SANLOGS)

.PHONY: all check check-enumservices check-stub enumservices memcheck mutants \
	fuzz bench lint install uninstall clean
