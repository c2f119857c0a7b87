import CanonicalJSON
import Foundation
import Projections
import Testing

/// Capture format 8's engine sessions, with real child processes: a question asked once per
/// session (its answer reused and recorded as such), and protocol 3, where the oracle's question
/// is answered by unranked sets.
@Suite(.serialized) struct EngineSessionTests {
    /// The example engine behind a `tee` that keeps every request line in `log`; `offering`
    /// rewrites the versions replay's hello offers (`[1,2]` makes the example answer 2), as an
    /// older engine would see them.
    static func logged(_ log: String, offering versions: String? = nil, engine: String? = nil) -> String {
        let rewrite = versions.map { "sed -u 's/\"protocols\":\\[[0-9,]*\\]/\"protocols\":\($0)/' | " } ?? ""
        return "tee -a '\(log)' | \(rewrite)\(engine ?? "python3 -u '\(EngineProtocolTests.example.path)'")"
    }

    static func requests(_ path: URL) throws -> [(type: String, line: String)] {
        try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map { line in
            (try JSONParser.parse(String(line))["type"]?.stringValue ?? "?", String(line))
        }
    }

    @Test func everyVersionAsksEachQuestionOnceAndSeatsTheSame() throws {
        let folder = newFolder()
        var summaries: [JSONValue] = []
        var requestCounts: [Int] = []
        for version in 1...3 {
            let log = folder.appendingPathComponent("requests-\(version).jsonl")
            let record = try Replay.run(
                [
                    "record", "--json", "--no-reports", "--out", "p\(version).db", "--engine", Self.logged(log.path),
                    "--engine-protocol", String(version)
                ], in: folder)
            #expect(record.status == 0, "\(record.stderr)")
            summaries.append(try JSONParser.parse(record.stdout))
            let path = folder.appendingPathComponent("p\(version).db").path
            #expect(try EngineProtocolTests.meta(path, "format_version") == "8")
            let events = try EngineProtocolTests.events(path)
            guard case .runStarted(let started) = events[0].event.body else {
                Issue.record("no run.started")
                return
            }
            #expect(started.engine?.protocolVersion == version)
            // Each question asked once: no request line of the session repeats an earlier one.
            let requests = try Self.requests(log)
            requestCounts.append(requests.count)
            #expect(Set(requests.map(\.line)).count == requests.count, "protocol \(version)")
            let types = Set(requests.map(\.type))
            #expect(types.contains("quotes") == (version == 2) && types.contains("sets") == (version == 3))
            // ...and the run records the answers it did not ask again.
            let reused = events.filter {
                if case .quoteIssued(let quote) = $0.event.body { quote.engine?.reused == true } else { false }
            }
            #expect(reused.count > 20, "protocol \(version): \(reused.count) answers reused")
            let shown = try Replay.run(["show", "p\(version).db", "--type", "quote"], in: folder)
            #expect(
                shown.stdout.components(separatedBy: "; answer reused (asked before)").count - 1 == reused.count,
                "show names every answer reused")
            let firstQuotes = events.filter { $0.record.type == "coverage.measured" }.count
            if version == 3 { #expect(requests.filter { $0.type == "sets" }.count == firstQuotes) }
            let run = try Replay.run(["run", "--trust-engine", "p\(version).db"], in: folder)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        }
        // The same day, seated the same and judged the same, over a third of the requests or fewer.
        for key in ["confirmed", "failed", "coverage_bp", "missed_sets"] {
            #expect(summaries.map { $0[key] } == Array(repeating: summaries[0][key], count: 3), "\(key)")
        }
        #expect(requestCounts[1] * 3 < requestCounts[0] && requestCounts[2] * 2 < requestCounts[0], "\(requestCounts)")
        let sameEvents = try Replay.run(["diff", "p1.db", "p2.db"], in: folder)
        #expect(sameEvents.stdout.contains("past the inputs every event is the same"), "\(sameEvents.stdout)")
        let sameAllocation = try Replay.run(["diff", "p2.db", "p3.db"], in: folder)
        #expect(
            sameAllocation.stdout.contains("past the inputs, the allocation events are the same in both runs"),
            "\(sameAllocation.stdout)")
    }

    @Test func aCaptureReexecutesOnlyWithAVersionThatGivesItsEvents() throws {
        let folder = newFolder()
        let log = folder.appendingPathComponent("requests.jsonl").path
        for version in [2, 3] {
            let record = try Replay.run(
                [
                    "record", "--quiet", "--no-reports", "--out", "p\(version).db", "--engine", Self.logged(log),
                    "--engine-protocol", String(version)
                ], in: folder)
            #expect(record.status == 0, "\(record.stderr)")
        }
        // Versions 1 and 2 give the same events: a capture of 2 re-executes against an engine of 1.
        let versionOne = folder.appendingPathComponent("version-1.jsonl")
        let older = try Replay.run(
            ["run", "p2.db", "--engine", Self.logged(versionOne.path, offering: "[1]")], in: folder)
        #expect(older.status == 0 && older.stdout.hasPrefix("reproduced "), "\(older.stdout)\(older.stderr)")
        let asked = Set(try Self.requests(versionOne).map(\.type))
        #expect(asked.contains("quote") && !asked.contains("quotes"), "protocol 1 spoken: \(asked)")
        // The hello of a re-execution offers up to the version recorded.
        let hello = try #require(try Self.requests(versionOne).first)
        #expect(hello.type == "hello" && hello.line.contains(#""protocols":[1,2]"#), "\(hello.line)")
        // Version 3's oracle answers count no rejections: an engine of 2 cannot give its events.
        let refused = try Replay.run(["run", "p3.db", "--engine", Self.logged(log, offering: "[1,2]")], in: folder)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("p3.db: recorded with engine protocol 3, and engine '")
                && refused.stderr.contains("speaks 2: re-execute it with an engine that speaks protocol 3"),
            "\(refused.stderr)")
        let refusedOption = try Replay.run(["record", "--engine-protocol", "3", "--out", "x.db"], in: folder)
        #expect(refusedOption.status == 2 && refusedOption.stderr.contains("--engine-protocol goes with --engine"))
        let outOfRange = try Replay.run(
            ["record", "--engine-protocol", "4", "--engine", "python3 x.py", "--out", "x.db"], in: folder)
        #expect(outOfRange.status == 2 && outOfRange.stderr.contains("--engine-protocol must be in 1...3, found 4"))
    }

    /// A sweep offers every run the versions it was given, and its rows' commands carry them.
    @Test func aSweepOffersTheVersionItWasGiven() throws {
        let folder = newFolder()
        let example = "python3 '\(EngineProtocolTests.example.path)'"
        let sweep = try Replay.run(
            [
                "sweep", "--seeds", "1..2", "--engine", example, "--engine-protocol", "2", "--keep", "all", "--jobs",
                "2", "--quiet", "--check", "invariants,oracle,reproduce", "--out", "s"
            ], in: folder)
        #expect(sweep.status == 0, "\(sweep.stdout)\(sweep.stderr)")
        for position in 0...1 {
            let path = folder.appendingPathComponent("s/captures/run-\(position).db").path
            guard case .runStarted(let started)? = try EngineProtocolTests.events(path).first?.event.body else {
                Issue.record("no run.started in \(path)")
                continue
            }
            #expect(started.engine?.protocolVersion == 2)
        }
        let rows = try SweepTests.rows(folder.appendingPathComponent("s"))
        #expect(rows.count == 2 && rows.allSatisfy { $0["command"].contains("--engine-protocol 2") }, "\(rows)")
        let refused = try Replay.run(["sweep", "--seeds", "1..1", "--engine-protocol", "2", "--out", "t"], in: folder)
        #expect(
            refused.status == 2 && refused.stderr.contains("replay sweep: --engine-protocol goes with --engine"),
            "\(refused.stderr)")
    }

    /// The oracle reads a `sets` answer as it reads the quotes: a defect shows the same under 2
    /// and 3; a `sets` answer that breaks the protocol ends the run; `engine check` catches one
    /// that does not give a strategy the sets its quote offers.
    @Test func setsAnswersAreJudgedAndCheckedLikeQuotes() throws {
        let folder = newFolder()
        let defects = EngineProtocolTests.engines.appendingPathComponent("defect_engine.py").path
        var missed: [JSONValue?] = []
        for version in [2, 3] {
            let record = try Replay.run(
                [
                    "record", "--json", "--no-reports", "--out", "no-triples-\(version).db", "--engine",
                    "python3 '\(defects)' --defect no-triples --protocol \(version)", "--engine-protocol", "3"
                ], in: folder)
            #expect(record.status == 0, "\(record.stderr)")
            missed.append(try JSONParser.parse(record.stdout)["missed_sets"])
        }
        #expect(missed[0] == missed[1] && (missed[0]?.intValue ?? 0) > 0, "\(missed)")
        let broken = try Replay.run(
            [
                "record", "--quiet", "--no-reports", "--out", "index.db", "--engine",
                "python3 '\(defects)' --defect sets-index --protocol 3"
            ], in: folder)
        #expect(broken.status == 2)
        #expect(
            broken.stderr.contains("sets: offered[")
                && broken.stderr.contains("holds something other than an index of sets")
                && broken.stderr.contains("index.db is marked aborted"), "\(broken.stderr)")
        let check = try Replay.run(
            ["engine", "check", "python3 '\(defects)' --defect sets-drop --protocol 3", "--cases", "40"], in: folder)
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(
            check.stdout.contains(
                "its answer to a sets request does not give a strategy the sets its quote answer offers"),
            "\(check.stdout)")
        let clean = try Replay.run(
            ["engine", "check", "python3 '\(defects)' --protocol 3", "--cases", "40"], in: folder)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
    }
}
