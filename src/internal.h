/*
 * internal.h - helpers shared by the library's source files; not installed.
 */
#ifndef BERSIH_INTERNAL_H
#define BERSIH_INTERNAL_H

#include "bersih/bersih.h"

/* Return early with an error, in the manner of zstd's RETURN_ERROR_IF. */
#define RETURN_ERROR_IF(cond, err, code, ...)                                  \
    do {                                                                       \
        if (cond)                                                              \
            return bersih_error_set((err), (code), __VA_ARGS__);               \
    } while (0)

/* Pass a failing status up unchanged; the callee already filled the error. */
#define FORWARD_IF_ERROR(expr)                                                 \
    do {                                                                       \
        bersih_status forward_status_ = (expr);                                \
        if (forward_status_ != BERSIH_OK)                                      \
            return forward_status_;                                            \
    } while (0)

#define BERSIH_UNUSED(x) ((void)(x))

/* Make *ptr an array of at least `need` elements of `elem` bytes: 64 at
 * first, then doubling, so appends are amortised O(1). *cap counts
 * elements. BERSIH_ERR_NOMEM when memory runs out or the size would
 * overflow; *ptr and *cap are then unchanged. */
BERSIH_NODISCARD bersih_status bersih_grow_array(void **ptr, size_t *cap, size_t need, size_t elem);
/* The capacity bersih_grow_array() grows *cap to for need elements of elem
 * bytes (doubling from 64), in *want, and its size in *bytes; for arrays
 * placed elsewhere that must grow by the same rule. */
BERSIH_NODISCARD bersih_status bersih_grown_capacity(size_t cap, size_t need, size_t elem,
                                                     size_t *want, size_t *bytes);

/* ":LINE", how an article's input name ends when it is a JSON Lines line
 * ("path:LINE", lines counted from 1): written to out, NUL-terminated, and
 * its length returned; "" and 0 for line 0 (the name is the path alone).
 * Reports print names with it and the corpus index splits and joins them
 * by it, so that a name comes back byte for byte (report.c). */
#define BERSIH_LINE_SUFFIX_MAX 22 /* ':', 20 digits, NUL */
size_t bersih_line_suffix(uint64_t line, char out[BERSIH_LINE_SUFFIX_MAX]);

/* Offset of the first byte >= 0x80 of s[0..len), or len: 64 bytes per test
 * under SSE2 (8 without). Most of an Indonesian article is ASCII, and the
 * tokenizer, the sentence cutter and the mojibake scan take fast paths on
 * it. */
size_t bersih_ascii_run(const char *s, size_t len);

/* Eight bytes in a uint64_t at once (SWAR), the fallback of the SSE2 scans:
 * the result has the high bit of a byte set where w holds `byte`. A borrow
 * may also flag a byte above a real hit, never one without a hit below it,
 * so "any flagged" is exact; the caller finds which bytewise. */
#define BERSIH_SWAR_ONES UINT64_C(0x0101010101010101)
#define BERSIH_SWAR_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t bersih_swar_has_byte(uint64_t w, unsigned char byte)
{
    uint64_t x = w ^ (BERSIH_SWAR_ONES * byte);
    return (x - BERSIH_SWAR_ONES) & ~x & BERSIH_SWAR_HIGHS;
}

#endif
