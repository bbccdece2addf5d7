/* test_tokenize.c - the matching key: words, folding, digits, hyphens, dateline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uclean.h>
#include <xxhash.h>

#include "bersih/tokenize.h"

static int setup_tokenizer(void **state)
{
    struct bersih_tokenizer *tk = NULL;
    if (bersih_tokenizer_new(&tk, NULL) != BERSIH_OK)
        return -1;
    *state = tk;
    return 0;
}

static int teardown_tokenizer(void **state)
{
    bersih_tokenizer_free(*state);
    return 0;
}

/* Keys of text[body_start..len) joined by '|' into out, and each token's
 * byte range (start, length) into ranges when it is not NULL; checks that
 * each hash is the XXH3 of its key. */
static size_t tokens_of(struct bersih_tokenizer *tk, const char *text, size_t len,
                        size_t body_start, char *out, size_t size, uint32_t *ranges)
{
    struct bersih_tokens toks;
    assert_int_equal(bersih_tokenize(tk, text, len, body_start, &toks, NULL), BERSIH_OK);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < toks.count; i++) {
        const struct bersih_token *t = &toks.items[i];
        used += (size_t)snprintf(out + used, size - used, "%s%.*s", i ? "|" : "",
                                 (int)t->key_len, toks.keys + t->key_start);
        assert_true(used < size);
        assert_int_equal(toks.hash[i], XXH3_64bits(toks.keys + t->key_start, t->key_len));
        if (ranges) {
            ranges[2 * i] = t->src_start;
            ranges[2 * i + 1] = t->src_len;
        }
    }
    return toks.count;
}

static const char *keys_of(struct bersih_tokenizer *tk, const char *text, size_t body_start,
                           char *out, size_t size)
{
    tokens_of(tk, text, strlen(text), body_start, out, size, NULL);
    return out;
}

static void test_tokenize_folds_case_and_maps_digits_to_zero(void **state)
{
    char out[512];
    assert_string_equal(keys_of(*state, "Pemilu 2024, Senin (5/12) pukul 15.00 WIB.\n", 0, out,
                                sizeof out),
                        "pemilu|0000|senin|0|00|pukul|00.00|wib");
}

static void test_tokenize_keeps_reduplicated_words_whole(void **state)
{
    char out[512];
    assert_string_equal(keys_of(*state, "anak-anak sama-sama se-Sumut, bolak - balik\n", 0, out,
                                sizeof out),
                        "anak-anak|sama-sama|se-sumut|bolak|balik");
}

static void test_tokenize_keeps_uax29_midletter_words_whole(void **state)
{
    char out[512];
    assert_string_equal(keys_of(*state, "HarianForum.com Jum'at Rp5.000,00 1,5 09:30 a.\n", 0,
                                out, sizeof out),
                        "harianforum.com|jum'at|rp0.000,00|0,0|00|00|a");
}

/* The ICU path (a run holding a non-ASCII byte) and the ASCII fast path must
 * give the same keys for the same words. */
static void test_tokenize_icu_path_agrees_with_ascii_path(void **state)
{
    char ascii[512], icu[512];
    keys_of(*state, "\"anak-anak HarianForum.com 5.000 Jum'at se-Sumut TAPSEL\"\n", 0, ascii,
            sizeof ascii);
    keys_of(*state,
            "\xe2\x80\x9c" "anak-anak\xe2\x80\x9d \xc2\xabHarianForum.com\xc2\xbb "
            "5.000\xe2\x80\xa6 Jum'at\xe2\x80\x9d se-Sumut\xe2\x80\x9d \xe2\x80\x98TAPSEL\xe2\x80\x99\n",
            0, icu, sizeof icu);
    assert_string_equal(icu, ascii);
}

/* An all-ASCII text is tokenized in one pass; a text with a non-ASCII byte
 * is cut into whitespace runs, ASCII runs by hand and the others by ICU.
 * On random strings over every byte class the ASCII rules name: the one-pass
 * path gives the same tokens as the run path (the same text with a non-ASCII
 * word appended), and the same keys as ICU (every run made non-ASCII by a
 * WORD JOINER, which UAX #29 ignores and NFKC_Casefold removes). A run
 * holding '_' goes to ICU on every path (tokenize.c says why): ICU's own
 * "_" is no word and "__" is one. */
static void test_tokenize_ascii_paths_agree_with_icu_on_random_text(void **state)
{
    static const char alphabet[] = "aZk09.',;:-  \n\t!\"()/";
    static char text[256], runs[300], icu[1100];
    static char want[4096], got[4096];
    static uint32_t want_ranges[512], got_ranges[512];
    uint64_t seed = 42;
    for (int round = 0; round < 20000; round++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        /* up to 255 bytes: the one-pass path works 64 bytes at a time */
        size_t len = (size_t)(seed >> 56);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            text[i] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        size_t nwant = tokens_of(*state, text, len, 0, want, sizeof want, want_ranges);
        memcpy(runs, text, len);
        memcpy(runs + len, " \xc3\xa9", 3);
        size_t ngot = tokens_of(*state, runs, len + 3, 0, got, sizeof got, got_ranges);
        assert_int_equal(ngot, nwant + 1);
        assert_memory_equal(got, want, strlen(want));
        assert_memory_equal(got_ranges, want_ranges, nwant * 2 * sizeof *want_ranges);
        size_t n = 0;
        for (size_t i = 0; i < len; i++) {
            if (text[i] == ' ' || text[i] == '\n' || text[i] == '\t')
                n += (size_t)sprintf(icu + n, "\xe2\x81\xa0");
            icu[n++] = text[i];
        }
        n += (size_t)sprintf(icu + n, "\xe2\x81\xa0");
        tokens_of(*state, icu, n, 0, got, sizeof got, NULL);
        if (strcmp(got, want) != 0)
            fail_msg("ICU: [%s] ASCII: [%s] text: [%.*s]", got, want, (int)len, text);
    }
}

static void test_tokenize_leaves_underscores_to_icu(void **state)
{
    char out[512];
    assert_string_equal(keys_of(*state, "a_b _ __ x_ Kota_Medan-Baru\n", 0, out, sizeof out),
                        "a_b|__|x_|kota_medan-baru");
}

static void test_tokenize_nfkc_casefold_and_unicode_digits(void **state)
{
    char out[512];
    /* fullwidth TAPSEL, the "fi" ligature, a soft hyphen inside a word,
     * Arabic-Indic digits, U+2010 HYPHEN joining a reduplication */
    assert_string_equal(keys_of(*state,
                                "\xef\xbc\xb4\xef\xbc\xa1\xef\xbc\xb0\xef\xbc\xb3\xef\xbc\xa5\xef\xbc\xac "
                                "\xef\xac\x81lm ana\xc2\xadk \xd9\xa1\xd9\xa2 kupu\xe2\x80\x90kupu\n",
                                0, out, sizeof out),
                        "tapsel|film|anak|00|kupu-kupu");
}

static void test_tokenize_dateline_variants_compare_equal_after_body_start(void **state)
{
    const char *a = "TAPSEL, HarianForum.com - Menjelang pelaksanaan Pemilu\n";
    const char *b = "TAPSEL - Menjelang pelaksanaan Pemilu\n";
    char ka[256], kb[256];
    keys_of(*state, a, (size_t)(strstr(a, "Menjelang") - a), ka, sizeof ka);
    keys_of(*state, b, (size_t)(strstr(b, "Menjelang") - b), kb, sizeof kb);
    assert_string_equal(ka, "menjelang|pelaksanaan|pemilu");
    assert_string_equal(kb, ka);
}

static void test_tokenize_maps_tokens_to_input_bytes(void **state)
{
    const char *text = "Kata \xe2\x80\x9c" "Bupati\xe2\x80\x9d anak-anak.\n";
    struct bersih_tokens toks;
    assert_int_equal(bersih_tokenize(*state, text, strlen(text), 0, &toks, NULL), BERSIH_OK);
    assert_int_equal(toks.count, 3);
    assert_memory_equal(text + toks.items[1].src_start, "Bupati", 6);
    assert_int_equal(toks.items[1].src_len, 6);
    assert_memory_equal(text + toks.items[2].src_start, "anak-anak", 9);
    assert_int_equal(toks.items[2].src_len, 9);
    for (size_t i = 0; i < toks.count; i++)
        assert_true(toks.hash[i] ==
                    XXH3_64bits(toks.keys + toks.items[i].key_start, toks.items[i].key_len));
}

static void test_tokenize_rejects_bad_input_with_offset(void **state)
{
    struct bersih_tokens toks;
    struct bersih_error err;
    bersih_error_clear(&err);
    const char bad[] = "abc \xff def";
    assert_int_equal(bersih_tokenize(*state, bad, strlen(bad), 0, &toks, &err), BERSIH_ERR_UTF8);
    assert_int_equal(err.offset, 4);
    assert_int_equal(toks.count, 0);
    assert_int_equal(bersih_tokenize(*state, "abc", 3, 4, &toks, &err), BERSIH_ERR_ARG);
    /* a body_start inside a character moves to the next character */
    const char *text = "\xc3\xa9t\xc3\xa9 ok";
    assert_int_equal(bersih_tokenize(*state, text, strlen(text), 1, &toks, &err), BERSIH_OK);
    assert_int_equal(toks.count, 2);
    assert_int_equal(toks.items[0].src_start, 2);
    assert_int_equal(bersih_tokenize(*state, "", 0, 0, &toks, &err), BERSIH_OK);
    assert_int_equal(toks.count, 0);
}

static void test_tokenize_survives_every_allocation_failure(void **state)
{
    (void)state;
    const char *text = "\xe2\x80\x9c" "Mari sama-sama kita sukseskan pemilu\xe2\x80\x9d, kata Bupati "
                       "Tapanuli Selatan pada Senin (5/12).\n";
    int succeeded = 0;
    for (long n = 0; n < 200 && !succeeded; n++) {
        struct bersih_tokenizer *tk = NULL;
        struct bersih_tokens toks;
        bersih_alloc_fail_after(n);
        bersih_status st = bersih_tokenizer_new(&tk, NULL);
        if (st == BERSIH_OK)
            st = bersih_tokenize(tk, text, strlen(text), 0, &toks, NULL);
        bersih_alloc_fail_after(-1);
        if (st == BERSIH_OK) {
            assert_int_equal(toks.count, 13);
            succeeded = 1;
        } else {
            assert_int_equal(st, BERSIH_ERR_NOMEM);
        }
        bersih_tokenizer_free(tk);
    }
    assert_true(succeeded);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize_folds_case_and_maps_digits_to_zero),
        cmocka_unit_test(test_tokenize_keeps_reduplicated_words_whole),
        cmocka_unit_test(test_tokenize_keeps_uax29_midletter_words_whole),
        cmocka_unit_test(test_tokenize_icu_path_agrees_with_ascii_path),
        cmocka_unit_test(test_tokenize_ascii_paths_agree_with_icu_on_random_text),
        cmocka_unit_test(test_tokenize_leaves_underscores_to_icu),
        cmocka_unit_test(test_tokenize_nfkc_casefold_and_unicode_digits),
        cmocka_unit_test(test_tokenize_dateline_variants_compare_equal_after_body_start),
        cmocka_unit_test(test_tokenize_maps_tokens_to_input_bytes),
        cmocka_unit_test(test_tokenize_rejects_bad_input_with_offset),
        cmocka_unit_test(test_tokenize_survives_every_allocation_failure),
    };
    int rc = cmocka_run_group_tests(tests, setup_tokenizer, teardown_tokenizer);
    u_cleanup();
    return rc;
}
