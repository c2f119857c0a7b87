import Allocation
import CanonicalJSON
import EventLog

extension Event {
    /// The canonical payload text: fields in the order written here, integers only. This order is
    /// the contract of docs/events.md; never reorder a published field.
    public func payloadText(using writer: inout JSONWriter) -> String {
        writer.removeAll()
        body.encode(into: &writer)
        return writer.string
    }
}

extension EventBody {
    /// Writes the payload object (for reports that embed one).
    public func writePayload(into w: inout JSONWriter) { encode(into: &w) }

    func encode(into w: inout JSONWriter) {
        w.beginObject()
        switch self {
        case .runStarted(let e):
            w.field("scenario", e.scenario); w.field("scenario_date", e.scenarioDate); w.field("date", e.date)
            w.field("mode", e.mode); w.field("seed", e.seed); w.field("restaurants", e.restaurants)
            w.field("max_iterations", e.maxIterations); w.field("max_tables", e.maxTables)
            w.field("hold_ttl_seconds", e.holdTTLSeconds); w.field("clone_limit", e.cloneLimit)
            w.field("source_date", e.sourceDate); w.field("source_after_minute", e.sourceAfterMinute)
            w.field("avoid_used", e.avoidUsed); w.field("clients", e.clients); w.field("bruteforce", e.bruteforce)
        case .restaurantSeeded(let e):
            w.key("services"); w.beginArray()
            for service in e.services {
                w.beginObject()
                w.field("name", service.name); w.field("start_minute", service.startMinute); w.field("end_minute", service.endMinute)
                w.key("turn_minutes")
                if let turns = service.turnMinutes { Self.pairs(turns, into: &w) } else { w.null() }
                w.endObject()
            }
            w.endArray()
            w.key("turn_minutes"); Self.pairs(e.turnMinutes, into: &w)
            w.field("buffer_minutes", e.bufferMinutes); w.field("max_overage", e.maxOverage)
        case .tableSeeded(let e):
            w.field("table", e.table); w.field("zone", e.zone); w.field("min_covers", e.minCovers)
            w.field("max_covers", e.maxCovers); w.field("movable", e.movable); w.field("active", e.active)
        case .adjacencySeeded(let e):
            w.field("tables", e.tables)
        case .bookingSeeded(let e):
            w.field("date", e.date); w.field("start_minute", e.startMinute); w.field("party", e.partySize)
            w.key("duration_minutes"); if let d = e.durationMinutes { w.int(d) } else { w.null() }
        case .bookingCreated(let e):
            w.field("source", e.source); w.field("start_minute", e.startMinute); w.field("party", e.partySize)
            w.key("duration_minutes"); if let d = e.durationMinutes { w.int(d) } else { w.null() }
            w.field("client", e.client)
        case .bookingRefused(let e):
            w.field("source", e.source); w.field("reason", e.reason)
        case .quoteIssued(let e):
            w.field("strategy", e.strategy); w.field("attempt", e.attempt)
            w.field("start_minute", e.startMinute); w.field("end_minute", e.endMinute)
            w.field("candidates", e.candidates)
            w.key("top"); w.beginArray()
            for candidate in e.top {
                w.beginObject(); w.field("tables", candidate.tables); w.field("score", candidate.score); w.endObject()
            }
            w.endArray()
            w.key("rejected"); w.beginObject()
            for entry in e.rejected { w.key(dynamic: entry.reason); w.int(entry.count) }
            w.endObject()
        case .coverageMeasured(let e):
            w.field("feasible", e.feasible); w.field("quoted", e.quoted); w.field("quoted_feasible", e.quotedFeasible)
            w.field("phantom_unavailable", e.phantomUnavailable)
            w.key("unsound"); Self.sets(e.unsound, into: &w)
            w.key("missed"); Self.sets(e.missed, into: &w)
            w.field("missed_count", e.missedCount)
        case .holdPlaced(let e):
            w.field("hold", e.hold); w.field("tables", e.tables); w.field("start_minute", e.startMinute)
            w.field("end_minute", e.endMinute); w.field("expires_at", e.expiresAt); w.field("strategy", e.strategy)
            w.field("rank", e.rank); w.field("score", e.score)
        case .conflictDetected(let e):
            w.field("kind", e.kind); w.field("tables", e.tables); w.field("with", e.with); w.field("hold", e.hold)
            w.field("strategy", e.strategy); w.field("rank", e.rank)
        case .holdReleased(let e):
            w.field("hold", e.hold); w.field("reason", e.reason)
        case .holdExpired(let e):
            w.field("hold", e.hold)
        case .assignmentConfirmed(let e):
            w.field("assignment", e.assignment); w.field("hold", e.hold); w.field("tables", e.tables)
            w.field("start_minute", e.startMinute); w.field("end_minute", e.endMinute)
        case .bookingFailed(let e):
            w.field("reason", e.reason); w.field("attempts", e.attempts)
        case .iterationCompleted(let e):
            w.field("iteration", e.iteration); w.field("processed", e.processed)
            w.field("confirmed", e.confirmed); w.field("remaining", e.remaining)
        case .runCompleted(let e):
            w.field("bookings", e.bookings); w.field("confirmed", e.confirmed); w.field("failed", e.failed)
            w.field("refused", e.refused); w.field("quotes", e.quotes); w.field("holds", e.holds)
            w.field("conflicts", e.conflicts); w.field("events", e.events)
        }
        w.endObject()
    }

    private static func pairs(_ pairs: [[Int]], into w: inout JSONWriter) {
        w.beginArray()
        for pair in pairs { w.ints(pair) }
        w.endArray()
    }

    private static func sets(_ sets: [[String]], into w: inout JSONWriter) {
        w.beginArray()
        for set in sets { w.strings(set) }
        w.endArray()
    }
}

/// A stored event that cannot be read back into an `Event`.
public struct EventDecodingError: Error, CustomStringConvertible, Sendable {
    public let seq: Int
    public let type: String
    public let problem: String

    public init(seq: Int, type: String, problem: String) {
        self.seq = seq
        self.type = type
        self.problem = problem
    }
    public var description: String { "event \(seq) (\(type)): \(problem)" }
}

extension Event {
    /// Reads a stored event. The payload is read field by field in its canonical order; a
    /// payload with insignificant white space is normalised first; unknown types and payloads
    /// with other fields or order are errors naming the seq.
    public static func decode(_ record: EventRecord) throws(EventDecodingError) -> Event {
        var payload = record.payload
        let decoded = payload.withUTF8 { buffer in
            Result { () throws(EventDecodingError) in
                try decode(seq: record.seq, type: record.type, at: record.at, restaurant: record.restaurant,
                           booking: record.booking, payload: buffer)
            }
        }
        return try decoded.get()
    }

    /// Reads a row as SQLite holds it (`CaptureReader.forEachRawEvent`): the payload is read in
    /// place, and a known type becomes its static name, so nothing is copied but the values.
    public static func decode(_ row: RawEvent) throws(EventDecodingError) -> Event {
        let type = EventBody.knownType(row.type) ?? String(decoding: row.type, as: UTF8.self)
        return try decode(seq: row.seq, type: type, at: row.at, restaurant: row.restaurant, booking: row.booking, payload: row.payload)
    }

    static func decode(seq: Int, type: String, at: Int, restaurant: String?, booking: String?,
                       payload: UnsafeBufferPointer<UInt8>) throws(EventDecodingError) -> Event {
        let mismatch: PayloadCursor.Mismatch
        do {
            guard let body = try body(type, payload) else {
                throw EventDecodingError(seq: seq, type: type, problem: "unknown event type")
            }
            return Event(at: at, restaurant: restaurant, booking: booking, body)
        } catch let error as PayloadCursor.Mismatch {
            mismatch = error
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw EventDecodingError(seq: seq, type: type, problem: "\(error)")
        }
        // Not byte-canonical: normalise through the full parser, then read again.
        let json: JSONValue
        do { json = try JSONParser.parse(String(decoding: payload, as: UTF8.self)) } catch {
            throw EventDecodingError(seq: seq, type: type, problem: "payload is not JSON: \(error)")
        }
        var canonical = json.canonicalText
        let retry = canonical.withUTF8 { buffer in Result { () throws(PayloadCursor.Mismatch) in try body(type, buffer) } }
        guard case .success(let body?) = retry else {
            throw EventDecodingError(seq: seq, type: type, problem: "payload is not in its canonical form: \(mismatch)")
        }
        return Event(at: at, restaurant: restaurant, booking: booking, body)
    }

    /// Words payloads repeat on every quote and decision: decoded as these Strings, not new ones.
    static let reasons = PayloadCursor.Vocabulary(RejectionReason.allCases.map(\.rawValue) + ["cleanup", "conflict", "expired"])
    static let strategies = PayloadCursor.Vocabulary(Strategy.legacyOrder(maxTables: Strategy.maxTablesRange.upperBound).map(\.label))

    /// The body of an event of `type` from its canonical payload, or nil for an unknown type.
    static func body(_ type: String, _ buffer: UnsafeBufferPointer<UInt8>) throws(PayloadCursor.Mismatch) -> EventBody? {
        var p = PayloadCursor(buffer)
        try p.beginObject()
        let body: EventBody
        switch type {
        case "run.started":
            body = .runStarted(RunStarted(
                scenario: try p.string("scenario"), scenarioDate: try p.string("scenario_date"), date: try p.string("date"),
                mode: try p.string("mode"), seed: try p.int("seed"), restaurants: try p.strings("restaurants"),
                maxIterations: try p.int("max_iterations"), maxTables: try p.int("max_tables"),
                holdTTLSeconds: try p.int("hold_ttl_seconds"), cloneLimit: try p.int("clone_limit"),
                sourceDate: try p.string("source_date"), sourceAfterMinute: try p.int("source_after_minute"),
                avoidUsed: try p.bool("avoid_used"), clients: try p.int("clients"), bruteforce: try p.bool("bruteforce")))
        case "restaurant.seeded":
            try p.key("services")
            try p.beginArray()
            var services: [ServiceSeed] = []
            while try p.nextElement() {
                try p.beginObject()
                services.append(ServiceSeed(name: try p.string("name"), startMinute: try p.int("start_minute"),
                                            endMinute: try p.int("end_minute"), turnMinutes: try p.optionalIntPairs("turn_minutes")))
                try p.endObject()
            }
            body = .restaurantSeeded(RestaurantSeeded(services: services, turnMinutes: try p.intPairs("turn_minutes"),
                                                      bufferMinutes: try p.int("buffer_minutes"), maxOverage: try p.int("max_overage")))
        case "table.seeded":
            body = .tableSeeded(TableSeeded(table: try p.string("table"), zone: try p.string("zone"), minCovers: try p.int("min_covers"),
                                            maxCovers: try p.int("max_covers"), movable: try p.bool("movable"), active: try p.bool("active")))
        case "adjacency.seeded":
            body = .adjacencySeeded(AdjacencySeeded(tables: try p.strings("tables")))
        case "booking.seeded":
            body = .bookingSeeded(BookingSeeded(date: try p.string("date"), startMinute: try p.int("start_minute"),
                                                partySize: try p.int("party"), durationMinutes: try p.optionalInt("duration_minutes")))
        case "booking.created":
            body = .bookingCreated(BookingCreated(source: try p.string("source"), startMinute: try p.int("start_minute"),
                                                  partySize: try p.int("party"), durationMinutes: try p.optionalInt("duration_minutes"),
                                                  client: try p.int("client")))
        case "booking.refused":
            body = .bookingRefused(BookingRefused(source: try p.string("source"), reason: try p.string("reason", in: Self.reasons)))
        case "quote.issued":
            let strategy = try p.string("strategy", in: Self.strategies), attempt = try p.int("attempt")
            let start = try p.int("start_minute"), end = try p.int("end_minute"), candidates = try p.int("candidates")
            try p.key("top")
            try p.beginArray()
            var top: [QuotedCandidate] = []
            while try p.nextElement() {
                try p.beginObject()
                top.append(QuotedCandidate(tables: try p.strings("tables"), score: try p.int("score")))
                try p.endObject()
            }
            body = .quoteIssued(QuoteIssued(strategy: strategy, attempt: attempt, startMinute: start, endMinute: end,
                                            candidates: candidates, top: top, rejected: try p.intMap("rejected", keys: Self.reasons).map { ($0.key, $0.value) }))
        case "coverage.measured":
            body = .coverageMeasured(CoverageMeasured(
                feasible: try p.int("feasible"), quoted: try p.int("quoted"), quotedFeasible: try p.int("quoted_feasible"),
                phantomUnavailable: try p.bool("phantom_unavailable"), unsound: try p.stringSets("unsound"),
                missed: try p.stringSets("missed"), missedCount: try p.int("missed_count")))
        case "hold.placed":
            body = .holdPlaced(HoldPlaced(hold: try p.string("hold"), tables: try p.strings("tables"), startMinute: try p.int("start_minute"),
                                          endMinute: try p.int("end_minute"), expiresAt: try p.int("expires_at"),
                                          strategy: try p.string("strategy", in: Self.strategies), rank: try p.int("rank"), score: try p.int("score")))
        case "conflict.detected":
            body = .conflictDetected(ConflictDetected(kind: try p.string("kind"), tables: try p.strings("tables"),
                                                      with: try p.strings("with"), hold: try p.optionalString("hold"),
                                                      strategy: try p.string("strategy"), rank: try p.int("rank")))
        case "hold.released":
            body = .holdReleased(HoldReleased(hold: try p.string("hold"), reason: try p.string("reason", in: Self.reasons)))
        case "hold.expired":
            body = .holdExpired(HoldExpired(hold: try p.string("hold")))
        case "assignment.confirmed":
            body = .assignmentConfirmed(AssignmentConfirmed(assignment: try p.string("assignment"), hold: try p.string("hold"),
                                                            tables: try p.strings("tables"), startMinute: try p.int("start_minute"),
                                                            endMinute: try p.int("end_minute")))
        case "booking.failed":
            body = .bookingFailed(BookingFailed(reason: try p.string("reason", in: Self.reasons), attempts: try p.int("attempts")))
        case "iteration.completed":
            body = .iterationCompleted(IterationCompleted(iteration: try p.int("iteration"), processed: try p.int("processed"),
                                                          confirmed: try p.int("confirmed"), remaining: try p.int("remaining")))
        case "run.completed":
            body = .runCompleted(RunCompleted(bookings: try p.int("bookings"), confirmed: try p.int("confirmed"), failed: try p.int("failed"),
                                              refused: try p.int("refused"), quotes: try p.int("quotes"), holds: try p.int("holds"),
                                              conflicts: try p.int("conflicts"), events: try p.int("events")))
        default:
            return nil
        }
        try p.endObject()
        guard p.isAtEnd else { throw PayloadCursor.Mismatch(offset: -1, expected: "the end of the payload") }
        return body
    }
}
