import Allocation
import CanonicalJSON

/// An edit that could not be served (capture format 7): the booking keeps its assignment, its
/// party and its window as they were; `tables` are the ones it keeps.
public struct EditFailed: Equatable, Sendable {
    public var reason: String
    public var tables: [String]

    public init(reason: String, tables: [String]) {
        self.reason = reason
        self.tables = tables
    }
}

extension EditFailed: EventPayload {
    public static let type = "edit.failed"
    public var body: EventBody { .editFailed(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("reason", reason)
        writer.field("tables", tables)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> EditFailed {
        EditFailed(
            reason: try cursor.string("reason", in: EventVocabulary.reasons), tables: try cursor.strings("tables"))
    }

    public var summary: String { "edit failed (\(reason)); keeps \(tables.joined(separator: "+"))" }
}
