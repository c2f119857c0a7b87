#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import CProcessControl
import EventLog

/// An engine running as a child process: `/bin/sh -c COMMAND` in a process group of its own,
/// spoken to one line at a time over pipes, its stderr appended to a log file. Everything it
/// started is killed with its group when the session ends, and what left the group (`setsid()`)
/// with it (`EngineOrphans`), so nothing is left running; a replay killed with SIGKILL takes the
/// engine with it (its parent-death signal).
final class EngineProcess {
    let command: String
    private(set) var pid: pid_t = 0
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var reader: LineReader?
    private var exited = false
    /// Marks the engine's environment, so what it started outside its group is found (`EngineOrphans`).
    private var session = ""

    init(command: String, logPath: String) throws(EngineFailure) {
        self.command = command
        // Close-on-exec from the start: the child gets only its three ends (dup2 clears the flag);
        // an engine holding its own stdin's write end would never see EOF.
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        guard replay_pipe_cloexec(&toChild) == 0 else {
            throw EngineFailure(
                kind: .spawnFailed, request: 0, detail: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        guard replay_pipe_cloexec(&fromChild) == 0 else {
            close(toChild[0])
            close(toChild[1])
            throw EngineFailure(
                kind: .spawnFailed, request: 0, detail: "cannot create pipes: \(String(cString: strerror(errno)))")
        }
        // With replay's own stdin or stdout closed, a pipe can land on descriptor 0 or 1, which
        // the child's dup2/close steps would then clobber: keep every pipe end above 2.
        for index in 0..<2 {
            toChild[index] = Self.aboveStandardStreams(toChild[index])
            fromChild[index] = Self.aboveStandardStreams(fromChild[index])
        }
        // Never through a link: a link placed at the log's name would receive the engine's stderr.
        let log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard log >= 0 else {
            for descriptor in toChild + fromChild { close(descriptor) }
            throw EngineFailure(
                kind: .spawnFailed, request: 0,
                detail: "\(logPath): cannot open the engine log: \(String(cString: strerror(errno)))")
        }
        defer { close(log) }
        let session = EngineOrphans.startSession()
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var environment: [UnsafeMutablePointer<CChar>?] =
            EngineOrphans.environment(marking: session).map { strdup($0) } + [nil]
        defer { for pointer in argv + environment { free(pointer) } }
        // In a process group of its own, killed (SIGKILL) if replay itself is killed.
        let child = replay_spawn("/bin/sh", &argv, &environment, toChild[0], fromChild[1], log, SIGKILL)
        close(toChild[0])
        close(fromChild[1])
        guard child > 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw EngineFailure(
                kind: .spawnFailed, request: 0, detail: "cannot start /bin/sh: \(String(cString: strerror(-child)))")
        }
        pid = child
        self.session = session
        input = toChild[1]
        output = fromChild[0]
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        reader = LineReader(descriptor: output)
    }

    deinit { terminate(grace: 0) }

    /// The descriptor moved to 3 or above (the original closed) when it is 0, 1 or 2.
    static func aboveStandardStreams(_ descriptor: Int32) -> Int32 {
        guard descriptor >= 0, descriptor <= 2 else { return descriptor }
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        guard moved >= 0 else { return descriptor }
        close(descriptor)
        return moved
    }

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
        guard pid > 0 else { return nil }
        let deadline = Self.milliseconds() + milliseconds
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                exited = true
                let signal = status & 0x7F
                return signal == 0 ? "exited with status \((status >> 8) & 0xFF)" : "killed by signal \(signal)"
            }
            if result < 0 || Self.milliseconds() >= deadline { return nil }
            usleep(5_000)
        }
    }

    /// Closes the engine's stdin; waits up to `grace` seconds for it to exit, then kills its whole
    /// process group (whatever it started too).
    func terminate(grace seconds: Int) {
        guard pid > 0 else { return }
        if input >= 0 {
            close(input)
            input = -1
        }
        let deadline = Self.milliseconds() + seconds * 1000
        var status: Int32 = 0
        // An engine usually exits within a millisecond of its stdin closing: polled at 0.1 ms,
        // doubling to 10 ms, so the end of every session does not cost a whole 10 ms sleep (the
        // built-in day through `engine serve`, whole process: median 102 ms -> 87 ms).
        var pause: UInt32 = 100
        while !exited {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno != EINTR) {
                exited = true
                break
            }
            if Self.milliseconds() >= deadline { break }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        kill(-pid, SIGKILL)
        if !exited {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exited = true
        }
        EngineOrphans.end(session: session, group: pid)
        if output >= 0 {
            close(output)
            output = -1
            reader = nil
        }
        pid = 0
    }

    static func microseconds() -> Int { LineReader.microseconds() }

    static func milliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }
}
