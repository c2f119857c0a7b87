import Allocation

/// Checks that several apply handlers share: references to restaurants, bookings and tables,
/// hold lifetimes, overlap and strategy. Each throws the `Invariant` it guards.
extension RunState {
    /// `holdTTL`: by the time the clock passes a hold's expiry, it must have been expired or released.
    func checkHoldLifetimes(at time: Int, seq: Int) throws(InvariantViolation) {
        for id in activeHoldIDs {
            guard let hold = holds[id], hold.expiresAt < time else { continue }
            throw violation(
                seq, .holdTTL, "hold \(id) expired at \(hold.expiresAt) s but is still live at \(time) s",
                bookings: [hold.booking], tables: hold.tables)
        }
    }

    /// `knownRestaurant`: the position of the event's restaurant.
    func restaurantPosition(of event: Event, seq: Int) throws(InvariantViolation) -> Int {
        guard let slug = event.restaurant, let index = restaurantIndex[slug] else {
            throw violation(seq, .knownRestaurant, "unknown restaurant \(event.restaurant ?? "(none)")")
        }
        return index
    }

    /// `knownBooking`: the position of the event's booking, which belongs to the event's restaurant.
    func bookingPosition(of event: Event, seq: Int) throws(InvariantViolation) -> Int {
        guard let id = event.booking, let index = bookingIndex[id] else {
            throw violation(seq, .knownBooking, "unknown booking \(event.booking ?? "(none)")")
        }
        guard bookings[index].restaurant == event.restaurant else {
            throw violation(
                seq, .knownBooking, "booking \(bookings[index].id) belongs to \(bookings[index].restaurant)",
                bookings: [bookings[index].id])
        }
        return index
    }

    /// `bookingPending`: as `bookingPosition`, for a booking still pending (or, `allowingEdit`,
    /// a seated one with an edit under way: quotes and holds of the edit).
    func pendingBookingPosition(of event: Event, seq: Int, allowingEdit: Bool = false) throws(InvariantViolation)
        -> Int
    {
        let index = try bookingPosition(of: event, seq: seq)
        if allowingEdit && bookings[index].edit != nil { return index }
        guard bookings[index].status == .pending else {
            throw violation(
                seq, .bookingPending,
                "booking \(bookings[index].id) is \(bookings[index].status.rawValue), not pending",
                bookings: [bookings[index].id])
        }
        return index
    }

    /// `noHoldLeftBehind`: a booking that fails, ends an edit by failing, or is cancelled holds no
    /// live hold (`what` begins the message: "booking B1 failed").
    func checkNoLiveHold(of booking: String, _ what: String, seq: Int) throws(InvariantViolation) {
        if let live = activeHoldIDs.first(where: { holds[$0]?.booking == booking }) {
            throw violation(seq, .noHoldLeftBehind, "\(what) with hold \(live) still live", bookings: [booking])
        }
    }

    /// `knownTable`: the tables as an index set of the restaurant's floor.
    func tableSet(_ ids: [String], restaurant restaurantIndex: Int, seq: Int) throws(InvariantViolation) -> TableSet {
        guard !ids.isEmpty, let set = restaurants[restaurantIndex].floor.tableSet(ids: ids), set.count == ids.count
        else {
            throw violation(seq, .knownTable, "unknown or repeated tables", tables: ids)
        }
        return set
    }

    /// `noOverlap`: no table in two overlapping live holds or assignments.
    func checkNoOverlap(
        _ set: TableSet, restaurant restaurantIndex: Int, start: Int, end: Int, ignoring ownIDs: [String],
        booking: String, seq: Int
    ) throws(InvariantViolation) {
        let window = BookingWindow(startMinute: start, endMinute: end, seatingEndMinute: end, service: "")
        for index in set {
            for occupation in restaurants[restaurantIndex].occupancy.tables[index] where !ownIDs.contains(occupation.id)
            {
                guard window.overlaps(startMinute: occupation.startMinute, endMinute: occupation.endMinute) else {
                    continue
                }
                let table = restaurants[restaurantIndex].floor.tables[index].id
                throw violation(
                    seq, .noOverlap,
                    "table \(table) is in \(occupation.kind.rawValue) \(occupation.id) of \(occupation.booking) at an overlapping time",
                    bookings: [booking, occupation.booking], tables: [table])
            }
        }
    }

    /// `strategy`: a combination obeys its strategy: one zone, at most maxTables, connected when
    /// adjacency is required.
    func checkStrategy(_ label: String, set: TableSet, restaurant restaurantIndex: Int, booking: String, seq: Int)
        throws(InvariantViolation)
    {
        let floor = restaurants[restaurantIndex].floor
        let ids = floor.ids(of: set)
        // Seated where the restaurant placed it (`--prefill real`), only on a run that asked for it.
        if label == Strategy.realFloorLabel && seatsRealFloor { return }
        guard let strategy = Strategy(label: label) else {
            throw violation(seq, .strategy, "unknown strategy \(label)", bookings: [booking], tables: ids)
        }
        guard set.count <= strategy.maxTables else {
            throw violation(seq, .strategy, "\(set.count) tables under \(label)", bookings: [booking], tables: ids)
        }
        guard Set(set.map { floor.zoneOfTable[$0] }).count == 1 else {
            throw violation(seq, .strategy, "tables of more than one zone", bookings: [booking], tables: ids)
        }
        if strategy.requireAdjacency && floor.adjacencyDepth(of: set) == nil {
            throw violation(seq, .strategy, "tables not adjacent under \(label)", bookings: [booking], tables: ids)
        }
    }
}
