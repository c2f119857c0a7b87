#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// A started child: its pid, the pipe ends replay keeps, how it ended once reaped. Owned by one
/// thread; another thread stops it through `signals`. Releasing it closes the pipe ends but neither
/// stops nor reaps the child: its owner does (`wait`, `end`), since only the owner knows whether it
/// should be given time.
public final class RunningProcess {
    public let pid: Int32
    /// Where `signal` sends (the whole group when the child leads one).
    public let signals: SignalTarget
    /// The write end of the child's stdin pipe; -1 when there is none or it was closed.
    public private(set) var input: Int32
    /// The read end of the child's stdout pipe; -1 when there is none or it was closed.
    public private(set) var output: Int32
    /// The read end of the child's stderr pipe; -1 when there is none.
    public private(set) var errorOutput: Int32
    /// How it ended, once reaped here.
    public private(set) var status: ExitStatus?
    /// Reaped (or found gone: reaped elsewhere), so its pid is no longer signalled or waited for.
    private var reaped = false

    init(pid: Int32, wholeGroup: Bool, input: Int32, output: Int32, errorOutput: Int32) {
        self.pid = pid
        self.signals = SignalTarget(pid: pid, wholeGroup: wholeGroup)
        self.input = input
        self.output = output
        self.errorOutput = errorOutput
    }

    deinit {
        closeInput()
        closeOutput()
        if errorOutput >= 0 { close(errorOutput) }
    }

    /// Closes the stdin pipe: the child reads EOF.
    public func closeInput() {
        guard input >= 0 else { return }
        close(input)
        input = -1
    }

    public func closeOutput() {
        guard output >= 0 else { return }
        close(output)
        output = -1
    }

    /// Waits until the child ends (a signal to replay does not cut the wait short).
    public func wait() throws(ProcessFailure) -> ExitStatus {
        if let status { return status }
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 {
            guard errno == EINTR else { throw .cannotWait(pid: pid, errno: errno) }
        }
        return keep(waitStatus)
    }

    /// How the child ended, when it has within `milliseconds` (polled every 5 ms); nil while it runs.
    public func exitStatus(waitingUpTo milliseconds: Int) -> ExitStatus? {
        if let status { return status }
        let deadline = MonotonicClock.milliseconds() + milliseconds
        var waitStatus: Int32 = 0
        while !reaped {
            let result = waitpid(pid, &waitStatus, WNOHANG)
            if result == pid { return keep(waitStatus) }
            if result < 0 || MonotonicClock.milliseconds() >= deadline { return nil }
            usleep(5_000)
        }
        return nil
    }

    /// Closes the child's stdin; waits up to `graceMilliseconds` for it to exit, then kills what is
    /// left (its whole group, with whatever it started, when it leads one) and reaps it.
    @discardableResult
    public func end(graceMilliseconds: Int) -> ExitStatus? {
        closeInput()
        let deadline = MonotonicClock.milliseconds() + graceMilliseconds
        var waitStatus: Int32 = 0
        // An engine usually exits within a millisecond of its stdin closing: polled at 0.1 ms,
        // doubling to 10 ms, so the end of every session does not cost a whole 10 ms sleep (the
        // built-in day through `engine serve`, whole process: median 102 ms -> 87 ms).
        var pause: UInt32 = 100
        while !reaped {
            let result = waitpid(pid, &waitStatus, WNOHANG)
            if result == pid {
                _ = keep(waitStatus)
                break
            }
            if result < 0 && errno != EINTR {
                reaped = true
                break
            }
            if MonotonicClock.milliseconds() >= deadline { break }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        signals.send(SIGKILL)
        if !reaped {
            while waitpid(pid, &waitStatus, 0) < 0 {
                guard errno == EINTR else {
                    reaped = true
                    return status
                }
            }
            _ = keep(waitStatus)
        }
        return status
    }

    /// Keeps how the child ended.
    private func keep(_ waitStatus: Int32) -> ExitStatus {
        let ended = ExitStatus(waitStatus: waitStatus)
        status = ended
        reaped = true
        return ended
    }
}
