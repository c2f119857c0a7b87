/// How many examined table sets each reason removed from a quote. Fixed fields, written in this
/// order, so the counts encode the same way every time.
public struct RejectionCounts: Equatable, Sendable {
    public var capacity = 0
    public var spareSeats = 0
    public var notAdjacent = 0
    public var booked = 0
    public var held = 0
    public var inactive = 0

    public init() {}

    /// (reason, count) in the fixed order.
    public var entries: [(reason: RejectionReason, count: Int)] {
        [
            (.capacity, capacity), (.spareSeats, spareSeats), (.notAdjacent, notAdjacent),
            (.booked, booked), (.held, held), (.inactive, inactive)
        ]
    }

    public mutating func add(_ reason: RejectionReason) {
        switch reason {
        case .capacity: capacity += 1
        case .spareSeats: spareSeats += 1
        case .notAdjacent: notAdjacent += 1
        case .booked: booked += 1
        case .held: held += 1
        case .inactive: inactive += 1
        default: break
        }
    }
}
