/* test_minhash_simd.c - the AVX2 and AVX-512 MinHash kernels give exactly
 * the scalar kernel's signatures (random and edge-case inputs, every k % 8
 * and k % 16, chunk boundaries, streaming) and write nothing past sig[k),
 * the dispatch picks the widest kernel the CPU has, and signing allocates
 * nothing. A kernel's comparisons are skipped, with a message, on a CPU
 * without its instructions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>

#include <unicode/uclean.h>

#include "bersih/minhash.h"
#include "bersih/shingle.h"

#define M61 ((UINT64_C(1) << 61) - 1)
#define MAX_K 300
#define MAX_N 1100

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int have_avx2(void)
{
    if (bersih_minhash_cpu_has_avx2())
        return 1;
    print_message("skipped: this CPU has no AVX2 (or the library was built without the kernel)\n");
    return 0;
}

static int have_avx512(void)
{
    if (bersih_minhash_cpu_has_avx512())
        return 1;
    print_message("skipped: this CPU has no AVX-512F (or the library was built without the "
                  "kernel)\n");
    return 0;
}

/* Slots past sig[k) hold this, and a kernel must leave them so: the AVX-512
 * kernel's last block stores through a mask. */
#define GUARD 16
#define CANARY UINT32_C(0xA5A5A5A5)

/* Run the scalar kernel and simd from the same starting signature and compare. */
static void compare_kernels(bersih_minhash_kernel_fn simd, const uint64_t *a, const uint64_t *b,
                            size_t k, const uint64_t *h, size_t n, const uint32_t *start)
{
    static uint32_t scalar[MAX_K], vec[MAX_K + GUARD];
    memcpy(scalar, start, k * sizeof *scalar);
    memcpy(vec, start, k * sizeof *vec);
    for (size_t i = k; i < k + GUARD; i++)
        vec[i] = CANARY;
    bersih_minhash_kernel_scalar(a, b, k, h, n, scalar);
    simd(a, b, k, h, n, vec);
    assert_memory_equal(vec, scalar, k * sizeof *scalar);
    for (size_t i = k; i < k + GUARD; i++)
        assert_int_equal(vec[i], CANARY);
}

/* 3000 random cases: k from 1 to 300 (every residue mod 8 and mod 16), n
 * from 0 to 1100 (across the kernels' 256-hash chunks), parameters over
 * their whole ranges, and a starting signature that is empty or already
 * partly filled (bersih_minhash_update streams). */
static void random_cases(bersih_minhash_kernel_fn simd)
{
    static uint64_t a[MAX_K], b[MAX_K], h[MAX_N];
    static uint32_t start[MAX_K];
    uint64_t rng = 0x5EED;
    for (int trial = 0; trial < 3000; trial++) {
        size_t k = 1 + (size_t)(splitmix64(&rng) % MAX_K);
        size_t n = (size_t)(splitmix64(&rng) % (MAX_N + 1));
        for (size_t i = 0; i < k; i++) {
            a[i] = 1 + splitmix64(&rng) % UINT64_C(0xFFFFFFFF);
            b[i] = splitmix64(&rng) % M61;
            start[i] = trial % 3 == 0 ? (uint32_t)splitmix64(&rng) : BERSIH_MINHASH_EMPTY;
        }
        for (size_t j = 0; j < n; j++)
            h[j] = splitmix64(&rng);
        compare_kernels(simd, a, b, k, h, n, start);
    }
    /* random k can miss a residue; every k from 1 to 40 once, a chunk and a bit */
    for (size_t k = 1; k <= 40; k++) {
        for (size_t i = 0; i < k; i++) {
            a[i] = 1 + splitmix64(&rng) % UINT64_C(0xFFFFFFFF);
            b[i] = splitmix64(&rng) % M61;
            start[i] = BERSIH_MINHASH_EMPTY;
        }
        for (size_t j = 0; j < 300; j++)
            h[j] = splitmix64(&rng);
        compare_kernels(simd, a, b, k, h, 300, start);
    }
}

/* The chunk edges exactly, at the default k. */
static void chunk_edges(bersih_minhash_kernel_fn simd)
{
    static uint64_t a[128], b[128], h[1025];
    static uint32_t start[128];
    uint64_t rng = 77;
    for (size_t i = 0; i < 128; i++) {
        a[i] = 1 + splitmix64(&rng) % UINT64_C(0xFFFFFFFF);
        b[i] = splitmix64(&rng) % M61;
        start[i] = BERSIH_MINHASH_EMPTY;
    }
    for (size_t j = 0; j < 1025; j++)
        h[j] = splitmix64(&rng);
    const size_t sizes[] = { 0, 1, 2, 7, 8, 9, 255, 256, 257, 511, 512, 513, 1024, 1025 };
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
        compare_kernels(simd, a, b, 128, h, sizes[s], start);
}

/* Extreme a, x and b, and b chosen so that a * x + b lands on 0, 1, M - 1,
 * M and M + 1 before the last reduction: the cases where a kernel's
 * shortened reduction could differ if it were wrong. The pairs
 * 0x7FFFFFFF * 0x80000001, 0x80000001 * 0xFFFFFFFE and
 * 0x87FBC059 * 0xF0F87817 (products whose low 61 bits plus their top 3 bits
 * pass M) with b = M - 1 or M - 2 make (p & M) + (p >> 61) + b reach 2M or
 * more: the only sums for which the AVX-512 kernel's second conditional
 * subtraction matters (random a, x almost never give them). */
static void arithmetic_edges(bersih_minhash_kernel_fn simd)
{
    const uint64_t as[] = { 1,          2,          3,          0x7FFFFFFF, 0x80000000,
                            0x80000001, 0x87FBC059, 0xF0F87817, 0xFFFFFFFE, 0xFFFFFFFF };
    /* hashes whose folded x = (h ^ h >> 32) mod 2^32 is 0, 1, 2^31, 2^32 - 1,
     * and the partners of the pairs above */
    const uint64_t hs[] = { 0,
                            1,
                            0x80000000,
                            0xFFFFFFFF,
                            UINT64_C(0xFFFFFFFFFFFFFFFF),
                            UINT64_C(0xFFFFFFFF00000000),
                            UINT64_C(0x123456789ABCDEF0),
                            0x7FFFFFFF,
                            0x80000001,
                            0x87FBC059,
                            0xF0F87817,
                            0xFFFFFFFE };
    size_t na = sizeof as / sizeof as[0], nh = sizeof hs / sizeof hs[0];
    uint64_t a[16], b[16];
    uint32_t start[16];
    for (size_t i = 0; i < 16; i++)
        start[i] = BERSIH_MINHASH_EMPTY;
    for (size_t ia = 0; ia < na; ia++) {
        for (size_t ih = 0; ih < nh; ih++) {
            uint64_t x = (uint32_t)(hs[ih] ^ (hs[ih] >> 32));
            uint64_t ax = (as[ia] * x) % M61;
            uint64_t zero = (M61 - ax) % M61; /* a * x + zero == 0 (mod M) */
            const uint64_t bs[8] = { 0, 1, M61 - 1, M61 - 2, zero, (zero + 1) % M61,
                                     (zero + M61 - 1) % M61, (zero + 2) % M61 };
            /* lanes 4-7 of each 8 see as[ia], for which the b that zeroes
             * the sum was computed; lanes 0-3 see other a */
            for (size_t i = 0; i < 16; i++) {
                a[i] = i % 8 < 4 ? as[(ia + i) % na] : as[ia];
                b[i] = bs[i % 8];
            }
            /* 8: one AVX2 block, the AVX-512 tail alone; 13: a part block; 16: one full */
            const size_t ks[] = { 8, 13, 16 };
            for (size_t ik = 0; ik < sizeof ks / sizeof ks[0]; ik++) {
                compare_kernels(simd, a, b, ks[ik], &hs[ih], 1, start);
                compare_kernels(simd, a, b, ks[ik], hs, nh, start);
            }
        }
    }
}

static void test_avx2_matches_scalar_on_random_inputs(void **state)
{
    (void)state;
    if (!have_avx2()) {
        skip();
        return;
    }
    random_cases(bersih_minhash_kernel_avx2);
}

static void test_avx2_matches_scalar_at_chunk_edges(void **state)
{
    (void)state;
    if (!have_avx2()) {
        skip();
        return;
    }
    chunk_edges(bersih_minhash_kernel_avx2);
}

static void test_avx2_matches_scalar_at_arithmetic_edges(void **state)
{
    (void)state;
    if (!have_avx2()) {
        skip();
        return;
    }
    arithmetic_edges(bersih_minhash_kernel_avx2);
}

static void test_avx512_matches_scalar_on_random_inputs(void **state)
{
    (void)state;
    if (!have_avx512()) {
        skip();
        return;
    }
    random_cases(bersih_minhash_kernel_avx512);
}

static void test_avx512_matches_scalar_at_chunk_edges(void **state)
{
    (void)state;
    if (!have_avx512()) {
        skip();
        return;
    }
    chunk_edges(bersih_minhash_kernel_avx512);
}

static void test_avx512_matches_scalar_at_arithmetic_edges(void **state)
{
    (void)state;
    if (!have_avx512()) {
        skip();
        return;
    }
    arithmetic_edges(bersih_minhash_kernel_avx512);
}

static void test_dispatch_picks_the_widest_kernel_the_cpu_has(void **state)
{
    (void)state;
    struct bersih_minhash *mh = NULL;
    assert_int_equal(bersih_minhash_new(0, BERSIH_MINHASH_SEED_DEFAULT, &mh, NULL), BERSIH_OK);
    const char *expected = bersih_minhash_cpu_has_avx512() ? "avx512"
                           : bersih_minhash_cpu_has_avx2() ? "avx2"
                                                           : "scalar";
    assert_string_equal(bersih_minhash_kernel_name(mh), expected);
    print_message("MinHash kernel on this CPU: %s\n", bersih_minhash_kernel_name(mh));
    bersih_minhash_free(mh);
}

/* Shingling and signing take caller-owned buffers: with the next allocation
 * set to fail, they run and that allocation is still pending afterwards. */
static void test_shingling_and_signing_do_not_allocate(void **state)
{
    (void)state;
    struct bersih_minhash *mh = NULL;
    assert_int_equal(bersih_minhash_new(0, BERSIH_MINHASH_SEED_DEFAULT, &mh, NULL), BERSIH_OK);
    static uint64_t tokens[1000], shingles[1000];
    uint64_t rng = 3;
    for (size_t i = 0; i < 1000; i++)
        tokens[i] = splitmix64(&rng);
    uint32_t sig[128], again[128];
    bersih_alloc_fail_after(0);
    size_t n = bersih_shingle_hashes(tokens, 1000, BERSIH_SHINGLE_N_ARTICLE, shingles);
    bersih_minhash_sign(mh, shingles, n, sig);
    bersih_minhash_clear(mh, again);
    bersih_minhash_update(mh, shingles, n / 2, again);
    bersih_minhash_update(mh, shingles + n / 2, n - n / 2, again);
    void *p = bersih_malloc(1);
    bersih_alloc_fail_after(-1);
    assert_null(p); /* the failure set up above was not used by any call */
    assert_memory_equal(sig, again, sizeof sig);
    bersih_minhash_free(mh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_avx2_matches_scalar_on_random_inputs),
        cmocka_unit_test(test_avx2_matches_scalar_at_chunk_edges),
        cmocka_unit_test(test_avx2_matches_scalar_at_arithmetic_edges),
        cmocka_unit_test(test_avx512_matches_scalar_on_random_inputs),
        cmocka_unit_test(test_avx512_matches_scalar_at_chunk_edges),
        cmocka_unit_test(test_avx512_matches_scalar_at_arithmetic_edges),
        cmocka_unit_test(test_dispatch_picks_the_widest_kernel_the_cpu_has),
        cmocka_unit_test(test_shingling_and_signing_do_not_allocate),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    u_cleanup();
    return rc;
}
