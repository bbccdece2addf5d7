/*
 * minhash_avx512.c - the AVX-512 MinHash kernel, chosen at run time.
 *
 * As in minhash_avx2.c, every function that uses AVX-512 carries a target
 * attribute instead of the file getting -mavx512f, so the library keeps one
 * set of flags and still runs on a CPU without AVX-512: bersih_minhash_new()
 * installs this kernel only when bersih_minhash_cpu_has_avx512() says so.
 * Only AVX-512F instructions are used, so that is the one feature checked.
 *
 * The values are exactly the scalar kernel's (test_minhash_simd.c compares
 * them), by a shorter sequence than the AVX2 kernel's, since AVX-512 has an
 * unsigned 64-bit min:
 *   p = a * x                      a, x < 2^32, so p < 2^64 (_mm512_mul_epu32)
 *   s = (p & M) + (p >> 61) + b    s == a * x + b (mod M), s <= 2M + 6
 *   u = min(s, s - M)              u == s (mod M), u <= M + 6
 *   v = min(u, u - M)              v == s (mod M), v < M
 * with M = 2^61 - 1. When s < M, s - M wraps to 2^64 - (M - s) > s, so the
 * unsigned min keeps s; otherwise s - M is the smaller. That is one
 * conditional subtraction in two instructions, and two of them reach [0, M)
 * from s without a second fold; only the low 32 bits of v are kept.
 *
 * Layout: 16 permutations per step, in two registers of 8 in signature
 * order (no even/odd split), the 8 results of each in the low halves of
 * 64-bit lanes; one two-source permute (vpermt2d) gathers the 16 low halves
 * into signature order, where the AVX2 kernel needs a shift and a blend.
 * As there, the loop runs over blocks of permutations outside and a chunk of
 * hashes inside, so the signature values stay in a register for the chunk,
 * and the folded 32-bit x of each hash is computed once per chunk into a
 * stack array. A last block of k % 16 permutations runs with masked loads
 * and stores: the lanes past k compute from zeros and are never stored.
 */
#include "bersih/minhash.h"
#include "minhash_internal.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define BERSIH_MINHASH_AVX512 1
#else
#define BERSIH_MINHASH_AVX512 0
#endif

#if BERSIH_MINHASH_AVX512

#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))

/* The low 32 bits of (a * x + b) mod (2^61 - 1) in each 64-bit lane's low half. */
AVX512 static inline __m512i permute8(__m512i a, __m512i b, __m512i x, __m512i m61)
{
    __m512i p = _mm512_mul_epu32(a, x);
    __m512i s = _mm512_add_epi64(_mm512_add_epi64(_mm512_and_si512(p, m61),
                                                  _mm512_srli_epi64(p, 61)),
                                 b);
    __m512i u = _mm512_min_epu64(s, _mm512_sub_epi64(s, m61));
    return _mm512_min_epu64(u, _mm512_sub_epi64(u, m61));
}

/* Fold xs[0..m) into the live lanes (mask) of 16 permutations; a full block
 * has mask 0xFFFF. Masked-off a, b lanes load as 0 and their sig lanes are
 * neither read nor written, so a block may end at k without reading past it. */
AVX512 static void block16(const uint64_t *a, const uint64_t *b, const uint64_t *xs, size_t m,
                           uint32_t *sig, __mmask16 mask)
{
    const __m512i m61 = _mm512_set1_epi64((long long)((UINT64_C(1) << 61) - 1));
    /* 32-bit lane i of the result: low half of qword i of lo, then of hi */
    const __m512i gather = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                             28, 30);
    __mmask8 mask_lo = (__mmask8)(mask & 0xFF), mask_hi = (__mmask8)(mask >> 8);
    __m512i a_lo = _mm512_maskz_loadu_epi64(mask_lo, a);
    __m512i a_hi = _mm512_maskz_loadu_epi64(mask_hi, a + 8);
    __m512i b_lo = _mm512_maskz_loadu_epi64(mask_lo, b);
    __m512i b_hi = _mm512_maskz_loadu_epi64(mask_hi, b + 8);
    __m512i s = _mm512_maskz_loadu_epi32(mask, sig);
    for (size_t j = 0; j < m; j++) {
        __m512i x = _mm512_set1_epi64((long long)xs[j]);
        __m512i lo = permute8(a_lo, b_lo, x, m61);
        __m512i hi = permute8(a_hi, b_hi, x, m61);
        s = _mm512_min_epu32(s, _mm512_permutex2var_epi32(lo, gather, hi));
    }
    _mm512_mask_storeu_epi32(sig, mask, s);
}

AVX512 void bersih_minhash_kernel_avx512(const uint64_t *a, const uint64_t *b, size_t k,
                                         const uint64_t *hashes, size_t n, uint32_t *sig)
{
    uint64_t xs[BERSIH_MINHASH_CHUNK];
    size_t k16 = k - k % 16;
    __mmask16 tail = (__mmask16)((1u << (k % 16)) - 1);
    for (size_t j0 = 0; j0 < n; j0 += BERSIH_MINHASH_CHUNK) {
        size_t m = bersih_minhash_fold_chunk(hashes, n, j0, xs);
        for (size_t i = 0; i < k16; i += 16)
            block16(a + i, b + i, xs, m, sig + i, 0xFFFF);
        if (tail)
            block16(a + k16, b + k16, xs, m, sig + k16, tail);
    }
}

/* libgcc's and compiler-rt's cpu model report AVX-512F only when the OS also
 * saves the ZMM and mask registers (XCR0), so this is enough to run it. */
int bersih_minhash_cpu_has_avx512(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") != 0;
}

#else /* no x86 or no GCC-compatible compiler: the scalar kernel stands in */

void bersih_minhash_kernel_avx512(const uint64_t *a, const uint64_t *b, size_t k,
                                  const uint64_t *hashes, size_t n, uint32_t *sig)
{
    bersih_minhash_kernel_scalar(a, b, k, hashes, n, sig);
}

int bersih_minhash_cpu_has_avx512(void)
{
    return 0;
}

#endif
