/*
 * main.c - bersih's entry point: pick the subcommand, parse, run.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include "cli.h"

int main(int argc, char **argv)
{
    enum cli_mode mode = MODE_CLEAN;
    struct cli_memory memory = { 0, NULL };
    if (argc > 1 && strcmp(argv[1], "dedup") == 0) {
        /* dedup tunes malloc itself, once it knows its inputs' size */
        int status = cli_dedup_main(argc - 1, argv + 1, &memory);
        u_cleanup();
        cli_release_memory(&memory);
        return status;
    }
    cli_tune_memory(&memory);
    if (argc > 1 && (strcmp(argv[1], "clean") == 0 || strcmp(argv[1], "check") == 0)) {
        if (strcmp(argv[1], "check") == 0)
            mode = MODE_CHECK;
        argv++;
        argc--;
    }
    struct cli_options opts;
    int status = cli_parse(argc, argv, mode, &opts);
    if (status < 0) {
        cli_signals_install();
        status = cli_run(&opts);
    }
    /* Release ICU's caches so that LeakSanitizer reports only our leaks. */
    u_cleanup();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("standard output: write error");
        status = EXIT_TROUBLE;
    }
    cli_release_memory(&memory);
    return status;
}
