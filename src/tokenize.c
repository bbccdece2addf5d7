/*
 * tokenize.c - words of normalized text as folded, hashed matching keys.
 *
 * A text of pure ASCII is tokenized by hand in one pass (ascii_run_words).
 * Any other text is cut into runs between ASCII whitespace: a run of pure
 * ASCII goes the same way, any other run to ICU's UAX #29 word iterator over
 * a UTF-8 UText, so its boundaries are byte offsets and nothing is converted
 * unless a word must be folded (icu_run_words). Both paths join hyphenated
 * words (the ASCII path as it writes a key, the ICU path in emit_word()).
 */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
/* Inline XXH3 into the hot loops; the hash values are the same. */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "bersih/tokenize.h"
#include "internal.h"

struct bersih_tokenizer {
    UBreakIterator *words;
    const UNormalizer2 *nfkc_casefold; /* owned by ICU, never closed */
    struct bersih_token *items;
    uint64_t *hash;
    size_t count;
    size_t cap;
    struct bersih_buf keys;
    UChar *utf16; /* scratch for one non-ASCII word */
    int32_t utf16_cap;
    UChar *folded;
    int32_t folded_cap;
};

bersih_status bersih_tokenizer_new(struct bersih_tokenizer **out, struct bersih_error *err)
{
    *out = NULL;
    struct bersih_tokenizer *tk = bersih_calloc(1, sizeof *tk);
    RETURN_ERROR_IF(!tk, err, BERSIH_ERR_NOMEM, "out of memory creating a tokenizer");
    /* keys are addressed by 32-bit offsets, so they may not outgrow them */
    bersih_buf_init(&tk->keys, UINT32_MAX);
    UErrorCode st = U_ZERO_ERROR;
    tk->nfkc_casefold = unorm2_getNFKCCasefoldInstance(&st);
    if (U_SUCCESS(st))
        tk->words = ubrk_open(UBRK_WORD, "id", NULL, 0, &st);
    if (U_FAILURE(st)) {
        bersih_tokenizer_free(tk);
        bersih_status code = st == U_MEMORY_ALLOCATION_ERROR ? BERSIH_ERR_NOMEM : BERSIH_ERR_ICU;
        return bersih_error_set(err, code, "ICU word break iterator: %s", u_errorName(st));
    }
    *out = tk;
    return BERSIH_OK;
}

void bersih_tokenizer_free(struct bersih_tokenizer *tk)
{
    if (!tk)
        return;
    if (tk->words)
        ubrk_close(tk->words);
    bersih_free(tk->items);
    bersih_free(tk->hash);
    bersih_buf_release(&tk->keys);
    bersih_free(tk->utf16);
    bersih_free(tk->folded);
    bersih_free(tk);
}

/* ---- token storage ------------------------------------------------------ */

static bersih_status grow_tokens(struct bersih_tokenizer *tk)
{
    size_t cap = tk->cap < 256 ? 256 : tk->cap * 2;
    size_t bytes;
    if (!bersih_mul_ok(cap, sizeof *tk->items, &bytes))
        return BERSIH_ERR_NOMEM;
    struct bersih_token *items = bersih_realloc(tk->items, bytes);
    if (!items)
        return BERSIH_ERR_NOMEM;
    tk->items = items;
    uint64_t *hash = bersih_realloc(tk->hash, cap * sizeof *hash);
    if (!hash)
        return BERSIH_ERR_NOMEM; /* items is larger than cap says: harmless */
    tk->hash = hash;
    tk->cap = cap;
    return BERSIH_OK;
}

/* One more token: its source bytes [src_start, src_end) and its key. */
static bersih_status append_token(struct bersih_tokenizer *tk, size_t src_start, size_t src_end,
                                  size_t key_start, size_t key_len)
{
    if (tk->count == tk->cap)
        FORWARD_IF_ERROR(grow_tokens(tk));
    struct bersih_token *t = &tk->items[tk->count++];
    t->src_start = (uint32_t)src_start;
    t->src_len = (uint32_t)(src_end - src_start);
    t->key_start = (uint32_t)key_start;
    t->key_len = (uint32_t)key_len;
    return BERSIH_OK;
}

static int is_hyphen_between(const char *text, size_t from, size_t to)
{
    size_t n = to - from;
    if (n == 1)
        return text[from] == '-';
    /* U+2010 HYPHEN and U+2011 NON-BREAKING HYPHEN */
    return n == 3 && memcmp(text + from, "\xE2\x80", 2) == 0 &&
           (text[from + 2] == '\x90' || text[from + 2] == '\x91');
}

/* The key of the new word is already at keys[key_start..keys.len). When the
 * previous token of the same run ends one hyphen before this word, the two
 * become one token; its key is contiguous because the previous key is the
 * last one written, so only a '-' has to be inserted between them. */
static bersih_status emit_word(struct bersih_tokenizer *tk, const char *text, size_t run_start,
                               size_t src_start, size_t src_end, size_t key_start)
{
    if (tk->count > 0) {
        struct bersih_token *prev = &tk->items[tk->count - 1];
        size_t prev_end = (size_t)prev->src_start + prev->src_len;
        if (prev->src_start >= run_start && prev_end < src_start &&
            is_hyphen_between(text, prev_end, src_start)) {
            size_t key_len = tk->keys.len - key_start;
            FORWARD_IF_ERROR(bersih_buf_putc(&tk->keys, '-'));
            memmove(tk->keys.data + key_start + 1, tk->keys.data + key_start, key_len);
            tk->keys.data[key_start] = '-';
            prev->src_len = (uint32_t)(src_end - prev->src_start);
            prev->key_len = (uint32_t)(tk->keys.len - prev->key_start);
            return BERSIH_OK;
        }
    }
    return append_token(tk, src_start, src_end, key_start, tk->keys.len - key_start);
}

/* ---- the ASCII path ----------------------------------------------------- */

/* Byte classes of the ASCII path, one table lookup per byte. */
enum {
    AC_WORD = 1,  /* letter or digit */
    AC_DIGIT = 2,
    AC_ALPHA = 4,
    AC_SPACE = 8, /* ends a whitespace-separated run */
    AC_ICU = 16   /* the run goes to ICU: a byte of a multi-byte character, or '_' */
};

static const unsigned char ascii_class[256] = {
    ['\t'] = AC_SPACE, ['\n'] = AC_SPACE, ['\v'] = AC_SPACE, ['\f'] = AC_SPACE,
    ['\r'] = AC_SPACE, [' '] = AC_SPACE,
    /* ICU's word status for ExtendNumLet has quirks ("_" is no word, "__"
     * is one) that are not worth copying for a character news text hardly
     * has: a run holding '_' goes to ICU. */
    ['_'] = AC_ICU,
    ['0' ... '9'] = AC_WORD | AC_DIGIT,
    ['A' ... 'Z'] = AC_WORD | AC_ALPHA,
    ['a' ... 'z'] = AC_WORD | AC_ALPHA,
    [0x80 ... 0xFF] = AC_ICU,
};

/* ---- words of an ASCII range, 64 bytes at a time ------------------------
 * A word is a maximal run of letters and digits, joined across
 *   - UAX #29 WB6/7 and WB11/12 restricted to ASCII: a '.' or '\'' between
 *     two letters ("HarianForum.com", "Jum'at"), and a '.', '\'', ',' or ';'
 *     between two digits ("5.000", "1,5"); ICU leaves ':' out of MidLetter,
 *     and so does this;
 *   - one '-' between two letters or digits ("anak-anak", header comment).
 * Each joiner depends only on its two neighbours, so with one bit per byte
 * for each class the bytes in words are (word | joiners) and the tokens are
 * its runs of ones: a few instructions per 64 bytes and per token instead
 * of a table look-up and a branch per byte. */
struct block_masks {
    uint64_t alpha, digit;
    uint64_t mid_alpha; /* '.' '\'' */
    uint64_t mid_digit; /* '.' '\'' ',' ';' */
    uint64_t hyphen;    /* '-' */
};

static void masks_bytewise(const unsigned char *s, size_t n, struct block_masks *m)
{
    memset(m, 0, sizeof *m);
    for (size_t k = 0; k < n; k++) {
        unsigned char c = s[k];
        uint64_t bit = UINT64_C(1) << k;
        if (ascii_class[c] & AC_ALPHA)
            m->alpha |= bit;
        else if (ascii_class[c] & AC_DIGIT)
            m->digit |= bit;
        else if (c == '.' || c == '\'')
            m->mid_alpha |= bit, m->mid_digit |= bit;
        else if (c == ',' || c == ';')
            m->mid_digit |= bit;
        else if (c == '-')
            m->hyphen |= bit;
    }
}

/* The masks of s[0..n), n <= 64; bytes past n have no bit. */
static void block_masks(const unsigned char *s, size_t n, struct block_masks *m)
{
#ifdef __SSE2__
    if (n == 64) {
        /* every byte is ASCII here, so SSE2's signed compares are exact */
        memset(m, 0, sizeof *m);
        for (int q = 0; q < 4; q++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * q));
            __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
            __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                          _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
            __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                                          _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
            __m128i mid_alpha = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')),
                                             _mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
            __m128i mid_digit = _mm_or_si128(mid_alpha,
                                             _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')),
                                                          _mm_cmpeq_epi8(x, _mm_set1_epi8(';'))));
            __m128i hyphen = _mm_cmpeq_epi8(x, _mm_set1_epi8('-'));
            int shift = 16 * q;
            m->alpha |= (uint64_t)(unsigned)_mm_movemask_epi8(alpha) << shift;
            m->digit |= (uint64_t)(unsigned)_mm_movemask_epi8(digit) << shift;
            m->mid_alpha |= (uint64_t)(unsigned)_mm_movemask_epi8(mid_alpha) << shift;
            m->mid_digit |= (uint64_t)(unsigned)_mm_movemask_epi8(mid_digit) << shift;
            m->hyphen |= (uint64_t)(unsigned)_mm_movemask_epi8(hyphen) << shift;
        }
        return;
    }
#endif
    masks_bytewise(s, n, m);
}

/* Bits of the bytes inside words, for a block whose neighbours' edge bits
 * are known: prev_* is bit 63 of the block before, next_* bit 0 of the one
 * after (0 outside the range, so nothing joins across its ends). */
static uint64_t in_word_mask(const struct block_masks *m, const struct block_masks *next,
                             uint64_t prev_alpha, uint64_t prev_digit)
{
    uint64_t word = m->alpha | m->digit;
    uint64_t alpha_before = (m->alpha << 1) | prev_alpha;
    uint64_t digit_before = (m->digit << 1) | prev_digit;
    uint64_t alpha_after = (m->alpha >> 1) | ((next->alpha & 1) << 63);
    uint64_t digit_after = (m->digit >> 1) | ((next->digit & 1) << 63);
    uint64_t word_before = alpha_before | digit_before;
    uint64_t word_after = alpha_after | digit_after;
    return word | (m->mid_alpha & alpha_before & alpha_after) |
           (m->mid_digit & digit_before & digit_after) | (m->hyphen & word_before & word_after);
}

/* An ASCII word's key is its own bytes folded (letters lowered, digits
 * '0'; the '.', ',', ';', '\'' and '-' inside a word stay), so the keys of
 * a range are one folded copy of the whole range, and a token's key starts
 * where its word does: the scan that finds the words writes nothing. */
static void fold_ascii(char *dst, const unsigned char *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = src[i];
        unsigned char lower = (unsigned char)(c - 'A') < 26 ? (unsigned char)(c | 0x20) : c;
        dst[i] = (char)((unsigned char)(c - '0') < 10 ? '0' : lower);
    }
}

static bersih_status push_ascii_token(struct bersih_tokenizer *tk, size_t from, size_t to,
                                      size_t key_start)
{
    return append_token(tk, from, to, key_start, to - from); /* the key is as long as the word */
}

/* The words of s[start..end), which holds no byte >= 0x80 and no '_'. */
static bersih_status ascii_run_words(struct bersih_tokenizer *tk, const char *text,
                                     size_t start, size_t end)
{
    const unsigned char *s = (const unsigned char *)text;
    FORWARD_IF_ERROR(bersih_buf_reserve(&tk->keys, end - start));
    size_t key_base = tk->keys.len - start; /* + a byte's offset = its key's */
    fold_ascii(tk->keys.data + tk->keys.len, s + start, end - start);
    tk->keys.len += end - start;
    tk->keys.data[tk->keys.len] = '\0';
    struct block_masks cur, next;
    size_t n = end - start < 64 ? end - start : 64;
    block_masks(s + start, n, &cur);
    uint64_t prev_alpha = 0, prev_digit = 0, open = 0; /* open: a word runs into this block */
    size_t word_start = start;
    for (size_t base = start; base < end; base += 64) {
        size_t next_base = base + 64;
        size_t next_n = next_base < end ? (end - next_base < 64 ? end - next_base : 64) : 0;
        if (next_n)
            block_masks(s + next_base, next_n, &next);
        else
            memset(&next, 0, sizeof next);
        uint64_t in_word = in_word_mask(&cur, &next, prev_alpha, prev_digit);
        uint64_t before = (in_word << 1) | open;
        uint64_t starts = in_word & ~before, ends = ~in_word & before;
        for (uint64_t events = starts | ends; events; events &= events - 1) {
            unsigned bit = (unsigned)__builtin_ctzll(events);
            if ((starts >> bit) & 1)
                word_start = base + bit;
            else
                FORWARD_IF_ERROR(push_ascii_token(tk, word_start, base + bit, key_base + word_start));
        }
        open = in_word >> 63;
        prev_alpha = cur.alpha >> 63;
        prev_digit = cur.digit >> 63;
        cur = next;
    }
    if (open)
        FORWARD_IF_ERROR(push_ascii_token(tk, word_start, end, key_base + word_start));
    return BERSIH_OK;
}

/* ---- the ICU path ------------------------------------------------------- */

static bersih_status icu_status(UErrorCode st, struct bersih_error *err, const char *what)
{
    if (st == U_MEMORY_ALLOCATION_ERROR)
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory in ICU %s", what);
    return bersih_error_set(err, BERSIH_ERR_ICU, "ICU %s: %s", what, u_errorName(st));
}

static bersih_status ensure_uchars(UChar **buf, int32_t *cap, int32_t need)
{
    if (need <= *cap)
        return BERSIH_OK;
    int32_t new_cap = need < 64 ? 64 : need;
    UChar *grown = bersih_realloc(*buf, (size_t)new_cap * sizeof(UChar));
    if (!grown)
        return BERSIH_ERR_NOMEM;
    *buf = grown;
    *cap = new_cap;
    return BERSIH_OK;
}

/* word (UTF-8) -> UTF-16 -> NFKC_Casefold; result in tk->folded[0..*len). */
static bersih_status fold_word(struct bersih_tokenizer *tk, const char *word, size_t n,
                               int32_t *len, struct bersih_error *err)
{
    /* a UTF-8 word of n bytes has at most n UTF-16 units */
    FORWARD_IF_ERROR(ensure_uchars(&tk->utf16, &tk->utf16_cap, (int32_t)n));
    UErrorCode st = U_ZERO_ERROR;
    int32_t units = 0;
    u_strFromUTF8(tk->utf16, tk->utf16_cap, &units, word, (int32_t)n, &st);
    if (U_FAILURE(st))
        return icu_status(st, err, "UTF-8 conversion");
    for (int attempt = 0; attempt < 2; attempt++) {
        st = U_ZERO_ERROR;
        *len = unorm2_normalize(tk->nfkc_casefold, tk->utf16, units, tk->folded,
                                tk->folded_cap, &st);
        if (st != U_BUFFER_OVERFLOW_ERROR)
            break;
        FORWARD_IF_ERROR(ensure_uchars(&tk->folded, &tk->folded_cap, *len));
    }
    if (U_FAILURE(st))
        return icu_status(st, err, "NFKC case folding");
    return BERSIH_OK;
}

/* Next code point of u[*i..n), advancing *i (ICU's U16_NEXT, without the
 * sign conversions it makes under -Wconversion). */
static uint32_t next_utf16(const UChar *u, int32_t *i, int32_t n)
{
    uint32_t c = u[(*i)++];
    if (c >= 0xD800 && c <= 0xDBFF && *i < n && u[*i] >= 0xDC00 && u[*i] <= 0xDFFF)
        c = 0x10000 + ((c - 0xD800) << 10) + ((uint32_t)u[(*i)++] - 0xDC00);
    return c;
}

static size_t encode_utf8(uint32_t c, unsigned char *out)
{
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | (c >> 6));
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (c >> 12));
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (c >> 18));
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* Append folded UTF-16 as UTF-8, with every decimal digit as '0'. */
static bersih_status append_folded_key(struct bersih_buf *keys, const UChar *u, int32_t n)
{
    for (int32_t i = 0; i < n;) {
        uint32_t c = next_utf16(u, &i, n);
        if (u_charType((UChar32)c) == U_DECIMAL_DIGIT_NUMBER)
            c = '0';
        unsigned char bytes[4];
        FORWARD_IF_ERROR(bersih_buf_append(keys, bytes, encode_utf8(c, bytes)));
    }
    return BERSIH_OK;
}

static bersih_status icu_word(struct bersih_tokenizer *tk, const char *text, size_t run_start,
                              size_t from, size_t to, struct bersih_error *err)
{
    int32_t folded_len = 0;
    FORWARD_IF_ERROR(fold_word(tk, text + from, to - from, &folded_len, err));
    if (folded_len == 0)
        return BERSIH_OK; /* only default-ignorable code points */
    size_t key_start = tk->keys.len;
    bersih_status st = append_folded_key(&tk->keys, tk->folded, folded_len);
    if (st == BERSIH_OK)
        st = emit_word(tk, text, run_start, from, to, key_start);
    return st;
}

static bersih_status icu_run_words(struct bersih_tokenizer *tk, const char *text, size_t start,
                                   size_t end, struct bersih_error *err)
{
    UText ut = UTEXT_INITIALIZER;
    UErrorCode st = U_ZERO_ERROR;
    utext_openUTF8(&ut, text + start, (int64_t)(end - start), &st);
    if (U_SUCCESS(st))
        ubrk_setUText(tk->words, &ut, &st);
    if (U_FAILURE(st)) {
        utext_close(&ut);
        return icu_status(st, err, "word break");
    }
    bersih_status status = BERSIH_OK;
    int32_t from = ubrk_first(tk->words);
    for (int32_t to = ubrk_next(tk->words); to != UBRK_DONE && status == BERSIH_OK;
         from = to, to = ubrk_next(tk->words)) {
        /* rule status below UBRK_WORD_NONE_LIMIT: spaces and punctuation */
        if (ubrk_getRuleStatus(tk->words) >= UBRK_WORD_NONE_LIMIT)
            status = icu_word(tk, text, start, start + (size_t)from, start + (size_t)to, err);
    }
    utext_close(&ut);
    return status;
}

/* ---- the driver --------------------------------------------------------- */

static bersih_status nomem_or(bersih_status st, struct bersih_error *err)
{
    if (st == BERSIH_ERR_NOMEM)
        return bersih_error_set(err, st, "out of memory tokenizing");
    if (st == BERSIH_ERR_TOO_LARGE)
        return bersih_error_set(err, st, "folded keys over the tokenizer's 4 GiB limit");
    return st; /* ICU errors already filled err */
}

/* Text with a non-ASCII byte: runs between ASCII whitespace, each pure ASCII
 * run by hand and every other run by ICU. */
static bersih_status tokenize_runs(struct bersih_tokenizer *tk, const char *text, size_t len,
                                   size_t pos, struct bersih_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    while (pos < len) {
        while (pos < len && (ascii_class[s[pos]] & AC_SPACE))
            pos++;
        size_t run_end = pos;
        unsigned high = 0;
        while (run_end < len && !(ascii_class[s[run_end]] & AC_SPACE))
            high |= ascii_class[s[run_end++]];
        bersih_status st = (high & AC_ICU) ? icu_run_words(tk, text, pos, run_end, err)
                                            : ascii_run_words(tk, text, pos, run_end);
        if (st != BERSIH_OK)
            return nomem_or(st, err);
        pos = run_end;
    }
    return BERSIH_OK;
}

/* Most articles are pure ASCII once normalized: they need no UTF-8
 * validation, and no cutting into whitespace runs (an ASCII word never
 * crosses whitespace), so one pass over the text makes every token. */
static bersih_status tokenize_text(struct bersih_tokenizer *tk, const char *text, size_t len,
                                   size_t body_start, struct bersih_error *err)
{
    int ascii = bersih_ascii_run(text, len) == len;
    if (ascii && !memchr(text + body_start, '_', len - body_start))
        return nomem_or(ascii_run_words(tk, text, body_start, len), err);
    size_t bad = ascii ? len : bersih_utf8_invalid_at(text, len);
    if (bad != len) {
        bersih_error_set(err, BERSIH_ERR_UTF8, "invalid UTF-8 at byte %zu", bad);
        if (err)
            err->offset = bad;
        return BERSIH_ERR_UTF8;
    }
    while (body_start < len && ((unsigned char)text[body_start] & 0xC0) == 0x80)
        body_start++;
    return tokenize_runs(tk, text, len, body_start, err);
}

static void fill_view(const struct bersih_tokenizer *tk, struct bersih_tokens *out)
{
    out->items = tk->items;
    out->hash = tk->hash;
    out->count = tk->count;
    out->keys = bersih_buf_str(&tk->keys);
    out->keys_len = tk->keys.len;
}

bersih_status bersih_tokenize(struct bersih_tokenizer *tk, const char *text, size_t len,
                              size_t body_start, struct bersih_tokens *out,
                              struct bersih_error *err)
{
    tk->count = 0;
    bersih_buf_reset(&tk->keys);
    fill_view(tk, out);
    RETURN_ERROR_IF(len > UINT32_MAX, err, BERSIH_ERR_TOO_LARGE,
                    "article of %zu bytes is over the tokenizer's 4 GiB limit", len);
    RETURN_ERROR_IF(body_start > len, err, BERSIH_ERR_ARG,
                    "body_start %zu is past the end of the text (%zu bytes)", body_start, len);
    bersih_status st = tokenize_text(tk, text, len, body_start, err);
    if (st != BERSIH_OK) {
        tk->count = 0;
        bersih_buf_reset(&tk->keys);
        fill_view(tk, out);
        return st;
    }
    for (size_t i = 0; i < tk->count; i++)
        tk->hash[i] = XXH3_64bits(tk->keys.data + tk->items[i].key_start, tk->items[i].key_len);
    fill_view(tk, out);
    return BERSIH_OK;
}
