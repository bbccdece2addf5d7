/*
 * batch.h - read articles ahead in batches, work on them in a thread pool,
 * hand them back in input order.
 *
 * The reader copies each article (or, with defer_decoding, each JSON line
 * to be decoded by work_batch) into a job (the reader's own buffers are
 * reused on its next call). A batch is a list of events in input order: an
 * input begins, an article, an input ends (or fails), an input is skipped.
 * Batches are worked on in parallel, one thread each, and replayed one at a
 * time in input order, so `-j N` never changes the output.
 *
 * Memory: a batch holds at most BATCH_MAX_JOBS jobs and about
 * BATCH_MAX_BYTES of article text and raw lines (plus one article over
 * that; an undecoded line counts twice, for its text to come), and its
 * jobs keep their buffers from batch to batch: nothing grows with the
 * corpus. A text file its worker reads (JOB_FILE) counts as three jobs, as
 * it did when read under the lock (up to 6 a batch), and as the size of
 * the largest files read lately, since its own is not known when the
 * batch is made: files much larger than those before them can make a
 * batch of up to 6 x the reader's max_article_bytes.
 */
#ifndef BERSIH_CLI_BATCH_H
#define BERSIH_CLI_BATCH_H

#include <pthread.h>

#include "bersih/reader.h"

/* 16 jobs or 8 MB per batch, with or without threads. A batch costs two
 * lock hand-overs (a few microseconds, an article tens of them), and a
 * small one keeps its articles in the cache from their reading to their
 * writing: 16 jobs ran the corpus in 15% less CPU time than 512, and in
 * 11 MB of memory instead of 28. With threads, each holds up to
 * BATCH_WINDOW (batch.c) batches at once. */
#define BATCH_MAX_JOBS 16
#define BATCH_MAX_BYTES (8u << 20)
/* What a directory's first files count as: 2 a batch until the workers
 * have read some and the hint has found their size. */
#define BATCH_FIRST_FILE_HINT (BATCH_MAX_BYTES / 2)

enum job_kind {
    JOB_INPUT_BEGIN,   /* input opened; write its output from here */
    JOB_ARTICLE,
    JOB_INPUT_END,     /* err.code != OK: the input failed part way */
    JOB_INPUT_SKIPPED, /* next_input failed; err says why */
    /* A deferred text file (the reader's defer_files): its beginning, its
     * one article and its end in one job. The worker reads it into text
     * (bersih_reader_load), and sets err when that failed (the input is
     * then skipped, or failed part way: no article). */
    JOB_FILE
};

struct job_input {
    struct bersih_buf path, relpath;
    struct bersih_input view;
};

/* The fields every job uses come first, in a few cache lines; the two
 * error structs (1.3 KB each, read only when something failed) last. With
 * them first, and the article view in each job, setting up a job missed
 * the cache on a 4 KB stride: 2.7% of the run's time, under the reader's
 * lock. */
struct job {
    enum job_kind kind;
    int has_json, has_id, has_date;
    int undecoded; /* raw is a JSON line for the worker to decode */
    size_t input;  /* index into batch.inputs */

    /* the article, copied from the reader */
    struct bersih_buf text, raw, date;
    uint64_t line;
    size_t before_len, after_off, id_off, id_len;

    /* the caller's per-job results live here */
    void *result;

    struct bersih_error err;     /* an input event's error */
    struct bersih_error problem; /* an article's: a line that is no article */
};

/* Where the reader is between batches: the input it is in the middle of
 * (carried into the next batch as its input 0) and whether it is done. */
struct batch_reader_state {
    struct job_input current;
    int input_open;
    int end;
    /* What each JOB_FILE counts toward BATCH_MAX_BYTES, as its own size
     * is not known yet: the largest of the text files the workers read
     * lately (batch.c, note_file_size; read and written atomically, the
     * workers set it outside the reader's lock), so that a directory of
     * large files is batched by size as when they were read under the
     * lock. It starts at BATCH_FIRST_FILE_HINT. */
    size_t file_size_hint;
};

struct batch {
    struct bersih_article view; /* rebuilt by batch_article_view() */
    struct job *jobs;
    size_t count;
    size_t cap;
    /* toward BATCH_MAX_JOBS: the jobs, a JOB_FILE counted as the three
     * events (beginning, article, end) it stands for */
    size_t events;
    struct job_input *inputs;
    size_t input_count, input_cap;
    size_t bytes;
    uint64_t bytes_read; /* the reader's count after this batch, for progress lines */
};

/* Work on one article job (JOB_ARTICLE, or a JOB_FILE read without
 * error). Called from any thread with that thread's worker state (from
 * worker_new). */
typedef void (*job_fn)(void *worker, struct job *job);

struct pool;

/* The worker states for `jobs` threads of work, the caller's included
 * (batch_loop_run starts the other jobs - 1 threads for a loop's duration);
 * with jobs == 1 the caller does all the work. worker_new(ctx, i) gives
 * worker i its state (NULL = failure: pool_new returns NULL). */
struct pool *pool_new(long jobs, void *(*worker_new)(void *ctx, long index),
                      void (*worker_free)(void *worker), void *ctx);
void pool_free(struct pool *pool);
/* Is the work spread over threads (so reading ahead overlaps it)? */
int pool_threaded(const struct pool *pool);

void batch_reader_state_release(struct batch_reader_state *state);

/* The loop `bersih` and both passes of `bersih dedup` run: read a batch,
 * work on it, replay it, and so on. With N threads, each reads into and
 * works on batches of its own, up to a few at once, and the batches are
 * replayed by whichever thread finds the next one done; reading and
 * replaying go one thread at a time, in input order. JSON lines are decoded by the
 * thread that works on them (the reader's defer_decoding), not while the
 * reader is held. With one thread each
 * batch is written before the next is read, so a slow pipe's articles are
 * not held back a batch. */
struct batch_loop {
    struct pool *pool;
    struct bersih_reader *reader;
    int (*skip_input)(void *ctx, const struct bersih_input *in); /* may be NULL */
    job_fn work;
    /* Right after a batch is read, in input order, but not necessarily
     * after the batch before it was replayed, and maybe while another
     * thread replays one: give its jobs their results (0: out of memory). */
    int (*prepare)(void *ctx, struct batch *batch);
    /* After the work, on any of the threads but one at a time and in input
     * order: 0 stops the loop. */
    int (*replay)(void *ctx, struct batch *batch);
    void (*result_free)(void *result);
    void *ctx;
};

/* Run it to the end of the reader's inputs; 0 when memory ran out. */
int batch_loop_run(const struct batch_loop *loop);
/* The job's article as the reader gave it, valid until the next call for
 * the same batch (one view per batch: a batch is replayed by one thread). */
const struct bersih_article *batch_article_view(struct batch *batch, struct job *job);
void batch_release(struct batch *batch, void (*result_free)(void *result));

#endif
