# shellcheck shell=bash
# tasks.sh - the command line of each timed task and how a run is timed,
# sourced by run.sh and compare.sh so that both time the same thing the
# same way.
#
# task_cmd TASK J INPUT OUT: set CMD to the command line of TASK (clean,
# check, dedup, or wc: `wc -w` on FILES) of the binary BERSIH at -j J on
# INPUT, writing to OUT. Returns 1 for an unknown task.
# shellcheck disable=SC2034 # CMD is the caller's
task_cmd() {
    case $1 in
        clean) CMD=("$BERSIH" -q -j "$2" -o "$4" "$3") ;;
        check) CMD=("$BERSIH" check -q -j "$2" "$3") ;;
        dedup) CMD=("$BERSIH" dedup -q -j "$2" -o "$4" "$3") ;;
        wc) CMD=(wc -w "${FILES[@]}") ;;
        *) return 1 ;;
    esac
}

# measure CMD...: run it under RUNSTAT (scratch files in WORK), set RC (its
# exit status), WALL_US, SECS (the same, in seconds to the ms), RSS_KB
# (peak), USER_US and SYS_US (CPU time of all its threads) and CPU_US
# (their sum). Timing from the shell instead (`date
# +%s%N` before and after GNU time) added 8-12 ms to every figure on the
# project's VM, where a fork and an exec cost milliseconds: the start of
# date and of time.
# shellcheck disable=SC2034 # the variables are the caller's
measure() {
    rm -f "$WORK/cost"
    "$RUNSTAT" "$WORK/cost" "$@" >/dev/null 2>"$WORK/stderr"
    RC=$?
    read -r WALL_US RSS_KB USER_US SYS_US <"$WORK/cost" 2>/dev/null ||
        { WALL_US=0 RSS_KB=0 USER_US=0 SYS_US=0; }
    CPU_US=$((USER_US + SYS_US))
    SECS=$(awk -v us="$WALL_US" 'BEGIN { printf "%.3f", us / 1e6 }')
}
