#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import Allocation
import EventLog
import Foundation
import Projections

/// An outside allocator behind the engine protocol (docs/engine-protocol.md): started once per
/// run, handshaken, sent each restaurant's floor before its first quote, then asked each quote in
/// lockstep. Any failure to answer throws `EngineFailure`, which ends the run.
public final class ProcessEngine: Engine {
    public private(set) var identity: EngineIdentity?
    /// The version the engine answered the hello with (one of `EngineMessage.protocolVersions`).
    /// Not recorded: it changes how questions are grouped on the wire, not what is asked or
    /// answered. A failure (`engine.failed`) is the exception: its request number, what was asked
    /// and where it falls among the events depend on the version the engine chose (the same
    /// engine chooses the same again).
    public private(set) var protocolVersion = 1
    public var lookAheadMinutes: Int { identity?.lookAheadMinutes ?? 0 }
    /// The path of the engine's stderr log.
    public let logPath: String
    private let process: EngineProcess
    private let timeoutMilliseconds: Int
    private let maxTables: Int
    /// Restaurants whose floor was sent (membership only).
    private var floorsSent: Set<String> = []
    /// Requests sent so far (the hello is request 1).
    public private(set) var requests = 0
    /// The last quote request and its answer, as sent and received (for a divergence report).
    public private(set) var lastExchange: (request: String, answer: String)?
    /// Called with each line the engine writes to stderr (`--verbose`), read after each answer.
    public var onLogLine: ((String) -> Void)?
    private var logReadOffset: Int64 = 0

    /// Starts the engine and handshakes. Throws `EngineFailure` (for a version mismatch too)
    /// before anything is recorded.
    public init(command: String, timeoutSeconds: Int, maxTables: Int, logPath: String, toolVersion: String) throws {
        process = try EngineProcess(command: command, logPath: logPath)
        self.logPath = logPath
        self.timeoutMilliseconds = timeoutSeconds * 1000
        self.maxTables = maxTables
        identity = nil
        let line = try exchange(EngineMessage.hello(toolVersion: toolVersion))
        let hello: EngineMessage.Hello
        do { hello = try EngineMessage.parseHello(line) } catch {
            process.terminate(grace: 0)
            throw EngineFailure(
                kind: error.isWrongType ? .wrongType : .malformed, request: requests, detail: "hello: \(error.problem)",
                line: line)
        }
        guard EngineMessage.protocolVersions.contains(hello.protocolVersion) else {
            process.terminate(grace: 0)
            let spoken = EngineMessage.protocolVersions.map(String.init).joined(separator: " and ")
            throw EngineFailure(
                kind: .versionMismatch, request: requests,
                detail: "the engine speaks protocol \(hello.protocolVersion), replay speaks \(spoken)", line: line)
        }
        protocolVersion = hello.protocolVersion
        identity = EngineIdentity(
            command: command, name: hello.engine, version: hello.version, lookAheadMinutes: hello.lookAheadMinutes,
            timeoutSeconds: timeoutSeconds, rules: hello.rules)
    }

    /// Re-executing a capture with another command or timeout (`run --engine`, `--engine-timeout`):
    /// the run records the capture's, so only a difference in what the engine says diverges.
    public func standIn(for recorded: EngineIdentity) {
        identity?.command = recorded.command
        identity?.timeoutSeconds = recorded.timeoutSeconds
    }

    public func quote(_ question: EngineQuestion) throws -> EngineAnswer {
        try sendFloorIfNeeded(question)
        let request = EngineMessage.quote(question)
        let line = try exchange(request)
        lastExchange = (request, line)
        return try answer(line, to: question, what: "quote")
    }

    /// Sends a floor line exactly as given (a reproducer's) and reads its `ok`.
    public func sendFloor(line: String, slug: String) throws {
        let answer = try exchange(line)
        do { try EngineMessage.parseOK(answer) } catch {
            throw EngineFailure(
                kind: error.isWrongType ? .wrongType : .malformed, request: requests,
                detail: "floor of \(slug): \(error.problem)",
                line: answer)
        }
        floorsSent.insert(slug)
    }

    /// Sends a quote line exactly as given (a reproducer's) and reads the answer to `question`,
    /// the question that line asks.
    public func quote(line: String, question: EngineQuestion) throws -> EngineAnswer {
        let answer = try exchange(line)
        lastExchange = (line, answer)
        return try self.answer(answer, to: question, what: "quote")
    }

    public var answersQuotesTogether: Bool { protocolVersion >= 2 }

    /// Under protocol 2, one `quotes` request and one answer line per strategy; under 1, a
    /// `quote` per strategy. The lines are the same either way, so are the answers.
    public func offers(_ question: EngineQuestion, strategies: [Strategy]) throws -> [EngineAnswer] {
        var asked = question
        guard protocolVersion >= 2, strategies.count > 1 else {
            return try strategies.map { strategy in
                asked.request.strategy = strategy
                return try quote(asked)
            }
        }
        try sendFloorIfNeeded(question)
        let request = EngineMessage.quotes(question, strategies: strategies)
        var lines: [String] = []
        var answers: [EngineAnswer] = []
        // Each line is read as it comes, while the engine works out the next.
        try exchange(request, answers: strategies.count) { line in
            lines.append(line)
            asked.request.strategy = strategies[answers.count]
            answers.append(try answer(line, to: asked, what: "quotes (\(asked.request.strategy.label))"))
        }
        lastExchange = (request, lines.joined(separator: "\n"))
        return answers
    }

    /// Sends the question's floor now if it was not sent yet (`engine check` times the quote alone).
    public func sendFloorIfNeeded(_ question: EngineQuestion) throws {
        let slug = question.slug
        guard !floorsSent.contains(slug) else { return }
        let line = try exchange(EngineMessage.floor(question, maxTables: maxTables))
        do { try EngineMessage.parseOK(line) } catch {
            throw EngineFailure(
                kind: error.isWrongType ? .wrongType : .malformed, request: requests,
                detail: "floor of \(slug): \(error.problem)",
                line: line)
        }
        floorsSent.insert(slug)
    }

    private func answer(_ line: String, to question: EngineQuestion, what: String) throws -> EngineAnswer {
        do {
            return try EngineMessage.parseAnswer(line).droppingExcluded(question)
        } catch {
            throw EngineFailure(
                kind: error.isWrongType ? .wrongType : .malformed, request: requests,
                detail: "\(what): \(error.problem)", line: line)
        }
    }

    /// Closes the engine's stdin, gives it 5 s to exit, then kills its process group. A log the
    /// engine wrote nothing to is removed: an empty file beside every capture says nothing.
    public func finish() {
        process.terminate(grace: 5)
        forwardLog()
        var status = stat()
        if lstat(logPath, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size == 0 { unlink(logPath) }
    }

    /// Ends the session at once (after a failure).
    public func kill() {
        process.terminate(grace: 0)
        forwardLog()
    }

    /// Sends one request and reads its answer line.
    private func exchange(_ request: String) throws -> String {
        var answer = ""
        try exchange(request, answers: 1) { answer = $0 }
        return answer
    }

    /// Sends one request and hands its `answers` lines to `read` one by one. Each line must come,
    /// and be read (`read` parses it), within the timeout of the request (the first
    /// line) or of the line before it: a huge answer is an engine failure at the timeout, not
    /// minutes of replay's time. Throws `EngineFailure` (or what `read` throws), or `RunInterrupted` when SIGINT or
    /// SIGTERM arrives while waiting (within 100 ms).
    private func exchange(_ request: String, answers: Int, read: (String) throws -> Void) throws {
        requests += 1
        defer { forwardLog() }
        var deadline = EngineProcess.milliseconds() + timeoutMilliseconds
        do {
            try process.send(request, timeoutMilliseconds: timeoutMilliseconds)
        } catch .timeout {
            throw EngineFailure(
                kind: .timeout, request: requests, detail: "the engine did not read the request within the timeout",
                note: "stopped reading its stdin for \(timeoutMilliseconds / 1000) s")
        } catch .interrupted(let signal) {
            throw RunInterrupted(signal: signal)
        } catch {
            throw endedWithoutAnswer(stoppedReading: true)
        }
        var last = ""
        for received in 0..<answers {
            let line: String
            do {
                line = try receive(within: max(deadline - EngineProcess.milliseconds(), 0))
            } catch var failure as EngineFailure where answers > 1 {
                // The usual slip of a version-2 engine: one line (an error, say) for a whole quotes.
                failure.detail += " (\(received) of the \(answers) lines of a quotes, one per strategy, had come)"
                if failure.line.isEmpty { failure.line = EngineFailure.cut(last) }
                throw failure
            }
            let arrived = EngineProcess.milliseconds()
            last = line
            try read(line)
            guard EngineProcess.milliseconds() <= deadline else {
                throw EngineFailure(
                    kind: .timeout, request: requests, detail: "its answer could not be read within the timeout",
                    note: "answering and parsing the answer took more than \(timeoutMilliseconds / 1000) s")
            }
            deadline = arrived + timeoutMilliseconds
        }
    }

    /// The next line, within what is left of the request's timeout (`remaining` milliseconds).
    private func receive(within remaining: Int) throws -> String {
        do {
            return try process.receive(timeoutMilliseconds: remaining)
        } catch .timeout {
            throw EngineFailure(
                kind: .timeout, request: requests, detail: "no answer within the timeout",
                note: "waited \(timeoutMilliseconds / 1000) s")
        } catch .closed {
            throw endedWithoutAnswer()
        } catch .interrupted(let signal) {
            throw RunInterrupted(signal: signal)
        } catch {
            throw EngineFailure(
                kind: .malformed, request: requests, detail: "a line longer than \(LineReader.maximumLineBytes) bytes")
        }
    }

    /// The engine went away. The event says only that (the same every time, so a re-execution of
    /// a deterministic engine matches); the message adds how the process ended and the last line
    /// it wrote on stderr (`/bin/sh: my-engine: not found`), which vary with timing.
    private func endedWithoutAnswer(stoppedReading: Bool = false) -> EngineFailure {
        // A request that could not be written: the engine closed its stdin (or exited); an answer
        // that did not come: it closed its stdout (or exited).
        var note =
            "the engine "
            + (process.exitDescription(waitingUpTo: 500) ?? (stoppedReading ? "closed its stdin" : "closed its stdout"))
        if let last = Self.lastLine(ofFile: logPath) { note += "; its stderr ends: \(EngineFailure.cut(last))" }
        return EngineFailure(
            kind: .exited, request: requests, detail: "the engine exited or closed its stdout without answering",
            note: note)
    }

    /// The last line of a file, reading only its last 4 KiB.
    static func lastLine(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size > 0 else { return nil }
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        guard let data = try? handle.readToEnd() else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init)
    }

    /// Hands new lines of the engine's log to `onLogLine`.
    private func forwardLog() {
        guard let onLogLine else { return }
        let descriptor = open(logPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        lseek(descriptor, off_t(logReadOffset), SEEK_SET)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return }
        logReadOffset += Int64(lastNewline + 1)
        for line in bytes[...lastNewline].split(separator: UInt8(ascii: "\n")) {
            onLogLine(String(decoding: line, as: UTF8.self))
        }
    }
}

extension EngineAnswer {
    /// Offers using tables the run keeps out of quotes (`--avoid-used`) dropped: an engine that
    /// does not know the `excluded` key of the request is not blamed for them.
    func droppingExcluded(_ question: EngineQuestion) -> EngineAnswer {
        guard case .offered(var offers) = self, !question.request.excluded.isEmpty else { return self }
        let floor = question.floor
        offers.candidates.removeAll { offer in
            offer.tables.contains { id in
                floor.index(ofTable: id).map { question.request.excluded.contains($0) } ?? false
            }
        }
        return .offered(offers)
    }
}
