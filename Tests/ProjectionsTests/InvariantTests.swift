import Allocation
import Projections
import Testing

/// Hand-built events for the invariant table. Everything happens at `open` (when the virtual
/// clock starts) unless a row says otherwise; bookings are on `date`, at 19:00.
enum Build {
    static let date = "2025-11-08"
    static let open = 8 * 3600
    static let ttl = 180
    static let dinner = ServiceSeed(name: "dinner", startMinute: 17 * 60, endMinute: 23 * 60, turnMinutes: nil)
    static let turns = [[2, 60], [4, 75], [6, 90]]
    static let bufferMinutes = 15
    /// The window of a party of 2 at 19:00: seated 60 minutes, then the buffer.
    static let w2 = (start: 19 * 60, end: 19 * 60 + 60 + 15)
    /// The window of a party of 6 at 19:00.
    static let w6 = (start: 19 * 60, end: 19 * 60 + 90 + 15)

    static func started(mode: String = "assign") -> Event {
        Event(
            at: open,
            .runStarted(
                RunStarted(
                    scenario: "invariants", scenarioDate: date, date: date, mode: mode, seed: 1, restaurants: [],
                    maxIterations: 6, maxTables: 4, holdTTLSeconds: ttl, cloneLimit: 5, sourceDate: date,
                    sourceAfterMinute: 0, avoidUsed: false, clients: 1, bruteforce: false)))
    }

    static func restaurant(_ slug: String = "r1", services: [ServiceSeed] = [dinner]) -> Event {
        Event(
            at: open, restaurant: slug,
            .restaurantSeeded(
                RestaurantSeeded(
                    services: services, turnMinutes: turns,
                    bufferMinutes: bufferMinutes, maxOverage: 4)))
    }

    static func table(_ id: String, zone: String = "main", seats: Int = 4, restaurant: String = "r1", at: Int = open)
        -> Event
    {
        Event(
            at: at, restaurant: restaurant,
            .tableSeeded(
                TableSeeded(
                    table: id, zone: zone, minCovers: 1, maxCovers: seats,
                    movable: true, active: true)))
    }

    static func adjacency(_ first: String, _ second: String) -> Event {
        Event(at: open, restaurant: "r1", .adjacencySeeded(AdjacencySeeded(tables: [first, second])))
    }

    static func booking(_ id: String, party: Int = 2, date: String = date) -> Event {
        Event(
            at: open, restaurant: "r1", booking: id,
            .bookingSeeded(
                BookingSeeded(
                    date: date, startMinute: 19 * 60, partySize: party,
                    durationMinutes: nil)))
    }

    static func quote(_ booking: String, attempt: Int = 1, window: (start: Int, end: Int) = w2) -> Event {
        Event(
            at: open, restaurant: "r1", booking: booking,
            .quoteIssued(
                QuoteIssued(
                    strategy: "adjacent-x1", attempt: attempt, startMinute: window.start, endMinute: window.end,
                    candidates: 1, top: [QuotedCandidate(tables: ["T1"], score: 1)], rejected: [])))
    }

    static func hold(
        _ id: String, _ booking: String, _ tables: [String], window: (start: Int, end: Int) = w2,
        expiresAt: Int = open + ttl, strategy: String? = nil
    ) -> Event {
        Event(
            at: open, restaurant: "r1", booking: booking,
            .holdPlaced(
                HoldPlaced(
                    hold: id, tables: tables, startMinute: window.start, endMinute: window.end, expiresAt: expiresAt,
                    strategy: strategy ?? "adjacent-x\(tables.count)", rank: 1, score: 1)))
    }

    static func confirm(
        _ assignment: String, _ hold: String, _ booking: String, _ tables: [String],
        window: (start: Int, end: Int) = w2
    ) -> Event {
        Event(
            at: open, restaurant: "r1", booking: booking,
            .assignmentConfirmed(
                AssignmentConfirmed(
                    assignment: assignment, hold: hold, tables: tables,
                    startMinute: window.start, endMinute: window.end)))
    }

    static func conflict(_ booking: String, kind: String) -> Event {
        Event(
            at: open, restaurant: "r1", booking: booking,
            .conflictDetected(
                ConflictDetected(kind: kind, tables: ["T1"], with: ["B2"], hold: nil, strategy: "adjacent-x1", rank: 1))
        )
    }

    static func released(_ hold: String, _ booking: String) -> Event {
        Event(at: open, restaurant: "r1", booking: booking, .holdReleased(HoldReleased(hold: hold, reason: "cleanup")))
    }

    static func failed(_ booking: String) -> Event {
        Event(
            at: open, restaurant: "r1", booking: booking,
            .bookingFailed(BookingFailed(reason: "tables_occupied", attempts: 1)))
    }

    static func iteration() -> Event {
        Event(
            at: open, restaurant: "r1",
            .iterationCompleted(IterationCompleted(iteration: 1, processed: 0, confirmed: 0, remaining: 0)))
    }

    static func editRequested(_ booking: String, party: Int = 2) -> Event {
        Event(
            at: open, restaurant: "r1", booking: booking,
            .editRequested(EditRequested(partySize: party, startMinute: 19 * 60)))
    }

    static func editFailed(_ booking: String, keeps tables: [String]) -> Event {
        Event(
            at: open, restaurant: "r1", booking: booking,
            .editFailed(EditFailed(reason: "tables_occupied", tables: tables)))
    }

    static func cancelled(_ booking: String, frees tables: [String]) -> Event {
        Event(at: open, restaurant: "r1", booking: booking, .bookingCancelled(BookingCancelled(tables: tables)))
    }

    static func completed(bookings: Int = 0, events: Int) -> Event {
        Event(
            at: open,
            .runCompleted(
                RunCompleted(
                    bookings: bookings, confirmed: 0, failed: 0, refused: 0, quotes: 0, holds: 0,
                    conflicts: 0, events: events)))
    }

    /// Events 1-6: the run, restaurant r1 (dinner 17:00-23:00), T1 and T2 (4 seats, zone main,
    /// adjacent) and T3 (6 seats, zone patio). No booking, so a run may complete after it.
    static let floor = [
        started(), restaurant(), table("T1"), table("T2"), table("T3", zone: "patio", seats: 6), adjacency("T1", "T2")
    ]
    /// Events 1-8: `floor`, then B1 and B2, parties of 2 at 19:00, both pending.
    static let day = floor + [booking("B1"), booking("B2")]
}

/// A short sequence whose last event, and only that one, breaks `invariant`.
struct InvariantRow: CustomTestStringConvertible, Sendable {
    let invariant: Invariant
    let events: [Event]
    /// The seq each event is applied with (1, 2, 3, ... unless the row is about seqs).
    let seqs: [Int]
    /// The event that breaks it.
    let seq: Int

    init(_ invariant: Invariant, _ events: [Event], at seq: Int, seqs: [Int]? = nil) {
        self.invariant = invariant
        self.events = events
        self.seqs = seqs ?? Array(1..<(events.count + 1))
        self.seq = seq
    }

    var testDescription: String { invariant.rawValue }
}

enum InvariantTable {
    typealias B = Build

    static let rows: [InvariantRow] = [
        // The log itself.
        InvariantRow(.gapless, [B.started(), B.restaurant()], at: 3, seqs: [1, 3]),
        InvariantRow(.clockMonotonic, B.day + [B.table("T4", at: B.open - 1)], at: 9),
        InvariantRow(.runStartedFirst, [B.restaurant()], at: 1),
        InvariantRow(.nothingAfterCompletion, B.floor + [B.completed(events: 6), B.iteration()], at: 8),
        // Seeding.
        InvariantRow(.seedFirst, B.day + [B.iteration(), B.table("T4")], at: 10),
        InvariantRow(.uniqueRestaurant, B.day + [B.restaurant()], at: 9),
        InvariantRow(.uniqueTable, B.day + [B.table("T1")], at: 9),
        InvariantRow(
            .tableLimit, [B.started(), B.restaurant()] + (1...TableSet.capacity + 1).map { B.table("T\($0)") },
            at: 2 + TableSet.capacity + 1),
        InvariantRow(.uniqueBooking, B.day + [B.booking("B1")], at: 9),
        // References.
        InvariantRow(.knownRestaurant, B.day + [B.table("T4", restaurant: "r9")], at: 9),
        InvariantRow(.knownBooking, B.day + [B.quote("B9")], at: 9),
        InvariantRow(.knownTable, B.day + [B.adjacency("T1", "T9")], at: 9),
        // S1 is on another date: seeded as a source, never pending in this run.
        InvariantRow(.bookingPending, B.day + [B.booking("S1", date: "2025-11-09"), B.quote("S1")], at: 10),
        // Quotes and holds.
        InvariantRow(.attemptCount, B.day + [B.quote("B1", attempt: 2)], at: 9),
        InvariantRow(.bookingWindow, B.day + [B.quote("B1", window: (19 * 60, 20 * 60))], at: 9),
        InvariantRow(.noOverlap, B.day + [B.hold("H1", "B1", ["T1"]), B.hold("H2", "B2", ["T1"])], at: 10),
        InvariantRow(.strategy, B.day + [B.hold("H1", "B1", ["T1", "T2"], strategy: "relaxed-x1")], at: 9),
        InvariantRow(
            .coversParty, B.day + [B.booking("B6", party: 6), B.hold("H1", "B6", ["T1"], window: B.w6)], at: 10),
        InvariantRow(.uniqueHold, B.day + [B.hold("H1", "B1", ["T1"]), B.hold("H1", "B2", ["T2"])], at: 10),
        // Placed with a TTL one second longer than the run's.
        InvariantRow(.holdTTL, B.day + [B.hold("H1", "B1", ["T1"], expiresAt: B.open + B.ttl + 1)], at: 9),
        InvariantRow(.conflictKind, B.day + [B.conflict("B1", kind: "double_booked")], at: 9),
        InvariantRow(.liveHold, B.day + [B.released("H9", "B1")], at: 9),
        // Assignments and outcomes.
        InvariantRow(.confirmOwnHold, B.day + [B.confirm("A1", "H9", "B1", ["T1"])], at: 9),
        // B2 confirms under the id B1's assignment already has.
        InvariantRow(
            .oneAssignment,
            B.day + [
                B.hold("H1", "B1", ["T1"]), B.confirm("A1", "H1", "B1", ["T1"]),
                B.hold("H2", "B2", ["T2"]), B.confirm("A1", "H2", "B2", ["T2"])
            ], at: 12),
        // Only reachable through two services of one name: the window is resolved in the second
        // "dinner", the assignment is checked against the first (see the report on this invariant).
        InvariantRow(
            .insideService,
            [
                B.started(),
                B.restaurant(services: [
                    ServiceSeed(name: "dinner", startMinute: 11 * 60, endMinute: 14 * 60, turnMinutes: nil),
                    B.dinner
                ]),
                B.table("T1"), B.booking("B1"), B.hold("H1", "B1", ["T1"]), B.confirm("A1", "H1", "B1", ["T1"])
            ], at: 6),
        InvariantRow(.noHoldLeftBehind, B.day + [B.hold("H1", "B1", ["T1"]), B.failed("B1")], at: 10),
        // The figures are right (2 bookings, 8 events before): only the pending bookings are wrong.
        InvariantRow(.allDecided, B.day + [B.completed(bookings: 2, events: 8)], at: 9),
        // Six events came before it, not five.
        InvariantRow(.summary, B.floor + [B.completed(events: 5)], at: 7),
        // Changes. B1 is still pending: there is nothing seated to edit.
        InvariantRow(.editOfSeated, B.day + [B.editRequested("B1")], at: 9),
        // B1 is seated on T1; the failed edit claims it keeps T2.
        InvariantRow(
            .editEnds,
            B.day + [
                B.hold("H1", "B1", ["T1"]), B.confirm("A1", "H1", "B1", ["T1"]), B.editRequested("B1"),
                B.editFailed("B1", keeps: ["T2"])
            ], at: 12),
        // B1 is seated on T1; the cancellation says it frees T2.
        InvariantRow(
            .cancelFrees,
            B.day + [B.hold("H1", "B1", ["T1"]), B.confirm("A1", "H1", "B1", ["T1"]), B.cancelled("B1", frees: ["T2"])],
            at: 11)
    ]
}

@Suite struct InvariantTests {
    @Test(arguments: InvariantTable.rows)
    func eachInvariantIsCaughtAtTheEventThatBreaksIt(_ row: InvariantRow) throws {
        #expect(row.seqs.count == row.events.count)
        #expect(row.seqs.last == row.seq, "the breaking event must be the row's last")
        var state = RunState()
        var caught: InvariantViolation?
        for (event, seq) in zip(row.events, row.seqs) {
            do throws(InvariantViolation) {
                try state.apply(event, seq: seq)
            } catch {
                #expect(seq == row.seq, "event \(seq), before the row's event \(row.seq), broke a rule: \(error)")
                caught = error
                break
            }
        }
        let violation = try #require(caught, "no event broke \(row.invariant.rawValue)")
        #expect(violation.invariant == row.invariant, "\(violation)")
        #expect(violation.seq == row.seq, "\(violation)")
    }

    @Test func everyInvariantHasExactlyOneRow() {
        #expect(InvariantTable.rows.map(\.invariant.rawValue).sorted() == Invariant.allCases.map(\.rawValue).sorted())
    }

    /// The valid prefixes the rows build on fold without complaint, and a run on `floor` completes.
    @Test func thePrefixesAreValid() throws {
        var state = RunState()
        for (index, event) in Build.day.enumerated() { try state.apply(event, seq: index + 1) }
        #expect(state.booking("B1")?.resolvedWindow?.startMinute == Build.w2.start)
        #expect(state.booking("B1")?.resolvedWindow?.endMinute == Build.w2.end)
        var finished = RunState()
        for (index, event) in (Build.floor + [Build.completed(events: 6)]).enumerated() {
            try finished.apply(event, seq: index + 1)
        }
        #expect(finished.completed != nil)
    }
}
