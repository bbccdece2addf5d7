/*
 * minhash_avx2.c - the AVX2 MinHash kernel, chosen at run time.
 *
 * Every function that uses AVX2 carries __attribute__((target("avx2"))), so
 * this file is compiled with the same flags as the rest of the library and
 * the binary still runs on a CPU without AVX2: bersih_minhash_new() calls
 * bersih_minhash_cpu_has_avx2() and only then installs this kernel.
 *
 * The arithmetic gives exactly the scalar kernel's values (the unit test
 * test_minhash_simd.c compares them on many random inputs):
 *   p = a * x                      a, x < 2^32, so p < 2^64 (_mm256_mul_epu32)
 *   s = (p & M) + (p >> 61) + b    s == a * x + b (mod M), s < 2^62 + 5
 *   t = (s & M) + (s >> 61)        t == s (mod M), t <= M + 1
 *   v = low 32 bits of t + ((t + 1) >> 61)
 * with M = 2^61 - 1. The scalar kernel reduces fully after the product and
 * again after adding b; one partial reduction is enough before adding b,
 * since the sum stays under 2^62 + 5 and a second fold brings it to M + 1 at
 * most. The last step maps t = M to 0 and t = M + 1 to 1 without a compare
 * (only then does t + 1 reach bit 61), and only the low 32 bits are kept.
 *
 * Layout: 8 permutations per step. Their a and b values sit in two
 * registers each, the even permutations (0, 2, 4, 6) in one and the odd ones
 * in the other, so the low halves of the two 64-bit results interleave into
 * 8 32-bit values in signature order with one shift and one blend. The loop
 * runs over blocks of 8 permutations outside and hashes inside, so the 8
 * signature values stay in a register for a whole chunk of hashes; the
 * folded 32-bit x of each hash is computed once per chunk into a stack array
 * (no allocation). A k that is not a multiple of 8 leaves its last k % 8
 * permutations to the scalar kernel.
 */
#include "bersih/minhash.h"
#include "minhash_internal.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define BERSIH_MINHASH_AVX2 1
#else
#define BERSIH_MINHASH_AVX2 0
#endif

#if BERSIH_MINHASH_AVX2

#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

/* [v0, v1, v2, v3], [v4, v5, v6, v7] -> even [v0, v2, v4, v6], odd [v1, v3, v5, v7] */
AVX2 static inline void split_even_odd(const uint64_t *v, __m256i *even, __m256i *odd)
{
    __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)v);
    __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(v + 4));
    /* unpack gives [v0, v4, v2, v6] and [v1, v5, v3, v7]; qword order 0, 2, 1, 3 */
    *even = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(lo, hi), 0xD8);
    *odd = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(lo, hi), 0xD8);
}

/* The low 32 bits of (a * x + b) mod (2^61 - 1) in each 64-bit lane's low half. */
AVX2 static inline __m256i permute4(__m256i a, __m256i b, __m256i x, __m256i mask61,
                                    __m256i one)
{
    __m256i p = _mm256_mul_epu32(a, x);
    __m256i s = _mm256_add_epi64(_mm256_add_epi64(_mm256_and_si256(p, mask61),
                                                  _mm256_srli_epi64(p, 61)),
                                 b);
    __m256i t = _mm256_add_epi64(_mm256_and_si256(s, mask61), _mm256_srli_epi64(s, 61));
    return _mm256_add_epi64(t, _mm256_srli_epi64(_mm256_add_epi64(t, one), 61));
}

AVX2 static void block8(const uint64_t *a, const uint64_t *b, const uint64_t *xs, size_t m,
                        uint32_t *sig)
{
    const __m256i mask61 = _mm256_set1_epi64x((long long)((UINT64_C(1) << 61) - 1));
    const __m256i one = _mm256_set1_epi64x(1);
    __m256i a_even, a_odd, b_even, b_odd;
    split_even_odd(a, &a_even, &a_odd);
    split_even_odd(b, &b_even, &b_odd);
    __m256i s = _mm256_loadu_si256((const __m256i *)(const void *)sig);
    for (size_t j = 0; j < m; j++) {
        __m256i x = _mm256_set1_epi64x((long long)xs[j]);
        __m256i even = permute4(a_even, b_even, x, mask61, one);
        __m256i odd = permute4(a_odd, b_odd, x, mask61, one);
        /* 32-bit lanes: even results in 0, 2, 4, 6; odd ones in 1, 3, 5, 7 */
        __m256i v = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
        s = _mm256_min_epu32(s, v);
    }
    _mm256_storeu_si256((__m256i *)(void *)sig, s);
}

AVX2 void bersih_minhash_kernel_avx2(const uint64_t *a, const uint64_t *b, size_t k,
                                     const uint64_t *hashes, size_t n, uint32_t *sig)
{
    uint64_t xs[BERSIH_MINHASH_CHUNK];
    size_t k8 = k - k % 8;
    for (size_t j0 = 0; j0 < n; j0 += BERSIH_MINHASH_CHUNK) {
        size_t m = bersih_minhash_fold_chunk(hashes, n, j0, xs);
        for (size_t i = 0; i < k8; i += 8)
            block8(a + i, b + i, xs, m, sig + i);
    }
    if (k8 < k)
        bersih_minhash_kernel_scalar(a + k8, b + k8, k - k8, hashes, n, sig + k8);
}

int bersih_minhash_cpu_has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
}

#else /* no x86 or no GCC-compatible compiler: the scalar kernel stands in */

void bersih_minhash_kernel_avx2(const uint64_t *a, const uint64_t *b, size_t k,
                                const uint64_t *hashes, size_t n, uint32_t *sig)
{
    bersih_minhash_kernel_scalar(a, b, k, hashes, n, sig);
}

int bersih_minhash_cpu_has_avx2(void)
{
    return 0;
}

#endif
