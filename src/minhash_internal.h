/*
 * minhash_internal.h - what the MinHash kernels (minhash.c, minhash_avx2.c,
 * minhash_avx512.c) share: the permutations' input x of a shingle hash.
 */
#ifndef BERSIH_MINHASH_INTERNAL_H
#define BERSIH_MINHASH_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* x = (h ^ h >> 32) mod 2^32 (minhash.h): under 2^32, so a * x fits in 64
 * bits and the SIMD kernels multiply with 32 x 32 -> 64-bit lanes. */
static inline uint64_t bersih_minhash_x(uint64_t h)
{
    return (uint32_t)(h ^ (h >> 32));
}

/* Hashes folded to x per pass of a SIMD kernel over its permutation blocks
 * (2 KB of stack), so that each x is computed once, not once per block. */
#define BERSIH_MINHASH_CHUNK 256

/* x of hashes[j0..j0 + m) into xs, m = the chunk's length; returns m. */
static inline size_t bersih_minhash_fold_chunk(const uint64_t *hashes, size_t n, size_t j0,
                                               uint64_t *xs)
{
    size_t m = n - j0 < BERSIH_MINHASH_CHUNK ? n - j0 : BERSIH_MINHASH_CHUNK;
    for (size_t j = 0; j < m; j++)
        xs[j] = bersih_minhash_x(hashes[j0 + j]);
    return m;
}

#endif
