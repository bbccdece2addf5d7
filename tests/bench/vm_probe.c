/*
 * vm_probe.c - what the machine charges for the kernel work bersih's
 * threads cause: a system call, a page fault on a fresh page, and the same
 * pages mapped in by one madvise(MADV_POPULATE_WRITE). On the bench VM
 * these were 1 us, 12 us and 4 us (docs/performance.md, "-j2"); on bare
 * metal a fault is well under a microsecond.
 *
 *   vm_probe        prints the three figures, best of 3
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SYSCALLS 200000
#define REGION (4u << 20)
#define ROUNDS 25

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

/* Per page: map REGION, write one byte a page (populated first if asked),
 * unmap; ROUNDS times. Returns -1 when the kernel cannot populate. */
static double page_us(int populate)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        return -1;
    double t0 = now();
    for (int r = 0; r < ROUNDS; r++) {
        char *p = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return -1;
#ifdef MADV_POPULATE_WRITE
        if (populate && madvise(p, REGION, MADV_POPULATE_WRITE) != 0) {
            munmap(p, REGION);
            return -1;
        }
#else
        if (populate) {
            munmap(p, REGION);
            return -1;
        }
#endif
        for (size_t i = 0; i < REGION; i += (size_t)page)
            p[i] = 1;
        munmap(p, REGION);
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
    double sys = best3(syscall_once, 0), fault = best3(page_us, 0), populated = best3(page_us, 1);
    printf("kernel costs (best of 3): system call %.2f us; page fault on a fresh page %.2f us;", sys,
           fault);
    if (populated >= 0)
        printf(" a page mapped in by MADV_POPULATE_WRITE %.2f us\n", populated);
    else
        printf(" MADV_POPULATE_WRITE not available\n");
    return 0;
}
