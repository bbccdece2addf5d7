/*
 * jsonl.c - validate a JSON object line, find members, (un)escape strings.
 */
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"
#include "jsonl.h"

/* Nesting deeper than this is refused rather than recursed into: no news
 * record needs it, and it bounds the stack for hostile input. */
#define JSON_MAX_DEPTH 64

struct scanner {
    const char *s;
    size_t len;
    size_t pos;
    struct bersih_error *err;
};

static bersih_status scan_fail(struct scanner *sc, const char *what)
{
    bersih_error_set(sc->err, BERSIH_ERR_JSON, "invalid JSON: %s at byte %zu", what, sc->pos);
    if (sc->err)
        sc->err->offset = sc->pos;
    return BERSIH_ERR_JSON;
}

static void skip_space(struct scanner *sc)
{
    while (sc->pos < sc->len) {
        char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->pos++;
    }
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The bytes a JSON string cannot hold as they are: the scanner stops on
 * them and the writer escapes them. Everything else, UTF-8 included, is
 * copied or skipped as is. */
static int json_special(unsigned char c)
{
    return c == '"' || c == '\\' || c < 0x20;
}

/* Offset of the first json_special() byte of s[0..len), or len. Article
 * texts run hundreds of bytes between two quotes or escapes, so they are
 * tested 16 (SSE2) or 8 (SWAR) at a time; the tail shorter than that is
 * tested bytewise, so nothing past s + len is read. */
static inline size_t json_plain_run(const char *s, size_t len)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i ctl_max = _mm_set1_epi8(0x1F);
    for (; i + 16 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* SSE2 compares bytes as signed only; max_epu8 gives the unsigned
         * x <= 0x1F without mistaking UTF-8 bytes for control bytes. */
        __m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(x, ctl_max), ctl_max);
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                _mm_cmpeq_epi8(x, backslash)), ctl);
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        /* (w - 0x20..) & ~w flags a byte below 0x20, as
         * bersih_swar_has_byte() flags a zero byte of w ^ byte */
        uint64_t hit = bersih_swar_has_byte(w, '"') | bersih_swar_has_byte(w, '\\') |
                       ((w - BERSIH_SWAR_ONES * 0x20) & ~w & BERSIH_SWAR_HIGHS);
        if (hit)
            break; /* the bytewise loop finds which, in either byte order */
    }
    for (; i < len; i++)
        if (json_special((unsigned char)s[i]))
            return i;
    return len;
}

static bersih_status scan_string(struct scanner *sc)
{
    const char *s = sc->s;
    size_t len = sc->len;
    size_t pos = sc->pos + 1; /* opening quote */
    while (pos < len) {
        pos += json_plain_run(s + pos, len - pos);
        if (pos >= len)
            break;
        unsigned char c = (unsigned char)s[pos];
        if (c == '"') {
            sc->pos = pos + 1;
            return BERSIH_OK;
        }
        sc->pos = pos;
        if (c < 0x20)
            return scan_fail(sc, "control character in string");
        /* c == '\\' */
        if (pos + 1 >= len)
            break;
        char e = s[pos + 1];
        if (e == 'u') {
            if (pos + 6 > len)
                break;
            for (size_t k = 2; k < 6; k++)
                if (!is_hex(s[pos + k]))
                    return scan_fail(sc, "bad \\u escape");
            pos += 6;
            continue;
        }
        if (!strchr("\"\\/bfnrt", e) || e == '\0')
            return scan_fail(sc, "bad escape");
        pos += 2;
    }
    sc->pos = pos;
    return scan_fail(sc, "unterminated string");
}

static bersih_status scan_number(struct scanner *sc)
{
    size_t start = sc->pos;
    if (sc->s[sc->pos] == '-')
        sc->pos++;
    size_t digits = sc->pos;
    while (sc->pos < sc->len && sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9')
        sc->pos++;
    if (sc->pos == digits || (sc->s[digits] == '0' && sc->pos - digits > 1))
        return scan_fail(sc, "bad number");
    if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
        sc->pos++;
        size_t frac = sc->pos;
        while (sc->pos < sc->len && sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9')
            sc->pos++;
        if (sc->pos == frac)
            return scan_fail(sc, "bad number");
    }
    if (sc->pos < sc->len && (sc->s[sc->pos] == 'e' || sc->s[sc->pos] == 'E')) {
        sc->pos++;
        if (sc->pos < sc->len && (sc->s[sc->pos] == '+' || sc->s[sc->pos] == '-'))
            sc->pos++;
        size_t exp = sc->pos;
        while (sc->pos < sc->len && sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9')
            sc->pos++;
        if (sc->pos == exp)
            return scan_fail(sc, "bad number");
    }
    BERSIH_UNUSED(start);
    return BERSIH_OK;
}

static bersih_status scan_literal(struct scanner *sc, const char *word)
{
    size_t n = strlen(word);
    if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n) != 0)
        return scan_fail(sc, "unexpected character");
    sc->pos += n;
    return BERSIH_OK;
}

static bersih_status scan_value(struct scanner *sc, int depth);

static bersih_status scan_array(struct scanner *sc, int depth)
{
    sc->pos++;
    skip_space(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == ']') {
        sc->pos++;
        return BERSIH_OK;
    }
    for (;;) {
        FORWARD_IF_ERROR(scan_value(sc, depth + 1));
        skip_space(sc);
        if (sc->pos >= sc->len)
            return scan_fail(sc, "unterminated array");
        if (sc->s[sc->pos] == ']') {
            sc->pos++;
            return BERSIH_OK;
        }
        if (sc->s[sc->pos] != ',')
            return scan_fail(sc, "expected ',' or ']'");
        sc->pos++;
    }
}

/* Compare a raw key literal (quotes included) with a plain name. Keys with
 * escapes are compared after decoding, which a NUL-free name needs rarely. */
static int key_equals(const char *quoted, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (!memchr(quoted, '\\', len))
        return len == n + 2 && memcmp(quoted + 1, name, n) == 0;
    struct bersih_buf key = BERSIH_BUF_INIT;
    int equal = bersih_json_unescape(quoted, len, &key, NULL) == BERSIH_OK && key.len == n &&
                memcmp(key.data, name, n) == 0;
    bersih_buf_release(&key);
    return equal;
}

static bersih_status scan_object(struct scanner *sc, int depth, struct bersih_json_members *members,
                                 const char *text_field)
{
    sc->pos++;
    skip_space(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == '}') {
        sc->pos++;
        return BERSIH_OK;
    }
    for (;;) {
        skip_space(sc);
        if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
            return scan_fail(sc, "expected a key");
        size_t key_start = sc->pos;
        FORWARD_IF_ERROR(scan_string(sc));
        size_t key_end = sc->pos;
        skip_space(sc);
        if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
            return scan_fail(sc, "expected ':'");
        sc->pos++;
        skip_space(sc);
        struct bersih_json_span value = { sc->pos, 0, sc->pos < sc->len && sc->s[sc->pos] == '"' };
        FORWARD_IF_ERROR(scan_value(sc, depth + 1));
        value.end = sc->pos;
        if (members) {
            const char *key = sc->s + key_start;
            size_t key_len = key_end - key_start;
            /* Duplicate keys: the last one wins, as in most parsers. */
            if (key_equals(key, key_len, text_field))
                members->text = value;
            else if (key_equals(key, key_len, "id"))
                members->id = value;
            else if (key_equals(key, key_len, "date"))
                members->date = value;
        }
        skip_space(sc);
        if (sc->pos >= sc->len)
            return scan_fail(sc, "unterminated object");
        if (sc->s[sc->pos] == '}') {
            sc->pos++;
            return BERSIH_OK;
        }
        if (sc->s[sc->pos] != ',')
            return scan_fail(sc, "expected ',' or '}'");
        sc->pos++;
    }
}

static bersih_status scan_value(struct scanner *sc, int depth)
{
    if (depth > JSON_MAX_DEPTH)
        return scan_fail(sc, "nested too deeply");
    skip_space(sc);
    if (sc->pos >= sc->len)
        return scan_fail(sc, "unexpected end of line");
    switch (sc->s[sc->pos]) {
    case '"': return scan_string(sc);
    case '{': return scan_object(sc, depth, NULL, NULL);
    case '[': return scan_array(sc, depth);
    case 't': return scan_literal(sc, "true");
    case 'f': return scan_literal(sc, "false");
    case 'n': return scan_literal(sc, "null");
    default:
        if (sc->s[sc->pos] == '-' || (sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9'))
            return scan_number(sc);
        return scan_fail(sc, "unexpected character");
    }
}

bersih_status bersih_json_scan(const char *line, size_t len, const char *text_field,
                               struct bersih_json_members *members, struct bersih_error *err)
{
    struct scanner sc = { line, len, 0, err };
    memset(members, 0, sizeof *members);
    skip_space(&sc);
    if (sc.pos >= len || line[sc.pos] != '{')
        return scan_fail(&sc, "not a JSON object");
    FORWARD_IF_ERROR(scan_object(&sc, 0, members, text_field));
    skip_space(&sc);
    if (sc.pos != len)
        return scan_fail(&sc, "trailing characters");
    return BERSIH_OK;
}

static unsigned hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    return (unsigned)(c - 'A' + 10);
}

static unsigned read_hex4(const char *p)
{
    return (hex_value(p[0]) << 12) | (hex_value(p[1]) << 8) | (hex_value(p[2]) << 4) |
           hex_value(p[3]);
}

static bersih_status put_utf8(struct bersih_buf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return bersih_buf_append(out, b, n);
}

bersih_status bersih_json_unescape(const char *quoted, size_t len, struct bersih_buf *out,
                                   struct bersih_error *err)
{
    RETURN_ERROR_IF(len < 2 || quoted[0] != '"' || quoted[len - 1] != '"', err, BERSIH_ERR_JSON,
                    "not a JSON string");
    const char *p = quoted + 1;
    const char *end = quoted + len - 1;
    RETURN_ERROR_IF(bersih_buf_reserve(out, len) != BERSIH_OK, err, BERSIH_ERR_NOMEM,
                    "out of memory");
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        const char *run_end = bs ? bs : end;
        RETURN_ERROR_IF(bersih_buf_append(out, p, (size_t)(run_end - p)) != BERSIH_OK, err,
                        BERSIH_ERR_NOMEM, "out of memory");
        if (!bs)
            break;
        p = bs + 1;
        RETURN_ERROR_IF(p >= end, err, BERSIH_ERR_JSON, "invalid JSON: bad escape");
        char e = *p++;
        char c;
        switch (e) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case '"': case '\\': case '/': c = e; break;
        case 'u': {
            RETURN_ERROR_IF(end - p < 4, err, BERSIH_ERR_JSON, "invalid JSON: bad \\u escape");
            uint32_t cp = read_hex4(p);
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                RETURN_ERROR_IF(end - p < 6 || p[0] != '\\' || p[1] != 'u', err, BERSIH_ERR_JSON,
                                "invalid JSON: unpaired surrogate \\u%04X", (unsigned)cp);
                uint32_t low = read_hex4(p + 2);
                RETURN_ERROR_IF(low < 0xDC00 || low > 0xDFFF, err, BERSIH_ERR_JSON,
                                "invalid JSON: unpaired surrogate \\u%04X", (unsigned)cp);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                p += 6;
            } else {
                RETURN_ERROR_IF(cp >= 0xDC00 && cp <= 0xDFFF, err, BERSIH_ERR_JSON,
                                "invalid JSON: unpaired surrogate \\u%04X", (unsigned)cp);
            }
            RETURN_ERROR_IF(put_utf8(out, cp) != BERSIH_OK, err, BERSIH_ERR_NOMEM, "out of memory");
            continue;
        }
        default:
            return bersih_error_set(err, BERSIH_ERR_JSON, "invalid JSON: bad escape");
        }
        RETURN_ERROR_IF(bersih_buf_putc(out, c) != BERSIH_OK, err, BERSIH_ERR_NOMEM,
                        "out of memory");
    }
    return BERSIH_OK;
}

bersih_status bersih_json_escape(struct bersih_buf *out, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    FORWARD_IF_ERROR(bersih_buf_reserve(out, len + 2));
    FORWARD_IF_ERROR(bersih_buf_putc(out, '"'));
    size_t i = 0;
    for (;;) {
        size_t run = json_plain_run(text + i, len - i);
        FORWARD_IF_ERROR(bersih_buf_append(out, text + i, run));
        i += run;
        if (i == len)
            break;
        unsigned char c = (unsigned char)text[i++];
        char esc[7] = { '\\', 0, 0, 0, 0, 0, 0 };
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\n': esc[1] = 'n'; break;
        case '\t': esc[1] = 't'; break;
        case '\r': esc[1] = 'r'; break;
        default:
            esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
            esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
            n = 6;
        }
        FORWARD_IF_ERROR(bersih_buf_append(out, esc, n));
    }
    return bersih_buf_putc(out, '"');
}
