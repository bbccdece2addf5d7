/*
 * minhash_bench.c - the MinHash kernels alone: scalar, AVX2 and AVX-512.
 *
 *   minhash_bench [SHINGLES_PER_ARTICLE [ARTICLES [K]]]
 *
 * Signs ARTICLES sets of SHINGLES_PER_ARTICLE random hashes (default 350,
 * the median article of ../shared/corpus has about that many word 5-grams)
 * with k permutations (default 128), with each kernel, best of 3 runs, and
 * prints ns per shingle, shingles per second, MB/s of article text at
 * 6.4 bytes per word (the corpus average), and the speed-ups. Every SIMD
 * kernel's signatures are compared with the scalar kernel's, so the figures
 * are for identical work. A kernel the CPU cannot run is reported as such.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bersih/minhash.h"

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Parameters as bersih_minhash_new draws them (the values do not change the speed). */
static void draw(uint64_t *a, uint64_t *b, size_t k)
{
    uint64_t state = BERSIH_MINHASH_SEED_DEFAULT;
    for (size_t i = 0; i < k; i++) {
        a[i] = 1 + splitmix64(&state) % UINT64_C(0xFFFFFFFF);
        b[i] = splitmix64(&state) % ((UINT64_C(1) << 61) - 1);
    }
}

static double run(bersih_minhash_kernel_fn kernel, const uint64_t *a, const uint64_t *b, size_t k,
                  const uint64_t *h, size_t per, size_t articles, uint32_t *sig)
{
    double best = 1e30;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now();
        for (size_t i = 0; i < articles; i++) {
            uint32_t *s = sig + (i % 64) * k;
            memset(s, 0xFF, k * sizeof *s);
            kernel(a, b, k, h + (i % 64) * per, per, s);
        }
        double t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

static void print_row(const char *name, double t, double shingles, double text_mb)
{
    char label[16];
    snprintf(label, sizeof label, "%s:", name);
    printf("  %-9s%6.2f ns/shingle  %8.1f M shingles/s  %8.1f MB/s of text\n", label,
           t / shingles * 1e9, shingles / t / 1e6, text_mb / t);
}

static int check_same(const char *name, const uint32_t *want, const uint32_t *got, size_t n)
{
    if (memcmp(want, got, n * sizeof *want) == 0)
        return 0;
    printf("  ERROR: the %s kernel's signatures differ from the scalar kernel's\n", name);
    return 1;
}

int main(int argc, char **argv)
{
    size_t per = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 350;
    size_t articles = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 20000;
    size_t k = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : BERSIH_MINHASH_K_DEFAULT;
    if (per == 0 || articles == 0 || k == 0 || k > BERSIH_MINHASH_K_MAX) {
        fprintf(stderr, "usage: minhash_bench [SHINGLES_PER_ARTICLE [ARTICLES [K]]]\n");
        return 2;
    }
    uint64_t *a = malloc(k * sizeof *a), *b = malloc(k * sizeof *b);
    uint64_t *h = malloc(64 * per * sizeof *h);
    uint32_t *sig1 = malloc(64 * k * sizeof *sig1), *sig2 = malloc(64 * k * sizeof *sig2);
    if (!a || !b || !h || !sig1 || !sig2) {
        fprintf(stderr, "minhash_bench: out of memory\n");
        return 2;
    }
    draw(a, b, k);
    uint64_t rng = 1;
    for (size_t i = 0; i < 64 * per; i++)
        h[i] = splitmix64(&rng);
    double shingles = (double)per * (double)articles;
    /* a word 5-gram per word; 6.4 bytes of text per word in the corpus */
    double text_mb = shingles * 6.4 / 1e6;
    double ts = run(bersih_minhash_kernel_scalar, a, b, k, h, per, articles, sig1);
    printf("minhash k=%zu, %zu shingles x %zu articles (best of 3)\n", k, per, articles);
    print_row("scalar", ts, shingles, text_mb);
    /* run() fills signature slots i % 64 only; with fewer articles the rest
     * stay uninitialized and must not be compared */
    size_t used = articles < 64 ? articles : 64;
    int rc = 0;
    double tv2 = 0;
    if (bersih_minhash_cpu_has_avx2()) {
        tv2 = run(bersih_minhash_kernel_avx2, a, b, k, h, per, articles, sig2);
        print_row("avx2", tv2, shingles, text_mb);
        printf("  avx2 speed-up over scalar: %.2fx\n", ts / tv2);
        rc |= check_same("avx2", sig1, sig2, used * k);
    } else {
        printf("  avx2:    not available on this CPU\n");
    }
    if (bersih_minhash_cpu_has_avx512()) {
        double tv = run(bersih_minhash_kernel_avx512, a, b, k, h, per, articles, sig2);
        print_row("avx512", tv, shingles, text_mb);
        printf("  avx512 speed-up over scalar: %.2fx", ts / tv);
        if (tv2 > 0)
            printf(", over avx2: %.2fx", tv2 / tv);
        printf("\n");
        rc |= check_same("avx512", sig1, sig2, used * k);
    } else {
        printf("  avx512: not available on this CPU\n");
    }
    free(a);
    free(b);
    free(h);
    free(sig1);
    free(sig2);
    return rc;
}
