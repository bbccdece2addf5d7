/*
 * clean.c - the batch loop: read, clean and write every input in order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unicode/uclean.h>

#include "bersih/corpus.h"
#include "bersih/intradoc.h"
#include "bersih/normalize.h"
#include "bersih/reader.h"
#include "bersih/report.h"
#include "bersih/writer.h"
#include "batch.h"
#include "cli.h"
#include "diff.h"
#include "work.h"

struct run_stats {
    uint64_t articles, changed, repeats, findings, duplicate_pairs, errors, bytes_in, bytes_out;
    uint64_t rule_counts[BERSIH_RULE_COUNT];
};

struct run {
    const struct cli_options *opts;
    struct bersih_reader *reader;
    struct pool *pool;
    struct batch *batch;        /* the batch being replayed */
    struct bersih_writer *stdout_writer; /* when the output is standard output */
    struct bersih_writer *report;
    struct bersih_buf report_line, target;
    /* the input whose events are being replayed */
    struct bersih_writer *output; /* its writer (or stdout's) */
    int output_failed;            /* could not be opened: drop its events */
    struct cli_output_dir output_dir; /* -o DIR, once made */
    int input_ok;                 /* no article of it failed */
    int headers;       /* head(1)-style "==> PATH <==" before text articles */
    int wrote_article; /* to stdout, for the blank line between articles */
    int trouble;
    int findings;      /* check mode: some article is not clean */
    int stdout_broken;
    struct bersih_buf expected, expected_path;
    struct bersih_corpus *corpus; /* check --dedup: every article's sketch */
    struct run_stats stats;
    struct timespec started;
    int progress;             /* stderr is a terminal and progress is wanted */
    int progress_shown;
    double progress_last;     /* seconds since start of the last update */
    uint64_t total_bytes;     /* sum of the named regular files, 0 = unknown */
    uint64_t file_bytes;      /* text of the files the workers read (not in the reader's count) */
};

static void *worker_new(void *ctx, long index)
{
    (void)index;
    const struct cli_options *opts = ctx;
    return worker_create(&opts->normalize, &opts->intradoc, NULL, opts->dedup);
}

/* The per-article work, on any thread: clean, and for check --dedup sketch
 * the cleaned text. */
static void clean_job(void *worker, struct job *job)
{
    struct worker *w = worker;
    struct article_result *r = job->result;
    work_clean(w, job, r);
    if (r->status == BERSIH_OK && w->sketcher)
        r->status = bersih_corpus_sketch_text(w->sketcher, bersih_buf_str(&r->cleaned),
                                              r->cleaned.len, r->normalize.body_start, &r->sketch,
                                              &r->err);
}

static const char *mode_name(const struct run *run)
{
    return run->opts->mode == MODE_CHECK ? "check" : "clean";
}

static int to_files(const struct run *run)
{
    return run->opts->output_dir || run->opts->in_place;
}

static void print_error(struct bersih_error *err, const char *path, uint64_t line)
{
    char text[1536];
    fflush(stdout);
    bersih_error_set_path(err, path);
    if (line && !err->line)
        err->line = line;
    cli_error("%s", bersih_error_format(err, text, sizeof text));
}

static void trouble(struct run *run, struct bersih_error *err, const char *path, uint64_t line)
{
    print_error(err, path, line);
    if (err->code != BERSIH_ERR_SKIPPED) {
        run->trouble = 1;
        run->stats.errors++;
    }
}

static void write_report(struct run *run, const struct bersih_report_entry *entry)
{
    if (!run->report)
        return;
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_buf_reset(&run->report_line);
    if (bersih_report_format(&run->report_line, entry) != BERSIH_OK) {
        bersih_error_set(&err, BERSIH_ERR_NOMEM, "out of memory");
        trouble(run, &err, run->opts->report_path, 0);
        return;
    }
    if (bersih_writer_write(run->report, run->report_line.data, run->report_line.len, &err) != BERSIH_OK) {
        trouble(run, &err, run->opts->report_path, 0);
        bersih_writer_abort(run->report);
        run->report = NULL;
    }
}

/* Write the cleaned article; returns 0 when the output failed. */
static int emit(struct run *run, struct bersih_writer *w, const struct bersih_article *a,
                const char *text, size_t len, struct bersih_error *err)
{
    bersih_status st;
    if (a->input->format == BERSIH_FORMAT_JSONL) {
        st = bersih_writer_write_json(w, a, text, len, err);
    } else {
        st = BERSIH_OK;
        if (run->headers && w == run->stdout_writer) {
            if (run->wrote_article)
                st = bersih_writer_write(w, "\n", 1, err);
            if (st == BERSIH_OK) st = bersih_writer_write(w, "==> ", 4, err);
            if (st == BERSIH_OK) st = bersih_writer_write(w, a->input->path, strlen(a->input->path), err);
            if (st == BERSIH_OK) st = bersih_writer_write(w, " <==\n", 5, err);
        }
        if (st == BERSIH_OK)
            st = bersih_writer_write(w, text, len, err);
    }
    run->wrote_article = 1;
    return st == BERSIH_OK;
}

enum article_outcome { ARTICLE_DONE, ARTICLE_FAILED, OUTPUT_FAILED };

static enum article_outcome bad_line(struct run *run, struct bersih_writer *w,
                                     struct bersih_article *a)
{
    struct bersih_report_entry entry = { mode_name(run), a, "error", &a->problem, a->raw_len, 0, NULL, NULL };
    trouble(run, &a->problem, a->input->path, a->line);
    write_report(run, &entry);
    /* A line over the cap was not kept: fail the output rather than write
     * the file without it (--in-place would lose the record). */
    if (cli_line_not_kept(a))
        return ARTICLE_FAILED;
    /* Copy the line through unchanged: a broken record is the user's to
     * fix, not ours to drop. */
    if (w && a->raw) {
        struct bersih_error err;
        bersih_error_clear(&err);
        if (bersih_writer_write(w, a->raw, a->raw_len, &err) != BERSIH_OK ||
            bersih_writer_write(w, "\n", 1, &err) != BERSIH_OK) {
            trouble(run, &err, NULL, 0);
            return OUTPUT_FAILED;
        }
    }
    return ARTICLE_DONE;
}

static void finding(struct run *run, const struct bersih_article *a, const char *what)
{
    run->findings = 1;
    run->stats.findings++;
    if (run->opts->verbosity < 0)
        return;
    if (a->line)
        fprintf(stderr, "%s:%llu: %s\n", a->input->path, (unsigned long long)a->line, what);
    else
        fprintf(stderr, "%s: %s\n", a->input->path, what);
}

/* "3 changes (quotes 2, repeats 1)" for a finding line. */
static void describe_changes(const struct article_result *r, char *out, size_t size)
{
    uint64_t total = r->normalize.changes + r->intradoc.findings;
    if (total == 0) {
        snprintf(out, size, "would change");
        return;
    }
    size_t used = (size_t)snprintf(out, size, "%llu change%s (", (unsigned long long)total,
                                   total == 1 ? "" : "s");
    const char *sep = "";
    for (int rule = 0; rule < BERSIH_RULE_COUNT && used < size; rule++) {
        if (!r->normalize.counts[rule])
            continue;
        used += (size_t)snprintf(out + used, size - used, "%s%s %llu", sep,
                                 bersih_rule_name((enum bersih_rule)rule),
                                 (unsigned long long)r->normalize.counts[rule]);
        sep = ", ";
    }
    if (r->intradoc.findings && used < size)
        used += (size_t)snprintf(out + used, size - used, "%srepeats %zu", sep, r->intradoc.findings);
    if (used < size)
        snprintf(out + used, size - used, ")");
}

/* One line per removed passage, so a CI log says what was repeated. */
static void name_repeats(const struct run *run, const struct bersih_intradoc_result *res)
{
    if (run->opts->verbosity < 0)
        return;
    const char *unit = res->by_sentence ? "sentence" : "paragraph";
    for (size_t i = 0; i < res->count; i++) {
        const struct bersih_intradoc_removal *rm = &res->removals[i];
        fprintf(stderr, "  repeat: %s %zu repeats %s %zu (%s, %.2f): %s\n", unit, rm->unit + 1,
                unit, rm->repeats + 1, bersih_repeat_kind_name(rm->kind), rm->similarity,
                rm->preview);
    }
}

/* Gopher figures of the cleaned article still over FineWeb-2's thresholds. */
static void check_repetition(struct run *run, const struct bersih_article *a,
                             const struct bersih_repetition *rep)
{
    if (!rep->over)
        return;
    char what[1024];
    size_t used = (size_t)snprintf(what, sizeof what, "still repetitive after cleaning (");
    const char *sep = "";
    for (int f = 0; f < BERSIH_REP_COUNT && used < sizeof what; f++) {
        if (!(rep->over & (1u << f)))
            continue;
        used += (size_t)snprintf(what + used, sizeof what - used, "%s%s %.3f > %.3f", sep,
                                 bersih_repetition_name((enum bersih_repetition_figure)f),
                                 rep->value[f],
                                 bersih_repetition_threshold((enum bersih_repetition_figure)f));
        sep = ", ";
    }
    if (used < sizeof what)
        snprintf(what + used, sizeof what - used, ")");
    finding(run, a, what);
}

static int load_file(const char *path, struct bersih_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    bersih_buf_reset(out);
    char chunk[65536];
    size_t n;
    int ok = 1;
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ok = bersih_buf_append(out, chunk, n) == BERSIH_OK;
    ok = ok && !ferror(f);
    fclose(f);
    return ok;
}

/* The golden file of an input under --expected=DIR: DIR/NAME.expected.txt. */
static int expected_path_for(struct run *run, const struct bersih_input *in)
{
    const char *base = strrchr(in->path, '/');
    base = base ? base + 1 : in->path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".txt") == 0)
        len -= 4;
    bersih_buf_reset(&run->expected_path);
    return bersih_buf_puts(&run->expected_path, run->opts->expected_dir) == BERSIH_OK &&
           bersih_buf_putc(&run->expected_path, '/') == BERSIH_OK &&
           bersih_buf_append(&run->expected_path, base, len) == BERSIH_OK &&
           bersih_buf_puts(&run->expected_path, ".expected.txt") == BERSIH_OK;
}

static void check_expected(struct run *run, const struct bersih_article *a, const char *cleaned,
                           size_t len)
{
    struct bersih_error err;
    bersih_error_clear(&err);
    if (!expected_path_for(run, a->input)) {
        bersih_error_set(&err, BERSIH_ERR_NOMEM, "out of memory");
        trouble(run, &err, a->input->path, 0);
        return;
    }
    if (!load_file(run->expected_path.data, &run->expected)) {
        bersih_error_set(&err, BERSIH_ERR_IO, "cannot read expected file %s", run->expected_path.data);
        trouble(run, &err, a->input->path, 0);
        return;
    }
    if (run->expected.len == len && memcmp(bersih_buf_str(&run->expected), cleaned, len) == 0)
        return;
    char what[1200];
    snprintf(what, sizeof what, "cleaned text differs from %s", run->expected_path.data);
    finding(run, a, what);
    if (run->opts->diff && run->opts->verbosity >= 0)
        cli_unified_diff(stdout, run->expected_path.data, bersih_buf_str(&run->expected),
                         run->expected.len, cleaned, len);
}

static void check_article(struct run *run, const struct bersih_article *a, const char *cleaned,
                          size_t len, int changed, const struct article_result *r)
{
    if (run->opts->expected_dir) {
        check_expected(run, a, cleaned, len);
        return;
    }
    check_repetition(run, a, &r->intradoc.output);
    if (!changed)
        return;
    char what[1024];
    describe_changes(r, what, sizeof what);
    finding(run, a, what);
    name_repeats(run, &r->intradoc);
    if (run->opts->diff && run->opts->verbosity >= 0) {
        char label[1100];
        if (a->line)
            snprintf(label, sizeof label, "%s:%llu", a->input->path, (unsigned long long)a->line);
        else
            snprintf(label, sizeof label, "%s", a->input->path);
        cli_unified_diff(stdout, label, a->text, a->text_len, cleaned, len);
    }
}

/* check --dedup: remember the article's sketch under its report name. */
static void index_article(struct run *run, const struct bersih_article *a,
                          const struct article_result *r)
{
    struct bersih_buf name = BERSIH_BUF_INIT;
    struct bersih_error err;
    bersih_error_clear(&err);
    struct bersih_corpus_info info = { NULL, a->id, a->id_len, a->date, a->date_len, a->text_len };
    if (bersih_report_input_name(&name, a) != BERSIH_OK) {
        bersih_error_set(&err, BERSIH_ERR_NOMEM, "out of memory");
        trouble(run, &err, a->input->path, 0);
    } else {
        info.input = name.data;
        if (bersih_corpus_add(run->corpus, &r->sketch, &info, NULL, &err) != BERSIH_OK)
            trouble(run, &err, a->input->path, a->line);
    }
    bersih_buf_release(&name);
}

/* "SECOND: near-duplicate of FIRST" on stderr; 0 when out of memory for the names. */
static int print_duplicate(const struct run *run, uint64_t first, uint64_t second, double similarity)
{
    struct bersih_buf a = BERSIH_BUF_INIT, b = BERSIH_BUF_INIT;
    int ok = bersih_corpus_input_name(run->corpus, second, &a) == BERSIH_OK &&
             bersih_corpus_input_name(run->corpus, first, &b) == BERSIH_OK;
    if (ok)
        fprintf(stderr, "%s: near-duplicate of %s (similarity %.2f)\n", bersih_buf_str(&a),
                bersih_buf_str(&b), similarity);
    bersih_buf_release(&a);
    bersih_buf_release(&b);
    return ok;
}

static int duplicate_finding(void *ctx, uint64_t first, uint64_t second, double similarity)
{
    struct run *run = ctx;
    run->findings = 1;
    run->stats.duplicate_pairs++;
    if (run->opts->verbosity >= 0 && !print_duplicate(run, first, second, similarity)) {
        /* Stop at the first failure: one error, not one per pair; the run
         * fails, and the pair count printed is those seen so far. */
        struct bersih_error err;
        bersih_error_clear(&err);
        bersih_error_set(&err, BERSIH_ERR_NOMEM, "out of memory");
        trouble(run, &err, NULL, 0);
        return 1;
    }
    return 0;
}

/* After the last article: every pair of near-duplicate inputs is a finding. */
static void check_duplicates(struct run *run)
{
    if (!run->corpus)
        return;
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_corpus_seal(run->corpus);
    if (bersih_corpus_finish(run->corpus, &err) != BERSIH_OK) {
        trouble(run, &err, NULL, 0);
        return;
    }
    bersih_corpus_for_each_pair(run->corpus, duplicate_finding, run);
}

static enum article_outcome write_article(struct run *run, struct bersih_writer *w,
                                          struct bersih_article *a, struct article_result *r)
{
    if (a->problem.code != BERSIH_OK)
        return bad_line(run, w, a);
    struct bersih_error err;
    bersih_error_clear(&err);
    run->stats.articles++;
    run->stats.bytes_in += a->text_len;
    if (r->status != BERSIH_OK) {
        a->problem = r->err;
        if (a->input->format == BERSIH_FORMAT_JSONL)
            return bad_line(run, w, a);
        struct bersih_report_entry entry = { mode_name(run), a, "error", &r->err, a->text_len, 0, NULL, NULL };
        trouble(run, &r->err, a->input->path, a->line);
        write_report(run, &entry);
        return ARTICLE_FAILED;
    }
    const char *cleaned = bersih_buf_str(&r->cleaned);
    run->stats.changed += r->changed != 0;
    run->stats.repeats += r->intradoc.findings;
    for (int rule = 0; rule < BERSIH_RULE_COUNT; rule++)
        run->stats.rule_counts[rule] += r->normalize.counts[rule];
    run->stats.bytes_out += r->out_len;
    struct bersih_report_entry entry = { mode_name(run), a, r->changed ? "changed" : "unchanged",
                                         NULL, a->text_len, r->out_len, &r->normalize, &r->intradoc };
    write_report(run, &entry);
    if (run->opts->mode == MODE_CHECK)
        check_article(run, a, cleaned, r->out_len, r->changed, r);
    if (run->corpus)
        index_article(run, a, r);
    if (w && !emit(run, w, a, cleaned, r->out_len, &err)) {
        trouble(run, &err, NULL, 0);
        return OUTPUT_FAILED;
    }
    return ARTICLE_DONE;
}

/* Open the output file for one input, or refuse. NULL with *failed = 0
 * means: no file output for this run. */
static struct bersih_writer *open_output(struct run *run, const struct bersih_input *in,
                                         int *failed)
{
    *failed = 0;
    if (!to_files(run))
        return run->stdout_writer;
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_buf_reset(&run->target);
    mode_t mode = BERSIH_WRITER_NEW_FILE;
    if (run->opts->in_place) {
        if (in->is_stdin) {
            bersih_error_set(&err, BERSIH_ERR_ARG, "cannot rewrite standard input in place");
            goto fail;
        }
        struct stat st;
        if (stat(in->path, &st) == 0)
            mode = st.st_mode & 07777;
        if (bersih_buf_puts(&run->target, in->path) != BERSIH_OK)
            goto nomem;
    } else {
        if (bersih_buf_puts(&run->target, run->opts->output_dir) != BERSIH_OK ||
            bersih_buf_putc(&run->target, '/') != BERSIH_OK ||
            bersih_buf_puts(&run->target, in->relpath) != BERSIH_OK)
            goto nomem;
        /* Refused before it is written, so that its articles are not
         * counted or reported as cleaned. */
        if (!cli_output_claim(&run->output_dir, run->target.data, &err) ||
            !cli_output_target_ok(&run->output_dir, run->target.data, in,
                                  "; use --in-place to rewrite inputs", &err))
            goto fail;
    }
    struct bersih_writer *w;
    if (bersih_writer_open(run->target.data, in->compression, mode, &w, &err) != BERSIH_OK) {
        trouble(run, &err, run->target.data, 0); /* counted in the summary's errors */
        *failed = 1;
        return NULL;
    }
    if (run->output_dir.fresh && !in->is_stdin)
        bersih_writer_refuse_replacing(w, in->dev, in->ino);
    cli_temp_track(CLI_TEMP_OUTPUT, bersih_writer_temp_path(w));
    return w;
nomem:
    bersih_error_set(&err, BERSIH_ERR_NOMEM, "out of memory");
fail:
    trouble(run, &err, in->path, 0);
    *failed = 1;
    return NULL;
}

static void finish_output(struct run *run, struct bersih_writer *w, const struct bersih_input *in,
                          int ok)
{
    if (!w || w == run->stdout_writer)
        return;
    if (!ok) {
        bersih_writer_abort(w);
    } else {
        struct bersih_error err;
        bersih_error_clear(&err);
        bersih_status st = bersih_writer_commit(w, &err);
        if (st == BERSIH_ERR_REFUSED) {
            char what[1024];
            snprintf(what, sizeof what, "%s; use --in-place to rewrite inputs", err.message);
            bersih_error_clear(&err);
            bersih_error_set(&err, BERSIH_ERR_REFUSED, "%s", what);
            trouble(run, &err, in->path, 0);
        } else if (st != BERSIH_OK) {
            trouble(run, &err, NULL, 0);
        }
    }
    cli_temp_untrack(CLI_TEMP_OUTPUT);
}

static int is_golden(void *ctx, const struct bersih_input *in)
{
    const struct run *run = ctx;
    return run->opts->expected_dir && cli_ends_with(in->path, ".expected.txt");
}

static void replay_begin(struct run *run, struct job *job)
{
    run->output = open_output(run, &run->batch->inputs[job->input].view, &run->output_failed);
    run->input_ok = 1;
}

static void replay_end(struct run *run, struct job *job)
{
    if (run->output_failed)
        return;
    if (job->err.code != BERSIH_OK && run->input_ok) {
        trouble(run, &job->err, run->batch->inputs[job->input].view.path, 0);
        run->input_ok = 0;
    }
    finish_output(run, run->output, &run->batch->inputs[job->input].view, run->input_ok);
    run->output = NULL;
}

static void replay_article(struct run *run, struct job *job)
{
    if (run->output_failed || !run->input_ok)
        return;
    struct bersih_article *a = (struct bersih_article *)batch_article_view(run->batch, job);
    enum article_outcome outcome = write_article(run, run->output, a, job->result);
    if (outcome == OUTPUT_FAILED && run->output == run->stdout_writer)
        run->stdout_broken = 1;
    if (outcome != ARTICLE_DONE)
        run->input_ok = 0;
}

/* A text file its worker read: the three events of any input in one. One
 * that is still deferred could not be opened: a skipped input, as when
 * next_input fails (err has its path); one that failed once open is an
 * input that failed part way, after its output was opened. */
static void replay_file(struct run *run, struct job *job)
{
    if (job->err.code != BERSIH_OK && run->batch->inputs[job->input].view.deferred) {
        trouble(run, &job->err, NULL, 0);
        return;
    }
    replay_begin(run, job);
    if (job->err.code == BERSIH_OK) {
        /* decoded bytes: the progress line's count, near enough */
        run->file_bytes += job->text.len;
        replay_article(run, job);
    }
    replay_end(run, job);
}

/* Replay one event of a batch, in input order. */
static void replay(struct run *run, struct job *job)
{
    switch (job->kind) {
    case JOB_INPUT_SKIPPED:
        trouble(run, &job->err, NULL, 0);
        return;
    case JOB_INPUT_BEGIN:
        replay_begin(run, job);
        return;
    case JOB_INPUT_END:
        replay_end(run, job);
        return;
    case JOB_ARTICLE:
        replay_article(run, job);
        return;
    case JOB_FILE:
        replay_file(run, job);
        return;
    }
}


static double seconds_since(const struct timespec *start);

/* One updating line on a terminal: articles, MB, rate, ETA when the total
 * size is known. Nothing for the first second (short runs stay quiet) and
 * at most five updates a second (a terminal is slow). */
static void show_progress(struct run *run)
{
    if (!run->progress)
        return;
    double now = seconds_since(&run->started);
    if (now < 1.0 || now - run->progress_last < 0.2)
        return;
    run->progress_last = now;
    /* the count the batch took under the reader's lock: the reader itself
     * may be in another thread's hands */
    double read = (double)(run->batch->bytes_read + run->file_bytes);
    double rate = read / now;
    fprintf(stderr, "\r\033[Kbersih: %llu articles, %.1f MB, %.1f MB/s",
            (unsigned long long)run->stats.articles, read / 1e6, rate / 1e6);
    if (run->total_bytes && rate > 0 && read <= (double)run->total_bytes) {
        long eta = (long)(((double)run->total_bytes - read) / rate + 0.5);
        fprintf(stderr, ", ETA %ld:%02ld", eta / 60, eta % 60);
    }
    run->progress_shown = 1;
}

static void clear_progress(struct run *run)
{
    if (run->progress_shown)
        fputs("\r\033[K", stderr);
    run->progress_shown = 0;
}

static int prepare_batch(void *ctx, struct batch *batch)
{
    (void)ctx;
    return prepare_results(batch);
}

static int replay_batch(void *ctx, struct batch *batch)
{
    struct run *run = ctx;
    run->batch = batch;
    for (size_t i = 0; i < batch->count && !run->stdout_broken; i++)
        replay(run, &batch->jobs[i]);
    show_progress(run);
    return !run->stdout_broken;
}

static void run_batches(struct run *run)
{
    struct batch_loop loop = { run->pool, run->reader, is_golden, clean_job, prepare_batch,
                               replay_batch, article_result_free, run };
    if (!batch_loop_run(&loop)) {
        cli_error("out of memory");
        run->trouble = 1;
        run->stats.errors++;
    }
    clear_progress(run);
    /* An output still open here was cut short (stdout broke, memory ran out). */
    if (run->output && run->output != run->stdout_writer)
        finish_output(run, run->output, NULL, 0);
    run->output = NULL;
}

static int open_report(struct run *run)
{
    const char *path = run->opts->report_path;
    if (!path)
        return 1;
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_status st = strcmp(path, "-") == 0
        ? bersih_writer_open_fd(1, "standard output", BERSIH_COMPRESSION_NONE, &run->report, &err)
        : bersih_writer_open(path, BERSIH_COMPRESSION_NONE, BERSIH_WRITER_NEW_FILE, &run->report, &err);
    if (st != BERSIH_OK) {
        print_error(&err, path, 0);
        return 0;
    }
    cli_temp_track(CLI_TEMP_REPORT, bersih_writer_temp_path(run->report));
    return 1;
}

static int setup(struct run *run)
{
    const struct cli_options *opts = run->opts;
    struct bersih_error err;
    bersih_error_clear(&err);
    if (bersih_reader_new(&opts->reader, &run->reader, &err) != BERSIH_OK) {
        print_error(&err, NULL, 0);
        return 0;
    }
    if (opts->dedup && bersih_corpus_new(NULL, &run->corpus, &err) != BERSIH_OK) {
        print_error(&err, NULL, 0);
        return 0;
    }
    run->pool = pool_new(opts->jobs, worker_new, worker_destroy, (void *)opts);
    if (!run->pool) {
        cli_error("cannot start the workers");
        return 0;
    }
    if (opts->output_dir) {
        if (!cli_output_dir_make(opts->output_dir, opts->paths, opts->path_count, &run->output_dir))
            return 0;
        /* An output directory inside an input tree is not walked. */
        bersih_reader_exclude(run->reader, run->output_dir.dev, run->output_dir.ino);
        if (cli_refuse_output_as_report("--report", opts->report_path, opts->output_dir,
                                        opts->paths, opts->path_count))
            return 0;
    }
    cli_exclude_written_file(run->reader, opts->report_path); /* not read as an article */
    int from_stdin = opts->path_count == 0;
    if (from_stdin && isatty(0)) {
        cli_error("reading articles from a terminal; give a PATH or pipe text in");
        fputs("Try 'bersih --help' for more information.\n", stderr);
        return 0;
    }
    for (int i = 0; i < opts->path_count; i++)
        if (bersih_reader_add(run->reader, opts->paths[i], &err) != BERSIH_OK) {
            print_error(&err, NULL, 0);
            return 0;
        }
    if (from_stdin && bersih_reader_add(run->reader, "-", &err) != BERSIH_OK) {
        print_error(&err, NULL, 0);
        return 0;
    }
    struct stat st;
    run->progress = opts->progress && opts->verbosity >= 0 && isatty(2);
    for (int i = 0; i < opts->path_count; i++) {
        if (strcmp(opts->paths[i], "-") == 0 || stat(opts->paths[i], &st) != 0 || !S_ISREG(st.st_mode)) {
            run->total_bytes = 0;
            break;
        }
        run->total_bytes += (uint64_t)st.st_size;
    }
    run->headers = opts->path_count > 1 ||
                   (opts->path_count == 1 && stat(opts->paths[0], &st) == 0 && S_ISDIR(st.st_mode));
    if (!to_files(run) && opts->mode == MODE_CLEAN &&
        bersih_writer_open_fd(1, "standard output", BERSIH_COMPRESSION_NONE, &run->stdout_writer, &err) != BERSIH_OK) {
        print_error(&err, NULL, 0);
        return 0;
    }
    return open_report(run);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void print_summary(const struct run *run)
{
    const struct run_stats *st = &run->stats;
    if (run->opts->verbosity < 0)
        return;
    if (run->opts->mode == MODE_CHECK) {
        fprintf(stderr, "bersih: %llu %s checked, %llu %s, ",
                (unsigned long long)st->articles, plural(st->articles, "article", "articles"),
                (unsigned long long)st->findings,
                run->opts->expected_dir ? plural(st->findings, "differs from expected", "differ from expected")
                                        : "would change");
        if (run->opts->dedup)
            fprintf(stderr, "%llu near-duplicate %s, ", (unsigned long long)st->duplicate_pairs,
                    plural(st->duplicate_pairs, "pair", "pairs"));
        fprintf(stderr, "%llu %s\n", (unsigned long long)st->errors, plural(st->errors, "error", "errors"));
        return;
    }
    if (!to_files(run) && run->opts->verbosity < 1)
        return;
    double secs = seconds_since(&run->started);
    double mb = (double)st->bytes_in / 1e6;
    fprintf(stderr, "bersih: %llu %s, %llu changed, %llu %s removed, %llu %s, %.1f MB in %.2f s (%.1f MB/s)\n",
            (unsigned long long)st->articles, plural(st->articles, "article", "articles"),
            (unsigned long long)st->changed, (unsigned long long)st->repeats,
            plural(st->repeats, "repeat", "repeats"), (unsigned long long)st->errors,
            plural(st->errors, "error", "errors"), mb, secs, secs > 0 ? mb / secs : 0.0);
    if (run->opts->verbosity < 1)
        return;
    fputs("bersih: changes by rule:", stderr);
    const char *sep = " ";
    for (int rule = 0; rule < BERSIH_RULE_COUNT; rule++) {
        fprintf(stderr, "%s%s %llu", sep, bersih_rule_name((enum bersih_rule)rule),
                (unsigned long long)st->rule_counts[rule]);
        sep = ", ";
    }
    fprintf(stderr, "%srepeats %llu\n", sep, (unsigned long long)st->repeats);
}

static void teardown(struct run *run)
{
    struct bersih_error err;
    bersih_error_clear(&err);
    if (run->stdout_writer && bersih_writer_commit(run->stdout_writer, &err) != BERSIH_OK && !run->stdout_broken)
        trouble(run, &err, NULL, 0);
    if (run->report) {
        if (bersih_writer_commit(run->report, &err) != BERSIH_OK)
            trouble(run, &err, NULL, 0);
        cli_temp_untrack(CLI_TEMP_REPORT);
    }
    bersih_corpus_free(run->corpus);
    pool_free(run->pool);
    bersih_buf_release(&run->report_line);
    bersih_buf_release(&run->target);
    cli_output_dir_release(&run->output_dir);
    bersih_buf_release(&run->expected);
    bersih_buf_release(&run->expected_path);
    bersih_reader_free(run->reader);
}

int cli_run(const struct cli_options *opts)
{
    struct run run;
    memset(&run, 0, sizeof run);
    run.opts = opts;
    clock_gettime(CLOCK_MONOTONIC, &run.started);
    if (!setup(&run)) {
        teardown(&run);
        return EXIT_TROUBLE;
    }
    run_batches(&run);
    check_duplicates(&run);
    teardown(&run);
    print_summary(&run);
    if (opts->mode == MODE_CHECK && run.stats.articles == 0 && !run.trouble) {
        /* Nothing checked is not "clean": a CI job with a wrong path must fail. */
        cli_error("check: no article was checked");
        return EXIT_TROUBLE;
    }
    if (run.trouble)
        return EXIT_TROUBLE;
    return run.findings ? EXIT_FINDINGS : EXIT_CLEAN;
}
