import EventLog
import Foundation
import Replayer
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
            Issue.record("\(name): rebuild found a violation"); return
        }
        #expect(complete && events == report.events)
        switch try Reproducer.run(reader) {
        case .reproduced(let count, let head):
            #expect(count == report.events)
            #expect(head == reader.metaValue("head_hash"))
        case .diverged(let divergence):
            Issue.record("\(name) diverged at event \(divergence.seq) (\(divergence.fields)): the format or the behaviour changed")
        case .incomplete:
            Issue.record("\(name) reported incomplete")
        }
    }

    @Test func theCrowdedFixtureHoldsRacesAndExpiries() throws {
        let reader = try CaptureReader(path: Self.folder.appendingPathComponent("format-1-reserve-crowded.db").path)
        var types: Set<String> = []
        try reader.forEachEvent { types.insert($0.type); return true }
        #expect(types.isSuperset(of: ["conflict.detected", "hold.expired", "booking.refused", "booking.failed", "assignment.confirmed"]))
    }
}
