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

    public func encode(into w: inout JSONWriter) {
        w.field("date", date); w.field("start_minute", startMinute); w.field("party", partySize)
        w.field("duration_minutes", durationMinutes)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingSeeded {
        BookingSeeded(date: try p.string("date"), startMinute: try p.int("start_minute"), partySize: try p.int("party"),
                      durationMinutes: try p.optionalInt("duration_minutes"))
    }

    public var summary: String {
        "\(ClockText.minutes(startMinute)) party \(partySize)" + (durationMinutes.map { ", \($0) min" } ?? "") + " on \(date)"
    }
}
