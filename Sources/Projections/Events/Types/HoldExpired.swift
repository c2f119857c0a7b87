import CanonicalJSON

public struct HoldExpired: Equatable, Sendable {
    public var hold: String
    public init(hold: String) { self.hold = hold }
}

extension HoldExpired: EventPayload {
    public static let type = "hold.expired"
    public var body: EventBody { .holdExpired(self) }

    public func encode(into w: inout JSONWriter) { w.field("hold", hold) }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> HoldExpired {
        HoldExpired(hold: try p.string("hold"))
    }

    public var summary: String { "\(hold) expired" }
}
