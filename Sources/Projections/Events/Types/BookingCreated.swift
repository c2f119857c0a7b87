import Allocation
import CanonicalJSON

/// A booking made by the create flow (reserve mode), cloned from a seeded one.
public struct BookingCreated: Equatable, Sendable {
    public var source: String
    public var startMinute: Int
    public var partySize: Int
    public var durationMinutes: Int?
    public var client: Int

    public init(source: String, startMinute: Int, partySize: Int, durationMinutes: Int?, client: Int) {
        self.source = source
        self.startMinute = startMinute
        self.partySize = partySize
        self.durationMinutes = durationMinutes
        self.client = client
    }
}

extension BookingCreated: EventPayload {
    public static let type = "booking.created"
    public var body: EventBody { .bookingCreated(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("source", source)
        writer.field("start_minute", startMinute)
        writer.field("party", partySize)
        writer.field("duration_minutes", durationMinutes)
        writer.field("client", client)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingCreated {
        BookingCreated(
            source: try cursor.string("source"), startMinute: try cursor.int("start_minute", in: EventBounds.minute),
            partySize: try cursor.int("party", in: EventBounds.party),
            durationMinutes: try cursor.optionalInt("duration_minutes", in: EventBounds.duration),
            client: try cursor.int("client", in: EventBounds.client))
    }

    public var summary: String {
        "from \(source) by client \(client): \(ClockText.minutes(startMinute)) party \(partySize)"
    }
}
