import CanonicalJSON
import EventLog
import Projections
import Testing

/// One event to write and read back, named for the test report.
struct EventSample: CustomTestStringConvertible, Sendable {
    let name: String
    let event: Event
    /// A string beyond plain ASCII (non-ASCII letters, or a quote, backslash or control
    /// character, which the writer escapes): `Event.decode` cannot read it back (see below).
    let beyondPlainASCII: Bool
    init(_ name: String, _ event: Event, beyondPlainASCII: Bool = false) {
        self.name = name
        self.event = event
        self.beyondPlainASCII = beyondPlainASCII
    }
    var testDescription: String { name }
}

enum EventSamples {
    static let engine = EngineIdentity(
        command: "python3 engines/allocator.py --fast", name: "py-allocator", version: "0.3.1",
        lookAheadMinutes: 90, timeoutSeconds: 10)

    static func runStarted(engine: EngineIdentity?) -> RunStarted {
        RunStarted(
            scenario: "default", scenarioDate: "2025-11-08", date: "2025-11-08", mode: "reserve", seed: 42,
            restaurants: ["r1", "r2"],
            maxIterations: 6, maxTables: 4, holdTTLSeconds: 180, cloneLimit: 40, sourceDate: "2025-11-07",
            sourceAfterMinute: 17 * 60,
            avoidUsed: true, clients: 4, bruteforce: true, engine: engine)
    }

    /// The plain, all-ASCII samples: one (or more) per event type, optional fields nil and set.
    static let ascii: [EventSample] = [
        EventSample("run.started, built-in allocator", Event(at: 28_800, .runStarted(runStarted(engine: nil)))),
        EventSample("run.started, outside engine", Event(at: 28_800, .runStarted(runStarted(engine: engine)))),
        EventSample(
            "run.started, reserve clients edit and cancel",
            Event(
                at: 28_800,
                .runStarted(
                    {
                        var started = runStarted(engine: nil)
                        started.editRatePerMille = 100
                        started.cancelRatePerMille = 50
                        return started
                    }()))),
        EventSample(
            "change.seeded, edit of party and start",
            Event(
                at: 28_800, restaurant: "r1", booking: "B001",
                .changeSeeded(ChangeSeeded(atMinute: 1000, kind: .edit, partySize: 6, startMinute: 1230)))),
        EventSample(
            "change.seeded, cancellation",
            Event(
                at: 28_800, restaurant: "r1", booking: "B002",
                .changeSeeded(ChangeSeeded(atMinute: 1080, kind: .cancel)))
        ),
        EventSample(
            "edit.requested, scenario",
            Event(
                at: 61_200, restaurant: "r1", booking: "B001",
                .editRequested(EditRequested(partySize: 6, startMinute: 1230)))),
        EventSample(
            "edit.requested, client",
            Event(
                at: 29_001, restaurant: "r1", booking: "C0001",
                .editRequested(EditRequested(partySize: 3, startMinute: 1140, client: 2)))),
        EventSample(
            "edit.confirmed, moved",
            Event(
                at: 61_210, restaurant: "r1", booking: "B001",
                .editConfirmed(
                    EditConfirmed(
                        assignment: "A000009", hold: "H000012", tables: ["T3", "T4"], startMinute: 1230,
                        endMinute: 1335, previous: ["T1"])))),
        EventSample(
            "edit.confirmed, kept",
            Event(
                at: 61_210, restaurant: "r1", booking: "B001",
                .editConfirmed(
                    EditConfirmed(
                        assignment: "A000009", hold: "H000012", tables: ["T1"], startMinute: 1140, endMinute: 1235,
                        previous: ["T1"])))),
        EventSample(
            "edit.failed",
            Event(
                at: 61_220, restaurant: "r1", booking: "B001",
                .editFailed(EditFailed(reason: "tables_occupied", tables: ["T1"])))),
        EventSample(
            "booking.cancelled, seated",
            Event(
                at: 64_800, restaurant: "r1", booking: "B002", .bookingCancelled(BookingCancelled(tables: ["T2", "T5"]))
            )
        ),
        EventSample(
            "booking.cancelled by a client, unseated",
            Event(
                at: 29_100, restaurant: "r1", booking: "C0003",
                .bookingCancelled(BookingCancelled(tables: [], client: 4)))),
        EventSample(
            "quote.issued, edit with keeping verdict",
            Event(
                at: 61_205, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "adjacent-x2", attempt: 4, startMinute: 1230, endMinute: 1335, candidates: 1,
                        top: [QuotedCandidate(tables: ["T3", "T4"], score: 5)], rejected: [],
                        oracle: {
                            var verdict = OracleVerdict(
                                feasible: 3, quotedFeasible: 1, missedCount: 2, missed: [["T1", "T2"], ["T1", "T5"]],
                                excludedCount: 0)
                            verdict.keeping = OracleVerdict.Keeping(feasible: 2, offered: 0)
                            return verdict
                        }())))),
        EventSample(
            "restaurant.seeded",
            Event(
                at: 28_800, restaurant: "r1",
                .restaurantSeeded(
                    RestaurantSeeded(
                        services: [
                            ServiceSeed(
                                name: "lunch", startMinute: 720, endMinute: 900, turnMinutes: [[2, 60], [4, 75]]),
                            ServiceSeed(name: "dinner", startMinute: 1020, endMinute: 1320, turnMinutes: nil)
                        ],
                        turnMinutes: [[2, 60], [4, 75], [6, 90]], bufferMinutes: 15, maxOverage: 4)))),
        EventSample(
            "table.seeded, inactive",
            Event(
                at: 28_800, restaurant: "r1",
                .tableSeeded(
                    TableSeeded(
                        table: "T12", zone: "bar", minCovers: 1, maxCovers: 2, movable: false, active: false)))),
        EventSample(
            "adjacency.seeded",
            Event(at: 28_800, restaurant: "r1", .adjacencySeeded(AdjacencySeeded(tables: ["T1", "T2"])))),
        EventSample(
            "booking.seeded, turn time",
            Event(
                at: 28_800, restaurant: "r1", booking: "B001",
                .bookingSeeded(
                    BookingSeeded(
                        date: "2025-11-08", startMinute: 1140, partySize: 4, durationMinutes: nil)))),
        EventSample(
            "booking.seeded, own duration",
            Event(
                at: 28_800, restaurant: "r1", booking: "B002",
                .bookingSeeded(
                    BookingSeeded(
                        date: "2025-11-09", startMinute: 1200, partySize: 2, durationMinutes: 105)))),
        EventSample(
            "booking.created",
            Event(
                at: 29_000, restaurant: "r1", booking: "C0001",
                .bookingCreated(
                    BookingCreated(
                        source: "B001", startMinute: 1140, partySize: 4, durationMinutes: 90, client: 3)))),
        EventSample(
            "booking.created, turn time",
            Event(
                at: 29_000, restaurant: "r1", booking: "C0002",
                .bookingCreated(
                    BookingCreated(
                        source: "B002", startMinute: 1200, partySize: 2, durationMinutes: nil, client: 0)))),
        EventSample(
            "booking.refused",
            Event(
                at: 29_001, restaurant: "r1", booking: "C0003",
                .bookingRefused(
                    BookingRefused(
                        source: "B003", reason: "no_capacity")))),
        EventSample(
            "quote.issued, built-in",
            Event(
                at: 29_002, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "adjacent-x2", attempt: 2, startMinute: 1140, endMinute: 1230, candidates: 5,
                        top: [
                            QuotedCandidate(tables: ["T1", "T2"], score: 141_416),
                            QuotedCandidate(tables: ["T3", "T4"], score: -7)
                        ],
                        rejected: [
                            (reason: "capacity", count: 11), (reason: "spare_seats", count: 0),
                            (reason: "not_adjacent", count: 3)
                        ])))),
        EventSample(
            "quote.issued, no candidate",
            Event(
                at: 29_002, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "relaxed-x4", attempt: 8, startMinute: 1140, endMinute: 1230, candidates: 0, top: [],
                        rejected: [])))),
        EventSample(
            "quote.issued, engine with unsound offers and an error",
            Event(
                at: 29_003, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "adjacent-x1", attempt: 1, startMinute: 1140, endMinute: 1230, candidates: 2,
                        top: [QuotedCandidate(tables: ["T1"], score: nil), QuotedCandidate(tables: ["T2"], score: 3)],
                        rejected: [(reason: "held", count: 1), (reason: "my_own_reason", count: 2)],
                        engine: EngineAnswerRecord(
                            digest: "0123456789abcdef",
                            unsound: [
                                UnsoundAnswer(tables: ["T9"], rule: "unknown_table"),
                                UnsoundAnswer(tables: ["T1", "T3"], rule: "one_zone")
                            ],
                            error: "no table left"))))),
        EventSample(
            "quote.issued, engine without error",
            Event(
                at: 29_003, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "adjacent-x1", attempt: 1, startMinute: 1140, endMinute: 1230, candidates: 0, top: [],
                        rejected: [],
                        engine: EngineAnswerRecord(digest: "fedcba9876543210", unsound: [], error: nil))))),
        // Capture format 8: an answer reused, and the protocol version a session spoke.
        EventSample(
            "quote.issued, engine answer reused",
            Event(
                at: 29_005, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "relaxed-x2", attempt: 3, startMinute: 1140, endMinute: 1230, candidates: 1,
                        top: [QuotedCandidate(tables: ["T1", "T2"], score: nil)], rejected: [],
                        engine: EngineAnswerRecord(
                            digest: "fedcba9876543210", unsound: [], error: nil, reused: true))))),
        EventSample(
            "run.started, engine protocol 3",
            Event(
                at: 28_800,
                .runStarted(
                    runStarted(
                        engine: EngineIdentity(
                            command: "python3 engine.py", name: "example-python", version: "1.0.0",
                            lookAheadMinutes: 0, timeoutSeconds: 10, protocolVersion: 3))))),
        EventSample(
            "coverage.measured",
            Event(
                at: 29_004, restaurant: "r1", booking: "B001",
                .coverageMeasured(
                    CoverageMeasured(
                        feasible: 9, quoted: 4, quotedFeasible: 3, phantomUnavailable: true, unsound: [["T7"]],
                        missed: [["T1", "T2"], ["T5"]], missedCount: 6)))),
        EventSample(
            "quote.issued, search limit reached",
            Event(
                at: 29_003, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "relaxed-x4", attempt: 3, startMinute: 1140, endMinute: 1230, candidates: 299_000,
                        top: [QuotedCandidate(tables: ["T1", "T2"], score: 5)],
                        rejected: [(reason: "capacity", count: 1)], searchLimitReached: true)))),
        EventSample(
            "quote.issued, engine and search limit reached",
            Event(
                at: 29_003, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "adjacent-x1", attempt: 1, startMinute: 1140, endMinute: 1230, candidates: 0, top: [],
                        rejected: [],
                        engine: EngineAnswerRecord(digest: "fedcba9876543210", unsound: [], error: nil),
                        searchLimitReached: true)))),
        EventSample(
            "coverage.measured, limit reached",
            Event(
                at: 29_004, restaurant: "r1", booking: "B001",
                .coverageMeasured(
                    CoverageMeasured(
                        feasible: 1_333_500, quoted: 316_989, quotedFeasible: 316_989, phantomUnavailable: false,
                        unsound: [], missed: [], missedCount: 0,
                        limitReached: true)))),
        EventSample(
            "coverage.measured, empty",
            Event(
                at: 29_004, restaurant: "r1", booking: "B001",
                .coverageMeasured(
                    CoverageMeasured(
                        feasible: 0, quoted: 0, quotedFeasible: 0, phantomUnavailable: false, unsound: [], missed: [],
                        missedCount: 0)))),
        EventSample(
            "hold.placed",
            Event(
                at: 29_005, restaurant: "r1", booking: "B001",
                .holdPlaced(
                    HoldPlaced(
                        hold: "H000001", tables: ["T1", "T2"], startMinute: 1140, endMinute: 1230, expiresAt: 29_185,
                        strategy: "adjacent-x2",
                        rank: 1, score: 141_416)))),
        EventSample(
            "conflict.detected at hold",
            Event(
                at: 29_006, restaurant: "r1", booking: "C0002",
                .conflictDetected(
                    ConflictDetected(
                        kind: "hold_conflict", tables: ["T1"], with: ["C0001"], hold: nil, strategy: "adjacent-x1",
                        rank: 2)))),
        EventSample(
            "conflict.detected at confirm",
            Event(
                at: 29_006, restaurant: "r1", booking: "C0002",
                .conflictDetected(
                    ConflictDetected(
                        kind: "confirm_conflict", tables: ["T1", "T2"], with: [], hold: "H000002",
                        strategy: "relaxed-x2", rank: 1)))),
        EventSample(
            "hold.released",
            Event(
                at: 29_007, restaurant: "r1", booking: "C0002",
                .holdReleased(
                    HoldReleased(
                        hold: "H000002", reason: "conflict")))),
        EventSample(
            "hold.expired",
            Event(at: 29_185, restaurant: "r1", booking: "B001", .holdExpired(HoldExpired(hold: "H000001")))),
        EventSample(
            "assignment.confirmed",
            Event(
                at: 29_008, restaurant: "r1", booking: "B001",
                .assignmentConfirmed(
                    AssignmentConfirmed(
                        assignment: "A000001", hold: "H000003", tables: ["T1", "T2"], startMinute: 1140, endMinute: 1230
                    )))),
        EventSample(
            "booking.failed",
            Event(
                at: 29_009, restaurant: "r1", booking: "B004",
                .bookingFailed(
                    BookingFailed(
                        reason: "tables_occupied", attempts: 8)))),
        EventSample(
            "iteration.completed",
            Event(
                at: 29_010, restaurant: "r1",
                .iterationCompleted(
                    IterationCompleted(
                        iteration: 2, processed: 10, confirmed: 7, remaining: 3)))),
        EventSample(
            "run.completed",
            Event(
                at: 29_011,
                .runCompleted(
                    RunCompleted(
                        bookings: 105, confirmed: 90, failed: 10, refused: 5, quotes: 400, holds: 120, conflicts: 12,
                        events: 1234)))),
        EventSample(
            "engine.failed, timeout",
            Event(
                at: 29_100,
                .engineFailed(
                    EngineFailed(
                        kind: "timeout", request: 12, detail: "no answer within 10 s", line: "")))),
        // A slash is plain ASCII: written unescaped, read back as it is.
        EventSample(
            "hold.placed, slash in a table id",
            Event(
                at: 29_005, restaurant: "r1", booking: "B001",
                .holdPlaced(
                    HoldPlaced(
                        hold: "H000001", tables: ["T-1/2"], startMinute: 1140, endMinute: 1230, expiresAt: 29_185,
                        strategy: "adjacent-x1",
                        rank: 1, score: 5))))
    ]

    /// Strings beyond plain ASCII: accented letters, and in an engine's free text (its command,
    /// error message, the line it failed on) a quote, a backslash and a newline.
    static let beyondPlainASCII: [EventSample] = [
        EventSample(
            "table.seeded, non-ASCII zone",
            Event(
                at: 28_800, restaurant: "r1",
                .tableSeeded(
                    TableSeeded(
                        table: "T-1/2", zone: "Terrasse Été", minCovers: 2, maxCovers: 4, movable: true, active: true))),
            beyondPlainASCII: true),
        EventSample(
            "run.started, non-ASCII engine",
            Event(
                at: 28_800,
                .runStarted(
                    runStarted(
                        engine: EngineIdentity(
                            command: "./moteur-réservation --zone \"Terrasse Été\"", name: "moteur", version: "1.0-β",
                            lookAheadMinutes: 0, timeoutSeconds: 7)))),
            beyondPlainASCII: true),
        EventSample(
            "quote.issued, engine error in French",
            Event(
                at: 29_003, restaurant: "r1", booking: "B001",
                .quoteIssued(
                    QuoteIssued(
                        strategy: "adjacent-x1", attempt: 1, startMinute: 1140, endMinute: 1230, candidates: 0, top: [],
                        rejected: [],
                        engine: EngineAnswerRecord(
                            digest: "0123456789abcdef", unsound: [],
                            error: "plus de table libre — désolé \\ \"complet\"\nfin")))),
            beyondPlainASCII: true),
        // What a malformed answer looks like: a JSON line cut short, quotes and all.
        EventSample(
            "engine.failed, malformed line",
            Event(
                at: 29_100,
                .engineFailed(
                    EngineFailed(
                        kind: "malformed", request: 3, detail: "not JSON (unexpected end of input)",
                        line: #"{"type":"quote","candidates":["#))),
            beyondPlainASCII: true)
    ]

    static let all = ascii + beyondPlainASCII
}

/// The stored form of an event, as a capture holds it.
func stored(_ event: Event, seq: Int = 1) -> EventRecord {
    var writer = JSONWriter()
    return EventRecord(
        seq: seq, type: event.body.type, at: event.at, restaurant: event.restaurant, booking: event.booking,
        payload: event.payloadText(using: &writer), hash: [])
}

@Suite struct EventRoundTripTests {
    @Test(arguments: EventSamples.all)
    func encodesAndDecodesToTheSameEventAndBytes(_ sample: EventSample) throws {
        let record = stored(sample.event)
        #expect(EventType(name: record.type) == sample.event.body.eventType)
        // The payload is canonical JSON: the full parser writes it back byte for byte.
        #expect(try JSONParser.parse(record.payload).canonicalText == record.payload)
        // Strings in any script, and with escapes (quotes in an engine's message), read back too.
        let decoded = try Event.decode(record)
        #expect(decoded == sample.event)
        var writer = JSONWriter()
        let again = decoded.payloadText(using: &writer)
        #expect(Array(again.utf8) == Array(record.payload.utf8))
    }

    @Test func theSamplesCoverEveryEventType() {
        let covered = Set(EventSamples.all.map(\.event.body.eventType.rawValue))
        #expect(covered.sorted() == EventType.allCases.map(\.rawValue).sorted())
        #expect(Set(EventSamples.all.map(\.event.body.type)) == Set(EventType.allNames))
    }

    // MARK: Capture format 1: these bytes are the contract (events 91 and 89 of
    // Tests/ReplayerTests/Fixtures/format-1-assign.db). Never change them to make a test pass.

    static let holdPlacedBytes =
        #"{"hold":"H000001","tables":["T001"],"start_minute":770,"end_minute":893,"expires_at":28983,"strategy":"adjacent-x1","rank":1,"score":141416}"#
    static let holdPlaced = Event(
        at: 28_803, restaurant: "pub-1", booking: "B002",
        .holdPlaced(
            HoldPlaced(
                hold: "H000001", tables: ["T001"], startMinute: 770, endMinute: 893, expiresAt: 28_983,
                strategy: "adjacent-x1", rank: 1, score: 141_416)))

    static let quoteIssuedBytes =
        #"{"strategy":"adjacent-x1","attempt":1,"start_minute":770,"end_minute":893,"candidates":7,"top":[{"tables":["T001"],"score":141416},{"tables":["T002"],"score":141416},{"tables":["T005"],"score":141416}],"rejected":{"capacity":11,"spare_seats":0,"not_adjacent":0,"booked":0,"held":0,"inactive":0}}"#
    static let quoteIssued = Event(
        at: 28_802, restaurant: "pub-1", booking: "B002",
        .quoteIssued(
            QuoteIssued(
                strategy: "adjacent-x1", attempt: 1, startMinute: 770, endMinute: 893, candidates: 7,
                top: [
                    QuotedCandidate(tables: ["T001"], score: 141_416),
                    QuotedCandidate(tables: ["T002"], score: 141_416),
                    QuotedCandidate(tables: ["T005"], score: 141_416)
                ],
                rejected: [
                    (reason: "capacity", count: 11), (reason: "spare_seats", count: 0),
                    (reason: "not_adjacent", count: 0),
                    (reason: "booked", count: 0), (reason: "held", count: 0), (reason: "inactive", count: 0)
                ])))

    // Real names (issue "Real restaurants"): non-ASCII is written as UTF-8, as it is; quotes,
    // backslashes and nothing else are escaped; "/", "#" and ":" stay plain.
    static let tableSeededBytes =
        #"{"table":"T-1/2 \"Fenêtre\"","zone":"Terrasse-Été","min_covers":2,"max_covers":4,"movable":false,"active":true}"#
    static let tableSeeded = Event(
        at: 28_800, restaurant: "The Red Lion – Bar",
        .tableSeeded(
            TableSeeded(
                table: "T-1/2 \"Fenêtre\"", zone: "Terrasse-Été", minCovers: 2, maxCovers: 4, movable: false,
                active: true)))

    @Test(arguments: [(holdPlaced, holdPlacedBytes), (quoteIssued, quoteIssuedBytes), (tableSeeded, tableSeededBytes)])
    func format1BytesArePinned(_ event: Event, _ bytes: String) throws {
        #expect(stored(event).payload == bytes)
        let record = EventRecord(
            seq: 1, type: event.body.type, at: event.at, restaurant: event.restaurant, booking: event.booking,
            payload: bytes, hash: [])
        #expect(try Event.decode(record) == event)
    }
}
