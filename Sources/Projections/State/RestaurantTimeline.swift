/// What the floor timeline of a report draws beyond assignments: holds that ended without one,
/// and conflicts. A projection of its own, folded beside the state by `RunState`'s handlers.
public struct RestaurantTimeline: Sendable, Equatable {
    /// Holds that ended without an assignment, in order.
    public private(set) var endedHolds: [EndedHold] = []
    /// Conflicts, in order.
    public private(set) var conflicts: [ConflictMark] = []
    /// Places a booking left: an edit that moved it, or a cancellation (format 7), in order.
    public private(set) var leftPlaces: [LeftPlace] = []

    /// An assignment a booking left: `moved` by an edit, or `cancelled`.
    mutating func leave(_ assignment: AssignmentState, outcome: LeftPlace.Outcome, at: Int) {
        leftPlaces.append(
            LeftPlace(
                booking: assignment.booking, assignment: assignment.id, tables: assignment.tables,
                startMinute: assignment.startMinute, endMinute: assignment.endMinute, outcome: outcome, at: at))
    }

    /// A conflict, marked on the tables and window its booking wanted.
    mutating func apply(_ payload: ConflictDetected, booking: String, startMinute: Int, endMinute: Int, at: Int) {
        conflicts.append(
            ConflictMark(
                booking: booking, kind: payload.kind, tables: payload.tables, with: payload.with,
                startMinute: startMinute, endMinute: endMinute, at: at))
    }

    /// A hold released or expired: `outcome` is `expired` or the release reason.
    mutating func endHold(_ hold: HoldState, outcome: String) {
        endedHolds.append(
            EndedHold(
                hold: hold.id, booking: hold.booking, tables: hold.tables, startMinute: hold.startMinute,
                endMinute: hold.endMinute, outcome: outcome))
    }
}
