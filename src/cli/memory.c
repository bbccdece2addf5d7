/*
 * memory.c - how `bersih`, `bersih check` and `bersih dedup` ask glibc's
 * malloc for memory.
 *
 * Why the program tunes malloc at all: on the virtual machines corpora are
 * often cleaned on, the first touch of a fresh 4 KB page is dear. On the
 * bench machine (make bench's "kernel costs" line) a page fault took about
 * 11 us, against 0.2 us a 4 KB page for memory faulted in as 2 MB
 * transparent huge pages, and in a process of two threads a fault cost
 * about twice as much. Clean of the 56 MB shared corpus took 1,000 faults
 * at -j1 and 2,400 at -j2 (each thread's batches keep buffers of their
 * own), and at -j2 spent 400 ms of CPU time against 330 at -j1.
 *
 * What glibc does by default: each thread beyond the first gets a malloc
 * arena of its own, grown a page at a time (an mprotect call each: 270 in
 * that run); no memory is in huge pages, as the kernel gives them only
 * where asked to (THP "madvise", Debian's default) and glibc asks only
 * under GLIBC_TUNABLES=glibc.malloc.hugetlb=1.
 *
 * What this does instead: one arena for all threads (the workers call
 * malloc about once for every three articles, as their buffers are kept from
 * article to article, so they do not contend for it); the program's heap
 * grown by 64 MB once, at the start, asked to be in huge pages and kept,
 * not trimmed; blocks up to 1 MB taken from it (the writer's 256 KB chunks
 * among them), larger ones mapped on their own as before. Clean of the
 * shared corpus then takes 280 faults at -j1 and at -j2, and its -j2 run
 * 10% less CPU time. The 64 MB are address space until touched; a touched
 * 2 MB page is resident whole, which adds 1.5-4 MB of RSS to a run. Later
 * growth of the heap goes by glibc's default steps, so that a run under a
 * memory limit (ulimit -v, -d) that refused the 64 MB still gets what
 * it needs.
 *
 * `bersih dedup` tunes only inputs of up to 256 MB, or of a size it cannot
 * tell (a directory, standard input), and not when it loads an index or
 * signature files, once it has parsed its options; it gives glibc its
 * trimming back (cli_untune_memory: the one arena and the 1 MB mmap
 * threshold stay) once its index holds 100,000 articles (dedup.c). The
 * index grows its tables by doubling and frees the old ones, and a heap
 * kept rather than trimmed held what they freed, 18 MB more at the peak of
 * 1M articles (19 MiB at -j2: 957 MiB, past 10^9 bytes), where its memory
 * is closest to its 1 GB goal. Given back at
 * 100,000 articles, the peak is still 5-20 MiB above glibc's defaults (939
 * against 931 MiB at -j1, 941-959 against 936-938 at -j2: what the tuned
 * heap placed by then stays where it is); given back at 10,000 it is not
 * (932), but the shared corpus (26,515 articles) then loses most of the
 * gain. Below that size the tuning is what the index needs most: dedup of
 * 10K articles took 3,785 faults at -j2 instead of 302.
 *
 * Nothing changes without glibc, or when the user tunes malloc through the
 * environment (GLIBC_TUNABLES naming a glibc.malloc. tunable, or any
 * MALLOC_ variable, such as MALLOC_ARENA_MAX or MALLOC_PERTURB_). Under a
 * sanitizer's or valgrind's malloc it does nothing useful (ASan's mallopt
 * fails; under TSan and valgrind the break does not move, so nothing is
 * advised), which is why `make check` also runs the end-to-end tests on
 * the release build.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "cli.h"

/* What the heap grows by at the start: clean of a million articles at -j2
 * peaks at 25 MB. */
#define HEAP_STEP ((size_t)64 << 20)
/* glibc's default top pad, for every later growth */
#define HEAP_PAD_DEFAULT ((size_t)128 << 10)
/* glibc's default trim threshold, for cli_untune_memory */
#define HEAP_TRIM_DEFAULT ((size_t)128 << 10)
/* glibc gives the top of the heap back once it is this much free: more than
 * HEAP_STEP, or the first free() would hand the huge pages back. */
#define HEAP_KEEP ((size_t)128 << 20)
/* Blocks this large and larger are mapped on their own (their pages go
 * back at free(), and realloc moves them without a copy). */
#define MAPPED_FROM ((size_t)1 << 20)
#define MAPPED_MAX ((size_t)32 << 20) /* glibc's largest threshold on 64-bit */
/* The huge page of x86-64 and of arm64 with 4 KB pages; elsewhere only the
 * alignment is off, and the hint may be refused. */
#define HUGE_PAGE ((uintptr_t)2 << 20)

/* mallinfo2 is glibc 2.33's (Debian 12 has 2.36) */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33) && defined(MADV_HUGEPAGE) && \
    defined(M_ARENA_MAX)
/* Grow the heap by HEAP_STEP now and ask for huge pages in it; return a
 * block to free at exit. The kernel backs a 2 MB-aligned 2 MB of a mapping
 * with a huge page when it is first touched only if no page of it is
 * mapped yet, and malloc hands out the heap from its start up, writing a
 * header after each block it carves from the top. So the heap is grown by allocating a
 * block from the top's start to one page short of a 2 MB boundary (kept
 * until exit: touched only at its header, it costs address space): the
 * header after it lands in that page, and the heap is in huge pages from
 * the boundary on. */
static void *heap_in_huge_pages(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *end = sbrk(0);
    if (page <= 0 || end == (char *)-1)
        return NULL;
    /* glibc's keepcost: the size of the top chunk, which ends at the break */
    size_t top = mallinfo2().keepcost;
    uintptr_t top_start = (uintptr_t)end - top;
    /* A block larger than the top, so that the heap grows now: up to 2 MB
     * and a page more than the top. */
    uintptr_t boundary = (top_start + top + (uintptr_t)page + 64 + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    size_t reach = boundary - (uintptr_t)page - top_start - 2 * sizeof(size_t);
    void *reserved = malloc(reach);
    char *grown = sbrk(0);
    if (!reserved || grown == (char *)-1 || (uintptr_t)grown <= boundary)
        return reserved;
    uintptr_t to = (uintptr_t)grown & ~(HUGE_PAGE - 1);
    if (to > boundary) /* a hint: if refused, nothing changes */
        (void)madvise((void *)boundary, to - boundary, MADV_HUGEPAGE);
    return reserved;
}

extern char **environ;

/* Has the user tuned malloc through the environment? */
static int malloc_tuned_by_user(void)
{
    const char *tunables = getenv("GLIBC_TUNABLES");
    if (tunables && strstr(tunables, "glibc.malloc."))
        return 1;
    for (char **var = environ; var && *var; var++)
        if (strncmp(*var, "MALLOC_", 7) == 0)
            return 1;
    return 0;
}

void cli_tune_memory(struct cli_memory *memory)
{
    memory->tuned = 0;
    memory->reserved = NULL;
    if (malloc_tuned_by_user())
        return;
    /* The one arena last, so that a refusal before it leaves the threads
     * as glibc would have them; the block that grows the heap is up to
     * 2 MB more than the top of the heap, so it is taken from the heap only
     * under the largest threshold. */
    if (mallopt(M_TRIM_THRESHOLD, (int)HEAP_KEEP) != 1)
        return;
    memory->tuned = 1;
    if (mallopt(M_MMAP_THRESHOLD, (int)MAPPED_MAX) != 1)
        return;
    if (mallopt(M_TOP_PAD, (int)HEAP_STEP) == 1) {
        memory->reserved = heap_in_huge_pages();
        (void)mallopt(M_TOP_PAD, (int)HEAP_PAD_DEFAULT);
    }
    (void)mallopt(M_MMAP_THRESHOLD, (int)MAPPED_FROM);
    (void)mallopt(M_ARENA_MAX, 1);
}

/* The heap is trimmed again as glibc trims it by default, and what it
 * keeps free now is given back; blocks from 1 MB up stay mapped on their
 * own, which also gives their pages back at free(). */
void cli_untune_memory(struct cli_memory *memory)
{
    if (!memory->tuned)
        return;
    memory->tuned = 0;
    free(memory->reserved);
    memory->reserved = NULL;
    (void)mallopt(M_TRIM_THRESHOLD, (int)HEAP_TRIM_DEFAULT);
    (void)malloc_trim(0);
}
#else
void cli_tune_memory(struct cli_memory *memory)
{
    memory->tuned = 0;
    memory->reserved = NULL;
}

void cli_untune_memory(struct cli_memory *memory)
{
    (void)memory;
}
#endif

void cli_release_memory(struct cli_memory *memory)
{
    free(memory->reserved);
    memory->reserved = NULL;
}
