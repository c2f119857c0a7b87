import Allocation
import CanonicalJSON

public struct BookingSeeded: Equatable, Sendable {
    public var date: String
    public var startMinute: Int
    public var partySize: Int
    /// As the scenario gave it; nil means the turn time.
    public var durationMinutes: Int?

    public init(date: String, startMinute: Int, partySize: Int, durationMinutes: Int?) {
        self.date = date
        self.startMinute = startMinute
        self.partySize = partySize
        self.durationMinutes = durationMinutes
    }
}

extension BookingSeeded: EventPayload {
    public static let type = "booking.seeded"
    public static let isInput = true
    public var body: EventBody { .bookingSeeded(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("date", date); writer.field("start_minute", startMinute); writer.field("party", partySize)
        writer.field("duration_minutes", durationMinutes)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingSeeded {
        BookingSeeded(date: try cursor.string("date"), startMinute: try cursor.int("start_minute", in: EventBounds.minute), partySize: try cursor.int("party", in: EventBounds.party),
                      durationMinutes: try cursor.optionalInt("duration_minutes", in: EventBounds.duration))
    }

    public var summary: String {
        "\(ClockText.minutes(startMinute)) party \(partySize)" + (durationMinutes.map { ", \($0) min" } ?? "") + " on \(date)"
    }
}
