# shellcheck shell=bash
# tasks.sh - the command line of each timed task, sourced by run.sh and
# compare.sh so that both time the same thing.
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
