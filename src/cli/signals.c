/*
 * signals.c - remove half-written temporary files on SIGINT, SIGTERM, SIGHUP.
 *
 * The handler may only call async-signal-safe functions, so the paths are
 * kept in fixed static buffers and published with a sig_atomic_t flag set
 * after the copy is complete. With -j N the writing thread is any of the N
 * (one at a time) and the signal may land on another, so the flag is stored
 * with release and loaded with acquire order: the path is complete before
 * any thread sees the flag (lock-free atomics are async-signal-safe). This
 * is the CLI's only global state.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define TEMP_SLOTS 2
#define TEMP_PATH_MAX 4096

static char temp_paths[TEMP_SLOTS][TEMP_PATH_MAX];
static volatile sig_atomic_t temp_live[TEMP_SLOTS];

void cli_temp_track(int slot, const char *path)
{
    __atomic_store_n(&temp_live[slot], 0, __ATOMIC_RELEASE);
    size_t n = strlen(path);
    if (n == 0 || n >= TEMP_PATH_MAX)
        return;
    memcpy(temp_paths[slot], path, n + 1);
    __atomic_store_n(&temp_live[slot], 1, __ATOMIC_RELEASE);
}

void cli_temp_untrack(int slot)
{
    __atomic_store_n(&temp_live[slot], 0, __ATOMIC_RELEASE);
}

static void on_signal(int sig)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (__atomic_load_n(&temp_live[i], __ATOMIC_ACQUIRE))
            unlink(temp_paths[i]);
    /* Die of the same signal, so the parent sees how we ended. */
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* A file over `ulimit -f` is a write error (EFBIG), not a death that
     * leaves the temporary file behind. */
    signal(SIGXFSZ, SIG_IGN);
}
