/*
 * dedup.c - `bersih dedup`: near-duplicate articles across a corpus.
 *
 * Pass 1 reads every input in batches; each thread normalizes and sketches
 * the articles of its batch (library: corpus.h), and the sketches go into
 * the index one batch at a time in input order, so -j N gives the clusters
 * of -j 1. After the
 * clusters are final, the report and the summary are written. With -o, a
 * second pass reads the inputs again and writes the kept articles, cleaned
 * as `bersih clean` cleans them.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xxhash.h>

#include "bersih/corpus.h"
#include "bersih/intradoc.h"
#include "bersih/normalize.h"
#include "bersih/reader.h"
#include "bersih/report.h"
#include "bersih/writer.h"
#include "batch.h"
#include "cli.h"
#include "work.h"

#define NO_INDEX UINT64_MAX

struct dedup_options {
    const char *output_dir;
    const char *report_path;
    const char *index_path;
    const char *signatures_path;
    int merge;
    int passages;
    int mark;
    int drop_all;
    int verbosity;
    long jobs;
    struct bersih_reader_options reader;
    struct bersih_normalize_options normalize;
    struct bersih_intradoc_options intradoc;
    struct bersih_corpus_options corpus;
    char **paths;
    int path_count;
};

struct dedup_run {
    const struct dedup_options *opts;
    struct cli_memory *memory; /* main's: untuned once the index is large */
    struct bersih_corpus *corpus;
    struct pool *pool;
    /* pass 1 article ordinal (every JSON line or text file read, broken
     * ones too) -> corpus index (NO_INDEX: failed) */
    uint64_t *index_of;
    size_t ordinals, ordinal_cap;
    uint64_t first_new; /* corpus index of the first article of this run */
    uint64_t errors;
    int trouble;
    /* The messages pass 1 printed (XXH3 of their text, sorted before pass
     * 2): pass 2 prints only the others, the trouble of an input that
     * changed after pass 1 read it, which would otherwise be silently
     * missing from -o. */
    int pass;
    uint64_t *reported;
    size_t nreported, reported_cap;
    int reported_full; /* DEDUP_REMEMBERED_MAX reached, or no memory */
    struct bersih_buf line, name, outlet;
    struct timespec started;
    /* pass 2 */
    size_t ordinal;        /* of the next article written */
    size_t wanted_ordinal; /* of the next article mark_wanted() decides on */
    struct bersih_writer *out;
    struct bersih_buf target;
    struct bersih_buf out_source; /* the path of the input run->out is of */
    struct cli_output_dir output; /* -o DIR, once made (output_made) */
    struct { uint64_t dev, ino; } written_before[3]; /* report, signatures, index before pass 1 */
    int written_before_count;
    int output_made;
    int out_failed;
};

/* ---- options ------------------------------------------------------------ */

static void print_dedup_help(FILE *out)
{
    fputs(
"Usage: bersih dedup [OPTION]... PATH...\n"
"  or:  bersih dedup --merge [OPTION]... SIGNATURES...\n"
"Find duplicate and near-duplicate articles across a corpus.\n"
"\n"
"Articles are read as `bersih clean` reads them (files, directories, JSON\n"
"Lines, .gz/.zst) and normalized the same way. Exact duplicates (same words\n"
"after the dateline) are joined first; then MinHash LSH over word 5-grams\n"
"proposes candidates, and a candidate joins a cluster only when its Jaccard\n"
"similarity is at least the threshold. Articles under --min-words words are\n"
"reported as too short and not compared. With --passages, paragraphs shared\n"
"by several articles are found too: boilerplate within one outlet, reuse\n"
"across outlets.\n"
"\n"
"  -o, --output=DIR          write the kept articles, cleaned, under DIR\n"
"                            (the reader's layout; not with standard input)\n"
"      --report=FILE         JSON Lines report, one object per article (- = stdout)\n"
"      --keep=POLICY         which member of a cluster to keep: first (default),\n"
"                            longest, earliest (the JSON \"date\" field)\n"
"      --drop-all            with -o: write no member of any cluster\n"
"      --mark                with -o: write every article; JSON lines get the\n"
"                            fields dedup_cluster, dedup_status, duplicate_of\n"
"      --threshold=T         Jaccard similarity to join (default 0.75)\n"
"      --min-words=N         shorter articles are not compared (default 20)\n"
"      --passages            also report paragraphs (sentences, in articles of\n"
"                            under three lines) shared by several articles\n"
"      --passage-threshold=T containment of one unit in the other to join\n"
"                            (default 0.8)\n"
"      --passages-min=N      articles a passage must appear in (default 2)\n"
"      --index=FILE          dedup against FILE's articles, then add this run's\n"
"                            articles to FILE (created when missing)\n"
"      --signatures=FILE     save this run's sketches, for --merge\n"
"      --merge               the PATHs are --signatures files: cluster them as\n"
"                            one run over all their articles\n"
"      --format=text|jsonl   read every input as this format\n"
"      --text-field=NAME     JSON field with the article (default text)\n"
"      --max-article-bytes=N skip larger articles (default 16M)\n"
"  -j, --jobs=N              normalize and sketch on N threads (same result)\n"
"  -q, --quiet               no summary on standard error\n"
"  -v, --verbose             more figures in the summary\n"
"  -h, --help                this help\n"
"\n"
"Exit status: 0 done (finding duplicates is not a failure), 2 trouble (an\n"
"input could not be read: it is named, the others are still processed).\n"
"\n"
"Examples:\n"
"  bersih dedup --report dups.jsonl corpus/\n"
"  bersih dedup -o kept/ --keep longest corpus/*.jsonl.zst\n"
"  bersih dedup --index news.idx today.jsonl    dedup against earlier days\n"
"  bersih dedup --signatures a.sig part1/ && bersih dedup --signatures b.sig part2/\n"
"  bersih dedup --merge --report all.jsonl a.sig b.sig\n"
"  bersih dedup --passages --report shared.jsonl corpus/\n",
        out);
}

static int dedup_usage(const char *what, const char *arg)
{
    cli_error("dedup: %s%s%s%s", what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
    fputs("Try 'bersih dedup --help' for more information.\n", stderr);
    return EXIT_TROUBLE;
}

enum {
    OPT_REPORT = 256, OPT_KEEP, OPT_DROP_ALL, OPT_MARK, OPT_THRESHOLD, OPT_MIN_WORDS,
    OPT_INDEX, OPT_SIGNATURES, OPT_MERGE, OPT_FORMAT, OPT_TEXT_FIELD, OPT_MAX_BYTES,
    OPT_PASSAGES, OPT_PASSAGE_THRESHOLD, OPT_PASSAGES_MIN,
};

static const struct option dedup_long_options[] = {
    { "output", required_argument, NULL, 'o' },
    { "report", required_argument, NULL, OPT_REPORT },
    { "keep", required_argument, NULL, OPT_KEEP },
    { "drop-all", no_argument, NULL, OPT_DROP_ALL },
    { "mark", no_argument, NULL, OPT_MARK },
    { "threshold", required_argument, NULL, OPT_THRESHOLD },
    { "min-words", required_argument, NULL, OPT_MIN_WORDS },
    { "index", required_argument, NULL, OPT_INDEX },
    { "signatures", required_argument, NULL, OPT_SIGNATURES },
    { "merge", no_argument, NULL, OPT_MERGE },
    { "passages", no_argument, NULL, OPT_PASSAGES },
    { "passage-threshold", required_argument, NULL, OPT_PASSAGE_THRESHOLD },
    { "passages-min", required_argument, NULL, OPT_PASSAGES_MIN },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "text-field", required_argument, NULL, OPT_TEXT_FIELD },
    { "max-article-bytes", required_argument, NULL, OPT_MAX_BYTES },
    { "jobs", required_argument, NULL, 'j' },
    { "quiet", no_argument, NULL, 'q' },
    { "verbose", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

static int parse_number(const char *text, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !(v >= lo && v <= hi))
        return 0;
    *out = v;
    return 1;
}

/* "16M", "64k", "100000": bytes, or 0 when not a size. */
static size_t parse_bytes(const char *text)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text)
        return 0;
    if (*end == 'k' || *end == 'K')
        v <<= 10, end++;
    else if (*end == 'M')
        v <<= 20, end++;
    else if (*end == 'G')
        v <<= 30, end++;
    return *end ? 0 : (size_t)v;
}

static int parse_keep(const char *arg, enum bersih_keep *keep)
{
    if (strcmp(arg, "first") == 0)
        *keep = BERSIH_KEEP_FIRST;
    else if (strcmp(arg, "longest") == 0)
        *keep = BERSIH_KEEP_LONGEST;
    else if (strcmp(arg, "earliest") == 0)
        *keep = BERSIH_KEEP_EARLIEST;
    else
        return 0;
    return 1;
}

static int parse_dedup_one(int c, struct dedup_options *o)
{
    double v;
    switch (c) {
    case 'o': o->output_dir = optarg; break;
    case OPT_REPORT: o->report_path = optarg; break;
    case OPT_KEEP:
        if (!parse_keep(optarg, &o->corpus.keep))
            return dedup_usage("--keep: expected first, longest or earliest, not", optarg);
        break;
    case OPT_DROP_ALL: o->drop_all = 1; break;
    case OPT_MARK: o->mark = 1; break;
    case OPT_THRESHOLD:
        if (!parse_number(optarg, 0.01, 1.0, &v))
            return dedup_usage("--threshold: expected a number in [0.01, 1], not", optarg);
        o->corpus.threshold = v;
        break;
    case OPT_MIN_WORDS:
        if (!parse_number(optarg, 1, 100000, &v) || v != (double)(size_t)v)
            return dedup_usage("--min-words: expected a whole number from 1, not", optarg);
        o->corpus.min_words = (size_t)v;
        break;
    case OPT_INDEX: o->index_path = optarg; break;
    case OPT_SIGNATURES: o->signatures_path = optarg; break;
    case OPT_MERGE: o->merge = 1; break;
    case OPT_PASSAGES: o->corpus.passages = 1; break;
    case OPT_PASSAGE_THRESHOLD:
        if (!parse_number(optarg, 0.01, 1.0, &v))
            return dedup_usage("--passage-threshold: expected a number in [0.01, 1], not", optarg);
        o->corpus.passage_threshold = v;
        o->passages |= 2; /* given: needs --passages */
        break;
    case OPT_PASSAGES_MIN:
        if (!parse_number(optarg, 1, 1e9, &v) || v != (double)(size_t)v)
            return dedup_usage("--passages-min: expected a whole number from 1, not", optarg);
        o->corpus.passages_min = (size_t)v;
        o->passages |= 2;
        break;
    case OPT_FORMAT:
        if (strcmp(optarg, "text") == 0)
            o->reader.format = BERSIH_FORMAT_TEXT;
        else if (strcmp(optarg, "jsonl") == 0)
            o->reader.format = BERSIH_FORMAT_JSONL;
        else
            return dedup_usage("--format: expected text or jsonl, not", optarg);
        break;
    case OPT_TEXT_FIELD: o->reader.text_field = optarg; break;
    case OPT_MAX_BYTES:
        if (!(o->reader.max_article_bytes = parse_bytes(optarg)))
            return dedup_usage("--max-article-bytes: not a size:", optarg);
        break;
    case 'j':
        if (!parse_number(optarg, 1, 256, &v) || v != (double)(long)v)
            return dedup_usage("--jobs: expected a number from 1 to 256, not", optarg);
        o->jobs = (long)v;
        break;
    case 'q': o->verbosity = -1; break;
    case 'v': o->verbosity = 1; break;
    case 'h': print_dedup_help(stdout); return EXIT_CLEAN;
    default: return dedup_usage("invalid option", NULL);
    }
    return -1;
}

static int check_combinations(const struct dedup_options *o)
{
    int from_stdin = o->path_count == 0;
    for (int i = 0; i < o->path_count; i++)
        from_stdin |= strcmp(o->paths[i], "-") == 0;
    if (o->merge && o->path_count == 0)
        return dedup_usage("--merge: give the signature files to merge", NULL);
    if (o->merge && (o->output_dir || o->index_path))
        return dedup_usage("--merge reads signature files: -o and --index need the articles", NULL);
    if (o->output_dir && from_stdin)
        return dedup_usage("-o reads the inputs twice and cannot re-read standard input; "
                           "save it to a file first", NULL);
    /* A FIFO (a shell's <(zstdcat ...)) would give pass 2 nothing, or wait
     * for a writer that is gone. A path that cannot be looked at is the
     * reader's to report, as for any input. */
    for (int i = 0; o->output_dir && i < o->path_count; i++) {
        struct stat st;
        if (stat(o->paths[i], &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
            return dedup_usage("-o reads the inputs twice and cannot re-read a pipe or a device; "
                               "save it to a file first:", o->paths[i]);
    }
    if ((o->mark || o->drop_all) && !o->output_dir)
        return dedup_usage(o->mark ? "--mark needs -o DIR" : "--drop-all needs -o DIR", NULL);
    if (o->passages && !o->corpus.passages)
        return dedup_usage("--passage-threshold and --passages-min need --passages", NULL);
    if (o->merge && o->corpus.passages)
        return dedup_usage("--passages needs the articles' text; --merge reads only signatures", NULL);
    if (o->mark && o->drop_all)
        return dedup_usage("--mark keeps every article; --drop-all drops some: choose one", NULL);
    if (cli_refuse_input_as_output("--report", o->report_path, CLI_REPORT_MAGIC, o->paths,
                                   o->path_count) ||
        cli_refuse_input_as_output("--signatures", o->signatures_path, CLI_SIGNATURES_MAGIC,
                                   o->paths, o->path_count) ||
        cli_refuse_input_as_output("--index", o->index_path, CLI_SIGNATURES_MAGIC, o->paths,
                                   o->path_count))
        return EXIT_TROUBLE;
    return -1;
}

static int parse_dedup(int argc, char **argv, struct dedup_options *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    bersih_reader_options_default(&o->reader);
    o->reader.defer_decoding = 1; /* the batch loop decodes on the workers */
    o->reader.defer_files = 1;    /* and reads a directory's text files there */
    bersih_normalize_options_default(&o->normalize);
    bersih_intradoc_options_default(&o->intradoc);
    o->intradoc.repetition = 0; /* the Gopher figures go only into clean's report */
    bersih_corpus_options_default(&o->corpus);
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:j:qvh", dedup_long_options, NULL)) != -1) {
        if (c == '?')
            return dedup_usage("unrecognized or incomplete option", argv[optind - 1]);
        int status = parse_dedup_one(c, o);
        if (status >= 0)
            return status;
    }
    o->paths = argv + optind;
    o->path_count = argc - optind;
    return check_combinations(o);
}

/* ---- messages ------------------------------------------------------------- */

/* Pass 1 remembers up to this many messages (8 MB); past them, pass 2
 * cannot tell old trouble from new and reports none, as before it
 * remembered any, but for a changed count of articles. */
#define DEDUP_REMEMBERED_MAX ((size_t)1 << 20)

/* Append value to the array (*items, *count, *cap), doubling it from
 * first up to max items; 0 when it is full or memory ran out. */
static int append_u64(uint64_t **items, size_t *count, size_t *cap, size_t first, size_t max,
                      uint64_t value)
{
    if (*count == *cap) {
        size_t grown = *cap ? *cap * 2 : first;
        uint64_t *p = grown <= max ? realloc(*items, grown * sizeof *p) : NULL;
        if (!p)
            return 0;
        *items = p;
        *cap = grown;
    }
    (*items)[(*count)++] = value;
    return 1;
}

static void remember_reported(struct dedup_run *run, uint64_t hash)
{
    if (!run->reported_full &&
        !append_u64(&run->reported, &run->nreported, &run->reported_cap, 64,
                    DEDUP_REMEMBERED_MAX, hash))
        run->reported_full = 1;
}

static int compare_hashes(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int reported_in_pass1(const struct dedup_run *run, uint64_t hash)
{
    return run->nreported &&
           bsearch(&hash, run->reported, run->nreported, sizeof hash, compare_hashes) != NULL;
}

/* Print err (its path and line filled in when it has none), with what
 * follows it, and count it unless it is a warning. */
static void print_trouble(struct dedup_run *run, const struct bersih_error *err,
                          const char *message, const char *after)
{
    cli_error("%s%s", message, after);
    if (err->code != BERSIH_ERR_SKIPPED) {
        run->trouble = 1;
        run->errors++;
    }
}

static const char *trouble_text(struct bersih_error *err, const char *path, uint64_t line,
                                char *text, size_t size)
{
    bersih_error_set_path(err, path);
    if (line && !err->line)
        err->line = line;
    return bersih_error_format(err, text, size);
}

static void dedup_trouble(struct dedup_run *run, struct bersih_error *err, const char *path,
                          uint64_t line)
{
    char text[1536];
    print_trouble(run, err, trouble_text(err, path, line, text, sizeof text), "");
}

/* The trouble of an input, an article or a line: pass 1 reports it, and
 * pass 2 only what pass 1 did not see, saying what became of it in -o
 * (outcome: "left out of -o", "copied unchanged into -o", ...). */
static void input_trouble_as(struct dedup_run *run, struct bersih_error *err, const char *path,
                             uint64_t line, const char *outcome)
{
    char text[1536];
    const char *message = trouble_text(err, path, line, text, sizeof text);
    uint64_t hash = XXH3_64bits(message, strlen(message));
    if (run->pass != 2) {
        remember_reported(run, hash);
        print_trouble(run, err, message, "");
    } else if (err->code == BERSIH_ERR_NOMEM) {
        print_trouble(run, err, message, ""); /* this pass's own */
    } else if (err->code == BERSIH_ERR_SKIPPED && !reported_in_pass1(run, hash)) {
        print_trouble(run, err, message, ""); /* what it changes, the count of articles says */
    } else if (!run->reported_full && !reported_in_pass1(run, hash)) {
        char after[160];
        snprintf(after, sizeof after, " (the first pass saw no such trouble: the input changed; %s)",
                 outcome);
        print_trouble(run, err, message, after);
    }
}

static const char LEFT_OUT[] = "left out of -o";

static void input_trouble(struct dedup_run *run, struct bersih_error *err, const char *path,
                          uint64_t line)
{
    input_trouble_as(run, err, path, line, LEFT_OUT);
}

static void out_of_memory(struct dedup_run *run)
{
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_error_set(&err, BERSIH_ERR_NOMEM, "out of memory");
    dedup_trouble(run, &err, NULL, 0);
}

/* ---- workers ---------------------------------------------------------------- */

static void *dedup_worker_new(void *ctx, long index)
{
    (void)index;
    const struct dedup_options *o = ctx;
    return worker_create(&o->normalize, &o->intradoc, &o->corpus, 1);
}

/* Pass 1, any thread: normalize, then sketch the matching key. */
static void sketch_job(void *worker, struct job *job)
{
    struct worker *w = worker;
    struct article_result *r = job->result;
    bersih_error_clear(&r->err);
    if (job->problem.code != BERSIH_OK)
        return;
    work_normalize(w, job, r);
    if (r->status == BERSIH_OK)
        r->status = bersih_corpus_sketch_text(w->sketcher, bersih_buf_str(&r->normalized),
                                              r->normalized.len, r->normalize.body_start,
                                              &r->sketch, &r->err);
}

/* Pass 2, any thread: clean a kept article as `bersih clean` does. */
static void clean_job(void *worker, struct job *job)
{
    struct article_result *r = job->result;
    bersih_error_clear(&r->err);
    if (job->problem.code != BERSIH_OK || !r->wanted)
        return;
    work_clean(worker, job, r);
}

/* ---- pass 1: index ---------------------------------------------------------- */

static int remember_index(struct dedup_run *run, uint64_t index)
{
    return append_u64(&run->index_of, &run->ordinals, &run->ordinal_cap, 1024, SIZE_MAX / 16,
                      index);
}

/* What --passages needs of an article: its normalized text (the previews)
 * and its outlet: the JSON "source", else the dateline's, else the
 * directory (corpus.h, bersih_corpus_outlet). */
static int passage_info(struct dedup_run *run, const struct bersih_article *a,
                        const struct article_result *r, struct bersih_corpus_passage_info *info)
{
    int json = a->input->format == BERSIH_FORMAT_JSONL && a->raw;
    enum bersih_outlet_from from;
    if (bersih_corpus_outlet(json ? a->raw : NULL, json ? a->raw_len : 0,
                             r->normalize.dateline_outlet.data, r->normalize.dateline_outlet.len,
                             a->input->path, &run->outlet, &from) != BERSIH_OK)
        return 0;
    info->text = bersih_buf_str(&r->normalized);
    info->text_len = r->normalized.len;
    info->outlet = bersih_buf_str(&run->outlet);
    info->outlet_len = run->outlet.len;
    info->outlet_from = from;
    return 1;
}

/* Up to this many articles in the index, the heap stays as main tuned it
 * (memory.c): below it the tuning saves most of the index's page faults
 * (dedup of 10K articles: 3,785 -> 302 faults at -j2, 16% of the time at
 * -j1 and 24% at -j2); above it, what a heap kept untrimmed holds took the
 * peak of 1M articles past 10^9 bytes. At 100K articles the index and its
 * arrays take about 100 MB. */
#define DEDUP_KEEP_HEAP_UNTIL 100000

/* Inputs whose files add up to more than this (compressed ones counted
 * four times) are indexed on glibc's defaults: what the tuned heap places
 * before DEDUP_KEEP_HEAP_UNTIL stays there, and took the peak of 1M
 * articles (1.8 GB) 5-20 MiB above glibc's defaults at -j2 (941-959
 * against 936-938 MiB), past 10^9 bytes in one run of five; untuned right
 * after the start it still peaked at 937-943. 256 MB is about 140,000 of
 * the bench's articles. Directories and standard input are not sized: for
 * them DEDUP_KEEP_HEAP_UNTIL decides. */
#define DEDUP_TUNED_INPUT_MAX ((uint64_t)256 << 20)

/* The bytes the named files hold, or 0 (as small as can be) when a path is
 * not a regular file (a directory, "-", a FIFO) or cannot be looked at:
 * then DEDUP_KEEP_HEAP_UNTIL alone decides. */
static uint64_t input_bytes(const struct dedup_options *o)
{
    uint64_t total = 0;
    for (int i = 0; i < o->path_count; i++) {
        struct stat st;
        if (strcmp(o->paths[i], "-") == 0 || stat(o->paths[i], &st) != 0 || !S_ISREG(st.st_mode))
            return 0;
        uint64_t bytes = (uint64_t)st.st_size;
        if (cli_ends_with(o->paths[i], ".gz") || cli_ends_with(o->paths[i], ".zst"))
            bytes *= 4;
        total += bytes;
    }
    return total; /* 0 for standard input, no path given */
}

/* Reports what keeps an article out of the index: a broken JSON line, or
 * its work failing. */
static int article_trouble(struct dedup_run *run, const struct bersih_article *a,
                           struct article_result *r, const char *outcome)
{
    if (a->problem.code != BERSIH_OK) {
        struct bersih_error problem = a->problem;
        input_trouble_as(run, &problem, a->input->path, a->line, outcome);
        return 1;
    }
    if (r->status != BERSIH_OK) {
        input_trouble_as(run, &r->err, a->input->path, a->line, outcome);
        return 1;
    }
    return 0;
}

static void add_article(struct dedup_run *run, struct batch *batch, struct job *job)
{
    const struct bersih_article *a = batch_article_view(batch, job);
    struct article_result *r = job->result;
    uint64_t index = NO_INDEX;
    struct bersih_error err;
    bersih_error_clear(&err);
    if (!article_trouble(run, a, r, LEFT_OUT)) {
        bersih_buf_reset(&run->name);
        struct bersih_corpus_info info = { NULL, a->id, a->id_len, a->date, a->date_len, a->text_len };
        struct bersih_corpus_passage_info passage = { NULL, 0, NULL, 0, BERSIH_OUTLET_NONE };
        if (bersih_report_input_name(&run->name, a) != BERSIH_OK ||
            (run->opts->corpus.passages && !passage_info(run, a, r, &passage))) {
            out_of_memory(run);
        } else {
            info.input = run->name.data;
            if (bersih_corpus_add_article(run->corpus, &r->sketch, &info, &passage, &index, &err) != BERSIH_OK)
                dedup_trouble(run, &err, a->input->path, a->line);
        }
    }
    if (!remember_index(run, index))
        out_of_memory(run);
    if (index != NO_INDEX && index + 1 == DEDUP_KEEP_HEAP_UNTIL)
        cli_untune_memory(run->memory);
}

/* Whether a text file that could not be read keeps a place among the
 * articles. Pass 2 numbers each file its walk lists as a regular file
 * before its worker reads it (mark_wanted), so a file that failed once
 * open (too large, corrupt) keeps one; one that could not be opened keeps
 * one only if it still lists as a regular file: one gone, or swapped for a
 * symlink, a FIFO or a socket since the walk listed it, will not be
 * numbered in pass 2 either. A file that changes between the passes can
 * still shift pass 2's decisions, as any input could before. */
static int file_keeps_place(const struct bersih_input *in)
{
    struct stat st;
    return !in->deferred || (lstat(in->path, &st) == 0 && S_ISREG(st.st_mode));
}

static void index_event(struct dedup_run *run, struct batch *batch, struct job *job)
{
    switch (job->kind) {
    case JOB_INPUT_SKIPPED:
        input_trouble(run, &job->err, NULL, 0);
        break;
    case JOB_INPUT_END:
        if (job->err.code != BERSIH_OK)
            input_trouble(run, &job->err, batch->inputs[job->input].view.path, 0);
        break;
    case JOB_ARTICLE:
        add_article(run, batch, job);
        break;
    case JOB_FILE:
        if (job->err.code == BERSIH_OK) {
            add_article(run, batch, job);
        } else {
            input_trouble(run, &job->err, NULL, 0);
            if (file_keeps_place(&batch->inputs[job->input].view) &&
                !remember_index(run, NO_INDEX))
                out_of_memory(run);
        }
        break;
    case JOB_INPUT_BEGIN:
        break;
    }
}

static struct bersih_reader *open_reader(struct dedup_run *run)
{
    const struct dedup_options *o = run->opts;
    struct bersih_reader *reader;
    struct bersih_error err;
    bersih_error_clear(&err);
    if (bersih_reader_new(&o->reader, &reader, &err) != BERSIH_OK) {
        dedup_trouble(run, &err, NULL, 0);
        return NULL;
    }
    /* An output directory inside an input tree is not walked, as clean
     * does not walk its own: pass 2 would read what it is writing, and the
     * next run would index the outputs of this one. */
    if (run->output_made)
        bersih_reader_exclude(reader, run->output.dev, run->output.ino);
    /* The files as they were before pass 1 too: pass 2 must leave out
     * what pass 1 did, even after a rename replaced them (a hard link to
     * an old report stays an old report). */
    for (int i = 0; i < run->written_before_count; i++)
        bersih_reader_exclude(reader, run->written_before[i].dev, run->written_before[i].ino);
    /* What this run writes is not read (pass 2 after the report is
     * written, a later run after them all). */
    cli_exclude_written_file(reader, o->report_path);
    cli_exclude_written_file(reader, o->signatures_path);
    cli_exclude_written_file(reader, o->index_path);
    for (int i = 0; i < o->path_count; i++)
        if (bersih_reader_add(reader, o->paths[i], &err) != BERSIH_OK) {
            dedup_trouble(run, &err, NULL, 0);
            bersih_reader_free(reader);
            return NULL;
        }
    if (o->path_count == 0 && bersih_reader_add(reader, "-", &err) != BERSIH_OK) {
        dedup_trouble(run, &err, NULL, 0);
        bersih_reader_free(reader);
        return NULL;
    }
    return reader;
}

/* One pass over the inputs: its work, and what is done in input order. */
struct dedup_pass {
    struct dedup_run *run;
    int (*prepare)(struct dedup_run *, struct batch *); /* may be NULL */
    void (*event)(struct dedup_run *, struct batch *, struct job *);
};

static int pass_prepare(void *ctx, struct batch *batch)
{
    struct dedup_pass *pass = ctx;
    return prepare_results(batch) && (!pass->prepare || pass->prepare(pass->run, batch));
}

static int pass_replay(void *ctx, struct batch *batch)
{
    struct dedup_pass *pass = ctx;
    for (size_t i = 0; i < batch->count; i++)
        pass->event(pass->run, batch, &batch->jobs[i]);
    return 1;
}

/* Read every input through work (pass 1: index_event, pass 2: write_event).
 * With -j N, N threads sketch (or clean) their batches while one of them at
 * a time indexes (or writes) the earliest one done, so the index stage runs
 * beside the signature stage instead of after it, and needs no lock of its
 * own. prepare() may run before the events of the batch before it, so it
 * keeps its own place (pass 2's wanted_ordinal). */
static int read_all(struct dedup_run *run, job_fn work, int (*prepare)(struct dedup_run *, struct batch *),
                    void (*event)(struct dedup_run *, struct batch *, struct job *))
{
    struct bersih_reader *reader = open_reader(run);
    if (!reader)
        return 0;
    struct dedup_pass pass = { run, prepare, event };
    struct batch_loop loop = { run->pool, reader, NULL, work, pass_prepare, pass_replay,
                               article_result_free, &pass };
    int ok = batch_loop_run(&loop);
    if (!ok)
        out_of_memory(run);
    bersih_reader_free(reader);
    return ok;
}

/* ---- pass 2: write the kept articles ------------------------------------------ */

static int is_wanted(const struct dedup_run *run, uint64_t index)
{
    if (index == NO_INDEX)
        return 0; /* failed in pass 1: already reported */
    if (run->opts->mark)
        return 1;
    struct bersih_corpus_member m;
    bersih_corpus_member(run->corpus, index, &m);
    if (run->opts->drop_all)
        return m.cluster == 0;
    return m.status != BERSIH_CORPUS_DUPLICATE;
}

/* Decide, before the workers run, which articles of the batch to clean. */
static int mark_wanted(struct dedup_run *run, struct batch *batch)
{
    for (size_t i = 0; i < batch->count; i++) {
        struct job *job = &batch->jobs[i];
        /* Every article has an ordinal, a line that is no article too: its
         * JSON is decoded later, on the workers. */
        if (job->kind != JOB_ARTICLE && job->kind != JOB_FILE)
            continue;
        struct article_result *r = job->result;
        size_t ordinal = run->wanted_ordinal++;
        r->wanted = ordinal < run->ordinals && is_wanted(run, run->index_of[ordinal]);
    }
    return 1;
}

static int open_output(struct dedup_run *run, const struct bersih_input *in)
{
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_buf_reset(&run->target);
    if (bersih_buf_puts(&run->target, run->opts->output_dir) != BERSIH_OK ||
        bersih_buf_putc(&run->target, '/') != BERSIH_OK ||
        bersih_buf_puts(&run->target, in->relpath) != BERSIH_OK) {
        out_of_memory(run);
        return 0;
    }
    if (!cli_output_claim(&run->output, run->target.data, &err)) {
        dedup_trouble(run, &err, in->path, 0);
        return 0;
    }
    if (!cli_output_target_ok(&run->output, run->target.data, in, "", &err)) {
        dedup_trouble(run, &err, in->path, 0);
        return 0;
    }
    if (bersih_writer_open(run->target.data, in->compression, BERSIH_WRITER_NEW_FILE, &run->out, &err) != BERSIH_OK) {
        dedup_trouble(run, &err, run->target.data, 0);
        return 0;
    }
    if (run->output.fresh)
        bersih_writer_refuse_replacing(run->out, in->dev, in->ino);
    bersih_buf_reset(&run->out_source);
    if (bersih_buf_puts(&run->out_source, in->path) != BERSIH_OK) {
        bersih_writer_abort(run->out);
        run->out = NULL;
        out_of_memory(run);
        return 0;
    }
    cli_temp_track(CLI_TEMP_OUTPUT, bersih_writer_temp_path(run->out));
    return 1;
}

static void close_output(struct dedup_run *run, int ok)
{
    if (run->out) {
        struct bersih_error err;
        bersih_error_clear(&err);
        if (!ok)
            bersih_writer_abort(run->out);
        else if (bersih_writer_commit(run->out, &err) != BERSIH_OK)
            dedup_trouble(run, &err, err.code == BERSIH_ERR_REFUSED ? run->out_source.data : NULL, 0);
        cli_temp_untrack(CLI_TEMP_OUTPUT);
    }
    run->out = NULL;
    run->out_failed = 0;
}

/* The raw JSON after the text value, with the dedup fields before its final
 * brace: {"id":1,"text":"..." + ,"dedup_cluster":3,...} */
static int marked_tail(struct dedup_run *run, const struct bersih_article *a, uint64_t index)
{
    struct bersih_corpus_member m;
    bersih_corpus_member(run->corpus, index, &m);
    const char *end = a->json_after + a->json_after_len;
    while (end > a->json_after && end[-1] != '}')
        end--;
    if (end == a->json_after)
        return 0;
    char fields[96];
    bersih_buf_reset(&run->line);
    if (bersih_buf_append(&run->line, a->json_after, (size_t)(end - 1 - a->json_after)) != BERSIH_OK)
        return 0;
    if (m.cluster)
        snprintf(fields, sizeof fields, ",\"dedup_cluster\":%llu,\"dedup_status\":\"%s\",\"duplicate_of\":",
                 (unsigned long long)m.cluster, bersih_corpus_status_name(m.status));
    else
        snprintf(fields, sizeof fields, ",\"dedup_cluster\":null,\"dedup_status\":\"%s\",\"duplicate_of\":",
                 bersih_corpus_status_name(m.status));
    if (bersih_buf_puts(&run->line, fields) != BERSIH_OK)
        return 0;
    /* The representative's input name as a JSON string (the report's
     * duplicate_of). */
    struct bersih_buf rep = BERSIH_BUF_INIT;
    int ok;
    if (m.status == BERSIH_CORPUS_DUPLICATE)
        ok = bersih_corpus_input_name(run->corpus, m.representative, &rep) == BERSIH_OK &&
             bersih_json_escape(&run->line, rep.data ? rep.data : "", rep.len) == BERSIH_OK;
    else
        ok = bersih_buf_puts(&run->line, "null") == BERSIH_OK;
    bersih_buf_release(&rep);
    return ok && bersih_buf_append(&run->line, end - 1, (size_t)(a->json_after + a->json_after_len - (end - 1))) == BERSIH_OK;
}

static bersih_status emit_article(struct dedup_run *run, const struct bersih_article *a,
                                  const struct article_result *r, uint64_t index,
                                  struct bersih_error *err)
{
    const char *text = bersih_buf_str(&r->cleaned);
    if (a->input->format != BERSIH_FORMAT_JSONL)
        return bersih_writer_write(run->out, text, r->out_len, err);
    if (!run->opts->mark)
        return bersih_writer_write_json(run->out, a, text, r->out_len, err);
    struct bersih_article marked = *a;
    if (!marked_tail(run, a, index))
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    marked.json_after = run->line.data;
    marked.json_after_len = run->line.len;
    return bersih_writer_write_json(run->out, &marked, text, r->out_len, err);
}

static void write_article(struct dedup_run *run, struct batch *batch, struct job *job)
{
    const struct bersih_article *a = batch_article_view(batch, job);
    struct article_result *r = job->result;
    struct bersih_error err;
    bersih_error_clear(&err);
    uint64_t index = NO_INDEX;
    int numbered = run->ordinal < run->ordinals; /* pass 1 read it */
    if (numbered)
        index = run->index_of[run->ordinal];
    run->ordinal++;
    int json = a->input->format == BERSIH_FORMAT_JSONL && a->raw;
    /* A line over the cap was not kept (raw is empty): no output for its
     * input rather than one without the record, as `bersih clean` does. */
    if (json && cli_line_not_kept(a)) {
        (void)article_trouble(run, a, r, "its file left out of -o");
        close_output(run, 0);
        run->out_failed = 1;
        return;
    }
    /* Copied through unchanged, as `bersih clean` does: a line that is no
     * usable article, and one whose text pass 1 could not clean (it has no
     * place in the index; pass 1 said why). A broken record is the user's
     * to fix, not ours to drop. */
    int broken_line =
        json && (a->problem.code != BERSIH_OK || r->status != BERSIH_OK || (numbered && index == NO_INDEX));
    if (article_trouble(run, a, r, broken_line ? "copied unchanged into -o" : LEFT_OUT) &&
        !broken_line)
        return; /* reported in pass 1, unless its input changed since */
    if (!r->wanted && !broken_line)
        return; /* dropped */
    if (run->out_failed)
        return;
    if (!run->out && !open_output(run, a->input)) {
        run->out_failed = 1;
        return;
    }
    bersih_status st;
    if (broken_line) { /* copied through, as `bersih clean` does */
        st = bersih_writer_write(run->out, a->raw, a->raw_len, &err);
        if (st == BERSIH_OK)
            st = bersih_writer_write(run->out, "\n", 1, &err);
    } else {
        st = emit_article(run, a, r, index, &err);
    }
    if (st != BERSIH_OK) {
        dedup_trouble(run, &err, run->target.data, 0);
        close_output(run, 0);
        run->out_failed = 1;
    }
}

static void write_event(struct dedup_run *run, struct batch *batch, struct job *job)
{
    switch (job->kind) {
    case JOB_INPUT_BEGIN:
        close_output(run, 1);
        break;
    case JOB_INPUT_END:
        if (job->err.code != BERSIH_OK)
            input_trouble(run, &job->err, batch->inputs[job->input].view.path, 0);
        close_output(run, job->err.code == BERSIH_OK);
        break;
    case JOB_ARTICLE:
        write_article(run, batch, job);
        break;
    case JOB_FILE:
        close_output(run, 1);
        if (job->err.code == BERSIH_OK) {
            write_article(run, batch, job);
        } else {
            input_trouble(run, &job->err, NULL, 0);
            run->ordinal++; /* numbered by mark_wanted */
        }
        close_output(run, 1);
        break;
    case JOB_INPUT_SKIPPED:
        input_trouble(run, &job->err, NULL, 0);
        break;
    }
}

/* An input that grew or shrank after pass 1 read it shifts which articles
 * pass 2 writes; one that grew would lose its new articles without a word. */
static void check_article_count(struct dedup_run *run)
{
    if (run->ordinal == run->ordinals)
        return;
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_error_set(&err, BERSIH_ERR_IO,
                     "the inputs changed after the first pass: it read %zu articles, "
                     "the second %zu; -o may not match the report",
                     run->ordinals, run->ordinal);
    dedup_trouble(run, &err, NULL, 0);
}

/* ---- report and summary ----------------------------------------------------- */

static void write_report(struct dedup_run *run)
{
    const char *path = run->opts->report_path;
    if (!path)
        return;
    struct bersih_writer *w;
    struct bersih_error err;
    bersih_error_clear(&err);
    bersih_status st = strcmp(path, "-") == 0
        ? bersih_writer_open_fd(1, "standard output", BERSIH_COMPRESSION_NONE, &w, &err)
        : bersih_writer_open(path, BERSIH_COMPRESSION_NONE, BERSIH_WRITER_NEW_FILE, &w, &err);
    if (st != BERSIH_OK) {
        dedup_trouble(run, &err, path, 0);
        return;
    }
    cli_temp_track(CLI_TEMP_REPORT, bersih_writer_temp_path(w));
    size_t count = bersih_corpus_count(run->corpus);
    for (uint64_t i = run->first_new; i < count && st == BERSIH_OK; i++) {
        bersih_buf_reset(&run->line);
        st = bersih_corpus_report_format(&run->line, run->corpus, i);
        if (st != BERSIH_OK)
            bersih_error_set(&err, st, "%s", bersih_strerror(st));
        else
            st = bersih_writer_write(w, run->line.data, run->line.len, &err);
    }
    /* Then one object per shared passage (docs/dedup.md). */
    uint64_t groups = bersih_corpus_passage_count(run->corpus);
    for (uint64_t g = 0; g < groups && st == BERSIH_OK; g++) {
        bersih_buf_reset(&run->line);
        st = bersih_corpus_passage_format(&run->line, run->corpus, g, &err);
        if (st == BERSIH_OK)
            st = bersih_writer_write(w, run->line.data, run->line.len, &err);
    }
    if (st == BERSIH_OK)
        st = bersih_writer_commit(w, &err);
    else
        bersih_writer_abort(w);
    cli_temp_untrack(CLI_TEMP_REPORT);
    if (st != BERSIH_OK)
        dedup_trouble(run, &err, path, 0);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void print_summary(const struct dedup_run *run)
{
    if (run->opts->verbosity < 0)
        return;
    struct bersih_corpus_stats st;
    bersih_corpus_stats(run->corpus, run->opts->merge, &st);
    fprintf(stderr,
            "bersih: dedup: %llu articles, %llu clusters, %llu duplicates (%llu exact), "
            "%llu too short, %.1f MB saved, %llu errors, %.2f s\n",
            (unsigned long long)st.articles, (unsigned long long)st.clusters,
            (unsigned long long)st.duplicates, (unsigned long long)st.exact_duplicates,
            (unsigned long long)st.too_short, (double)st.bytes_saved / 1e6,
            (unsigned long long)run->errors, seconds_since(&run->started));
    if (run->opts->corpus.passages) {
        struct bersih_corpus_passage_stats ps;
        bersih_corpus_passage_stats(run->corpus, &ps);
        fprintf(stderr,
                "bersih: dedup: %llu shared passages (%llu boilerplate, %llu reuse) in %llu units "
                "of %llu\n",
                (unsigned long long)ps.groups, (unsigned long long)ps.boilerplate,
                (unsigned long long)ps.reuse, (unsigned long long)ps.members,
                (unsigned long long)ps.units);
        if (run->opts->verbosity > 0)
            fprintf(stderr,
                    "bersih: dedup: passages: %llu unit pairs verified, %.1f MB of unit index "
                    "(%.0f bytes a unit); containment %.2f, %zu+ words, %zu+ articles\n",
                    (unsigned long long)ps.candidates, (double)ps.bytes / 1e6,
                    ps.units ? (double)ps.bytes / (double)ps.units : 0.0,
                    run->opts->corpus.passage_threshold, run->opts->corpus.passage_min_words,
                    run->opts->corpus.passages_min);
    }
    if (run->opts->verbosity > 0)
        fprintf(stderr,
                "bersih: dedup: %llu loose clusters, %llu candidate pairs, %llu joins; "
                "threshold %.2f, %zu bands x %zu rows\n",
                (unsigned long long)st.loose_clusters, (unsigned long long)st.candidates,
                (unsigned long long)st.pairs_verified, run->opts->corpus.threshold,
                run->opts->corpus.bands, run->opts->corpus.rows);
}

/* ---- the run ---------------------------------------------------------------- */

static int load_files(struct dedup_run *run)
{
    const struct dedup_options *o = run->opts;
    struct bersih_error err;
    bersih_error_clear(&err);
    if (o->merge) {
        for (int i = 0; i < o->path_count; i++)
            if (bersih_corpus_load(run->corpus, o->paths[i], &err) != BERSIH_OK) {
                dedup_trouble(run, &err, o->paths[i], 0);
                return 0;
            }
        return 1;
    }
    if (o->index_path && access(o->index_path, F_OK) == 0 &&
        bersih_corpus_load(run->corpus, o->index_path, &err) != BERSIH_OK) {
        dedup_trouble(run, &err, o->index_path, 0);
        return 0;
    }
    run->first_new = bersih_corpus_count(run->corpus);
    return 1;
}

static void save_files(struct dedup_run *run)
{
    const struct dedup_options *o = run->opts;
    const char *paths[2] = { o->signatures_path, o->index_path };
    for (int i = 0; i < 2; i++) {
        struct bersih_error err;
        bersih_error_clear(&err);
        if (paths[i] && bersih_corpus_save(run->corpus, paths[i], &err) != BERSIH_OK)
            dedup_trouble(run, &err, paths[i], 0);
    }
}

static int setup(struct dedup_run *run)
{
    struct dedup_options *o = (struct dedup_options *)run->opts;
    struct bersih_error err;
    bersih_error_clear(&err);
    if (bersih_corpus_new(&o->corpus, &run->corpus, &err) != BERSIH_OK) {
        dedup_trouble(run, &err, NULL, 0);
        return 0;
    }
    /* The resolved bands and rows, for the summary. */
    bersih_corpus_bands_for(o->corpus.threshold, o->corpus.k, &o->corpus.bands, &o->corpus.rows);
    if (!o->merge && o->path_count == 0 && isatty(0)) {
        cli_error("dedup: reading articles from a terminal; give a PATH or pipe text in");
        return 0;
    }
    if (o->output_dir) {
        if (!cli_output_dir_make(o->output_dir, o->paths, o->path_count, &run->output)) {
            run->trouble = 1;
            return 0;
        }
        run->output_made = 1;
        const char *names[3] = { "--report", "--signatures", "--index" };
        const char *written[3] = { o->report_path, o->signatures_path, o->index_path };
        for (int i = 0; i < 3; i++)
            if (cli_refuse_output_as_report(names[i], written[i], o->output_dir, o->paths,
                                            o->path_count)) {
                run->trouble = 1;
                return 0;
            }
    }
    const char *written[3] = { o->report_path, o->signatures_path, o->index_path };
    for (int i = 0; i < 3; i++) {
        struct stat st;
        if (written[i] && strcmp(written[i], "-") != 0 && stat(written[i], &st) == 0 &&
            S_ISREG(st.st_mode)) {
            run->written_before[run->written_before_count].dev = (uint64_t)st.st_dev;
            run->written_before[run->written_before_count++].ino = (uint64_t)st.st_ino;
        }
    }
    if (!o->merge) {
        run->pool = pool_new(o->jobs, dedup_worker_new, worker_destroy, o);
        if (!run->pool) {
            cli_error("dedup: cannot start the workers");
            return 0;
        }
    }
    return load_files(run);
}

static int dedup_run(struct dedup_options *o, struct cli_memory *memory)
{
    struct dedup_run run;
    memset(&run, 0, sizeof run);
    run.opts = o;
    run.memory = memory;
    clock_gettime(CLOCK_MONOTONIC, &run.started);
    int ok = setup(&run);
    if (ok && !o->merge) {
        run.pass = 1;
        (void)read_all(&run, sketch_job, NULL, index_event); /* trouble is reported */
        run.pass = 0;
    }
    struct bersih_error err;
    bersih_error_clear(&err);
    /* Every article is in: what adding needed goes before finish's arrays
     * come (the peak of a million articles at -j2: 937 -> 916 MiB). */
    if (run.corpus)
        bersih_corpus_seal(run.corpus);
    if (ok && bersih_corpus_finish(run.corpus, &err) != BERSIH_OK) {
        dedup_trouble(&run, &err, NULL, 0);
        ok = 0;
    }
    if (ok) {
        write_report(&run);
        save_files(&run);
        if (o->output_dir) {
            if (run.nreported)
                qsort(run.reported, run.nreported, sizeof *run.reported, compare_hashes);
            run.pass = 2;
            if (read_all(&run, clean_job, mark_wanted, write_event))
                check_article_count(&run); /* not after a pass cut short */
        }
        close_output(&run, 1);
        print_summary(&run);
    }
    pool_free(run.pool);
    bersih_corpus_free(run.corpus);
    free(run.index_of);
    free(run.reported);
    bersih_buf_release(&run.line);
    bersih_buf_release(&run.name);
    bersih_buf_release(&run.outlet);
    bersih_buf_release(&run.target);
    bersih_buf_release(&run.out_source);
    cli_output_dir_release(&run.output);
    return ok && !run.trouble ? EXIT_CLEAN : EXIT_TROUBLE;
}

int cli_dedup_main(int argc, char **argv, struct cli_memory *memory)
{
    struct dedup_options o;
    int status = parse_dedup(argc, argv, &o);
    if (status >= 0)
        return status;
    cli_signals_install();
    /* What is loaded (--merge, an existing --index) can be any size: the
     * heap as glibc keeps it. */
    int loads = o.merge || (o.index_path && access(o.index_path, F_OK) == 0);
    if (!loads && input_bytes(&o) <= DEDUP_TUNED_INPUT_MAX)
        cli_tune_memory(memory);
    status = dedup_run(&o, memory);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("standard output: write error");
        status = EXIT_TROUBLE;
    }
    return status;
}
