/* test_corpus.c - corpus dedup: banding, sample Jaccard, union-find through
 * the index, keep policies, the report, signature files (merge == whole),
 * allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <unicode/uclean.h>

#include "bersih/corpus.h"
#include "bersih/shingle.h"
#include "bersih/tokenize.h"
#include "corpus_internal.h" /* names_len, ninputs, the arrays' spaces */

/* ---- helpers ----------------------------------------------------------- */

/* Letters for a number: the key folds digits to 0, so words differ by letters. */
static size_t put_letters(char *out, unsigned v)
{
    size_t n = 0;
    do {
        out[n++] = (char)('a' + v % 26);
        v /= 26;
    } while (v);
    return n;
}

/* A text of n distinct words, story seed, with words [from, to) replaced. */
static char *make_text(int seed, int n, int edit_from, int edit_to)
{
    char *text = malloc((size_t)n * 24 + 1);
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        int edited = i >= edit_from && i < edit_to;
        memcpy(text + len, edited ? "ubah" : "kata", 4);
        len += 4;
        len += put_letters(text + len, (unsigned)seed);
        text[len++] = 'q';
        len += put_letters(text + len, (unsigned)i);
        text[len++] = ' ';
    }
    text[len] = '\0';
    return text;
}

struct fixture {
    struct bersih_corpus_sketcher *sketcher;
    struct bersih_corpus_sketch sk;
};

static void sketch(struct fixture *f, const char *text)
{
    struct bersih_error err;
    assert_int_equal(bersih_corpus_sketch_text(f->sketcher, text, strlen(text), 0, &f->sk, &err), BERSIH_OK);
}

static uint64_t add_text(struct fixture *f, struct bersih_corpus *c, const char *text,
                         const char *name, const char *date)
{
    struct bersih_error err;
    sketch(f, text);
    struct bersih_corpus_info info = { name, NULL, 0, date, date ? strlen(date) : 0, strlen(text) };
    uint64_t index;
    assert_int_equal(bersih_corpus_add(c, &f->sk, &info, &index, &err), BERSIH_OK);
    return index;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct bersih_error err;
    if (bersih_corpus_sketcher_new(NULL, &f->sketcher, &err) != BERSIH_OK)
        return -1;
    bersih_corpus_sketch_init(&f->sk);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    bersih_corpus_sketch_release(&f->sk);
    bersih_corpus_sketcher_free(f->sketcher);
    free(f);
    return 0;
}

static struct bersih_corpus *new_corpus(enum bersih_keep keep)
{
    struct bersih_corpus_options o;
    bersih_corpus_options_default(&o);
    o.keep = keep;
    struct bersih_corpus *c;
    struct bersih_error err;
    assert_int_equal(bersih_corpus_new(&o, &c, &err), BERSIH_OK);
    return c;
}

static void finish(struct bersih_corpus *c)
{
    struct bersih_error err;
    assert_int_equal(bersih_corpus_finish(c, &err), BERSIH_OK);
}

/* ---- banding ------------------------------------------------------------ */

static void test_bands_for_default_threshold(void **state)
{
    (void)state;
    size_t b, r;
    bersih_corpus_bands_for(0.75, 128, &b, &r);
    assert_int_equal(b, 21);
    assert_int_equal(r, 6);
    /* the knee (1/b)^(1/r) sits below the threshold */
    assert_true(pow(1.0 / (double)b, 1.0 / (double)r) < 0.75);
    assert_true(bersih_corpus_candidate_probability(0.75, b, r) >= BERSIH_CORPUS_RECALL_AT_THRESHOLD);
    assert_true(bersih_corpus_candidate_probability(0.8, b, r) > 0.99);
    assert_true(bersih_corpus_candidate_probability(0.3, b, r) < 0.02);
    /* and one row more would miss the recall goal at the threshold */
    assert_true(bersih_corpus_candidate_probability(0.75, 128 / 7, 7) < BERSIH_CORPUS_RECALL_AT_THRESHOLD);
}

static void test_bands_rise_with_threshold(void **state)
{
    (void)state;
    size_t b1, r1, b2, r2;
    bersih_corpus_bands_for(0.5, 128, &b1, &r1);
    bersih_corpus_bands_for(0.9, 128, &b2, &r2);
    assert_true(r1 < r2);
    assert_true(b1 * r1 <= 128 && b2 * r2 <= 128);
    assert_float_equal(bersih_corpus_candidate_probability(1.0, b2, r2), 1.0, 1e-12);
    assert_float_equal(bersih_corpus_candidate_probability(0.0, b2, r2), 0.0, 1e-12);
}

/* ---- sample Jaccard ------------------------------------------------------ */

static void test_sample_jaccard_exact_when_complete(void **state)
{
    (void)state;
    const uint32_t a[] = { 1, 2, 3, 4 }, b[] = { 3, 4, 5, 6 };
    assert_true(fabs(bersih_corpus_sample_jaccard(a, 4, 1, b, 4, 1) - 2.0 / 6.0) < 1e-12);
    assert_float_equal(bersih_corpus_sample_jaccard(a, 4, 1, a, 4, 1), 1.0, 1e-12);
    assert_float_equal(bersih_corpus_sample_jaccard(NULL, 0, 1, NULL, 0, 1), 1.0, 1e-12);
}

static void test_sample_jaccard_cuts_at_truncated_sketch(void **state)
{
    (void)state;
    /* b is truncated at 4: nothing above 4 is known of it */
    const uint32_t a[] = { 1, 2, 3, 4, 9, 10 }, b[] = { 1, 2, 3, 4 };
    assert_float_equal(bersih_corpus_sample_jaccard(a, 6, 1, b, 4, 0), 1.0, 1e-12);
}

static void test_sketch_estimates_long_texts(void **state)
{
    struct fixture *f = *state;
    char *x = make_text(1, 2000, -1, -1), *y = make_text(1, 2000, 1600, 2000);
    sketch(f, x);
    assert_false(f->sk.complete);
    assert_int_equal(f->sk.nsample, BERSIH_CORPUS_SAMPLE_DEFAULT);
    uint32_t sx[BERSIH_CORPUS_SAMPLE_DEFAULT];
    memcpy(sx, f->sk.sample, sizeof sx);
    sketch(f, y);
    /* true Jaccard of the 5-gram sets: 1596 shared of 1996 + 404 */
    double truth = 1596.0 / (1996.0 + 404.0);
    double est = bersih_corpus_sample_jaccard(sx, BERSIH_CORPUS_SAMPLE_DEFAULT, 0, f->sk.sample, f->sk.nsample, 0);
    assert_true(fabs(est - truth) < 4 * sqrt(truth * (1 - truth) / BERSIH_CORPUS_SAMPLE_DEFAULT));
    free(x);
    free(y);
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The sample is the smallest distinct high halves of the text's 5-gram
 * hashes, ascending, and complete when there are no more than the sample
 * holds: checked against qsort on a long text, a text of repeats (fewer
 * distinct shingles than words) and a text just over the sample. */
static void test_sketch_sample_is_the_smallest_distinct_high_halves(void **state)
{
    struct fixture *f = *state;
    struct bersih_tokenizer *tk = NULL;
    assert_int_equal(bersih_tokenizer_new(&tk, NULL), BERSIH_OK);
    char *repeats = malloc(40 * 30 + 1);
    repeats[0] = '\0';
    for (int i = 0; i < 40; i++) /* 40 copies of 6 words: 6 distinct 5-grams */
        strcat(repeats, "satu dua tiga empat lima enam ");
    char *texts[] = { make_text(7, 3000, -1, -1), repeats, make_text(8, 140, -1, -1) };
    for (size_t t = 0; t < 3; t++) {
        sketch(f, texts[t]);
        struct bersih_tokens toks;
        assert_int_equal(bersih_tokenize(tk, texts[t], strlen(texts[t]), 0, &toks, NULL), BERSIH_OK);
        uint64_t *shingles = malloc(toks.count * sizeof *shingles);
        uint32_t *highs = malloc(toks.count * sizeof *highs);
        size_t n = bersih_shingle_hashes(toks.hash, toks.count, BERSIH_SHINGLE_N_ARTICLE, shingles);
        for (size_t i = 0; i < n; i++)
            highs[i] = (uint32_t)(shingles[i] >> 32);
        qsort(highs, n, sizeof *highs, compare_u32);
        size_t distinct = 0;
        for (size_t i = 0; i < n; i++)
            if (i == 0 || highs[i] != highs[i - 1])
                highs[distinct++] = highs[i];
        size_t want = distinct < BERSIH_CORPUS_SAMPLE_DEFAULT ? distinct : BERSIH_CORPUS_SAMPLE_DEFAULT;
        assert_int_equal(f->sk.nsample, want);
        assert_memory_equal(f->sk.sample, highs, want * sizeof *highs);
        assert_int_equal(f->sk.complete, distinct <= BERSIH_CORPUS_SAMPLE_DEFAULT);
        if (t == 1)
            assert_int_equal(distinct, 6);
        free(shingles);
        free(highs);
        free(texts[t]);
    }
    bersih_tokenizer_free(tk);
}

/* ---- clusters ------------------------------------------------------------- */

static void test_union_find_joins_verified_pairs_only(void **state)
{
    struct fixture *f = *state;
    struct bersih_corpus *c = new_corpus(BERSIH_KEEP_FIRST);
    char *a = make_text(1, 100, -1, -1), *a2 = make_text(1, 100, 50, 52);
    char *b = make_text(2, 100, -1, -1), *a3 = make_text(1, 100, 0, 40);
    add_text(f, c, a, "a", NULL);
    add_text(f, c, b, "b", NULL);
    add_text(f, c, a2, "a2", NULL);
    add_text(f, c, a, "a-copy", NULL);
    add_text(f, c, a3, "a3", NULL);   /* 40% rewritten: below 0.75 */
    add_text(f, c, "satu dua", "short", NULL);
    finish(c);
    struct bersih_corpus_member m;
    bersih_corpus_member(c, 0, &m);
    assert_int_equal(m.status, BERSIH_CORPUS_KEPT);
    assert_int_equal(m.cluster, 1);
    assert_int_equal(m.cluster_size, 3);
    bersih_corpus_member(c, 1, &m);
    assert_int_equal(m.status, BERSIH_CORPUS_UNIQUE);
    bersih_corpus_member(c, 2, &m);
    assert_int_equal(m.status, BERSIH_CORPUS_DUPLICATE);
    assert_int_equal(m.representative, 0);
    assert_false(m.exact);
    assert_true(m.similarity > 0.75 && m.similarity < 1.0);
    bersih_corpus_member(c, 3, &m);
    assert_true(m.exact);
    assert_float_equal(m.similarity, 1.0, 1e-9);
    bersih_corpus_member(c, 4, &m);
    assert_int_equal(m.status, BERSIH_CORPUS_UNIQUE);
    bersih_corpus_member(c, 5, &m);
    assert_int_equal(m.status, BERSIH_CORPUS_TOO_SHORT);
    struct bersih_corpus_stats st;
    bersih_corpus_stats(c, 1, &st);
    assert_int_equal(st.articles, 6);
    assert_int_equal(st.clusters, 1);
    assert_int_equal(st.duplicates, 2);
    assert_int_equal(st.exact_duplicates, 1);
    assert_int_equal(st.too_short, 1);
    bersih_corpus_free(c);
    free(a), free(a2), free(a3), free(b);
}

/* Sketches made up rather than sketched, enough of them that every band
 * table doubles many times and outgrows the cache (the prefetched probes,
 * the prefaulted tables and arrays): each article has band keys and a
 * sample of its own, but each 97th is a copy of the one half its number,
 * so that pairs span many table doublings. */
#define MANY_ARTICLES 70000

/* Distinct articles get distinct keys in a band: every step is invertible. */
static uint32_t made_up_key(uint32_t art, size_t band)
{
    uint32_t x = art * 0x9E3779B1u + (uint32_t)band * 0x85EBCA6Bu;
    x ^= x >> 16;
    x *= 0x7FEB352Du;
    return x ^ (x >> 15);
}

/* The article art copies, or art itself. */
static uint32_t copied(uint32_t art)
{
    return art > 0 && art % 97 == 0 && (art / 2) % 97 != 0 ? art / 2 : art;
}

static void made_up_sketch(struct bersih_corpus_sketch *sk, uint32_t art, size_t bands)
{
    uint32_t from = copied(art);
    for (size_t b = 0; b < bands; b++)
        sk->bands[b] = made_up_key(from, b);
    for (uint32_t j = 0; j < sk->nsample; j++)
        sk->sample[j] = from * 8 + j;
    sk->exact[0] = art + 1u;
}

static int check_pair(void *ctx, uint64_t a, uint64_t b, double similarity)
{
    size_t *pairs = ctx;
    assert_true(b < MANY_ARTICLES);
    assert_int_not_equal(copied((uint32_t)b), b);
    assert_int_equal(a, copied((uint32_t)b));
    assert_float_equal(similarity, 1.0, 1e-9);
    (*pairs)++;
    return 0;
}

static void test_many_articles_find_their_pairs_only(void **state)
{
    (void)state;
    struct bersih_corpus_options o;
    bersih_corpus_options_default(&o);
    struct bersih_corpus *c;
    struct bersih_error err;
    assert_int_equal(bersih_corpus_new(&o, &c, &err), BERSIH_OK);
    bersih_corpus_bands_for(o.threshold, o.k, &o.bands, &o.rows);
    uint32_t bands[256], sample[8];
    assert_true(o.bands <= 256);
    struct bersih_corpus_sketch sk = { .words = 100, .nsample = 8, .complete = 1,
                                       .sample = sample, .bands = bands, .nbands = o.bands };
    struct bersih_corpus_info info = { "many", NULL, 0, NULL, 0, 100 };
    size_t copies = 0;
    for (uint32_t i = 0; i < MANY_ARTICLES; i++) {
        made_up_sketch(&sk, i, o.bands);
        assert_int_equal(bersih_corpus_add(c, &sk, &info, NULL, &err), BERSIH_OK);
        copies += copied(i) != i;
    }
    /* 70,000 articles' band keys (5.6 MB) and records (4.3 MB) left the
     * heap for reserved space on the way, unless address space is bounded. */
    for (size_t i = 0; i < SPACE_COUNT; i++)
        if (i != SPACE_NAMES && !c->space[i].heap_only)
            assert_non_null(c->space[i].base);
    size_t pairs = 0;
    bersih_corpus_for_each_pair(c, check_pair, &pairs);
    assert_int_equal(pairs, copies);
    bersih_corpus_seal(c);
    assert_null(c->next);
    for (size_t band = 0; band < o.bands; band++)
        assert_null(c->tables[band].slots);
    assert_null(c->exact.slots);
    assert_int_equal(bersih_corpus_add(c, &sk, &info, NULL, &err), BERSIH_ERR_ARG);
    assert_int_equal(bersih_corpus_count(c), MANY_ARTICLES);
    assert_int_equal(bersih_corpus_finish(c, &err), BERSIH_OK);
    struct bersih_corpus_stats st;
    bersih_corpus_stats(c, 1, &st);
    assert_int_equal(st.clusters, copies);
    assert_int_equal(st.candidates, copies); /* no key is shared by chance */
    struct bersih_corpus_member m;
    bersih_corpus_member(c, 97 * 3, &m); /* copies 291 / 2 */
    assert_int_equal(m.status, BERSIH_CORPUS_DUPLICATE);
    assert_int_equal(m.representative, 145);
    bersih_corpus_free(c);
}

/* ---- where the large arrays live (corpus_space.c) ------------------------ */

static void assert_counting(const uint32_t *array, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (array[i] != (uint32_t)i)
            fail_msg("element %zu is %u, not its index", i, array[i]);
}

/* Grow a uint32_t array one element at a time to n, each element its own
 * index; return where it lived once it held `at` elements. */
static uint32_t *grow_counting(struct corpus_space *sp, uint32_t **array, size_t *cap, size_t n,
                               size_t at)
{
    struct bersih_error err;
    uint32_t *was = NULL;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(corpus_space_grow(sp, (void **)array, cap, i + 1, sizeof **array, &err),
                         BERSIH_OK);
        (*array)[i] = (uint32_t)i;
        if (i + 1 == at)
            was = *array;
    }
    assert_counting(*array, n);
    return was;
}

/* A space that reserves 4 MB (32 MB for an array of 2 MB), where it would
 * reserve 64 GB, so that a test can outgrow it. */
static void init_small_space(struct corpus_space *sp)
{
    corpus_space_init(sp);
    sp->heap_only = 0;
    sp->reserve_min = 2 * CORPUS_SPACE_FROM;
}

static void test_space_grows_in_place(void **state)
{
    (void)state;
    struct corpus_space sp;
    corpus_space_init(&sp);
    sp.heap_only = 0; /* the path this test is about, even under `ulimit -v` */
    uint32_t *array = NULL;
    size_t cap = 0, from = CORPUS_SPACE_FROM / sizeof *array, n = 8 * from;
    uint32_t *small = grow_counting(&sp, &array, &cap, from / 2, from / 4);
    assert_null(sp.base); /* under 2 MB: on the heap */
    assert_non_null(small);
    uint32_t *moved = grow_counting(&sp, &array, &cap, n, from + 1);
    assert_ptr_equal(moved, sp.base); /* past 2 MB it moved, once, */
    assert_ptr_equal(array, moved);   /* and not again up to 32 MB */
    assert_true(cap >= n);
    assert_int_equal((uintptr_t)sp.base % CORPUS_SPACE_FROM, 0);
    assert_true(sp.committed >= n * sizeof *array && sp.committed <= sp.reserved);
    assert_int_equal(sp.committed % CORPUS_SPACE_FROM, 0);
    corpus_space_free(&sp, array);
    assert_null(sp.base);
}

/* Past its reservation an array moves to a larger one, whole. */
static void test_space_moves_past_its_reservation(void **state)
{
    (void)state;
    struct corpus_space sp;
    init_small_space(&sp);
    uint32_t *array = NULL;
    size_t cap = 0, n = 20 * CORPUS_SPACE_FROM / sizeof *array;
    uint32_t *first = grow_counting(&sp, &array, &cap, n, CORPUS_SPACE_FROM / sizeof *array + 1);
    assert_non_null(first);
    assert_ptr_not_equal(array, first); /* past its first reservation (32 MB) it moved */
    assert_ptr_equal(array, sp.base);
    assert_int_equal((uintptr_t)sp.base % CORPUS_SPACE_FROM, 0);
    assert_true(sp.reserved >= n * sizeof *array && sp.committed <= sp.reserved);
    corpus_space_free(&sp, array);
}

/* A move that fails leaves the array where it was, whole, and growable. */
static void test_space_failed_move_keeps_the_array(void **state)
{
    (void)state;
    struct corpus_space sp;
    init_small_space(&sp);
    uint32_t *array = NULL;
    size_t cap = 0, full = 16 * CORPUS_SPACE_FROM / sizeof *array;
    (void)grow_counting(&sp, &array, &cap, full, 1);
    assert_int_equal(sp.reserved, full * sizeof *array); /* full: the next growth moves */
    struct corpus_space was = sp;
    uint32_t *at = array;
    size_t cap_was = cap;
    sp.refuse_move = 1;
    struct bersih_error err;
    assert_int_equal(corpus_space_grow(&sp, (void **)&array, &cap, cap + 1, sizeof *array, &err),
                     BERSIH_ERR_NOMEM);
    assert_ptr_equal(array, at);
    assert_int_equal(cap, cap_was);
    assert_ptr_equal(sp.base, was.base);
    assert_int_equal(sp.reserved, was.reserved);
    assert_int_equal(sp.committed, was.committed);
    assert_counting(array, full);
    sp.refuse_move = 0;
    (void)grow_counting(&sp, &array, &cap, 2 * full, 1); /* rewrites and checks all */
    assert_ptr_not_equal(array, at);
    corpus_space_free(&sp, array);
}

static void test_space_heap_only(void **state)
{
    (void)state;
    struct corpus_space sp;
    corpus_space_init(&sp);
    sp.heap_only = 1;
    uint32_t *array = NULL;
    size_t cap = 0;
    (void)grow_counting(&sp, &array, &cap, 2 * CORPUS_SPACE_FROM / sizeof *array, 1);
    assert_null(sp.base);
    corpus_space_free(&sp, array); /* a heap block: ASan sees it freed once */
}

/* Bounded address space (`ulimit -v`): a reservation would take from what
 * malloc may use, so the arrays stay on the heap. */
static void test_space_heap_only_under_an_address_space_limit(void **state)
{
    (void)state;
    struct rlimit was;
    assert_int_equal(getrlimit(RLIMIT_AS, &was), 0);
    if (was.rlim_cur == RLIM_INFINITY) {
        struct corpus_space sp;
        corpus_space_init(&sp);
        assert_false(sp.heap_only);
        struct rlimit bounded = was;
        bounded.rlim_cur = (rlim_t)1 << 60; /* far above any use: only bounded */
        assert_int_equal(setrlimit(RLIMIT_AS, &bounded), 0);
        corpus_space_init(&sp);
        assert_int_equal(setrlimit(RLIMIT_AS, &was), 0);
        assert_true(sp.heap_only);
    } else {
        struct corpus_space sp;
        corpus_space_init(&sp);
        assert_true(sp.heap_only);
    }
}

/* A chain a ~ b ~ c where a and c are apart: one cluster, flagged loose. */
static void test_chain_is_flagged_loose(void **state)
{
    struct fixture *f = *state;
    struct bersih_corpus *c = new_corpus(BERSIH_KEEP_FIRST);
    char *a = make_text(3, 200, -1, -1), *b = make_text(3, 200, 0, 20);
    char *d = make_text(3, 200, 0, 40);
    add_text(f, c, a, "a", NULL);
    add_text(f, c, b, "b", NULL);
    add_text(f, c, d, "c", NULL);
    finish(c);
    struct bersih_corpus_member m;
    bersih_corpus_member(c, 2, &m);
    if (m.cluster) { /* c joined through b */
        assert_true(m.loose || m.similarity >= 0.75);
        assert_int_equal(m.far, m.similarity < 0.75);
    }
    bersih_corpus_member(c, 1, &m);
    assert_int_equal(m.cluster, 1);
    bersih_corpus_free(c);
    free(a), free(b), free(d);
}

static void test_keep_policies(void **state)
{
    struct fixture *f = *state;
    char *a = make_text(4, 100, -1, -1), *longer = make_text(4, 110, 100, 110);
    const enum bersih_keep keeps[] = { BERSIH_KEEP_FIRST, BERSIH_KEEP_LONGEST, BERSIH_KEEP_EARLIEST };
    const uint64_t expect[] = { 0, 1, 2 };
    for (int k = 0; k < 3; k++) {
        struct bersih_corpus *c = new_corpus(keeps[k]);
        add_text(f, c, a, "first", "2019-10-25");
        add_text(f, c, longer, "longest", NULL);
        add_text(f, c, a, "earliest", "24 Okt 2019");
        add_text(f, c, a, "undated", "kemarin");
        finish(c);
        struct bersih_corpus_member m;
        bersih_corpus_member(c, 3, &m);
        assert_int_equal(m.representative, expect[k]);
        bersih_corpus_member(c, expect[k], &m);
        assert_int_equal(m.status, BERSIH_CORPUS_KEPT);
        bersih_corpus_free(c);
    }
    free(a), free(longer);
}

static void test_report_fields(void **state)
{
    struct fixture *f = *state;
    struct bersih_corpus *c = new_corpus(BERSIH_KEEP_FIRST);
    char *a = make_text(5, 60, -1, -1);
    struct bersih_error err;
    sketch(f, a);
    struct bersih_corpus_info info = { "news.jsonl:1", "\"n-1\"", 5, NULL, 0, 100 };
    assert_int_equal(bersih_corpus_add(c, &f->sk, &info, NULL, &err), BERSIH_OK);
    info.input = "news.jsonl:2";
    info.id = "7";
    info.id_len = 1;
    assert_int_equal(bersih_corpus_add(c, &f->sk, &info, NULL, &err), BERSIH_OK);
    struct bersih_buf out = BERSIH_BUF_INIT;
    assert_int_equal(bersih_corpus_report_format(&out, c, 0), BERSIH_ERR_ARG); /* not finished */
    finish(c);
    assert_int_equal(bersih_corpus_report_format(&out, c, 1), BERSIH_OK);
    assert_string_equal(out.data,
        "{\"schema\":1,\"mode\":\"dedup\",\"input\":\"news.jsonl:2\",\"id\":7,\"status\":\"duplicate\","
        "\"cluster\":1,\"cluster_size\":2,\"duplicate_of\":\"news.jsonl:1\",\"duplicate_of_id\":\"n-1\","
        "\"similarity\":1.0000,\"exact\":true,\"far\":false,\"loose_cluster\":false,\"words\":60}\n");
    bersih_buf_release(&out);
    bersih_corpus_free(c);
    free(a);
}

/* ---- signature files ------------------------------------------------------ */

static void add_mix(struct fixture *f, struct bersih_corpus *c, int from, int to)
{
    for (int i = from; i < to; i++) {
        /* stories 0..9, each told three times with growing edits */
        char *t = make_text(i % 10, 80, 70, 70 + i / 10 * 3);
        char name[32];
        snprintf(name, sizeof name, "doc%d", i);
        add_text(f, c, t, name, NULL);
        free(t);
    }
}

static void test_merge_of_halves_equals_whole(void **state)
{
    struct fixture *f = *state;
    char dir[] = "/tmp/bersih-test-corpus.XXXXXX", p1[64], p2[64];
    assert_non_null(mkdtemp(dir));
    snprintf(p1, sizeof p1, "%s/1.sig", dir);
    snprintf(p2, sizeof p2, "%s/2.sig", dir);
    struct bersih_corpus *whole = new_corpus(BERSIH_KEEP_FIRST), *h1 = new_corpus(BERSIH_KEEP_FIRST),
                         *h2 = new_corpus(BERSIH_KEEP_FIRST), *merged = new_corpus(BERSIH_KEEP_FIRST);
    add_mix(f, whole, 0, 30);
    add_mix(f, h1, 0, 15);
    add_mix(f, h2, 15, 30);
    add_text(f, whole, "satu dua", "short", NULL);
    add_text(f, h2, "satu dua", "short", NULL);
    struct bersih_error err;
    assert_int_equal(bersih_corpus_save(h1, p1, &err), BERSIH_OK);
    assert_int_equal(bersih_corpus_save(h2, p2, &err), BERSIH_OK);
    assert_int_equal(bersih_corpus_load(merged, p1, &err), BERSIH_OK);
    assert_int_equal(bersih_corpus_load(merged, p2, &err), BERSIH_OK);
    finish(whole);
    finish(merged);
    assert_int_equal(bersih_corpus_count(merged), bersih_corpus_count(whole));
    for (uint64_t i = 0; i < bersih_corpus_count(whole); i++) {
        struct bersih_corpus_member a, b;
        bersih_corpus_member(whole, i, &a);
        bersih_corpus_member(merged, i, &b);
        assert_int_equal(a.cluster, b.cluster);
        assert_int_equal(a.representative, b.representative);
        assert_int_equal(a.status, b.status);
        assert_float_equal(a.similarity, b.similarity, 1e-6);
        assert_string_equal(bersih_corpus_input_path(whole, i), bersih_corpus_input_path(merged, i));
        assert_int_equal(bersih_corpus_input_line(whole, i), bersih_corpus_input_line(merged, i));
    }
    struct bersih_corpus_stats st;
    bersih_corpus_stats(whole, 1, &st);
    assert_int_equal(st.clusters, 10);
    /* a file made with other settings is refused */
    struct bersih_corpus_options o;
    bersih_corpus_options_default(&o);
    o.threshold = 0.9;
    struct bersih_corpus *other;
    assert_int_equal(bersih_corpus_new(&o, &other, &err), BERSIH_OK);
    assert_int_equal(bersih_corpus_load(other, p1, &err), BERSIH_ERR_ARG);
    bersih_corpus_free(other);
    /* a truncated file is corrupt, not a crash */
    assert_int_equal(truncate(p2, 100), 0);
    struct bersih_corpus *cut = new_corpus(BERSIH_KEEP_FIRST);
    assert_int_equal(bersih_corpus_load(cut, p2, &err), BERSIH_ERR_CORRUPT);
    bersih_corpus_free(cut);
    bersih_corpus_free(whole), bersih_corpus_free(h1), bersih_corpus_free(h2), bersih_corpus_free(merged);
    unlink(p1), unlink(p2), rmdir(dir);
}

/* ---- allocation failures --------------------------------------------------- */

static void test_nomem_everywhere(void **state)
{
    struct fixture *f = *state;
    char *a = make_text(6, 300, -1, -1), *b = make_text(6, 300, 0, 10);
    struct bersih_error err;
    int failures = 0;
    for (long n = 0; n < 400; n++) {
        struct bersih_corpus *c = NULL;
        struct bersih_corpus_sketcher *s = NULL;
        struct bersih_corpus_sketch sk;
        bersih_corpus_sketch_init(&sk);
        bersih_alloc_fail_after(n);
        bersih_status st = bersih_corpus_new(NULL, &c, &err);
        if (st == BERSIH_OK)
            st = bersih_corpus_sketcher_new(NULL, &s, &err);
        for (int i = 0; i < 40 && st == BERSIH_OK; i++) {
            st = bersih_corpus_sketch_text(s, i % 2 ? a : b, strlen(a), 0, &sk, &err);
            struct bersih_corpus_info info = { "x", NULL, 0, NULL, 0, 1 };
            if (st == BERSIH_OK)
                st = bersih_corpus_add(c, &sk, &info, NULL, &err);
        }
        if (st == BERSIH_OK)
            st = bersih_corpus_finish(c, &err);
        bersih_alloc_fail_after(-1);
        if (st != BERSIH_OK) {
            assert_int_equal(st, BERSIH_ERR_NOMEM);
            failures++;
        }
        bersih_corpus_sketch_release(&sk);
        bersih_corpus_sketcher_free(s);
        bersih_corpus_free(c);
        (void)f;
    }
    assert_true(failures > 10);
    free(a), free(b);
}

/* ---- input names ---------------------------------------------------------- */

/* The index splits "path:LINE" into an interned path and a number; every
 * other name is kept whole. Either way the name prints back as added. */
static const char *const input_names[] = {
    "a.jsonl:1", "a.jsonl:2", "b.txt", "a.jsonl:007", "x:4294967296", NULL, "x:4294967295",
    "x:0", ":5", "a.jsonl:3", "y:", "12", "q\"uote\\.jsonl:9", ""
};
static const uint64_t input_lines[] = { 1, 2, 0, 0, 0, 0, 4294967295u, 0, 5, 3, 0, 0, 9, 0 };
#define NINPUT_NAMES (sizeof input_names / sizeof input_names[0])

static void add_named(struct fixture *f, struct bersih_corpus *c, const char *input)
{
    struct bersih_error err;
    struct bersih_corpus_info info = { input, "7", 1, "2024-01-02", 10, 10 };
    assert_int_equal(bersih_corpus_add(c, &f->sk, &info, NULL, &err), BERSIH_OK);
}

static void assert_names_print_back(const struct bersih_corpus *c)
{
    assert_int_equal(bersih_corpus_count(c), NINPUT_NAMES);
    for (size_t i = 0; i < NINPUT_NAMES; i++) {
        const char *want = input_names[i] ? input_names[i] : "";
        struct bersih_buf name = BERSIH_BUF_INIT;
        assert_int_equal(bersih_corpus_input_name(c, i, &name), BERSIH_OK);
        assert_string_equal(bersih_buf_str(&name), want);
        assert_int_equal(bersih_corpus_input_line(c, i), input_lines[i]);
        /* the path is the name without ":LINE" */
        size_t path_len = strlen(bersih_corpus_input_path(c, i));
        assert_memory_equal(bersih_corpus_input_path(c, i), want, path_len);
        assert_string_equal(bersih_corpus_id(c, i), "7");
        assert_string_equal(bersih_corpus_date(c, i), "2024-01-02");
        bersih_buf_release(&name);
    }
}

static void test_input_names_print_back(void **state)
{
    struct fixture *f = *state;
    sketch(f, "satu dua tiga");
    struct bersih_corpus *c = new_corpus(BERSIH_KEEP_FIRST);
    for (size_t i = 0; i < NINPUT_NAMES; i++)
        add_named(f, c, input_names[i]);
    assert_names_print_back(c);
    /* appended after what the buffer holds */
    struct bersih_buf out = BERSIH_BUF_INIT;
    assert_int_equal(bersih_buf_puts(&out, "> "), BERSIH_OK);
    assert_int_equal(bersih_corpus_input_name(c, 1, &out), BERSIH_OK);
    assert_string_equal(out.data, "> a.jsonl:2");
    /* the report escapes the path and keeps ":LINE" inside the quotes */
    finish(c);
    bersih_buf_reset(&out);
    assert_int_equal(bersih_corpus_report_format(&out, c, 12), BERSIH_OK);
    assert_non_null(strstr(out.data, "\"input\":\"q\\\"uote\\\\.jsonl:9\","));
    /* a signature file holds the names joined, and loads them split again */
    char dir[] = "/tmp/bersih-test-names.XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/n.sig", dir);
    struct bersih_error err;
    assert_int_equal(bersih_corpus_save(c, path, &err), BERSIH_OK);
    struct bersih_corpus *loaded = new_corpus(BERSIH_KEEP_FIRST);
    assert_int_equal(bersih_corpus_load(loaded, path, &err), BERSIH_OK);
    assert_names_print_back(loaded);
    unlink(path);
    rmdir(dir);
    bersih_buf_release(&out);
    bersih_corpus_free(loaded);
    bersih_corpus_free(c);
}

/* A thousand lines of one file cost its path once and their id and date:
 * nothing like the thousand joined names. */
static void test_input_path_stored_once(void **state)
{
    struct fixture *f = *state;
    sketch(f, "satu dua tiga");
    struct bersih_corpus *c = new_corpus(BERSIH_KEEP_FIRST);
    const char *path = "build/bench/data/gen-v1-1000000.jsonl";
    size_t before = c->names_len, joined = 0;
    for (int line = 1; line <= 1000; line++) {
        char name[64];
        joined += (size_t)snprintf(name, sizeof name, "%s:%d", path, line) + 1;
        add_named(f, c, name);
    }
    /* the path once, then "7\0" "2024-01-02\0" an article */
    assert_int_equal(c->names_len - before, strlen(path) + 1 + 1000 * 13);
    assert_true(c->names_len - before < joined / 3);
    assert_int_equal(c->ninputs, 1);
    /* only the last path is compared: a path met again is stored again */
    add_named(f, c, "other.jsonl:1");
    add_named(f, c, "build/bench/data/gen-v1-1000000.jsonl:1001");
    assert_int_equal(c->ninputs, 3);
    struct bersih_buf name = BERSIH_BUF_INIT;
    assert_int_equal(bersih_corpus_input_name(c, 1001, &name), BERSIH_OK);
    assert_string_equal(name.data, "build/bench/data/gen-v1-1000000.jsonl:1001");
    bersih_buf_release(&name);
    bersih_corpus_free(c);
}

/* An add that fails leaves the articles before it printing as added. */
static void test_input_names_nomem(void **state)
{
    struct fixture *f = *state;
    sketch(f, "satu dua tiga");
    struct bersih_error err;
    int failures = 0, passed = 0;
    for (long n = 0; n < 80; n++) {
        struct bersih_corpus *c = new_corpus(BERSIH_KEEP_FIRST);
        bersih_status st = BERSIH_OK;
        bersih_alloc_fail_after(n);
        for (size_t i = 0; i < NINPUT_NAMES && st == BERSIH_OK; i++) {
            struct bersih_corpus_info info = { input_names[i], "7", 1, "2024-01-02", 10, 10 };
            st = bersih_corpus_add(c, &f->sk, &info, NULL, &err);
        }
        bersih_alloc_fail_after(-1);
        if (st != BERSIH_OK) {
            assert_int_equal(st, BERSIH_ERR_NOMEM);
            failures++;
        } else {
            passed++;
        }
        for (size_t i = 0; i < bersih_corpus_count(c); i++) {
            struct bersih_buf name = BERSIH_BUF_INIT;
            assert_int_equal(bersih_corpus_input_name(c, i, &name), BERSIH_OK);
            assert_string_equal(bersih_buf_str(&name), input_names[i] ? input_names[i] : "");
            assert_string_equal(bersih_corpus_id(c, i), "7");
            bersih_buf_release(&name);
        }
        bersih_corpus_free(c);
    }
    assert_true(failures > 10);
    assert_true(passed > 0);
}

/* ---- shared passages ------------------------------------------------------ */

static void test_passage_outlet_rules(void **state)
{
    (void)state;
    struct bersih_buf b = BERSIH_BUF_INIT;
    enum bersih_outlet_from from;
    const char *json = "{\"id\":1,\"source\":\"Kompas.com\",\"text\":\"x\"}";
    assert_int_equal(bersih_corpus_outlet(json, strlen(json), "Tribun", 6, "a/b.jsonl", &b, &from), BERSIH_OK);
    assert_string_equal(bersih_buf_str(&b), "Kompas.com");
    assert_int_equal(from, BERSIH_OUTLET_SOURCE);
    const char *blank = "{\"source\":\" \",\"text\":\"x\"}";
    assert_int_equal(bersih_corpus_outlet(blank, strlen(blank), "Tribun", 6, "a/b.jsonl", &b, &from), BERSIH_OK);
    assert_string_equal(bersih_buf_str(&b), "Tribun");
    assert_int_equal(from, BERSIH_OUTLET_DATELINE);
    assert_int_equal(bersih_corpus_outlet("{broken", 7, NULL, 0, "corpus/kompas/a.txt", &b, &from), BERSIH_OK);
    assert_string_equal(bersih_buf_str(&b), "corpus/kompas");
    assert_int_equal(from, BERSIH_OUTLET_DIRECTORY);
    assert_int_equal(bersih_corpus_outlet(NULL, 0, NULL, 0, "a.txt", &b, &from), BERSIH_OK);
    assert_string_equal(bersih_buf_str(&b), ".");
    assert_string_equal(bersih_outlet_from_name(BERSIH_OUTLET_DIRECTORY), "directory");
    bersih_buf_release(&b);
}

static struct bersih_corpus *new_passage_corpus(size_t min_articles)
{
    struct bersih_corpus_options o;
    bersih_corpus_options_default(&o);
    o.passages = 1;
    o.passages_min = min_articles;
    struct bersih_corpus *c;
    struct bersih_error err;
    assert_int_equal(bersih_corpus_new(&o, &c, &err), BERSIH_OK);
    return c;
}

static struct bersih_corpus_sketcher *new_passage_sketcher(void)
{
    struct bersih_corpus_options o;
    bersih_corpus_options_default(&o);
    o.passages = 1;
    struct bersih_corpus_sketcher *s;
    struct bersih_error err;
    assert_int_equal(bersih_corpus_sketcher_new(&o, &s, &err), BERSIH_OK);
    return s;
}

static void add_passage_text(struct bersih_corpus_sketcher *s, struct bersih_corpus_sketch *sk,
                             struct bersih_corpus *c, const char *text, const char *name,
                             const char *outlet)
{
    struct bersih_error err;
    assert_int_equal(bersih_corpus_sketch_text(s, text, strlen(text), 0, sk, &err), BERSIH_OK);
    struct bersih_corpus_info info = { name, NULL, 0, NULL, 0, strlen(text) };
    struct bersih_corpus_passage_info pi = { text, strlen(text), outlet, strlen(outlet), BERSIH_OUTLET_SOURCE };
    assert_int_equal(bersih_corpus_add_article(c, sk, &info, &pi, NULL, &err), BERSIH_OK);
}

#define QUOTE "Mari bersama kita sukseskan pemilu dan pemilihan serentak tahun ini dengan jujur dan adil sehingga kita dapat merayakan pesta demokrasi"
#define FOOTER "Ikuti terus berita terbaru dari redaksi kami setiap hari di kanal resmi kami."

static void test_passages_reuse_and_boilerplate(void **state)
{
    (void)state;
    struct bersih_corpus_sketcher *s = new_passage_sketcher();
    struct bersih_corpus_sketch sk;
    bersih_corpus_sketch_init(&sk);
    struct bersih_corpus *c = new_passage_corpus(2);
    /* a: the quote and a footer; b: the quote edited (one word) under
     * another outlet; c: the footer, a's outlet written in other case. */
    add_passage_text(s, &sk, c, "Bupati menandatangani pakta integritas netralitas di aula kantor gubernur.\n"
                     QUOTE ", ajak Bupati.\nKalimat pendek.\n" FOOTER "\n", "a.txt", "Harian.com");
    add_passage_text(s, &sk, c, "Gubernur meminta seluruh aparatur menjaga netralitas pada pemilihan umum mendatang.\n"
                     "Pesan lain yang tidak ada hubungannya dengan berita ini sama sekali ditulis di sini.\n"
                     QUOTE " kita, pungkasnya.\n", "b.txt", "Lain.id");
    add_passage_text(s, &sk, c, "Pasar murah dibuka di halaman kantor camat menjelang hari raya tahun ini.\n"
                     "Dua ribu paket sembako dijual separuh harga kepada warga pemegang kupon.\n"
                     FOOTER "\n", "c.txt", "harian.COM");
    struct bersih_error err;
    assert_int_equal(bersih_corpus_finish(c, &err), BERSIH_OK);
    assert_int_equal(bersih_corpus_passage_count(c), 2);
    struct bersih_corpus_passage g;
    struct bersih_corpus_passage_member m;
    bersih_corpus_passage(c, 0, &g);
    assert_int_equal(g.kind, BERSIH_PASSAGE_REUSE);
    assert_int_equal(g.members, 2);
    assert_int_equal(g.outlets, 2);
    bersih_corpus_passage_member(c, 0, 1, &m);
    assert_string_equal(bersih_corpus_input_path(c, m.article), "b.txt");
    assert_int_equal(bersih_corpus_input_line(c, m.article), 0);
    assert_int_equal(m.unit, 2);
    assert_false(m.exact);
    assert_true(m.similarity >= 0.8 && m.similarity < 1.0);
    bersih_corpus_passage(c, 1, &g);
    assert_int_equal(g.kind, BERSIH_PASSAGE_BOILERPLATE);
    bersih_corpus_passage_member(c, 1, 1, &m);
    assert_int_equal(m.unit, 2);
    assert_true(m.exact);
    assert_string_equal(m.outlet, "Harian.com"); /* the spelling first seen */
    /* The report line quotes the first member and names both. */
    struct bersih_buf out = BERSIH_BUF_INIT;
    assert_int_equal(bersih_corpus_passage_format(&out, c, 0, &err), BERSIH_OK);
    assert_non_null(strstr(out.data, "\"passage\":1,\"kind\":\"reuse\""));
    assert_non_null(strstr(out.data, "\"text\":\"Mari bersama kita sukseskan"));
    assert_non_null(strstr(out.data, "\"outlet_from\":\"source\""));
    assert_int_equal(bersih_corpus_passage_format(&out, c, 2, &err), BERSIH_ERR_ARG);
    struct bersih_corpus_passage_stats st;
    bersih_corpus_passage_stats(c, &st);
    assert_int_equal(st.groups, 2);
    assert_int_equal(st.boilerplate, 1);
    assert_int_equal(st.reuse, 1);
    assert_int_equal(st.units, 9); /* "Kalimat pendek." is under 8 words */
    bersih_buf_release(&out);
    bersih_corpus_free(c);
    /* Three articles wanted: neither passage is in three. */
    c = new_passage_corpus(3);
    add_passage_text(s, &sk, c, QUOTE "\nsatu dua tiga empat lima enam tujuh delapan\nx\n", "a.txt", "A");
    add_passage_text(s, &sk, c, QUOTE "\nsembilan sepuluh sebelas dua belas tiga belas empat belas\ny\n", "b.txt", "B");
    assert_int_equal(bersih_corpus_finish(c, &err), BERSIH_OK);
    assert_int_equal(bersih_corpus_passage_count(c), 0);
    bersih_corpus_free(c);
    bersih_corpus_sketch_release(&sk);
    bersih_corpus_sketcher_free(s);
}

/* Copies of one article (one dedup cluster) are one story: their shared
 * paragraphs are the article-level duplicate, not a passage group. */
static void test_passages_copies_count_once(void **state)
{
    (void)state;
    struct bersih_corpus_sketcher *s = new_passage_sketcher();
    struct bersih_corpus_sketch sk;
    bersih_corpus_sketch_init(&sk);
    struct bersih_corpus *c = new_passage_corpus(2);
    char *text = make_text(9, 120, -1, -1);
    add_passage_text(s, &sk, c, text, "a.txt", "A");
    add_passage_text(s, &sk, c, text, "copy.txt", "B");
    struct bersih_error err;
    assert_int_equal(bersih_corpus_finish(c, &err), BERSIH_OK);
    assert_int_equal(bersih_corpus_passage_count(c), 0);
    free(text);
    bersih_corpus_free(c);
    bersih_corpus_sketch_release(&sk);
    bersih_corpus_sketcher_free(s);
}

static void test_passages_nomem(void **state)
{
    (void)state;
    const char *texts[2] = { "Satu kalimat panjang yang dibagi oleh dua artikel berbeda di sini.\n"
                             QUOTE "\n" FOOTER "\n",
                             "Kalimat lain yang cukup panjang untuk menjadi unit tersendiri ya.\n"
                             QUOTE " kita.\n" FOOTER "\n" };
    struct bersih_error err;
    int failures = 0, passed = 0;
    for (long n = 0; n < 300; n++) {
        struct bersih_corpus *c = NULL;
        struct bersih_corpus_sketcher *s = NULL;
        struct bersih_corpus_sketch sk;
        struct bersih_buf out = BERSIH_BUF_INIT;
        struct bersih_corpus_options o;
        bersih_corpus_options_default(&o);
        o.passages = 1;
        bersih_corpus_sketch_init(&sk);
        bersih_alloc_fail_after(n);
        bersih_status st = bersih_corpus_new(&o, &c, &err);
        if (st == BERSIH_OK)
            st = bersih_corpus_sketcher_new(&o, &s, &err);
        for (int i = 0; i < 6 && st == BERSIH_OK; i++) {
            const char *t = texts[i % 2];
            st = bersih_corpus_sketch_text(s, t, strlen(t), 0, &sk, &err);
            struct bersih_corpus_info info = { "x", NULL, 0, NULL, 0, 1 };
            struct bersih_corpus_passage_info pi = { t, strlen(t), i % 2 ? "A" : "B", 1, BERSIH_OUTLET_SOURCE };
            if (st == BERSIH_OK)
                st = bersih_corpus_add_article(c, &sk, &info, &pi, NULL, &err);
        }
        if (st == BERSIH_OK)
            st = bersih_corpus_finish(c, &err);
        for (uint64_t g = 0; st == BERSIH_OK && g < bersih_corpus_passage_count(c); g++)
            st = bersih_corpus_passage_format(&out, c, g, &err);
        bersih_alloc_fail_after(-1);
        if (st != BERSIH_OK) {
            assert_true(st == BERSIH_ERR_NOMEM || st == BERSIH_ERR_ICU);
            failures++;
        } else {
            passed++;
            assert_int_equal(bersih_corpus_passage_count(c), 2);
        }
        bersih_buf_release(&out);
        bersih_corpus_sketch_release(&sk);
        bersih_corpus_sketcher_free(s);
        bersih_corpus_free(c);
    }
    assert_true(failures > 20);
    assert_true(passed > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands_for_default_threshold),
        cmocka_unit_test(test_bands_rise_with_threshold),
        cmocka_unit_test(test_sample_jaccard_exact_when_complete),
        cmocka_unit_test_setup_teardown(test_sketch_sample_is_the_smallest_distinct_high_halves,
                                        setup, teardown),
        cmocka_unit_test(test_sample_jaccard_cuts_at_truncated_sketch),
        cmocka_unit_test_setup_teardown(test_sketch_estimates_long_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_union_find_joins_verified_pairs_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chain_is_flagged_loose, setup, teardown),
        cmocka_unit_test(test_many_articles_find_their_pairs_only),
        cmocka_unit_test(test_space_grows_in_place),
        cmocka_unit_test(test_space_moves_past_its_reservation),
        cmocka_unit_test(test_space_failed_move_keeps_the_array),
        cmocka_unit_test(test_space_heap_only),
        cmocka_unit_test(test_space_heap_only_under_an_address_space_limit),
        cmocka_unit_test_setup_teardown(test_keep_policies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_of_halves_equals_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nomem_everywhere, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_names_print_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_path_stored_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_names_nomem, setup, teardown),
        cmocka_unit_test(test_passage_outlet_rules),
        cmocka_unit_test(test_passages_reuse_and_boilerplate),
        cmocka_unit_test(test_passages_copies_count_once),
        cmocka_unit_test(test_passages_nomem),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    u_cleanup();
    return rc;
}
