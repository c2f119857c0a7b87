import Allocation

/// Changes to bookings (capture format 7): the scenario's scheduled changes, edits (asked,
/// served, failed) and cancellations. An edit never leaves its booking seated twice or not at
/// all: `edit.confirmed` replaces the old assignment with the new in one event, `edit.failed`
/// keeps the old one as it was.
extension RunState {
    mutating func apply(_ payload: ChangeSeeded, of event: Event, seq: Int) throws(InvariantViolation) {
        guard !allocationStarted else { throw violation(seq, .seedFirst, "seed event after allocation started") }
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let bookingIndex = try bookingPosition(of: event, seq: seq)
        changes.append(
            ScheduledChange(
                restaurant: restaurants[restaurantIndex].slug, booking: bookings[bookingIndex].id, change: payload))
        restaurants[restaurantIndex].metrics.scheduledChanges += 1
    }

    mutating func apply(_ payload: EditRequested, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try bookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[bookingIndex]
        guard booking.status == .confirmed, booking.assignment != nil, booking.edit == nil else {
            throw violation(
                seq, .editOfSeated,
                "booking \(booking.id) is \(booking.edit == nil ? booking.status.rawValue : "already being edited"), not seated",
                bookings: [booking.id])
        }
        let window = restaurants[restaurantIndex].restaurant.window(
            startMinute: payload.startMinute, partySize: payload.partySize, durationMinutes: booking.durationMinutes)
        bookings[bookingIndex].edit = BookingEdit(
            partySize: payload.partySize, startMinute: payload.startMinute, window: window, client: payload.client)
        bookings[bookingIndex].edits += 1
        restaurants[restaurantIndex].metrics.apply(payload)
    }

    /// The booking's open edit and its live assignment, or the `edit-ends` violation.
    private func openEdit(_ booking: BookingState, seq: Int) throws(InvariantViolation) -> (
        BookingEdit, AssignmentState
    ) {
        guard let edit = booking.edit, let id = booking.assignment, let assignment = assignments[id] else {
            throw violation(seq, .editEnds, "booking \(booking.id) has no edit under way", bookings: [booking.id])
        }
        return (edit, assignment)
    }

    mutating func apply(_ payload: EditConfirmed, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try bookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[bookingIndex]
        let (edit, old) = try openEdit(booking, seq: seq)
        guard let hold = holds[payload.hold], hold.booking == booking.id, hold.tables == payload.tables,
            hold.startMinute == payload.startMinute, hold.endMinute == payload.endMinute
        else {
            throw violation(
                seq, .confirmOwnHold, "edit of \(booking.id) does not match a live hold of it", bookings: [booking.id],
                tables: payload.tables)
        }
        guard payload.previous == old.tables else {
            throw violation(
                seq, .editEnds, "edit of \(booking.id) names \(payload.previous) as its old tables, not \(old.tables)",
                bookings: [booking.id], tables: payload.previous)
        }
        guard assignments[payload.assignment] == nil else {
            throw violation(seq, .oneAssignment, "assignment \(payload.assignment) made twice", bookings: [booking.id])
        }
        try checkInsideService(
            booking.workingWindow, restaurant: restaurantIndex, booking: booking.id, tables: payload.tables, seq: seq)
        let set = try tableSet(payload.tables, restaurant: restaurantIndex, seq: seq)
        try checkNoOverlap(
            set, restaurant: restaurantIndex, start: payload.startMinute, end: payload.endMinute,
            ignoring: [payload.hold, old.id], booking: booking.id, seq: seq)
        try removeHold(hold, seq: seq)
        try removeAssignment(old, restaurant: restaurantIndex, seq: seq)
        addAssignment(
            AssignmentState(
                id: payload.assignment, booking: booking.id, restaurant: restaurants[restaurantIndex].slug,
                tables: payload.tables, startMinute: payload.startMinute, endMinute: payload.endMinute),
            on: set, restaurant: restaurantIndex)
        bookings[bookingIndex].partySize = edit.partySize
        bookings[bookingIndex].startMinute = edit.startMinute
        bookings[bookingIndex].window = edit.window
        bookings[bookingIndex].edit = nil
        bookings[bookingIndex].lastEditOutcome = payload.kept ? "kept" : "moved"
        bookings[bookingIndex].assignment = payload.assignment
        bookings[bookingIndex].tables = payload.tables
        bookings[bookingIndex].strategy = hold.strategy
        restaurants[restaurantIndex].bookingChanges += 1
        restaurants[restaurantIndex].metrics.apply(payload)
        if !payload.kept {
            restaurants[restaurantIndex].timeline.leave(old, outcome: .moved, at: event.at)
        }
    }

    mutating func apply(_ payload: EditFailed, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try bookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[bookingIndex]
        let (_, old) = try openEdit(booking, seq: seq)
        try checkNoLiveHold(of: booking.id, "edit of \(booking.id) failed", seq: seq)
        guard payload.tables == old.tables else {
            throw violation(
                seq, .editEnds,
                "failed edit of \(booking.id) keeps \(payload.tables), its assignment is on \(old.tables)",
                bookings: [booking.id], tables: payload.tables)
        }
        bookings[bookingIndex].edit = nil
        bookings[bookingIndex].lastEditOutcome = "failed (\(payload.reason))"
        restaurants[restaurantIndex].metrics.apply(payload)
    }

    mutating func apply(_ payload: BookingCancelled, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try bookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[bookingIndex]
        guard booking.edit == nil, booking.status == .pending || booking.status == .confirmed else {
            throw violation(
                seq, .cancelFrees,
                "booking \(booking.id) is \(booking.edit == nil ? booking.status.rawValue : "being edited"): nothing to cancel",
                bookings: [booking.id])
        }
        try checkNoLiveHold(of: booking.id, "booking \(booking.id) cancelled", seq: seq)
        let assignment = booking.assignment.flatMap { assignments[$0] }
        guard payload.tables == (assignment?.tables ?? []) else {
            throw violation(
                seq, .cancelFrees,
                "cancellation of \(booking.id) frees \(payload.tables), its assignment holds \(assignment?.tables ?? [])",
                bookings: [booking.id], tables: payload.tables)
        }
        if let assignment {
            try removeAssignment(assignment, restaurant: restaurantIndex, seq: seq)
            restaurants[restaurantIndex].timeline.leave(assignment, outcome: .cancelled, at: event.at)
            restaurants[restaurantIndex].metrics.free(assignment)
        }
        if booking.status == .pending { bookings[bookingIndex].decidedSeq = seq }
        bookings[bookingIndex].status = .cancelled
        bookings[bookingIndex].assignment = nil
        restaurants[restaurantIndex].bookingChanges += 1
        restaurants[restaurantIndex].metrics.apply(payload)
    }
}

/// A change the scenario scheduled (`change.seeded`), in seeded order.
public struct ScheduledChange: Equatable, Sendable {
    public var restaurant: String
    public var booking: String
    public var change: ChangeSeeded
}
