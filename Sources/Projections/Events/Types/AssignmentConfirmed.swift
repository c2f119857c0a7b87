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

    public func encode(into w: inout JSONWriter) {
        w.field("assignment", assignment); w.field("hold", hold); w.field("tables", tables)
        w.field("start_minute", startMinute); w.field("end_minute", endMinute)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> AssignmentConfirmed {
        AssignmentConfirmed(assignment: try p.string("assignment"), hold: try p.string("hold"), tables: try p.strings("tables"),
                            startMinute: try p.int("start_minute"), endMinute: try p.int("end_minute"))
    }

    public var summary: String {
        "\(assignment) on \(tables.joined(separator: "+")) \(ClockText.minutes(startMinute))-\(ClockText.minutes(endMinute)) (from \(hold))"
    }
}
