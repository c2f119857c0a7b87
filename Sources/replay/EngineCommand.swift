import ArgumentParser
import EventLog
import Foundation
import StressRunner

/// `replay engine`: the engine protocol's two tools, the built-in allocator behind it and the
/// conformance suite for any engine (docs/engine-protocol.md).
struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Serve the built-in allocator over the engine protocol, or check an engine's conformance.",
        subcommands: [EngineServeCommand.self, EngineCheckCommand.self]
    )
}

struct EngineServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The built-in allocator behind the engine protocol: one JSON answer line per request line on stdin (one per strategy for a quotes).",
        discussion: "record --engine \"replay engine serve\" gives the same events as plain record, apart from the engine's identity.")

    func run() throws {
        var server = EngineServer()
        let input = LineReader(descriptor: 0)
        var open = true
        while open, let line = try? input.line(timeoutMilliseconds: nil) {
            server.answer(line, toolVersion: ToolVersion.current) { answer in open = open && Terminal.line(answer) }
        }
        guard open else { throw CommandFailure.badInput("replay engine serve: stdout was closed") }
    }
}

struct EngineCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an engine: handshake, hand-built floors with known feasible sets, soundness and coverage per case, latency.",
        discussion: "Exit 0 when every answer is sound and none is an error, 1 otherwise (--strict: incomplete coverage fails too), 2 when the engine cannot be run.")

    @Argument(help: "The engine's command, run with /bin/sh -c.") var command: String
    @Flag(help: "Fail on incomplete coverage too.") var strict = false
    @Option(help: "Seconds the engine may take to answer one request, or each line of a protocol-2 quotes (1...3600).") var engineTimeout: Int = 10
    @Option(help: "Times each case's quote is asked (for the latency figures).") var repeats: Int = 10

    func run() throws {
        guard (1...3_600).contains(engineTimeout) else { throw CommandFailure.badInput("replay engine check: --engine-timeout must be in 1...3600") }
        guard (1...10_000).contains(repeats) else { throw CommandFailure.badInput("replay engine check: --repeats must be in 1...10000") }
        let logPath = (NSTemporaryDirectory() as NSString).appendingPathComponent("replay-check-\(getpid()).engine.log")
        Interruption.install()
        let engine: ProcessEngine
        do {
            engine = try ProcessEngine(command: command, timeoutSeconds: engineTimeout, maxTables: 5, logPath: logPath,
                                       toolVersion: ToolVersion.current)
        } catch {
            throw CommandFailure.badInput("engine '\(command)' failed: \(error) (engine log: \(logPath))")
        }
        defer { engine.finish() }
        let identity = engine.identity
        Terminal.out("engine \(identity?.name ?? "?") \(identity?.version ?? "?"), protocol \(engine.protocolVersion), look-ahead \(identity?.lookAheadMinutes ?? 0) min: handshake ok\n")
        let outcome: (results: [EngineCheck.Result], latencyMicroseconds: [Int])
        do {
            outcome = try EngineCheck.run(engine, repeats: repeats)
        } catch let failure as EngineFailure {
            engine.kill()
            throw CommandFailure.badInput("engine '\(command)' failed: \(failure) (engine log: \(logPath))")
        }
        var unsound = 0, incomplete = 0, errors = 0
        for result in outcome.results {
            let verdict: String
            var notes: [String] = []
            if result.engineError != nil { errors += 1 }
            if !result.sound { unsound += 1 }
            if !result.passed {
                verdict = "FAIL"
                notes += result.unsound.map { "unsound offer \($0.tables.joined(separator: "+")) (\($0.rule))" }
            } else if !result.complete {
                incomplete += 1
                verdict = strict ? "FAIL" : "warn"
            } else {
                verdict = "ok"
            }
            if let error = result.engineError { notes.append("engine error: \(error)") }
            if result.quotesAnswerDiffers { notes.append("a line of its answer to a quotes request is not its quote answer for that strategy") }
            if !result.complete { notes.append("missed " + result.missed.map { $0.joined(separator: "+") }.joined(separator: ", ")) }
            let coverage = "\(result.offeredFeasible)/\(result.feasible) feasible sets offered"
            Terminal.out("\(verdict.padding(toLength: 5, withPad: " ", startingAt: 0)) \(result.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(coverage)"
                         + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")) + "  (\(result.purpose))\n")
        }
        let sorted = outcome.latencyMicroseconds.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, (sorted.count * 99) / 100)]
        Terminal.out("latency per quote: median \(Self.millis(median)) ms, p99 \(Self.millis(p99)) ms over \(sorted.count) quotes\n")
        let failed = outcome.results.filter { !$0.passed }.count
        Terminal.out("\(outcome.results.count - unsound) of \(outcome.results.count) cases sound, \(outcome.results.count - incomplete - failed) complete"
                     + (errors > 0 ? ", \(errors) answered with an error" : "") + "\n")
        if failed > 0 || (strict && incomplete > 0) {
            Terminal.error("engine log: \(logPath)")
            throw ExitCode(1)
        }
        engine.finish()
        try? FileManager.default.removeItem(atPath: logPath)
    }

    static func millis(_ microseconds: Int) -> String {
        let hundredths = (microseconds + 5) / 10
        return "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))"
    }
}
