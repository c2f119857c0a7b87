import CanonicalJSON

public struct HoldExpired: Equatable, Sendable {
    public var hold: String
    public init(hold: String) { self.hold = hold }
}

extension HoldExpired: EventPayload {
    public static let type = "hold.expired"
    public var body: EventBody { .holdExpired(self) }

    public func encode(into writer: inout JSONWriter) { writer.field("hold", hold) }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> HoldExpired {
        HoldExpired(hold: try cursor.string("hold"))
    }

    public var summary: String { "\(hold) expired" }
}
