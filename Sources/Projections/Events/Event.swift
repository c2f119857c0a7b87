#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One fact of a run: when it happened (virtual seconds since midnight of the service date),
/// which restaurant and booking it concerns, and what happened. Events are the only way the run's
/// state changes (`RunState.apply`); `Event+Encoding.swift` is their one stored form.
public struct Event: Equatable, Sendable {
    public var at: Int
    public var restaurant: String?
    public var booking: String?
    public var body: EventBody

    public init(at: Int, restaurant: String? = nil, booking: String? = nil, _ body: EventBody) {
        self.at = at
        self.restaurant = restaurant
        self.booking = booking
        self.body = body
    }
}

/// Every kind of event, each a past-tense fact with a stable dotted name (docs/events.md).
public enum EventBody: Equatable, Sendable {
    case runStarted(RunStarted)
    case restaurantSeeded(RestaurantSeeded)
    case tableSeeded(TableSeeded)
    case adjacencySeeded(AdjacencySeeded)
    case bookingSeeded(BookingSeeded)
    case bookingCreated(BookingCreated)
    case bookingRefused(BookingRefused)
    case quoteIssued(QuoteIssued)
    case coverageMeasured(CoverageMeasured)
    case holdPlaced(HoldPlaced)
    case conflictDetected(ConflictDetected)
    case holdReleased(HoldReleased)
    case holdExpired(HoldExpired)
    case assignmentConfirmed(AssignmentConfirmed)
    case bookingFailed(BookingFailed)
    case iterationCompleted(IterationCompleted)
    case runCompleted(RunCompleted)

    /// The stored `type`.
    public var type: String {
        switch self {
        case .runStarted: "run.started"
        case .restaurantSeeded: "restaurant.seeded"
        case .tableSeeded: "table.seeded"
        case .adjacencySeeded: "adjacency.seeded"
        case .bookingSeeded: "booking.seeded"
        case .bookingCreated: "booking.created"
        case .bookingRefused: "booking.refused"
        case .quoteIssued: "quote.issued"
        case .coverageMeasured: "coverage.measured"
        case .holdPlaced: "hold.placed"
        case .conflictDetected: "conflict.detected"
        case .holdReleased: "hold.released"
        case .holdExpired: "hold.expired"
        case .assignmentConfirmed: "assignment.confirmed"
        case .bookingFailed: "booking.failed"
        case .iterationCompleted: "iteration.completed"
        case .runCompleted: "run.completed"
        }
    }

    /// Every stored `type`, in the order of the cases.
    public static let allTypes = [
        "run.started", "restaurant.seeded", "table.seeded", "adjacency.seeded", "booking.seeded", "booking.created",
        "booking.refused", "quote.issued", "coverage.measured", "hold.placed", "conflict.detected", "hold.released",
        "hold.expired", "assignment.confirmed", "booking.failed", "iteration.completed", "run.completed",
    ]
    private static let allTypeBytes = allTypes.map { Array($0.utf8) }

    /// The static name of a known type given as bytes (nil for anything else): reading a capture
    /// then builds no String per event for its type.
    public static func knownType(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for (index, name) in allTypeBytes.enumerated() where name.count == bytes.count {
            let equal = name.withUnsafeBufferPointer { name in
                guard let a = name.baseAddress, let b = bytes.baseAddress else { return name.isEmpty }
                return memcmp(a, b, name.count) == 0
            }
            if equal { return allTypes[index] }
        }
        return nil
    }

    /// True for the events that carry the run's inputs (options and seed).
    public var isInput: Bool {
        switch self {
        case .runStarted, .restaurantSeeded, .tableSeeded, .adjacencySeeded, .bookingSeeded: true
        default: false
        }
    }
}
