import Allocation

/// The state of a run, folded from its events. `apply` is the only thing that changes it, and
/// both the live run and every replay call it, so they cannot disagree silently. Every event is
/// checked against the domain's invariants (`Invariant`) as it is applied.
///
/// This file holds the storage, the look-ups and the dispatcher; each event type has one apply
/// handler, grouped by concern: `RunState+Seeding.swift`, `RunState+Bookings.swift`,
/// `RunState+Holds.swift` (holds and assignments), `RunState+Changes.swift` (edits and cancellations),
/// `RunState+Completion.swift`.
///
/// Ordered arrays hold everything that reaches an output; dictionaries are used only to look up.
public struct RunState: Sendable, Equatable {
    public internal(set) var options: RunStarted?
    public internal(set) var restaurants: [RestaurantState] = []
    public internal(set) var bookings: [BookingState] = []
    public internal(set) var holds: [String: HoldState] = [:]
    /// Live holds in the order they were placed.
    public internal(set) var activeHoldIDs: [String] = []
    public internal(set) var assignments: [String: AssignmentState] = [:]
    /// Confirmed assignments in order.
    public internal(set) var assignmentIDs: [String] = []
    public internal(set) var lastSeq = 0
    public internal(set) var now = 0
    public internal(set) var holdsPlaced = 0
    public internal(set) var assignmentsMade = 0
    public internal(set) var completed: RunCompleted?
    /// The scenario's scheduled changes (`change.seeded`, format 7), in seeded order.
    public internal(set) var changes: [ScheduledChange] = []
    /// Why the outside engine ended the run, when it did.
    public internal(set) var engineFailure: EngineFailed?
    /// True from the first event that is not an input: seeding is over.
    public internal(set) var allocationStarted = false
    // Copies of options read on every event (reading `options` copies the whole struct).
    /// The service date's seeded bookings are allocated in this run (assign mode, or reserve
    /// mode with `prefill: assign`); otherwise they are only sources of clones.
    var decidesDayBookings = false
    /// Reserve mode with `prefill: real`: the bookings seeded with tables of the real floor are in
    /// the run, seated there first (format 6).
    var seatsRealFloor = false
    var serviceDate = ""
    var holdTTLSeconds = 0
    /// Positions in `restaurants` and `bookings` by id: for look-ups only (never iterated, so no
    /// output depends on their order). Readable so that a caller holding the state behind an
    /// accessor can look up in place: calling a method on the state there copies it whole first.
    public internal(set) var restaurantIndex: [String: Int] = [:]
    public internal(set) var bookingIndex: [String: Int] = [:]

    public init() {}

    // MARK: Look-ups

    public func restaurant(_ slug: String) -> RestaurantState? { restaurantIndex[slug].map { restaurants[$0] } }
    public func booking(_ id: String) -> BookingState? { bookingIndex[id].map { bookings[$0] } }
    public func restaurantPosition(_ slug: String) -> Int? { restaurantIndex[slug] }
    public func bookingPosition(_ id: String) -> Int? { bookingIndex[id] }

    /// Figures of every restaurant together.
    public var overall: RestaurantMetrics {
        var total = RestaurantMetrics(slug: "all")
        for restaurant in restaurants { total.add(restaurant.metrics) }
        total.tablesUsed.sort()
        return total
    }

    /// The summary `run.completed` should carry at this point, `events` events in.
    public func summary(events: Int) -> RunCompleted {
        let total = overall
        return RunCompleted(
            bookings: total.bookings, confirmed: total.confirmed, failed: total.failed, refused: total.refused,
            quotes: total.quotes, holds: total.holds, conflicts: total.conflicts, events: events)
    }

    // MARK: Applying

    /// Applies one event, or throws the invariant it breaks. After a violation the state is
    /// not to be used further: the run or replay stops there (copying the state per event to
    /// roll back would make every fold quadratic).
    public mutating func apply(_ event: Event, seq: Int) throws(InvariantViolation) {
        guard seq == lastSeq + 1 else { throw violation(seq, .gapless, "expected event \(lastSeq + 1)") }
        guard event.at >= now else { throw violation(seq, .clockMonotonic, "time \(event.at) s is before \(now) s") }
        if case .runStarted = event.body {
        } else if options == nil {
            throw violation(seq, .runStartedFirst, "the first event must be run.started")
        }
        if completed != nil { throw violation(seq, .nothingAfterCompletion, "event after run.completed") }
        if engineFailure != nil { throw violation(seq, .nothingAfterCompletion, "event after engine.failed") }
        try checkHoldLifetimes(at: event.at, seq: seq)
        lastSeq = seq
        now = event.at
        if !event.body.isInput && !allocationStarted {
            allocationStarted = true
            for index in restaurants.indices { restaurants[index].indexFloor() }
        }
        switch event.body {
        case .runStarted(let payload): try apply(payload, seq: seq)
        case .restaurantSeeded(let payload): try apply(payload, of: event, seq: seq)
        case .tableSeeded(let payload): try apply(payload, of: event, seq: seq)
        case .adjacencySeeded(let payload): try apply(payload, of: event, seq: seq)
        case .bookingSeeded(let payload): try apply(payload, of: event, seq: seq)
        case .bookingCreated(let payload): try apply(payload, of: event, seq: seq)
        case .bookingRefused(let payload): try apply(payload, of: event, seq: seq)
        case .quoteIssued(let payload): try apply(payload, of: event, seq: seq)
        case .coverageMeasured(let payload): try apply(payload, of: event, seq: seq)
        case .holdPlaced(let payload): try apply(payload, of: event, seq: seq)
        case .conflictDetected(let payload): try apply(payload, of: event, seq: seq)
        case .holdReleased(let payload): try apply(payload, of: event, seq: seq)
        case .holdExpired(let payload): try apply(payload, of: event, seq: seq)
        case .assignmentConfirmed(let payload): try apply(payload, of: event, seq: seq)
        case .bookingFailed(let payload): try apply(payload, of: event, seq: seq)
        case .iterationCompleted(let payload): try apply(payload, of: event, seq: seq)
        case .runCompleted(let payload): try apply(payload, seq: seq)
        case .engineFailed(let payload): apply(payload)
        case .changeSeeded(let payload): try apply(payload, of: event, seq: seq)
        case .editRequested(let payload): try apply(payload, of: event, seq: seq)
        case .editConfirmed(let payload): try apply(payload, of: event, seq: seq)
        case .editFailed(let payload): try apply(payload, of: event, seq: seq)
        case .bookingCancelled(let payload): try apply(payload, of: event, seq: seq)
        }
    }

    func violation(_ seq: Int, _ invariant: Invariant, _ detail: String, bookings: [String] = [], tables: [String] = [])
        -> InvariantViolation
    {
        InvariantViolation(seq: seq, invariant: invariant, detail: detail, bookings: bookings, tables: tables)
    }
}
