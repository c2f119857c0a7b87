import CProcessControl

/// Whether SIGINT or SIGTERM asked the process to stop, for the loops that can run for seconds on
/// a large floor (the search, the look-ahead, the oracle). They poll it every `interval` steps and
/// stop early, so a signal ends a command within 100 ms even in the middle of one quote. What a
/// stopped loop returns is cut short and must never be recorded: the run's emitter checks the same
/// flag before it writes any event (`Interruption`), so nothing computed after the signal is kept.
public enum SearchStop {
    /// Steps between two polls (a poll is one relaxed atomic load behind a function call).
    static let interval = 4_096

    /// True once SIGINT or SIGTERM arrived in a process that routes them to the flag.
    public static var requested: Bool { replay_interruption_signal() != 0 }

    /// True every `interval`-th step once a stop was requested.
    @inline(__always) static func requested(atStep step: Int) -> Bool {
        step & (interval - 1) == 0 && requested
    }
}
