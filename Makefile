# xf - a toolkit for petition (信访) casework
#
#   make            build libxf and the programs into build/
#   make check      set up, build with -Werror and the sanitizers, run tests
#   make demo       set up, build, and run the pipeline on sample data
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
INCDIR = $(PREFIX)/include
MANDIR = $(PREFIX)/share/man
PCDIR = $(LIBDIR)/pkgconfig

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
B ?= build

SOMAJOR = 0
VERSION = 0.1.0
SONAME = libxf.so.$(SOMAJOR)

XF_CPPFLAGS = -Ilib -Icmd -I/usr/include/postgresql -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
XF_CFLAGS = -std=c11 -Wall -Wextra -fPIC
LIBS = -lsqlite3 -lcsv -lcjson -lminizip -lz -lexpat -lfreexl \
	-lxlsxwriter -lm -ldl

# Undefined behaviour traps (-fsanitize-undefined-trap-on-error) where
# libubsan would print it: a program then loads one sanitizer runtime, not
# two, and its start and leak check touch 2,000 fewer pages (a program of
# the suite 0.10 -> 0.07 s; t300-assign 17.5 -> 14.5 s).  ASan reports the
# trap with its stack, the file and line first (tests/run: handle_sigill).
CHECK_CFLAGS = -O1 -g -fno-omit-frame-pointer -Werror \
	-fsanitize=address,undefined -fsanitize-undefined-trap-on-error \
	-fno-sanitize-recover=all
CHECK_LDFLAGS = -fsanitize=address

LIB_SRC = $(wildcard lib/*.c lib/store/*.c)
LIB_OBJ = $(LIB_SRC:lib/%.c=$(B)/lib/%.o) $(B)/lib/data-categories.o \
	$(B)/lib/data-holidays.o $(B)/lib/sql-pg-schema.o \
	$(B)/lib/sql-pg-roles.o $(B)/lib/sql-pg-day.o \
	$(B)/lib/sql-pg-places.o $(B)/lib/sql-pg-compat.o
CMD_OBJ = $(B)/cmd/cmd.o
PROGS = $(patsubst cmd/xf-%.c,$(B)/bin/xf-%,$(wildcard cmd/xf-*.c))
UNITS = $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/t-*.c))
MAN1 = $(wildcard man/*.1)
MAN3 = $(wildcard man/*.3)
MAN5 = $(wildcard man/*.5)
MAN7 = $(wildcard man/*.7)

all: $(B)/libxf.a $(B)/$(SONAME) $(B)/xf.pc $(PROGS)

# Only what xf.h declares is exported from the shared library.
$(B)/lib/%.o: lib/%.c lib/xf.h lib/xf-private.h $(wildcard lib/store/*.h)
	@mkdir -p $(@D)
	$(CC) $(XF_CPPFLAGS) $(XF_CFLAGS) -fvisibility=hidden $(CFLAGS) -c -o $@ $<

$(B)/lib/data-%.c: lib/data/%.tsv scripts/embed
	@mkdir -p $(@D)
	sh scripts/embed xf_data_$* $< > $@

# The PostgreSQL store's schema, likewise: xf_sql_pg_schema[] ...
$(B)/lib/sql-%.c: lib/store/%.sql scripts/embed
	@mkdir -p $(@D)
	sh scripts/embed xf_sql_$(subst -,_,$*) $< > $@

$(B)/lib/sql-%.o: $(B)/lib/sql-%.c
	$(CC) $(XF_CFLAGS) -fvisibility=hidden $(CFLAGS) -c -o $@ $<

$(B)/lib/data-%.o: $(B)/lib/data-%.c
	$(CC) $(XF_CFLAGS) -fvisibility=hidden $(CFLAGS) -c -o $@ $<

$(B)/libxf.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/$(SONAME): $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $(LIB_OBJ) $(LIBS)
	ln -sf $(SONAME) $(B)/libxf.so

$(B)/xf.pc: xf.pc.in Makefile
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    xf.pc.in > $@

$(B)/cmd/%.o: cmd/%.c lib/xf.h cmd/cmd.h
	@mkdir -p $(@D)
	$(CC) $(XF_CPPFLAGS) $(XF_CFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/bin/%: $(B)/cmd/%.o $(CMD_OBJ) $(B)/libxf.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CMD_OBJ) $(B)/libxf.a $(LIBS)

$(B)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(B)/libxf.a
	@mkdir -p $(@D)
	$(CC) $(XF_CPPFLAGS) $(XF_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(B)/libxf.a $(LIBS)

# Micro-benchmarks, built on demand: make build/bench/model-bench
$(B)/bench/%: tests/bench/%.c $(B)/libxf.a
	@mkdir -p $(@D)
	$(CC) $(XF_CPPFLAGS) $(XF_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(B)/libxf.a $(LIBS)

tests: all $(UNITS)

deps:
	@sh scripts/setup

# make check VALGRIND=1 (or make valgrind): the same tests, built without
# the sanitizers into build/valgrind, every program and unit test run
# under Valgrind; tests/run fails a test whose run left a report.
VALGRIND_CFLAGS = -O1 -g -fno-omit-frame-pointer -Werror
VALGRIND_CMD = valgrind --quiet --vgdb=no --error-exitcode=97 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite

check: deps
ifdef VALGRIND
	$(MAKE) B=build/valgrind CFLAGS="$(VALGRIND_CFLAGS)" tests
	XF_BUILD=build/valgrind XF_VALGRIND="$(VALGRIND_CMD)" sh tests/run
else
	$(MAKE) B=build/check CFLAGS="$(CHECK_CFLAGS)" \
	    LDFLAGS="$(CHECK_LDFLAGS)" tests
	XF_BUILD=build/check XF_STORE="sqlite pg" sh tests/run
endif

valgrind:
	$(MAKE) check VALGRIND=1

# Fuzzing (tests/fuzz): libFuzzer targets built with clang into
# build/fuzz, each run for FUZZ_TIME seconds in turn; FUZZ picks targets.
FUZZ_TIME ?= 60
FUZZ_CC = clang
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz-%.c,%,$(wildcard tests/fuzz/fuzz-*.c))
FUZZ ?= $(FUZZ_TARGETS)

deps-fuzz:
	@sh scripts/setup --fuzz

fuzz: deps-fuzz
	$(MAKE) B=build/fuzz CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CFLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" fuzz-targets
	sh tests/fuzz/run $(FUZZ_TIME) $(FUZZ)

fuzz-targets: $(FUZZ_TARGETS:%=$(B)/fuzz-%)

$(B)/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h tests/fuzz/fuzz-read.h \
    $(B)/libxf.a
	$(CC) $(XF_CPPFLAGS) $(XF_CFLAGS) $(CFLAGS) $(LDFLAGS) \
	    -fsanitize=fuzzer -o $@ $< $(B)/libxf.a $(LIBS)

# The regression test replays the seeds and crashes through every target.
$(B)/tests/t-fuzz-regress: tests/fuzz/fuzz.h tests/fuzz/fuzz-read.h \
    $(wildcard tests/fuzz/fuzz-*.c)

demo: deps
	$(MAKE) all
	sh scripts/demo

bench: all
	sh scripts/bench

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) \
	    $(DESTDIR)$(PCDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man7
	cp $(PROGS) $(DESTDIR)$(BINDIR)/
	cp $(B)/libxf.a $(B)/$(SONAME) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libxf.so
	cp lib/xf.h $(DESTDIR)$(INCDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	    xf.pc.in > $(DESTDIR)$(PCDIR)/xf.pc
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN3) $(DESTDIR)$(MANDIR)/man3/
	cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	mkdir -p $(DESTDIR)$(PREFIX)/share/xf
	cp scripts/cron-daily $(DESTDIR)$(PREFIX)/share/xf/

uninstall:
	rm -f $(PROGS:$(B)/bin/%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(DESTDIR)$(LIBDIR)/libxf.a $(DESTDIR)$(LIBDIR)/$(SONAME) \
	    $(DESTDIR)$(LIBDIR)/libxf.so $(DESTDIR)$(INCDIR)/xf.h \
	    $(DESTDIR)$(PCDIR)/xf.pc
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/man1/%) \
	    $(MAN3:man/%=$(DESTDIR)$(MANDIR)/man3/%) \
	    $(MAN5:man/%=$(DESTDIR)$(MANDIR)/man5/%) \
	    $(MAN7:man/%=$(DESTDIR)$(MANDIR)/man7/%)
	rm -f $(DESTDIR)$(PREFIX)/share/xf/cron-daily

clean:
	rm -rf build

.PHONY: all tests deps check demo bench install uninstall clean \
	deps-fuzz fuzz fuzz-targets valgrind
.SECONDARY:
