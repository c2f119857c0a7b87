import Allocation
import CanonicalJSON

/// A seated booking asks to change (capture format 7): from here until its `edit.confirmed` or
/// `edit.failed`, the booking keeps its assignment and is quoted, held and confirmed for the new
/// party and start; its own tables are not busy for it (the engine is told them as `current`).
public struct EditRequested: Equatable, Sendable {
    public var partySize: Int
    public var startMinute: Int
    /// The reserve-mode client that edits its own clone; nil for a change of the scenario.
    public var client: Int?

    public init(partySize: Int, startMinute: Int, client: Int? = nil) {
        self.partySize = partySize
        self.startMinute = startMinute
        self.client = client
    }
}

extension EditRequested: EventPayload {
    public static let type = "edit.requested"
    public var body: EventBody { .editRequested(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("party", partySize)
        writer.field("start_minute", startMinute)
        if let client { writer.field("client", client) }
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> EditRequested {
        var edit = EditRequested(
            partySize: try cursor.int("party", in: EventBounds.party),
            startMinute: try cursor.int("start_minute", in: EventBounds.minute))
        if cursor.hasField("client") { edit.client = try cursor.int("client", in: EventBounds.client) }
        return edit
    }

    public var summary: String {
        "edit to party \(partySize) at \(ClockText.minutes(startMinute))" + (client.map { " by client \($0)" } ?? "")
    }
}
