#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

extension RunningProcess {
    /// Everything the child writes on its stdout pipe until it closes it (it ends), then the pipe
    /// closed. Past `killingAfter` milliseconds (nil: no limit) the child is killed with SIGKILL (a
    /// solver that ignores SIGTERM must not keep replay waiting) and what it wrote is still read to
    /// the end; `killed` says so.
    public func readOutput(killingAfter milliseconds: Int? = nil) -> (bytes: [UInt8], killed: Bool) {
        guard output >= 0 else { return ([], false) }
        defer { closeOutput() }
        let deadline = milliseconds.map { MonotonicClock.milliseconds() + $0 }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var killed = false
        while true {
            var wait: Int32 = -1
            if let deadline, !killed {
                let left = deadline - MonotonicClock.milliseconds()
                if left <= 0 {
                    signals.send(SIGKILL)
                    killed = true
                    continue
                }
                wait = Int32(min(left, Int(Int32.max)))
            }
            var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            let polled = poll(&ready, 1, wait)
            if polled == 0 || (polled < 0 && errno == EINTR) { continue }
            let count = polled < 0 ? -1 : chunk.withUnsafeMutableBytes { read(output, $0.baseAddress!, $0.count) }
            if count > 0 {
                bytes += chunk[..<count]
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                return (bytes, killed)
            }
        }
    }
}
