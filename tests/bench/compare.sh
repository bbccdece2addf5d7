#!/bin/bash
# compare.sh - two or more builds of bersih on one input, runs taking turns
# (A, B, A, B, ...) so that all meet the machine in the same state: this
# VM's speed drifts by 10-25% over minutes, more than most changes gain.
#
#   tests/bench/compare.sh REPS INPUT JOBS TASK BIN...
#       TASK: clean | check | dedup; prints per binary the best and the
#       median wall time and the median CPU time (user + system), in ms.
#   e.g. tests/bench/compare.sh 5 build/bench/data/gen-v1-100000.jsonl 2 dedup \
#            /tmp/bersih-before build/bench/bersih
# Timed by RUNSTAT (build/bench/benchtools/runstat, built by `make bench`),
# as run.sh times: from the fork to the end of the wait.
set -u
RUNSTAT=${RUNSTAT:-build/bench/benchtools/runstat}
# shellcheck source=tests/bench/tasks.sh
. "$(dirname "$0")/tasks.sh"
[ $# -ge 5 ] || { echo "usage: $0 REPS INPUT JOBS TASK BIN..." >&2; exit 2; }
[ -x "$RUNSTAT" ] || { echo "$0: $RUNSTAT is missing (make bench-build)" >&2; exit 2; }
reps=$1 input=$2 jobs=$3 task=$4
shift 4
[ "$reps" -ge 1 ] 2>/dev/null || { echo "$0: REPS must be a number, 1 or more" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bersih-compare.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
declare -A wall cpu
for _ in $(seq "$reps"); do
    for bin in "$@"; do
        rm -rf "$WORK/out"
        BERSIH=$bin
        if [ "$task" = wc ] || ! task_cmd "$task" "$jobs" "$input" "$WORK/out"; then
            echo "$0: unknown task $task" >&2
            exit 2
        fi
        measure "${CMD[@]}"
        # A failed run's time says nothing of the build: stop, and say so.
        if [ "$RC" -ge 2 ] || [ ! -s "$WORK/cost" ]; then
            echo "$0: $task with $bin failed (exit $RC): ${CMD[*]}" >&2
            exit 2
        fi
        wall[$bin]+="$((WALL_US / 1000)) "
        cpu[$bin]+="$((CPU_US / 1000)) "
    done
done
for bin in "$@"; do
    printf '%s %s -j%s: ' "$task" "$bin" "$jobs"
    tr ' ' '\n' <<<"${wall[$bin]}" | grep . | sort -n | awk '{ a[NR] = $1 } END { printf "wall best %d median %d ms, ", a[1], a[int((NR + 1) / 2)] }'
    tr ' ' '\n' <<<"${cpu[$bin]}" | grep . | sort -n | awk '{ a[NR] = $1 } END { printf "cpu median %d ms\n", a[int((NR + 1) / 2)] }'
done
