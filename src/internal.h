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

/* 1 when s[0..n) has no byte >= 0x80 (eight bytes per test): pure ASCII
 * text takes the fast paths of the tokenizer and the sentence cutter. */
int bersih_ascii_only(const char *s, size_t n);

#endif
