/*
 * batch.c - read-ahead batches and the thread pool that works on them.
 */
#include <stdlib.h>
#include <string.h>

#include "batch.h"

/* ---- batches ------------------------------------------------------------ */

static struct job *next_job(struct batch *b)
{
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        struct job *grown = realloc(b->jobs, cap * sizeof *grown);
        if (!grown)
            return NULL;
        memset(grown + b->cap, 0, (cap - b->cap) * sizeof *grown);
        b->jobs = grown;
        b->cap = cap;
    }
    struct job *job = &b->jobs[b->count++];
    job->kind = JOB_ARTICLE;
    job->input = b->input_count ? b->input_count - 1 : 0;
    bersih_error_clear(&job->err);
    bersih_error_clear(&job->problem);
    bersih_buf_reset(&job->text);
    bersih_buf_reset(&job->raw);
    bersih_buf_reset(&job->date);
    job->line = 0;
    job->has_json = job->has_id = job->has_date = 0;
    return job;
}

static int copy_input(struct job_input *copy, const struct bersih_input *in)
{
    bersih_buf_reset(&copy->path);
    bersih_buf_reset(&copy->relpath);
    if (bersih_buf_puts(&copy->path, in->path) != BERSIH_OK ||
        bersih_buf_puts(&copy->relpath, in->relpath) != BERSIH_OK)
        return 0;
    copy->view = *in;
    copy->view.path = bersih_buf_str(&copy->path);
    copy->view.relpath = bersih_buf_str(&copy->relpath);
    return 1;
}

static int add_input(struct batch *b, const struct bersih_input *in)
{
    if (b->input_count == b->input_cap) {
        size_t cap = b->input_cap ? b->input_cap * 2 : 16;
        struct job_input *grown = realloc(b->inputs, cap * sizeof *grown);
        if (!grown)
            return 0;
        memset(grown + b->input_cap, 0, (cap - b->input_cap) * sizeof *grown);
        b->inputs = grown;
        b->input_cap = cap;
    }
    if (!copy_input(&b->inputs[b->input_count], in))
        return 0;
    b->input_count++;
    return 1;
}

static int copy_article(struct job *job, const struct bersih_article *a)
{
    job->line = a->line;
    job->problem = a->problem;
    if (a->text && bersih_buf_append(&job->text, a->text, a->text_len) != BERSIH_OK)
        return 0;
    if (a->raw) {
        if (bersih_buf_append(&job->raw, a->raw, a->raw_len) != BERSIH_OK)
            return 0;
        if (a->text) {
            job->has_json = 1;
            job->before_len = a->json_before_len;
            job->after_off = (size_t)(a->json_after - a->raw);
        }
    }
    if (a->id) {
        job->has_id = 1;
        job->id_off = (size_t)(a->id - a->raw);
        job->id_len = a->id_len;
    }
    if (a->date) {
        job->has_date = 1;
        if (bersih_buf_append(&job->date, a->date, a->date_len) != BERSIH_OK)
            return 0;
    }
    return 1;
}

const struct bersih_article *batch_article_view(struct batch *b, struct job *job)
{
    struct bersih_article *a = &job->view;
    memset(a, 0, sizeof *a);
    a->input = &b->inputs[job->input].view;
    a->line = job->line;
    a->problem = job->problem;
    if (job->problem.code == BERSIH_OK) {
        a->text = bersih_buf_str(&job->text);
        a->text_len = job->text.len;
    }
    if (job->raw.len || job->line) {
        a->raw = bersih_buf_str(&job->raw);
        a->raw_len = job->raw.len;
    }
    if (job->has_json) {
        a->json_before = a->raw;
        a->json_before_len = job->before_len;
        a->json_after = a->raw + job->after_off;
        a->json_after_len = job->raw.len - job->after_off;
    }
    if (job->has_id) {
        a->id = a->raw + job->id_off;
        a->id_len = job->id_len;
    }
    if (job->has_date) {
        a->date = bersih_buf_str(&job->date);
        a->date_len = job->date.len;
    }
    return a;
}

static int read_one(struct batch *b, struct batch_reader_state *state,
                    struct bersih_reader *reader,
                    int (*skip_input)(void *ctx, const struct bersih_input *in), void *ctx)
{
    struct bersih_error err;
    if (!state->input_open) {
        const struct bersih_input *in;
        bersih_status st = bersih_reader_next_input(reader, &in, &err);
        if (st == BERSIH_END) {
            state->end = 1;
            return 1;
        }
        if (st == BERSIH_OK && skip_input && skip_input(ctx, in))
            return 1;
        if (st == BERSIH_OK && (!add_input(b, in) || !copy_input(&state->current, in)))
            return 0;
        struct job *job = next_job(b);
        if (!job)
            return 0;
        job->kind = st == BERSIH_OK ? JOB_INPUT_BEGIN : JOB_INPUT_SKIPPED;
        job->err = err;
        state->input_open = st == BERSIH_OK;
        return 1;
    }
    struct bersih_article a;
    bersih_status st = bersih_reader_next_article(reader, &a, &err);
    struct job *job = next_job(b);
    if (!job)
        return 0;
    if (st == BERSIH_OK) {
        b->bytes += a.text_len + a.raw_len;
        return copy_article(job, &a);
    }
    job->kind = JOB_INPUT_END;
    if (st != BERSIH_END)
        job->err = err;
    state->input_open = 0;
    return 1;
}

int batch_fill(struct batch *b, size_t max_jobs, struct batch_reader_state *state,
               struct bersih_reader *reader,
               int (*skip_input)(void *ctx, const struct bersih_input *in), void *ctx)
{
    b->count = 0;
    b->bytes = 0;
    b->input_count = 0;
    /* An input that goes on from the last batch is this one's input 0. */
    if (state->input_open && !add_input(b, &state->current.view))
        return 0;
    int ok = 1;
    while (ok && !state->end && b->count < max_jobs && b->bytes < BATCH_MAX_BYTES)
        ok = read_one(b, state, reader, skip_input, ctx);
    return ok;
}

void batch_reader_state_release(struct batch_reader_state *state)
{
    bersih_buf_release(&state->current.path);
    bersih_buf_release(&state->current.relpath);
}

void batch_release(struct batch *b, void (*result_free)(void *result))
{
    for (size_t i = 0; i < b->cap; i++) {
        struct job *job = &b->jobs[i];
        bersih_buf_release(&job->text);
        bersih_buf_release(&job->raw);
        bersih_buf_release(&job->date);
        if (result_free && job->result)
            result_free(job->result);
    }
    for (size_t i = 0; i < b->input_cap; i++) {
        bersih_buf_release(&b->inputs[i].path);
        bersih_buf_release(&b->inputs[i].relpath);
    }
    free(b->jobs);
    free(b->inputs);
    memset(b, 0, sizeof *b);
}

static int fill_and_prepare(const struct batch_loop *l, struct batch *b, size_t max_jobs,
                            struct batch_reader_state *state)
{
    return batch_fill(b, max_jobs, state, l->reader, l->skip_input, l->ctx) &&
           l->prepare(l->ctx, b);
}

/* One thread: read, work and write each batch in turn; one batch, reused,
 * is all the memory needed. */
static int loop_serial(const struct batch_loop *l, struct batch *b,
                       struct batch_reader_state *state)
{
    int ok = fill_and_prepare(l, b, BATCH_SERIAL_JOBS, state);
    while (ok && b->count > 0) {
        pool_start(l->pool, b, l->work);
        if (!l->replay(l->ctx, b) || state->end)
            break;
        ok = fill_and_prepare(l, b, BATCH_SERIAL_JOBS, state);
    }
    return ok;
}

/* Threads: while the workers work on one batch, the calling thread writes
 * the batch before it and then reads the next one into that batch's place.
 * Reading and writing (JSON decoding and encoding, the writes themselves)
 * then overlap the work instead of leaving the workers waiting through the
 * writing. The batch written always precedes the one worked on, so output
 * stays in input order. */
static int loop_overlapped(const struct batch_loop *l, struct batch *working,
                           struct batch *other, struct batch_reader_state *state)
{
    int ok = fill_and_prepare(l, working, BATCH_MAX_JOBS, state);
    int pending = 0; /* other holds a worked batch not yet replayed */
    while (ok && working->count > 0) {
        pool_start(l->pool, working, l->work);
        int go_on = !pending || l->replay(l->ctx, other);
        pending = 0;
        int more = go_on && !state->end;
        if (more)
            ok = fill_and_prepare(l, other, BATCH_MAX_JOBS, state);
        pool_wait(l->pool);
        if (!go_on)
            return ok;
        if (!more || !ok) {
            l->replay(l->ctx, working);
            return ok;
        }
        struct batch *worked = working;
        working = other;
        other = worked;
        pending = 1;
    }
    if (pending)
        l->replay(l->ctx, other);
    return ok;
}

int batch_loop_run(const struct batch_loop *l)
{
    struct batch batches[2];
    struct batch_reader_state state;
    memset(batches, 0, sizeof batches);
    memset(&state, 0, sizeof state);
    int ok = pool_threaded(l->pool) ? loop_overlapped(l, &batches[0], &batches[1], &state)
                                    : loop_serial(l, &batches[0], &state);
    batch_release(&batches[0], l->result_free);
    batch_release(&batches[1], l->result_free);
    batch_reader_state_release(&state);
    return ok;
}

/* ---- the pool ------------------------------------------------------------
 * Threads claim jobs with one atomic counter; the batch boundary is the only
 * lock, taken twice per batch, not per article. With more than one job the
 * caller does no article work: it reads the next batch and writes the last
 * one while the workers run, so reading and writing overlap the work. */

struct pool {
    long size;    /* worker threads started (0: the caller works alone) */
    long created; /* workers made */
    void (*worker_free)(void *worker);
    void **workers;
    pthread_t *threads;
    pthread_mutex_t lock;
    pthread_cond_t start, done;
    unsigned long generation;
    long busy;
    int stopping;
    struct batch *batch;
    job_fn fn;
    size_t next; /* next job index, claimed with __atomic_fetch_add */
};

static void work(struct pool *p, void *worker)
{
    for (;;) {
        size_t i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);
        if (i >= p->batch->count)
            break;
        struct job *job = &p->batch->jobs[i];
        if (job->kind == JOB_ARTICLE && job->problem.code == BERSIH_OK)
            p->fn(worker, job);
    }
}

struct thread_arg {
    struct pool *pool;
    long index;
};

static void *thread_main(void *arg_)
{
    struct thread_arg *arg = arg_;
    struct pool *p = arg->pool;
    void *worker = p->workers[arg->index];
    free(arg);
    unsigned long seen = 0;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stopping && p->generation == seen)
            pthread_cond_wait(&p->start, &p->lock);
        if (p->stopping)
            break;
        seen = p->generation;
        pthread_mutex_unlock(&p->lock);
        work(p, worker);
        pthread_mutex_lock(&p->lock);
        if (--p->busy == 0)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

struct pool *pool_new(long jobs, void *(*worker_new)(void *ctx, long index),
                      void (*worker_free)(void *worker), void *ctx)
{
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->start, NULL);
    pthread_cond_init(&p->done, NULL);
    p->worker_free = worker_free;
    p->workers = calloc((size_t)jobs, sizeof *p->workers);
    p->threads = calloc((size_t)jobs, sizeof *p->threads);
    if (!p->workers || !p->threads) {
        pool_free(p);
        return NULL;
    }
    for (long i = 0; i < jobs; i++) {
        p->workers[i] = worker_new(ctx, i);
        if (!p->workers[i]) {
            pool_free(p);
            return NULL;
        }
        p->created++;
    }
    /* A thread that cannot be started only makes the pool smaller; with
     * none at all, the caller does the work. */
    for (long i = 0; jobs > 1 && i < jobs; i++) {
        struct thread_arg *arg = malloc(sizeof *arg);
        if (!arg)
            break;
        *arg = (struct thread_arg){ p, i };
        if (pthread_create(&p->threads[i], NULL, thread_main, arg) != 0) {
            free(arg);
            break;
        }
        p->size++;
    }
    return p;
}

void pool_free(struct pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stopping = 1;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->lock);
    for (long i = 0; i < p->size; i++)
        pthread_join(p->threads[i], NULL);
    for (long i = 0; i < p->created; i++)
        p->worker_free(p->workers[i]);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->start);
    pthread_cond_destroy(&p->done);
    free(p->workers);
    free(p->threads);
    free(p);
}

int pool_threaded(const struct pool *p)
{
    return p->size > 0;
}

void pool_start(struct pool *p, struct batch *batch, job_fn fn)
{
    p->batch = batch;
    p->fn = fn;
    p->next = 0;
    if (p->size == 0) {
        work(p, p->workers[0]);
        return;
    }
    pthread_mutex_lock(&p->lock);
    p->busy = p->size;
    p->generation++;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->lock);
}

void pool_wait(struct pool *p)
{
    if (p->size == 0)
        return;
    pthread_mutex_lock(&p->lock);
    while (p->busy > 0)
        pthread_cond_wait(&p->done, &p->lock);
    pthread_mutex_unlock(&p->lock);
}
