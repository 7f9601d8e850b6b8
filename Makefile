# enumq: ENUM lookups from the command line.  See README.

PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANPREFIX ?=	$(PREFIX)/share/man
PKG_CONFIG ?=	pkg-config

CFLAGS ?=	-O2 -g
# Warnings and hardening always; user CFLAGS are kept.
WARN =		-Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wstrict-prototypes \
		-Wmissing-prototypes -Wno-unused-parameter
HARDEN =	-D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
ENUMQ_CFLAGS =	-std=c11 -D_GNU_SOURCE -pthread $(WARN) $(HARDEN) \
		$$($(PKG_CONFIG) --cflags ldns libpcre2-8)
ENUMQ_LDFLAGS =	-pthread -pie -Wl,-z,relro,-z,now
LIBS =		$$($(PKG_CONFIG) --libs ldns libpcre2-8)

# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer, leaks fatal.
ifeq ($(SANITIZE),1)
CFLAGS =	-O1 -g -fno-omit-frame-pointer
ENUMQ_CFLAGS +=	-fsanitize=address,undefined -fno-sanitize-recover=all
ENUMQ_LDFLAGS +=	-fsanitize=address,undefined
HARDEN =	-fPIE
endif

SRCS =		src/batch.c src/batch_zone.c src/ddds.c src/dns.c src/e164.c src/escape.c src/input.c \
		src/lookup.c src/main.c src/naptr.c src/output.c \
		src/output_json.c src/output_shell.c src/output_text.c \
		src/util.c src/zone.c src/zone_read.c
OBJS =		$(SRCS:.c=.o)

all: enumq

enumq: $(OBJS)
	$(CC) $(LDFLAGS) $(ENUMQ_LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(OBJS): src/enumq.h Makefile

.c.o:
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ENUMQ_CFLAGS) -c -o $@ $<

# Sanitizer reports go to files that tests/run turns into a failure.
# zone_read against ldns's one-piece reading, for tests/25-zone-read.bats
ZONE_READ_CHECK = tests/zone_read_check
$(ZONE_READ_CHECK): tests/zone_read_check.c src/zone_read.o src/util.o src/enumq.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(ENUMQ_CFLAGS) -Isrc $(LDFLAGS) $(ENUMQ_LDFLAGS) \
	    -o $@ tests/zone_read_check.c src/zone_read.o src/util.o $(LIBS)

SANLOGS =	$(CURDIR)/.sanitizer-logs
check: enumq $(ZONE_READ_CHECK)
	rm -rf $(SANLOGS) && mkdir -p $(SANLOGS)
	SANITIZER_LOGS=$(SANLOGS) \
	ASAN_OPTIONS=detect_leaks=1:log_path=$(SANLOGS)/asan \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(SANLOGS)/ubsan \
	tests/run

# the suite against stand-ins for enumq (/bin/true, /bin/false, a silent
# script): every test that runs enumq must fail (tests/stub-run)
check-stub: $(ZONE_READ_CHECK)
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
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 enumq $(DESTDIR)$(BINDIR)/enumq
	install -m 644 man/enumq.1 $(DESTDIR)$(MANPREFIX)/man1/enumq.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/enumq $(DESTDIR)$(MANPREFIX)/man1/enumq.1

clean:
	rm -rf enumq $(OBJS) $(SANLOGS) $(ZONE_READ_CHECK)

.PHONY: all check check-stub memcheck mutants fuzz bench lint install uninstall clean
