/*
 * intradoc.c - repeated passages inside one article, and Gopher's figures.
 *
 * One run: tokenize (from body_start) -> cut units (lines, or sentences) ->
 * for each unit in order, exact key and shingle containment against what came
 * before -> short units next to removals -> findings -> output -> figures.
 * Every table is sized once per run from the token count before any loop, so
 * an allocation failure happens only at those points and leaves the handle
 * reusable.
 */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/ubrk.h>
#include <unicode/utext.h>
/* Inline XXH3 into the hot loops; the hash values are the same. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "bersih/intradoc.h"
#include "bersih/shingle.h"
#include "bersih/tokenize.h"
#include "internal.h"
#include "intradoc_internal.h"

/* ---- a uint64 -> uint32 open-addressing table --------------------------
 * A slot is in use when its stamp equals the table's generation, so that
 * emptying the table is one increment, not a memset: the repetition
 * figures empty one table eleven times per article. A slot keeps its key,
 * value and stamps together, so a probe reads one cache line, not four. */
struct u64slot {
    uint64_t key;
    uint32_t val;
    uint32_t stamp; /* in use when stamp == the table's gen */
    uint32_t mark;  /* while in use: the last unit (index + 1) that looked it up */
};

struct u64map {
    struct u64slot *slots;
    uint32_t gen;
    size_t cap;   /* slots in use for this article: a power of two, or 0 */
    size_t alloc; /* slots allocated: the most any article needed */
};

static void map_release(struct u64map *m)
{
    bersih_free(m->slots);
    memset(m, 0, sizeof *m);
}

/* Empty the table, keeping its size (callers sized it with map_reset). */
static void map_clear(struct u64map *m)
{
    if (++m->gen == 0) { /* after 2^32 clears: start the stamps afresh */
        for (size_t i = 0; i < m->alloc; i++)
            m->slots[i].stamp = 0;
        m->gen = 1;
    }
}

/* Make room for n keys at load <= 1/2 and empty the table. Only the slots
 * this article needs are probed: the table of the longest article so far
 * stays allocated, but a short article uses a small part of it. */
static bersih_status map_reset(struct u64map *m, size_t n)
{
    size_t want = 16;
    while (want < 2 * n) {
        RETURN_ERROR_IF(want > SIZE_MAX / 4 / sizeof(struct u64slot), NULL, BERSIH_ERR_NOMEM,
                        NULL);
        want *= 2;
    }
    if (want > m->alloc) {
        struct u64slot *slots = bersih_calloc(want, sizeof *slots);
        if (!slots)
            return BERSIH_ERR_NOMEM;
        map_release(m);
        m->slots = slots;
        m->alloc = want;
    }
    m->cap = want;
    map_clear(m);
    return BERSIH_OK;
}

static struct u64slot *map_slot(const struct u64map *m, uint64_t key)
{
    size_t mask = m->cap - 1;
    size_t i = (size_t)(key ^ (key >> 29)) & mask;
    while (m->slots[i].stamp == m->gen && m->slots[i].key != key)
        i = (i + 1) & mask;
    return &m->slots[i];
}

static int slot_used(const struct u64map *m, const struct u64slot *slot)
{
    return slot->stamp == m->gen;
}

/* The value stored for key, or NULL. */
static uint32_t *map_find(struct u64map *m, uint64_t key)
{
    struct u64slot *slot = map_slot(m, key);
    return slot_used(m, slot) ? &slot->val : NULL;
}

/* Insert key -> val unless present; returns the stored value slot. The
 * caller sized the table with map_reset(). */
static uint32_t *map_add(struct u64map *m, uint64_t key, uint32_t val)
{
    struct u64slot *slot = map_slot(m, key);
    if (!slot_used(m, slot)) {
        slot->stamp = m->gen;
        slot->key = key;
        slot->val = val;
        slot->mark = 0;
    }
    return &slot->val;
}

#define RESERVE(arr, cap, need) bersih_grow_array((void **)&(arr), &(cap), (need), sizeof *(arr))

/* ---- the handle ------------------------------------------------------------ */

struct unit {
    size_t start, end;        /* bytes; a paragraph's end includes its '\n' */
    size_t line;              /* line index (sentence mode: several units share one) */
    size_t tok_begin, tok_end; /* tokens [tok_begin, tok_end) */
    enum bersih_repeat_kind kind;
    int removed;
    size_t repeats;
    double similarity;
};

struct bersih_intradoc {
    struct bersih_intradoc_options opts;
    struct bersih_tokenizer *tokenizer;
    UBreakIterator *sentences;
    struct unit *units;
    size_t units_cap;
    size_t nunits;
    uint64_t *scratch; /* one unit's shingles; later one text's word hashes */
    size_t scratch_cap;
    uint64_t *grams; /* n-gram hashes (figures) */
    size_t grams_cap;
    uint32_t *lens; /* prefix sums of word lengths in characters (figures) */
    size_t lens_cap;
    uint32_t *votes; /* per earlier unit: shingles of the current unit it holds */
    size_t votes_cap;
    uint32_t *firsts; /* per distinct shingle of the current unit found earlier: its unit */
    size_t firsts_cap;
    unsigned char *digits; /* per token: its key holds a (folded) digit */
    size_t digits_cap;
    struct u64map seen;  /* shingle -> first unit that had it */
    struct u64map exact; /* unit key -> first unit with that key */
    struct u64map counts; /* figures: element -> count */
    struct u64map numbers; /* raw text of every earlier token holding a digit */
};

void bersih_intradoc_options_default(struct bersih_intradoc_options *opts)
{
    opts->threshold = BERSIH_INTRADOC_THRESHOLD_DEFAULT;
    opts->shingle_n = 3; /* BERSIH_SHINGLE_N_PARAGRAPH; shingle.h says why */
    opts->min_words = BERSIH_INTRADOC_MIN_WORDS_DEFAULT;
    opts->block_share = BERSIH_INTRADOC_BLOCK_WORD_SHARE;
    opts->keep_repeats = 0;
    opts->repetition = 1;
}

const char *bersih_repeat_kind_name(enum bersih_repeat_kind kind)
{
    switch (kind) {
    case BERSIH_REPEAT_EXACT: return "exact";
    case BERSIH_REPEAT_NEAR: return "near";
    case BERSIH_REPEAT_BLOCK: return "block";
    }
    return "unknown";
}

bersih_status bersih_intradoc_new(const struct bersih_intradoc_options *opts,
                                  struct bersih_intradoc **out, struct bersih_error *err)
{
    *out = NULL;
    struct bersih_intradoc_options o;
    if (opts)
        o = *opts;
    else
        bersih_intradoc_options_default(&o);
    RETURN_ERROR_IF(!(o.threshold > 0.0 && o.threshold <= 1.0), err, BERSIH_ERR_ARG,
                    "repeat threshold %g is not in (0, 1]", o.threshold);
    RETURN_ERROR_IF(!(o.block_share > 0.0 && o.block_share <= 1.0), err, BERSIH_ERR_ARG,
                    "block word share %g is not in (0, 1]", o.block_share);
    RETURN_ERROR_IF(o.shingle_n < 1 || o.shingle_n > BERSIH_SHINGLE_N_MAX, err, BERSIH_ERR_ARG,
                    "shingle size %zu is not in 1..%d", o.shingle_n, BERSIH_SHINGLE_N_MAX);
    struct bersih_intradoc *h = bersih_calloc(1, sizeof *h);
    RETURN_ERROR_IF(!h, err, BERSIH_ERR_NOMEM, "out of memory creating intradoc");
    h->opts = o;
    bersih_status st = bersih_tokenizer_new(&h->tokenizer, err);
    if (st == BERSIH_OK) {
        UErrorCode icu = U_ZERO_ERROR;
        h->sentences = ubrk_open(UBRK_SENTENCE, "id", NULL, 0, &icu);
        if (U_FAILURE(icu))
            st = bersih_error_set(err,
                                  icu == U_MEMORY_ALLOCATION_ERROR ? BERSIH_ERR_NOMEM
                                                                   : BERSIH_ERR_ICU,
                                  "ICU sentence break iterator: %s", u_errorName(icu));
    }
    if (st != BERSIH_OK) {
        bersih_intradoc_free(h);
        return st;
    }
    *out = h;
    return BERSIH_OK;
}

void bersih_intradoc_free(struct bersih_intradoc *h)
{
    if (!h)
        return;
    bersih_tokenizer_free(h->tokenizer);
    if (h->sentences)
        ubrk_close(h->sentences);
    bersih_free(h->units);
    bersih_free(h->scratch);
    bersih_free(h->grams);
    bersih_free(h->lens);
    bersih_free(h->votes);
    bersih_free(h->firsts);
    bersih_free(h->digits);
    map_release(&h->seen);
    map_release(&h->exact);
    map_release(&h->counts);
    map_release(&h->numbers);
    bersih_free(h);
}

void bersih_intradoc_result_init(struct bersih_intradoc_result *res)
{
    memset(res, 0, sizeof *res);
}

void bersih_intradoc_result_release(struct bersih_intradoc_result *res)
{
    bersih_free(res->removals);
    bersih_intradoc_result_init(res);
}

static void result_reset(struct bersih_intradoc_result *res)
{
    struct bersih_intradoc_removal *keep = res->removals;
    size_t cap = res->cap;
    bersih_intradoc_result_init(res);
    res->removals = keep;
    res->cap = cap;
}

/* ---- cutting units ----------------------------------------------------------- */

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static size_t line_end(const char *text, size_t len, size_t pos)
{
    const char *nl = memchr(text + pos, '\n', len - pos);
    return nl ? (size_t)(nl - text) : len;
}

static size_t count_nonblank_lines(const char *text, size_t len)
{
    size_t lines = 0;
    for (size_t pos = 0; pos < len;) {
        size_t end = line_end(text, len, pos);
        lines += !blank(text + pos, end - pos);
        pos = end + 1;
    }
    return lines;
}

static bersih_status add_unit(struct bersih_intradoc *h, size_t start, size_t end, size_t line)
{
    FORWARD_IF_ERROR(RESERVE(h->units, h->units_cap, h->nunits + 1));
    struct unit *u = &h->units[h->nunits++];
    memset(u, 0, sizeof *u);
    u->start = start;
    u->end = end;
    u->line = line;
    return BERSIH_OK;
}

/* ---- sentences of an ASCII line, without ICU ---------------------------
 * Most lines are pure ASCII and ICU's iterator cost a quarter of all the
 * cleaning's instructions on them, so they are cut here by UAX #29's
 * sentence rules restricted to ASCII; test_intradoc compares this with ICU
 * on random strings over every class the rules name, and on the corpus. */
enum sentence_class {
    SC_OTHER, SC_LOWER, SC_UPPER, SC_NUMERIC, SC_ATERM, SC_STERM, SC_CLOSE, SC_SP, SC_SEP,
    SC_SCONTINUE
};

/* Classes by table: the cutter looks at every byte of every short article. */
static const unsigned char sentence_classes[128] = {
    ['a' ... 'z'] = SC_LOWER,
    ['A' ... 'Z'] = SC_UPPER,
    ['0' ... '9'] = SC_NUMERIC,
    ['.'] = SC_ATERM,
    ['!'] = SC_STERM, ['?'] = SC_STERM,
    ['"'] = SC_CLOSE, ['\''] = SC_CLOSE, ['('] = SC_CLOSE, [')'] = SC_CLOSE,
    ['['] = SC_CLOSE, [']'] = SC_CLOSE, ['{'] = SC_CLOSE, ['}'] = SC_CLOSE,
    [' '] = SC_SP, ['\t'] = SC_SP, ['\v'] = SC_SP, ['\f'] = SC_SP,
    ['\n'] = SC_SEP, ['\r'] = SC_SEP,
    [','] = SC_SCONTINUE, ['-'] = SC_SCONTINUE, [':'] = SC_SCONTINUE,
};

/* Only ASCII reaches here (bersih_intradoc_ascii_sentences checks first). */
static enum sentence_class sentence_class(unsigned char c)
{
    return (enum sentence_class)sentence_classes[c & 0x7F];
}

/* Bytes where a sentence may end: terminators and line separators. */
static int sentence_stop(unsigned char c)
{
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r';
}


/* The first byte at or after i where a sentence may end, or n. Stops are a
 * few percent of the bytes, so they are looked for 16 bytes at a time
 * (SSE2), else 8 (SWAR); the tail bytewise, so nothing past s + n is read. */
static size_t next_sentence_stop(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')), _mm_cmpeq_epi8(x, _mm_set1_epi8('!'))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('?')),
                                      _mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))),
                         _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if (bersih_swar_has_byte(word, '.') | bersih_swar_has_byte(word, '!') |
            bersih_swar_has_byte(word, '?') | bersih_swar_has_byte(word, '\n') |
            bersih_swar_has_byte(word, '\r'))
            break;
    }
    while (i < n && !sentence_stop((unsigned char)s[i]))
        i++;
    return i;
}

/* After the terminator at t: where the sentence ends (SB9-SB11), or 0 when
 * there is no break after it (SB6, SB7, SB8, SB8a). *resume is where the
 * scan goes on. */
static size_t sentence_end_after(const char *s, size_t n, size_t t, size_t *resume)
{
    int aterm = s[t] == '.';
    size_t j = t + 1;
    enum sentence_class next = j < n ? sentence_class((unsigned char)s[j]) : SC_SEP;
    enum sentence_class prev = t > 0 ? sentence_class((unsigned char)s[t - 1]) : SC_OTHER;
    *resume = j;
    if (aterm && j < n && next == SC_NUMERIC)
        return 0; /* SB6: 3.14 */
    if (aterm && j < n && next == SC_UPPER && (prev == SC_UPPER || prev == SC_LOWER))
        return 0; /* SB7: U.S */
    size_t k = j;
    while (k < n && sentence_class((unsigned char)s[k]) == SC_CLOSE)
        k++;
    size_t m = k;
    while (m < n && sentence_class((unsigned char)s[m]) == SC_SP)
        m++;
    if (aterm) { /* SB8: a lower-case word after other characters goes on */
        size_t p = m;
        enum sentence_class c = SC_OTHER;
        while (p < n) {
            c = sentence_class((unsigned char)s[p]);
            if (c == SC_LOWER || c == SC_UPPER || c == SC_SEP || c == SC_ATERM || c == SC_STERM)
                break;
            p++;
        }
        if (p < n && c == SC_LOWER) {
            *resume = p;
            return 0;
        }
    }
    if (m < n) {
        enum sentence_class c = sentence_class((unsigned char)s[m]);
        if (c == SC_SCONTINUE || c == SC_ATERM || c == SC_STERM) {
            *resume = m; /* SB8a */
            return 0;
        }
        if (c == SC_SEP)
            m += (s[m] == '\r' && m + 1 < n && s[m + 1] == '\n') ? 2 : 1;
    }
    *resume = m;
    return m; /* SB11 */
}

size_t bersih_intradoc_ascii_sentences(const char *s, size_t n, size_t *ends, size_t cap)
{
    if (bersih_ascii_run(s, n) != n)
        return 0;
    size_t count = 0, i = 0;
    while (i < n) {
        i = next_sentence_stop(s, i, n);
        if (i == n)
            break;
        enum sentence_class c = sentence_class((unsigned char)s[i]);
        size_t end = 0, resume = i + 1;
        if (c == SC_SEP) /* SB3, SB4 */
            end = resume = i + ((s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1);
        else if (c == SC_ATERM || c == SC_STERM)
            end = sentence_end_after(s, n, i, &resume);
        if (end && end < n) {
            if (count < cap)
                ends[count] = end;
            count++;
        }
        i = resume;
    }
    if (n) {
        if (count < cap)
            ends[count] = n;
        count++;
    }
    return count;
}

/* One line's sentences through fn: by the ASCII rules when the line is
 * ASCII, else by ICU. */
static bersih_status cut_sentences(UBreakIterator *it, const char *text, size_t start, size_t end,
                                   size_t line, bersih_intradoc_unit_fn fn, void *ctx,
                                   struct bersih_error *err)
{
    size_t ends[256];
    size_t count = bersih_intradoc_ascii_sentences(text + start, end - start, ends, 256);
    if (count > 0 && count <= 256) {
        size_t from = start;
        for (size_t i = 0; i < count; i++) {
            FORWARD_IF_ERROR(fn(ctx, from, start + ends[i], line, err));
            from = start + ends[i];
        }
        return BERSIH_OK;
    }
    /* non-ASCII, or very many sentences: ICU */
    UText ut = UTEXT_INITIALIZER;
    UErrorCode icu = U_ZERO_ERROR;
    utext_openUTF8(&ut, text + start, (int64_t)(end - start), &icu);
    if (U_SUCCESS(icu))
        ubrk_setUText(it, &ut, &icu);
    if (U_FAILURE(icu)) {
        utext_close(&ut);
        return bersih_error_set(err, BERSIH_ERR_ICU, "ICU sentence break: %s", u_errorName(icu));
    }
    bersih_status st = BERSIH_OK;
    int32_t from = ubrk_first(it);
    for (int32_t to = ubrk_next(it); to != UBRK_DONE && st == BERSIH_OK;
         from = to, to = ubrk_next(it))
        st = fn(ctx, start + (size_t)from, start + (size_t)to, line, err);
    utext_close(&ut);
    return st;
}

bersih_status bersih_intradoc_cut_units(UBreakIterator *sentences, const char *text, size_t len,
                                        int *by_sentence, bersih_intradoc_unit_fn fn, void *ctx,
                                        struct bersih_error *err)
{
    *by_sentence = count_nonblank_lines(text, len) < 3;
    size_t line = 0;
    for (size_t pos = 0; pos < len; line++) {
        size_t end = line_end(text, len, pos);
        size_t next = end < len ? end + 1 : len;
        if (!*by_sentence)
            FORWARD_IF_ERROR(fn(ctx, pos, next, line, err));
        else if (end > pos)
            FORWARD_IF_ERROR(cut_sentences(sentences, text, pos, end, line, fn, ctx, err));
        pos = next;
    }
    return BERSIH_OK;
}

static bersih_status unit_cut(void *ctx, size_t start, size_t end, size_t line,
                              struct bersih_error *err)
{
    BERSIH_UNUSED(err);
    return add_unit(ctx, start, end, line);
}

static bersih_status cut_units(struct bersih_intradoc *h, const char *text, size_t len,
                               int *by_sentence, struct bersih_error *err)
{
    h->nunits = 0;
    return bersih_intradoc_cut_units(h->sentences, text, len, by_sentence, unit_cut, h, err);
}

static void assign_tokens(struct bersih_intradoc *h, const struct bersih_tokens *toks)
{
    size_t t = 0;
    for (size_t i = 0; i < h->nunits; i++) {
        struct unit *u = &h->units[i];
        while (t < toks->count && toks->items[t].src_start < u->start)
            t++;
        u->tok_begin = t;
        while (t < toks->count && toks->items[t].src_start < u->end)
            t++;
        u->tok_end = t;
    }
}

/* ---- finding repeats --------------------------------------------------------- */

static size_t unit_tokens(const struct unit *u)
{
    return u->tok_end - u->tok_begin;
}

/* The exact-repeat key. A unit of min_words tokens or more: its token keys
 * (case, digits and punctuation folded away). A shorter one: its own bytes
 * from first to last word, because folding makes too many short lines equal
 * ("Juli 2010." and "Juli 2016." are both "juli 0000"). */
static uint64_t unit_key(const struct bersih_intradoc *h, const struct unit *u, const char *text,
                         const struct bersih_tokens *toks)
{
    if (unit_tokens(u) >= h->opts.min_words)
        return XXH3_64bits(toks->hash + u->tok_begin, unit_tokens(u) * sizeof(uint64_t));
    const struct bersih_token *first = &toks->items[u->tok_begin];
    const struct bersih_token *last = &toks->items[u->tok_end - 1];
    size_t end = (size_t)last->src_start + last->src_len;
    return XXH3_64bits(text + first->src_start, end - first->src_start);
}

/* N-grams inside one article (the repeats' shingles, the Gopher figures)
 * need only be told apart, never stored nor compared with another article's,
 * so they need not be XXH3 over the window as bersih_shingle_hashes() makes
 * them: the word hashes are XXH3 values already, random-looking, and a
 * polynomial in them (a multiply-add per word) finished by a 64-bit mixer
 * (MurmurHash3's fmix64) tells windows apart as well. */
#define NGRAM_ROLL_BASE UINT64_C(0x9E3779B97F4A7C15)

static uint64_t ngram_mix(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    return x ^ (x >> 33);
}

/* The unit's shingles; a unit shorter than n is one shingle of all its
 * words, as in bersih_shingle_hashes(). */

static size_t unit_shingles(const uint64_t *words, size_t nwords, size_t n, uint64_t *out)
{
    size_t count = bersih_shingle_count(nwords, n);
    size_t width = nwords < n ? nwords : n;
    for (size_t i = 0; i < count; i++) {
        uint64_t x = words[i];
        for (size_t j = 1; j < width; j++)
            x = x * NGRAM_ROLL_BASE + words[i + j];
        out[i] = ngram_mix(x + width);
    }
    return count;
}

/* Containment of the unit's distinct shingles in the shingles of the units
 * before it, and the earlier unit that holds most of them (the one it
 * repeats). One probe of `seen` per shingle does everything: a shingle
 * already marked by this unit is a repeat inside the unit and is not counted
 * again (instead of sorting the unit's shingles to drop repeats: the sort was
 * a tenth of the cleaning time), one from an earlier unit is a hit and a
 * vote for that unit, and a new one is added as this unit's. */
static double unit_containment(struct bersih_intradoc *h, size_t index,
                               const struct bersih_tokens *toks, size_t *repeats)
{
    const struct unit *u = &h->units[index];
    size_t n = unit_shingles(toks->hash + u->tok_begin, unit_tokens(u), h->opts.shingle_n,
                             h->scratch);
    struct u64map *seen = &h->seen;
    uint32_t mark = (uint32_t)index + 1;
    size_t distinct = 0, hits = 0;
    for (size_t i = 0; i < n; i++) {
        struct u64slot *slot = map_slot(seen, h->scratch[i]);
        if (!slot_used(seen, slot)) {
            slot->stamp = seen->gen;
            slot->key = h->scratch[i];
            slot->val = (uint32_t)index;
            slot->mark = mark;
            distinct++;
        } else if (slot->mark != mark) {
            slot->mark = mark;
            distinct++;
            uint32_t first = slot->val;
            h->firsts[hits++] = first;
            h->votes[first]++;
        }
    }
    *repeats = 0;
    if (hits == 0)
        return 0.0;
    /* The unit voted for most (the earliest on a tie), found and reset by
     * walking this unit's hits only: a scan over every earlier unit made an
     * article of 100,000 short lines quadratic. */
    uint32_t best = h->firsts[0];
    for (size_t i = 1; i < hits; i++) {
        uint32_t f = h->firsts[i];
        if (h->votes[f] > h->votes[best] || (h->votes[f] == h->votes[best] && f < best))
            best = f;
    }
    if (h->votes[best] > h->votes[0])
        *repeats = best;
    for (size_t i = 0; i < hits; i++)
        h->votes[h->firsts[i]] = 0;
    return (double)hits / (double)distinct;
}

/* Digits are folded to '0' in the key, so "koordinat 6,1 LS" and "koordinat
 * 6,24 LS" shingle alike; a figure is the fact a sentence carries, so a near
 * repeat must not bring a number the earlier text never had. */
static int has_digit(const struct bersih_intradoc *h, size_t t)
{
    return h->digits[t];
}

/* Mark the tokens whose key holds a '0' (a folded digit). The keys lie in
 * token order, so one memchr walk over them finds the few such tokens
 * instead of a look at every key byte of every token. */
static bersih_status mark_digit_tokens(struct bersih_intradoc *h, const struct bersih_tokens *toks)
{
    FORWARD_IF_ERROR(RESERVE(h->digits, h->digits_cap, toks->count + 1));
    memset(h->digits, 0, toks->count);
    const char *keys = toks->keys;
    size_t t = 0, pos = 0;
    for (;;) {
        const char *zero = memchr(keys + pos, '0', toks->keys_len - pos);
        if (!zero)
            return BERSIH_OK;
        size_t at = (size_t)(zero - keys);
        while (t < toks->count && toks->items[t].key_start + toks->items[t].key_len <= at)
            t++;
        if (t == toks->count)
            return BERSIH_OK;
        if (toks->items[t].key_start > at) { /* a '0' between keys */
            pos = at + 1;
            continue;
        }
        h->digits[t] = 1;
        pos = toks->items[t].key_start + toks->items[t].key_len;
        if (pos >= toks->keys_len)
            return BERSIH_OK;
    }
}

static uint64_t raw_hash(const char *text, const struct bersih_tokens *toks, size_t t)
{
    return XXH3_64bits(text + toks->items[t].src_start, toks->items[t].src_len);
}

static int numbers_seen_before(struct bersih_intradoc *h, const struct unit *u, const char *text,
                               const struct bersih_tokens *toks)
{
    for (size_t t = u->tok_begin; t < u->tok_end; t++)
        if (has_digit(h, t) && !map_find(&h->numbers, raw_hash(text, toks, t)))
            return 0;
    return 1;
}

static int numbers_in_unit(const struct bersih_intradoc *h, const struct unit *u,
                           const struct unit *other, const char *text,
                           const struct bersih_tokens *toks)
{
    for (size_t t = u->tok_begin; t < u->tok_end; t++) {
        if (!has_digit(h, t))
            continue;
        const struct bersih_token *a = &toks->items[t];
        int found = 0;
        for (size_t j = other->tok_begin; j < other->tok_end && !found; j++) {
            const struct bersih_token *b = &toks->items[j];
            found = a->src_len == b->src_len &&
                    memcmp(text + a->src_start, text + b->src_start, a->src_len) == 0;
        }
        if (!found)
            return 0;
    }
    return 1;
}

/* The unit's shingles went into `seen` as unit_containment() probed them. */
static void remember_unit(struct bersih_intradoc *h, size_t index, const char *text,
                          const struct bersih_tokens *toks, uint64_t key)
{
    const struct unit *u = &h->units[index];
    for (size_t t = u->tok_begin; t < u->tok_end; t++)
        if (has_digit(h, t))
            map_add(&h->numbers, raw_hash(text, toks, t), 1);
    map_add(&h->exact, key, (uint32_t)index);
}

static void judge_unit(struct bersih_intradoc *h, size_t index, const char *text,
                       const struct bersih_tokens *toks)
{
    struct unit *u = &h->units[index];
    if (unit_tokens(u) == 0)
        return; /* punctuation-only lines are not passages */
    uint64_t key = unit_key(h, u, text, toks);
    size_t repeats;
    double containment = unit_containment(h, index, toks, &repeats);
    const uint32_t *same = map_find(&h->exact, key);
    if (same) {
        u->removed = 1;
        u->kind = BERSIH_REPEAT_EXACT;
        u->repeats = *same;
        u->similarity = 1.0;
    } else {
        u->kind = BERSIH_REPEAT_NEAR;
        u->repeats = repeats;
        u->similarity = containment;
        u->removed = containment >= h->opts.threshold && unit_tokens(u) >= h->opts.min_words &&
                     numbers_seen_before(h, u, text, toks);
    }
    remember_unit(h, index, text, toks, key);
}

/* Share of the unit's words (token keys) found among the other unit's. */
static double word_share(const struct unit *u, const struct unit *other,
                         const struct bersih_tokens *toks)
{
    size_t found = 0;
    for (size_t i = u->tok_begin; i < u->tok_end; i++)
        for (size_t j = other->tok_begin; j < other->tok_end; j++)
            if (toks->hash[i] == toks->hash[j]) {
                found++;
                break;
            }
    return unit_tokens(u) ? (double)found / (double)unit_tokens(u) : 0.0;
}

/* Unit i sits next to removed unit n, which repeats unit r; the unit aligned
 * with i in the earlier copy is r + (i - n). It continues the block when that
 * unit is earlier, was kept, and holds the share of i's words; a short unit
 * may also go on its shingle containment alone. */
static int continues_removed_neighbour(struct bersih_intradoc *h, size_t i, size_t n,
                                       const char *text, const struct bersih_tokens *toks)
{
    struct unit *u = &h->units[i];
    const struct unit *nb = &h->units[n];
    if (!nb->removed || (i < n && nb->repeats == 0))
        return 0;
    size_t aligned = i > n ? nb->repeats + 1 : nb->repeats - 1;
    if (aligned >= i || h->units[aligned].removed || unit_tokens(&h->units[aligned]) == 0)
        return 0;
    double share = word_share(u, &h->units[aligned], toks);
    int short_near = unit_tokens(u) < h->opts.min_words && u->similarity >= h->opts.threshold;
    if ((share < h->opts.block_share && !short_near) ||
        !numbers_in_unit(h, u, &h->units[aligned], text, toks))
        return 0;
    u->removed = 1;
    u->kind = BERSIH_REPEAT_BLOCK;
    u->repeats = aligned;
    u->similarity = share;
    return 1;
}

/* Repeated blocks carry on through units too edited for the containment
 * test (one changed word costs a 10-word paragraph 3 of its 8 trigrams) and
 * through short lines: forward, then backward. */
static void extend_blocks(struct bersih_intradoc *h, const char *text,
                          const struct bersih_tokens *toks)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < h->nunits; k++) {
            size_t i = pass == 0 ? k : h->nunits - 1 - k;
            if (h->units[i].removed || unit_tokens(&h->units[i]) == 0)
                continue;
            if (i > 0 && continues_removed_neighbour(h, i, i - 1, text, toks))
                continue;
            if (i + 1 < h->nunits)
                continues_removed_neighbour(h, i, i + 1, text, toks);
        }
    }
}

static bersih_status find_repeats(struct bersih_intradoc *h, const char *text,
                                  const struct bersih_tokens *toks)
{
    FORWARD_IF_ERROR(map_reset(&h->seen, toks->count));
    FORWARD_IF_ERROR(map_reset(&h->exact, h->nunits));
    FORWARD_IF_ERROR(map_reset(&h->numbers, toks->count));
    FORWARD_IF_ERROR(RESERVE(h->scratch, h->scratch_cap, toks->count + 1));
    FORWARD_IF_ERROR(RESERVE(h->votes, h->votes_cap, h->nunits + 1));
    FORWARD_IF_ERROR(RESERVE(h->firsts, h->firsts_cap, toks->count + 1));
    FORWARD_IF_ERROR(mark_digit_tokens(h, toks));
    memset(h->votes, 0, (h->nunits + 1) * sizeof *h->votes);
    for (size_t i = 0; i < h->nunits; i++)
        judge_unit(h, i, text, toks);
    extend_blocks(h, text, toks);
    return BERSIH_OK;
}

/* ---- the result ------------------------------------------------------------------ */

static void fill_preview(char *out, const char *text, size_t start, size_t end)
{
    size_t i = start, chars = 0;
    while (i < end && text[i] != '\n' && chars < BERSIH_INTRADOC_PREVIEW_CHARS) {
        i++;
        while (i < end && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    memcpy(out, text + start, i - start);
    out[i - start] = '\0';
}

/* One finding per block: adjacent removals that repeat adjacent units
 * (unit i+1 repeats unit j+1 when unit i repeats unit j). */
static int continues_block(const struct unit *prev, const struct unit *u)
{
    return prev->removed && u->repeats == prev->repeats + 1;
}

static bersih_status list_removals(struct bersih_intradoc *h, const char *text,
                                   struct bersih_intradoc_result *res)
{
    size_t removed = 0;
    for (size_t i = 0; i < h->nunits; i++)
        removed += h->units[i].removed ? 1u : 0u;
    FORWARD_IF_ERROR(RESERVE(res->removals, res->cap, removed));
    for (size_t i = 0; i < h->nunits; i++) {
        const struct unit *u = &h->units[i];
        if (!u->removed)
            continue;
        if (i == 0 || !continues_block(&h->units[i - 1], u))
            res->findings++;
        struct bersih_intradoc_removal *r = &res->removals[res->count++];
        r->unit = i;
        r->repeats = u->repeats;
        r->similarity = u->similarity;
        r->start = u->start;
        r->end = u->end;
        r->finding = res->findings - 1;
        r->kind = u->kind;
        fill_preview(r->preview, text, u->start, u->end);
    }
    return BERSIH_OK;
}

/* ---- the output -------------------------------------------------------------------- */

static void trim_trailing_spaces(struct bersih_buf *out, size_t floor)
{
    while (out->len > floor && (out->data[out->len - 1] == ' ' || out->data[out->len - 1] == '\t'))
        out->len--;
    if (out->cap)
        out->data[out->len] = '\0';
}

/* Sentence mode: write the kept sentences of the line that starts at unit
 * *i; a line left with nothing but spaces disappears with its newline. */
static bersih_status write_line_sentences(const struct bersih_intradoc *h, const char *text,
                                          size_t len, size_t *i, struct bersih_buf *out)
{
    size_t first = *i, line = h->units[first].line, line_start = out->len;
    int any_removed = 0;
    size_t k = first;
    for (; k < h->nunits && h->units[k].line == line; k++) {
        const struct unit *u = &h->units[k];
        any_removed |= u->removed;
        if (!u->removed)
            FORWARD_IF_ERROR(bersih_buf_append(out, text + u->start, u->end - u->start));
    }
    size_t end = h->units[k - 1].end;
    *i = k;
    if (any_removed)
        trim_trailing_spaces(out, line_start);
    if (any_removed && out->len == line_start)
        return BERSIH_OK;
    if (end < len && text[end] == '\n')
        FORWARD_IF_ERROR(bersih_buf_putc(out, '\n'));
    return BERSIH_OK;
}

/* Sentence mode: blank lines have no units; copy them as they are. */
static bersih_status write_by_sentence(const struct bersih_intradoc *h, const char *text,
                                       size_t len, struct bersih_buf *out)
{
    size_t pos = 0, i = 0;
    while (pos < len) {
        size_t end = line_end(text, len, pos);
        size_t next = end < len ? end + 1 : len;
        if (i < h->nunits && h->units[i].start >= pos && h->units[i].start < next)
            FORWARD_IF_ERROR(write_line_sentences(h, text, len, &i, out));
        else
            FORWARD_IF_ERROR(bersih_buf_append(out, text + pos, next - pos));
        pos = next;
    }
    return BERSIH_OK;
}

static bersih_status write_output(const struct bersih_intradoc *h, const char *text, size_t len,
                                  int by_sentence, size_t removed, struct bersih_buf *out)
{
    bersih_buf_reset(out);
    FORWARD_IF_ERROR(bersih_buf_reserve(out, len));
    /* most articles: the units cover the text, so nothing removed is the text */
    if (h->opts.keep_repeats || removed == 0)
        return bersih_buf_append(out, text, len);
    if (by_sentence)
        return write_by_sentence(h, text, len, out);
    for (size_t i = 0; i < h->nunits; i++) {
        const struct unit *u = &h->units[i];
        if (!u->removed)
            FORWARD_IF_ERROR(bersih_buf_append(out, text + u->start, u->end - u->start));
    }
    return BERSIH_OK;
}

/* ---- Gopher repetition figures ---------------------------------------------------- */

static const char *const figure_names[BERSIH_REP_COUNT] = {
    "dup_line_frac",          "dup_line_char_frac",     "dup_para_frac",
    "dup_para_char_frac",     "top_2gram_char_frac",    "top_3gram_char_frac",
    "top_4gram_char_frac",    "dup_5gram_char_frac",    "dup_6gram_char_frac",
    "dup_7gram_char_frac",    "dup_8gram_char_frac",    "dup_9gram_char_frac",
    "dup_10gram_char_frac",
};

/* FineWeb-2 configs/ind_Latn.yml where it sets a value; Gopher's Table A1
 * (datatrove's defaults) for the line/paragraph character fractions and the
 * paragraph fraction, which FineWeb-2 leaves unset for ind_Latn. */
static const double figure_thresholds[BERSIH_REP_COUNT] = {
    0.25, 0.20, 0.30, 0.20, 0.088, 0.104, 0.12, 0.176, 0.158, 0.142, 0.128, 0.119, 0.109,
};

const char *bersih_repetition_name(enum bersih_repetition_figure fig)
{
    return (unsigned)fig < BERSIH_REP_COUNT ? figure_names[fig] : "unknown";
}

double bersih_repetition_threshold(enum bersih_repetition_figure fig)
{
    return (unsigned)fig < BERSIH_REP_COUNT ? figure_thresholds[fig] : 1.0;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars;
}

/* Elements are the pieces of text between separators of at least min_sep
 * '\n' (1: lines, "\n+"; 2: paragraphs, "\n\n+" on the stripped text).
 * Counts repeats after the first and their characters. */
static void duplicate_elements(struct bersih_intradoc *h, const char *text, size_t len,
                               size_t min_sep, size_t *elements, size_t *dups,
                               size_t *dup_chars)
{
    map_clear(&h->counts); /* sized by repetition_figures() */
    *elements = *dups = *dup_chars = 0;
    size_t pos = 0;
    while (pos < len) {
        size_t end = pos;
        for (;;) {
            const char *nl = memchr(text + end, '\n', len - end);
            end = nl ? (size_t)(nl - text) : len;
            size_t run = 0;
            while (end + run < len && text[end + run] == '\n')
                run++;
            if (end == len || run >= min_sep)
                break;
            end += run;
        }
        if (end > pos) {
            (*elements)++;
            uint32_t *count = map_add(&h->counts, XXH3_64bits(text + pos, end - pos), 0);
            if ((*count)++ > 0) {
                (*dups)++;
                *dup_chars += count_chars(text + pos, end - pos);
            }
        }
        while (end < len && text[end] == '\n')
            end++;
        pos = end;
    }
}

static void strip_spaces(const char **text, size_t *len)
{
    while (*len && (**text == ' ' || **text == '\n' || **text == '\t' || **text == '\r')) {
        (*text)++;
        (*len)--;
    }
    while (*len && ((*text)[*len - 1] == ' ' || (*text)[*len - 1] == '\n' ||
                    (*text)[*len - 1] == '\t' || (*text)[*len - 1] == '\r'))
        (*len)--;
}

static void line_and_paragraph_figures(struct bersih_intradoc *h, const char *text, size_t len,
                                       double chars, struct bersih_repetition *fig)
{
    size_t elements, dups, dup_chars;
    duplicate_elements(h, text, len, 1, &elements, &dups, &dup_chars);
    fig->value[BERSIH_REP_DUP_LINE_FRAC] = elements ? (double)dups / (double)elements : 0.0;
    fig->value[BERSIH_REP_DUP_LINE_CHAR_FRAC] = (double)dup_chars / chars;
    const char *stripped = text;
    size_t stripped_len = len;
    strip_spaces(&stripped, &stripped_len);
    duplicate_elements(h, stripped, stripped_len, 2, &elements, &dups, &dup_chars);
    fig->value[BERSIH_REP_DUP_PARA_FRAC] = elements ? (double)dups / (double)elements : 0.0;
    fig->value[BERSIH_REP_DUP_PARA_CHAR_FRAC] = (double)dup_chars / chars;
}

/* Word hashes (of the original spelling) into h->scratch and prefix sums of
 * their lengths in characters into h->lens. */
static void word_hashes(struct bersih_intradoc *h, const char *text,
                        const struct bersih_tokens *toks)
{
    h->lens[0] = 0;
    for (size_t i = 0; i < toks->count; i++) {
        const struct bersih_token *t = &toks->items[i];
        h->scratch[i] = XXH3_64bits(text + t->src_start, t->src_len);
        h->lens[i + 1] = h->lens[i] + (uint32_t)count_chars(text + t->src_start, t->src_len);
    }
}

/* The figures hash n-grams of word hashes by a rolling polynomial (one
 * multiply per word, whatever n; XXH3 over 8n bytes per position cost half
 * of the whole cleaning time at n = 2..10); see NGRAM_ROLL_BASE. */

static size_t figure_ngrams(const uint64_t *words, size_t nwords, size_t n, uint64_t *out)
{
    if (nwords < n)
        return 0;
    uint64_t top = 1; /* NGRAM_ROLL_BASE^(n-1), to take the oldest word out */
    uint64_t rolling = 0;
    for (size_t j = 0; j < n; j++) {
        rolling = rolling * NGRAM_ROLL_BASE + words[j];
        if (j)
            top *= NGRAM_ROLL_BASE;
    }
    size_t count = nwords - n + 1;
    out[0] = ngram_mix(rolling);
    for (size_t i = 1; i < count; i++) {
        rolling = (rolling - words[i - 1] * top) * NGRAM_ROLL_BASE + words[i + n - 1];
        out[i] = ngram_mix(rolling);
    }
    return count;
}

static size_t top_ngram_chars(struct bersih_intradoc *h, size_t nwords, size_t n)
{
    if (nwords < n)
        return 0;
    size_t count = figure_ngrams(h->scratch, nwords, n, h->grams);
    map_clear(&h->counts);
    uint32_t best = 0;
    size_t best_at = 0;
    for (size_t i = 0; i < count; i++) {
        uint32_t *c = map_add(&h->counts, h->grams[i], 0);
        if (++*c > best) {
            best = *c;
            best_at = i;
        }
    }
    /* datatrove's find_top_duplicate: the top n-gram counts only when it
     * repeats; a text of unique n-grams has no top-n-gram repetition. */
    if (best < 2)
        return 0;
    size_t gram_chars = h->lens[best_at + n] - h->lens[best_at] + (n - 1);
    return gram_chars * best;
}

/* datatrove's find_all_duplicate: a repeated n-gram counts its characters
 * (words joined without spaces) and the scan jumps past it. */
static size_t duplicate_ngram_chars(struct bersih_intradoc *h, size_t nwords, size_t n)
{
    if (nwords < n)
        return 0;
    size_t count = figure_ngrams(h->scratch, nwords, n, h->grams);
    map_clear(&h->counts);
    size_t repeated = 0;
    for (size_t i = 0; i < count;) {
        uint32_t *c = map_add(&h->counts, h->grams[i], 0);
        if ((*c)++ > 0) {
            repeated += h->lens[i + n] - h->lens[i];
            i += n;
        } else {
            i++;
        }
    }
    return repeated;
}

/* The figures of text, whose tokens from byte 0 are toks. */
static bersih_status repetition_figures(struct bersih_intradoc *h, const char *text, size_t len,
                                        struct bersih_tokens toks, struct bersih_repetition *fig,
                                        struct bersih_error *err)
{
    memset(fig, 0, sizeof *fig);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    size_t most = toks.count > lines ? toks.count : lines;
    bersih_status st = map_reset(&h->counts, most + 1);
    if (st == BERSIH_OK)
        st = RESERVE(h->scratch, h->scratch_cap, toks.count + 1);
    if (st == BERSIH_OK)
        st = RESERVE(h->grams, h->grams_cap, toks.count + 1);
    if (st == BERSIH_OK)
        st = RESERVE(h->lens, h->lens_cap, toks.count + 1);
    RETURN_ERROR_IF(st != BERSIH_OK, err, st, "out of memory computing repetition figures");
    double chars = (double)count_chars(text, len);
    if (chars == 0)
        return BERSIH_OK;
    line_and_paragraph_figures(h, text, len, chars, fig);
    word_hashes(h, text, &toks);
    /* A repeated n-gram holds a repeated (n-1)-gram, so once no n-gram
     * repeats, every longer one's figure is 0 too (the top n-gram counts
     * only when it repeats, and the duplicate n-gram scan counts the first
     * repeat it meets before it skips anything): most articles stop there. */
    int repeats = 1;
    for (size_t n = 2; n <= 4 && repeats; n++) {
        size_t top = top_ngram_chars(h, toks.count, n);
        fig->value[BERSIH_REP_TOP_2GRAM_CHAR_FRAC + n - 2] = (double)top / chars;
        repeats = top > 0;
    }
    for (size_t n = 5; n <= 10 && repeats; n++) {
        size_t dup = duplicate_ngram_chars(h, toks.count, n);
        fig->value[BERSIH_REP_DUP_5GRAM_CHAR_FRAC + n - 5] = (double)dup / chars;
        repeats = dup > 0;
    }
    /* Gopher applies its quality rules to documents of 50 words or more:
     * below that one repeated phrase is a large fraction and means nothing.
     * The figures are still reported; only the flags wait for 50 words. */
    if (toks.count < BERSIH_REPETITION_MIN_WORDS)
        return BERSIH_OK;
    for (int f = 0; f < BERSIH_REP_COUNT; f++)
        if (fig->value[f] > figure_thresholds[f])
            fig->over |= UINT32_C(1) << f;
    return BERSIH_OK;
}

/* ---- the entry point ---------------------------------------------------------------- */

static bersih_status nomem(bersih_status st, struct bersih_error *err, const char *what)
{
    if (st == BERSIH_ERR_NOMEM || st == BERSIH_ERR_TOO_LARGE)
        return bersih_error_set(err, st, "%s %s", bersih_strerror(st), what);
    return st;
}

/* The tokens from body_start, and in *all those from byte 0 when the
 * figures need them. The figures count every word and the repeats only the
 * body's, but one tokenization serves both: the body's tokens are the tail
 * of the text's, unless a word straddles body_start (a dateline the
 * normalizer did not end with a space), and then the body is tokenized on
 * its own after the figures are done with the text's tokens. */
static bersih_status tokenize_input(struct bersih_intradoc *h, const char *text, size_t len,
                                    size_t body_start, struct bersih_tokens *body,
                                    struct bersih_tokens *all, int *body_later,
                                    struct bersih_error *err)
{
    *body_later = 0;
    if (!h->opts.repetition)
        return bersih_tokenize(h->tokenizer, text, len, body_start, body, err);
    /* checked here too: the text's tokens are taken from byte 0 */
    RETURN_ERROR_IF(body_start > len, err, BERSIH_ERR_ARG,
                    "body_start %zu is past the end of the text (%zu bytes)", body_start, len);
    FORWARD_IF_ERROR(bersih_tokenize(h->tokenizer, text, len, 0, all, err));
    size_t first = 0;
    while (first < all->count && all->items[first].src_start < body_start)
        first++;
    if (first > 0) {
        const struct bersih_token *last = &all->items[first - 1];
        *body_later = (size_t)last->src_start + last->src_len > body_start;
    }
    *body = *all;
    body->items += first;
    body->hash += first;
    body->count -= first;
    return BERSIH_OK;
}

bersih_status bersih_intradoc_run(struct bersih_intradoc *h, const char *text, size_t len,
                                  size_t body_start, struct bersih_buf *out,
                                  struct bersih_intradoc_result *res, struct bersih_error *err)
{
    result_reset(res);
    bersih_buf_reset(out);
    struct bersih_tokens toks, all;
    int body_later;
    FORWARD_IF_ERROR(tokenize_input(h, text, len, body_start, &toks, &all, &body_later, err));
    if (body_later) {
        FORWARD_IF_ERROR(repetition_figures(h, text, len, all, &res->input, err));
        FORWARD_IF_ERROR(bersih_tokenize(h->tokenizer, text, len, body_start, &toks, err));
    }
    FORWARD_IF_ERROR(nomem(cut_units(h, text, len, &res->by_sentence, err), err, "cutting units"));
    res->units = h->nunits;
    assign_tokens(h, &toks);
    FORWARD_IF_ERROR(nomem(find_repeats(h, text, &toks), err, "finding repeats"));
    FORWARD_IF_ERROR(nomem(list_removals(h, text, res), err, "listing removals"));
    FORWARD_IF_ERROR(nomem(write_output(h, text, len, res->by_sentence, res->count, out), err,
                           "writing the output"));
    if (!h->opts.repetition)
        return BERSIH_OK;
    if (!body_later)
        FORWARD_IF_ERROR(repetition_figures(h, text, len, all, &res->input, err));
    /* Most articles have no repeat: then the output is the input and so are
     * its figures, and computing them again would double the cost. */
    if (out->len == len && memcmp(bersih_buf_str(out), text, len) == 0) {
        res->output = res->input;
        return BERSIH_OK;
    }
    /* out is not touched by the figures: tokenizing it reuses the tokenizer only */
    const char *cleaned = out->data ? out->data : "";
    FORWARD_IF_ERROR(bersih_tokenize(h->tokenizer, cleaned, out->len, 0, &all, err));
    return repetition_figures(h, cleaned, out->len, all, &res->output, err);
}
