/*
 * minhash.c - permutation parameters, kernel dispatch, the scalar kernel,
 * the estimate. The SIMD kernels are in minhash_avx2.c and minhash_avx512.c.
 */
#include "bersih/minhash.h"
#include "internal.h"
#include "minhash_internal.h"

#define MERSENNE61 ((UINT64_C(1) << 61) - 1)

struct bersih_minhash {
    size_t k;
    uint64_t seed;
    uint64_t *a; /* a[k] then b[k], one allocation */
    uint64_t *b;
    bersih_minhash_kernel_fn kernel;
    const char *kernel_name;
};

/* splitmix64 (Steele, Lea, Flood 2014): a full-period 64-bit stream, enough
 * to draw parameters that only need to be independent-looking. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static void draw_parameters(struct bersih_minhash *mh)
{
    uint64_t state = mh->seed;
    for (size_t i = 0; i < mh->k; i++) {
        mh->a[i] = 1 + splitmix64(&state) % (UINT64_C(0xFFFFFFFF)); /* 1 .. 2^32-1 */
        mh->b[i] = splitmix64(&state) % MERSENNE61;
    }
}

bersih_status bersih_minhash_new(size_t k, uint64_t seed, struct bersih_minhash **out,
                                 struct bersih_error *err)
{
    *out = NULL;
    if (k == 0)
        k = BERSIH_MINHASH_K_DEFAULT;
    RETURN_ERROR_IF(k > BERSIH_MINHASH_K_MAX, err, BERSIH_ERR_ARG,
                    "MinHash k = %zu is over the maximum of %d", k, BERSIH_MINHASH_K_MAX);
    struct bersih_minhash *mh = bersih_calloc(1, sizeof *mh);
    uint64_t *params = mh ? bersih_calloc(2 * k, sizeof *params) : NULL;
    if (!params) {
        bersih_free(mh);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory creating MinHash");
    }
    mh->k = k;
    mh->seed = seed;
    mh->a = params;
    mh->b = params + k;
    /* the dispatch point: the widest kernel the CPU runs (checked at run time) */
    if (bersih_minhash_cpu_has_avx512()) {
        mh->kernel = bersih_minhash_kernel_avx512;
        mh->kernel_name = "avx512";
    } else if (bersih_minhash_cpu_has_avx2()) {
        mh->kernel = bersih_minhash_kernel_avx2;
        mh->kernel_name = "avx2";
    } else {
        mh->kernel = bersih_minhash_kernel_scalar;
        mh->kernel_name = "scalar";
    }
    draw_parameters(mh);
    *out = mh;
    return BERSIH_OK;
}

void bersih_minhash_free(struct bersih_minhash *mh)
{
    if (!mh)
        return;
    bersih_free(mh->a);
    bersih_free(mh);
}

size_t bersih_minhash_k(const struct bersih_minhash *mh)
{
    return mh->k;
}

const char *bersih_minhash_kernel_name(const struct bersih_minhash *mh)
{
    return mh->kernel_name;
}

void bersih_minhash_clear(const struct bersih_minhash *mh, uint32_t *sig)
{
    for (size_t i = 0; i < mh->k; i++)
        sig[i] = BERSIH_MINHASH_EMPTY;
}

/* x < 2^64 -> x mod (2^61 - 1): fold the top 3 bits onto the bottom. */
static inline uint64_t mod_mersenne61(uint64_t x)
{
    x = (x & MERSENNE61) + (x >> 61);
    return x >= MERSENNE61 ? x - MERSENNE61 : x;
}

void bersih_minhash_kernel_scalar(const uint64_t *a, const uint64_t *b, size_t k,
                                  const uint64_t *hashes, size_t n, uint32_t *sig)
{
    for (size_t j = 0; j < n; j++) {
        uint64_t x = bersih_minhash_x(hashes[j]);
        for (size_t i = 0; i < k; i++) {
            uint64_t v = mod_mersenne61(mod_mersenne61(a[i] * x) + b[i]);
            uint32_t low = (uint32_t)v;
            sig[i] = low < sig[i] ? low : sig[i];
        }
    }
}

void bersih_minhash_update(const struct bersih_minhash *mh, const uint64_t *hashes, size_t n,
                           uint32_t *sig)
{
    mh->kernel(mh->a, mh->b, mh->k, hashes, n, sig);
}

void bersih_minhash_sign(const struct bersih_minhash *mh, const uint64_t *hashes, size_t n,
                         uint32_t *sig)
{
    bersih_minhash_clear(mh, sig);
    bersih_minhash_update(mh, hashes, n, sig);
}

double bersih_minhash_estimate(const uint32_t *sig_a, const uint32_t *sig_b, size_t k)
{
    if (k == 0)
        return 0.0;
    size_t equal = 0;
    for (size_t i = 0; i < k; i++)
        equal += sig_a[i] == sig_b[i];
    return (double)equal / (double)k;
}
