import Allocation
import CanonicalJSON

/// A change the scenario schedules for one of its bookings (`changes`, capture format 7): at a
/// time of the service day, an edit to a new party and/or start, or a cancellation. An input:
/// `replay run` rebuilds the scenario's `changes` from these, in their order.
public struct ChangeSeeded: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case edit
        case cancel
    }

    /// Minutes since midnight of the service date when the guest asks.
    public var atMinute: Int
    public var kind: Kind
    /// The new party (an edit that changes it), else nil.
    public var partySize: Int?
    /// The new start (an edit that moves it), else nil.
    public var startMinute: Int?

    public init(atMinute: Int, kind: Kind, partySize: Int? = nil, startMinute: Int? = nil) {
        self.atMinute = atMinute
        self.kind = kind
        self.partySize = partySize
        self.startMinute = startMinute
    }
}

extension ChangeSeeded: EventPayload {
    public static let type = "change.seeded"
    public static let isInput = true
    public var body: EventBody { .changeSeeded(self) }

    static let kinds = PayloadCursor.Vocabulary(Kind.allCases.map(\.rawValue))

    public func encode(into writer: inout JSONWriter) {
        writer.field("at_minute", atMinute)
        writer.field("kind", kind.rawValue)
        writer.field("party", partySize)
        writer.field("start_minute", startMinute)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> ChangeSeeded {
        let atMinute = try cursor.int("at_minute", in: EventBounds.minute)
        let kind = Kind(rawValue: try cursor.string("kind", in: kinds)) ?? .edit
        return ChangeSeeded(
            atMinute: atMinute, kind: kind, partySize: try cursor.optionalInt("party", in: EventBounds.party),
            startMinute: try cursor.optionalInt("start_minute", in: EventBounds.minute))
    }

    public var summary: String {
        switch kind {
        case .cancel: "at \(ClockText.minutes(atMinute)): cancel"
        case .edit:
            "at \(ClockText.minutes(atMinute)): edit to"
                + (partySize.map { " party \($0)" } ?? "")
                + (startMinute.map { " start \(ClockText.minutes($0))" } ?? "")
        }
    }
}
