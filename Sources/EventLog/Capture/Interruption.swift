#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// SIGINT and SIGTERM during a recording: the handler only notes the signal; the run stops at its
/// next event (the runner's `Emitter`, or an engine exchange, within 100 ms), every event made so
/// far is written and is marked aborted with reason
/// `interrupted`, and `record` exits 128 + the signal (130 or 143).
public enum Interruption {
    /// The signal received, 0 for none. An atomic store is all a signal handler may do here.
    private static let received = Atomic<Int32>(0)

    /// Routes SIGINT and SIGTERM to `received` (for the rest of the process: `record` is one run).
    public static func install() {
        // A parent may hand down a mask that blocks them (threads of a test runner do); threads
        // started after this (the capture's writer) inherit the unblocked mask.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for number in [SIGINT, SIGTERM] {
            _ = Glibc.signal(number) { number in Interruption.received.store(number, ordering: .relaxed) }
        }
    }

    /// The signal that asked the run to stop, if one did.
    public static var signal: Int32? {
        let value = received.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }
}

/// Thrown at the first event after SIGINT or SIGTERM.
public struct RunInterrupted: Error, CustomStringConvertible {
    public var signal: Int32
    public init(signal: Int32) { self.signal = signal }
    public var description: String { signal == SIGINT ? "interrupted (SIGINT)" : "interrupted (SIGTERM)" }
}
