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
        size_t cap = b->cap ? b->cap * 2 : BATCH_MAX_JOBS;
        struct job *grown = realloc(b->jobs, cap * sizeof *grown);
        if (!grown)
            return NULL;
        memset(grown + b->cap, 0, (cap - b->cap) * sizeof *grown);
        b->jobs = grown;
        b->cap = cap;
    }
    struct job *job = &b->jobs[b->count++];
    b->events++;
    job->kind = JOB_ARTICLE;
    job->input = b->input_count ? b->input_count - 1 : 0;
    bersih_error_clear(&job->err);
    job->problem.code = BERSIH_OK; /* the rest is read only when it is not */
    bersih_buf_reset(&job->text);
    bersih_buf_reset(&job->raw);
    bersih_buf_reset(&job->date);
    job->line = 0;
    job->has_json = job->has_id = job->has_date = job->undecoded = 0;
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

/* The fields of a (decoded, or with a problem) that point into its line or
 * its text, as offsets into job->raw; a's text and date are job's already. */
static void take_fields(struct job *job, const struct bersih_article *a)
{
    if (a->problem.code != BERSIH_OK)
        job->problem = a->problem; /* 1.3 KB: only when there is one */
    if (a->raw && a->text) {
        job->has_json = 1;
        job->before_len = a->json_before_len;
        job->after_off = (size_t)(a->json_after - a->raw);
    }
    if (a->id) {
        job->has_id = 1;
        job->id_off = (size_t)(a->id - a->raw);
        job->id_len = a->id_len;
    }
    job->has_date = a->date != NULL;
}

static int copy_article(struct job *job, const struct bersih_article *a)
{
    job->line = a->line;
    job->undecoded = a->undecoded;
    if (a->text && bersih_buf_append(&job->text, a->text, a->text_len) != BERSIH_OK)
        return 0;
    if (a->raw && bersih_buf_append(&job->raw, a->raw, a->raw_len) != BERSIH_OK)
        return 0;
    if (a->date && bersih_buf_append(&job->date, a->date, a->date_len) != BERSIH_OK)
        return 0;
    take_fields(job, a);
    return 1;
}

/* Decode a JSON line read undecoded, on the thread that works on it. */
static void decode_job(const struct batch_loop *l, struct batch *b, struct job *job)
{
    struct bersih_article a;
    bersih_article_init(&a, &b->inputs[job->input].view);
    a.line = job->line;
    a.raw = bersih_buf_str(&job->raw);
    a.raw_len = job->raw.len;
    a.undecoded = 1;
    bersih_reader_decode(l->reader, &a, &job->text, &job->date);
    job->undecoded = 0;
    take_fields(job, &a);
}

const struct bersih_article *batch_article_view(struct batch *b, struct job *job)
{
    struct bersih_article *a = &b->view;
    bersih_article_init(a, &b->inputs[job->input].view);
    a->line = job->line;
    if (job->problem.code != BERSIH_OK) {
        a->problem = job->problem;
    } else {
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
        if (st == BERSIH_OK && in->deferred) {
            /* the worker reads it; the reader goes on to the next input */
            struct job *job = add_input(b, in) ? next_job(b) : NULL;
            if (!job)
                return 0;
            job->kind = JOB_FILE;
            b->events += 2; /* its article and its end */
            b->bytes += __atomic_load_n(&state->file_size_hint, __ATOMIC_RELAXED);
            return 1;
        }
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
        /* an undecoded line's text is about its size again, once decoded */
        b->bytes += (a.undecoded ? a.raw_len : a.text_len) + a.raw_len;
        return copy_article(job, &a);
    }
    job->kind = JOB_INPUT_END;
    if (st != BERSIH_END)
        job->err = err;
    state->input_open = 0;
    return 1;
}

/* Read the next batch of events, up to BATCH_MAX_JOBS of them. The loop's
 * skip_input(ctx, input) may veto an input (it is then closed unread).
 * Returns 0 when memory ran out. state carries the reader's place from
 * batch to batch, so that each thread's batches can take turns. */
static int batch_fill(const struct batch_loop *l, struct batch *b, struct batch_reader_state *state)
{
    b->count = 0;
    b->events = 0;
    b->bytes = 0;
    b->input_count = 0;
    /* An input that goes on from the last batch is this one's input 0. */
    if (state->input_open && !add_input(b, &state->current.view))
        return 0;
    int ok = 1;
    while (ok && !state->end && b->events < BATCH_MAX_JOBS && b->bytes < BATCH_MAX_BYTES)
        ok = read_one(b, state, l->reader, l->skip_input, l->ctx);
    b->bytes_read = bersih_reader_bytes_read(l->reader);
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

static int fill_and_prepare(const struct batch_loop *l, struct batch *b,
                            struct batch_reader_state *state)
{
    return batch_fill(l, b, state) && l->prepare(l->ctx, b);
}

/* ---- the pool: worker states, one per thread of work ------------------- */

struct pool {
    long size; /* workers made: the threads of work, the caller's included */
    void (*worker_free)(void *worker);
    void **workers;
};

struct pool *pool_new(long jobs, void *(*worker_new)(void *ctx, long index),
                      void (*worker_free)(void *worker), void *ctx)
{
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->worker_free = worker_free;
    p->workers = calloc((size_t)(jobs > 0 ? jobs : 1), sizeof *p->workers);
    if (!p->workers) {
        free(p);
        return NULL;
    }
    for (long i = 0; i < (jobs > 0 ? jobs : 1); i++) {
        p->workers[i] = worker_new(ctx, i);
        if (!p->workers[i]) {
            pool_free(p);
            return NULL;
        }
        p->size++;
    }
    return p;
}

void pool_free(struct pool *p)
{
    if (!p)
        return;
    for (long i = 0; i < p->size; i++)
        p->worker_free(p->workers[i]);
    free(p->workers);
    free(p);
}

int pool_threaded(const struct pool *p)
{
    return p->size > 1;
}

/* A failed file's buffer is given back when it grew past this: jobs keep
 * their buffers from batch to batch, and a directory of files over
 * --max-article-bytes would otherwise hold a full cap in each job. */
#define FILE_BUFFER_KEPT (1u << 20)

/* The size each JOB_FILE counts as: the largest of the files read lately,
 * an eighth less for every file read since, so that one small file after
 * large ones does not let the next batch take six large ones. Workers
 * update it without a lock; a lost update only makes a batch a little
 * larger or smaller. */
static void note_file_size(struct batch_reader_state *state, size_t size)
{
    size_t hint = __atomic_load_n(&state->file_size_hint, __ATOMIC_RELAXED);
    size_t decayed = hint - hint / 8;
    __atomic_store_n(&state->file_size_hint, size > decayed ? size : decayed, __ATOMIC_RELAXED);
}

static void work_batch(const struct batch_loop *l, struct batch_reader_state *state,
                       void *worker, struct batch *b)
{
    for (size_t i = 0; i < b->count; i++) {
        struct job *job = &b->jobs[i];
        if (job->kind == JOB_FILE) {
            struct bersih_input *in = &b->inputs[job->input].view;
            bersih_status st = bersih_reader_load(l->reader, in, &job->text, &job->err);
            note_file_size(state, job->text.len);
            if (st == BERSIH_OK)
                l->work(worker, job);
            else if (job->text.cap > FILE_BUFFER_KEPT)
                bersih_buf_release(&job->text); /* a file over the cap, say */
            continue;
        }
        if (job->kind != JOB_ARTICLE)
            continue;
        if (job->undecoded)
            decode_job(l, b, job);
        if (job->problem.code == BERSIH_OK)
            l->work(worker, job);
    }
}

/* One thread: read, work and write each batch in turn; one batch, reused,
 * is all the memory needed. */
static int loop_serial(const struct batch_loop *l, struct batch *b,
                       struct batch_reader_state *state)
{
    void *worker = l->pool->workers[0];
    int ok = fill_and_prepare(l, b, state);
    while (ok && b->count > 0) {
        work_batch(l, state, worker, b);
        if (!l->replay(l->ctx, b) || state->end)
            break;
        ok = fill_and_prepare(l, b, state);
    }
    return ok;
}

/* Threads: each thread reads a batch (the reader is shared, so under
 * read_lock, which also numbers the batch), works on it alone, and leaves
 * it among the done batches; whichever thread finds the batch whose turn
 * it is done writes (replays) it and every done batch after it, in input
 * order, then goes back to reading. Each thread reads into batches of its
 * own, so an article mostly stays on one core from its reading to its
 * writing: a design where the calling thread read and wrote every batch
 * and workers did the work in between moved each article's buffers from
 * core to core twice and spent 40% more CPU time than one thread for the
 * same corpus, so that -j2 ran only 1.2-1.4x faster than -j1.
 *
 * Why no thread waits for its turn: the cores of a virtual machine do not
 * run at one speed (on the bench machine either one ran the same work up
 * to 25% slower than the other for seconds at a time), and when each
 * thread had to write its batch before it read the next, the fast one
 * waited for the slow one every round. When each thread wrote only its own
 * batches, each turn passed from thread to thread only as fast as the
 * other finished the batch in its hands: on dedup's first pass, where the
 * writing (the index) is half of the work, threads waited 60-70 ms of 990.
 * A thread holds up to BATCH_WINDOW batches (in work or done, not yet
 * written), which bounds the memory, as a batch keeps its buffers; it waits
 * only when all of them are done and not yet written. */
#define BATCH_WINDOW 4

struct parallel_thread;

/* A done batch and the thread whose it is. */
struct done_batch {
    struct batch *batch;
    struct parallel_thread *owner;
};

struct parallel {
    const struct batch_loop *l;
    struct batch_reader_state *state;
    pthread_mutex_t read_lock; /* the reader, state, next_read and ok */
    unsigned long next_read;   /* number of the next batch read */
    pthread_mutex_t turn_lock; /* done, next_write, writing, the threads' held */
    pthread_cond_t room;       /* a thread's batch was written, or stop */
    struct done_batch *done;   /* [number % window]: done, not yet written */
    size_t window;             /* threads x BATCH_WINDOW */
    unsigned long next_write;  /* number of the batch whose turn it is */
    int writing;               /* a thread is replaying: no other may */
    /* a replay said stop (set under turn_lock), or memory ran out (under
     * read_lock, so that no later batch is numbered); read and written
     * atomically */
    int stop;
    int ok; /* written under read_lock, read after the threads are joined */
};

static int stopped(const struct parallel *par)
{
    return __atomic_load_n(&par->stop, __ATOMIC_ACQUIRE);
}

static void stop(struct parallel *par)
{
    __atomic_store_n(&par->stop, 1, __ATOMIC_RELEASE);
}

/* One thread's batches: a ring of BATCH_WINDOW, the held ones (read and
 * not yet written, in the order read, so written in that order too) from
 * first; held and first change under turn_lock. */
struct parallel_thread {
    struct parallel *par;
    void *worker;
    pthread_t id;
    int started;
    struct batch batches[BATCH_WINDOW];
    size_t first, held;
};

/* Lock m, spinning a while before sleeping. A batch is read in about
 * 25 us; a thread that sleeps on the lock instead is woken tens of
 * microseconds after it is free (a futex wake, and on a virtual machine an
 * idle virtual CPU to rouse), and at -j2 such waits cost each thread 5-20
 * ms on the 56 MB corpus. 1024 tries with a pause between took 20-28 us
 * on the bench machine (4096: 77-114 us). */
static void lock_spinning(pthread_mutex_t *m)
{
    for (int i = 0; i < 1024; i++) {
        if (pthread_mutex_trylock(m) == 0)
            return;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        __asm__ __volatile__("yield");
#endif
    }
    pthread_mutex_lock(m);
}

static void stop_and_wake(struct parallel *par)
{
    pthread_mutex_lock(&par->turn_lock);
    stop(par);
    pthread_cond_broadcast(&par->room);
    pthread_mutex_unlock(&par->turn_lock);
}

/* Read and prepare the next batch into b; 0 when there is none (the end,
 * a stop, or no memory). */
static int take_batch(struct parallel *par, struct batch *b, unsigned long *number)
{
    lock_spinning(&par->read_lock);
    int got = 0, failed = 0;
    if (!stopped(par) && !par->state->end) {
        if (!fill_and_prepare(par->l, b, par->state)) {
            /* Stop before another thread can read and number the batch
             * after this lost one: the output would skip its articles. */
            par->ok = 0;
            stop(par);
            failed = 1;
        } else if (b->count > 0) {
            *number = par->next_read++;
            got = 1;
        }
    }
    pthread_mutex_unlock(&par->read_lock);
    if (failed)
        stop_and_wake(par);
    return got;
}

/* A free batch of t's to read into, waiting while all of t's are held;
 * NULL once the loop stopped. */
static struct batch *claim_batch(struct parallel_thread *t)
{
    struct parallel *par = t->par;
    pthread_mutex_lock(&par->turn_lock);
    while (t->held == BATCH_WINDOW && !stopped(par))
        pthread_cond_wait(&par->room, &par->turn_lock);
    struct batch *b = NULL;
    if (!stopped(par))
        b = &t->batches[(t->first + t->held++) % BATCH_WINDOW];
    pthread_mutex_unlock(&par->turn_lock);
    return b;
}

/* Called with turn_lock held: the oldest batch t holds is written (or
 * dropped after a stop), or was never read. */
static void release_oldest(struct parallel *par, struct parallel_thread *t)
{
    t->first = (t->first + 1) % BATCH_WINDOW;
    t->held--;
    pthread_cond_broadcast(&par->room);
}

/* Leave b (number) among the done batches, then, unless another thread is
 * writing, write every done batch whose turn has come. */
static void finish_batch(struct parallel_thread *t, struct batch *b, unsigned long number)
{
    struct parallel *par = t->par;
    pthread_mutex_lock(&par->turn_lock);
    par->done[number % par->window] = (struct done_batch){ b, t };
    if (!par->writing) {
        par->writing = 1;
        for (;;) {
            struct done_batch *next = &par->done[par->next_write % par->window];
            if (!next->batch)
                break;
            struct done_batch turn = *next;
            next->batch = NULL;
            int replay = !stopped(par);
            pthread_mutex_unlock(&par->turn_lock);
            int go_on = replay && par->l->replay(par->l->ctx, turn.batch);
            pthread_mutex_lock(&par->turn_lock);
            if (replay && !go_on)
                stop(par);
            par->next_write++;
            release_oldest(par, turn.owner);
        }
        par->writing = 0;
    }
    pthread_mutex_unlock(&par->turn_lock);
}

static void *parallel_main(void *arg)
{
    struct parallel_thread *t = arg;
    struct parallel *par = t->par;
    struct batch *b;
    while ((b = claim_batch(t)) != NULL) {
        unsigned long number = 0;
        if (!take_batch(par, b, &number)) {
            /* b is the newest batch t holds: give it back */
            pthread_mutex_lock(&par->turn_lock);
            t->held--;
            pthread_mutex_unlock(&par->turn_lock);
            break;
        }
        work_batch(par->l, par->state, t->worker, b);
        finish_batch(t, b, number);
    }
    return NULL;
}

static int loop_parallel(const struct batch_loop *l, struct batch_reader_state *state)
{
    struct parallel par;
    memset(&par, 0, sizeof par);
    par.l = l;
    par.state = state;
    par.ok = 1;
    pthread_mutex_init(&par.read_lock, NULL);
    pthread_mutex_init(&par.turn_lock, NULL);
    pthread_cond_init(&par.room, NULL);
    long n = l->pool->size;
    par.window = (size_t)n * BATCH_WINDOW;
    struct parallel_thread *threads = calloc((size_t)n, sizeof *threads);
    par.done = calloc(par.window, sizeof *par.done);
    if (!threads || !par.done) {
        par.ok = 0;
    } else {
        /* Thread 0 is the caller; a thread that cannot be started only
         * makes the work go slower. */
        for (long i = 0; i < n; i++) {
            threads[i].par = &par;
            threads[i].worker = l->pool->workers[i];
            threads[i].started =
                i > 0 && pthread_create(&threads[i].id, NULL, parallel_main, &threads[i]) == 0;
        }
        parallel_main(&threads[0]);
        for (long i = 1; i < n; i++)
            if (threads[i].started)
                pthread_join(threads[i].id, NULL);
        for (long i = 0; i < n; i++)
            for (size_t k = 0; k < BATCH_WINDOW; k++)
                batch_release(&threads[i].batches[k], l->result_free);
    }
    free(par.done);
    free(threads);
    pthread_mutex_destroy(&par.read_lock);
    pthread_mutex_destroy(&par.turn_lock);
    pthread_cond_destroy(&par.room);
    return par.ok;
}

int batch_loop_run(const struct batch_loop *l)
{
    struct batch batch;
    struct batch_reader_state state;
    memset(&batch, 0, sizeof batch);
    memset(&state, 0, sizeof state);
    state.file_size_hint = BATCH_FIRST_FILE_HINT;
    int ok = pool_threaded(l->pool) ? loop_parallel(l, &state) : loop_serial(l, &batch, &state);
    batch_release(&batch, l->result_free);
    batch_reader_state_release(&state);
    return ok;
}
