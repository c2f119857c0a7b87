/// What the floor timeline of a report draws beyond assignments: holds that ended without one,
/// and conflicts. A projection of its own, folded beside the state by `RunState`'s handlers.
public struct RestaurantTimeline: Sendable, Equatable {
    /// Holds that ended without an assignment, in order.
    public private(set) var endedHolds: [EndedHold] = []
    /// Conflicts, in order.
    public private(set) var conflicts: [ConflictMark] = []

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
