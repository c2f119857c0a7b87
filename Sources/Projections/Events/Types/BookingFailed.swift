import Allocation
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

    public func encode(into writer: inout JSONWriter) {
        writer.field("reason", reason)
        writer.field("attempts", attempts)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingFailed {
        BookingFailed(
            reason: try cursor.string("reason", in: EventVocabulary.reasons),
            attempts: try cursor.int("attempts", in: EventBounds.count))
    }

    public var summary: String { "\(reason) after \(Counted.text(attempts, "quote"))" }
}
