/*
 * corpus.c - the corpus index: exact-key table, LSH band tables, candidate
 * verification and union-find over verified pairs.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "corpus_internal.h"

bersih_status corpus_grow(void **ptr, size_t *cap, size_t need, size_t elem,
                          struct bersih_error *err)
{
    RETURN_ERROR_IF(bersih_grow_array(ptr, cap, need, elem) != BERSIH_OK, err, BERSIH_ERR_NOMEM,
                    "out of memory");
    return BERSIH_OK;
}

bersih_status bersih_corpus_new(const struct bersih_corpus_options *opts, struct bersih_corpus **out,
                                struct bersih_error *err)
{
    *out = NULL;
    struct bersih_corpus_options o;
    if (opts)
        o = *opts;
    else
        bersih_corpus_options_default(&o);
    FORWARD_IF_ERROR(corpus_options_resolve(&o, err));
    struct bersih_corpus *c = bersih_calloc(1, sizeof *c);
    RETURN_ERROR_IF(!c, err, BERSIH_ERR_NOMEM, "out of memory");
    c->opts = o;
    for (size_t i = 0; i < SPACE_COUNT; i++)
        corpus_space_init(&c->space[i]);
    c->tables = bersih_calloc(o.bands, sizeof *c->tables);
    if (!c->tables) {
        bersih_free(c);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    if (o.passages) {
        bersih_status st = passages_new(c, err);
        if (st != BERSIH_OK) {
            bersih_corpus_free(c);
            return st;
        }
    }
    *out = c;
    return BERSIH_OK;
}

void bersih_corpus_free(struct bersih_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->opts.bands; i++)
        bersih_free(c->tables[i].slots);
    bersih_free(c->tables);
    bersih_free(c->exact.slots);
    corpus_space_free(&c->space[SPACE_ARTS], c->arts);
    corpus_space_free(&c->space[SPACE_SAMPLES], c->samples);
    corpus_space_free(&c->space[SPACE_BAND_KEYS], c->band_keys);
    corpus_space_free(&c->space[SPACE_NEXT], c->next);
    corpus_space_free(&c->space[SPACE_NAMES], c->names);
    bersih_free(c->inputs);
    bersih_free(c->pairs);
    bersih_free(c->candidates);
    bersih_free(c->results);
    passages_free(c);
    bersih_free(c);
}

size_t bersih_corpus_count(const struct bersih_corpus *c)
{
    return c->count;
}

void bersih_corpus_seal(struct bersih_corpus *c)
{
    for (size_t i = 0; i < c->opts.bands; i++) {
        bersih_free(c->tables[i].slots);
        memset(&c->tables[i], 0, sizeof c->tables[i]);
    }
    corpus_space_free(&c->space[SPACE_NEXT], c->next);
    c->next = NULL;
    bersih_free(c->exact.slots);
    memset(&c->exact, 0, sizeof c->exact);
    bersih_free(c->candidates);
    c->candidates = NULL;
    c->ncand = c->cand_cap = 0;
    c->sealed = 1;
}

/* ---- union-find ------------------------------------------------------ */

uint32_t corpus_find(struct bersih_corpus *c, uint32_t a)
{
    while (c->arts[a].parent != a) {
        c->arts[a].parent = c->arts[c->arts[a].parent].parent; /* path halving */
        a = c->arts[a].parent;
    }
    return a;
}

void corpus_union(struct bersih_corpus *c, uint32_t a, uint32_t b)
{
    a = corpus_find(c, a);
    b = corpus_find(c, b);
    if (a == b)
        return;
    if (c->arts[a].rank < c->arts[b].rank) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    c->arts[b].parent = a;
    if (c->arts[a].rank == c->arts[b].rank)
        c->arts[a].rank++;
}

/* ---- hash tables ----------------------------------------------------- */

static size_t slot_of(uint64_t key, size_t mask)
{
    /* Fibonacci hashing spreads the keys' high bits over the table. */
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & mask;
}

void corpus_prefault(void *p, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
    if (bytes < CORPUS_PREFAULT_MIN)
        return; /* a few faults cost less than the call */
    long page_size = sysconf(_SC_PAGESIZE);
    if (page_size <= 0)
        return;
    uintptr_t page = (uintptr_t)page_size;
    uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1), to = ((uintptr_t)p + bytes) & ~(page - 1);
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* a hint: errors change nothing */
#else
    (void)p;
    (void)bytes;
#endif
}

static bersih_status table_alloc(uint32_t **slots, size_t *mask, size_t size,
                                 struct bersih_error *err)
{
    uint32_t *p = bersih_malloc(size * sizeof *p);
    RETURN_ERROR_IF(!p, err, BERSIH_ERR_NOMEM, "out of memory");
    corpus_prefault(p, size * sizeof *p); /* the memset writes every page */
    memset(p, 0xff, size * sizeof *p);
    *slots = p;
    *mask = size - 1;
    return BERSIH_OK;
}

static uint32_t band_key(const struct bersih_corpus *c, uint32_t art, size_t band)
{
    return c->band_keys[(size_t)art * c->opts.bands + band];
}

/* The slot holding band's chain head for key, or the empty slot for it;
 * the search starts at slot i, key's home. */
static size_t lsh_probe_from(const struct bersih_corpus *c, const struct lsh_table *t,
                             size_t band, uint32_t key, size_t i)
{
    while (t->slots[i] != CORPUS_NONE && band_key(c, t->slots[i], band) != key)
        i = (i + 1) & t->mask;
    return i;
}

static size_t lsh_probe(const struct bersih_corpus *c, const struct lsh_table *t, size_t band,
                        uint32_t key)
{
    return lsh_probe_from(c, t, band, key, slot_of(key, t->mask));
}

/* Keep the table at most half full, so probes stay short. */
static bersih_status lsh_reserve(struct bersih_corpus *c, size_t band, struct bersih_error *err)
{
    struct lsh_table *t = &c->tables[band];
    if (t->slots && (t->used + 1) * 2 <= t->mask + 1)
        return BERSIH_OK;
    struct lsh_table bigger = { .used = t->used };
    FORWARD_IF_ERROR(table_alloc(&bigger.slots, &bigger.mask, t->slots ? (t->mask + 1) * 2 : 1024, err));
    for (size_t i = 0; t->slots && i <= t->mask; i++)
        if (t->slots[i] != CORPUS_NONE)
            bigger.slots[lsh_probe(c, &bigger, band, band_key(c, t->slots[i], band))] = t->slots[i];
    bersih_free(t->slots);
    *t = bigger;
    return BERSIH_OK;
}

static size_t exact_probe(const struct bersih_corpus *c, const struct exact_table *t,
                          const uint64_t key[2])
{
    size_t i = slot_of(key[0], t->mask);
    while (t->slots[i] != CORPUS_NONE) {
        const struct corpus_article *a = &c->arts[t->slots[i]];
        if (a->exact[0] == key[0] && a->exact[1] == key[1])
            break;
        i = (i + 1) & t->mask;
    }
    return i;
}

static bersih_status exact_reserve(struct bersih_corpus *c, struct bersih_error *err)
{
    struct exact_table *t = &c->exact;
    if (t->slots && (t->used + 1) * 2 <= t->mask + 1)
        return BERSIH_OK;
    struct exact_table bigger = { NULL, 0, t->used };
    FORWARD_IF_ERROR(table_alloc(&bigger.slots, &bigger.mask, t->slots ? (t->mask + 1) * 2 : 1024, err));
    for (size_t i = 0; t->slots && i <= t->mask; i++)
        if (t->slots[i] != CORPUS_NONE)
            bigger.slots[exact_probe(c, &bigger, c->arts[t->slots[i]].exact)] = t->slots[i];
    bersih_free(t->slots);
    *t = bigger;
    return BERSIH_OK;
}

/* ---- adding an article ----------------------------------------------- */

static bersih_status put_name(struct bersih_corpus *c, const char *s, size_t len,
                              struct bersih_error *err)
{
    if (!s)
        len = 0;
    const char *nul = len ? memchr(s, '\0', len) : NULL;
    if (nul)
        len = (size_t)(nul - s); /* the names are stored NUL-terminated */
    FORWARD_IF_ERROR(corpus_space_grow(&c->space[SPACE_NAMES], (void **)&c->names, &c->names_cap,
                                       c->names_len + len + 1, 1, err));
    if (len)
        memcpy(c->names + c->names_len, s, len);
    c->names[c->names_len + len] = '\0';
    c->names_len += len + 1;
    return BERSIH_OK;
}

/* The line of a name "path:LINE" (LINE decimal, 1..UINT32_MAX, no leading
 * zero: the form bersih_line_suffix() writes, so that it spells the name
 * again byte for byte), with *path_len the length of path; 0 for any other
 * name, with *path_len = len (the whole name is its path). */
static uint32_t split_line(const char *s, size_t len, size_t *path_len)
{
    *path_len = len;
    size_t digits = 0;
    while (digits < len && digits <= 10 && s[len - 1 - digits] >= '0' && s[len - 1 - digits] <= '9')
        digits++;
    if (digits == 0 || digits > 10 || digits == len || s[len - 1 - digits] != ':' ||
        s[len - digits] == '0')
        return 0;
    uint64_t line = 0;
    for (size_t i = len - digits; i < len; i++)
        line = line * 10 + (uint64_t)(s[i] - '0');
    if (line > UINT32_MAX)
        return 0;
    *path_len = len - digits - 1;
    return (uint32_t)line;
}

/* *number: the input path s[0..len) in c->inputs. The articles of one file
 * arrive one after another, so only the last path is compared: a path seen
 * again after another one is stored again, which costs a few bytes and
 * changes no name. */
static bersih_status intern_input(struct bersih_corpus *c, const char *s, size_t len,
                                  uint32_t *number, struct bersih_error *err)
{
    *number = 0; /* set on every path, failures too */
    if (c->ninputs) {
        const char *last = c->names + c->inputs[c->ninputs - 1];
        /* strncmp stops at last's NUL, so a shorter last is never overread */
        if (strncmp(last, s, len) == 0 && last[len] == '\0') {
            *number = (uint32_t)(c->ninputs - 1);
            return BERSIH_OK;
        }
    }
    /* An add that fails after this keeps the path (a later article may
     * share it), so paths are not bounded by articles: bound them here,
     * for the 32-bit input number. */
    RETURN_ERROR_IF(c->ninputs >= CORPUS_NONE, err, BERSIH_ERR_TOO_LARGE,
                    "more than %u input names", CORPUS_NONE - 1);
    FORWARD_IF_ERROR(corpus_grow((void **)&c->inputs, &c->inputs_cap, c->ninputs + 1,
                                 sizeof *c->inputs, err));
    uint64_t off = c->names_len;
    FORWARD_IF_ERROR(put_name(c, s, len, err));
    c->inputs[c->ninputs] = off;
    *number = (uint32_t)c->ninputs++;
    return BERSIH_OK;
}

/* Where store_names() put an article's names. */
struct stored_names {
    uint64_t off; /* its "id\0date\0" in c->names */
    uint32_t input, line;
};

/* Copy the article's names. On failure the id and date are taken back; an
 * input path already interned stays (a later article may share it). */
static bersih_status store_names(struct bersih_corpus *c, const struct bersih_corpus_info *info,
                                 struct stored_names *out, struct bersih_error *err)
{
    const char *input = info->input ? info->input : "";
    size_t path_len;
    out->line = split_line(input, strlen(input), &path_len);
    FORWARD_IF_ERROR(intern_input(c, input, path_len, &out->input, err));
    out->off = c->names_len;
    bersih_status st = put_name(c, info->id, info->id_len, err);
    if (st == BERSIH_OK)
        st = put_name(c, info->date, info->date_len, err);
    if (st != BERSIH_OK)
        c->names_len = out->off;
    return st;
}

/* Room for one more article in every per-article array. */
static bersih_status reserve_article(struct bersih_corpus *c, const struct bersih_corpus_sketch *sk,
                                     struct bersih_error *err)
{
    RETURN_ERROR_IF(c->count >= CORPUS_NONE - 1, err, BERSIH_ERR_TOO_LARGE,
                    "more than %u articles", CORPUS_NONE - 1);
    size_t cap = c->cap;
    FORWARD_IF_ERROR(corpus_space_grow(&c->space[SPACE_ARTS], (void **)&c->arts, &cap, c->count + 1,
                                       sizeof *c->arts, err));
    size_t keys_cap = c->cap * c->opts.bands, next_cap = keys_cap;
    FORWARD_IF_ERROR(corpus_space_grow(&c->space[SPACE_BAND_KEYS], (void **)&c->band_keys, &keys_cap,
                                       cap * c->opts.bands, sizeof *c->band_keys, err));
    FORWARD_IF_ERROR(corpus_space_grow(&c->space[SPACE_NEXT], (void **)&c->next, &next_cap,
                                       cap * c->opts.bands, sizeof *c->next, err));
    c->cap = cap; /* only now: every array has room for cap articles */
    FORWARD_IF_ERROR(corpus_space_grow(&c->space[SPACE_SAMPLES], (void **)&c->samples, &c->samples_cap,
                                       c->samples_len + sk->nsample, sizeof *c->samples, err));
    FORWARD_IF_ERROR(exact_reserve(c, err));
    for (size_t band = 0; band < c->opts.bands; band++)
        FORWARD_IF_ERROR(lsh_reserve(c, band, err));
    return BERSIH_OK;
}

/* The per-article arrays fill front to back: whenever an array's end
 * crosses into a new stretch of CORPUS_PREFAULT_MIN bytes, prefault the
 * stretch after it, so the adds write pages already mapped and at most one
 * stretch per array is resident before it is needed (in huge pages, the
 * 2 MB page the stretch is in: corpus_space.c). */
static void prefault_ahead(void *base, size_t elem, size_t before, size_t after, size_t cap)
{
    const size_t step = CORPUS_PREFAULT_MIN;
    if (before * elem / step == after * elem / step)
        return;
    size_t from = (after * elem / step + 1) * step, to = from + step;
    if (to > cap * elem)
        to = cap * elem;
    if (to > from)
        corpus_prefault((char *)base + from, to - from);
}

static void prefault_article_arrays(struct bersih_corpus *c)
{
    const size_t bands = c->opts.bands, n = c->count;
    prefault_ahead(c->arts, sizeof *c->arts, n - 1, n, c->cap);
    prefault_ahead(c->band_keys, sizeof *c->band_keys, (n - 1) * bands, n * bands, c->cap * bands);
    prefault_ahead(c->next, sizeof *c->next, (n - 1) * bands, n * bands, c->cap * bands);
}

static bersih_status record_pair(struct bersih_corpus *c, uint32_t a, uint32_t b, double sim,
                                 struct bersih_error *err)
{
    FORWARD_IF_ERROR(corpus_grow((void **)&c->pairs, &c->pairs_cap, c->npairs + 1, sizeof *c->pairs, err));
    c->pairs[c->npairs].a = a;
    c->pairs[c->npairs].b = b;
    c->pairs[c->npairs].similarity = (float)sim;
    c->npairs++;
    return BERSIH_OK;
}

double corpus_similarity(const struct bersih_corpus *c, uint32_t a, uint32_t b)
{
    const struct corpus_article *x = &c->arts[a], *y = &c->arts[b];
    if (x->exact[0] == y->exact[0] && x->exact[1] == y->exact[1])
        return 1.0;
    return bersih_corpus_sample_jaccard(c->samples + x->sample_off, x->nsample,
                                        x->flags & ART_COMPLETE, c->samples + y->sample_off,
                                        y->nsample, y->flags & ART_COMPLETE);
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Once the index outgrows the cache every probe of a band table misses
 * twice, on the slot and then on the key of the article in it, and an add
 * probes every band. The probes are independent, so these two passes ask
 * for all the slots, then all the keys, and the misses overlap instead of
 * coming one after another; the probes then find everything in the cache. */
static void prefetch_homes(struct bersih_corpus *c, uint32_t art)
{
    for (size_t band = 0; band < c->opts.bands; band++) {
        struct lsh_table *t = &c->tables[band];
        t->home = slot_of(band_key(c, art, band), t->mask);
        CORPUS_PREFETCH(&t->slots[t->home]);
    }
}

/* The keys a probe compares: those of the run from the home to an empty slot. */
static void prefetch_run_keys(const struct bersih_corpus *c)
{
    for (size_t band = 0; band < c->opts.bands; band++) {
        const struct lsh_table *t = &c->tables[band];
        for (size_t i = t->home; t->slots[i] != CORPUS_NONE; i = (i + 1) & t->mask)
            CORPUS_PREFETCH(&c->band_keys[(size_t)t->slots[i] * c->opts.bands + band]);
    }
}

/* Earlier articles sharing a band key with art, each once, oldest first;
 * then art becomes the head of each of its band chains. */
static bersih_status gather_candidates(struct bersih_corpus *c, uint32_t art, struct bersih_error *err)
{
    const size_t bands = c->opts.bands;
    c->ncand = 0;
    prefetch_homes(c, art);
    prefetch_run_keys(c);
    for (size_t band = 0; band < bands; band++) {
        struct lsh_table *t = &c->tables[band];
        size_t slot = lsh_probe_from(c, t, band, band_key(c, art, band), t->home);
        uint32_t head = t->slots[slot];
        for (uint32_t m = head; m != CORPUS_NONE; m = c->next[(size_t)m * bands + band]) {
            FORWARD_IF_ERROR(corpus_grow((void **)&c->candidates, &c->cand_cap, c->ncand + 1,
                                         sizeof *c->candidates, err));
            c->candidates[c->ncand++] = m;
        }
        c->next[(size_t)art * bands + band] = head;
        if (head == CORPUS_NONE)
            t->used++;
        t->slots[slot] = art;
    }
    if (c->ncand > 1)
        qsort(c->candidates, c->ncand, sizeof *c->candidates, compare_u32);
    size_t unique = 0;
    for (size_t i = 0; i < c->ncand; i++)
        if (unique == 0 || c->candidates[unique - 1] != c->candidates[i])
            c->candidates[unique++] = c->candidates[i];
    c->ncand = unique;
    c->candidates_seen += unique;
    return BERSIH_OK;
}

/* Join art to every candidate whose sample similarity reaches the threshold. */
static bersih_status verify_candidates(struct bersih_corpus *c, uint32_t art, struct bersih_error *err)
{
    size_t checks = c->ncand < c->opts.max_candidates ? c->ncand : c->opts.max_candidates;
    for (size_t i = 0; i < checks; i++) {
        uint32_t cand = c->candidates[i];
        if (corpus_find(c, cand) == corpus_find(c, art))
            continue; /* already joined through another member */
        double sim = corpus_similarity(c, cand, art);
        if (sim < c->opts.threshold)
            continue;
        FORWARD_IF_ERROR(record_pair(c, cand, art, sim, err));
        corpus_union(c, cand, art);
    }
    return BERSIH_OK;
}

static void init_article(struct corpus_article *a, uint32_t index,
                         const struct bersih_corpus_sketch *sk, const struct stored_names *names,
                         uint64_t bytes)
{
    memset(a, 0, sizeof *a);
    a->exact[0] = sk->exact[0];
    a->exact[1] = sk->exact[1];
    a->names_off = names->off;
    a->input = names->input;
    a->line = names->line;
    a->bytes = bytes;
    a->words = sk->words;
    a->parent = index;
    a->exact_of = CORPUS_NONE;
}

bersih_status corpus_add_flagged(struct bersih_corpus *c, const struct bersih_corpus_sketch *sk,
                                 const struct bersih_corpus_info *info,
                                 const struct bersih_corpus_passage_info *passage, uint8_t flags,
                                 uint64_t *index, struct bersih_error *err)
{
    RETURN_ERROR_IF(c->sealed, err, BERSIH_ERR_ARG, "the index is sealed: it takes no more articles");
    RETURN_ERROR_IF(sk->nsample > c->opts.sample_size, err, BERSIH_ERR_ARG,
                    "sketch made with another sample size");
    FORWARD_IF_ERROR(reserve_article(c, sk, err));
    struct stored_names names;
    FORWARD_IF_ERROR(store_names(c, info, &names, err));
    bersih_status st = passages_prepare(c, sk, passage, err);
    if (st != BERSIH_OK) {
        c->names_len = names.off; /* the id and date; the interned path may stay */
        return st;
    }
    /* From here on nothing fails but recording a pair, which leaves the
     * article added and consistent. */
    uint32_t art = (uint32_t)c->count++;
    prefault_article_arrays(c);
    struct corpus_article *a = &c->arts[art];
    init_article(a, art, sk, &names, info->bytes);
    a->flags = flags;
    passages_commit(c, art, sk, passage);
    c->finished = 0;
    if (index)
        *index = art;
    memset(c->band_keys + (size_t)art * c->opts.bands, 0, c->opts.bands * sizeof *c->band_keys);
    if (sk->words < c->opts.min_words || sk->nbands != c->opts.bands) {
        a->flags |= ART_TOO_SHORT;
        return BERSIH_OK;
    }
    size_t slot = exact_probe(c, &c->exact, a->exact);
    uint32_t twin = c->exact.slots[slot];
    if (twin != CORPUS_NONE) {
        const struct corpus_article *t = &c->arts[twin];
        a->flags |= ART_EXACT | (t->flags & ART_COMPLETE);
        a->exact_of = twin;
        a->sample_off = t->sample_off;
        a->nsample = t->nsample;
        corpus_union(c, twin, art);
        return record_pair(c, twin, art, 1.0, err);
    }
    c->exact.slots[slot] = art;
    c->exact.used++;
    a->sample_off = c->samples_len;
    a->nsample = (uint16_t)sk->nsample;
    if (sk->complete)
        a->flags |= ART_COMPLETE;
    if (sk->nsample)
        memcpy(c->samples + c->samples_len, sk->sample, sk->nsample * sizeof *sk->sample);
    prefault_ahead(c->samples, sizeof *c->samples, c->samples_len, c->samples_len + sk->nsample,
                   c->samples_cap);
    c->samples_len += sk->nsample;
    memcpy(c->band_keys + (size_t)art * c->opts.bands, sk->bands, c->opts.bands * sizeof *sk->bands);
    FORWARD_IF_ERROR(gather_candidates(c, art, err));
    return verify_candidates(c, art, err);
}

bersih_status bersih_corpus_add(struct bersih_corpus *c, const struct bersih_corpus_sketch *sk,
                                const struct bersih_corpus_info *info, uint64_t *index,
                                struct bersih_error *err)
{
    return corpus_add_flagged(c, sk, info, NULL, 0, index, err);
}

bersih_status bersih_corpus_add_article(struct bersih_corpus *c, const struct bersih_corpus_sketch *sk,
                                        const struct bersih_corpus_info *info,
                                        const struct bersih_corpus_passage_info *passage,
                                        uint64_t *index, struct bersih_error *err)
{
    return corpus_add_flagged(c, sk, info, passage, 0, index, err);
}

/* The article's id (which 0) or date (which 1). */
static const char *names_of(const struct bersih_corpus *c, uint64_t index, int which)
{
    const char *s = c->names + c->arts[index].names_off;
    for (int i = 0; i < which; i++)
        s += strlen(s) + 1;
    return s;
}

const char *bersih_corpus_input_path(const struct bersih_corpus *c, uint64_t index)
{
    return c->names + c->inputs[c->arts[index].input];
}

uint64_t bersih_corpus_input_line(const struct bersih_corpus *c, uint64_t index)
{
    return c->arts[index].line;
}

bersih_status bersih_corpus_input_name(const struct bersih_corpus *c, uint64_t index,
                                       struct bersih_buf *out)
{
    const char *path = bersih_corpus_input_path(c, index);
    char suffix[BERSIH_LINE_SUFFIX_MAX];
    size_t path_len = strlen(path), n = bersih_line_suffix(c->arts[index].line, suffix);
    /* Room for both first, so that a failure appends nothing. */
    FORWARD_IF_ERROR(bersih_buf_reserve(out, path_len + n));
    FORWARD_IF_ERROR(bersih_buf_append(out, path, path_len));
    return bersih_buf_append(out, suffix, n);
}

const char *bersih_corpus_id(const struct bersih_corpus *c, uint64_t index)
{
    const char *s = names_of(c, index, 0);
    return *s ? s : NULL;
}

const char *bersih_corpus_date(const struct bersih_corpus *c, uint64_t index)
{
    const char *s = names_of(c, index, 1);
    return *s ? s : NULL;
}

void bersih_corpus_for_each_pair(const struct bersih_corpus *c, bersih_corpus_pair_fn fn, void *ctx)
{
    for (size_t i = 0; i < c->npairs; i++)
        if (fn(ctx, c->pairs[i].a, c->pairs[i].b, c->pairs[i].similarity))
            return;
}
