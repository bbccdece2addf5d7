/*
 * work.c - one article's cleaning on a worker thread.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "work.h"

struct worker *worker_create(const struct bersih_normalize_options *normalize,
                             const struct bersih_intradoc_options *intradoc,
                             const struct bersih_corpus_options *corpus, int with_sketcher)
{
    struct worker *w = calloc(1, sizeof *w);
    struct bersih_error err;
    bersih_error_clear(&err);
    if (!w) {
        cli_error("out of memory");
        return NULL;
    }
    bersih_normalize_result_init(&w->again);
    if (bersih_normalizer_new(normalize, &w->normalizer, &err) != BERSIH_OK ||
        bersih_intradoc_new(intradoc, &w->intradoc, &err) != BERSIH_OK ||
        (with_sketcher && bersih_corpus_sketcher_new(corpus, &w->sketcher, &err) != BERSIH_OK)) {
        char text[1536];
        cli_error("%s", bersih_error_format(&err, text, sizeof text));
        worker_destroy(w);
        return NULL;
    }
    return w;
}

void worker_destroy(void *w_)
{
    struct worker *w = w_;
    if (!w)
        return;
    bersih_normalizer_free(w->normalizer);
    bersih_intradoc_free(w->intradoc);
    bersih_corpus_sketcher_free(w->sketcher);
    bersih_normalize_result_release(&w->again);
    free(w);
}

void article_result_free(void *r_)
{
    struct article_result *r = r_;
    bersih_buf_release(&r->normalized);
    bersih_buf_release(&r->cleaned);
    bersih_normalize_result_release(&r->normalize);
    bersih_intradoc_result_release(&r->intradoc);
    bersih_corpus_sketch_release(&r->sketch);
    free(r);
}

int prepare_results(struct batch *batch)
{
    for (size_t i = 0; i < batch->count; i++) {
        struct job *job = &batch->jobs[i];
        if (job->kind != JOB_ARTICLE && job->kind != JOB_FILE)
            continue;
        if (job->result) {
            /* A job a worker skips (a line that is no article, an article
             * dedup does not keep) must not carry the last article's
             * failure: dedup would not copy a broken line through. (The
             * error is read only when the status is not OK; the workers
             * clear it.) */
            ((struct article_result *)job->result)->status = BERSIH_OK;
            continue;
        }
        struct article_result *r = calloc(1, sizeof *r);
        if (!r)
            return 0;
        bersih_normalize_result_init(&r->normalize);
        bersih_intradoc_result_init(&r->intradoc);
        bersih_corpus_sketch_init(&r->sketch);
        job->result = r;
    }
    return 1;
}

void work_normalize(struct worker *w, const struct job *job, struct article_result *r)
{
    bersih_error_clear(&r->err);
    r->status = bersih_normalize(w->normalizer, bersih_buf_str(&job->text), job->text.len,
                                 &r->normalized, &r->normalize, &r->err);
}

void work_clean(struct worker *w, const struct job *job, struct article_result *r)
{
    work_normalize(w, job, r);
    if (r->status != BERSIH_OK)
        return;
    r->status = bersih_intradoc_run(w->intradoc, bersih_buf_str(&r->normalized), r->normalized.len,
                                    r->normalize.body_start, &r->cleaned, &r->intradoc, &r->err);
    if (r->status != BERSIH_OK)
        return;
    if (r->cleaned.len != r->normalized.len) {
        /* A removed passage can change what the normalizer decided from its
         * context (quotes pair by their count in a line, and a removed
         * sentence took one along), so the cleaned text is normalized once
         * more: cleaning a cleaned article then changes nothing. */
        r->status = bersih_normalize(w->normalizer, bersih_buf_str(&r->cleaned), r->cleaned.len,
                                     &r->normalized, &w->again, &r->err);
        if (r->status != BERSIH_OK)
            return;
        struct bersih_buf swap = r->cleaned;
        r->cleaned = r->normalized;
        r->normalized = swap;
        for (int rule = 0; rule < BERSIH_RULE_COUNT; rule++)
            r->normalize.counts[rule] += w->again.counts[rule];
        r->normalize.changes += w->again.changes;
    }
    const char *text = bersih_buf_str(&job->text);
    size_t len = job->text.len;
    r->out_len = r->cleaned.len;
    /* A JSON text field carries no final newline of its own. */
    if (job->has_json && r->out_len && r->cleaned.data[r->out_len - 1] == '\n')
        r->out_len--;
    r->changed = r->out_len != len || memcmp(bersih_buf_str(&r->cleaned), text, r->out_len) != 0;
}
