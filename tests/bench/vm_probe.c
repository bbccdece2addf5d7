/*
 * vm_probe.c - what the machine charges for the kernel work bersih's
 * threads cause: a system call, a page fault on a fresh page, the same
 * pages mapped in by one madvise(MADV_POPULATE_WRITE), and a 4 KB page's
 * share of a 2 MB transparent huge page (what `bersih`'s heap is asked to
 * be in, src/cli/memory.c). On the bench VM these were 1 us, 11 us, 1.7 us
 * and 0.2 us (docs/performance.md, "-j2"); on bare metal a fault is well
 * under a microsecond.
 *
 *   vm_probe        prints the four figures, best of 3
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SYSCALLS 200000
#define REGION (4u << 20)
#define ROUNDS 25
#define HUGE_PAGE ((size_t)2 << 20)

enum touch { FAULT, POPULATE, HUGE };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double syscall_us(void)
{
    double t0 = now();
    for (int i = 0; i < SYSCALLS; i++)
        (void)syscall(SYS_getppid); /* not cached by libc, unlike getpid */
    return (now() - t0) / SYSCALLS * 1e6;
}

/* Does the kernel give transparent huge pages where asked? madvise takes
 * the hint even when it does not. */
static int huge_pages_on(void)
{
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f)
        return 0;
    char mode[64] = "";
    if (!fgets(mode, sizeof mode, f))
        mode[0] = '\0';
    fclose(f);
    return strstr(mode, "[never]") == NULL;
}

/* Map REGION (2 MB-aligned, asked to be in huge pages for HUGE), or
 * NULL. *base and *len are what to unmap. */
static char *map_region(enum touch how, char **base, size_t *len)
{
    *len = how == HUGE ? REGION + HUGE_PAGE : REGION;
    *base = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (*base == MAP_FAILED)
        return NULL;
    char *p = *base;
    int refused = 0;
    if (how == HUGE) {
#ifdef MADV_HUGEPAGE
        p = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
        refused = madvise(p, REGION, MADV_HUGEPAGE) != 0;
#else
        refused = 1;
#endif
    } else if (how == POPULATE) {
#ifdef MADV_POPULATE_WRITE
        refused = madvise(p, REGION, MADV_POPULATE_WRITE) != 0;
#else
        refused = 1;
#endif
    }
    if (refused) {
        munmap(*base, *len);
        return NULL;
    }
    return p;
}

/* Per 4 KB page: map REGION, write one byte a page, unmap; ROUNDS times.
 * Returns -1 when the kernel refuses what how asks. */
static double page_us(int how)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0 || (how == HUGE && !huge_pages_on()))
        return -1;
    double t0 = now();
    for (int r = 0; r < ROUNDS; r++) {
        char *base;
        size_t len;
        char *p = map_region((enum touch)how, &base, &len);
        if (!p)
            return -1;
        for (size_t i = 0; i < REGION; i += (size_t)page)
            p[i] = 1;
        munmap(base, len);
    }
    return (now() - t0) / ((double)ROUNDS * (double)(REGION / (size_t)page)) * 1e6;
}

static double best3(double (*f)(int), int arg)
{
    double best = -1;
    for (int i = 0; i < 3; i++) {
        double v = f(arg);
        if (v >= 0 && (best < 0 || v < best))
            best = v;
    }
    return best;
}

static double syscall_once(int unused)
{
    (void)unused;
    return syscall_us();
}

int main(void)
{
    double sys = best3(syscall_once, 0), fault = best3(page_us, FAULT);
    double populated = best3(page_us, POPULATE), huge = best3(page_us, HUGE);
    printf("kernel costs (best of 3): system call %.2f us; page fault on a fresh page %.2f us;", sys,
           fault);
    if (populated >= 0)
        printf(" a page mapped in by MADV_POPULATE_WRITE %.2f us;", populated);
    else
        printf(" MADV_POPULATE_WRITE not available;");
    if (huge >= 0)
        printf(" a 4 KB page's share of a transparent huge page %.2f us\n", huge);
    else
        printf(" transparent huge pages off\n");
    return 0;
}
