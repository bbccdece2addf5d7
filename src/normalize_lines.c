/*
 * normalize_lines.c - the paragraph pass. The input has '\n' line breaks
 * only and single-byte spaces (the code point pass mapped the rest). A line
 * is a paragraph; for each: collapse and trim spaces, pair double quotes,
 * fix spaces around punctuation, then (first paragraph) the dateline stub
 * and the dateline, then the boilerplate check; blank lines are squeezed.
 */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "normalize_internal.h"

struct lines_ctx {
    struct bersih_normalizer *norm;
    struct bersih_normalize_result *res;
    struct bersih_buf *out;
    int seen_first;      /* the first paragraph with text has been handled */
    struct bersih_buf *place; /* res->dateline_place */
};

static bersih_status nomem(struct bersih_error *err, bersih_status st)
{
    return bersih_error_set(err, st, st == BERSIH_ERR_TOO_LARGE ? "article too large"
                                                                 : "out of memory");
}

static int is_word_byte(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80;
}

static int no_space_before(unsigned char c)
{
    return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')';
}

/* Would the space before a ';' that clean_line() drops make an entity of
 * what out[0..len) ends in ("a &amp ; b" gave "a &amp; b", and a second
 * cleaning "a & b": the fuzzer's "`&#96<NUL>...<SO> ...;")? The code point
 * pass, which decodes entities, has run: such a space stays. Its parser
 * judges the text from the last '&' on, with the ';' put after it; an
 * entity is at most 12 bytes ("&#x" and 8 digits, and the ';'). */
static int would_make_entity(const char *out, size_t len)
{
    char entity[12];
    size_t from = len > sizeof entity - 1 ? len - (sizeof entity - 1) : 0;
    const char *amp = memrchr(out + from, '&', len - from);
    if (!amp)
        return 0;
    size_t n = len - (size_t)(amp - out);
    memcpy(entity, amp, n);
    entity[n] = ';';
    return norm_entity_length(entity, n + 1) == n + 1;
}

/* Where clean_line() has work: a quote, a '(' (the space after it goes), or
 * a space followed by a space, a quote or punctuation that takes no space
 * before it. Every other byte is copied as it is. b[i + 1] exists for a
 * space: the line is trimmed. */
static int is_stop(const unsigned char *b, size_t i)
{
    unsigned char c = b[i];
    if (c == ' ') {
        unsigned char next = b[i + 1];
        return next == ' ' || next == '"' || no_space_before(next);
    }
    return c == '"' || c == '(';
}

/* One paragraph's spaces, quotes and punctuation, in one pass: runs of
 * spaces become one and none stay at either end; in a paragraph with an
 * even number of '"' they pair (no space inside, one between a closing quote
 * and a word); no space before ",.;:!?)" or after '('. */
static bersih_status clean_line(const struct lines_ctx *x, const char *line, size_t n,
                                struct bersih_buf *dst)
{
    uint64_t *counts = x->res->counts;
    enum bersih_typography typo = x->norm->opts.typography;
    const unsigned char *s = (const unsigned char *)line;
    bersih_buf_reset(dst);
    size_t lo = 0, hi = n;
    while (lo < n && s[lo] == ' ')
        lo++;
    if (lo)
        counts[BERSIH_RULE_SPACES]++;
    if (lo == n)
        return BERSIH_OK;
    while (s[hi - 1] == ' ')
        hi--;
    if (hi < n)
        counts[BERSIH_RULE_SPACES]++;
    const unsigned char *b = s + lo;
    size_t m = hi - lo;
    size_t quotes = 0;
    for (const unsigned char *q = b; (q = memchr(q, '"', m - (size_t)(q - b))) != NULL; q++)
        quotes++;
    /* An odd count means a quote is missing somewhere: no guess. */
    int paired = typo != BERSIH_TYPOGRAPHY_KEEP && quotes && quotes % 2 == 0;
    /* A quote grows by at most 3 bytes (smart form, a space after it);
     * every other byte by none. */
    FORWARD_IF_ERROR(bersih_buf_reserve(dst, m + quotes * 3));
    /* Locals, not dst->len: through the buffer's pointer the compiler must
     * reload the length after every byte stored. */
    char *out = dst->data;
    size_t len = 0, i = 0;
    size_t k = 0;       /* quotes seen so far */
    int after_open = 0; /* the last byte written is an opening quote */
    while (i < m) {
        size_t start = i;
#ifdef __SSE2__
        /* 16 bytes at a time: store them all, keep those before the first
         * stop. The loads reach b[i + 16] < m; the store ends below
         * len + 16 <= i + 3 * quotes + 16 < m + 3 * quotes, inside dst. */
        const __m128i space = _mm_set1_epi8(' ');
        for (; i + 16 < m; i += 16, len += 16) {
            __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
            __m128i nx = _mm_loadu_si128((const __m128i *)(const void *)(b + i + 1));
            _mm_storeu_si128((__m128i *)(void *)(out + len), c);
            __m128i after = _mm_or_si128(
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(nx, space),
                                          _mm_cmpeq_epi8(nx, _mm_set1_epi8('"'))),
                             _mm_or_si128(_mm_cmpeq_epi8(nx, _mm_set1_epi8(',')),
                                          _mm_cmpeq_epi8(nx, _mm_set1_epi8('.')))),
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(nx, _mm_set1_epi8(';')),
                                          _mm_cmpeq_epi8(nx, _mm_set1_epi8(':'))),
                             _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(nx, _mm_set1_epi8('!')),
                                                       _mm_cmpeq_epi8(nx, _mm_set1_epi8('?'))),
                                          _mm_cmpeq_epi8(nx, _mm_set1_epi8(')')))));
            __m128i stop = _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(c, space), after),
                                        _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('"')),
                                                     _mm_cmpeq_epi8(c, _mm_set1_epi8('('))));
            unsigned mask = (unsigned)_mm_movemask_epi8(stop);
            if (mask) {
                size_t z = (size_t)__builtin_ctz(mask);
                i += z;
                len += z;
                break;
            }
        }
        if (i + 16 >= m)
#endif
            while (i < m && !is_stop(b, i))
                out[len++] = (char)b[i++];
        if (i > start)
            after_open = 0;
        if (i == m)
            break;
        unsigned char c = b[i];
        if (c != ' ') {
            i++;
            after_open = 0;
            if (c != '"' || !paired) {
                out[len++] = (char)c;
            } else {
                int opening = k++ % 2 == 0;
                if (typo == BERSIH_TYPOGRAPHY_SMART) {
                    memcpy(out + len, opening ? "\xE2\x80\x9C" : "\xE2\x80\x9D", 3);
                    len += 3;
                } else {
                    out[len++] = '"';
                }
                after_open = opening;
                if (!opening && i < m && is_word_byte(b[i])) {
                    out[len++] = ' ';
                    counts[BERSIH_RULE_QUOTE_SPACING]++;
                }
            }
            /* The space after a '(' or an opening quote depends on what
             * was just written, which is_stop() does not see. */
            if (i == m || b[i] != ' ')
                continue;
        }
        /* A run of spaces; it ends before m (the line is trimmed), and
         * something was written before it (the line starts with text). */
        size_t j = i;
        while (b[j] == ' ')
            j++;
        if (j - i > 1)
            counts[BERSIH_RULE_SPACES]++;
        unsigned char next = b[j], prev = (unsigned char)out[len - 1];
        if ((no_space_before(next) && !(next == ';' && would_make_entity(out, len))) ||
            prev == '(') {
            counts[BERSIH_RULE_PUNCTUATION_SPACING]++;
        } else if (paired && (after_open || (next == '"' && k % 2 == 1))) {
            counts[BERSIH_RULE_QUOTE_SPACING]++;
        } else {
            out[len++] = ' ';
            after_open = 0;
        }
        i = j;
    }
    out[len] = '\0';
    dst->len = len;
    return BERSIH_OK;
}

/* ---- datelines -------------------------------------------------------- */

struct dateline {
    size_t place_len;             /* PLACE is s[0..place_len) */
    size_t outlet_at, outlet_len; /* OUTLET, outlet_len 0 when none */
    size_t dash_at, dash_len;     /* the dash as written */
    size_t body_at;               /* where the body starts */
};

static int is_upper_ascii(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_alnum_ascii(unsigned char c)
{
    return is_upper_ascii(c) || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A dash at s[i]: '-' runs, or U+2013/U+2014 (kept with --typography=keep). */
static size_t dash_at(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && s[j] == '-')
        j++;
    if (j > i)
        return j - i;
    if (i + 3 <= n && (memcmp(s + i, "\xE2\x80\x93", 3) == 0 || memcmp(s + i, "\xE2\x80\x94", 3) == 0))
        return 3;
    return 0;
}

/* Words of capitals ("MEDAN", "KOTA BATU"; Title case "Jakarta" only when an
 * outlet follows). Returns the length, 0 when s does not start with one. */
static size_t scan_place(const char *s, size_t n, int allow_title, size_t *letters)
{
    size_t i = 0, words = 0;
    *letters = 0;
    /* A place is at most four words; "KABUPATEN TAPANULI SELATAN" is three. */
    while (i < n && words < 4) {
        if (!is_upper_ascii((unsigned char)s[i]))
            break;
        size_t w = i;
        while (i < n && (is_upper_ascii((unsigned char)s[i]) ||
                         (allow_title && s[i] >= 'a' && s[i] <= 'z') || s[i] == '.'))
            i++;
        *letters += i - w;
        words++;
        if (i + 1 < n && s[i] == ' ' && is_upper_ascii((unsigned char)s[i + 1]))
            i++;
        else
            break;
    }
    if (i > 0 && s[i - 1] == ' ')
        i--;
    return i;
}

/* Outlet names: 1-4 tokens starting with a capital or digit ("SUDUT
 * PANDANG.ID", "HarianForum.com", "CNN Indonesia"), at most 40 bytes. */
static size_t scan_outlet(const char *s, size_t n)
{
    size_t i = 0, words = 0;
    while (i < n && words < 4 && i < 40) {
        unsigned char c = (unsigned char)s[i];
        if (!(is_upper_ascii(c) || (c >= '0' && c <= '9')))
            break;
        while (i < n && (is_alnum_ascii((unsigned char)s[i]) || s[i] == '.'))
            i++;
        words++;
        if (i + 1 < n && s[i] == ' ' && (is_upper_ascii((unsigned char)s[i + 1]) ||
                                         (s[i + 1] >= '0' && s[i + 1] <= '9')))
            i++;
        else
            break;
    }
    return i <= 40 ? i : 0;
}

static int body_starts(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    unsigned char c = (unsigned char)s[i];
    return is_alnum_ascii(c) || c == '"' || c == '\'' || c == '(' || c >= 0x80;
}

/* After PLACE[, OUTLET]: optional space, dash, optional space, body. */
static int scan_dash_body(const char *s, size_t n, size_t i, struct dateline *d)
{
    if (i < n && s[i] == ' ')
        i++;
    size_t dl = dash_at(s, n, i);
    if (!dl || dl > 3)
        return 0;
    d->dash_at = i;
    d->dash_len = dl;
    i += dl;
    if (i < n && s[i] == ' ')
        i++;
    if (!body_starts(s, n, i))
        return 0;
    d->body_at = i;
    return 1;
}

/* "Shape B" places (no outlet) must have 4+ letters: "KPK-Polri" and
 * "DPR - ..." open ordinary sentences; place names are rarely that short. */
#define DATELINE_MIN_BARE_PLACE 4

static int parse_dateline(const char *s, size_t n, struct dateline *d)
{
    memset(d, 0, sizeof *d);
    size_t letters;
    size_t p = scan_place(s, n, 1, &letters);
    if (p && p < n && s[p] == ',' && p + 1 < n) {
        size_t o = p + 1 + (s[p + 1] == ' ');
        size_t ol = scan_outlet(s + o, n - o);
        if (ol && scan_dash_body(s, n, o + ol, d)) {
            d->place_len = p;
            d->outlet_at = o;
            d->outlet_len = ol;
            return 1;
        }
    }
    p = scan_place(s, n, 0, &letters);
    if (p && letters >= DATELINE_MIN_BARE_PLACE && scan_dash_body(s, n, p, d)) {
        d->place_len = p;
        return 1;
    }
    return 0;
}

/* Write the line with its dateline as "PLACE, OUTLET - Body" into dst. */
static bersih_status write_dateline(const struct lines_ctx *x, const char *s, size_t n,
                                    const struct dateline *d, struct bersih_buf *dst,
                                    size_t *body_at)
{
    bersih_buf_reset(dst);
    if (!x->norm->opts.strip_dateline || x->seen_first) {
        FORWARD_IF_ERROR(bersih_buf_append(dst, s, d->place_len));
        if (d->outlet_len) {
            FORWARD_IF_ERROR(bersih_buf_append(dst, ", ", 2));
            FORWARD_IF_ERROR(bersih_buf_append(dst, s + d->outlet_at, d->outlet_len));
        }
        FORWARD_IF_ERROR(bersih_buf_putc(dst, ' '));
        if (x->norm->opts.typography == BERSIH_TYPOGRAPHY_KEEP)
            FORWARD_IF_ERROR(bersih_buf_append(dst, s + d->dash_at, d->dash_len));
        else
            FORWARD_IF_ERROR(bersih_buf_putc(dst, '-'));
        FORWARD_IF_ERROR(bersih_buf_putc(dst, ' '));
    }
    *body_at = dst->len;
    return bersih_buf_append(dst, s + d->body_at, n - d->body_at);
}

/* A dateline the scraper cut to a lone "-", ", -" or ", , -": removed. */
static size_t stub_len(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ',' || s[i] == ' '))
        i++;
    size_t dl = dash_at(s, n, i);
    if (!dl || (i + dl < n && s[i + dl] != ' '))
        return 0;
    i += dl;
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

/* ---- one paragraph ------------------------------------------------------ */

static int same_place(const struct lines_ctx *x, const char *s, const struct dateline *d)
{
    return x->place->len == d->place_len && memcmp(x->place->data, s, d->place_len) == 0;
}

/* Stub and dateline handling; *line points at the current text of the line. */
static bersih_status datelines(struct lines_ctx *x, struct bersih_buf **line,
                               struct bersih_buf **spare, size_t *body_at)
{
    struct bersih_buf *cur = *line;
    struct dateline d;
    *body_at = 0;
    if (!x->seen_first) {
        /* Every stub, not one: "- - Mantan ..." would lose its second
         * dash only when cleaned again (the fuzzer's idempotence check). */
        size_t stub;
        while ((stub = stub_len(cur->data, cur->len)) != 0) {
            x->res->counts[BERSIH_RULE_DATELINE_STUB]++;
            memmove(cur->data, cur->data + stub, cur->len - stub + 1);
            cur->len -= stub;
        }
        if (!cur->len || !parse_dateline(cur->data, cur->len, &d))
            return BERSIH_OK;
        FORWARD_IF_ERROR(bersih_buf_append(&x->res->dateline_place, cur->data, d.place_len));
        FORWARD_IF_ERROR(bersih_buf_append(&x->res->dateline_outlet, cur->data + d.outlet_at,
                                           d.outlet_len));
    } else if (!x->place->len || !parse_dateline(cur->data, cur->len, &d) ||
               !same_place(x, cur->data, &d)) {
        return BERSIH_OK; /* a later paragraph: only a repeat of the article's dateline */
    }
    FORWARD_IF_ERROR(write_dateline(x, cur->data, cur->len, &d, *spare, body_at));
    if ((*spare)->len != cur->len || memcmp((*spare)->data, cur->data, cur->len) != 0)
        x->res->counts[BERSIH_RULE_DATELINE]++;
    *line = *spare;
    *spare = cur;
    return BERSIH_OK;
}

static bersih_status paragraph(struct lines_ctx *x, const char *s, size_t n, int *pending_blank,
                               struct bersih_error *err)
{
    struct bersih_normalizer *norm = x->norm;
    bersih_status st;
    if ((st = clean_line(x, s, n, &norm->line2)) != BERSIH_OK)
        return nomem(err, st);
    if (!norm->line2.len) {
        if (x->out->len) {
            if (*pending_blank)
                x->res->counts[BERSIH_RULE_BLANK_LINES]++;
            *pending_blank = 1;
        } else {
            x->res->counts[BERSIH_RULE_BLANK_LINES]++;
        }
        return BERSIH_OK;
    }
    struct bersih_buf *line = &norm->line2, *spare = &norm->line;
    size_t body_at = 0;
    if ((st = datelines(x, &line, &spare, &body_at)) != BERSIH_OK)
        return nomem(err, st);
    if (!line->len)
        return BERSIH_OK; /* the stub was the whole first paragraph */
    if (!norm->opts.keep_boilerplate && norm_boilerplate_match(norm, line->data, line->len) >= 0) {
        x->res->counts[BERSIH_RULE_BOILERPLATE]++;
        if ((st = bersih_buf_append(&x->res->boilerplate, line->data, line->len)) != BERSIH_OK ||
            (st = bersih_buf_putc(&x->res->boilerplate, '\n')) != BERSIH_OK)
            return nomem(err, st);
        return BERSIH_OK;
    }
    if (*pending_blank && x->out->len && (st = bersih_buf_putc(x->out, '\n')) != BERSIH_OK)
        return nomem(err, st);
    *pending_blank = 0;
    if (!x->seen_first && body_at)
        x->res->body_start = x->out->len + body_at;
    x->seen_first = 1;
    if ((st = bersih_buf_append(x->out, line->data, line->len)) != BERSIH_OK ||
        (st = bersih_buf_putc(x->out, '\n')) != BERSIH_OK)
        return nomem(err, st);
    return BERSIH_OK;
}

bersih_status norm_lines(struct bersih_normalizer *norm, const char *in, size_t len,
                         struct bersih_buf *out, struct bersih_normalize_result *res,
                         struct bersih_error *err)
{
    struct lines_ctx x = { norm, res, out, 0, &res->dateline_place };
    bersih_status st = bersih_buf_reserve(out, len + 1);
    if (st != BERSIH_OK)
        return nomem(err, st);
    int pending_blank = 0;
    size_t i = 0;
    while (i < len) {
        const char *eol = memchr(in + i, '\n', len - i);
        size_t end = eol ? (size_t)(eol - in) : len;
        FORWARD_IF_ERROR(paragraph(&x, in + i, end - i, &pending_blank, err));
        i = end + 1;
    }
    /* The final newline is the output's format, not a change: not counted. */
    if (pending_blank)
        res->counts[BERSIH_RULE_BLANK_LINES]++;
    return BERSIH_OK;
}
