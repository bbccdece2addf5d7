/*
 * corpus_sketch.c - one article's sketch for corpus dedup: exact key,
 * band keys of its MinHash signature, verification sample. Also the
 * choice of bands and rows and the sample's Jaccard estimate.
 */
#include <math.h>
#include <string.h>

#include <xxhash.h>

#include "bersih/minhash.h"
#include "bersih/shingle.h"
#include "bersih/tokenize.h"
#include "corpus_internal.h"

void bersih_corpus_options_default(struct bersih_corpus_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->threshold = BERSIH_CORPUS_THRESHOLD_DEFAULT;
    opts->k = BERSIH_MINHASH_K_DEFAULT;
    opts->min_words = BERSIH_CORPUS_MIN_WORDS_DEFAULT;
    opts->sample_size = BERSIH_CORPUS_SAMPLE_DEFAULT;
    /* A story rewritten by dozens of outlets gives dozens of candidates;
     * hundreds mean a boilerplate bucket, where more checks find nothing. */
    opts->max_candidates = 256;
    opts->keep = BERSIH_KEEP_FIRST;
    opts->passages = 0;
    opts->passage_threshold = BERSIH_CORPUS_PASSAGE_THRESHOLD_DEFAULT;
    opts->passage_min_words = BERSIH_CORPUS_PASSAGE_MIN_WORDS_DEFAULT;
    opts->passage_shingle_n = BERSIH_CORPUS_PASSAGE_SHINGLE_N_DEFAULT;
    opts->passages_min = BERSIH_CORPUS_PASSAGES_MIN_DEFAULT;
}

double bersih_corpus_candidate_probability(double s, size_t bands, size_t rows)
{
    return 1.0 - pow(1.0 - pow(s, (double)rows), (double)bands);
}

void bersih_corpus_bands_for(double threshold, size_t k, size_t *bands, size_t *rows)
{
    if (k == 0)
        k = BERSIH_MINHASH_K_DEFAULT;
    /* Largest r first: each extra row divides the chance of a dissimilar
     * pair colliding, and verification pays for every candidate. */
    for (size_t r = k; r >= 1; r--) {
        size_t b = k / r;
        if (bersih_corpus_candidate_probability(threshold, b, r) >= BERSIH_CORPUS_RECALL_AT_THRESHOLD) {
            *bands = b;
            *rows = r;
            return;
        }
    }
    *bands = k;
    *rows = 1;
}

bersih_status corpus_options_resolve(struct bersih_corpus_options *opts, struct bersih_error *err)
{
    if (opts->k == 0)
        opts->k = BERSIH_MINHASH_K_DEFAULT;
    if (opts->sample_size == 0)
        opts->sample_size = BERSIH_CORPUS_SAMPLE_DEFAULT;
    if (opts->max_candidates == 0)
        opts->max_candidates = 256;
    if (opts->passage_threshold == 0.0)
        opts->passage_threshold = BERSIH_CORPUS_PASSAGE_THRESHOLD_DEFAULT;
    if (opts->passage_min_words == 0)
        opts->passage_min_words = BERSIH_CORPUS_PASSAGE_MIN_WORDS_DEFAULT;
    if (opts->passage_shingle_n == 0)
        opts->passage_shingle_n = BERSIH_CORPUS_PASSAGE_SHINGLE_N_DEFAULT;
    if (opts->passages_min == 0)
        opts->passages_min = BERSIH_CORPUS_PASSAGES_MIN_DEFAULT;
    RETURN_ERROR_IF(!(opts->threshold > 0.0 && opts->threshold <= 1.0), err, BERSIH_ERR_ARG,
                    "threshold must be in (0, 1]");
    RETURN_ERROR_IF(opts->k > BERSIH_MINHASH_K_MAX, err, BERSIH_ERR_ARG, "too many permutations");
    RETURN_ERROR_IF(opts->sample_size > BERSIH_CORPUS_SAMPLE_MAX, err, BERSIH_ERR_ARG,
                    "sample size over %d", BERSIH_CORPUS_SAMPLE_MAX);
    if (opts->bands == 0 || opts->rows == 0)
        bersih_corpus_bands_for(opts->threshold, opts->k, &opts->bands, &opts->rows);
    RETURN_ERROR_IF(opts->bands * opts->rows > opts->k, err, BERSIH_ERR_ARG,
                    "bands x rows (%zu x %zu) exceeds the %zu permutations", opts->bands,
                    opts->rows, opts->k);
    return BERSIH_OK;
}

struct bersih_corpus_sketcher {
    struct bersih_corpus_options opts;
    struct bersih_tokenizer *tok;
    struct bersih_minhash *mh;
    uint64_t *shingles;
    size_t shingles_cap;
    uint32_t *highs; /* the shingles' high halves, and as many again for sorting */
    size_t highs_cap;
    uint32_t *sig;
    struct passage_sketcher *passages; /* NULL unless opts.passages */
};

bersih_status bersih_corpus_sketcher_new(const struct bersih_corpus_options *opts,
                                         struct bersih_corpus_sketcher **out,
                                         struct bersih_error *err)
{
    *out = NULL;
    struct bersih_corpus_sketcher *s = bersih_calloc(1, sizeof *s);
    RETURN_ERROR_IF(!s, err, BERSIH_ERR_NOMEM, "out of memory");
    if (opts)
        s->opts = *opts;
    else
        bersih_corpus_options_default(&s->opts);
    bersih_status st = corpus_options_resolve(&s->opts, err);
    if (st == BERSIH_OK)
        st = bersih_tokenizer_new(&s->tok, err);
    if (st == BERSIH_OK)
        st = bersih_minhash_new(s->opts.k, BERSIH_MINHASH_SEED_DEFAULT, &s->mh, err);
    if (st == BERSIH_OK && !(s->sig = bersih_malloc(s->opts.k * sizeof *s->sig)))
        st = bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    if (st == BERSIH_OK && s->opts.passages)
        st = passage_sketcher_new(&s->passages, err);
    if (st != BERSIH_OK) {
        bersih_corpus_sketcher_free(s);
        return st;
    }
    *out = s;
    return BERSIH_OK;
}

void bersih_corpus_sketcher_free(struct bersih_corpus_sketcher *s)
{
    if (!s)
        return;
    bersih_tokenizer_free(s->tok);
    bersih_minhash_free(s->mh);
    bersih_free(s->shingles);
    bersih_free(s->highs);
    bersih_free(s->sig);
    passage_sketcher_free(s->passages);
    bersih_free(s);
}

void bersih_corpus_sketch_init(struct bersih_corpus_sketch *sk)
{
    memset(sk, 0, sizeof *sk);
}

void bersih_corpus_sketch_release(struct bersih_corpus_sketch *sk)
{
    bersih_free(sk->sample);
    bersih_free(sk->bands);
    passage_sketch_release(sk);
    bersih_corpus_sketch_init(sk);
}

static bersih_status sketch_reserve(struct bersih_corpus_sketch *sk, size_t sample, size_t bands,
                                    struct bersih_error *err)
{
    if (sk->sample_cap < sample) {
        uint32_t *p = bersih_realloc(sk->sample, sample * sizeof *p);
        RETURN_ERROR_IF(!p, err, BERSIH_ERR_NOMEM, "out of memory");
        sk->sample = p;
        sk->sample_cap = sample;
    }
    if (sk->bands_cap < bands) {
        uint32_t *p = bersih_realloc(sk->bands, bands * sizeof *p);
        RETURN_ERROR_IF(!p, err, BERSIH_ERR_NOMEM, "out of memory");
        sk->bands = p;
        sk->bands_cap = bands;
    }
    return BERSIH_OK;
}

/* The sample is the cap smallest distinct high halves of the shingles, in
 * order, and whether that is all of them. Only the high halves are sorted,
 * by a radix sort: a comparison sort of the 64-bit shingles, on random
 * values, mispredicted half its branches and took a sixth of dedup's time. */
static void radix_sort_u32(uint32_t *v, uint32_t *tmp, size_t n)
{
    for (unsigned shift = 0; shift < 32; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t i = 0; i < n; i++)
            count[((v[i] >> shift) & 0xFF) + 1]++;
        for (size_t b = 1; b < 257; b++)
            count[b] += count[b - 1];
        for (size_t i = 0; i < n; i++)
            tmp[count[(v[i] >> shift) & 0xFF]++] = v[i];
        uint32_t *swap = v;
        v = tmp;
        tmp = swap;
    }
    /* four passes: the sorted values are back in the first array */
}

static void take_sample(const uint64_t *shingles, size_t n, uint32_t *highs, size_t cap,
                        struct bersih_corpus_sketch *sk)
{
    for (size_t i = 0; i < n; i++)
        highs[i] = (uint32_t)(shingles[i] >> 32);
    radix_sort_u32(highs, highs + n, n);
    uint32_t count = 0;
    size_t i = 0;
    for (; i < n && count < cap; i++)
        if (count == 0 || sk->sample[count - 1] != highs[i])
            sk->sample[count++] = highs[i];
    while (i < n && highs[i] == sk->sample[count - 1])
        i++;
    sk->nsample = count;
    sk->complete = i == n;
}

/* Band i's key: XXH3 of its r signature values, seeded with i so that equal
 * values in two different bands do not meet; cut to 32 bits (a chance
 * collision only adds a candidate, which verification rejects). */
static void band_keys(const uint32_t *sig, size_t bands, size_t rows, uint32_t *out)
{
    for (size_t i = 0; i < bands; i++)
        out[i] = (uint32_t)XXH3_64bits_withSeed(sig + i * rows, rows * sizeof *sig, (uint64_t)i);
}

static bersih_status shingle_reserve(struct bersih_corpus_sketcher *s, size_t n,
                                     struct bersih_error *err)
{
    if (s->highs_cap < n) {
        size_t cap = n < 1024 ? 1024 : n;
        uint32_t *h = bersih_realloc(s->highs, 2 * cap * sizeof *h);
        RETURN_ERROR_IF(!h, err, BERSIH_ERR_NOMEM, "out of memory");
        s->highs = h;
        s->highs_cap = cap;
    }
    if (s->shingles_cap >= n)
        return BERSIH_OK;
    size_t cap = n < 1024 ? 1024 : n;
    uint64_t *p = bersih_realloc(s->shingles, cap * sizeof *p);
    RETURN_ERROR_IF(!p, err, BERSIH_ERR_NOMEM, "out of memory");
    s->shingles = p;
    s->shingles_cap = cap;
    return BERSIH_OK;
}

bersih_status bersih_corpus_sketch_text(struct bersih_corpus_sketcher *s, const char *text,
                                        size_t len, size_t body_start,
                                        struct bersih_corpus_sketch *out, struct bersih_error *err)
{
    struct bersih_tokens toks;
    FORWARD_IF_ERROR(bersih_tokenize(s->tok, text, len, body_start, &toks, err));
    FORWARD_IF_ERROR(sketch_reserve(out, s->opts.sample_size, s->opts.bands, err));
    XXH128_hash_t exact = XXH3_128bits(toks.hash, toks.count * sizeof *toks.hash);
    out->exact[0] = exact.high64;
    out->exact[1] = exact.low64;
    out->words = toks.count > UINT32_MAX ? UINT32_MAX : (uint32_t)toks.count;
    out->nsample = 0;
    out->complete = 1;
    out->nbands = 0;
    out->nunits = 0;
    out->nhashes = 0;
    /* Passages first, while the token view is this text's; a short article
     * can still hold a shared paragraph. */
    if (s->passages)
        FORWARD_IF_ERROR(passage_sketch(s->passages, &s->opts, text, len, body_start, &toks, out, err));
    if (toks.count < s->opts.min_words)
        return BERSIH_OK;
    size_t n = bersih_shingle_count(toks.count, BERSIH_SHINGLE_N_ARTICLE);
    FORWARD_IF_ERROR(shingle_reserve(s, n, err));
    n = bersih_shingle_hashes(toks.hash, toks.count, BERSIH_SHINGLE_N_ARTICLE, s->shingles);
    /* a minimum over a multiset is the minimum over its set, and the sample
     * drops repeats itself: the shingles need not be made a set */
    bersih_minhash_sign(s->mh, s->shingles, n, s->sig);
    band_keys(s->sig, s->opts.bands, s->opts.rows, out->bands);
    out->nbands = s->opts.bands;
    take_sample(s->shingles, n, s->highs, s->opts.sample_size, out);
    return BERSIH_OK;
}

/* Union and intersection of two sorted samples, counting only values up to
 * limit (the sketches know nothing of their sets above their cut-off). */
static void count_below(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                        uint64_t limit, size_t *inter, size_t *uni)
{
    size_t i = 0, j = 0;
    *inter = *uni = 0;
    while (i < na || j < nb) {
        uint64_t va = i < na ? a[i] : UINT64_MAX, vb = j < nb ? b[j] : UINT64_MAX;
        uint64_t v = va < vb ? va : vb;
        if (v > limit)
            break;
        (*uni)++;
        if (va == vb) {
            (*inter)++;
            i++;
            j++;
        } else if (va < vb) {
            i++;
        } else {
            j++;
        }
    }
}

double bersih_corpus_sample_jaccard(const uint32_t *a, size_t na, int a_complete,
                                    const uint32_t *b, size_t nb, int b_complete)
{
    uint64_t limit = UINT64_MAX;
    if (!a_complete && na)
        limit = a[na - 1];
    if (!b_complete && nb && b[nb - 1] < limit)
        limit = b[nb - 1];
    size_t inter, uni;
    count_below(a, na, b, nb, limit, &inter, &uni);
    return uni ? (double)inter / (double)uni : 1.0;
}
