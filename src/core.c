/*
 * core.c - status strings, the error struct, the allocator and bersih_buf.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "internal.h"

const char *bersih_strerror(bersih_status code)
{
    switch (code) {
    case BERSIH_OK: return "success";
    case BERSIH_END: return "end of input";
    case BERSIH_ERR_NOMEM: return "out of memory";
    case BERSIH_ERR_IO: return "input/output error";
    case BERSIH_ERR_UTF8: return "invalid UTF-8";
    case BERSIH_ERR_TOO_LARGE: return "too large";
    case BERSIH_ERR_ICU: return "ICU error";
    case BERSIH_ERR_ARG: return "invalid argument";
    case BERSIH_ERR_JSON: return "invalid JSON";
    case BERSIH_ERR_CORRUPT: return "corrupt compressed data";
    case BERSIH_ERR_SKIPPED: return "skipped";
    case BERSIH_ERR_REFUSED: return "refused";
    }
    return "unknown error";
}

void bersih_error_clear(struct bersih_error *err)
{
    if (!err)
        return;
    err->code = BERSIH_OK;
    err->line = 0;
    err->offset = BERSIH_NO_OFFSET;
    err->path[0] = '\0';
    err->message[0] = '\0';
}

bersih_status bersih_error_set(struct bersih_error *err, bersih_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    } else {
        snprintf(err->message, sizeof err->message, "%s", bersih_strerror(code));
    }
    return code;
}

void bersih_error_set_path(struct bersih_error *err, const char *path)
{
    if (err && path && err->path[0] == '\0')
        snprintf(err->path, sizeof err->path, "%s", path);
}

char *bersih_error_format(const struct bersih_error *err, char *out, size_t size)
{
    if (size == 0)
        return out;
    const char *msg = err->message[0] ? err->message : bersih_strerror(err->code);
    if (err->path[0] && err->line)
        snprintf(out, size, "%s:%llu: %s", err->path, (unsigned long long)err->line, msg);
    else if (err->path[0])
        snprintf(out, size, "%s: %s", err->path, msg);
    else
        snprintf(out, size, "%s", msg);
    return out;
}

/* ---- allocation ---------------------------------------------------------
 * One path for every allocation so that tests can make the Nth one fail.
 * The countdown is thread-local: it is a test hook, not shared state. */
static _Thread_local long alloc_countdown = -1;

void bersih_alloc_fail_after(long n)
{
    alloc_countdown = n;
}

static int alloc_should_fail(void)
{
    if (alloc_countdown < 0)
        return 0;
    if (alloc_countdown == 0) {
        alloc_countdown = -1;
        return 1;
    }
    alloc_countdown--;
    return 0;
}

void *bersih_malloc(size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *bersih_calloc(size_t count, size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return calloc(count ? count : 1, size ? size : 1);
}

void *bersih_realloc(void *ptr, size_t size)
{
    if (alloc_should_fail())
        return NULL;
    return realloc(ptr, size ? size : 1);
}

void bersih_free(void *ptr)
{
    free(ptr);
}

int bersih_mul_ok(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a)
        return 0;
    *out = a * b;
    return 1;
}

bersih_status bersih_grown_capacity(size_t cap, size_t need, size_t elem, size_t *want,
                                    size_t *bytes)
{
    *want = cap < 64 ? 64 : cap;
    while (*want < need) {
        if (*want > SIZE_MAX / 2)
            return BERSIH_ERR_NOMEM; /* doubling would wrap: no such array */
        *want *= 2;
    }
    return bersih_mul_ok(*want, elem, bytes) ? BERSIH_OK : BERSIH_ERR_NOMEM;
}

bersih_status bersih_grow_array(void **ptr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return BERSIH_OK;
    size_t want, bytes;
    if (bersih_grown_capacity(*cap, need, elem, &want, &bytes) != BERSIH_OK)
        return BERSIH_ERR_NOMEM;
    void *grown = bersih_realloc(*ptr, bytes);
    if (!grown)
        return BERSIH_ERR_NOMEM;
    *ptr = grown;
    *cap = want;
    return BERSIH_OK;
}

/* ---- bersih_buf ------------------------------------------------------------ */

void bersih_buf_init(struct bersih_buf *buf, size_t max)
{
    buf->data = NULL;
    buf->len = 0;
    buf->cap = 0;
    buf->max = max;
}

bersih_status bersih_buf_reserve(struct bersih_buf *buf, size_t extra)
{
    if (extra > SIZE_MAX - buf->len - 1)
        return BERSIH_ERR_TOO_LARGE;
    size_t need = buf->len + extra + 1;
    if (buf->max && buf->len + extra > buf->max)
        return BERSIH_ERR_TOO_LARGE;
    if (need <= buf->cap)
        return BERSIH_OK;
    /* Grow by half again, so appends are amortised O(1) without doubling a
     * 16 MB article into 32 MB of slack. */
    size_t cap = buf->cap < 64 ? 64 : buf->cap + buf->cap / 2;
    if (cap < need)
        cap = need;
    char *data = bersih_realloc(buf->data, cap);
    if (!data)
        return BERSIH_ERR_NOMEM;
    buf->data = data;
    buf->cap = cap;
    buf->data[buf->len] = '\0';
    return BERSIH_OK;
}

bersih_status bersih_buf_append(struct bersih_buf *buf, const void *bytes, size_t n)
{
    bersih_status st = bersih_buf_reserve(buf, n);
    if (st != BERSIH_OK)
        return st;
    if (n)
        memcpy(buf->data + buf->len, bytes, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return BERSIH_OK;
}

bersih_status bersih_buf_putc(struct bersih_buf *buf, char c)
{
    if (buf->len + 1 < buf->cap) {
        buf->data[buf->len++] = c;
        buf->data[buf->len] = '\0';
        return BERSIH_OK;
    }
    return bersih_buf_append(buf, &c, 1);
}

bersih_status bersih_buf_puts(struct bersih_buf *buf, const char *s)
{
    return bersih_buf_append(buf, s, strlen(s));
}

void bersih_buf_reset(struct bersih_buf *buf)
{
    buf->len = 0;
    if (buf->cap)
        buf->data[0] = '\0';
}

void bersih_buf_release(struct bersih_buf *buf)
{
    bersih_free(buf->data);
    bersih_buf_init(buf, buf->max);
}

char *bersih_buf_detach(struct bersih_buf *buf, size_t *len)
{
    char *data = buf->data;
    if (len)
        *len = buf->len;
    bersih_buf_init(buf, buf->max);
    return data;
}

const char *bersih_buf_str(const struct bersih_buf *buf)
{
    return buf->data ? buf->data : "";
}

/* ---- UTF-8 validation ------------------------------------------------------
 * A hand-written validator rather than ICU's converter: it is on the hot path
 * of every article, it must report the exact byte offset, and ASCII runs are
 * skipped 16 bytes (SSE2) or 8 bytes (SWAR) at a time. */

/* Offset of the first byte >= 0x80 of s[0..len), or len. The tail shorter
 * than a word is tested bytewise, so nothing past s + len is read. */
static inline size_t ascii_run(const unsigned char *s, size_t len)
{
    size_t i = 0;
#ifdef __SSE2__
    /* 64 bytes per test while they are all ASCII, as most of an article is;
     * the 16-byte loop then finds the byte in the block that is not. */
    for (; i + 64 <= len; i += 64) {
        const __m128i *v = (const __m128i *)(const void *)(s + i);
        __m128i any = _mm_or_si128(_mm_or_si128(_mm_loadu_si128(v), _mm_loadu_si128(v + 1)),
                                   _mm_or_si128(_mm_loadu_si128(v + 2), _mm_loadu_si128(v + 3)));
        if (_mm_movemask_epi8(any))
            break;
    }
    for (; i + 16 <= len; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned mask = (unsigned)_mm_movemask_epi8(x);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if (word & UINT64_C(0x8080808080808080))
            break; /* the bytewise loop finds which, in either byte order */
    }
    for (; i < len; i++)
        if (s[i] >= 0x80)
            return i;
    return len;
}

size_t bersih_ascii_run(const char *s, size_t len)
{
    return ascii_run((const unsigned char *)s, len);
}

size_t bersih_utf8_invalid_at(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        /* Tested first so that a run of multibyte characters goes from one
         * to the next without a word load that cannot pay off. */
        if (s[i] < 0x80) {
            i += ascii_run(s + i, len - i);
            if (i >= len)
                break;
        }
        unsigned char c = s[i];
        size_t n;
        uint32_t min;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2; min = 0x80; cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3; min = 0x800; cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4; min = 0x10000; cp = c & 0x07u;
        } else {
            return i;
        }
        if (i + n > len)
            return i;
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return len;
}
