/*
 * work.h - the per-article work `bersih`, `bersih check` and `bersih dedup`
 * share: one worker per thread, holding the library handles that are not
 * thread-safe, and one result per article job (batch.h), filled and read
 * back (in input order) by the thread that holds the job's batch.
 */
#ifndef BERSIH_CLI_WORK_H
#define BERSIH_CLI_WORK_H

#include "bersih/corpus.h"
#include "bersih/intradoc.h"
#include "bersih/normalize.h"
#include "batch.h"

struct worker {
    struct bersih_normalizer *normalizer;
    struct bersih_intradoc *intradoc;
    struct bersih_corpus_sketcher *sketcher; /* NULL when nothing is sketched */
    struct bersih_normalize_result again;    /* scratch for work_clean() */
};

/* What a worker computes for one article; lives in its job. */
struct article_result {
    bersih_status status;
    struct bersih_error err;
    struct bersih_buf normalized; /* the normalizer's output */
    struct bersih_buf cleaned;    /* ... with in-article repeats removed */
    struct bersih_normalize_result normalize;
    struct bersih_intradoc_result intradoc;
    struct bersih_corpus_sketch sketch;
    size_t out_len; /* cleaned.len less a JSON text's final newline */
    int changed;    /* the cleaned text differs from the input */
    int wanted;     /* dedup's second pass: write this article */
};

/* A worker; corpus NULL: no sketcher. Prints why and returns NULL on failure. */
struct worker *worker_create(const struct bersih_normalize_options *normalize,
                             const struct bersih_intradoc_options *intradoc,
                             const struct bersih_corpus_options *corpus, int with_sketcher);
void worker_destroy(void *worker);

/* Give every article job of the batch a result, before the threads start.
 * Returns 0 when memory ran out. */
int prepare_results(struct batch *batch);
void article_result_free(void *result);

/* Normalize the job's text into r->normalized (r->status says how it went). */
void work_normalize(struct worker *w, const struct job *job, struct article_result *r);
/* Normalize, then remove repeats into r->cleaned, and set out_len and
 * changed (a JSON text's final newline is not part of it). */
void work_clean(struct worker *w, const struct job *job, struct article_result *r);

#endif
