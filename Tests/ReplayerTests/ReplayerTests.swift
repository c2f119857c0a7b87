import Allocation
import CanonicalJSON
import EventLog
import Foundation
import Projections
import Replayer
import Scenarios
import StressRunner
import Testing

func temporaryFolder() -> URL {
    ProcessScratch.folder("replay-replayer")
}

func recordCapture(_ scenario: Scenario, _ options: RunOptions = RunOptions(), name: String = "a.db") throws -> String {
    let path = temporaryFolder().appendingPathComponent(name).path
    _ = try Recorder.record(scenario: scenario, options: options, path: path)
    return path
}

/// A copy of a capture changed by SQL (the copy is a new file; the original is untouched).
/// A copy of a capture changed by `sql`. `rechained`: the hash chain and meta's head and count
/// are then recomputed over the rows as they are, so the copy reads as a capture that another
/// build recorded (what divergence and violation tests need); without it, every reader refuses
/// the copy as altered.
func tamperedCopy(of path: String, _ sql: String, rechained: Bool = true) throws -> String {
    let copy = temporaryFolder().appendingPathComponent("tampered.db").path
    try FileManager.default.copyItem(atPath: path, toPath: copy)
    let connection = try Connection(path: copy, mode: .create)
    try connection.execute(sql)
    guard rechained else { return copy }
    var rows: [(seq: Int, type: String, at: Int, restaurant: String?, booking: String?, payload: String)] = []
    let query = try connection.prepare("SELECT seq, type, at, restaurant, booking, payload FROM events ORDER BY seq")
    while try query.step() {
        rows.append(
            (
                query.int(0), query.text(1) ?? "", query.int(2), query.isNull(3) ? nil : query.text(3),
                query.isNull(4) ? nil : query.text(4), query.text(5) ?? ""
            ))
    }
    var chain = HashChain()
    try connection.transaction {
        let update = try connection.prepare("UPDATE events SET hash = ? WHERE seq = ?")
        for row in rows {
            let hash = chain.append(
                seq: row.seq, type: row.type, at: row.at, restaurant: row.restaurant, booking: row.booking,
                payload: row.payload)
            update.reset()
            try update.bind(bytes: hash, at: 1)
            try update.bind(row.seq, at: 2)
            _ = try update.step()
        }
        try connection.execute(
            "UPDATE meta SET value = '\(chain.head.hexString)' WHERE key = 'head_hash'; UPDATE meta SET value = '\(rows.last?.seq ?? 0)' WHERE key = 'event_count'"
        )
    }
    return copy
}

func reserveOptions(seed: UInt64, clients: Int = 3) -> RunOptions {
    var options = RunOptions()
    options.mode = .reserve
    options.seed = seed
    options.clients = clients
    options.cloneLimit = 30
    return options
}

@Suite struct ReproduceTests {
    @Test(arguments: 1...20)
    func generatedScenariosReproduceInBothModes(seed: Int) throws {
        let scenario = ScenarioGenerator.make(restaurants: 2, bookings: 40, seed: UInt64(seed))
        var assign = RunOptions()
        assign.seed = UInt64(seed)
        for options in [assign, reserveOptions(seed: UInt64(seed))] {
            let path = try recordCapture(scenario, options)
            let reader = try CaptureReader(path: path)
            guard case .reproduced(let events, let head) = try Reproducer.run(reader) else {
                Issue.record("seed \(seed) \(options.mode) did not reproduce")
                continue
            }
            #expect(events == (try reader.countEvents()))
            #expect(head == reader.metaValue("head_hash"))
            guard case .consistent(_, _, let complete) = try Rebuilder.fold(reader) else {
                Issue.record("seed \(seed) \(options.mode): rebuild found a violation")
                continue
            }
            #expect(complete)
        }
    }

    @Test func theBuiltInDayReproducesInBothModes() throws {
        for options in [RunOptions(), reserveOptions(seed: 1, clients: 4)] {
            let reader = try CaptureReader(path: try recordCapture(DefaultScenario.make(), options))
            guard case .reproduced = try Reproducer.run(reader) else {
                Issue.record("\(options.mode) did not reproduce")
                continue
            }
        }
    }

    @Test func aChangedPayloadDivergesAtItsSeq() throws {
        let path = try recordCapture(DefaultScenario.make())
        let copy = try tamperedCopy(
            of: path,
            "UPDATE events SET payload = replace(payload, '\"candidates\":', '\"candidates\":1') WHERE seq = 400")
        guard case .diverged(let divergence) = try Reproducer.run(try CaptureReader(path: copy)) else {
            Issue.record("no divergence")
            return
        }
        #expect(divergence.seq == 400)
        #expect(divergence.fields == ["payload", "hash"])
        #expect(divergence.context.last?.seq == 399)
    }

    @Test func aDeletedEventIsNamedByReproduceAndVerify() throws {
        let path = try recordCapture(DefaultScenario.make())
        let copy = try tamperedCopy(of: path, "DELETE FROM events WHERE seq = 321")
        // Even with the chain recomputed, a gap in seq is an altered log: refused, not re-executed.
        let error = #expect(throws: CaptureError.self) { try Reproducer.run(try CaptureReader(path: copy)) }
        #expect(
            error?.description.contains("seq 321 is missing (the next row has seq 322)") == true,
            "\(String(describing: error))")
        let report = try Verifier.verify(try CaptureReader(path: copy))
        #expect(report.problems.first == "seq 321 is missing (the next row has seq 322)")
    }

    @Test func twoSwappedEventsDivergeAtTheFirst() throws {
        let path = try recordCapture(DefaultScenario.make())
        let copy = try tamperedCopy(
            of: path,
            """
            UPDATE events SET seq = -1 WHERE seq = 500;
            UPDATE events SET seq = 500 WHERE seq = 501;
            UPDATE events SET seq = 501 WHERE seq = -1;
            """)
        guard case .diverged(let divergence) = try Reproducer.run(try CaptureReader(path: copy)) else {
            Issue.record("no divergence")
            return
        }
        #expect(divergence.seq == 500)
        let altered = try tamperedCopy(
            of: path,
            """
            UPDATE events SET seq = -1 WHERE seq = 500;
            UPDATE events SET seq = 500 WHERE seq = 501;
            UPDATE events SET seq = 501 WHERE seq = -1;
            """, rechained: false)
        #expect(
            try Verifier.verify(try CaptureReader(path: altered)).problems.first
                == "event 500: its hash does not match its content and the chain (the log was altered)")
    }

    @Test func aTruncatedLogReplaysAsFarAsItGoes() throws {
        let path = try recordCapture(DefaultScenario.make())
        let copy = try tamperedCopy(of: path, "DELETE FROM events WHERE seq > 600")
        guard case .incomplete(let events, _) = try Reproducer.run(try CaptureReader(path: copy)) else {
            Issue.record("not reported incomplete")
            return
        }
        #expect(events == 600)
    }

    @Test func anInjectedDoubleBookingIsCaughtByRebuildAtItsSeq() throws {
        // One table, two parties of 2 at 19:00: B1 gets T1, B2 cannot. A forged hold of B2 on T1,
        // inserted right after B1's confirmation, is a double booking.
        let restaurant = Restaurant(
            slug: "r1", services: [ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 22 * 60)],
            turnMinutes: TurnTable([(2, 60)]), bufferMinutes: 15)
        let scenario = Scenario(
            name: "one-table", date: "2025-11-08",
            restaurants: [
                RestaurantPlan(
                    restaurant: restaurant, tables: [Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2)],
                    adjacency: [])
            ],
            bookings: [
                ScenarioBooking(id: "B1", restaurant: "r1", startMinute: 1140, partySize: 2),
                ScenarioBooking(id: "B2", restaurant: "r1", startMinute: 1140, partySize: 2)
            ])
        let path = try recordCapture(scenario)
        var confirmed: EventRecord?
        var placed: EventRecord?
        try CaptureReader(path: path).forEachEvent { record in
            if record.type == "hold.placed" { placed = record }
            if record.type == "assignment.confirmed" {
                confirmed = record
                return false
            }
            return true
        }
        let hold = try #require(placed)
        let confirm = try #require(confirmed)
        let forged = hold.payload.replacingOccurrences(of: "H000001", with: "H999999")
        let copy = try tamperedCopy(
            of: path,
            """
            UPDATE events SET seq = seq + 1000000 WHERE seq > \(confirm.seq);
            INSERT INTO events(seq, type, at, restaurant, booking, payload, hash)
              VALUES (\(confirm.seq + 1), 'hold.placed', \(confirm.at), 'r1', 'B2', '\(forged)', x'00');
            UPDATE events SET seq = seq - 1000000 + 1 WHERE seq > 1000000;
            """)
        guard case .violated(let violation, _) = try Rebuilder.fold(try CaptureReader(path: copy)) else {
            Issue.record("rebuild found nothing")
            return
        }
        #expect(violation.seq == confirm.seq + 1)
        #expect(violation.invariant == .noOverlap)
        #expect(violation.bookings == ["B2", "B1"])
        #expect(violation.tables == ["T1"])
    }

    /// The fold reads on a second thread ahead of the one applying, and each thread decodes
    /// some batches (the reader one in three, of 256 events): whichever of a violation and an
    /// unreadable event comes first in seq order must be what is reported, in captures long
    /// enough that the reading thread is several batches ahead, wherever the event was decoded.
    @Test(arguments: [100, 356, 612]) func theFirstOfAViolationAndAnUnreadableEventIsReported(after earliest: Int)
        throws
    {
        let path = try recordCapture(ScenarioGenerator.make(restaurants: 20, bookings: 400, seed: 4))
        let total = try CaptureReader(path: path).countEvents()
        #expect(total > 2000)
        var first: EventRecord?
        var second: EventRecord?
        try CaptureReader(path: path).forEachEvent { record in
            guard record.type == "assignment.confirmed" else { return true }
            if first == nil, record.seq > earliest {
                first = record
            } else if first != nil, record.seq > total - 400 {
                second = record
                return false
            }
            return true
        }
        let early = try #require(first)
        let late = try #require(second)
        // Confirming an assignment twice breaks an invariant; a payload cut short is unreadable.
        func duplicate(_ record: EventRecord, at seq: Int) -> String {
            """
            UPDATE events SET seq = seq + 1000000 WHERE seq > \(seq);
            INSERT INTO events(seq, type, at, restaurant, booking, payload, hash)
              VALUES (\(seq + 1), '\(record.type)', \(record.at), '\(record.restaurant!)', '\(record.booking!)', '\(record.payload)', x'00');
            UPDATE events SET seq = seq - 1000000 + 1 WHERE seq > 1000000;
            """
        }
        func cut(_ seq: Int) -> String { "UPDATE events SET payload = substr(payload, 1, 5) WHERE seq = \(seq);" }

        let violationFirst = try tamperedCopy(of: path, duplicate(early, at: early.seq) + cut(late.seq + 1))
        guard case .violated(let violation, _) = try Rebuilder.fold(try CaptureReader(path: violationFirst)) else {
            Issue.record("the violation was not reported")
            return
        }
        #expect(violation.seq == early.seq + 1)
        #expect(violation.invariant == .bookingPending, "\(violation)")

        let unreadableFirst = try tamperedCopy(of: path, cut(early.seq) + duplicate(late, at: late.seq))
        let error = #expect(throws: Rebuilder.Unreadable.self) {
            try Rebuilder.fold(try CaptureReader(path: unreadableFirst))
        }
        #expect(error?.error.seq == early.seq)
    }

    @Test func theFloorAtTheStartMiddleAndEnd() throws {
        let path = try recordCapture(DefaultScenario.make())
        let reader = try CaptureReader(path: path)
        let total = try reader.countEvents()
        guard case .consistent(let start, _, _) = try Rebuilder.fold(reader, through: 1),
            case .consistent(let middle, _, _) = try Rebuilder.fold(reader, through: total / 2),
            case .consistent(let end, _, _) = try Rebuilder.fold(reader, through: total)
        else {
            Issue.record("fold failed")
            return
        }
        #expect(start.restaurants.isEmpty && start.options != nil)
        #expect(middle.lastSeq == total / 2)
        #expect(middle.assignmentIDs.count < end.assignmentIDs.count)
        #expect(end.completed != nil)
        #expect(end.bookings.allSatisfy { $0.status != .pending })
    }
}

@Suite struct EventCodingTests {
    @Test func everyRecordedEventDecodesAndEncodesBackToTheSameBytes() throws {
        var reserve = reserveOptions(seed: 3, clients: 4)
        reserve.cloneLimit = 60
        var types: Set<String> = []
        for options in [RunOptions(), reserve] {
            let path = try recordCapture(DefaultScenario.make(), options)
            var writer = JSONWriter()
            try CaptureReader(path: path).forEachEvent { record in
                let event = try Event.decode(record)
                #expect(event.body.type == record.type)
                #expect(event.payloadText(using: &writer) == record.payload, "event \(record.seq)")
                types.insert(record.type)
                return true
            }
        }
        #expect(types.count >= 14, "\(types.sorted())")
    }

    /// Folding reads rows in place (`CaptureStream.next`): every event must decode exactly as from
    /// its owned copy, and every type must be known by its bytes.
    @Test func rowsReadInPlaceDecodeAsTheirCopies() throws {
        var reserve = reserveOptions(seed: 3, clients: 4)
        reserve.cloneLimit = 60
        for options in [RunOptions(), reserve] {
            let reader = try CaptureReader(path: try recordCapture(DefaultScenario.make(), options))
            var copies: [Event] = []
            try reader.forEachEvent {
                copies.append(try Event.decode($0))
                return true
            }
            var index = 0
            let stream = try reader.stream()
            while let row = try stream.next() {
                #expect(EventType(nameBytes: row.type)?.name == copies[index].body.type)
                let event = try Event.decode(row)
                #expect(event == copies[index], "event \(row.seq)")
                index += 1
            }
            #expect(index == copies.count && index > 100)
        }
        #expect(EventType.allNames.count == Set(EventType.allNames).count)
        #expect(Array("hold.placedX".utf8).withUnsafeBufferPointer { EventType(nameBytes: $0) } == nil)
    }

    @Test func whiteSpaceIsNormalisedButAnotherFieldOrderIsRefused() throws {
        let spaced = EventRecord(
            seq: 7, type: "hold.released", at: 1, restaurant: "r", booking: "b",
            payload: #"{ "hold": "H1", "reason": "conflict" }"#)
        #expect(try Event.decode(spaced).body == .holdReleased(HoldReleased(hold: "H1", reason: "conflict")))
        let reordered = EventRecord(
            seq: 8, type: "hold.released", at: 1, restaurant: "r", booking: "b",
            payload: #"{"reason":"conflict","hold":"H1"}"#)
        let error = #expect(throws: EventDecodingError.self) { try Event.decode(reordered) }
        #expect(error?.description.hasPrefix("event 8 (hold.released): payload is not in its canonical form") == true)
    }
}
