#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import EventLog

/// Reads lines from a pipe with a deadline. In the engine protocol's lockstep, an answer often
/// comes within microseconds, and a blocked reader's wake-up across cores costs 30-40 µs on
/// the machines measured (docs/performance.md): so the reader first spins briefly on a
/// non-blocking read, and only then blocks in `poll`. 300 µs covers the usual gap on both
/// sides: an engine's answer to a `quotes` of eight strategies, and replay's work between two
/// requests (measured on a 200-restaurant day: 100 µs 0.87-1.04 s, 300 µs 0.79-0.91 s).
///
/// The spin yields the core at each turn (`sched_yield`): when every core is busy (replay's
/// writer thread, the engine, a sweep's other runs and their engines), a spinner that keeps its
/// core takes it from the very process it waits for; with a core free, the yield returns at
/// once. Measured, 5 interleaved runs each (docs/performance.md): a sweep of eight runs on two
/// jobs against the Python example, median 1.97 s -> 1.56 s; the 200-restaurant day through
/// `engine serve`, 0.64 s -> 0.60 s; a single run against the Python example, unchanged.
public final class LineReader {
    public enum Failure: Error {
        case timeout
        case closed
        case tooLong
        /// SIGINT or SIGTERM arrived while waiting (`Interruption`).
        case interrupted(signal: Int32)
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes from `start` already searched for a newline (a long line is scanned once).
    private var scanned = 0
    private var chunk = [UInt8](repeating: 0, count: 65_536)
    /// How long to spin before blocking.
    private let spinMicroseconds: Int
    /// The longest line accepted (16 MiB: 300,000 candidates of three short ids fit).
    public static let maximumLineBytes = 16 << 20

    public init(descriptor: Int32, spinMicroseconds: Int = 300) {
        self.descriptor = descriptor
        self.spinMicroseconds = spinMicroseconds
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    }

    /// The next line without its newline (and a `\r` before it); nil at the end of input when
    /// `timeoutMilliseconds` is nil.
    public func line(timeoutMilliseconds: Int?) throws(Failure) -> String? {
        let deadline = timeoutMilliseconds.map { Self.microseconds() + $0 * 1000 }
        let spinUntil = Self.microseconds() + spinMicroseconds
        while true {
            if let newline = buffer[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                scanned = 0
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let text = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                if start == buffer.count {
                    buffer.removeAll(keepingCapacity: true)
                    start = 0
                }
                return text
            }
            scanned = buffer.count - start
            if buffer.count - start > Self.maximumLineBytes { throw .tooLong }
            if let signal = Interruption.signal { throw .interrupted(signal: signal) }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                if start > 0 {
                    buffer.removeSubrange(..<start)
                    start = 0
                }
                buffer.append(contentsOf: chunk[..<count])
                continue
            }
            if count == 0 {
                if timeoutMilliseconds == nil && buffer.count == start { return nil }
                throw .closed
            }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { throw .closed }
            let now = Self.microseconds()
            if now < spinUntil {
                sched_yield()
                continue
            }
            // Blocks in slices of at most 100 ms, so an interrupt is seen within that.
            var wait: Int32 = 100
            if let deadline {
                if now >= deadline { throw .timeout }
                wait = Int32(min((deadline - now + 999) / 1000, 100))
            }
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&ready, 1, wait) < 0 && errno != EINTR { throw .closed }
        }
    }

    static func microseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000_000 + now.tv_nsec / 1000
    }
}
