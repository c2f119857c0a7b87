/// The rules every event must keep, checked by `RunState.apply` as it folds each one (in the live
/// run and in every replay alike). The raw value is the stable name shown in messages and in
/// docs/events.md. Each case says what it guards; the check sits in the apply handler of the
/// event that could break it (`RunState+*.swift`), or in `RunState+Invariants.swift` when
/// several handlers share it.
public enum Invariant: String, CaseIterable, Sendable {
    // The log itself (RunState.swift).
    /// Events are numbered 1, 2, 3, ... with no gap.
    case gapless
    /// Virtual time never goes backwards.
    case clockMonotonic = "clock-monotonic"
    /// `run.started` is event 1, and nothing comes before it.
    case runStartedFirst = "run-started-first"
    /// Nothing follows `run.completed` or `engine.failed`.
    case nothingAfterCompletion = "nothing-after-completion"

    // Seeding (RunState+Seeding.swift).
    /// Seed events come before any allocation event.
    case seedFirst = "seed-first"
    /// A restaurant is seeded once, with a slug.
    case uniqueRestaurant = "unique-restaurant"
    /// A table id is seeded once per restaurant.
    case uniqueTable = "unique-table"
    /// A restaurant has at most `TableSet.capacity` tables.
    case tableLimit = "table-limit"
    /// A booking id is seeded, created or refused once, with an id.
    case uniqueBooking = "unique-booking"

    // References (RunState+Invariants.swift).
    /// An event names a seeded restaurant.
    case knownRestaurant = "known-restaurant"
    /// An event names a booking of its restaurant.
    case knownBooking = "known-booking"
    /// Tables named by adjacency, holds and assignments exist, without repeats.
    case knownTable = "known-table"
    /// Quotes, holds, confirmations and failures concern a pending booking.
    case bookingPending = "booking-pending"

    // Quotes and holds (RunState+Bookings.swift, RunState+Holds.swift).
    /// A booking's quotes are numbered 1, 2, 3, ...
    case attemptCount = "attempt-count"
    /// Quotes and holds use the booking's own window.
    case bookingWindow = "booking-window"
    /// No table is in two holds or assignments whose windows overlap.
    case noOverlap = "no-overlap"
    /// A combination obeys its strategy: a known label, one zone, at most maxTables, connected when adjacency is required.
    case strategy
    /// A hold's or assignment's tables seat the party.
    case coversParty = "covers-party"
    /// A hold id is placed once.
    case uniqueHold = "unique-hold"
    /// No hold outlives its TTL, expires early, or is placed with a longer one.
    case holdTTL = "hold-ttl"
    /// A conflict is `hold_conflict` or `confirm_conflict`.
    case conflictKind = "conflict-kind"
    /// Only a live hold of the event's own booking is released or expires.
    case liveHold = "live-hold"

    // Assignments and outcomes (RunState+Holds.swift, RunState+Completion.swift).
    /// An assignment confirms a live hold of the same booking, tables and window.
    case confirmOwnHold = "confirm-own-hold"
    /// A confirmed booking has exactly one assignment.
    case oneAssignment = "one-assignment"
    /// An assignment lies inside its service period.
    case insideService = "inside-service"
    /// A failed booking, and a completed run, leave no live hold behind.
    case noHoldLeftBehind = "no-hold-left-behind"
    /// Every booking is decided (confirmed, failed, refused or cancelled), and no edit is under way, at completion.
    case allDecided = "all-decided"

    // Changes (RunState+Changes.swift, format 7).
    /// An edit is asked only of a seated booking that is not already being edited.
    case editOfSeated = "edit-of-seated"
    /// An edit ends once, either replacing the booking's assignment (`edit.confirmed`, naming the
    /// old tables) or keeping it as it was (`edit.failed`, naming the tables it keeps).
    case editEnds = "edit-ends"
    /// Only a pending or seated booking is cancelled, and its cancellation frees exactly its assignment's tables.
    case cancelFrees = "cancel-frees"
    /// `run.completed` carries the figures the events add up to.
    case summary
}
