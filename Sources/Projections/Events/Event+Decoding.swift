import Allocation
import CanonicalJSON
import EventLog

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

/// Words payloads repeat on every quote and decision: decoded as these Strings, not new ones.
enum EventVocabulary {
    static let reasons = PayloadCursor.Vocabulary(
        RejectionReason.allCases.map(\.rawValue) + ["cleanup", "conflict", "expired"])
    static let strategies = PayloadCursor.Vocabulary(
        Strategy.legacyOrder(maxTables: Strategy.maxTablesRange.upperBound).map(\.label))
}

extension Event {
    /// Reads a stored event. The payload is read field by field in its canonical order; a
    /// payload with insignificant white space is normalised first; unknown types and payloads
    /// with other fields or order are errors naming the seq.
    public static func decode(_ record: EventRecord) throws(EventDecodingError) -> Event {
        var payload = record.payload
        let decoded = payload.withUTF8 { buffer in
            Result { () throws(EventDecodingError) in
                try decode(
                    seq: record.seq, type: EventType(name: record.type), typeName: record.type, at: record.at,
                    restaurant: record.restaurant, booking: record.booking, payload: buffer)
            }
        }
        return try decoded.get()
    }

    /// Reads a row as SQLite holds it (`CaptureReader.forEachRawEvent`): the payload is read in
    /// place, and a known type is found without building a String, so nothing is copied but the values.
    public static func decode(_ row: RawEvent) throws(EventDecodingError) -> Event {
        let type = EventType(nameBytes: row.type)
        return try decode(
            seq: row.seq, type: type, typeName: type?.name ?? String(decoding: row.type, as: UTF8.self),
            at: row.at, restaurant: row.restaurant, booking: row.booking, payload: row.payload)
    }

    static func decode(
        seq: Int, type: EventType?, typeName: String, at: Int, restaurant: String?, booking: String?,
        payload: UnsafeBufferPointer<UInt8>
    ) throws(EventDecodingError) -> Event {
        guard let type else { throw EventDecodingError(seq: seq, type: typeName, problem: "unknown event type") }
        guard EventBounds.clock.contains(at) else {
            throw EventDecodingError(
                seq: seq, type: typeName,
                problem: "at must be in \(EventBounds.clock.lowerBound)...\(EventBounds.clock.upperBound), found \(at)")
        }
        let mismatch: PayloadCursor.Mismatch
        do {
            return Event(at: at, restaurant: restaurant, booking: booking, try type.decodeBody(payload))
        } catch {
            // A value out of its range is wrong in any form: said as it is.
            if let outOfRange = error.outOfRange {
                throw EventDecodingError(seq: seq, type: typeName, problem: outOfRange)
            }
            mismatch = error
        }
        // Not byte-canonical: normalise through the full parser, then read again.
        let json: JSONValue
        do { json = try JSONParser.parse(String(decoding: payload, as: UTF8.self)) } catch {
            throw EventDecodingError(seq: seq, type: typeName, problem: "payload is not JSON: \(error)")
        }
        var canonical = json.canonicalText
        let retry = canonical.withUTF8 { buffer in
            Result { () throws(PayloadCursor.Mismatch) in try type.decodeBody(buffer) }
        }
        guard case .success(let body) = retry else {
            if case .failure(let error) = retry, let outOfRange = error.outOfRange {
                throw EventDecodingError(seq: seq, type: typeName, problem: outOfRange)
            }
            throw EventDecodingError(
                seq: seq, type: typeName, problem: "payload is not in its canonical form: \(mismatch)")
        }
        return Event(at: at, restaurant: restaurant, booking: booking, body)
    }

    /// The event in words for `replay show`; an unreadable payload is shown as stored.
    public static func summary(of record: EventRecord) -> String {
        guard let event = try? decode(record) else { return record.payload }
        return event.body.payload.summary
    }
}
