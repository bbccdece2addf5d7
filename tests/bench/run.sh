#!/bin/bash
# run.sh - time bersih (clean, check, dedup; -j1 and -j2) against `wc -w`
# on the shared corpus and on larger corpora generated from it.
#
# Run by `make bench`, which builds the -O3 binary and the tools first and
# sets these (the defaults are for a run from the top of the repository):
#   BERSIH        the binary under test          (build/bench/bersih)
#   GEN           the corpus generator           (build/bench/benchtools/gen_corpus)
#   MHBENCH       the MinHash kernel benchmark   (build/bench/benchtools/minhash_bench)
#   RUNSTAT       the timer (wall time, peak RSS) (build/bench/benchtools/runstat)
#   SHARED        where corpus/ is               (../shared)
#   BENCH_DATA    generated corpora, kept between runs (build/bench/data)
#   BENCH_SIZES   generated corpus sizes in articles (10000 100000 1000000)
#   BENCH_FILES   sizes also timed as a directory of text files, one article
#                 a file (10000; "" = none), made by SPLIT
#                 (build/bench/benchtools/split_corpus)
#   BENCH_TMPFS   where the directory of files is cleaned into (/dev/shm when
#                 it is a tmpfs, else with the other outputs)
#   BENCH_REPS    runs per measurement, the best is kept (5)
#   BENCH_LONG    a run longer than this many seconds is not repeated (120)
#   BENCH_JOBS    the -j values (1 2)
#
# Every figure is the best (shortest) of up to BENCH_REPS runs, input in the
# page cache (each input is read once before it is timed). RUNSTAT runs
# each command and gives its wall time (from the fork to the end of the
# wait: the command's exec, dynamic loading and exit count, a timing
# program's own start does not) and its peak RSS (maximum resident set
# size, by wait4). MB are 10^6 bytes of input files.
set -u

BERSIH=${BERSIH:-build/bench/bersih}
GEN=${GEN:-build/bench/benchtools/gen_corpus}
MHBENCH=${MHBENCH:-build/bench/benchtools/minhash_bench}
RUNSTAT=${RUNSTAT:-build/bench/benchtools/runstat}
SHARED=${SHARED:-../shared}
BENCH_DATA=${BENCH_DATA:-build/bench/data}
BENCH_SIZES=${BENCH_SIZES-10000 100000 1000000}
BENCH_FILES=${BENCH_FILES-10000}
SPLIT=${SPLIT:-build/bench/benchtools/split_corpus}
BENCH_TMPFS=${BENCH_TMPFS-/dev/shm}
BENCH_REPS=${BENCH_REPS:-5}
BENCH_LONG=${BENCH_LONG:-120}
BENCH_JOBS=${BENCH_JOBS:-1 2}

die() { echo "bench: $*" >&2; exit 2; }

[ -x "$BERSIH" ] || die "$BERSIH is missing (run 'make bench')"
command -v wc >/dev/null || die "wc is missing"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bersih-bench.XXXXXX") || die "cannot make a temporary directory"
OUT_ROOT=$BENCH_DATA/../bench-out
# A directory of 10,000 files is cleaned into a tmpfs: on the project's VM
# the ext4 disk's creating and deleting 10,000 files took 1.0-2.4 s of
# system time, more in each run after the other, which hid bersih's own
# cost of a file (docs/performance.md, sixth session).
FILES_OUT_ROOT=$OUT_ROOT
if [ -n "$BENCH_TMPFS" ] && [ "$(stat -f -c %T "$BENCH_TMPFS" 2>/dev/null)" = tmpfs ]; then
    FILES_OUT_ROOT=$BENCH_TMPFS/bersih-bench-out.$$
fi
cleanup() { rm -rf "$WORK" "$OUT_ROOT" "$FILES_OUT_ROOT"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$RUNSTAT" ] || die "$RUNSTAT is missing (run 'make bench')"

now_ns() { date +%s%N; }


# task_cmd TASK J INPUT OUT: sets CMD; measure CMD...: times it
# shellcheck source=tests/bench/tasks.sh
. "$(dirname "$0")/tasks.sh"

# best_jobs TASK INPUT OUT J...: TASK at each -j given, the -j values taking
# turns (-j1, -j2, -j1, -j2, ...) so that both meet the same machine: this
# VM's speed drifts by 10-25% over minutes, and a ratio of two best times
# taken minutes apart moved by 0.1-0.2 from run to run. Up to BENCH_REPS
# rounds; a -j whose run took over BENCH_LONG seconds is not run again; OUT
# (an output tree) is removed before each run and after the last.
# Sets JOB_SECS[j] (best), JOB_USER[j] and JOB_SYS[j] (the CPU time of that
# best run, in us), JOB_RSS[j] (largest: it varies little), JOB_RC[j],
# JOB_ERR[j].
declare -A JOB_SECS JOB_USER JOB_SYS JOB_RSS JOB_RC JOB_ERR JOB_DONE
best_jobs() {
    local task=$1 input=$2 out=$3 rep=0 j
    shift 3
    for j in "$@"; do
        JOB_SECS[$j]='' JOB_USER[$j]=0 JOB_SYS[$j]=0 JOB_RSS[$j]='' JOB_RC[$j]=0 JOB_ERR[$j]='' JOB_DONE[$j]=''
    done
    while [ "$rep" -lt "$BENCH_REPS" ]; do
        rep=$((rep + 1))
        for j in "$@"; do
            [ -n "${JOB_DONE[$j]}" ] && continue
            [ -n "$out" ] && rm -rf "$out"
            task_cmd "$task" "$j" "$input" "$out"
            measure "${CMD[@]}"
            if [ "$RC" -ge 2 ]; then
                JOB_RC[$j]=$RC JOB_ERR[$j]=$(head -n 1 "$WORK/stderr") JOB_DONE[$j]=1
                continue
            fi
            if [ -z "${JOB_SECS[$j]}" ] || awk -v a="$SECS" -v b="${JOB_SECS[$j]}" 'BEGIN { exit !(a < b) }'; then
                JOB_SECS[$j]=$SECS JOB_USER[$j]=$USER_US JOB_SYS[$j]=$SYS_US
            fi
            if [ -z "${JOB_RSS[$j]}" ] || [ "$RSS_KB" -gt "${JOB_RSS[$j]}" ]; then
                JOB_RSS[$j]=$RSS_KB
            fi
            awk -v a="$SECS" -v l="$BENCH_LONG" 'BEGIN { exit !(a > l) }' && JOB_DONE[$j]=1
        done
    done
    [ -n "$out" ] && rm -rf "$out"
    return 0
}

cpu_model() {
    local m
    m=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
    [ -n "$m" ] || m=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
    echo "${m:-unknown}"
}

echo "bersih bench: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  commit:     $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src include 2>/dev/null || echo ' (+ uncommitted changes in src/ include/)')"
has_flag() { grep -m 1 -q -w -e "$1" /proc/cpuinfo 2>/dev/null && echo yes || echo no; }
echo "  cpu:        $(cpu_model) ($(grep -c '^processor' /proc/cpuinfo 2>/dev/null || echo '?') logical CPUs, AVX2 $(has_flag avx2), AVX-512F $(has_flag avx512f))"
echo "  nproc:      $(nproc 2>/dev/null || echo unknown)"
echo "  binary:     $BERSIH ($($BERSIH --version 2>/dev/null | head -n 1))"
echo "  timing:     best of up to $BENCH_REPS run(s) (one when a run takes over ${BENCH_LONG}s), wall clock,"
echo "              the -j ${BENCH_JOBS// /, -j } runs of a task taking turns;"
echo "              wall time from fork to wait and peak RSS (wait4) by $(basename "$RUNSTAT");"
echo "              wc -w in LC_ALL=${LC_ALL:-${LC_CTYPE:-${LANG:-C}}}"
echo

# What the machine charges for kernel work (faults, system calls): it weighs
# on -j2 more than on -j1 (docs/performance.md, "-j2").
VMPROBE=${VMPROBE:-build/bench/benchtools/vm_probe}
if [ -x "$VMPROBE" ]; then
    "$VMPROBE" || echo "bench: vm_probe failed"
    echo
fi

if [ -x "$MHBENCH" ]; then
    "$MHBENCH" || echo "bench: minhash_bench failed"
    echo
fi

# ---- inputs --------------------------------------------------------------

INPUT_NAMES=()
INPUT_PATHS=()
INPUT_OUTS=() # where each input is cleaned into

# size_label N: 10K for 10000, 1M for 1000000
size_label() {
    case $1 in
        *000000) echo "$(($1 / 1000000))M" ;;
        *000) echo "$(($1 / 1000))K" ;;
        *) echo "$1" ;;
    esac
}

if [ -d "$SHARED/corpus" ] && ls "$SHARED"/corpus/*.jsonl >/dev/null 2>&1; then
    INPUT_NAMES+=("shared")
    INPUT_PATHS+=("$SHARED/corpus")
    INPUT_OUTS+=("$OUT_ROOT/shared")
    mkdir -p "$BENCH_DATA" || die "cannot create $BENCH_DATA"
    for n in $BENCH_SIZES; do
        f="$BENCH_DATA/gen-v1-$n.jsonl"
        if [ ! -s "$f" ]; then
            [ -x "$GEN" ] || die "$GEN is missing (run 'make bench')"
            echo "generating $f ($n articles from $SHARED/corpus) ..."
            t0=$(now_ns)
            "$GEN" "$n" "$f" "$SHARED"/corpus/*.jsonl || die "generating $f failed"
            t1=$(now_ns)
            awk -v a="$t0" -v b="$t1" 'BEGIN { printf "  done in %.1f s\n", (b - a) / 1e9 }'
        fi
        INPUT_NAMES+=("gen-$(size_label "$n")")
        INPUT_PATHS+=("$f")
        INPUT_OUTS+=("$OUT_ROOT/gen-$(size_label "$n")")
    done
    for n in $BENCH_FILES; do
        f="$BENCH_DATA/gen-v1-$n.jsonl" d="$BENCH_DATA/files-v1-$n"
        [ -s "$f" ] || continue # only sizes generated above
        if [ ! -d "$d" ]; then
            [ -x "$SPLIT" ] || die "$SPLIT is missing (run 'make bench')"
            echo "splitting $f into $d (one text file an article) ..."
            rm -rf "$d.tmp"
            "$SPLIT" "$f" "$d" || die "splitting $f failed"
        fi
        INPUT_NAMES+=("files-$(size_label "$n")")
        INPUT_PATHS+=("$d")
        INPUT_OUTS+=("$FILES_OUT_ROOT/files-$(size_label "$n")")
    done
    echo
else
    echo "bench: skipped the shared and generated corpora: $SHARED/corpus is absent"
    echo "       (set SHARED=DIR to a directory holding corpus/*.jsonl)"
    exit 0
fi

# Where one thread's time goes, stage by stage, on the real corpus: the
# normalizer's own MB/s among them.
STAGEBENCH=${STAGEBENCH:-build/bench/benchtools/stage_bench}
if [ -x "$STAGEBENCH" ]; then
    "$STAGEBENCH" "$SHARED"/corpus/*.jsonl || echo "bench: stage_bench failed"
    echo
fi

# Is `bersih dedup` there? Its placeholder exits 2.
DEDUP=yes
probe="$WORK/probe.jsonl"
shared_files=("$SHARED"/corpus/*.jsonl)
head -n 50 "${INPUT_PATHS[1]:-${shared_files[0]}}" >"$probe" 2>/dev/null
if ! "$BERSIH" dedup -q -o "$WORK/probe-out" "$probe" >/dev/null 2>"$WORK/probe-err"; then
    DEDUP=no
    echo "dedup: not available ($(head -n 1 "$WORK/probe-err"))"
    echo
fi

# What every run pays whatever its input: starting the process (loading
# ICU's libraries, compiling the boilerplate patterns), the threads, and
# exiting. It weighs on the -j2 / -j1 ratio of a short run: a run of
# T1 seconds at -j1 can be at most T1 / ((T1 - start1) / 2 + start2)
# faster at -j2 (the table's "cap"), whatever the threads do, since no
# thread shares the start. Measured before the table, which shows it.
declare -A START_US
one="$WORK/one.jsonl"
printf '{"id":1,"text":"Jakarta - Satu artikel pendek saja untuk mengukur awal proses."}\n' >"$one"
start_line="start and exit (a one-article input, best of 5):"
# best_start_ms CMD...: the best of 5 wall times of CMD, in ms (BEST_MS),
# or "failed (exit N)"; BEST_US the same in us, or "".
best_start_ms() {
    local rep best_us=
    BEST_US=
    for rep in 1 2 3 4 5; do
        rm -rf "$WORK/one-out"
        measure "$@"
        [ "$RC" -ge 2 ] && { BEST_MS="failed (exit $RC)"; return; }
        if [ -z "$best_us" ] || [ "$WALL_US" -lt "$best_us" ]; then best_us=$WALL_US; fi
    done
    BEST_US=$best_us
    BEST_MS=$(awk -v us="$best_us" 'BEGIN { printf "%.1f", us / 1000 }')
}
# A process that does nothing, for scale: what this machine charges any
# program to start and exit.
best_start_ms true
start_line="$start_line true $BEST_MS ms;"
for task in clean check dedup; do
    [ "$task" = dedup ] && [ "$DEDUP" = no ] && continue
    for j in $BENCH_JOBS; do
        task_cmd "$task" "$j" "$one" "$WORK/one-out"
        best_start_ms "${CMD[@]}"
        START_US[$task,$j]=$BEST_US
        case $BEST_MS in
            failed*) start_line="$start_line $task -j$j $BEST_MS;" ;;
            *) start_line="$start_line $task -j$j ${BEST_MS} ms;" ;;
        esac
    done
done
rm -rf "$WORK/one-out"

# ---- the table -----------------------------------------------------------

count_articles() { # FILE...: a line of a .jsonl file is an article, a text file is one
    local jsonl=() text=0 lines=0 f
    for f in "$@"; do
        case $f in *.jsonl) jsonl+=("$f") ;; *) text=$((text + 1)) ;; esac
    done
    [ ${#jsonl[@]} -gt 0 ] && lines=$(cat "${jsonl[@]}" | wc -l)
    echo $((text + lines))
}

files_of() { # the regular files of an input, for wc
    if [ -d "$1" ]; then
        find "$1" -type f \( -name '*.jsonl' -o -name '*.txt' \) | LC_ALL=C sort
    else
        echo "$1"
    fi
}

FMT='%-9s %9s %8s  %-6s %2s %8s %8s %11s %10s %6s %6s %9s %7s %7s %6s\n'
# shellcheck disable=SC2059
printf "$FMT" corpus articles MB task -j seconds MB/s articles/s us/article usr/a sys/a "RSS MiB" "x wc" "j/j1" cap
# shellcheck disable=SC2059
printf "$FMT" --------- --------- -------- ------ -- -------- -------- ----------- ---------- ------ ------ --------- ------- ------- ------

# cap: what j/j1 can be at most, the start (START_US) not shared by threads
row() { # name articles bytes task jobs secs rss_kb wc_secs j1_secs user_us sys_us start1_us startj_us
    awk -v name="$1" -v arts="$2" -v bytes="$3" -v task="$4" -v jobs="$5" -v secs="$6" \
        -v rss="$7" -v wc="$8" -v j1="$9" -v user="${10}" -v sys="${11}" -v s1="${12:-}" -v sj="${13:-}" \
        -v fmt="$FMT" 'BEGIN {
        s = secs > 0 ? secs : 0.001
        ratio = wc > 0 ? sprintf("%.2f", secs / wc) : "-"
        threads = (j1 != "" && j1 > 0 && jobs != "1" && jobs != "-")
        speed = threads ? sprintf("%.2fx", j1 / s) : "-"
        cap = "-"
        if (threads && s1 != "" && sj != "" && j1 > s1 / 1e6)
            cap = sprintf("%.2fx", j1 / ((j1 - s1 / 1e6) / jobs + sj / 1e6))
        printf fmt, name, arts, sprintf("%.1f", bytes / 1e6), task, jobs, sprintf("%.3f", secs),
            sprintf("%.1f", bytes / 1e6 / s), sprintf("%.0f", arts / s),
            sprintf("%.1f", s / arts * 1e6), sprintf("%.1f", user / arts), sprintf("%.1f", sys / arts),
            sprintf("%.1f", rss / 1024), ratio, speed, cap
    }'
}

unavailable() { # name articles bytes task jobs why
    awk -v name="$1" -v arts="$2" -v bytes="$3" -v task="$4" -v jobs="$5" -v why="$6" 'BEGIN {
        printf "%-9s %9s %8s  %-6s %2s %s\n", name, arts, sprintf("%.1f", bytes / 1e6), task, jobs, why
    }'
}

i=0
while [ "$i" -lt "${#INPUT_PATHS[@]}" ]; do
    name=${INPUT_NAMES[$i]}
    path=${INPUT_PATHS[$i]}
    out=${INPUT_OUTS[$i]}
    i=$((i + 1))
    mapfile -t FILES < <(files_of "$path")
    bytes=$(cat "${FILES[@]}" | wc -c)
    articles=$(count_articles "${FILES[@]}")

    best_jobs wc "$path" "" -
    wc_secs=${JOB_SECS[-]}
    row "$name" "$articles" "$bytes" "wc -w" - "$wc_secs" "${JOB_RSS[-]}" "$wc_secs" "" \
        "${JOB_USER[-]}" "${JOB_SYS[-]}"

    for task in clean check dedup; do
        if [ "$task" = dedup ] && [ "$DEDUP" = no ]; then
            for j in $BENCH_JOBS; do
                unavailable "$name" "$articles" "$bytes" "$task" "$j" "dedup: not available"
            done
            continue
        fi
        # shellcheck disable=SC2086
        best_jobs "$task" "$path" "$out" $BENCH_JOBS
        j1_secs=
        for j in $BENCH_JOBS; do
            if [ "${JOB_RC[$j]}" -ge 2 ]; then
                unavailable "$name" "$articles" "$bytes" "$task" "$j" "failed (exit ${JOB_RC[$j]}): ${JOB_ERR[$j]}"
                continue
            fi
            [ "$j" = 1 ] && j1_secs=${JOB_SECS[$j]}
            row "$name" "$articles" "$bytes" "$task" "$j" "${JOB_SECS[$j]}" "${JOB_RSS[$j]}" "$wc_secs" "$j1_secs" \
                "${JOB_USER[$j]}" "${JOB_SYS[$j]}" "${START_US[$task,1]:-}" "${START_US[$task,$j]:-}"
        done
    done
done

echo
echo "${start_line%;}"

# Two -j1 runs of `check` on the first corpus at once, against one alone
# (there is always a first corpus here: without one the bench stopped):
# when both CPUs are busy, each may run slower than one alone (caches,
# memory bandwidth, or a host that shares the cores: on the project's VM
# 5-45%), which no thread pool can win back. Runs of P1 and P2 seconds at
# once against A alone leave -j2 at most A / P1 + A / P2 faster (the two
# threads' speeds added); the round that allows the most is shown.
# Up to BENCH_REPS rounds, each one alone then two at once; a round where
# any run fails (exit 2 or more) is left out and said so.
task_cmd check 1 "${INPUT_PATHS[0]}" ""
alone_best='' pairs='' rounds=0 pair_trouble=''
for ((rep = 1; rep <= BENCH_REPS; rep++)); do
    measure "${CMD[@]}"
    if [ "$RC" -ge 2 ]; then
        pair_trouble="failed alone (exit $RC)"
        break
    fi
    if [ -z "$alone_best" ] || [ "$WALL_US" -lt "$alone_best" ]; then alone_best=$WALL_US; fi
    rm -f "$WORK/pair1" "$WORK/pair2"
    "$RUNSTAT" "$WORK/pair1" "${CMD[@]}" >/dev/null 2>&1 &
    pid=$!
    "$RUNSTAT" "$WORK/pair2" "${CMD[@]}" >/dev/null 2>&1
    rc2=$?
    wait "$pid"
    rc1=$?
    if [ "$rc1" -ge 2 ] || [ "$rc2" -ge 2 ] ||
        ! { read -r p1 _ <"$WORK/pair1" && read -r p2 _ <"$WORK/pair2"; } 2>/dev/null; then
        pair_trouble="a round at once failed (exit $rc1 and $rc2)"
        continue
    fi
    pairs="$pairs $p1 $p2"
    rounds=$((rounds + 1))
done
if [ -n "$pairs" ]; then
    # shellcheck disable=SC2086
    awk -v a="$alone_best" -v n="${INPUT_NAMES[0]}" -v r="$rounds" 'BEGIN {
        k = split(ARGV[1], t, " "); ARGV[1] = ""
        for (i = 1; i < k; i += 2) {
            c = a / t[i] + a / t[i + 1]
            if (c > best) { best = c; p1 = t[i]; p2 = t[i + 1] }
        }
        printf "two check -j1 runs at once on %s: alone %.3f s (best of %d), the pair %.3f and %.3f s: -j2 at most %.2fx\n", n, a / 1e6, r, p1 / 1e6, p2 / 1e6, best
    }' "$pairs"
fi
[ -n "$pair_trouble" ] && echo "two check -j1 runs at once on ${INPUT_NAMES[0]}: $pair_trouble"
echo "MB/s and articles/s are of the input; usr/a and sys/a = the CPU time of the best run (user,"
echo "system; all threads) in us an article; x wc = time / (wc -w time) on the same files;"
echo "j/j1 = the -j1 time / this time; cap = the most j/j1 could be if nothing but the start (the"
echo "line above, which no thread shares) were left unshared: -j1 time / ((-j1 time - its start) / j"
echo "+ the -j start). Generated corpora: $BENCH_DATA (kept; delete to regenerate)."
for k in "${!INPUT_NAMES[@]}"; do
    case ${INPUT_NAMES[$k]} in
        files-*) echo "${INPUT_NAMES[$k]}: the gen-${INPUT_NAMES[$k]#files-} articles, one text file each (MB: their decoded text), cleaned into ${INPUT_OUTS[$k]%/*}." ;;
    esac
done
