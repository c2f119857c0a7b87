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

    public func encode(into w: inout JSONWriter) {
        w.field("source", source); w.field("start_minute", startMinute); w.field("party", partySize)
        w.field("duration_minutes", durationMinutes); w.field("client", client)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingCreated {
        BookingCreated(source: try p.string("source"), startMinute: try p.int("start_minute"), partySize: try p.int("party"),
                       durationMinutes: try p.optionalInt("duration_minutes"), client: try p.int("client"))
    }

    public var summary: String { "from \(source) by client \(client): \(ClockText.minutes(startMinute)) party \(partySize)" }
}
