import Sweeps
import CommandSupport
import Allocation
import ArgumentParser
import CanonicalJSON
import EventLog
import Foundation
import Reports
import StressRunner

/// `replay engine`: the engine protocol's two tools, the built-in allocator behind it and the
/// conformance suite for any engine (docs/engine-protocol.md).
struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Serve the built-in allocator over the engine protocol, or check an engine's conformance.",
        subcommands: [EngineServeCommand.self, EngineCheckCommand.self, EngineReplayCommand.self]
    )
}

struct EngineServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "The built-in allocator behind the engine protocol: one JSON answer line per request line on stdin (one per strategy for a quotes).",
        discussion:
            "record --engine \"replay engine serve\" gives the same events as plain record, apart from the engine's identity."
    )

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
        abstract:
            "Check an engine: handshake, 9 hand-made floors and N generated ones, soundness and coverage per case, the first case of each failure kind shrunk, latency.",
        discussion: """
            Exit 0 when every answer is sound and none is an error, 1 otherwise (--strict: a missed set fails too), 2 when the engine \
            cannot be run. The same --seed generates the same cases; each failing kind is shrunk to a small floor and printed as the \
            exact lines to paste into the engine's own unit test.
            """)

    @Argument(help: "The engine's command, run with /bin/sh -c.") var command: String
    @Flag(help: "Fail on incomplete coverage too.") var strict = false
    @Option(help: "Seconds the engine may take to answer one request, or each line of a protocol-2 quotes (1...3600).")
    var engineTimeout: Int = 10
    @Option(help: "Times each hand-made case's quote is asked (for the latency figures).") var repeats: Int = 10
    @Option(parsing: .unconditional, help: "Generated cases to ask, besides the hand-made ones (0...1000000).")
    var cases: Int = 1_000
    @Option(parsing: .unconditional, help: "Seed of the generated cases (the same seed, the same cases).") var seed:
        Int = 1
    @Option(parsing: .unconditional, help: "Failure kinds to shrink and print in full (0...100).") var examples: Int = 5
    @Option(
        help:
            "A folder of failing examples: its transcripts are asked first, and each new failure kind's shrunk transcript is saved there (keep it between CI runs)."
    )
    var failingExamples: String?
    @Option(
        help:
            "Also write every case's result as JUnit XML to this file (one test case per hand-made and generated case; a failure holds the command that reproduces it)."
    )
    var junit: String?

    /// Every number checked before the engine starts.
    func validate() throws {
        guard (1...3_600).contains(engineTimeout) else {
            throw CommandFailure.badInput("replay engine check: --engine-timeout must be in 1...3600")
        }
        guard (1...10_000).contains(repeats) else {
            throw CommandFailure.badInput("replay engine check: --repeats must be in 1...10000")
        }
        guard (0...1_000_000).contains(cases) else {
            throw CommandFailure.badInput("replay engine check: --cases must be in 0...1000000, found \(cases)")
        }
        guard seed >= 0 else {
            throw CommandFailure.badInput("replay engine check: --seed must be at least 0, found \(seed)")
        }
        guard (0...100).contains(examples) else {
            throw CommandFailure.badInput("replay engine check: --examples must be in 0...100, found \(examples)")
        }
    }

    func run() throws {
        try CIOutput.check(junit, command: "engine check")
        let logPath: String
        do { logPath = try EngineLog.privatePath("check") } catch {
            throw CommandFailure.badInput("replay engine check: \(error)")
        }
        let engine = try Self.start(command, timeoutSeconds: engineTimeout, logPath: logPath)
        defer { engine.finish() }
        let identity = engine.identity
        let rules = engine.rules.isEmpty ? "none" : engine.rules.text
        Terminal.out(
            "engine \(identity?.name ?? "?") \(identity?.version ?? "?"), protocol \(engine.protocolVersion), look-ahead \(identity?.lookAheadMinutes ?? 0) min, declared rules: \(rules): handshake ok\n"
        )
        var latencies: [Int] = []
        // Failing examples of earlier runs first, each in a session of its own, as Hypothesis replays its database.
        var savedFailing: [EngineCheck.FailureKind] = []
        if let failingExamples, FileManager.default.fileExists(atPath: failingExamples) {
            let files = try TranscriptFiles.list(failingExamples)
            if !files.isEmpty {
                let saved = try TranscriptFiles.replay(files, command: command, timeoutSeconds: engineTimeout)
                Terminal.out(
                    "failing examples (\(failingExamples)): \(files.count - saved.failing) of \(files.count) pass now\n"
                )
                for line in saved.lines { Terminal.out(line + "\n") }
                savedFailing = saved.failingKinds
            }
        }
        let handMade: [EngineCheck.Result]
        // Every case's verdict, for --junit and GitHub annotations only: a million cases stay small otherwise.
        let reporting = junit != nil || GitHubAnnotation.isEnabled(ProcessInfo.processInfo.environment)
        var junitCases: [JUnitReport.TestCase] = []
        // Only what the summary needs is kept of each generated case: a million cases stay small.
        var generated = CheckTally()
        var failing: [(check: EngineCheck.Case, result: EngineCheck.Result)] = []
        var passingFeatures: [CheckFeatures] = []
        do {
            let outcome = try EngineCheck.runHandMade(engine, repeats: repeats)
            handMade = outcome.results
            latencies = outcome.latencyMicroseconds
            if reporting { junitCases = handMade.map { junitCase($0, kind: "hand-made") } }
            let progress = Progress(enabled: Terminal.stderrIsTerminal)
            let generator = CheckCaseGenerator(seed: UInt64(seed))
            for number in 0..<cases {
                let check = generator.make(number)
                do {
                    let result = try EngineCheck.ask(check, on: engine)
                    generated.add(result)
                    if reporting { junitCases.append(junitCase(result, kind: "generated")) }
                    latencies.append(result.latencyMicroseconds)
                    if result.failure(strict: true) != nil {
                        failing.append((check, result))
                    } else {
                        passingFeatures.append(result.features)
                    }
                } catch var failure as EngineFailure {
                    failure.note =
                        "case \(check.name) of seed \(seed)" + (failure.note.isEmpty ? "" : "; " + failure.note)
                    throw failure
                }
                progress.draw("engine check: \(number + 1)/\(cases) generated cases", last: number + 1 == cases)
            }
            progress.finish()
            for result in handMade { Terminal.out(Self.line(result, strict: strict)) }
            Self.printGenerated(
                generated, failing: failing.map(\.result), passingFeatures: passingFeatures, strict: strict)
            let candidates =
                zip(EngineCheck.handMade, handMade).map { ($0, $1) } + failing.map { ($0.check, $0.result) }
            let shrunk = try Self.printExamples(candidates, engine: engine, limit: examples, seed: seed)
            if let failingExamples {
                // A kind a saved example still shows is not saved again.
                for example in shrunk where !savedFailing.contains(example.kind) {
                    let path = try TranscriptFiles.write(
                        example.transcript, into: failingExamples, name: Self.fileName(example.kind, example.name))
                    Terminal.out("saved \(path)\n")
                }
            }
        } catch let failure as EngineFailure {
            engine.kill()
            throw CommandFailure.badInput("engine '\(command)' failed: \(failure) (engine log: \(logPath))")
        }
        let sorted = latencies.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        let p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, (sorted.count * 99) / 100)]
        Terminal.out(
            "latency per quote: median \(Self.millis(median)) ms, p99 \(Self.millis(p99)) ms over \(sorted.count) quotes\n"
        )
        var all = generated
        for result in handMade { all.add(result) }
        Terminal.out(
            "\(handMade.count) hand-made and \(generated.cases) generated cases (seed \(seed)): \(all.cases - all.unsound) sound, "
                + "\(all.cases - all.incomplete - all.failed) complete"
                + (all.errors > 0 ? ", \(all.errors) answered with an error" : "")
                + (all.excluded > 0 ? "; \(all.excluded) feasible sets excluded by the engine's declared rules" : "")
                + "\n")
        // A saved example that still fails is a failure as the case it came from would be.
        let savedFailures = savedFailing.filter { kind in if case .missed = kind { strict } else { true } }.count
        engine.finish()
        if reporting {
            try CIOutput.emit(JUnitReport(suiteName: "replay engine check \(command)", cases: junitCases), to: junit)
        }
        if all.failed > 0 || (strict && all.incomplete > 0) || savedFailures > 0 {
            // The log is named only when the engine wrote one (an empty log goes with its session).
            if FileManager.default.fileExists(atPath: logPath) {
                Terminal.error("engine log: \(logPath)")
            } else {
                EngineLog.discard(logPath)
            }
            throw ExitCode(1)
        }
        EngineLog.discard(logPath)
    }

    /// Starts an engine for floors of up to five tables a combination (the cases' widest), with
    /// interrupts caught; a handshake that fails is exit 2 naming the engine and its log.
    static func start(_ command: String, timeoutSeconds: Int, logPath: String) throws -> ProcessEngine {
        Interruption.install()
        do {
            return try ProcessEngine(
                command: command, timeoutSeconds: timeoutSeconds, maxTables: EngineCheck.floorMaxTables,
                logPath: logPath,
                toolVersion: ToolVersion.current)
        } catch {
            throw CommandFailure.badInput("engine '\(command)' failed: \(error) (engine log: \(logPath))")
        }
    }

    /// A case as JUnit reads it: failing as the exit code counts it (an unsound offer or an error;
    /// with --strict, a missed set too), with the command that asks the same cases again.
    func junitCase(_ result: EngineCheck.Result, kind: String) -> JUnitReport.TestCase {
        let failed = !result.passed || (strict && !result.complete)
        let again =
            "replay engine check \(RecordArguments.shellQuoted(command)) --seed \(seed) --cases \(cases)"
            + (strict ? " --strict" : "")
        return JUnitReport.TestCase(
            name: result.name, className: "replay.engine-check.\(kind)",
            seconds: Double(result.latencyMicroseconds) / 1_000_000,
            failure: failed
                ? (Self.line(result, strict: strict).trimmingCharacters(in: .whitespacesAndNewlines), again) : nil)
    }

    /// One case's line: verdict, name, coverage, what went wrong, and its purpose.
    static func line(_ result: EngineCheck.Result, strict: Bool) -> String {
        var notes = result.unsound.map { "unsound offer \($0.tables.joined(separator: "+")) (\($0.rule))" }
        let verdict = !result.passed ? "FAIL" : result.complete ? "ok" : strict ? "FAIL" : "warn"
        if let error = result.engineError { notes.append("engine error: \(error)") }
        if result.quotesAnswerDiffers {
            notes.append("a line of its answer to a quotes request is not its quote answer for that strategy")
        }
        if result.setsAnswerDiffers {
            notes.append("its answer to a sets request does not give a strategy the sets its quote answer offers")
        }
        if !result.complete {
            notes.append("missed " + result.missed.map { $0.joined(separator: "+") }.joined(separator: ", "))
        }
        if result.excluded > 0 { notes.append("\(result.excluded) excluded by declared rules") }
        if result.limitReached { notes.append("limit reached: coverage unknown") }
        let coverage = "\(result.offeredFeasible)/\(result.feasible) feasible sets offered"
        return
            "\(verdict.padding(toLength: 5, withPad: " ", startingAt: 0)) \(result.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(coverage)"
            + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")) + "  (\(result.purpose))\n"
    }

    /// The generated cases' summary: the failing ones (the first few), then the findings grouped.
    static func printGenerated(
        _ tally: CheckTally, failing: [EngineCheck.Result], passingFeatures: [CheckFeatures], strict: Bool
    ) {
        guard tally.cases > 0 else { return }
        Terminal.out(
            "generated: \(tally.cases) cases, \(tally.cases - tally.unsound) sound, \(tally.cases - tally.incompleteOrFailed) complete"
                + (tally.missedSets > 0 ? " (\(tally.missedSets) missed sets)" : "")
                + (tally.limited > 0 ? ", \(tally.limited) with coverage unknown (limit reached)" : "") + "\n")
        let shown = 10
        for result in failing.prefix(shown) { Terminal.out(line(result, strict: strict)) }
        if failing.count > shown { Terminal.out("      … and \(failing.count - shown) more failing cases\n") }
        let findings = CheckFindings(failing: failing, passingFeatures: passingFeatures)
        func counts(_ list: [CheckFindings.Count], _ unit: String) -> String {
            list.map { "\($0.label) \($0.sets) \(unit) in \(Counted.text($0.cases, "case"))" }.joined(separator: "; ")
        }
        if !findings.missedBySize.isEmpty {
            Terminal.out("missed, by set size: \(counts(findings.missedBySize, "missed"))\n")
            Terminal.out("missed, by strategy: \(counts(findings.missedByStrategy, "missed"))\n")
            Terminal.out(
                "missed, by what the set holds: "
                    + findings.missedByFeature.map { "\($0.label) \($0.sets)" }.joined(separator: "; ") + "\n")
        }
        if !findings.unsoundByRule.isEmpty {
            Terminal.out("unsound, by rule: \(counts(findings.unsoundByRule, "offers"))\n")
        }
        for sentence in findings.inCommon { Terminal.out("in common: \(sentence)\n") }
    }

    /// The first case of each failure kind (hand-made and generated), shrunk and printed as the
    /// exact lines of the exchange, with the sets it should have offered.
    /// A shrunk example, as its transcript.
    struct Example {
        var kind: EngineCheck.FailureKind
        var name: String
        var transcript: EngineTranscript
    }

    /// `cases`: the hand-made cases and the failing generated ones, with their results, in order.
    @discardableResult
    static func printExamples(
        _ cases: [(EngineCheck.Case, EngineCheck.Result)], engine: ProcessEngine, limit: Int, seed: Int
    ) throws -> [Example] {
        var shrunkExamples: [Example] = []
        var kinds: [EngineCheck.FailureKind] = []
        var firsts: [(check: EngineCheck.Case, result: EngineCheck.Result, kind: EngineCheck.FailureKind)] = []
        for (check, result) in cases {
            guard let kind = result.failure(strict: true), !kinds.contains(kind) else { continue }
            kinds.append(kind)
            firsts.append((check, result, kind))
        }
        // The simplest first: a changed quotes line, an error, unsound offers, then misses by set
        // size; one kind of each size before a second of any, so two defects both get an example.
        firsts.sort { Self.order($0.kind) < Self.order($1.kind) }
        var seenSizes: [Int] = []
        let leading = firsts.filter { first in
            guard case .missed(let size, _) = first.kind else { return true }
            if seenSizes.contains(size) { return false }
            seenSizes.append(size)
            return true
        }
        firsts = leading + firsts.filter { first in !leading.contains { $0.kind == first.kind } }
        for (number, first) in firsts.prefix(limit).enumerated() {
            var shrinker = CheckCaseShrinker(engine: engine, kind: first.kind, label: "x\(number + 1)s")
            // A quotes line or sets answer that differs is a property of a batch, not of one answer:
            // it has no smaller case.
            let small =
                first.kind == .quotesDiffer || first.kind == .setsDiffer
                ? (case: first.check, result: first.result) : try shrinker.shrink(first.check, result: first.result)
            let before = Self.size(first.check)
            let after = Self.size(small.case)
            Terminal.out(
                "\nexample \(number + 1) of \(firsts.count): \(Self.describe(first.kind)), case \(first.check.name); shrunk from \(before) to \(after) in \(Counted.text(shrinker.asks, "ask"))"
                    + (shrinker.limitReached ? " (limit reached: it may shrink further)" : "") + ":\n")
            Terminal.out(Self.exchangeLines(small.result).joined(separator: "\n") + "\n")
            shrunkExamples.append(
                Example(
                    kind: first.kind, name: first.check.name,
                    transcript: EngineTranscript(
                        small.result, title: describe(first.kind),
                        notes: [
                            "from engine check --seed \(seed), case \(first.check.name); shrunk from \(before) to \(after) in \(Counted.text(shrinker.asks, "ask"))",
                            "engine: \(engine.identity?.name ?? "?") \(engine.identity?.version ?? "?"); re-ask: replay engine replay FILE CMD"
                        ])))
        }
        if firsts.count > limit {
            Terminal.out("\n\(firsts.count - limit) more failure kinds not shown (--examples \(firsts.count))\n")
        }
        return shrunkExamples
    }

    /// A shrunk case as printed: the lines of its exchange, what a complete engine offers, and
    /// what the engine got wrong (`engine check`'s examples, `shrink --quote`).
    static func exchangeLines(_ result: EngineCheck.Result) -> [String] {
        var lines = [
            "  > " + result.floorLine, "  > " + result.requestLine, "  < " + result.answerLine,
            "  every feasible set (what a complete engine offers): " + json(result.expected)
        ]
        if !result.missed.isEmpty { lines.append("  missed: " + json(result.missed)) }
        for offer in result.unsound { lines.append("  unsound: \(json([offer.tables])) breaks \(offer.rule)") }
        if let error = result.engineError { lines.append("  engine error: \(error)") }
        return lines
    }

    /// "missed-3-adjacent-x3-gen-34": a transcript's file name.
    static func fileName(_ kind: EngineCheck.FailureKind, _ name: String) -> String {
        switch kind {
        case .quotesDiffer: "quotes-differ-\(name)"
        case .setsDiffer: "sets-differ-\(name)"
        case .engineError: "engine-error-\(name)"
        case .unsound(let rule): "unsound-\(rule)-\(name)"
        case .missed(let size, let strategy): "missed-\(size)-\(strategy)-\(name)"
        }
    }

    static func order(_ kind: EngineCheck.FailureKind) -> (Int, Int, String) {
        switch kind {
        case .quotesDiffer: (0, 0, "")
        case .setsDiffer: (0, 1, "")
        case .engineError: (1, 0, "")
        case .unsound(let rule): (2, 0, rule)
        case .missed(let size, let strategy): (3, size, strategy)
        }
    }

    static func describe(_ kind: EngineCheck.FailureKind) -> String {
        switch kind {
        case .quotesDiffer: "a quotes line that is not the quote's answer"
        case .setsDiffer: "a sets answer that is not what the quotes offer"
        case .engineError: "an error answer"
        case .unsound(let rule): "an unsound offer (\(rule))"
        case .missed(let size, let strategy): "a missed \(size)-table set under \(strategy)"
        }
    }

    static func size(_ check: EngineCheck.Case) -> String {
        "\(Counted.text(check.tables.count, "table")), \(Counted.text(check.adjacency.count, "pair")), \(check.occupied.count) busy, "
            + "\(check.waiting.count) pending, party \(check.party)"
    }

    /// Table sets as one JSON line, as an engine's own test would hold them.
    static func json(_ sets: [[String]]) -> String {
        var writer = JSONWriter()
        writer.stringSets(sets)
        return writer.string
    }

    static func millis(_ microseconds: Int) -> String {
        let hundredths = (microseconds + 5) / 10
        return "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))"
    }
}

/// Counts over check results, without keeping them.
struct CheckTally {
    var cases = 0, unsound = 0, errors = 0, failed = 0, incomplete = 0, incompleteOrFailed = 0, excluded = 0,
        missedSets = 0, limited = 0

    mutating func add(_ result: EngineCheck.Result) {
        cases += 1
        if !result.sound { unsound += 1 }
        if result.engineError != nil { errors += 1 }
        if !result.passed { failed += 1 } else if !result.complete { incomplete += 1 }
        if !result.complete { incompleteOrFailed += 1 }
        excluded += result.excluded
        missedSets += result.missed.count
        if result.limitReached { limited += 1 }
    }
}

/// `replay engine replay TRANSCRIPT|FOLDER CMD`: re-asks reproducers (`engine check`'s shrunk
/// examples, `shrink --quote`'s result) of an engine, each in a session of its own.
struct EngineReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract:
            "Re-ask reproducers (transcripts written by engine check and shrink --quote) of an engine: exit 1 while it still fails one.",
        discussion: """
            PATH is a transcript file or a folder of them (every *.transcript in it, by name). Each is asked in a session of its own \
            and judged now: against the feasible sets the oracle finds for its lines, with the rules the engine declares now. \
            Exit 0 when every answer is sound and complete, 1 when one still fails, 2 when a file is not a transcript or the engine cannot be run.
            """)

    @Argument(help: "A transcript file, or a folder of them.") var path: String
    @Argument(help: "The engine's command, run with /bin/sh -c.") var command: String
    @Option(help: "Seconds the engine may take to answer one request (1...3600).") var engineTimeout: Int = 10

    func validate() throws {
        guard (1...3_600).contains(engineTimeout) else {
            throw CommandFailure.badInput("replay engine replay: --engine-timeout must be in 1...3600")
        }
    }

    func run() throws {
        let files = try TranscriptFiles.list(path)
        guard !files.isEmpty else { throw CommandFailure.badInput("\(path): no *.transcript file in it") }
        Interruption.install()
        let outcome = try TranscriptFiles.replay(files, command: command, timeoutSeconds: engineTimeout)
        for line in outcome.lines { Terminal.out(line + "\n") }
        Terminal.out("\(files.count - outcome.failing) of \(files.count) transcripts pass\n")
        if outcome.failing > 0 { throw ExitCode(1) }
    }
}

/// Transcript files on disk: listed from a path, replayed, written.
enum TranscriptFiles {
    static let fileExtension = "transcript"

    /// The file itself, or every `*.transcript` of a folder sorted by name.
    static func list(_ path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandFailure.badInput("\(path): no such file or folder")
        }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix("." + fileExtension) }.sorted().map {
            (path as NSString).appendingPathComponent($0)
        }
    }

    /// Each file asked of the engine: one line per file ("FAIL path: title; ...") and how many still fail.
    static func replay(_ files: [String], command: String, timeoutSeconds: Int) throws -> (
        lines: [String], failing: Int, failingKinds: [EngineCheck.FailureKind]
    ) {
        var lines: [String] = []
        var failing = 0
        var failingKinds: [EngineCheck.FailureKind] = []
        for file in files {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw CommandFailure.badInput("\(file): cannot read (\(error.localizedDescription))")
            }
            let transcript: EngineTranscript
            do { transcript = try EngineTranscript.parse(text, path: file) } catch {
                throw CommandFailure.badInput(error.description)
            }
            let logPath: String
            do { logPath = try EngineLog.privatePath("replay") } catch {
                throw CommandFailure.badInput("\(file): \(error)")
            }
            let outcome: (result: EngineCheck.Result, expectedChanged: Bool)
            do {
                outcome = try transcript.replay(
                    command: command, timeoutSeconds: timeoutSeconds, logPath: logPath,
                    toolVersion: ToolVersion.current,
                    path: file)
            } catch let problem as EngineTranscript.Problem {
                throw CommandFailure.badInput(problem.description)
            } catch let failure as EngineFailure {
                throw CommandFailure.badInput(
                    "engine '\(command)' failed on \(file): \(failure) (engine log: \(logPath))")
            }
            EngineLog.discard(logPath)
            let result = outcome.result
            let note =
                outcome.expectedChanged
                ? " (the oracle's sets for these lines differ from the file's '=' line: the oracle's are judged)" : ""
            if let kind = result.failure(strict: true) {
                failing += 1
                failingKinds.append(kind)
                var details: [String] = []
                if EngineCheckCommand.describe(kind) != transcript.title {
                    details.append("now " + EngineCheckCommand.describe(kind))
                }
                if !result.missed.isEmpty {
                    details.append(
                        "still misses " + result.missed.map { $0.joined(separator: "+") }.joined(separator: ", "))
                }
                for offer in result.unsound {
                    details.append("unsound " + offer.tables.joined(separator: "+") + " (\(offer.rule))")
                }
                if let error = result.engineError { details.append("engine error: \(error)") }
                lines.append("FAIL  \(file): \(transcript.title): \(details.joined(separator: "; "))\(note)")
            } else {
                lines.append(
                    "ok    \(file): \(transcript.title): passes now (\(result.offeredFeasible) of \(Counted.text(result.feasible, "feasible set")) offered, every offer sound)\(note)"
                )
            }
        }
        return (lines, failing, failingKinds)
    }

    /// Writes a transcript into a folder under a name made of its kind (kept unique with a number).
    static func write(_ transcript: EngineTranscript, into folder: String, name: String) throws -> String {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw CommandFailure.badInput("\(folder): cannot create (\(error.localizedDescription))")
        }
        let base = name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }.reduce(into: "") { $0.append($1) }
        var path = (folder as NSString).appendingPathComponent(base + "." + fileExtension)
        var number = 2
        while FileManager.default.fileExists(atPath: path) {
            path = (folder as NSString).appendingPathComponent("\(base)-\(number).\(fileExtension)")
            number += 1
        }
        try OutputFile.write(transcript.text, to: path)
        return path
    }
}
