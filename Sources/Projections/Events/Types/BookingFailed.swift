import CanonicalJSON

public struct BookingFailed: Equatable, Sendable {
    public var reason: String
    public var attempts: Int
    public init(reason: String, attempts: Int) {
        self.reason = reason
        self.attempts = attempts
    }
}

extension BookingFailed: EventPayload {
    public static let type = "booking.failed"
    public var body: EventBody { .bookingFailed(self) }

    public func encode(into w: inout JSONWriter) { w.field("reason", reason); w.field("attempts", attempts) }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingFailed {
        BookingFailed(reason: try p.string("reason", in: EventVocabulary.reasons), attempts: try p.int("attempts"))
    }

    public var summary: String { "\(reason) after \(attempts) quotes" }
}
