import EventLog
import Foundation
import Projections
import Replayer
import Scenarios
import StressRunner
import Testing

/// One verified stream per capture: every command reads a capture once, checks each row once,
/// and gives what the earlier reads (several passes, each checking the chain) gave.
@Suite struct CaptureStreamTests {
    let day = DefaultScenario.make()

    @Test func aStreamEndsOnceAndStaysEnded() throws {
        let reader = try CaptureReader(path: try recordCapture(day))
        let stream = try reader.stream()
        var count = 0
        while try stream.next() != nil { count += 1 }
        // SQLite starts a finished statement over on another step: the stream must not.
        #expect(try stream.next() == nil)
        #expect(try stream.nextRecord() == nil)
        #expect(count == (try reader.countEvents()) && stream.lastSeq == count)
        #expect(stream.head.hexString == reader.metaValue("head_hash"))
    }

    @Test func aRowThatFailsItsCheckFailsEveryLaterPull() throws {
        let altered = try tamperedCopy(
            of: try recordCapture(day),
            "UPDATE events SET payload = replace(payload, '\"candidates\":', '\"candidates\":1') WHERE seq = 300",
            rechained: false)
        let stream = try CaptureReader(path: altered).stream()
        var first: CaptureError?
        do { while try stream.next() != nil {} } catch { first = error }
        #expect(
            first?.description.contains("event 300: its hash does not match") == true, "\(String(describing: first))")
        #expect(stream.lastSeq == 299)
        do {
            _ = try stream.next()
            Issue.record("a pull after a bad row gave a row")
        } catch {
            #expect(error.description == first?.description)
        }
    }

    @Test func aFoldThroughASeqLeavesTheStreamOnTheNextEvent() throws {
        let reader = try CaptureReader(path: try recordCapture(day))
        let stream = try reader.stream()
        guard case .consistent(let state, let events, _) = try Rebuilder.fold(stream, through: 250) else {
            Issue.record("the fold found a violation")
            return
        }
        #expect(events == 250 && state.lastSeq == 250)
        let next = try #require(try stream.nextRecord())
        var recorded: EventRecord?
        try reader.forEachEvent(through: 251) {
            recorded = $0
            return true
        }
        #expect(next == recorded)
    }

    /// Re-execution, verification, a fold and a diff each read a capture from its start once
    /// (before: run read the inputs three times, diff each capture up to three times, verify twice).
    @Test func eachCommandReadsACaptureOnce() throws {
        let path = try recordCapture(day)
        var narrow = RunOptions()
        narrow.maxTables = 2
        let other = try recordCapture(day, narrow)
        let reproduced = try CaptureReader(path: path)
        guard case .reproduced = try Reproducer.run(reproduced) else {
            Issue.record("did not reproduce")
            return
        }
        #expect(reproduced.streamsOpened == 1)
        let verified = try CaptureReader(path: path)
        #expect(try Verifier.verify(verified).problems.isEmpty)
        #expect(verified.streamsOpened == 1)
        let a = try CaptureReader(path: path)
        let b = try CaptureReader(path: other)
        let result = try CaptureDiff.compare(a, b)
        #expect(result.divergence != nil && result.allocationDivergence != nil)
        #expect(a.streamsOpened == 1 && b.streamsOpened == 1)
    }

    /// An input event that is not byte for byte what today's runner writes (spaces in its JSON)
    /// diverges at its seq, produced with the hash the original recording had there: the
    /// events read for the inputs are compared like the rest, without being read again.
    @Test func anInputEventIsComparedFromWhatTheInputsRead() throws {
        let path = try recordCapture(day)
        let copy = try tamperedCopy(of: path, "UPDATE events SET payload = ' ' || payload WHERE seq = 2")
        guard case .diverged(let divergence) = try Reproducer.run(try CaptureReader(path: copy)) else {
            Issue.record("no divergence")
            return
        }
        #expect(divergence.seq == 2 && divergence.fields == ["payload", "hash"])
        var original: EventRecord?
        try CaptureReader(path: path).forEachEvent(through: 2) {
            original = $0
            return true
        }
        #expect(divergence.produced?.hash == original?.hash)
        #expect(divergence.context.map(\.seq) == [1])
    }

    /// The zipped, one-pass diff finds what two plain passes over the whole logs find: the first
    /// event that differs, and the first allocation event that differs with inputs skipped.
    /// Pairs: other options (3), another floor (the inputs differ), an allocation event changed
    /// (the first difference is not an input), and B a prefix of A.
    @Test(arguments: 0..<6)
    func theZippedDiffFindsWhatTwoPlainPassesFind(pair: Int) throws {
        var b = RunOptions()
        var scenarioB = day
        let pathA = try recordCapture(day)
        let pathB: String
        switch pair {
        case 0...3:
            switch pair {
            case 0: b.maxTables = 2
            case 1: b.seed = 2
            case 2:
                b.mode = .reserve
                b.cloneLimit = 20
            default:
                let removed = scenarioB.restaurants[0].tables.removeFirst()
                scenarioB.restaurants[0].adjacency.removeAll { $0.first == removed.id || $0.second == removed.id }
            }
            pathB = try recordCapture(scenarioB, b)
        case 4:
            pathB = try tamperedCopy(
                of: pathA,
                "UPDATE events SET payload = replace(payload, '\"candidates\":', '\"candidates\":1') WHERE seq = 400")
        default:
            pathB = try tamperedCopy(of: pathA, "DELETE FROM events WHERE seq > 600")
        }
        let result = try diff(pathA, pathB)
        let left = try records(pathA)
        let right = try records(pathB)
        let first = Self.firstDifference(left, right)
        #expect(result.divergence?.seq == first?.seq)
        #expect(result.divergence?.fields == first?.fields)
        let allocationLeft = left.filter { !EventType.inputNames.contains($0.type) }
        let allocationRight = right.filter { !EventType.inputNames.contains($0.type) }
        let isInput = first.map { EventType.inputNames.contains($0.type) } ?? false
        let allocation = isInput ? Self.firstDifference(allocationLeft, allocationRight, allocation: true) : first
        #expect(result.allocationDivergence?.seq == allocation?.seq, "pair \(pair)")
        #expect(result.allocationDivergence?.fields == allocation?.fields, "pair \(pair)")
        #expect(result.eventsA == left.count && result.eventsB == right.count)
    }

    /// Both captures altered past their inputs: A's problem is reported, wherever B's lies
    /// (docs/decisions.md; the inputs are read first, A's then B's).
    @Test func aDiffOfTwoAlteredCapturesNamesAsFirst() throws {
        let path = try recordCapture(day)
        let alteredLate = try tamperedCopy(of: path, "UPDATE events SET at = at + 1 WHERE seq = 800", rechained: false)
        let alteredEarly = try tamperedCopy(of: path, "UPDATE events SET at = at + 1 WHERE seq = 500", rechained: false)
        let error = #expect(throws: CaptureError.self) { try diff(alteredLate, alteredEarly) }
        #expect(error?.description.contains("event 800") == true, "\(String(describing: error))")
    }

    /// Re-execution reports the fields whose values differ, and hash when any stored byte does:
    /// text equal as Strings but not byte for byte (é composed and decomposed) differs in its hash.
    @Test func aByteDifferenceIsNamedByItsHash() {
        let recorded = EventRecord(
            seq: 3, type: "t", at: 5, restaurant: "r", booking: nil, payload: "{\"n\":\"\u{E9}\"}")
        #expect(
            recorded.differingFields(type: "t", at: 5, restaurant: "r", booking: nil, payload: recorded.payload).isEmpty
        )
        #expect(
            recorded.differingFields(type: "t", at: 5, restaurant: "r", booking: nil, payload: "{\"n\":\"e\u{301}\"}")
                == ["hash"])
        #expect(
            recorded.differingFields(type: "t", at: 6, restaurant: nil, booking: "b", payload: "{}")
                == ["at", "restaurant", "booking", "payload", "hash"])
    }

    func records(_ path: String) throws -> [EventRecord] {
        var all: [EventRecord] = []
        try CaptureReader(path: path).forEachEvent {
            all.append($0)
            return true
        }
        return all
    }

    /// The reference: position by position, the fields that differ (never the hash; not the seq
    /// when comparing allocation; an outside engine's records set aside).
    static func firstDifference(_ a: [EventRecord], _ b: [EventRecord], allocation: Bool = false)
        -> (seq: Int, type: String, fields: [String])?
    {
        for index in 0..<max(a.count, b.count) {
            guard index < a.count, index < b.count else {
                let present = index < a.count ? a[index] : b[index]
                return (present.seq, present.type, ["\(index < a.count ? "B" : "A") ends here"])
            }
            var fields = a[index].differingFields(from: b[index]).filter { $0 != "hash" }
            if allocation { fields.removeAll { $0 == "seq" } }
            if !fields.isEmpty { return (a[index].seq, a[index].type, fields) }
        }
        return nil
    }
}
