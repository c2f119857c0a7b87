#define _GNU_SOURCE
#include "replay_process_control.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

static atomic_int received_signal = 0;

static void note_signal(int number) {
    atomic_store_explicit(&received_signal, number, memory_order_relaxed);
}

void replay_interruption_install(void) {
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGINT);
    sigaddset(&unblock, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &unblock, NULL);
    struct sigaction action = {0};
    action.sa_handler = note_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
}

int replay_interruption_signal(void) {
    return atomic_load_explicit(&received_signal, memory_order_relaxed);
}

int replay_become_subreaper(void) {
#if defined(__linux__)
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0 ? 0 : errno;
#else
    return ENOSYS;
#endif
}

int replay_pipe_cloexec(int ends[2]) {
    return pipe2(ends, O_CLOEXEC) == 0 ? 0 : errno;
}

pid_t replay_spawn(const char *path, char *const argv[], char *const envp[], int input, int output, int error,
                   int own_group, int death_signal) {
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) return -errno;
    if (child > 0) return child;
    // In the child, only async-signal-safe calls until exec.
    if (own_group) setpgid(0, 0);
#if defined(__linux__)
    if (death_signal != 0) {
        prctl(PR_SET_PDEATHSIG, death_signal, 0, 0, 0);
        // The parent may have ended before the request took effect.
        if (getppid() != parent) _exit(127);
    }
#endif
    struct sigaction defaults = {0};
    defaults.sa_handler = SIG_DFL;
    sigemptyset(&defaults.sa_mask);
    int reset[] = {SIGPIPE, SIGXFSZ, SIGINT, SIGTERM};
    for (unsigned index = 0; index < sizeof reset / sizeof reset[0]; index++) sigaction(reset[index], &defaults, NULL);
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    if (dup2(input, 0) < 0 || dup2(output, 1) < 0 || dup2(error, 2) < 0) _exit(127);
    int ends[] = {input, output, error};
    for (unsigned index = 0; index < 3; index++) if (ends[index] > 2) close(ends[index]);
    execve(path, argv, envp);
    _exit(127);
}
