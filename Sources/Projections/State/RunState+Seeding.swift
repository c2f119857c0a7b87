import Allocation

/// Seeding: the run's options, restaurants, tables, adjacency and the day's bookings, all before
/// the first allocation event.
extension RunState {
    mutating func apply(_ payload: RunStarted, seq: Int) throws(InvariantViolation) {
        guard seq == 1 else { throw violation(seq, .runStartedFirst, "run.started must be event 1") }
        options = payload
        // Reserve mode on a live floor: the day's bookings are in the run, seated before the clones.
        decidesDayBookings = payload.mode == "assign" || (payload.mode == "reserve" && payload.prefill == "assign")
        seatsRealFloor = payload.mode == "reserve" && payload.prefill == "real"
        serviceDate = payload.date
        holdTTLSeconds = payload.holdTTLSeconds
    }

    mutating func apply(_ payload: RestaurantSeeded, of event: Event, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        guard let slug = event.restaurant, restaurantIndex[slug] == nil else {
            throw violation(
                seq, .uniqueRestaurant, "restaurant \(event.restaurant ?? "(none)") seeded twice or unnamed")
        }
        let restaurant = Restaurant(
            slug: slug,
            services: payload.services.map {
                ServicePeriod(
                    name: $0.name, startMinute: $0.startMinute, endMinute: $0.endMinute,
                    turnMinutes: $0.turnMinutes.map(TurnTable.init(pairs:)))
            },
            turnMinutes: TurnTable(pairs: payload.turnMinutes), bufferMinutes: payload.bufferMinutes,
            maxOverage: payload.maxOverage)
        restaurantIndex[slug] = restaurants.count
        restaurants.append(RestaurantState(slug: slug, restaurant: restaurant))
    }

    mutating func apply(_ payload: TableSeeded, of event: Event, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        let index = try restaurantPosition(of: event, seq: seq)
        guard !restaurants[index].tables.contains(where: { $0.id == payload.table }) else {
            throw violation(seq, .uniqueTable, "table \(payload.table) seeded twice", tables: [payload.table])
        }
        guard restaurants[index].tables.count < TableSet.capacity else {
            throw violation(seq, .tableLimit, "more than \(TableSet.capacity) tables", tables: [payload.table])
        }
        restaurants[index].seed(
            Table(
                id: payload.table, zone: payload.zone, minCovers: payload.minCovers, maxCovers: payload.maxCovers,
                movable: payload.movable, active: payload.active))
    }

    mutating func apply(_ payload: AdjacencySeeded, of event: Event, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        let index = try restaurantPosition(of: event, seq: seq)
        guard payload.tables.count == 2,
            payload.tables.allSatisfy({ id in restaurants[index].tables.contains { $0.id == id } })
        else {
            throw violation(seq, .knownTable, "adjacency names unknown tables", tables: payload.tables)
        }
        restaurants[index].seedAdjacency(payload.tables[0], payload.tables[1])
    }

    mutating func apply(_ payload: BookingSeeded, of event: Event, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        // Bookings come after every floor (RunInputs): the floors are complete, index them now,
        // so the runner's first quote already reads an indexed floor. A table seeded later (a
        // hand-made capture) marks its floor stale again; allocation re-indexes it.
        if !restaurants[restaurantIndex].floorIsCurrent {
            for index in restaurants.indices { restaurants[index].indexFloor() }
        }
        guard let id = event.booking, bookingIndex[id] == nil else {
            throw violation(seq, .uniqueBooking, "booking \(event.booking ?? "(none)") seeded twice or unnamed")
        }
        let inRun = (decidesDayBookings || (seatsRealFloor && payload.tables != nil)) && payload.date == serviceDate
        var booking = BookingState(
            id: id, restaurant: restaurants[restaurantIndex].slug, date: payload.date, startMinute: payload.startMinute,
            partySize: payload.partySize, durationMinutes: payload.durationMinutes, status: inRun ? .pending : .source)
        if let tables = payload.tables {
            guard tables.allSatisfy({ id in restaurants[restaurantIndex].tables.contains { $0.id == id } }) else {
                throw violation(
                    seq, .knownTable, "booking \(id) seeded on unknown tables", bookings: [id], tables: tables)
            }
            booking.existingTables = tables
        }
        if inRun {
            booking.window = restaurants[restaurantIndex].restaurant.window(
                startMinute: payload.startMinute, partySize: payload.partySize,
                durationMinutes: payload.durationMinutes)
        }
        insert(booking, restaurant: restaurantIndex, counted: inRun)
    }

    private func requireSeeding(_ seq: Int) throws(InvariantViolation) {
        if allocationStarted { throw violation(seq, .seedFirst, "seed event after allocation started") }
    }

    /// Adds a booking to the run's list and its restaurant's index (and to its count when in the run).
    mutating func insert(_ booking: BookingState, restaurant index: Int, counted: Bool) {
        if counted { restaurants[index].metrics.countBooking() }
        restaurants[index].bookingPositions.append(bookings.count)
        restaurants[index].bookingChanges += 1
        bookingIndex[booking.id] = bookings.count
        bookings.append(booking)
    }
}
