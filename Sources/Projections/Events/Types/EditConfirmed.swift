import Allocation
import CanonicalJSON

/// An edit served (capture format 7): the booking's hold for its new party and window becomes its
/// assignment, and its old assignment ends in the same step, so it is never seated twice nor
/// left unseated. `kept` when the new tables are the old ones.
public struct EditConfirmed: Equatable, Sendable {
    public var assignment: String
    public var hold: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int
    /// The tables of the assignment it replaces.
    public var previous: [String]

    public init(
        assignment: String, hold: String, tables: [String], startMinute: Int, endMinute: Int, previous: [String]
    ) {
        self.assignment = assignment
        self.hold = hold
        self.tables = tables
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.previous = previous
    }

    /// The booking stayed on the same tables.
    public var kept: Bool { tables.sorted() == previous.sorted() }
}

extension EditConfirmed: EventPayload {
    public static let type = "edit.confirmed"
    public var body: EventBody { .editConfirmed(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("assignment", assignment)
        writer.field("hold", hold)
        writer.field("tables", tables)
        writer.field("start_minute", startMinute)
        writer.field("end_minute", endMinute)
        writer.field("previous", previous)
        writer.field("outcome", kept ? "kept" : "moved")
    }

    static let outcomes = PayloadCursor.Vocabulary(["kept", "moved"])

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> EditConfirmed {
        let confirmed = EditConfirmed(
            assignment: try cursor.string("assignment"), hold: try cursor.string("hold"),
            tables: try cursor.strings("tables"),
            startMinute: try cursor.int("start_minute", in: EventBounds.minute),
            endMinute: try cursor.int("end_minute", in: EventBounds.minute), previous: try cursor.strings("previous"))
        let outcome = try cursor.string("outcome", in: outcomes)
        guard outcome == (confirmed.kept ? "kept" : "moved") else {
            throw cursor.violation("outcome \(outcome) does not match tables and previous")
        }
        return confirmed
    }

    public var summary: String {
        (kept ? "edit kept on " : "edit moved from \(previous.joined(separator: "+")) to ")
            + "\(tables.joined(separator: "+")) \(ClockText.minutes(startMinute))-\(ClockText.minutes(endMinute)) as \(assignment) (from \(hold))"
    }
}
