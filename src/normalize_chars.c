/*
 * normalize_chars.c - the code point pass: HTML entities and line-break
 * markup, line endings, invisible/bidi/control characters, exotic spaces,
 * quotes, dashes, the ellipsis, fullwidth ASCII and Latin ligatures; then
 * NFC (or NFKC) for the few texts that need it.
 *
 * Most bytes of an Indonesian article are ASCII letters that no rule
 * touches, so the loop copies runs of "plain" bytes (plain_byte()) with one
 * memcpy and decodes only what is left.
 */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "normalize_internal.h"

struct chars_ctx {
    const struct bersih_normalizer *norm;
    struct bersih_buf *out;
    struct bersih_normalize_result *res;
    uint32_t prev;     /* last code point written */
    int backtick_open; /* a ``...'' pair is open on this line */
    int *need_nf;
};

/* ASCII bytes no rule of this pass looks at. A function, not a table
 * filled on first use: a lazily built static table was shared, unlocked
 * state between the threads of -j N (ThreadSanitizer found the race). */
static inline int plain_byte(unsigned char c)
{
    return (c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '`' && c != '\'') || c == '\n';
}

/* Where the run of plain bytes from i ends. */
static size_t plain_run_end(const unsigned char *s, size_t i, size_t len)
{
#ifdef __SSE2__
    /* Signed, bytes of 0x80 and up are below 0x20 too: one compare finds
     * the controls and the non-ASCII bytes. */
    const __m128i nl = _mm_set1_epi8('\n');
    for (; i + 16 <= len; i += 16) {
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i special = _mm_or_si128(
            _mm_or_si128(_mm_andnot_si128(_mm_cmpeq_epi8(c, nl),
                                          _mm_cmplt_epi8(c, _mm_set1_epi8(0x20))),
                         _mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8(0x7F)),
                                      _mm_cmpeq_epi8(c, _mm_set1_epi8('&')))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, _mm_set1_epi8('<')),
                                      _mm_cmpeq_epi8(c, _mm_set1_epi8('`'))),
                         _mm_cmpeq_epi8(c, _mm_set1_epi8('\''))));
        unsigned mask = (unsigned)_mm_movemask_epi8(special);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    while (i < len && plain_byte(s[i]))
        i++;
    return i;
}

/* ---- HTML entities ---------------------------------------------------- */

struct entity {
    const char *name;
    uint32_t cp;
};

/* The named entities scraped news carries, plus the Latin-1 letters. */
static const struct entity entities[] = {
    { "quot", 0x22 }, { "amp", 0x26 }, { "apos", 0x27 }, { "lt", 0x3C }, { "gt", 0x3E },
    { "nbsp", 0xA0 }, { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
    { "ndash", 0x2013 }, { "mdash", 0x2014 }, { "hellip", 0x2026 }, { "lsquo", 0x2018 },
    { "rsquo", 0x2019 }, { "sbquo", 0x201A }, { "ldquo", 0x201C }, { "rdquo", 0x201D },
    { "bdquo", 0x201E }, { "laquo", 0xAB }, { "raquo", 0xBB }, { "bull", 0x2022 },
    { "middot", 0xB7 }, { "copy", 0xA9 }, { "reg", 0xAE }, { "trade", 0x2122 }, { "deg", 0xB0 },
    { "plusmn", 0xB1 }, { "times", 0xD7 }, { "divide", 0xF7 }, { "frac12", 0xBD },
    { "frac14", 0xBC }, { "frac34", 0xBE }, { "sup2", 0xB2 }, { "sup3", 0xB3 }, { "euro", 0x20AC },
    { "pound", 0xA3 }, { "yen", 0xA5 }, { "cent", 0xA2 }, { "sect", 0xA7 }, { "para", 0xB6 },
    { "shy", 0xAD }, { "zwj", 0x200D }, { "zwnj", 0x200C }, { "lrm", 0x200E }, { "rlm", 0x200F },
    { "iexcl", 0xA1 }, { "iquest", 0xBF }, { "acute", 0xB4 }, { "minus", 0x2212 },
    { "Agrave", 0xC0 }, { "Aacute", 0xC1 }, { "Acirc", 0xC2 }, { "Atilde", 0xC3 }, { "Auml", 0xC4 },
    { "Aring", 0xC5 }, { "AElig", 0xC6 }, { "Ccedil", 0xC7 }, { "Egrave", 0xC8 }, { "Eacute", 0xC9 },
    { "Ecirc", 0xCA }, { "Euml", 0xCB }, { "Igrave", 0xCC }, { "Iacute", 0xCD }, { "Icirc", 0xCE },
    { "Iuml", 0xCF }, { "Ntilde", 0xD1 }, { "Ograve", 0xD2 }, { "Oacute", 0xD3 }, { "Ocirc", 0xD4 },
    { "Otilde", 0xD5 }, { "Ouml", 0xD6 }, { "Oslash", 0xD8 }, { "Ugrave", 0xD9 }, { "Uacute", 0xDA },
    { "Ucirc", 0xDB }, { "Uuml", 0xDC }, { "Yacute", 0xDD }, { "szlig", 0xDF }, { "agrave", 0xE0 },
    { "aacute", 0xE1 }, { "acirc", 0xE2 }, { "atilde", 0xE3 }, { "auml", 0xE4 }, { "aring", 0xE5 },
    { "aelig", 0xE6 }, { "ccedil", 0xE7 }, { "egrave", 0xE8 }, { "eacute", 0xE9 }, { "ecirc", 0xEA },
    { "euml", 0xEB }, { "igrave", 0xEC }, { "iacute", 0xED }, { "icirc", 0xEE }, { "iuml", 0xEF },
    { "ntilde", 0xF1 }, { "ograve", 0xF2 }, { "oacute", 0xF3 }, { "ocirc", 0xF4 }, { "otilde", 0xF5 },
    { "ouml", 0xF6 }, { "oslash", 0xF8 }, { "ugrave", 0xF9 }, { "uacute", 0xFA }, { "ucirc", 0xFB },
    { "uuml", 0xFC }, { "yacute", 0xFD }, { "yuml", 0xFF },
};

static int is_alnum_ascii(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Parse one entity at s[0] == '&'; returns its length (with the ';') and
 * sets *cp, or 0 when it is not one. Only the terminated forms count: a
 * bare "&copy" may be a word in a URL. */
static size_t parse_entity(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t i = 1;
    if (i < len && s[i] == '#') {
        i++;
        int hex = i < len && (s[i] == 'x' || s[i] == 'X');
        i += (size_t)hex;
        uint32_t v = 0;
        size_t digits = 0;
        for (; i < len && digits < 8; i++, digits++) {
            unsigned char c = s[i];
            uint32_t d;
            if (c >= '0' && c <= '9')
                d = (uint32_t)(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                d = (uint32_t)(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F')
                d = (uint32_t)(c - 'A' + 10);
            else
                break;
            v = v * (hex ? 16u : 10u) + d;
        }
        if (!digits || i >= len || s[i] != ';' || v == 0 || v > 0x10FFFF ||
            (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        *cp = v;
        return i + 1;
    }
    while (i < len && i < 10 && is_alnum_ascii(s[i]))
        i++;
    if (i == 1 || i >= len || s[i] != ';')
        return 0;
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        size_t n = strlen(entities[k].name);
        if (n == i - 1 && memcmp(entities[k].name, s + 1, n) == 0) {
            *cp = entities[k].cp;
            return i + 1;
        }
    }
    return 0;
}

size_t norm_entity_length(const char *s, size_t len)
{
    uint32_t cp;
    return parse_entity((const unsigned char *)s, len, &cp);
}

/* An entity, following chains: "&amp;quot;" was escaped twice. The '&'
 * that "&amp;" stands for starts the next entity; parse_entity() never reads
 * s[0], so the ';' before the rest can stand in for that '&'. */
static size_t parse_entity_chain(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n = parse_entity(s, len, cp);
    while (n && *cp == '&') {
        uint32_t inner;
        size_t m = parse_entity(s + n - 1, len - (n - 1), &inner);
        if (!m)
            break;
        *cp = inner;
        n = n - 1 + m;
    }
    return n;
}

/* ---- markup ------------------------------------------------------------- */

static int lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* <br>, <br/>, <br />: 1; <p>, </p>, <p class=...>: 2 (a paragraph break);
 * 0 otherwise. *n gets the tag's length. Other markup is left alone. */
static int parse_break_tag(const unsigned char *s, size_t len, size_t *n)
{
    size_t i = 1;
    int closing = 0;
    if (i < len && s[i] == '/')
        closing = 1, i++;
    int kind;
    if (i + 1 < len && lower(s[i]) == 'b' && lower(s[i + 1]) == 'r' && !closing)
        kind = 1, i += 2;
    else if (i < len && lower(s[i]) == 'p')
        kind = 2, i += 1;
    else
        return 0;
    if (i < len && s[i] == '>') {
        *n = i + 1;
        return kind;
    }
    if (i >= len || (s[i] != ' ' && s[i] != '/'))
        return 0;
    /* A break's spaces: any run before the '>' or the "/>" ("<br  >"), as
     * the paragraph pass makes one space of a run ("<br >") and a second
     * cleaning would take that for a break (a review's finding). */
    size_t after_spaces = i;
    while (after_spaces < len && s[after_spaces] == ' ')
        after_spaces++;
    /* attributes or " /": up to the '>' on the same line, bounded */
    for (size_t k = i; k < len && k < i + 200; k++) {
        if (s[k] == '>') {
            if (kind == 1 && !(k == after_spaces || (k == after_spaces + 1 && s[after_spaces] == '/')))
                return 0;
            *n = k + 1;
            return kind;
        }
        if (s[k] == '<' || s[k] == '\n')
            return 0;
    }
    return 0;
}

/* ---- code points -------------------------------------------------------- */

static bersih_status put_ascii(struct chars_ctx *x, const char *s, size_t n)
{
    x->prev = (unsigned char)s[n - 1];
    return bersih_buf_append(x->out, s, n);
}

/* TeX quotes: "``" opens a pair and "''" closes an open one, both as '"'.
 * They pair on what is written, not on the input bytes, so that a character
 * removed between the two ("`\0`") does not keep them apart. A "``" left in
 * the output would be paired by a second cleaning, so a '`' from an entity
 * or a fullwidth form ("`&#96;") pairs too; a "''" is left alone by a second
 * cleaning (the pair's open quote is '"' by then), so only ASCII apostrophes
 * close, as before: not U+2019 or "&#39;". Returns 1 when cp was written so. */
static int tex_quote(struct chars_ctx *x, uint32_t cp)
{
    if (x->prev != cp || x->norm->opts.typography == BERSIH_TYPOGRAPHY_KEEP)
        return 0;
    if (cp == '`')
        x->backtick_open = 1;
    else if (cp == '\'' && x->backtick_open)
        x->backtick_open = 0;
    else
        return 0;
    /* x->prev is the last byte written: turn it into the quote */
    x->out->data[x->out->len - 1] = '"';
    x->prev = '"';
    x->res->counts[BERSIH_RULE_QUOTES]++;
    return 1;
}

static bersih_status put(struct chars_ctx *x, uint32_t cp)
{
    if (cp == '`' && tex_quote(x, cp))
        return BERSIH_OK;
    x->prev = cp;
    if (cp < 0x80)
        return bersih_buf_putc(x->out, (char)cp);
    return buf_put_cp(x->out, cp);
}

static int is_emoji_before_zwj(uint32_t cp)
{
    return cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           u_hasBinaryProperty((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC);
}

static int is_space_char(uint32_t cp)
{
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0x1680;
}

static int is_invisible(uint32_t cp)
{
    return cp == 0x200B || cp == 0xFEFF || cp == 0xAD || cp == 0x2060 || cp == 0x200E ||
           cp == 0x200F || (cp >= 0x2061 && cp <= 0x2064) || cp == 0x180E;
}

static int is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C;
}

static int is_double_quote(uint32_t cp)
{
    return cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x201F || cp == 0xAB ||
           cp == 0xBB;
}

static int is_single_quote(uint32_t cp)
{
    return cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B;
}

static int is_dash(uint32_t cp)
{
    return (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63;
}

static const char *ligature(uint32_t cp)
{
    static const char *const folds[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };
    return (cp >= 0xFB00 && cp <= 0xFB06) ? folds[cp - 0xFB00] : NULL;
}

static void check_nf(struct chars_ctx *x, uint32_t cp)
{
    if (*x->need_nf)
        return;
    if (x->norm->opts.nfkc) {
        if (u_getIntPropertyValue((UChar32)cp, UCHAR_NFKC_QUICK_CHECK) != UNORM_YES)
            *x->need_nf = 1;
    } else if (cp >= 0x300 &&
               u_getIntPropertyValue((UChar32)cp, UCHAR_NFC_QUICK_CHECK) != UNORM_YES) {
        *x->need_nf = 1;
    }
}

/* Map one non-plain code point; next is the code point after it (0 at the end). */
static bersih_status map_cp(struct chars_ctx *x, uint32_t cp, uint32_t next)
{
    uint64_t *counts = x->res->counts;
    int ascii_typo = x->norm->opts.typography != BERSIH_TYPOGRAPHY_KEEP;
    if (cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
        if (cp != '\n')
            counts[BERSIH_RULE_LINE_ENDINGS]++;
        x->backtick_open = 0;
        if (cp == 0x2029)
            FORWARD_IF_ERROR(put(x, '\n'));
        return put(x, '\n');
    }
    if (cp == '\t' || is_space_char(cp)) {
        counts[BERSIH_RULE_SPACES]++;
        return put(x, ' ');
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
        counts[BERSIH_RULE_CONTROL_CHARS]++;
        return BERSIH_OK;
    }
    if (cp == 0x200D) {
        if (is_emoji_before_zwj(x->prev) &&
            u_hasBinaryProperty((UChar32)next, UCHAR_EXTENDED_PICTOGRAPHIC))
            return put(x, cp);
        counts[BERSIH_RULE_INVISIBLE]++;
        return BERSIH_OK;
    }
    if (is_invisible(cp)) {
        counts[BERSIH_RULE_INVISIBLE]++;
        return BERSIH_OK;
    }
    if (is_bidi_control(cp)) {
        counts[BERSIH_RULE_BIDI_CONTROLS]++;
        return BERSIH_OK;
    }
    if (ascii_typo && (is_double_quote(cp) || cp == 0xFF02)) {
        counts[BERSIH_RULE_QUOTES]++;
        return put(x, '"');
    }
    if (ascii_typo && (is_single_quote(cp) || cp == 0xFF07)) {
        counts[BERSIH_RULE_QUOTES]++;
        return put(x, '\'');
    }
    if (ascii_typo && is_dash(cp)) {
        counts[BERSIH_RULE_DASHES]++;
        return put(x, '-');
    }
    if (ascii_typo && cp == 0x2026) {
        counts[BERSIH_RULE_ELLIPSIS]++;
        return put_ascii(x, "...", 3);
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E && !x->norm->opts.nfkc) {
        counts[BERSIH_RULE_UNICODE_FORM]++;
        return put(x, cp - 0xFEE0);
    }
    const char *lig = ligature(cp);
    if (lig && !x->norm->opts.nfkc) {
        counts[BERSIH_RULE_UNICODE_FORM]++;
        return put_ascii(x, lig, strlen(lig));
    }
    check_nf(x, cp);
    return put(x, cp);
}

static uint32_t peek_cp(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    return i < len ? utf8_decode(s + i, &n) : 0;
}

/* '&', '<', '`', '\'', '\r' and controls: the ASCII bytes with a rule. */
static bersih_status special_ascii(struct chars_ctx *x, const unsigned char *s, size_t len,
                                   size_t *i)
{
    unsigned char c = s[*i];
    uint32_t cp;
    size_t n;
    int kind;
    if (c == '&' && (n = parse_entity_chain(s + *i, len - *i, &cp)) != 0) {
        x->res->counts[BERSIH_RULE_ENTITIES]++;
        *i += n;
        return map_cp(x, cp, peek_cp(s, len, *i));
    }
    if (c == '<' && (kind = parse_break_tag(s + *i, len - *i, &n)) != 0) {
        x->res->counts[BERSIH_RULE_MARKUP]++;
        *i += n;
        x->backtick_open = 0;
        return kind == 2 ? put_ascii(x, "\n\n", 2) : put(x, '\n');
    }
    if (c == '\r') {
        x->res->counts[BERSIH_RULE_LINE_ENDINGS]++;
        *i += (*i + 1 < len && s[*i + 1] == '\n') ? 2 : 1;
        x->backtick_open = 0;
        return put(x, '\n');
    }
    *i += 1;
    if (c == '\'' && tex_quote(x, c))
        return BERSIH_OK;
    if (c == '&' || c == '<' || c == '`' || c == '\'')
        return put(x, c);
    return map_cp(x, c, peek_cp(s, len, *i));
}

bersih_status norm_chars(const struct bersih_normalizer *norm, const char *in, size_t len,
                         struct bersih_buf *out, struct bersih_normalize_result *res,
                         int *need_nf)
{
    struct chars_ctx x = { norm, out, res, 0, 0, need_nf };
    const unsigned char *s = (const unsigned char *)in;
    bersih_buf_reset(out);
    FORWARD_IF_ERROR(bersih_buf_reserve(out, len + len / 8 + 16));
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        i = plain_run_end(s, i, len);
        if (i > start) {
            /* a line break ends an open ``: only worth a look when one is */
            if (x.backtick_open && memchr(in + start, '\n', i - start))
                x.backtick_open = 0;
            FORWARD_IF_ERROR(put_ascii(&x, in + start, i - start));
        }
        if (i >= len)
            break;
        if (s[i] < 0x80) {
            FORWARD_IF_ERROR(special_ascii(&x, s, len, &i));
            continue;
        }
        size_t n;
        uint32_t cp = utf8_decode(s + i, &n);
        i += n;
        FORWARD_IF_ERROR(map_cp(&x, cp, peek_cp(s, len, i)));
    }
    return BERSIH_OK;
}

/* ---- NFC / NFKC ------------------------------------------------------ */

static bersih_status icu_fail(struct bersih_error *err, const char *what, UErrorCode status)
{
    return bersih_error_set(err, BERSIH_ERR_ICU, "%s: %s", what, u_errorName(status));
}

bersih_status norm_unicode_form(struct bersih_normalizer *norm, const char *in, size_t len,
                                struct bersih_buf *out, int *changed, struct bersih_error *err)
{
    *changed = 0;
    bersih_buf_reset(out);
    RETURN_ERROR_IF(len > INT32_MAX / 4, err, BERSIH_ERR_TOO_LARGE, "article too large");
    bersih_status st =
        bersih_grow_array((void **)&norm->u16, &norm->u16_cap, len + 1, sizeof(UChar));
    RETURN_ERROR_IF(st != BERSIH_OK, err, BERSIH_ERR_NOMEM, "out of memory");
    UErrorCode status = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(norm->u16, (int32_t)norm->u16_cap, &n16, in, (int32_t)len, &status);
    if (U_FAILURE(status))
        return icu_fail(err, "u_strFromUTF8", status);
    if (unorm2_isNormalized(norm->nf, norm->u16, n16, &status) && U_SUCCESS(status))
        return BERSIH_OK;
    /* NFKC expands at most 18 times (U+FDFA); NFC never grows past 3. */
    size_t need = (size_t)n16 * (norm->opts.nfkc ? 18 : 3) + 1;
    st = bersih_grow_array((void **)&norm->u16b, &norm->u16b_cap, need, sizeof(UChar));
    RETURN_ERROR_IF(st != BERSIH_OK, err, BERSIH_ERR_NOMEM, "out of memory");
    status = U_ZERO_ERROR;
    int32_t m16 = unorm2_normalize(norm->nf, norm->u16, n16, norm->u16b, (int32_t)norm->u16b_cap,
                                   &status);
    if (U_FAILURE(status))
        return icu_fail(err, "unorm2_normalize", status);
    int32_t n8 = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &n8, norm->u16b, m16, &status);
    st = bersih_buf_reserve(out, (size_t)n8);
    RETURN_ERROR_IF(st != BERSIH_OK, err, st, "out of memory");
    status = U_ZERO_ERROR;
    u_strToUTF8(out->data, (int32_t)out->cap, &n8, norm->u16b, m16, &status);
    if (U_FAILURE(status))
        return icu_fail(err, "u_strToUTF8", status);
    out->len = (size_t)n8;
    out->data[out->len] = '\0';
    *changed = out->len != len || memcmp(out->data, in, len) != 0;
    return BERSIH_OK;
}
