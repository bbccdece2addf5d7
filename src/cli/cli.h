/*
 * cli.h - the bersih command's own pieces: options, the run loop, signals.
 * Only this directory prints and exits; the library never does.
 */
#ifndef BERSIH_CLI_H
#define BERSIH_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "bersih/bersih.h"
#include "bersih/intradoc.h"
#include "bersih/normalize.h"
#include "bersih/reader.h"

enum cli_exit {
    EXIT_CLEAN = 0,    /* done; in check mode: every article is clean */
    EXIT_FINDINGS = 1, /* check mode: some article would change */
    EXIT_TROUBLE = 2   /* an input could not be read or written, bad usage */
};

enum cli_mode { MODE_CLEAN = 0, MODE_CHECK };

struct cli_options {
    enum cli_mode mode;
    const char *output_dir;   /* -o DIR */
    int in_place;             /* --in-place */
    const char *report_path;  /* --report FILE ("-" = stdout) */
    int verbosity;            /* -q: -1, default 0, -v: 1 */
    long jobs;                /* -j N */
    int progress;             /* progress line on a terminal (--no-progress: 0) */
    struct bersih_reader_options reader;
    struct bersih_normalize_options normalize;
    struct bersih_intradoc_options intradoc;
    int diff;                 /* check --diff: unified diffs on stdout */
    int dedup;                /* check --dedup: near-duplicate inputs are findings */
    const char *expected_dir; /* check --expected=DIR */
    char **paths;             /* borrowed from argv */
    int path_count;
};

/* Parse argv (after the subcommand word) into opts. Returns -1 to go on, or
 * an exit status (0 after --help/--version, 2 on misuse, message printed). */
int cli_parse(int argc, char **argv, enum cli_mode mode, struct cli_options *opts);

int cli_run(const struct cli_options *opts);

/* `bersih dedup ...`: argv[0] is "dedup". Parses its own options. */
struct cli_memory;
int cli_dedup_main(int argc, char **argv, struct cli_memory *memory);

/* Signals: remember temporary files so SIGINT/SIGTERM remove them. */
void cli_signals_install(void);
void cli_temp_track(int slot, const char *path);
void cli_temp_untrack(int slot);
#define CLI_TEMP_OUTPUT 0
#define CLI_TEMP_REPORT 1

/* How malloc takes memory (memory.c says why): main tunes it before
 * anything else and releases it at exit; dedup gives glibc its trimming
 * back early (cli_untune_memory) once its index grows large. */
struct cli_memory {
    int tuned;      /* the tuning took: untuning may undo it */
    void *reserved; /* the block that grew the heap, freed by release */
};
void cli_tune_memory(struct cli_memory *memory);
void cli_untune_memory(struct cli_memory *memory);
void cli_release_memory(struct cli_memory *memory);

/* -o DIR, as clean and dedup use it. */
struct cli_output_guard;
struct cli_output_dir {
    uint64_t dev, ino; /* not walked (bersih_reader_exclude) */
    /* Made by this run: no file that was there before can be in it, so an
     * output is not checked against its input before it is written; the
     * writer still refuses to rename over the input (writer.h). */
    int fresh;
    /* Otherwise: what cli_output_target_ok checks each output against
     * (owned; cli_output_dir_release frees it). */
    struct cli_output_guard *guard;
    /* The outputs written so far (cli_output_claim). */
    uint64_t *claims;
    size_t claim_slots, claimed;
};

/* Claim target for this run's output: 0 with err set when it was claimed
 * before (BERSIH_ERR_REFUSED: two inputs lead to one output, as an input
 * named twice, or a file that a named directory's walk writes too), so
 * that the second does not replace the first. */
int cli_output_claim(struct cli_output_dir *out, const char *target, struct bersih_error *err);

/* May target, the output of input in, be written? In an output directory
 * that existed (one stat for each output; none in one this run made):
 * not over in itself ("output T is the input itself" + hint), nor where a
 * symbolic link below DIR leads into an input directory or onto a named
 * input file: 0 with err set (BERSIH_ERR_REFUSED). One realpath for each
 * directory of outputs, asked in turn (the last answer is kept). */
int cli_output_target_ok(struct cli_output_dir *out, const char *target,
                         const struct bersih_input *in, const char *hint, struct bersih_error *err);
void cli_output_dir_release(struct cli_output_dir *out);

/* Make dir and its parents. An existing dir is refused where its outputs
 * would overwrite an input (overlap.c): dir an input directory itself, an
 * output that is an input (-o . a.txt, -o out a.txt out/a.txt, a symbolic
 * link in dir to an input directory), or that lies in an input directory.
 * 0 with a message printed, or 1. paths as given (none: standard input). */
int cli_output_dir_make(const char *dir, char **paths, int path_count, struct cli_output_dir *out);

/* An existing file that a run would write (what: "--report", dedup's
 * "--signatures" and "--index") is refused before anything is read when it
 * is an input named on the command line (or standard input's file), or
 * when it holds anything but what such a run writes (its first bytes are
 * not magic, and it is not empty): 1 with a message printed. One that
 * passes is left out of every directory walk (cli_exclude_written_file),
 * so an earlier report in the corpus is neither read nor lost. */
int cli_refuse_input_as_output(const char *what, const char *path, const char *magic,
                               char **paths, int path_count);
#define CLI_REPORT_MAGIC "{\"schema\":"
#define CLI_SIGNATURES_MAGIC "BERSIHSG"

/* A file the run writes besides its outputs (what: "--report", ...) that
 * is one of its outputs under -o dir, which one would replace: refused, 1
 * with a message printed. Call once dir is made. */
int cli_refuse_output_as_report(const char *what, const char *path, const char *dir,
                                char **paths, int path_count);

/* Leave the existing regular file path (a report, signatures, an index)
 * out of the reader's walk; nothing for NULL, "-" or a file not there. */
void cli_exclude_written_file(struct bersih_reader *reader, const char *path);

/* A JSON line over --max-article-bytes: the reader did not keep it (its
 * raw line is empty), so it cannot be copied through, and an output of its
 * file would lose the record; bersih and bersih dedup write none. */
static inline int cli_line_not_kept(const struct bersih_article *a)
{
    return a->problem.code == BERSIH_ERR_TOO_LARGE && a->raw_len == 0;
}

/* Does s end with suffix? */
int cli_ends_with(const char *s, const char *suffix);

/* "bersih: " + message on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
