/// Why a booking, a window or a candidate table set was refused. Stable raw values: they are
/// written into events, so a published case is never renamed or reused.
public enum RejectionReason: String, CaseIterable, Sendable {
    // A booking's window.
    /// The start is in no service period.
    case outsideService = "outside_service"
    /// The seating would end after its service ends (the original clamped; we refuse).
    case serviceWindowOverrun = "service_window_overrun"

    // A candidate table set (counted in a quote).
    /// A single table whose min...max covers does not fit the party.
    case capacity
    /// More spare seats than the restaurant's `maxOverage`.
    case spareSeats = "spare_seats"
    /// The strategy needs adjacency and the set is not connected.
    case notAdjacent = "not_adjacent"
    /// A table has an overlapping assignment.
    case booked
    /// A table has an overlapping, unexpired hold of another booking.
    case held
    /// A table is inactive.
    case inactive

    // A booking's outcome.
    /// No table or combination of the restaurant could ever seat the party.
    case noTableFits = "no_table_fits"
    /// Sets that fit exist, but every one is taken at that time.
    case tablesOccupied = "tables_occupied"
    /// The hold was refused: another booking held or had the tables first.
    case holdConflict = "hold_conflict"
    /// The confirm found the tables taken since the hold.
    case confirmConflict = "confirm_conflict"
    /// Create-with-capacity-check refused the booking (reserve mode).
    case noCapacity = "no_capacity"
    /// An outside engine answered the quote with an error (engine protocol).
    case engineError = "engine_error"
    /// The built-in search stopped at its budget before it found a set (`Allocator.searchBudget`):
    /// not a finding about the floor (capture format 3).
    case searchLimit = "search_limit"
    /// An outside engine offered nothing while the coverage oracle found sets its own rules allow
    /// (capture format 5): the engine's miss, not the floor's (`tables_occupied` and
    /// `no_table_fits` say the floor had nothing).
    case engineMissed = "engine_missed"
    /// An outside engine offered nothing and every feasible set is one a rule it declared
    /// excludes (capture format 5).
    case declaredRule = "declared_rule"
}
