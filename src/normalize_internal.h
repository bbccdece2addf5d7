/*
 * normalize_internal.h - the normalizer's stages, shared by normalize*.c.
 *
 * The pipeline, each stage reading the previous one's UTF-8 buffer:
 *   decode (normalize_decode.c)    bytes -> valid UTF-8 (BOM, invalid, charset)
 *   mojibake (normalize_mojibake.c) re-decode cp1252/Latin-1/MacRoman runs
 *   chars (normalize_chars.c)      one pass over code points: entities, markup,
 *                                  invisible, controls, spaces, quotes, dashes,
 *                                  folds; then NFC/NFKC where needed
 *   lines (normalize_lines.c)      per paragraph: spaces, boilerplate,
 *                                  dateline, quote pairing, punctuation spacing
 * Every stage is linear and skips plain ASCII quickly.
 */
#ifndef BERSIH_NORMALIZE_INTERNAL_H
#define BERSIH_NORMALIZE_INTERNAL_H

#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>

#include "bersih/normalize.h"
#include "internal.h"

struct boilerplate_pattern {
    URegularExpression *re;
    char *source; /* the pattern text, for messages and docs */
};

/* A code point to byte table for one single-byte charset's 0x80-0xFF half,
 * sorted by code point so that it can be searched. */
struct charset_map {
    uint32_t cp[192]; /* 128 bytes + the C1 controls of the sloppy form */
    uint8_t byte[192];
    int n;
    int sloppy; /* Windows-1252 read sloppily (C1 controls are bytes), not MacRoman */
};

struct bersih_normalizer {
    struct bersih_normalize_options opts;
    char *encoding;         /* copy of opts.encoding, NULL for UTF-8 */
    char *boilerplate_file; /* copy of opts.boilerplate_file */
    UConverter *conv;       /* for opts.encoding */
    const UNormalizer2 *nf; /* NFC or NFKC; owned by ICU */
    struct boilerplate_pattern *patterns;
    size_t n_patterns;
    struct charset_map cp1252;
    struct charset_map macroman;
    /* scratch, kept between calls */
    struct bersih_buf a, b;
    struct bersih_buf line, line2; /* one paragraph in normalize_lines.c */
    UChar *u16;
    size_t u16_cap;
    UChar *u16b;
    size_t u16b_cap;
};

/* ---- UTF-8 helpers (input already valid) ---- */

/* Decode the code point at s[i] (valid UTF-8); *n gets its length. */
static inline uint32_t utf8_decode(const unsigned char *s, size_t *n)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    if (c < 0xE0) {
        *n = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3Fu);
    }
    if (c < 0xF0) {
        *n = 3;
        return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3Fu);
    }
    *n = 4;
    return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3Fu);
}

/* Encode cp into out (4 bytes room); returns the length. */
static inline size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

BERSIH_NODISCARD bersih_status buf_put_cp(struct bersih_buf *buf, uint32_t cp);

/* ---- stages ---- */

/* in -> out as valid UTF-8 without a BOM. */
BERSIH_NODISCARD bersih_status norm_decode(struct bersih_normalizer *norm, const char *in,
                                           size_t len, struct bersih_buf *out,
                                           struct bersih_normalize_result *res,
                                           struct bersih_error *err);

/* Build the cp1252 and MacRoman tables (ICU converters, once per normalizer). */
BERSIH_NODISCARD bersih_status norm_mojibake_init(struct bersih_normalizer *norm,
                                                  struct bersih_error *err);
/* Repair mojibake in in[0..len) into out; *changed = number of repairs.
 * *strong counts the strong ones (three- and four-byte sequences) across the
 * calls for one text: evidence, in later layers, for the weak ones left. */
BERSIH_NODISCARD bersih_status norm_mojibake(const struct bersih_normalizer *norm,
                                             const char *in, size_t len,
                                             struct bersih_buf *out, uint64_t *changed,
                                             uint64_t *strong);

/* The code point pass; *need_nf is set when a code point may not be in the
 * normalization form. */
BERSIH_NODISCARD bersih_status norm_chars(const struct bersih_normalizer *norm, const char *in,
                                          size_t len, struct bersih_buf *out,
                                          struct bersih_normalize_result *res, int *need_nf);

/* The length of the entity at s[0] == '&' (its ';' included) that the
 * code point pass decodes, or 0 when there is none. */
size_t norm_entity_length(const char *s, size_t len);
/* NFC/NFKC in[0..len) into out; *changed = 1 when the text changed. */
BERSIH_NODISCARD bersih_status norm_unicode_form(struct bersih_normalizer *norm, const char *in,
                                                 size_t len, struct bersih_buf *out,
                                                 int *changed, struct bersih_error *err);

/* The paragraph pass, writing the final output. */
BERSIH_NODISCARD bersih_status norm_lines(struct bersih_normalizer *norm, const char *in,
                                          size_t len, struct bersih_buf *out,
                                          struct bersih_normalize_result *res,
                                          struct bersih_error *err);

/* Compile the built-in patterns and opts.boilerplate_file's. */
BERSIH_NODISCARD bersih_status norm_boilerplate_init(struct bersih_normalizer *norm,
                                                     struct bersih_error *err);
void norm_boilerplate_free(struct bersih_normalizer *norm);
/* Index of the first pattern matching the whole line, or -1. */
long norm_boilerplate_match(const struct bersih_normalizer *norm, const char *line, size_t len);

#endif
