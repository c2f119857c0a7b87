import Allocation
import CanonicalJSON

public struct AssignmentConfirmed: Equatable, Sendable {
    public var assignment: String
    public var hold: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int

    public init(assignment: String, hold: String, tables: [String], startMinute: Int, endMinute: Int) {
        self.assignment = assignment
        self.hold = hold
        self.tables = tables
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}

extension AssignmentConfirmed: EventPayload {
    public static let type = "assignment.confirmed"
    public var body: EventBody { .assignmentConfirmed(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("assignment", assignment)
        writer.field("hold", hold)
        writer.field("tables", tables)
        writer.field("start_minute", startMinute)
        writer.field("end_minute", endMinute)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> AssignmentConfirmed {
        AssignmentConfirmed(
            assignment: try cursor.string("assignment"), hold: try cursor.string("hold"),
            tables: try cursor.strings("tables"),
            startMinute: try cursor.int("start_minute", in: EventBounds.minute),
            endMinute: try cursor.int("end_minute", in: EventBounds.minute))
    }

    public var summary: String {
        "\(assignment) on \(tables.joined(separator: "+")) \(ClockText.minutes(startMinute))-\(ClockText.minutes(endMinute)) (from \(hold))"
    }
}
