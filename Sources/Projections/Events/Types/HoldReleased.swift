import CanonicalJSON

public struct HoldReleased: Equatable, Sendable {
    public var hold: String
    /// `conflict` (confirm refused), `cleanup` (stale at an iteration boundary), `abandoned`.
    public var reason: String
    public init(hold: String, reason: String) {
        self.hold = hold
        self.reason = reason
    }
}

extension HoldReleased: EventPayload {
    public static let type = "hold.released"
    public var body: EventBody { .holdReleased(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("hold", hold)
        writer.field("reason", reason)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> HoldReleased {
        HoldReleased(hold: try cursor.string("hold"), reason: try cursor.string("reason", in: EventVocabulary.reasons))
    }

    public var summary: String { "\(hold) released: \(reason)" }
}
