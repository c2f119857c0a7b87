import Allocation
import CanonicalJSON

public struct BookingSeeded: Equatable, Sendable {
    public var date: String
    public var startMinute: Int
    public var partySize: Int
    /// As the scenario gave it; nil means the turn time.
    public var durationMinutes: Int?
    /// The booking's tables on the real floor (capture format 6; nil, and absent, for none).
    public var tables: [String]?

    public init(date: String, startMinute: Int, partySize: Int, durationMinutes: Int?, tables: [String]? = nil) {
        self.date = date
        self.startMinute = startMinute
        self.partySize = partySize
        self.durationMinutes = durationMinutes
        self.tables = tables
    }
}

extension BookingSeeded: EventPayload {
    public static let type = "booking.seeded"
    public static let isInput = true
    public var body: EventBody { .bookingSeeded(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("date", date)
        writer.field("start_minute", startMinute)
        writer.field("party", partySize)
        writer.field("duration_minutes", durationMinutes)
        if let tables { writer.field("tables", tables) }
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingSeeded {
        var seeded = BookingSeeded(
            date: try cursor.string("date"), startMinute: try cursor.int("start_minute", in: EventBounds.minute),
            partySize: try cursor.int("party", in: EventBounds.party),
            durationMinutes: try cursor.optionalInt("duration_minutes", in: EventBounds.duration))
        if cursor.hasField("tables") { seeded.tables = try cursor.strings("tables") }
        return seeded
    }

    public var summary: String {
        "\(ClockText.minutes(startMinute)) party \(partySize)" + (durationMinutes.map { ", \($0) min" } ?? "")
            + " on \(date)"
            + (tables.map { ", on " + $0.joined(separator: "+") + " on the real floor" } ?? "")
    }
}
