#ifndef REPLAY_PROCESS_CONTROL_H
#define REPLAY_PROCESS_CONTROL_H
#include <sys/types.h>

/// Routes SIGINT and SIGTERM to a flag for the rest of the process (and unblocks them in the
/// calling thread). The handler only stores the signal's number: what a handler may do.
void replay_interruption_install(void);

/// The signal that asked the process to stop (SIGINT or SIGTERM), 0 for none. One relaxed atomic
/// load: cheap enough for the innermost loop of a search.
int replay_interruption_signal(void);

/// Makes this process the reaper of its orphaned descendants (Linux `PR_SET_CHILD_SUBREAPER`), so
/// that an engine's grandchild that left the engine's process group with `setsid()` comes back to
/// replay when its parent ends, and can be ended with the session. 0 on success, else errno.
int replay_become_subreaper(void);

/// A pipe whose two ends are close-on-exec from the start (`pipe2(O_CLOEXEC)`, which Swift's Glibc
/// module does not import). 0 on success, else errno.
int replay_pipe_cloexec(int ends[2]);

/// Starts `path` with `argv` and `envp` (in a process group of its own when `own_group` is not 0),
/// with `input`, `output` and `error` as its descriptors 0, 1 and 2, SIGPIPE, SIGXFSZ, SIGINT and
/// SIGTERM at their defaults, an empty signal mask, and `death_signal` sent to it when the calling
/// thread's process ends (Linux `PR_SET_PDEATHSIG`; 0 for none), so a child that ignores EOF and
/// SIGTERM does not outlive a replay killed with SIGKILL. `fork`, not `posix_spawn`: the parent-death
/// signal can only be asked for in the child. Every other descriptor must be close-on-exec. Returns
/// the child's pid, or -errno when it could not be started (the child's exec failure is its exit
/// status 127).
pid_t replay_spawn(const char *path, char *const argv[], char *const envp[], int input, int output, int error,
                   int own_group, int death_signal);
#endif
