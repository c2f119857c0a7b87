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

    public func encode(into w: inout JSONWriter) { w.field("source", source); w.field("reason", reason) }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingRefused {
        BookingRefused(source: try p.string("source"), reason: try p.string("reason", in: EventVocabulary.reasons))
    }

    public var summary: String { "from \(source): \(reason)" }
}
