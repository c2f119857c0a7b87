import Allocation

/// Holds and assignments: placed, refused by a conflict, released, expired, confirmed.
extension RunState {
    mutating func apply(_ payload: HoldPlaced, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try pendingBookingPosition(of: event, seq: seq, allowingEdit: true)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[bookingIndex]
        guard holds[payload.hold] == nil else {
            throw violation(seq, .uniqueHold, "hold \(payload.hold) placed twice", bookings: [booking.id])
        }
        let set = try tableSet(payload.tables, restaurant: restaurantIndex, seq: seq)
        guard let window = booking.workingWindow, window.startMinute == payload.startMinute,
            window.endMinute == payload.endMinute
        else {
            throw violation(
                seq, .bookingWindow, "hold window differs from the booking's", bookings: [booking.id],
                tables: payload.tables)
        }
        guard restaurants[restaurantIndex].floor.capacity(of: set) >= booking.workingPartySize else {
            throw violation(
                seq, .coversParty,
                "tables seat \(restaurants[restaurantIndex].floor.capacity(of: set)) for a party of \(booking.workingPartySize)",
                bookings: [booking.id], tables: payload.tables)
        }
        let ttl = holdTTLSeconds
        guard payload.expiresAt > event.at, payload.expiresAt <= event.at + ttl else {
            throw violation(
                seq, .holdTTL, "hold expires at \(payload.expiresAt) s, placed at \(event.at) s with a TTL of \(ttl) s",
                bookings: [booking.id], tables: payload.tables)
        }
        try checkStrategy(payload.strategy, set: set, restaurant: restaurantIndex, booking: booking.id, seq: seq)
        try checkNoOverlap(
            set, restaurant: restaurantIndex, start: payload.startMinute, end: payload.endMinute,
            ignoring: booking.edit == nil ? [] : booking.assignment.map { [$0] } ?? [], booking: booking.id, seq: seq)
        holds[payload.hold] = HoldState(
            id: payload.hold, booking: booking.id, restaurant: restaurants[restaurantIndex].slug,
            tables: payload.tables,
            startMinute: payload.startMinute, endMinute: payload.endMinute, expiresAt: payload.expiresAt,
            strategy: payload.strategy)
        activeHoldIDs.append(payload.hold)
        restaurants[restaurantIndex].occupy(
            Occupancy.Occupation(
                kind: .hold, id: payload.hold, booking: booking.id, startMinute: payload.startMinute,
                endMinute: payload.endMinute, expiresAt: payload.expiresAt), on: set)
        bookings[bookingIndex].holds += 1
        holdsPlaced += 1
        restaurants[restaurantIndex].metrics.apply(payload)
    }

    mutating func apply(_ payload: ConflictDetected, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try bookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        bookings[bookingIndex].conflicts += 1
        let window = bookings[bookingIndex].workingWindow
        switch payload.kind {
        case RejectionReason.holdConflict.rawValue, RejectionReason.confirmConflict.rawValue: break
        default:
            throw violation(
                seq, .conflictKind, "unknown conflict kind \(payload.kind)", bookings: [bookings[bookingIndex].id])
        }
        restaurants[restaurantIndex].metrics.apply(payload)
        restaurants[restaurantIndex].timeline.apply(
            payload, booking: bookings[bookingIndex].id, startMinute: window?.startMinute ?? 0,
            endMinute: window?.endMinute ?? 0, at: event.at)
    }

    /// Ends a live hold (released or expired); returns its restaurant's position.
    private mutating func endHold(_ id: String, event: Event, seq: Int, outcome: String, expired: Bool)
        throws(InvariantViolation) -> Int
    {
        guard let hold = holds[id], activeHoldIDs.contains(id) else {
            throw violation(seq, .liveHold, "hold \(id) is not live", bookings: event.booking.map { [$0] } ?? [])
        }
        guard hold.booking == event.booking, hold.restaurant == event.restaurant else {
            throw violation(seq, .liveHold, "hold \(id) belongs to \(hold.booking)", bookings: [hold.booking])
        }
        if expired && hold.expiresAt > event.at {
            throw violation(
                seq, .holdTTL, "hold \(id) expired at \(event.at) s, before its expiry \(hold.expiresAt) s",
                bookings: [hold.booking])
        }
        try removeHold(hold, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        restaurants[restaurantIndex].timeline.endHold(hold, outcome: outcome)
        return restaurantIndex
    }

    mutating func removeHold(_ hold: HoldState, seq: Int) throws(InvariantViolation) {
        guard let restaurantIndex = self.restaurantIndex[hold.restaurant] else {
            throw violation(seq, .knownRestaurant, "hold of an unknown restaurant")
        }
        let set = try tableSet(hold.tables, restaurant: restaurantIndex, seq: seq)
        restaurants[restaurantIndex].vacate(id: hold.id, from: set)
        activeHoldIDs.removeAll { $0 == hold.id }
        holds[hold.id] = nil
    }

    mutating func apply(_ payload: AssignmentConfirmed, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try pendingBookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[bookingIndex]
        guard let hold = holds[payload.hold], hold.booking == booking.id, hold.tables == payload.tables,
            hold.startMinute == payload.startMinute, hold.endMinute == payload.endMinute
        else {
            throw violation(
                seq, .confirmOwnHold, "assignment \(payload.assignment) does not match a live hold of \(booking.id)",
                bookings: [booking.id], tables: payload.tables)
        }
        guard booking.assignment == nil, assignments[payload.assignment] == nil else {
            throw violation(
                seq, .oneAssignment, "booking \(booking.id) already has an assignment", bookings: [booking.id])
        }
        try checkInsideService(
            booking.resolvedWindow, restaurant: restaurantIndex, booking: booking.id, tables: payload.tables, seq: seq)
        let set = try tableSet(payload.tables, restaurant: restaurantIndex, seq: seq)
        try checkNoOverlap(
            set, restaurant: restaurantIndex, start: payload.startMinute, end: payload.endMinute,
            ignoring: [payload.hold], booking: booking.id, seq: seq)
        try removeHold(hold, seq: seq)
        addAssignment(
            AssignmentState(
                id: payload.assignment, booking: booking.id, restaurant: restaurants[restaurantIndex].slug,
                tables: payload.tables, startMinute: payload.startMinute, endMinute: payload.endMinute),
            on: set, restaurant: restaurantIndex)
        bookings[bookingIndex].status = .confirmed
        bookings[bookingIndex].decidedSeq = seq
        restaurants[restaurantIndex].bookingChanges += 1
        bookings[bookingIndex].assignment = payload.assignment
        bookings[bookingIndex].tables = payload.tables
        bookings[bookingIndex].strategy = hold.strategy
        restaurants[restaurantIndex].metrics.apply(payload)
    }

    /// `insideService`: a window, resolved, lies inside its service period.
    func checkInsideService(
        _ window: BookingWindow?, restaurant restaurantIndex: Int, booking: String, tables: [String], seq: Int
    ) throws(InvariantViolation) {
        guard let window,
            let service = restaurants[restaurantIndex].restaurant.services.first(where: { $0.name == window.service }),
            window.seatingEndMinute <= service.endMinute, window.startMinute >= service.startMinute
        else {
            throw violation(
                seq, .insideService, "assignment of \(booking) lies outside its service period", bookings: [booking],
                tables: tables)
        }
    }

    /// A new assignment on the floor (a confirm, or an edit's).
    mutating func addAssignment(_ assignment: AssignmentState, on set: TableSet, restaurant restaurantIndex: Int) {
        assignments[assignment.id] = assignment
        assignmentIDs.append(assignment.id)
        restaurants[restaurantIndex].assignmentIDs.append(assignment.id)
        assignmentsMade += 1
        restaurants[restaurantIndex].occupy(
            Occupancy.Occupation(
                kind: .assignment, id: assignment.id, booking: assignment.booking,
                startMinute: assignment.startMinute, endMinute: assignment.endMinute, expiresAt: nil), on: set)
    }

    /// An assignment taken off the floor (a booking moved by an edit, or cancelled).
    mutating func removeAssignment(_ assignment: AssignmentState, restaurant restaurantIndex: Int, seq: Int)
        throws(InvariantViolation)
    {
        let set = try tableSet(assignment.tables, restaurant: restaurantIndex, seq: seq)
        restaurants[restaurantIndex].vacate(id: assignment.id, from: set)
        assignments[assignment.id] = nil
        assignmentIDs.removeAll { $0 == assignment.id }
        restaurants[restaurantIndex].assignmentIDs.removeAll { $0 == assignment.id }
    }

    mutating func apply(_ payload: HoldReleased, of event: Event, seq: Int) throws(InvariantViolation) {
        let restaurantIndex = try endHold(payload.hold, event: event, seq: seq, outcome: payload.reason, expired: false)
        restaurants[restaurantIndex].metrics.apply(payload)
    }

    mutating func apply(_ payload: HoldExpired, of event: Event, seq: Int) throws(InvariantViolation) {
        let restaurantIndex = try endHold(payload.hold, event: event, seq: seq, outcome: "expired", expired: true)
        restaurants[restaurantIndex].metrics.apply(payload)
    }
}
