/*
 * idempotence_eval.c - how often a second cleaning changes what the first
 * one wrote, on random text built to provoke it.
 *
 *   idempotence_eval [--count N] [--seed S] [--show K]
 *
 * Each text is 2-14 fragments drawn, by a fixed-seed PRNG, from what makes
 * the normalizer's stages feed each other: entity and tag pieces, fullwidth
 * forms, controls and invisible characters, quotes, dashes, punctuation and
 * mojibake characters. Each is normalized (default options) once, and the
 * output again; the figure is how many outputs change, and of those how
 * many held a real en or em dash (the dash family, docs/hardening.md). The
 * fuzzer finds such texts one at a time; this counts them, so that a change
 * to the normalizer shows what it did to the whole family.
 *
 * Deterministic: the same seed gives the same figures.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uclean.h>

#include "bersih/normalize.h"

static const char *const fragments[] = {
    "&amp", "&#96", "&#x60", "&quot", "&lt", "&nbsp", "&", "#", ";", " ", "  ", "<br", "<p",
    ">", "/>", "/", "br", "p", "a", "b", "x", "96", "amp", "quot",
    "\xEF\xBC\x9B", "\xEF\xBC\x86", "\xEF\xBC\x83", "\xEF\xBC\x9C", "\xEF\xBC\x9E", /* fullwidth ;&#<> */
    "\xE2\x80\x8B", "\x01", "\x0E", "`", "''", "\"",                                  /* ZWSP, controls */
    "\xE2\x80\x93", "\xE2\x80\x94", ",", ".", "(", ")", ":", "Kata", "dua",         /* dashes */
    "\xC3\x83", "\xC2\xA9", "\xC2\xAC", "\xE2\x80\xA0", "\xE2\x88\x9A", "\xC2\xBA",   /* Ã © ¬ † √ º */
    "\xC3\xA9", "\n",
};
#define FRAGMENTS (sizeof fragments / sizeof fragments[0])

static uint64_t next_random(uint64_t *state) /* splitmix64 */
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static int has_dash(const char *s)
{
    return strstr(s, "\xE2\x80\x93") || strstr(s, "\xE2\x80\x94");
}

static void show(const char *what, const char *s, size_t len)
{
    printf("  %s \"", what);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\')
            printf("\\x%02X", c);
        else
            putchar(c);
    }
    printf("\"\n");
}

int main(int argc, char **argv)
{
    long count = 50000, shown = 0, show_max = 0;
    uint64_t seed = 7;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--count") && i + 1 < argc)
            count = atol(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--show") && i + 1 < argc)
            show_max = atol(argv[++i]);
        else {
            fprintf(stderr, "usage: idempotence_eval [--count N] [--seed S] [--show K]\n");
            return 2;
        }
    }
    struct bersih_normalizer *norm;
    struct bersih_error err;
    bersih_error_clear(&err);
    if (bersih_normalizer_new(NULL, &norm, &err) != BERSIH_OK) {
        fprintf(stderr, "idempotence_eval: %s\n", err.message);
        return 2;
    }
    struct bersih_buf text = BERSIH_BUF_INIT, once = BERSIH_BUF_INIT, twice = BERSIH_BUF_INIT;
    struct bersih_normalize_result res;
    bersih_normalize_result_init(&res);
    uint64_t state = seed;
    long changed = 0, with_dash = 0, failed = 0;
    for (long n = 0; n < count; n++) {
        bersih_buf_reset(&text);
        int pieces = 2 + (int)(next_random(&state) % 13);
        for (int k = 0; k < pieces; k++)
            if (bersih_buf_puts(&text, fragments[next_random(&state) % FRAGMENTS]) != BERSIH_OK)
                return 2;
        if (bersih_normalize(norm, text.data, text.len, &once, &res, &err) != BERSIH_OK ||
            bersih_normalize(norm, once.data, once.len, &twice, &res, &err) != BERSIH_OK) {
            failed++;
            continue;
        }
        if (once.len == twice.len && memcmp(once.data, twice.data, once.len) == 0)
            continue;
        changed++;
        with_dash += has_dash(bersih_buf_str(&text));
        if (shown++ < show_max) {
            show("input", text.data, text.len);
            show("once ", once.data, once.len);
            show("twice", twice.data, twice.len);
        }
    }
    printf("idempotence: %ld random texts (seed %llu), %ld changed by a second cleaning, "
           "%ld of those with an en or em dash; %ld failed\n",
           count, (unsigned long long)seed, changed, with_dash, failed);
    bersih_buf_release(&text);
    bersih_buf_release(&once);
    bersih_buf_release(&twice);
    bersih_normalize_result_release(&res);
    bersih_normalizer_free(norm);
    u_cleanup();
    return 0;
}
