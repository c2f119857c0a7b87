import CanonicalJSON

/// Create-with-capacity-check said no.
public struct BookingRefused: Equatable, Sendable {
    public var source: String
    public var reason: String
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
}

extension BookingRefused: EventPayload {
    public static let type = "booking.refused"
    public var body: EventBody { .bookingRefused(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("source", source)
        writer.field("reason", reason)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingRefused {
        BookingRefused(
            source: try cursor.string("source"), reason: try cursor.string("reason", in: EventVocabulary.reasons))
    }

    public var summary: String { "from \(source): \(reason)" }
}
