#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import CProcessControl

/// SIGINT and SIGTERM during a recording: the handler only notes the signal; the run stops at its
/// next event (the runner's `Emitter`, or an engine exchange), and a search, the look-ahead or the
/// oracle working out one quote stops early (each polls the flag, `SearchStop`), so the command
/// ends within 100 ms. Every event made so far is written and is marked aborted with reason
/// `interrupted`, and `record` exits 128 + the signal (130 or 143). A search cut short by the
/// signal never reaches an event: the emitter checks the flag before it writes.
public enum Interruption {
    /// Routes SIGINT and SIGTERM to the flag (for the rest of the process: `record` is one run).
    /// A parent may hand down a mask that blocks them (threads of a test runner do); threads
    /// started after this (the capture's writer) inherit the unblocked mask.
    public static func install() {
        replay_interruption_install()
    }

    /// The signal that asked the run to stop, if one did.
    public static var signal: Int32? {
        let value = replay_interruption_signal()
        return value == 0 ? nil : value
    }
}

/// Thrown at the first event after SIGINT or SIGTERM.
public struct RunInterrupted: Error, CustomStringConvertible {
    public var signal: Int32
    public init(signal: Int32) { self.signal = signal }
    public var description: String { signal == SIGINT ? "interrupted (SIGINT)" : "interrupted (SIGTERM)" }
}
