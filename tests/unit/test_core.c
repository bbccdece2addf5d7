/* test_core.c - the error struct, the allocator hook, bersih_buf, UTF-8 validation. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "bersih/bersih.h"
#include "internal.h"

static void test_error_format_names_path_and_line(void **state)
{
    (void)state;
    struct bersih_error err;
    char out[512];
    bersih_error_clear(&err);
    assert_int_equal(bersih_error_set(&err, BERSIH_ERR_UTF8, "invalid UTF-8 at byte %d", 1832),
                     BERSIH_ERR_UTF8);
    bersih_error_set_path(&err, "corpus/a.txt");
    assert_string_equal(bersih_error_format(&err, out, sizeof out),
                        "corpus/a.txt: invalid UTF-8 at byte 1832");
    err.line = 17;
    assert_string_equal(bersih_error_format(&err, out, sizeof out),
                        "corpus/a.txt:17: invalid UTF-8 at byte 1832");
    /* a path set deeper in the call chain is not overwritten higher up */
    bersih_error_set_path(&err, "other");
    assert_string_equal(err.path, "corpus/a.txt");
}

static void test_strerror_covers_every_status(void **state)
{
    (void)state;
    for (int code = BERSIH_OK; code <= BERSIH_ERR_REFUSED; code++)
        assert_string_not_equal(bersih_strerror((bersih_status)code), "unknown error");
    assert_string_equal(bersih_strerror((bersih_status)99), "unknown error");
}

static void test_buf_append_grows_and_terminates(void **state)
{
    (void)state;
    struct bersih_buf buf = BERSIH_BUF_INIT;
    assert_string_equal(bersih_buf_str(&buf), "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(bersih_buf_puts(&buf, "abc"), BERSIH_OK);
    assert_int_equal(buf.len, 3000);
    assert_int_equal(buf.data[buf.len], '\0');
    assert_memory_equal(buf.data + 2997, "abc", 3);
    bersih_buf_reset(&buf);
    assert_int_equal(buf.len, 0);
    assert_string_equal(buf.data, "");
    bersih_buf_release(&buf);
    assert_null(buf.data);
}

static void test_buf_cap_refuses_and_keeps_content(void **state)
{
    (void)state;
    struct bersih_buf buf;
    bersih_buf_init(&buf, 5);
    assert_int_equal(bersih_buf_puts(&buf, "abcd"), BERSIH_OK);
    assert_int_equal(bersih_buf_puts(&buf, "ef"), BERSIH_ERR_TOO_LARGE);
    assert_string_equal(buf.data, "abcd");
    assert_int_equal(bersih_buf_putc(&buf, 'e'), BERSIH_OK);
    assert_string_equal(buf.data, "abcde");
    bersih_buf_release(&buf);
}

static void test_buf_failed_allocation_leaves_buffer_intact(void **state)
{
    (void)state;
    struct bersih_buf buf = BERSIH_BUF_INIT;
    assert_int_equal(bersih_buf_puts(&buf, "keep"), BERSIH_OK);
    char big[200];
    memset(big, 'x', sizeof big);
    bersih_alloc_fail_after(0);
    assert_int_equal(bersih_buf_append(&buf, big, sizeof big), BERSIH_ERR_NOMEM);
    assert_string_equal(buf.data, "keep");
    assert_int_equal(bersih_buf_append(&buf, big, sizeof big), BERSIH_OK);
    assert_int_equal(buf.len, 204);
    size_t len = 0;
    char *owned = bersih_buf_detach(&buf, &len);
    assert_int_equal(len, 204);
    assert_null(buf.data);
    bersih_free(owned);
}

static void test_alloc_hook_fails_exactly_the_nth_call(void **state)
{
    (void)state;
    bersih_alloc_fail_after(2);
    void *a = bersih_malloc(8), *b = bersih_malloc(8), *c = bersih_malloc(8), *d = bersih_malloc(8);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(c);
    assert_non_null(d);
    bersih_free(a);
    bersih_free(b);
    bersih_free(d);
    size_t out;
    assert_int_equal(bersih_mul_ok(SIZE_MAX / 2, 3, &out), 0);
    assert_int_equal(bersih_mul_ok(1000, 3, &out), 1);
    assert_int_equal(out, 3000);
}

static void test_utf8_validation_reports_first_bad_byte(void **state)
{
    (void)state;
    const char ok[] = "Kecamatan Tanjungpinang \xe2\x80\x9cKami\xe2\x80\x9d \xf0\x9f\x98\x80";
    assert_int_equal(bersih_utf8_invalid_at(ok, strlen(ok)), strlen(ok));
    const char stray[] = "abcdefghij\xffxyz";
    assert_int_equal(bersih_utf8_invalid_at(stray, strlen(stray)), 10);
    const char overlong[] = "ab\xc0\xaf";
    assert_int_equal(bersih_utf8_invalid_at(overlong, strlen(overlong)), 2);
    const char overlong3[] = "\xe0\x80\xaf";
    assert_int_equal(bersih_utf8_invalid_at(overlong3, strlen(overlong3)), 0);
    const char surrogate[] = "x\xed\xa0\x80";
    assert_int_equal(bersih_utf8_invalid_at(surrogate, strlen(surrogate)), 1);
    const char too_big[] = "\xf4\x90\x80\x80";
    assert_int_equal(bersih_utf8_invalid_at(too_big, strlen(too_big)), 0);
    const char truncated[] = "abc\xe2\x80";
    assert_int_equal(bersih_utf8_invalid_at(truncated, strlen(truncated)), 3);
}

/* The well-formed byte sequences of Unicode's table 3-7, written out rather
 * than decoded: the offset of the first byte that does not start one. */
static size_t ref_utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xBF; /* range of the second byte */
        if (c <= 0x7F)
            n = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            n = 2;
        else if (c == 0xE0)
            n = 3, lo = 0xA0;
        else if (c == 0xED)
            n = 3, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF)
            n = 3;
        else if (c == 0xF0)
            n = 4, lo = 0x90;
        else if (c == 0xF4)
            n = 4, hi = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3)
            n = 4;
        else
            return i;
        if (len - i < n)
            return i;
        if (n > 1 && (s[i + 1] < lo || s[i + 1] > hi))
            return i;
        for (size_t k = 2; k < n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += n;
    }
    return len;
}

static void check_utf8_like_bytewise(const unsigned char *bytes, size_t len)
{
    /* a buffer of the exact size, so that ASan sees a read past its end */
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, bytes, len);
    assert_int_equal(bersih_utf8_invalid_at(copy, len), ref_utf8_invalid_at(bytes, len));
    free(copy);
}

/* ASCII runs are skipped 64, 16 or 8 bytes at a time: every sequence, good
 * or bad, at every position of every length up to 140 (two 64-byte blocks
 * and the smaller steps after them), in ASCII and after a multibyte
 * character, must give the bytewise reference's offset. */
static void test_utf8_validation_matches_bytewise(void **state)
{
    (void)state;
    static const char *const seqs[] = {
        "\xc3\xa9", "\xe2\x80\x9c", "\xf0\x9f\x98\x80", "\xdf\xbf", "\xef\xbf\xbf",
        "\xf4\x8f\xbf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x90\x80\x80",
        "\x80", "\xbf", "\xc0\xaf", "\xc1\xbf", "\xc2", "\xc2\x7f", "\xe0\x80\xaf",
        "\xe0\x9f\xbf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xe2\x80", "\xe2\x28\xa1",
        "\xf0\x8f\xbf\xbf", "\xf0\x9f\x98", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
        "\xf8\x88\x80\x80\x80", "\xfe", "\xff",
    };
    unsigned char buf[160];
    for (size_t len = 0; len <= 140; len++) {
        for (size_t lead = 0; lead < 2; lead++) {
            /* ASCII filler over the whole range (NUL and DEL included),
             * after an optional "é" */
            size_t n0 = 0;
            if (lead) {
                memcpy(buf, "\xc3\xa9", 2);
                n0 = 2;
            }
            for (size_t i = 0; i < len; i++)
                buf[n0 + i] = (unsigned char)((i * 37 + len) & 0x7F);
            check_utf8_like_bytewise(buf, n0 + len);
            for (size_t pos = 0; pos <= len; pos++) {
                for (size_t k = 0; k < sizeof seqs / sizeof *seqs; k++) {
                    unsigned char with[168];
                    size_t n = strlen(seqs[k]);
                    memcpy(with, buf, n0 + pos);
                    memcpy(with + n0 + pos, seqs[k], n);
                    memcpy(with + n0 + pos + n, buf + n0 + pos, len - pos);
                    check_utf8_like_bytewise(with, n0 + len + n);
                }
            }
        }
    }
}

static void test_grow_array_doubles_and_refuses_overflow(void **state)
{
    (void)state;
    uint32_t *v = NULL;
    size_t cap = 0;
    assert_int_equal(bersih_grow_array((void **)&v, &cap, 10, sizeof *v), BERSIH_OK);
    assert_int_equal(cap, 64);
    v[63] = 7;
    assert_int_equal(bersih_grow_array((void **)&v, &cap, 65, sizeof *v), BERSIH_OK);
    assert_int_equal(cap, 128);
    assert_int_equal(v[63], 7);
    assert_int_equal(bersih_grow_array((void **)&v, &cap, 100, sizeof *v), BERSIH_OK);
    assert_int_equal(cap, 128); /* enough already: nothing moves */
    /* a size whose doubling or byte count would wrap is refused, unchanged */
    uint32_t *before = v;
    assert_int_equal(bersih_grow_array((void **)&v, &cap, SIZE_MAX / 2 + 2, sizeof *v),
                     BERSIH_ERR_NOMEM);
    /* 2^62 elements of 8 bytes: the doubling fits, the byte count does not */
    assert_int_equal(bersih_grow_array((void **)&v, &cap, SIZE_MAX / 4 + 1, 8), BERSIH_ERR_NOMEM);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 128);
    bersih_alloc_fail_after(0);
    assert_int_equal(bersih_grow_array((void **)&v, &cap, 1000, sizeof *v), BERSIH_ERR_NOMEM);
    assert_int_equal(cap, 128);
    bersih_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_format_names_path_and_line),
        cmocka_unit_test(test_strerror_covers_every_status),
        cmocka_unit_test(test_buf_append_grows_and_terminates),
        cmocka_unit_test(test_buf_cap_refuses_and_keeps_content),
        cmocka_unit_test(test_buf_failed_allocation_leaves_buffer_intact),
        cmocka_unit_test(test_alloc_hook_fails_exactly_the_nth_call),
        cmocka_unit_test(test_utf8_validation_reports_first_bad_byte),
        cmocka_unit_test(test_utf8_validation_matches_bytewise),
        cmocka_unit_test(test_grow_array_doubles_and_refuses_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
