#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Where a signal for a child goes: its whole process group when it leads one (whatever it started
/// goes too), else the child alone. A value, so another thread (a signal's handler queue) can stop
/// a child it does not own; its owner stops handing it out before the child is reaped, so the pid
/// it names is never one the system gave to another process since.
public struct SignalTarget: Sendable, Equatable {
    public let pid: Int32
    public let wholeGroup: Bool

    /// Sends `number` (SIGKILL, SIGTERM).
    public func send(_ number: Int32) {
        kill(wholeGroup ? -pid : pid, number)
    }
}
