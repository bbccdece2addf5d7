# bersih - Makefile. Run ./configure first (it installs what is missing).
#
#   make            build ./bersih (and build/release/libbersih.a)
#   make demo       clean data/samples/ and print the result
#   make check      build with ASan+UBSan and run every test
#   make bench      build with -O3 and measure speed and memory
#   make help       list the targets
#
# The user's CFLAGS are added after ours, so they win; MOREFLAGS likewise.
# Each build variant lives in its own directory (build/release, build/asan,
# build/bench), so switching between them never needs `make clean`.

-include config.mk

PKG_MODULES := icu-uc icu-i18n libxxhash zlib libzstd
DEPS_CFLAGS ?= $(shell pkg-config --cflags $(PKG_MODULES) 2>/dev/null)
DEPS_LIBS ?= $(shell pkg-config --libs $(PKG_MODULES) 2>/dev/null)
CMOCKA_CFLAGS ?= $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS ?= $(shell pkg-config --libs cmocka 2>/dev/null)
CLANG ?= clang

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR ?= $(PREFIX)/lib
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
MANDIR ?= $(PREFIX)/share/man

VARIANT ?= release
B := build/$(VARIANT)

ifeq ($(VARIANT),asan)
VARIANT_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
else ifeq ($(VARIANT),bench)
VARIANT_FLAGS := -O3 -g -DNDEBUG
else ifeq ($(VARIANT),portable)
# ASan+UBSan with the SSE2 paths compiled out: the fallbacks (8-byte SWAR,
# bytewise) that an x86-64 build never takes are tested too (unit-portable)
VARIANT_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
                 -U__SSE2__
else ifeq ($(VARIANT),tsan)
VARIANT_FLAGS := -O1 -g -fsanitize=thread
else
VARIANT_FLAGS := -O2 -g
endif

WARN := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
        -Wvla -Wformat=2 -Wpointer-arith -Wundef -Wcast-align
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -pthread -Iinclude -Isrc -I$(B)/gen $(DEPS_CFLAGS)
ALL_CFLAGS = $(BASE_CFLAGS) $(WARN) $(VARIANT_FLAGS) $(CFLAGS) $(MOREFLAGS)
ALL_LDFLAGS = -pthread $(VARIANT_FLAGS) $(LDFLAGS)
LIBS := $(DEPS_LIBS) -lm

Q := $(if $(filter 1,$(V) $(VERBOSE)),,@)

LIB_SRC := $(sort $(wildcard src/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(B)/src/%.o)
# Data files the library needs (boilerplate patterns, outlet names) are
# compiled in from data/*.txt, so the binary works without installed data.
DATA_TXT := $(sort $(wildcard data/*.txt))
DATA_OBJ := $(DATA_TXT:data/%.txt=$(B)/gen/data_%.o)
CLI_SRC := $(sort $(wildcard src/cli/*.c))
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(B)/cli/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%)

.PHONY: all lib demo check test unit unit-portable e2e eval tsan bench install uninstall clean help

all: bersih ## build ./bersih

bersih: $(B)/bersih
	$(Q)cp $< $@

lib: $(B)/libbersih.a ## build the static library

$(B)/libbersih.a: $(LIB_OBJ) $(DATA_OBJ)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/bersih: $(CLI_OBJ) $(B)/libbersih.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libbersih.a $(LIBS)

$(B)/src/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/cli/%.o: src/cli/%.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/gen/data_%.c: data/%.txt tests/tools/embed.sh
	@mkdir -p $(@D)
	$(Q)sh tests/tools/embed.sh $< $@

$(B)/gen/data_%.o: $(B)/gen/data_%.c
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(B)/libbersih.a
	@mkdir -p $(@D)
	@echo "  TEST    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -MMD -MP -o $@ $< $(B)/libbersih.a $(CMOCKA_LIBS) $(LIBS) $(ALL_LDFLAGS)

$(B)/tools/%: tests/tools/%.c $(B)/libbersih.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libbersih.a $(LIBS) $(ALL_LDFLAGS)

# Keep generated sources (data_*.c) between runs.
.SECONDARY:

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d)

demo: bersih ## clean the two design samples and print the result
	./bersih data/samples/asahan-pakta-integritas.txt data/samples/tapsel-pakta-integritas.txt

# LeakSanitizer stays on: ICU's caches are released by u_cleanup() in main().
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1 \
           UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# Fuzzing (tests/fuzz/fuzz.mk: `make fuzz`, and `fuzz-replay`, which replays
# the seed corpora and past crashes under the sanitizers in `make check`) and
# benchmarks (tests/bench/bench.mk) keep their rules beside their sources.
-include tests/fuzz/fuzz.mk
-include tests/bench/bench.mk

# The last e2e run is of the release build: the sanitizers bring a malloc of
# their own, so only there does the program's tuning of glibc's malloc take
# effect (src/cli/memory.c).
check: ## build with ASan+UBSan and run every test (unit, end-to-end, fuzz replay), the threaded ones under TSan, then the end-to-end ones on the release build
	$(Q)$(MAKE) --no-print-directory VARIANT=asan unit e2e $(if $(wildcard tests/fuzz/fuzz.mk),fuzz-replay)
	$(Q)$(MAKE) --no-print-directory unit-portable
	$(Q)$(MAKE) --no-print-directory tsan
	$(Q)$(MAKE) --no-print-directory e2e

test: check

unit: $(UNIT_BIN) ## run the cmocka unit tests of the current variant
	@fail=0; for t in $(UNIT_BIN); do \
	    echo "== $$t"; $(SAN_ENV) BERSIH_SHARED=$(CURDIR)/../shared $$t || fail=1; \
	done; exit $$fail

e2e: $(B)/bersih $(TOOL_BIN) ## run the end-to-end tests against the built binary
	$(Q)$(SAN_ENV) BERSIH=$(CURDIR)/$(B)/bersih TOOLS=$(CURDIR)/$(B)/tools \
	    sh tests/e2e/run.sh

# The unit tests of the modules with SSE2 paths (JSON scanning, UTF-8
# validation, the normalizer, the tokenizer, sentence cutting), built without them.
PORTABLE_TESTS := test_core test_reader test_normalize test_tokenize test_intradoc
unit-portable: ## run the unit tests of the SIMD modules built without SSE2 (the portable fallbacks)
	$(Q)$(MAKE) --no-print-directory VARIANT=portable $(PORTABLE_TESTS:%=build/portable/tests/%)
	@fail=0; for t in $(PORTABLE_TESTS); do \
	    echo "== build/portable/tests/$$t"; \
	    $(SAN_ENV) BERSIH_SHARED=$(CURDIR)/../shared build/portable/tests/$$t || fail=1; \
	done; exit $$fail

# The e2e cases that run -j N (threads), under ThreadSanitizer: a build of
# its own (ASan and TSan cannot share one), run by `check` after the rest.
TSAN_CASES := jobs_same_output jobs_files_trouble dedup_failed_file_keeps_place jobs_broken_lines_and_pipe progress_terminal_only check_dedup dedup_samples dedup_passages sigterm_leaves_no_partial
tsan: ## build with ThreadSanitizer and run the threaded end-to-end tests
	$(Q)$(MAKE) --no-print-directory VARIANT=tsan build/tsan/bersih $(TOOL_SRC:tests/tools/%.c=build/tsan/tools/%)
	$(Q)TSAN_OPTIONS=halt_on_error=1:exitcode=66 BERSIH=$(CURDIR)/build/tsan/bersih \
	    TOOLS=$(CURDIR)/build/tsan/tools sh tests/e2e/run.sh $(TSAN_CASES)

$(B)/eval/%: tests/eval/%.c $(B)/libbersih.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libbersih.a $(LIBS) $(ALL_LDFLAGS)

SHARED ?= ../shared
eval: $(B)/eval/intradoc_eval $(B)/eval/dedup_eval $(B)/eval/idempotence_eval ## accuracy evaluations (on ../shared/corpus: skipped when absent) and random idempotence
	@$(B)/eval/idempotence_eval
	@if [ -d $(SHARED)/corpus ]; then $(B)/eval/intradoc_eval --sweep $(SHARED)/corpus; \
	    $(B)/eval/dedup_eval $(SHARED)/corpus; \
	else echo "eval: skipped: $(SHARED)/corpus is absent"; fi

install: bersih lib ## install binary, headers, library, bersih.pc and man page
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR)/bersih $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 bersih $(DESTDIR)$(BINDIR)/bersih
	install -m 644 include/bersih/*.h $(DESTDIR)$(INCLUDEDIR)/bersih/
	install -m 644 $(B)/libbersih.a $(DESTDIR)$(LIBDIR)/libbersih.a
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(shell sed -n 's/^#define BERSIH_VERSION_STRING "\(.*\)"/\1/p' include/bersih/bersih.h)|' \
	    bersih.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/bersih.pc
	if [ -f docs/bersih.1 ]; then install -m 644 docs/bersih.1 $(DESTDIR)$(MANDIR)/man1/bersih.1; fi

uninstall: ## remove what install installed
	rm -f $(DESTDIR)$(BINDIR)/bersih $(DESTDIR)$(LIBDIR)/libbersih.a \
	    $(DESTDIR)$(PKGCONFIGDIR)/bersih.pc $(DESTDIR)$(MANDIR)/man1/bersih.1
	rm -rf $(DESTDIR)$(INCLUDEDIR)/bersih

clean: ## remove build output
	rm -rf build bersih

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' Makefile $(wildcard tests/*/*.mk) | sed 's/:.*## /\t/' | expand -t 12
