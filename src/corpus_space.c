/*
 * corpus_space.c - the index's large per-article arrays, in address space
 * reserved once, so that they grow in place.
 *
 * Why: the index's arrays (article records, band keys, band chains,
 * samples, names) reach hundreds of MB at a million articles, and they
 * grow on the one thread that adds articles in input order. realloc()
 * doubles them: it copies an array into fresh pages, or moves its page
 * tables, and each fresh 4 KB page then faults. On the bench VM, where a
 * fault costs about 12 us, single adds took 4-57 ms while an array grew
 * (the 16 MB samples array, moved off the heap, 51-57 ms), 200-270 ms in
 * all on 100,000 articles; at -j2 the other thread, its few batches done,
 * waited through all of it.
 *
 * An array in reserved address space stays where it is: growing is one
 * mprotect() of the next stretch, and no byte is copied (leaving the heap
 * copies its 2 MB once; past its 64 GB reservation it moves by mremap(),
 * which copies none). The reservation is 2 MB-aligned and advised for
 * transparent huge pages, so an array faults in 2 MB at a time, about 50
 * times cheaper a byte than 4 KB pages (make bench's "kernel costs"
 * line); its resident size is what was touched, rounded up to 2 MB.
 *
 * Reserving costs address space, not memory: the PROT_NONE reservation is
 * neither resident nor charged as committed; a stretch is charged when it
 * is made writable, which under strict overcommit may fail (ENOMEM: out of
 * memory, as a failed realloc is). Where address space itself is bounded
 * (RLIMIT_AS, `ulimit -v`), a reservation would take from what malloc may
 * use, so the arrays stay on the heap there, as they always were; small
 * arrays stay on the heap everywhere, where ASan checks their bounds.
 */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "corpus_internal.h"

/* The huge page of x86-64 and of arm64 with 4 KB pages: the unit of
 * reservation and of commitment. */
#define SPACE_UNIT ((size_t)2 << 20)
#if SIZE_MAX > UINT32_MAX
/* What an array reserves first: 64 GB holds the samples of about 130
 * million articles (512 bytes each at most), and costs nothing but address
 * space, of which a 64-bit Linux process has 128 TB; the index reserves it
 * five times. An array that outgrows it moves (its page tables, not its
 * bytes: mremap) to a reservation SPACE_GROWTH times its size. */
#define SPACE_RESERVE_MIN ((size_t)64 << 30)
#endif
#define SPACE_GROWTH 16

void corpus_space_init(struct corpus_space *s)
{
    memset(s, 0, sizeof *s);
#ifdef SPACE_RESERVE_MIN
    struct rlimit limit;
    s->reserve_min = SPACE_RESERVE_MIN;
    s->heap_only = getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur != RLIM_INFINITY;
#else
    s->heap_only = 1; /* a 32-bit process has no address space to spare */
#endif
}

static int round_up(size_t n, size_t unit, size_t *out)
{
    if (n > SIZE_MAX - (unit - 1))
        return 0;
    *out = (n + unit - 1) & ~(unit - 1);
    return 1;
}

/* A fresh reservation of size bytes (a multiple of SPACE_UNIT) at a
 * SPACE_UNIT boundary; NULL when none could be made. */
static char *reserve_aligned(size_t size)
{
    if (size > SIZE_MAX - SPACE_UNIT)
        return NULL;
    char *raw = mmap(NULL, size + SPACE_UNIT, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    char *base = (char *)(((uintptr_t)raw + SPACE_UNIT - 1) & ~(uintptr_t)(SPACE_UNIT - 1));
    if (base > raw)
        (void)munmap(raw, (size_t)(base - raw));
    if (raw + SPACE_UNIT > base)
        (void)munmap(base + size, (size_t)(raw + SPACE_UNIT - base));
#ifdef MADV_HUGEPAGE
    (void)madvise(base, size, MADV_HUGEPAGE); /* a hint: if refused, 4 KB pages */
#endif
    return base;
}

/* Make base[from, to) writable: the stretch an array grows into. */
static int commit(char *base, size_t from, size_t to)
{
    return to <= from || mprotect(base + from, to - from, PROT_READ | PROT_WRITE) == 0;
}

/* Move the reservation's committed pages to base, where the same length is
 * reserved: by mremap(), which copies no byte, so that the old pages are
 * never resident twice; where there is no mremap(), by a copy. On failure
 * the pages are where they were, and base[0, committed) may or may not be
 * reserved still (mremap() unmaps its target before it moves). */
static int move_pages(struct corpus_space *s, char *base)
{
    if (s->refuse_move)
        return 0;
#if defined(MREMAP_MAYMOVE) && defined(MREMAP_FIXED)
    return mremap(s->base, s->committed, s->committed, MREMAP_MAYMOVE | MREMAP_FIXED, base) !=
           MAP_FAILED;
#else
    if (!commit(base, 0, s->committed))
        return 0;
    memcpy(base, s->base, s->committed);
    (void)munmap(s->base, s->committed); /* as if moved: the caller unmaps the rest */
    return 1;
#endif
}

/* Move the array (used bytes of it at *ptr) into a new reservation with
 * room for bytes; the old one, heap block or reservation, is given back.
 * On failure the array stays where it was, whole. */
static bersih_status space_move(struct corpus_space *s, void **ptr, size_t used, size_t bytes,
                                struct bersih_error *err)
{
    size_t size = s->reserve_min;
    if (bytes > size / SPACE_GROWTH &&
        (!bersih_mul_ok(bytes, SPACE_GROWTH, &size) || !round_up(size, SPACE_UNIT, &size)))
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    size_t committed;
    if (!round_up(bytes, SPACE_UNIT, &committed))
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    char *base = reserve_aligned(size);
    if (!base && !s->base) {
        s->heap_only = 1; /* no address space to reserve: the heap, as before */
        return BERSIH_OK;
    }
    RETURN_ERROR_IF(!base, err, BERSIH_ERR_NOMEM, "out of memory (address space)");
    /* What lies past the old pages first, so that a refusal changes nothing. */
    size_t old = s->base ? s->committed : 0;
    if (!commit(base, old, committed)) {
        (void)munmap(base, size);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    if (s->base && !move_pages(s, base)) {
        /* base[0, old) is left alone: if mremap() freed it, another
         * thread's mapping may be there now. It costs address space only. */
        (void)munmap(base + old, size - old);
        return bersih_error_set(err, BERSIH_ERR_NOMEM, "out of memory");
    }
    if (s->base) {
        /* only the rest: [s->base, s->base + old) is free address space
         * since the move, and may hold another thread's mapping by now */
        (void)munmap(s->base + old, s->reserved - old);
    } else {
        if (used)
            memcpy(base, *ptr, used);
        bersih_free(*ptr);
    }
    s->base = base;
    s->reserved = size;
    s->committed = committed;
    *ptr = base;
    return BERSIH_OK;
}

bersih_status corpus_space_grow(struct corpus_space *s, void **ptr, size_t *cap, size_t need,
                                size_t elem, struct bersih_error *err)
{
    if (need <= *cap)
        return BERSIH_OK;
    /* The heap's rule, so that an array's cap means the same on the heap
     * and here. */
    size_t want, bytes;
    RETURN_ERROR_IF(bersih_grown_capacity(*cap, need, elem, &want, &bytes) != BERSIH_OK, err,
                    BERSIH_ERR_NOMEM, "out of memory");
    /* Off the heap at 2 MB, to a larger reservation past this one. */
    if (!s->heap_only && (s->base ? bytes > s->reserved : bytes >= CORPUS_SPACE_FROM))
        FORWARD_IF_ERROR(space_move(s, ptr, *cap * elem, bytes, err));
    if (!s->base)
        return corpus_grow(ptr, cap, need, elem, err);
    if (bytes > s->committed) {
        /* bytes <= reserved, a multiple of SPACE_UNIT: rounding up stays inside */
        size_t committed;
        RETURN_ERROR_IF(!round_up(bytes, SPACE_UNIT, &committed) ||
                            !commit(s->base, s->committed, committed),
                        err, BERSIH_ERR_NOMEM, "out of memory");
        s->committed = committed;
    }
    *cap = want;
    return BERSIH_OK;
}

void corpus_space_free(struct corpus_space *s, void *ptr)
{
    if (s->base)
        (void)munmap(s->base, s->reserved);
    else
        bersih_free(ptr);
    s->base = NULL;
    s->reserved = s->committed = 0;
}
