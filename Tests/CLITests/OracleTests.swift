import CanonicalJSON
import EventLog
import Foundation
import Testing

/// An oracle that misses nothing: engines written from the protocol text with defects planted on
/// purpose (Engines/defect_engine.py), caught by `engine check`'s generated cases and by the
/// oracle at every quote and per strategy of a real recording.
@Suite(.serialized) struct OracleTests {
    static func engine(_ defects: String, _ extra: String = "") -> String {
        "python3 '\(EngineProtocolTests.engines.appendingPathComponent("defect_engine.py").path)' --defect '\(defects)' \(extra)"
    }

    /// `record --json` of the built-in day with an engine: (union coverage, per-strategy coverage, missed sets).
    static func recordedCoverage(_ command: String, in folder: URL, name: String) throws -> (
        union: Int, strategies: [String: Int], missed: Int, phantom: Int
    ) {
        let result = try Replay.run(
            ["record", "--engine", command, "--out", "\(name).db", "--no-reports", "--json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        var strategies: [String: Int] = [:]
        for entry in json["strategies"] as? [[String: Any]] ?? [] {
            strategies[entry["strategy"] as? String ?? "?"] = entry["coverage_bp"] as? Int ?? -1
        }
        return (
            json["coverage_bp"] as? Int ?? -1, strategies, json["missed_sets"] as? Int ?? -1,
            json["phantom_unavailable"] as? Int ?? -1
        )
    }

    @Test(arguments: [
        ("touching", "a busy window that only touches the booking's"),
        ("no-triples", "a feasible set of 3 or more tables"),
        ("spare-limit", "a feasible combination exactly at the spare-seat limit"),
        ("member-minimums", "a feasible combination with a member whose minimum is above the party"),
        ("no-neighbours", "a feasible set with a table that has no adjacency pair"),
        ("forward-walk", "a feasible set connected only through a table later in id order"),
        ("early-return", "a feasible set of 3 or more tables")
    ])
    func engineCheckCatchesEveryPlantedDefect(defect: String, feature: String) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let check = try Replay.run(["engine", "check", "--strict", "--repeats", "1", Self.engine(defect)], in: folder)
        #expect(check.status == 1, "\(defect): \(check.stdout)")
        #expect(
            check.stdout.split(separator: "\n").contains {
                $0.hasPrefix("in common: every failing case (") && $0.contains(feature)
            },
            "\(defect): \(check.stdout)")
        // The first failure kind, shrunk and printed as the lines of its exchange.
        let example = check.stdout.components(separatedBy: "\nexample 1 of ").dropFirst().first ?? ""
        #expect(
            example.contains("\n  > {\"type\":\"floor\"") && example.contains("\n  > {\"type\":\"quote\"")
                && example.contains("\n  < {\"type\":\"candidates\"")
                && example.contains("\n  missed: [["), "\(defect): \(check.stdout)")
        // Sound: without --strict the misses are warnings.
        if defect == "touching" {
            let lenient = try Replay.run(["engine", "check", "--repeats", "1", Self.engine(defect)], in: folder)
            #expect(lenient.status == 0 && lenient.stdout.contains("warn "), "\(lenient.stdout)")
        }
    }

    @Test func aCompleteEnginePassesEveryCase() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [Self.engine(""), "python3 '\(EngineProtocolTests.example.path)'"] {
            let check = try Replay.run(["engine", "check", "--strict", "--repeats", "1", command], in: folder)
            #expect(
                check.status == 0
                    && check.stdout.contains("9 hand-made and 1000 generated cases (seed 1): 1009 sound, 1009 complete"),
                "\(command): \(check.stdout)")
        }
    }

    /// A rule the engine declares turns the misses it explains into exclusions; a search defect
    /// beside it is still caught.
    @Test(arguments: [
        ("member-minimums", "memberMinimums", Int32(0)), ("no-neighbours", "isolatedTablesUnused", 0),
        ("cap", "maxCandidates", 0),
        ("member-minimums,no-triples", "memberMinimums", 1), ("no-neighbours,forward-walk", "isolatedTablesUnused", 1),
        ("cap", "", 1)
    ])
    func declaredRulesExcludeWhatTheyExplain(defects: String, declared: String, status: Int32) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let check = try Replay.run(
            ["engine", "check", "--strict", "--repeats", "1", Self.engine(defects, "--declare '\(declared)'")],
            in: folder)
        #expect(check.status == status, "\(defects) declaring \(declared): \(check.stdout)")
        #expect(check.stdout.contains("declared rules: \(declared.isEmpty ? "none" : declared)"), "\(check.stdout)")
        if !declared.isEmpty {
            #expect(check.stdout.contains("feasible sets excluded by the engine's declared rules"), "\(check.stdout)")
        }
    }

    @Test func generatedCasesAreReproducibleBySeed() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func run(_ seed: String) throws -> String {
            let check = try Replay.run(
                ["engine", "check", "--repeats", "1", "--cases", "300", "--seed", seed, Self.engine("touching")],
                in: folder)
            return check.stdout.split(separator: "\n").filter { !$0.hasPrefix("latency per quote") }.joined(
                separator: "\n")
        }
        let first = try run("9")
        let again = try run("9")
        let other = try run("10")
        #expect(first == again && first.contains("300 generated cases (seed 9)"))
        #expect(first != other)
        // Case n is the same whatever --cases says: the failing lines of the first 50 agree.
        let fewer = try Replay.run(
            ["engine", "check", "--repeats", "1", "--cases", "50", "--seed", "9", Self.engine("touching")], in: folder
        ).stdout
        let early = first.split(separator: "\n").filter { line in
            guard line.hasPrefix("warn  gen-"), let number = Int(line.dropFirst(10).prefix { $0.isNumber }) else {
                return false
            }
            return number <= 50
        }
        #expect(!early.isEmpty && early.allSatisfy { fewer.contains($0) }, "\(early)")
    }

    @Test func aHelloThatDeclaresAnUnknownRuleStopsBeforeAnythingIsRecorded() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try Replay.run(
            ["record", "--engine", Self.engine("", "--declare tablesUpsideDown"), "--out", "u.db", "--no-reports"],
            in: folder)
        #expect(
            record.status == 2
                && record.stderr.contains("hello's rules names \"tablesUpsideDown\", which replay does not know"),
            "\(record.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("u.db").path))
    }

    /// The touching engine loses sets wherever a busy window ends where the booking starts:
    /// `busy` now lists such entries, and the oracle at every quote counts what it misses.
    @Test func recordCatchesTheTouchingEngineOnTheBuiltInDay() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let complete = try Self.recordedCoverage(Self.engine(""), in: folder, name: "complete")
        #expect(
            complete.union == 10_000 && complete.missed == 0 && complete.strategies.values.allSatisfy { $0 == 10_000 }
                && complete.strategies.count == 8)
        let touching = try Self.recordedCoverage(Self.engine("touching"), in: folder, name: "touching")
        #expect(touching.union < 10_000 && touching.missed > 0, "\(touching)")
        #expect(touching.strategies.values.contains { $0 < 10_000 })
    }

    /// Two search defects the union of strategies hides (a relaxed strategy offers what the
    /// adjacent one missed): per-strategy coverage shows them.
    @Test(arguments: [("forward-walk", ["adjacent-x3", "adjacent-x4"]), ("early-return", ["adjacent-x4"])])
    func perStrategyCoverageShowsWhatTheUnionHides(defect: String, missing: [String]) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let coverage = try Self.recordedCoverage(Self.engine(defect), in: folder, name: defect)
        #expect(coverage.union == 10_000 && coverage.phantom == 0, "\(defect): \(coverage)")
        for strategy in missing {
            #expect((coverage.strategies[strategy] ?? 10_000) < 10_000, "\(defect) \(strategy): \(coverage.strategies)")
        }
        #expect(coverage.strategies.filter { $0.key.hasPrefix("relaxed") }.values.allSatisfy { $0 == 10_000 })
        // show names the strategy and each missed set with why it is feasible.
        let shown = try Replay.run(["show", "\(defect).db", "--type", "coverage.measured"], in: folder)
        #expect(shown.stdout.contains("by strategy: adjacent-x"), "\(shown.stdout.prefix(2_000))")
        let explained = shown.stdout.split(separator: "\n").filter { $0.hasPrefix("           missed ") }
        #expect(
            !explained.isEmpty
                && explained.allSatisfy {
                    $0.contains(" under adjacent-x") && $0.contains(" tables of ") && $0.contains("adjacent through ")
                        && $0.contains("; nothing busy on them over ")
                }, "\(explained)")
    }

    /// A one-table day whose table seats the party: an engine that offers nothing fails the
    /// booking, and the reason is the engine's miss, never the floor's `no_table_fits`.
    @Test(arguments: [
        (
            "--defect cap --max-candidates 0", "", "engine_missed",
            "the engine did not offer the only feasible set of relaxed-x4 at its last quote: T1"
        ),
        (
            "--defect no-neighbours", "--declare isolatedTablesUnused", "declared_rule",
            "the engine's declared rules exclude the only feasible set of relaxed-x4 at its last quote"
        )
    ])
    func anEnginesMissIsItsReasonNotTheFloors(defect: String, declare: String, reason: String, why: String) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        {"name": "one", "date": "2025-11-08", "restaurants": [{"slug": "solo", "services": [{"name": "dinner", "start": "17:00", "end": "23:00"}],
         "turnMinutes": {"2": 60, "4": 90}, "bufferMinutes": 15, "tables": [{"id": "T1", "zone": "main", "min": 1, "max": 4}]}],
         "bookings": [{"id": "B1", "restaurant": "solo", "start": "19:00", "party": 2}]}
        """.write(to: folder.appendingPathComponent("one.json"), atomically: true, encoding: .utf8)
        let engine =
            "python3 '\(EngineProtocolTests.engines.appendingPathComponent("defect_engine.py").path)' \(defect) \(declare)"
        let assign = try Replay.run(
            ["record", "--scenario", "one.json", "--engine", engine, "--out", "a.db", "--reports", "r"], in: folder)
        #expect(
            assign.status == 0 && assign.stdout.contains("failure reasons: \(reason) 1"),
            "\(assign.stdout) \(assign.stderr)")
        let shown = try Replay.run(["show", "a.db", "--booking", "B1"], in: folder)
        #expect(
            shown.stdout.contains("why: B1 19:00 party 2 failed: \(reason) (\(why)")
                && !shown.stdout.contains("blocked by"), "\(shown.stdout)")
        let markdown = try String(contentsOf: folder.appendingPathComponent("r/a.md"), encoding: .utf8)
        #expect(markdown.contains(why), "\(markdown)")
        // The create flow's capacity check says the same, and the oracle checks its claim.
        let reserve = try Replay.run(
            [
                "record", "--scenario", "one.json", "--mode", "reserve", "--clone-limit", "1", "--prefill", "none",
                "--engine", engine, "--out", "r.db", "--no-reports"
            ], in: folder)
        #expect(reserve.status == 0 && reserve.stdout.contains("failure reasons: \(reason) 1"), "\(reserve.stdout)")
        let refused = try Replay.run(["show", "r.db", "--type", "coverage"], in: folder)
        #expect(refused.stdout.contains("oracle: 0 of 1 feasible sets quoted"), "\(refused.stdout)")
    }

    /// A capture of format 4 or below is recorded again as it ran (`--oracle legacy`, what a
    /// shrink or a sweep row of it passes): the frozen format-1 capture's day gives its head hash.
    @Test func anOlderCaptureIsRecordedAgainAsItRan() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixtures = EngineProtocolTests.example.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/ReplayerTests/Fixtures")
        let frozen = try CaptureReader(path: fixtures.appendingPathComponent("format-1-assign.db").path)
        let again = try Replay.run(
            [
                "record", "--scenario", fixtures.appendingPathComponent("scenarios/small.json").path, "--oracle",
                "legacy",
                "--out", "again.db", "--no-reports", "--quiet"
            ], in: folder)
        #expect(again.status == 0, "\(again.stderr)")
        let recorded = try CaptureReader(path: folder.appendingPathComponent("again.db").path)
        #expect(
            recorded.metaValue("format_version") == "1"
                && recorded.metaValue("head_hash") == frozen.metaValue("head_hash"))
    }

    @Test func theOracleCanBeLimitedToFirstQuotes() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try Replay.run(
            ["record", "--oracle", "first", "--out", "first.db", "--no-reports", "--quiet"], in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let reader = try CaptureReader(path: folder.appendingPathComponent("first.db").path)
        var quotesJudged = 0
        var firstQuotes = 0
        try reader.forEachEvent { record in
            if record.type == "quote.issued" && record.payload.contains("\"oracle\":") { quotesJudged += 1 }
            if record.type == "coverage.measured" && record.payload.contains("\"strategies\":[{") { firstQuotes += 1 }
            if record.type == "run.started" { #expect(record.payload.contains("\"oracle\":\"first\"")) }
            return true
        }
        #expect(quotesJudged == 0 && firstQuotes > 90)
        #expect(try Replay.run(["run", "first.db"], in: folder).status == 0)
        let every = try Replay.run(["record", "--out", "every.db", "--no-reports", "--quiet"], in: folder)
        #expect(every.status == 0)
        let everyQuotes = try CaptureReader(path: folder.appendingPathComponent("every.db").path)
        var judged = 0
        try everyQuotes.forEachEvent { record in
            if record.type == "quote.issued" && record.payload.contains("\"oracle\":{") { judged += 1 }
            return true
        }
        #expect(judged > 100, "every quote after a booking's first carries its verdict")
        let both = try Replay.run(["record", "--oracle", "every", "--no-bruteforce", "--out", "x.db"], in: folder)
        #expect(
            both.status == 2
                && both.stderr.contains("--oracle chooses where the oracle judges; --no-bruteforce turns it off"))
        let wrong = try Replay.run(["record", "--oracle", "sometimes", "--out", "x.db"], in: folder)
        #expect(wrong.status == 2 && wrong.stderr.contains("--oracle must be every or first"))
    }

    /// The oracle's quotes record what the engine counted as rejected, per strategy.
    @Test func theOraclesAnswersKeepTheEnginesRejectedCounts() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try Replay.run(
            [
                "record", "--restaurant", "pub-2", "--engine", "python3 '\(EngineProtocolTests.example.path)'",
                "--out", "r.db", "--no-reports", "--quiet"
            ], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let reader = try CaptureReader(path: folder.appendingPathComponent("r.db").path)
        var withRejected = 0
        try reader.forEachEvent { record in
            if record.type == "coverage.measured" && record.payload.contains("\"rejected\":{\"capacity\":") {
                withRejected += 1
            }
            return true
        }
        #expect(withRejected > 5)
    }
}

/// From a finding to a fix: one quote shrunk to a transcript, re-asked until the engine is fixed.
@Suite(.serialized) struct ReproducerTests {
    static let defects = EngineProtocolTests.engines.appendingPathComponent("defect_engine.py").path

    @Test func aQuoteShrinksToATranscriptThatFailsUntilTheEngineIsFixed() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = "python3 '\(Self.defects)' --defect forward-walk"
        let fixed = "python3 '\(Self.defects)'"
        #expect(
            try Replay.run(["record", "--engine", broken, "--out", "fw.db", "--no-reports", "--quiet"], in: folder)
                .status == 0)
        // The oracle's question at a first quote where adjacent-x3 missed a set.
        var seq = 0
        try CaptureReader(path: folder.appendingPathComponent("fw.db").path).forEachEvent { record in
            guard record.type == "coverage.measured",
                let payload = try JSONSerialization.jsonObject(with: Data(record.payload.utf8)) as? [String: Any],
                let strategies = payload["strategies"] as? [[String: Any]]
            else { return true }
            if strategies.contains(where: {
                $0["strategy"] as? String == "adjacent-x3" && ($0["missed_count"] as? Int ?? 0) > 0
            }) {
                seq = record.seq
                return false
            }
            return true
        }
        #expect(seq > 0)
        let started = ContinuousClock.now
        let shrunk = try Replay.run(
            ["shrink", "fw.db", "--quote", String(seq), "--engine", broken, "--out", "fw.transcript"], in: folder)
        let elapsed = ContinuousClock.now - started
        #expect(
            shrunk.status == 0 && shrunk.stdout.contains("a missed 3-table set under adjacent-x3: from ")
                && shrunk.stdout.contains(" to 3 tables, 2 pairs, 0 busy, 0 pending"),
            "\(shrunk.stdout) \(shrunk.stderr)")
        #expect(elapsed < .seconds(30), "a single-quote shrink takes seconds, not minutes: \(elapsed)")
        let text = try String(contentsOf: folder.appendingPathComponent("fw.transcript"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("# replay transcript 1: a missed 3-table set under adjacent-x3") == true)
        #expect(
            lines.filter { $0.hasPrefix("> ") }.count == 2
                && lines.contains { $0.hasPrefix("< {\"type\":\"candidates\"") }
                && lines.contains { $0.hasPrefix("= {\"expected\":[[") })
        let still = try Replay.run(["engine", "replay", "fw.transcript", broken], in: folder)
        #expect(
            still.status == 1
                && still.stdout.contains("FAIL  fw.transcript: a missed 3-table set under adjacent-x3: still misses "),
            "\(still.stdout)")
        let passes = try Replay.run(["engine", "replay", "fw.transcript", fixed], in: folder)
        #expect(passes.status == 0 && passes.stdout.contains("1 of 1 transcripts pass"), "\(passes.stdout)")
        // The request lines alone ask the engine by hand.
        let byHand = try Replay.runProgram("/bin/sh", ["-c", "sed -n 's/^> //p' fw.transcript | \(fixed)"], in: folder)
        #expect(
            byHand.stdout.split(separator: "\n").count == 2 && byHand.stdout.contains("{\"type\":\"candidates\""),
            "\(byHand.stdout)")
        // Without --engine or --trust-engine the recorded command is not started.
        let refused = try Replay.run(["shrink", "fw.db", "--quote", String(seq)], in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("replay never starts a command read from a file"))
        let notAQuote = try Replay.run(["shrink", "fw.db", "--quote", "3", "--engine", broken], in: folder)
        #expect(
            notAQuote.status == 2 && notAQuote.stderr.contains("event 3 is table.seeded, not a quote"),
            "\(notAQuote.stderr)")
    }

    @Test func engineCheckSavesFailingExamplesAndAsksThemFirst() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = "python3 '\(Self.defects)' --defect no-triples"
        let fixed = "python3 '\(Self.defects)'"
        let first = try Replay.run(
            ["engine", "check", "--strict", "--repeats", "1", "--failing-examples", "failing", broken], in: folder)
        #expect(first.status == 1 && first.stdout.contains("saved failing/missed-3-"), "\(first.stdout)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("failing").path)
            .sorted()
        #expect(!saved.isEmpty && saved.allSatisfy { $0.hasSuffix(".transcript") })
        // The next run asks them first and saves no kind it already has.
        let again = try Replay.run(
            ["engine", "check", "--strict", "--repeats", "1", "--failing-examples", "failing", broken], in: folder)
        #expect(
            again.status == 1 && again.stdout.contains("failing examples (failing): 0 of \(saved.count) pass now")
                && !again.stdout.contains("saved "),
            "\(again.stdout)")
        let repaired = try Replay.run(
            ["engine", "check", "--strict", "--repeats", "1", "--failing-examples", "failing", fixed], in: folder)
        #expect(
            repaired.status == 0
                && repaired.stdout.contains("failing examples (failing): \(saved.count) of \(saved.count) pass now"),
            "\(repaired.stdout)")
        // A hand-made case shrunk below its own floor is judged by the oracle, not by its hand-worked
        // list: the saved transcripts' expected sets are what the oracle finds for their lines.
        let neighbours = try Replay.run(
            [
                "engine", "check", "--strict", "--repeats", "1", "--examples", "30", "--failing-examples", "hand",
                "python3 '\(Self.defects)' --defect no-neighbours"
            ],
            in: folder)
        #expect(
            neighbours.status == 1 && neighbours.stdout.contains("case relaxed-combination"), "\(neighbours.stdout)")
        let asked = try Replay.run(
            ["engine", "replay", "hand", "python3 '\(Self.defects)' --defect no-neighbours"], in: folder)
        #expect(asked.status == 1 && !asked.stdout.contains("differ from the file's"), "\(asked.stdout)")
        // A sweep asks them before its grid: one still failing stops it before any run.
        let sweep = try Replay.run(
            ["sweep", "--seeds", "1..2", "--engine", broken, "--failing-examples", "failing", "--out", "s"], in: folder)
        #expect(
            sweep.status == 1 && sweep.stderr.contains("still fail; the grid did not run")
                && sweep.stdout.contains("FAIL  failing/"),
            "\(sweep.stdout) \(sweep.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s/sweep.db").path))
        // Not a transcript: one line, exit 2.
        try "hello\n".write(
            to: folder.appendingPathComponent("failing/bad.transcript"), atomically: true, encoding: .utf8)
        let bad = try Replay.run(["engine", "replay", "failing", fixed], in: folder)
        #expect(
            bad.status == 2 && bad.stderr.contains("failing/bad.transcript: not a replay transcript"), "\(bad.stderr)")
    }
}

/// Shrinking a day on coverage: the kind of miss is kept, and an interrupted shrink keeps its best.
@Suite(.serialized) struct CoverageShrinkTests {
    static let forwardWalk = "python3 '\(ReproducerTests.defects)' --defect forward-walk"

    static func forwardWalkDay(in folder: URL) throws {
        let record = try Replay.run(
            ["record", "--engine", forwardWalk, "--out", "fw.db", "--no-reports", "--quiet"], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
    }

    @Test func aMissShrinksToOneBookingOfTheSameKind() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.forwardWalkDay(in: folder)
        let shrunk = try Replay.run(
            ["shrink", "fw.db", "--until", "missed", "--engine", Self.forwardWalk, "--out", "small"], in: folder)
        #expect(shrunk.status == 0, "\(shrunk.stderr)")
        #expect(
            shrunk.stdout.hasPrefix("shrunk 105 bookings/90 tables to 1/3 in ")
                && shrunk.stdout.contains("property missed holds: 1 3-table sets missed under adjacent-x3"),
            "\(shrunk.stdout)")
        // The union never misses for this engine; every answer's coverage does.
        let below = try Replay.run(
            [
                "shrink", "fw.db", "--until", "coverage-below:100", "--engine", Self.forwardWalk, "--out", "cov",
                "--max-recordings", "3"
            ], in: folder)
        #expect(
            below.status == 0
                && below.stdout.contains("property coverage-below:100 holds: coverage 98.89% over 925 answers")
                || below.stdout.contains("limit reached: --max-recordings 3"), "\(below.stdout) \(below.stderr)")
        // No 2-table set is ever missed by this engine: nothing to shrink.
        let pairs = try Replay.run(
            ["shrink", "fw.db", "--until", "missed:2", "--engine", Self.forwardWalk, "--out", "pairs"], in: folder)
        #expect(
            pairs.status == 1 && pairs.stderr.contains("missed:2 does not hold")
                && pairs.stderr.contains("0 2-table sets missed"), "\(pairs.stderr)")
        let bad = try Replay.run(["shrink", "fw.db", "--until", "missed:7", "--engine", Self.forwardWalk], in: folder)
        #expect(bad.status == 2 && bad.stderr.contains("missed:SIZE"), "\(bad.stderr)")
    }

    /// SIGTERM in the middle of a shrink: the smallest day that held so far is written, said to be
    /// not minimal, and the exit is 143.
    @Test func anInterruptedShrinkKeepsItsBestDay() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.forwardWalkDay(in: folder)
        let process = Process()
        process.executableURL = Replay.binary
        process.arguments = [
            "shrink", "fw.db", "--until", "missed", "--engine", Self.forwardWalk, "--out", "small", "--jobs", "1"
        ]
        process.currentDirectoryURL = folder
        let errors = folder.appendingPathComponent("shrink.err")
        let output = folder.appendingPathComponent("shrink.out")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        // Once a pass has removed something, a smaller day has held.
        for _ in 0..<600
        where !((try? String(contentsOf: errors, encoding: .utf8)) ?? "").contains("shrink: restaurants: ") {
            usleep(100_000)
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 143)
        let printed = try String(contentsOf: output, encoding: .utf8)
        #expect(
            printed.contains("interrupted after ") && printed.contains("the smallest day so far")
                && printed.contains("not shown minimal"), "\(printed)")
        let scenario = try JSONParser.parse(
            String(contentsOf: folder.appendingPathComponent("small/scenario.json"), encoding: .utf8))
        #expect((scenario["bookings"]?.arrayValue?.count ?? 105) < 105)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("small/.scratch").path))
    }
}

/// Sweeps that say what they found.
@Suite(.serialized) struct SweepFindingsTests {
    @Test func theOracleCheckFailsMissedSetsAndEachSeedGetsItsOwnDay() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweep = try Replay.run(
            [
                "sweep", "--seeds", "1..3", "--generate", "3:60", "--engine", CoverageShrinkTests.forwardWalk, "--out",
                "s"
            ], in: folder)
        #expect(
            sweep.status == 1 && sweep.stdout.contains("sets missed in ") && sweep.stdout.contains("coverage min "),
            "\(sweep.stdout)")
        // Without a generator seed each run generated its own day: the commands say which.
        for seed in 1...3 {
            #expect(
                sweep.stdout.contains("--seed \(seed) --out day-3-60-\(seed).json")
                    || !sweep.stdout.contains("run \(seed - 1):"))
        }
        let rows = try Replay.runProgram(
            "/usr/bin/sqlite3", ["s/sweep.db", "select count(distinct bookings || '-' || confirmed) from runs"],
            in: folder)
        #expect(
            Int(rows.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 1,
            "the runs saw different days: \(rows.stdout)")
        #expect(!sweep.stdout.contains("note: in assign mode"))
        // Assign mode on the built-in day: the seeds are one run repeated, and the sweep says so.
        let fixed = try Replay.run(["sweep", "--seeds", "1..3", "--out", "f"], in: folder)
        #expect(
            fixed.status == 0 && fixed.stdout.contains("note: in assign mode the seed changes nothing on a fixed day"),
            "\(fixed.stdout)")
        let page = try String(contentsOf: folder.appendingPathComponent("f/sweep.md"), encoding: .utf8)
        #expect(page.contains("**Note:** in assign mode the seed changes nothing"))
    }
}

/// diff on outcomes: where results part, and one verdict with `--fail-on worse`.
@Suite(.serialized) struct OutcomeDiffTests {
    @Test func theVerdictAgreesWithFailOnWorseAndNamesTheFirstOutcomeThatDiffers() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let complete = "python3 '\(EngineProtocolTests.example.path)'"
        let neighbourless = "python3 '\(ReproducerTests.defects)' --defect no-neighbours"
        for (name, engine) in [("a", complete), ("b", neighbourless)] {
            #expect(
                try Replay.run(
                    ["record", "--engine", engine, "--out", "\(name).db", "--no-reports", "--quiet"], in: folder
                ).status == 0)
        }
        let diff = try Replay.run(["diff", "a.db", "b.db"], in: folder)
        #expect(
            diff.status == 1
                && diff.stdout.contains("A did better: B confirms 92 bookings, A 93; B's coverage is 67.54%"),
            "\(diff.stdout)")
        #expect(
            diff.stdout.contains(
                "the first outcome that differs: B066 (pub-1 19:10): A confirmed T018, 1 quote (event 330), B failed (engine_missed)"
            ),
            "\(diff.stdout)")
        let gate = try Replay.run(["diff", "a.db", "b.db", "--fail-on", "worse"], in: folder)
        #expect(gate.status == 1 && gate.stderr.contains("B is worse: B confirms 92 bookings, A 93"))
        // The other way round, B did better, and the gate passes.
        let reverse = try Replay.run(["diff", "b.db", "a.db", "--fail-on", "worse"], in: folder)
        #expect(
            reverse.status == 0 && reverse.stdout.contains("B did better: A confirms 92 bookings, B 93"),
            "\(reverse.stdout)")
        let json = try Replay.run(["diff", "a.db", "b.db", "--json"], in: folder)
        #expect(json.stdout.contains("\"first_outcome_change\":{\"booking\":\"B066\""), "\(json.stdout.prefix(900))")
    }
}
