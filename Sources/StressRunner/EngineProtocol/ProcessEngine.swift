#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import Allocation
import ChildProcesses
import EventLog
import Foundation
import Projections

/// An outside allocator behind the engine protocol (docs/engine-protocol.md): started once per
/// run, handshaken, sent each restaurant's floor before its first quote, then asked each quote in
/// lockstep. Any failure to answer throws `EngineFailure`, which ends the run.
public final class ProcessEngine: Engine {
    public private(set) var identity: EngineIdentity?
    /// The version the engine answered the hello with (one of `EngineMessage.protocolVersions`).
    /// Recorded from capture format 8 on (`EngineIdentity.protocolVersion`, with `asksOnce`):
    /// versions 1 and 2 group the same questions differently on the wire and give the same events,
    /// while under version 3 the oracle's question is answered by unranked sets (no `rejected`
    /// counts). A failure (`engine.failed`) names a request number that depends on the version too.
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
    /// Answers reused instead of asked (`asksOnce`).
    public private(set) var reusedAnswers = 0
    /// The last quote request and its answer, as sent and received (for a divergence report).
    public private(set) var lastExchange: (request: String, answer: String)?
    /// Called with each line the engine writes to stderr (`--verbose`), read after each answer.
    public var onLogLine: ((String) -> Void)?
    private var logReadOffset: Int64 = 0
    /// Capture format 8: a question this session asked before (the same bytes, whatever request
    /// carried it) is answered from `answered`, not asked again. An engine must answer the same
    /// request the same (docs/engine-protocol.md, "What is recorded"); error answers are asked again.
    private let asksOnce: Bool
    private var answered = AnsweredQuestions()

    /// Starts the engine and handshakes. Throws `EngineFailure` (for a version mismatch too)
    /// before anything is recorded. `protocols`: the versions offered in the hello (a
    /// re-execution offers what its capture allows). `asksOnce`: identical questions are asked
    /// once and the version spoken is recorded (capture format 8; every `record` from this
    /// version on); off for `engine check` and `engine replay`, which ask again on purpose.
    public init(
        command: String, timeoutSeconds: Int, maxTables: Int, logPath: String, toolVersion: String,
        protocols: [Int] = EngineMessage.protocolVersions, asksOnce: Bool = false
    ) throws {
        process = try EngineProcess(command: command, logPath: logPath)
        self.logPath = logPath
        self.timeoutMilliseconds = timeoutSeconds * 1000
        self.maxTables = maxTables
        self.asksOnce = asksOnce
        identity = nil
        let line = try exchange(EngineMessage.hello(toolVersion: toolVersion, protocols: protocols))
        let hello: EngineMessage.Hello
        do { hello = try EngineMessage.parseHello(line) } catch {
            process.terminate(grace: 0)
            throw EngineFailure(
                kind: error.isWrongType ? .wrongType : .malformed, request: requests, detail: "hello: \(error.problem)",
                line: line)
        }
        guard protocols.contains(hello.protocolVersion) else {
            process.terminate(grace: 0)
            let spoken = protocols.map(String.init).joined(separator: ", ")
            throw EngineFailure(
                kind: .versionMismatch, request: requests,
                detail: "the engine speaks protocol \(hello.protocolVersion), replay offered \(spoken)", line: line)
        }
        protocolVersion = hello.protocolVersion
        identity = EngineIdentity(
            command: command, name: hello.engine, version: hello.version, lookAheadMinutes: hello.lookAheadMinutes,
            timeoutSeconds: timeoutSeconds, rules: hello.rules)
        if asksOnce { identity?.protocolVersion = hello.protocolVersion }
    }

    /// Re-executing a capture with another command or timeout (`run --engine`, `--engine-timeout`):
    /// the run records the capture's, so only a difference in what the engine says diverges.
    /// Versions 1 and 2 give the same events, so a capture of one re-executes with the other.
    public func standIn(for recorded: EngineIdentity) {
        identity?.command = recorded.command
        identity?.timeoutSeconds = recorded.timeoutSeconds
        if let spoken = identity?.protocolVersion, let version = recorded.protocolVersion, spoken < 3, version < 3 {
            identity?.protocolVersion = version
        }
    }

    public func quote(_ question: EngineQuestion) throws -> EngineAnswer {
        try sendFloorIfNeeded(question)
        let request = EngineMessage.quoteText(question)
        let shared = asksOnce ? AnsweredQuestions.Shared(request.shared) : nil
        if asksOnce { answered.turn(to: question.request.booking) }
        if let known = reused(shared, question.request.strategy) {
            lastExchange = (request.line, known.line)
            return known.answer
        }
        let line = try exchange(request.line)
        lastExchange = (request.line, line)
        let answer = try answer(line, to: question, what: "quote")
        remember(answer, line: line, shared, question.request.strategy)
        return answer
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

    /// Only under protocol 2 is a booking's first quote read from the oracle's batch: under 3
    /// the oracle asks unranked sets, and the quote is asked on its own.
    public var answersQuotesTogether: Bool { protocolVersion == 2 }

    /// Under protocol 1, a `quote` per strategy; under 2, one `quotes` request and one answer line
    /// per strategy (the lines are the `quote`s' answers); under 3, one `sets` request answered
    /// by the unranked sets of every strategy. Strategies whose question was answered before
    /// are not asked again (`asksOnce`).
    public func offers(_ question: EngineQuestion, strategies: [Strategy]) throws -> [EngineAnswer] {
        var asked = question
        if protocolVersion >= 3, strategies.count > 1 { return try sets(question, strategies: strategies) }
        guard protocolVersion >= 2, strategies.count > 1 else {
            return try strategies.map { strategy in
                asked.request.strategy = strategy
                return try quote(asked)
            }
        }
        return try quotes(question, strategies: strategies)
    }

    /// One `quotes` request (protocol 2 and later) for the strategies not answered before, one
    /// answer line per strategy; `engine check` asks it of a version-3 engine too.
    public func quotes(_ question: EngineQuestion, strategies: [Strategy]) throws -> [EngineAnswer] {
        var asked = question
        try sendFloorIfNeeded(question)
        let full = EngineMessage.quotes(question, strategies: strategies)
        let shared = asksOnce ? AnsweredQuestions.Shared(full.shared) : nil
        if asksOnce { answered.turn(to: question.request.booking) }
        var answers: [EngineAnswer?] = strategies.map { reused(shared, $0)?.answer }
        let missing = strategies.indices.filter { answers[$0] == nil }
        guard !missing.isEmpty else { return answers.map { $0! } }
        let request =
            missing.count == strategies.count
            ? full.line : EngineMessage.quotes(question, strategies: missing.map { strategies[$0] }).line
        var lines: [String] = []
        // Each line is read as it comes, while the engine works out the next.
        try exchange(request, answers: missing.count) { line in
            let position = missing[lines.count]
            lines.append(line)
            asked.request.strategy = strategies[position]
            let answer = try answer(line, to: asked, what: "quotes (\(asked.request.strategy.label))")
            remember(answer, line: line, shared, asked.request.strategy)
            answers[position] = answer
        }
        lastExchange = (request, lines.joined(separator: "\n"))
        return answers.map { $0! }
    }

    /// Protocol 3: the oracle's question as one `sets` request, answered by one line.
    private func sets(_ question: EngineQuestion, strategies: [Strategy]) throws -> [EngineAnswer] {
        try sendFloorIfNeeded(question)
        let request = EngineMessage.quotes(question, strategies: strategies, type: "sets").line
        let line = try exchange(request)
        lastExchange = (request, line)
        let answers: [EngineAnswer]
        do { answers = try EngineMessage.parseSets(line, strategies: strategies.count) } catch {
            throw EngineFailure(
                kind: error.isWrongType ? .wrongType : .malformed, request: requests, detail: "sets: \(error.problem)",
                line: line)
        }
        var asked = question
        return zip(strategies, answers).map { strategy, answer in
            asked.request.strategy = strategy
            return answer.droppingExcluded(asked)
        }
    }

    /// The answer this session got to the same question before, marked reused (`asksOnce`).
    private func reused(_ shared: AnsweredQuestions.Shared?, _ strategy: Strategy) -> (
        answer: EngineAnswer, line: String
    )? {
        guard let shared, var known = answered.answer(shared, strategy) else { return nil }
        if case .offered(var offers) = known.answer {
            offers.reused = true
            known.answer = .offered(offers)
        }
        reusedAnswers += 1
        return known
    }

    /// Keeps an answer for its question (`asksOnce`; not an error, which is asked again).
    private func remember(
        _ answer: EngineAnswer, line: String, _ shared: AnsweredQuestions.Shared?, _ strategy: Strategy
    ) {
        guard let shared, case .offered = answer else { return }
        answered.keep(answer, line: line, shared, strategy)
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
        if let last = FileTail.lastLine(ofFile: logPath) { note += "; its stderr ends: \(EngineFailure.cut(last))" }
        return EngineFailure(
            kind: .exited, request: requests, detail: "the engine exited or closed its stdout without answering",
            note: note)
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
