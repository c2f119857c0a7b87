import CanonicalJSON

/// One fact of a run: when it happened (virtual seconds since midnight of the service date),
/// which restaurant and booking it concerns, and what happened. Events are the only way the run's
/// state changes (`RunState.apply`); each type's payload, name and stored form live in its own
/// file under `Types/`.
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

    /// The canonical payload text (docs/events.md).
    public func payloadText(using writer: inout JSONWriter) -> String {
        writer.removeAll()
        body.writePayload(into: &writer)
        return writer.string
    }
}

/// Every kind of event, each a past-tense fact. The switches below are exhaustive on purpose:
/// a new case does not compile until it is named in each of them.
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
    case engineFailed(EngineFailed)
    case changeSeeded(ChangeSeeded)
    case editRequested(EditRequested)
    case editConfirmed(EditConfirmed)
    case editFailed(EditFailed)
    case bookingCancelled(BookingCancelled)

    public var eventType: EventType {
        switch self {
        case .runStarted: .runStarted
        case .restaurantSeeded: .restaurantSeeded
        case .tableSeeded: .tableSeeded
        case .adjacencySeeded: .adjacencySeeded
        case .bookingSeeded: .bookingSeeded
        case .bookingCreated: .bookingCreated
        case .bookingRefused: .bookingRefused
        case .quoteIssued: .quoteIssued
        case .coverageMeasured: .coverageMeasured
        case .holdPlaced: .holdPlaced
        case .conflictDetected: .conflictDetected
        case .holdReleased: .holdReleased
        case .holdExpired: .holdExpired
        case .assignmentConfirmed: .assignmentConfirmed
        case .bookingFailed: .bookingFailed
        case .iterationCompleted: .iterationCompleted
        case .runCompleted: .runCompleted
        case .engineFailed: .engineFailed
        case .changeSeeded: .changeSeeded
        case .editRequested: .editRequested
        case .editConfirmed: .editConfirmed
        case .editFailed: .editFailed
        case .bookingCancelled: .bookingCancelled
        }
    }

    /// The payload as its own type (for what every payload offers: `summary`, `encode`).
    public var payload: any EventPayload {
        switch self {
        case .runStarted(let payload): payload
        case .restaurantSeeded(let payload): payload
        case .tableSeeded(let payload): payload
        case .adjacencySeeded(let payload): payload
        case .bookingSeeded(let payload): payload
        case .bookingCreated(let payload): payload
        case .bookingRefused(let payload): payload
        case .quoteIssued(let payload): payload
        case .coverageMeasured(let payload): payload
        case .holdPlaced(let payload): payload
        case .conflictDetected(let payload): payload
        case .holdReleased(let payload): payload
        case .holdExpired(let payload): payload
        case .assignmentConfirmed(let payload): payload
        case .bookingFailed(let payload): payload
        case .iterationCompleted(let payload): payload
        case .runCompleted(let payload): payload
        case .engineFailed(let payload): payload
        case .changeSeeded(let payload): payload
        case .editRequested(let payload): payload
        case .editConfirmed(let payload): payload
        case .editFailed(let payload): payload
        case .bookingCancelled(let payload): payload
        }
    }

    /// The stored `type`.
    public var type: String { eventType.name }

    /// True for the events that carry the run's inputs.
    public var isInput: Bool { eventType.isInput }

    /// Writes the payload object. Switched here rather than through `payload`, so the hot path
    /// of recording boxes nothing.
    public func writePayload(into writer: inout JSONWriter) {
        writer.beginObject()
        switch self {
        case .runStarted(let payload): payload.encode(into: &writer)
        case .restaurantSeeded(let payload): payload.encode(into: &writer)
        case .tableSeeded(let payload): payload.encode(into: &writer)
        case .adjacencySeeded(let payload): payload.encode(into: &writer)
        case .bookingSeeded(let payload): payload.encode(into: &writer)
        case .bookingCreated(let payload): payload.encode(into: &writer)
        case .bookingRefused(let payload): payload.encode(into: &writer)
        case .quoteIssued(let payload): payload.encode(into: &writer)
        case .coverageMeasured(let payload): payload.encode(into: &writer)
        case .holdPlaced(let payload): payload.encode(into: &writer)
        case .conflictDetected(let payload): payload.encode(into: &writer)
        case .holdReleased(let payload): payload.encode(into: &writer)
        case .holdExpired(let payload): payload.encode(into: &writer)
        case .assignmentConfirmed(let payload): payload.encode(into: &writer)
        case .bookingFailed(let payload): payload.encode(into: &writer)
        case .iterationCompleted(let payload): payload.encode(into: &writer)
        case .runCompleted(let payload): payload.encode(into: &writer)
        case .engineFailed(let payload): payload.encode(into: &writer)
        case .changeSeeded(let payload): payload.encode(into: &writer)
        case .editRequested(let payload): payload.encode(into: &writer)
        case .editConfirmed(let payload): payload.encode(into: &writer)
        case .editFailed(let payload): payload.encode(into: &writer)
        case .bookingCancelled(let payload): payload.encode(into: &writer)
        }
        writer.endObject()
    }
}
