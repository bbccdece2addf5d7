/*
 * runstat.c - run a command and write what it cost to a file: the timer of
 * `make bench` and tests/bench/compare.sh.
 *
 *   runstat OUTFILE COMMAND [ARG]...
 *
 * OUTFILE gets one line: "WALL_US RSS_KB USER_US SYS_US", the wall time
 * from just before the fork to the end of the wait (so the command's exec,
 * its dynamic loading and its exit count, but not the start of a timing
 * program: `date +%s%N` around GNU time added 8-12 ms to every figure on
 * the project's VM, where a fork and an exec cost several ms), its peak
 * resident set size, and its user and system CPU time, all from wait4().
 *
 * Exits with the command's status (128 + signal when it was killed, 127
 * when it could not be run). Standard input, output and error pass through.
 */
/* wait4() and CLOCK_MONOTONIC, when built outside the Makefile too */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long timeval_us(struct timeval tv)
{
    return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: runstat OUTFILE COMMAND [ARG]...\n");
        return 2;
    }
    long long start = now_us();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runstat: fork");
        return 127;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        perror("runstat: exec");
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("runstat: wait4");
        return 127;
    }
    long long wall = now_us() - start;
    FILE *f = fopen(argv[1], "w");
    if (!f ||
        fprintf(f, "%lld %ld %lld %lld\n", wall, ru.ru_maxrss, timeval_us(ru.ru_utime),
                timeval_us(ru.ru_stime)) < 0 ||
        fclose(f) != 0) {
        perror("runstat: writing the result");
        return 127;
    }
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
