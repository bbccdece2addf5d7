/*
 * batch.h - read articles ahead in batches, work on them in a thread pool,
 * hand them back in input order.
 *
 * The reader runs on the main thread and copies each article into a job
 * (the reader's own buffers are reused on its next call). A batch is a list
 * of events in input order: an input begins, an article, an input ends (or
 * fails), an input is skipped. Only article events are worked on in
 * parallel; the caller then replays the events in order, so `-j N` never
 * changes the output.
 *
 * Memory: a batch holds at most BATCH_MAX_JOBS jobs (BATCH_SERIAL_JOBS with
 * one thread) and about
 * BATCH_MAX_BYTES of article text (plus one article over that), and its
 * jobs keep their buffers from batch to batch: nothing grows with the corpus.
 */
#ifndef BERSIH_CLI_BATCH_H
#define BERSIH_CLI_BATCH_H

#include <pthread.h>

#include "bersih/reader.h"

/* 64 jobs or 8 MB: enough to keep two threads busy between two syncs (a
 * sync costs microseconds, an article tens of them), small enough that an
 * article's buffers are still in the cache when its batch is written: 64
 * ran the corpus at -j2 in 15% less CPU time than 512, in 17 MB instead of
 * 40. */
#define BATCH_MAX_JOBS 64
#define BATCH_MAX_BYTES (8u << 20)
/* One thread has no sync to amortise, and a small batch keeps each article
 * in the cache from its reading to its writing: 16 jobs ran the corpus in
 * 15% less CPU time than 512, and in 11 MB of memory instead of 28. */
#define BATCH_SERIAL_JOBS 16

enum job_kind {
    JOB_INPUT_BEGIN,   /* input opened; write its output from here */
    JOB_ARTICLE,
    JOB_INPUT_END,     /* err.code != OK: the input failed part way */
    JOB_INPUT_SKIPPED  /* next_input failed; err says why */
};

struct job_input {
    struct bersih_buf path, relpath;
    struct bersih_input view;
};

struct job {
    enum job_kind kind;
    size_t input; /* index into batch.inputs */
    struct bersih_error err;

    /* the article, copied from the reader */
    struct bersih_buf text, raw, date;
    uint64_t line;
    size_t before_len, after_off, id_off, id_len;
    int has_json, has_id, has_date;
    struct bersih_error problem;
    struct bersih_article view; /* rebuilt by batch_article_view() */

    /* the caller's per-job results live here */
    void *result;
};

/* Where the reader is between batches: the input it is in the middle of
 * (carried into the next batch as its input 0) and whether it is done. */
struct batch_reader_state {
    struct job_input current;
    int input_open;
    int end;
};

struct batch {
    struct job *jobs;
    size_t count;
    size_t cap;
    struct job_input *inputs;
    size_t input_count, input_cap;
    size_t bytes;
};

/* Work on one article job. Called from any thread with that thread's
 * worker state (from worker_new). */
typedef void (*job_fn)(void *worker, struct job *job);

struct pool;

/* A pool of `jobs` worker threads; with jobs == 1 there is no thread and
 * the caller does the work. worker_new(ctx, i) gives worker i its state
 * (NULL = failure: pool_new returns NULL). */
struct pool *pool_new(long jobs, void *(*worker_new)(void *ctx, long index),
                      void (*worker_free)(void *worker), void *ctx);
void pool_free(struct pool *pool);
/* Start fn on every article job of the batch and return at once (with one
 * job: do them all first). The caller may read the next batch meanwhile,
 * and must call pool_wait() before touching this one. */
void pool_start(struct pool *pool, struct batch *batch, job_fn fn);
void pool_wait(struct pool *pool);
/* Is the work spread over threads (so reading ahead overlaps it)? */
int pool_threaded(const struct pool *pool);

/* Read the next batch of events. skip_input(ctx, input) may veto an input
 * (it is then closed unread). Returns 0 when memory ran out. state carries
 * the reader's place from batch to batch, so two batches can alternate. */
int batch_fill(struct batch *batch, size_t max_jobs, struct batch_reader_state *state,
               struct bersih_reader *reader,
               int (*skip_input)(void *ctx, const struct bersih_input *in), void *ctx);
void batch_reader_state_release(struct batch_reader_state *state);

/* The loop `bersih` and both passes of `bersih dedup` run: read a batch,
 * let the pool work on it, replay it in input order, and so on. With more
 * than one thread the calling thread replays batch k and reads batch k+2
 * while the workers work on batch k+1 (reading and writing overlap the
 * work); with one, each batch is written before the next is read, so a slow
 * pipe's articles are not held back a batch. */
struct batch_loop {
    struct pool *pool;
    struct bersih_reader *reader;
    int (*skip_input)(void *ctx, const struct bersih_input *in); /* may be NULL */
    job_fn work;
    /* Before a batch is worked on, in input order, but not necessarily
     * after the batch before it was replayed: give its jobs their results
     * (0: out of memory). */
    int (*prepare)(void *ctx, struct batch *batch);
    /* After the work, on the calling thread: 0 stops the loop. */
    int (*replay)(void *ctx, struct batch *batch);
    void (*result_free)(void *result);
    void *ctx;
};

/* Run it to the end of the reader's inputs; 0 when memory ran out. */
int batch_loop_run(const struct batch_loop *loop);
/* The job's article as the reader gave it. */
const struct bersih_article *batch_article_view(struct batch *batch, struct job *job);
void batch_release(struct batch *batch, void (*result_free)(void *result));

#endif
