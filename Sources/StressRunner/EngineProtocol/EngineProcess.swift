#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import ChildProcesses
import EventLog

/// An engine running as a child process: `/bin/sh -c COMMAND` in a process group of its own,
/// spoken to one line at a time over pipes, its stderr appended to a log file. Everything it
/// started is killed with its group when the session ends, and what left the group (`setsid()`)
/// with it (`EngineOrphans`), so nothing is left running; a replay killed with SIGKILL takes the
/// engine with it (its parent-death signal). Started and ended through `ChildProcesses`; the
/// reading and writing stay here, tuned for the protocol's lockstep (`LineReader`).
final class EngineProcess {
    let command: String
    /// Nil once the session ended.
    private var process: RunningProcess?
    /// The write end of its stdin (-1 once ended), read on every request.
    private var input: Int32 = -1
    private var reader: LineReader?
    /// Marks the engine's environment, so what it started outside its group is found (`EngineOrphans`).
    private let session: String

    init(command: String, logPath: String) throws(EngineFailure) {
        self.command = command
        session = EngineOrphans.startSession()
        // In a process group of its own, killed (SIGKILL) if replay itself is killed.
        let launch = ProcessLaunch(
            executable: "/bin/sh", arguments: ["-c", command], environment: EngineOrphans.environment(marking: session),
            input: .pipe, output: .pipe, error: .appending(logPath), ownGroup: true, deathSignal: SIGKILL)
        let process: RunningProcess
        do { process = try launch.start() } catch {
            let detail =
                if case .cannotOpen(let path, _) = error { "\(path): cannot open the engine log: \(error.reason)" } else
                {
                    error.description
                }
            throw EngineFailure(kind: .spawnFailed, request: 0, detail: detail)
        }
        self.process = process
        input = process.input
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        reader = LineReader(descriptor: process.output)
    }

    deinit { terminate(grace: 0) }

    /// Why a request could not be written.
    enum SendFailure: Error {
        /// The engine no longer reads (it exited or closed its stdin).
        case closed
        /// The engine did not take the whole request within the deadline (it stopped reading).
        case timeout
        case interrupted(signal: Int32)
    }

    /// Writes one line within `timeoutMilliseconds`: the pipe is non-blocking, so an engine that
    /// stops reading cannot hang replay on a request larger than the pipe's buffer.
    func send(_ line: String, timeoutMilliseconds: Int) throws(SendFailure) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        let deadline = Self.milliseconds() + timeoutMilliseconds
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(input, $0.baseAddress! + offset, bytes.count - offset) }
            if written > 0 {
                offset += written
                continue
            }
            if written < 0 && errno == EINTR { continue }
            guard written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) else { throw .closed }
            if let signal = Interruption.signal { throw .interrupted(signal: signal) }
            let now = Self.milliseconds()
            if now >= deadline { throw .timeout }
            var ready = pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
            _ = poll(&ready, 1, Int32(min(deadline - now, 100)))
        }
    }

    /// Reads one line (without its newline) within `timeoutMilliseconds`.
    func receive(timeoutMilliseconds: Int) throws(LineReader.Failure) -> String {
        guard let reader, let line = try reader.line(timeoutMilliseconds: timeoutMilliseconds) else { throw .closed }
        return line
    }

    /// How the engine ended, when it has (waited for up to `milliseconds`): "exited with status 127",
    /// "killed by signal 9"; nil while it runs.
    func exitDescription(waitingUpTo milliseconds: Int) -> String? {
        process?.exitStatus(waitingUpTo: milliseconds)?.description
    }

    /// Closes the engine's stdin; waits up to `grace` seconds for it to exit, then kills its whole
    /// process group (whatever it started too).
    func terminate(grace seconds: Int) {
        guard let process else { return }
        process.end(graceMilliseconds: seconds * 1000)
        input = -1
        EngineOrphans.end(session: session, group: process.pid)
        reader = nil
        self.process = nil
    }

    static func microseconds() -> Int { LineReader.microseconds() }

    static func milliseconds() -> Int { MonotonicClock.milliseconds() }
}
