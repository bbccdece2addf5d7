/*
 * minhash.h - MinHash signatures of a set of 64-bit shingle hashes.
 *
 * Permutation i maps a shingle hash h to
 *     p_i(h) = (a_i * x + b_i) mod (2^61 - 1),  x = (h ^ h >> 32) mod 2^32,
 * with 1 <= a_i < 2^32 and 0 <= b_i < 2^61 - 1 drawn from splitmix64(seed):
 * the universal family datasketch and text-dedup use. With x and a_i under
 * 2^32 the product fits in 64 bits, and a Mersenne modulus reduces with a
 * shift, a mask and an add: no 128-bit arithmetic, and the same steps exist
 * in AVX2 and AVX-512 (_mm256/_mm512_mul_epu32), so a SIMD kernel is a
 * drop-in. Signature value i is min over the set of the low 32 bits of
 * p_i(h): 32-bit values halve a signature (k = 128 is 512 bytes, inside
 * corpus dedup's 1 KB per article) and fit 8 per AVX2 register (16 per
 * AVX-512 register) for the min; a chance tie of two 32-bit minima
 * in sets of a few thousand shingles is about 1e-6 per value, far below the
 * sampling error.
 *
 * k (default 128): the standard error of the estimated Jaccard J is
 * sqrt(J(1-J)/k), 0.035 at J = 0.8 for k = 128; corpus dedup verifies its
 * candidates exactly, so more permutations would buy little (anchors 7.2).
 *
 * Layout: the parameters are two arrays (a[k], b[k]), and a kernel takes one
 * shingle hash at a time across all k permutations, so the inner loop runs
 * over contiguous a, b and signature slots. The kernel is a function pointer
 * chosen in bersih_minhash_new() from what the CPU has (__builtin_cpu_supports,
 * checked at run time, so one binary runs everywhere): the AVX-512 kernel
 * (src/minhash_avx512.c, 16 permutations per step) with AVX-512F, else the
 * AVX2 kernel (src/minhash_avx2.c, 8 per step) with AVX2, else the portable
 * scalar one. All three give identical signatures, so signature files and
 * reports do not depend on the machine (tests/unit/test_minhash_simd.c);
 * none allocates.
 *
 * Owns:     a bersih_minhash holds k, the seed and the a/b arrays.
 * Borrows:  hash arrays and signature buffers, for the call.
 * Frees:    bersih_minhash_free() (NULL is a no-op).
 * Threads:  a bersih_minhash is read-only after _new: share one among threads.
 */
#ifndef BERSIH_MINHASH_H
#define BERSIH_MINHASH_H

#include "bersih/bersih.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BERSIH_MINHASH_K_DEFAULT 128
#define BERSIH_MINHASH_K_MAX 4096
/* "bersih" in ASCII: a fixed seed, so a signature is the same on every run and
 * signatures from different runs (an --index file) can be compared. */
#define BERSIH_MINHASH_SEED_DEFAULT UINT64_C(0x626572736968)
/* The value of an empty signature slot (no shingles seen). */
#define BERSIH_MINHASH_EMPTY UINT32_MAX

/* One kernel: fold hashes[0..n) into sig[0..k) (sig[i] = min(sig[i], p_i(h))). */
typedef void (*bersih_minhash_kernel_fn)(const uint64_t *a, const uint64_t *b, size_t k,
                                         const uint64_t *hashes, size_t n, uint32_t *sig);

struct bersih_minhash;

/* k = 0 means BERSIH_MINHASH_K_DEFAULT; k over BERSIH_MINHASH_K_MAX is
 * BERSIH_ERR_ARG. */
BERSIH_NODISCARD bersih_status bersih_minhash_new(size_t k, uint64_t seed,
                                                  struct bersih_minhash **out,
                                                  struct bersih_error *err);
void bersih_minhash_free(struct bersih_minhash *mh);

size_t bersih_minhash_k(const struct bersih_minhash *mh);
/* "avx512", "avx2" or "scalar": which kernel bersih_minhash_update() runs. */
const char *bersih_minhash_kernel_name(const struct bersih_minhash *mh);

/* sig[0..k) = BERSIH_MINHASH_EMPTY. */
void bersih_minhash_clear(const struct bersih_minhash *mh, uint32_t *sig);
/* Fold n more shingle hashes into sig (streaming: call as often as needed). */
void bersih_minhash_update(const struct bersih_minhash *mh, const uint64_t *hashes, size_t n,
                           uint32_t *sig);
/* clear + update: the signature of the set hashes[0..n) (duplicates ignored). */
void bersih_minhash_sign(const struct bersih_minhash *mh, const uint64_t *hashes, size_t n,
                         uint32_t *sig);

/* The portable kernel, exported so a SIMD kernel can be tested against it. */
void bersih_minhash_kernel_scalar(const uint64_t *a, const uint64_t *b, size_t k,
                                  const uint64_t *hashes, size_t n, uint32_t *sig);
/* The AVX2 kernel: call it only when bersih_minhash_cpu_has_avx2() (it would
 * fault on a CPU without AVX2). Where the library is built for another
 * architecture it is the scalar kernel under another name. */
void bersih_minhash_kernel_avx2(const uint64_t *a, const uint64_t *b, size_t k,
                                const uint64_t *hashes, size_t n, uint32_t *sig);
/* 1 when this CPU runs AVX2 (and the library has the kernel), else 0. */
int bersih_minhash_cpu_has_avx2(void);
/* The AVX-512 kernel: call it only when bersih_minhash_cpu_has_avx512(). As
 * with AVX2, on another architecture it is the scalar kernel. */
void bersih_minhash_kernel_avx512(const uint64_t *a, const uint64_t *b, size_t k,
                                  const uint64_t *hashes, size_t n, uint32_t *sig);
/* 1 when this CPU (and OS) runs AVX-512F and the library has the kernel, else 0. */
int bersih_minhash_cpu_has_avx512(void);

/* Share of equal slots: the estimate of the Jaccard similarity of the sets. */
double bersih_minhash_estimate(const uint32_t *sig_a, const uint32_t *sig_b, size_t k);

#ifdef __cplusplus
}
#endif

#endif /* BERSIH_MINHASH_H */
