# bench.mk - `make bench`, included by the Makefile (see tests/bench/run.sh).
#
#   make bench                          clean, check, dedup and wc -w on
#                                       ../shared/corpus and on generated
#                                       10K, 100K and 1M-article corpora
#   make bench BENCH_SIZES="10000"      only these generated sizes ("" = none)
#   make bench BENCH_FILES=""           not the 10K corpus as 10,000 text files
#   make bench BENCH_REPS=1             one run per figure instead of best of 5
#   make bench BENCH_LONG=30            do not repeat a run over 30 s (default 120)
#   make bench BENCH_B=build/bench-x    build (and keep corpora) elsewhere
#
# The binary and the tools are built with VARIANT=bench (-O3) in BENCH_B;
# generated corpora (about 1.8 GB for 1M articles) stay in BENCH_B/data and
# are reused by the next run; delete them to regenerate.

BENCH_B ?= build/bench
BENCH_SIZES ?= 10000 100000 1000000
BENCH_FILES ?= 10000
BENCH_REPS ?= 5
BENCH_LONG ?= 120
BENCH_TOOLS := gen_corpus minhash_bench runstat split_corpus stage_bench vm_probe

.PHONY: bench bench-build

$(B)/benchtools/%: tests/bench/%.c $(B)/libbersih.a
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libbersih.a $(LIBS) $(ALL_LDFLAGS)

bench-build:
	$(Q)$(MAKE) --no-print-directory VARIANT=bench B=$(BENCH_B) $(BENCH_B)/bersih \
	    $(BENCH_TOOLS:%=$(BENCH_B)/benchtools/%)

bench: bench-build ## build with -O3 and time clean/check/dedup (-j1, -j2) against wc -w (BENCH_SIZES, BENCH_REPS)
	$(Q)BERSIH=$(BENCH_B)/bersih GEN=$(BENCH_B)/benchtools/gen_corpus \
	    MHBENCH=$(BENCH_B)/benchtools/minhash_bench RUNSTAT=$(BENCH_B)/benchtools/runstat \
	    STAGEBENCH=$(BENCH_B)/benchtools/stage_bench VMPROBE=$(BENCH_B)/benchtools/vm_probe \
	    SPLIT=$(BENCH_B)/benchtools/split_corpus BENCH_FILES="$(BENCH_FILES)" \
	    SHARED=$(SHARED) BENCH_DATA=$(BENCH_B)/data BENCH_SIZES="$(BENCH_SIZES)" \
	    BENCH_REPS=$(BENCH_REPS) BENCH_LONG=$(BENCH_LONG) bash tests/bench/run.sh
