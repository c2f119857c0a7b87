#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// What every child started with `posix_spawn` gets: default handling of SIGPIPE and SIGXFSZ
/// (replay itself ignores them, and an ignored signal stays ignored across exec) and an empty
/// signal mask (a test runner's thread hands down one that blocks SIGCHLD and SIGINT). The `fork`
/// path (`replay_spawn`) does the same in C, and resets SIGINT and SIGTERM too: between `fork` and
/// `exec` their handlers are still replay's.
enum ChildSignals {
    /// Sets the spawn flags `flags` plus the default handlers and the empty mask.
    static func reset(_ attributes: inout posix_spawnattr_t, flags: Int32 = 0) {
        posix_spawnattr_setflags(&attributes, Int16(flags | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGXFSZ)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
    }
}
