import EventLog
import Foundation
import Replayer
import StressRunner
import Testing

/// Captures recorded once and committed (scripts/make-fixtures): today's replay must still read
/// them, fold them with no violation and reproduce them bit for bit. A failure here means the
/// event format or the run's behaviour changed: bump the format version (with an upcaster for
/// the old payloads) or regenerate the fixtures on purpose, and say which in the commit.
@Suite struct FrozenCaptureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test(arguments: ["format-1-assign.db", "format-1-reserve.db", "format-1-reserve-crowded.db"])
    func frozenCapturesStillVerifyFoldAndReproduce(name: String) throws {
        // Work on a copy: the fixture is evidence and stays untouched even if a bug wrote to it.
        let copy = temporaryFolder().appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: Self.folder.appendingPathComponent(name).path, toPath: copy)
        let reader = try CaptureReader(path: copy)
        let report = try Verifier.verify(reader)
        #expect(report.problems.isEmpty && report.isComplete, "\(report.problems)")
        guard case .consistent(_, let events, let complete) = try Rebuilder.fold(reader) else {
            Issue.record("\(name): rebuild found a violation")
            return
        }
        #expect(complete && events == report.events)
        switch try Reproducer.run(reader) {
        case .reproduced(let count, let head):
            #expect(count == report.events)
            #expect(head == reader.metaValue("head_hash"))
        case .diverged(let divergence):
            Issue.record(
                "\(name) diverged at event \(divergence.seq) (\(divergence.fields)): the format or the behaviour changed"
            )
        case .incomplete:
            Issue.record("\(name) reported incomplete")
        }
    }

    /// A format-2 capture recorded by the second version (commit 6c3238f) with an outside engine
    /// that scores each candidate by the number of `busy` entries of its request, speaking
    /// protocol 1 with a 120-minute look-ahead: it re-executes only if today's replay lists in
    /// `busy` what it listed then (not the entries that merely touch: recorded again today, one
    /// of its quotes scores differently) and writes no verdict per quote; and it asks as many
    /// requests as then (the oracle's question asked whole after a booking's first quote).
    @Test func aFormatTwoEngineCaptureReexecutesAsItRan() throws {
        let copy = temporaryFolder().appendingPathComponent("format-2-engine.db").path
        try FileManager.default.copyItem(
            atPath: Self.folder.appendingPathComponent("format-2-engine.db").path, toPath: copy)
        let reader = try CaptureReader(path: copy)
        #expect(reader.metaValue("format_version") == "2")
        let inputs = try CaptureInputs.read(from: reader)
        #expect(inputs.options.oracle == nil)
        let recorded = try #require(inputs.engine)
        let script = Self.folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "CLITests/Engines/defect_engine.py"
        ).path
        let engine = try ProcessEngine(
            command: "python3 '\(script)' --score-busy --protocol 1 --lookahead 120", timeoutSeconds: 10,
            maxTables: inputs.options.maxTables, logPath: copy + ".engine.log", toolVersion: ToolVersion.current)
        engine.standIn(for: recorded)
        defer { engine.finish() }
        let outcome = try Reproducer.run(reader, engine: engine)
        // Protocol 1, as then: the hello, each restaurant's floor, every quote, and eight for the
        // oracle after each booking's first quote (today's format asks seven: the run's own answer stands for one).
        var quotes = 0
        var firstQuotes = 0
        var restaurants: [String] = []
        try reader.forEachEvent { record in
            if record.type == "quote.issued" { quotes += 1 }
            if record.type == "coverage.measured" { firstQuotes += 1 }
            if record.type == "quote.issued", let slug = record.restaurant, !restaurants.contains(slug) {
                restaurants.append(slug)
            }
            return true
        }
        #expect(engine.requests == 1 + restaurants.count + quotes + 8 * firstQuotes, "\(engine.requests) requests")
        switch outcome {
        case .reproduced(let count, let head):
            #expect(count == 329 && head == reader.metaValue("head_hash"))
        case .diverged(let divergence):
            Issue.record("diverged at event \(divergence.seq) (\(divergence.fields)): \(divergence.payloadDifferences)")
        case .incomplete:
            Issue.record("reported incomplete")
        }
    }

    @Test func theCrowdedFixtureHoldsRacesAndExpiries() throws {
        let reader = try CaptureReader(path: Self.folder.appendingPathComponent("format-1-reserve-crowded.db").path)
        var types: Set<String> = []
        try reader.forEachEvent {
            types.insert($0.type)
            return true
        }
        #expect(
            types.isSuperset(of: [
                "conflict.detected", "hold.expired", "booking.refused", "booking.failed", "assignment.confirmed"
            ]))
    }
}
