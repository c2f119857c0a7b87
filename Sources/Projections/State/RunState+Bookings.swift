import Allocation

/// Bookings of the create flow, quotes, the oracle's coverage and failures.
extension RunState {
    mutating func apply(_ payload: BookingCreated, of event: Event, seq: Int) throws(InvariantViolation) {
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        guard let id = event.booking, bookingIndex[id] == nil else {
            throw violation(seq, .uniqueBooking, "booking \(event.booking ?? "(none)") created twice or unnamed")
        }
        var booking = BookingState(
            id: id, restaurant: restaurants[restaurantIndex].slug, date: serviceDate,
            startMinute: payload.startMinute, partySize: payload.partySize, durationMinutes: payload.durationMinutes,
            status: .pending, source: payload.source, client: payload.client)
        booking.window = restaurants[restaurantIndex].restaurant.window(
            startMinute: payload.startMinute, partySize: payload.partySize,
            durationMinutes: payload.durationMinutes)
        insert(booking, restaurant: restaurantIndex, counted: true)
    }

    mutating func apply(_ payload: BookingRefused, of event: Event, seq: Int) throws(InvariantViolation) {
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        guard let id = event.booking, bookingIndex[id] == nil else {
            throw violation(seq, .uniqueBooking, "booking \(event.booking ?? "(none)") refused twice or unnamed")
        }
        let source = booking(payload.source)
        var booking = BookingState(
            id: id, restaurant: restaurants[restaurantIndex].slug, date: serviceDate,
            startMinute: source?.startMinute ?? 0, partySize: source?.partySize ?? 0,
            durationMinutes: nil, status: .refused, source: payload.source)
        booking.reason = payload.reason
        booking.decidedSeq = seq
        restaurants[restaurantIndex].metrics.apply(payload)
        insert(booking, restaurant: restaurantIndex, counted: true)
    }

    mutating func apply(_ payload: QuoteIssued, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try pendingBookingPosition(of: event, seq: seq, allowingEdit: true)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        guard payload.attempt == bookings[bookingIndex].quotes + 1 else {
            throw violation(
                seq, .attemptCount, "quote attempt \(payload.attempt), expected \(bookings[bookingIndex].quotes + 1)",
                bookings: [bookings[bookingIndex].id])
        }
        guard let window = bookings[bookingIndex].workingWindow, window.startMinute == payload.startMinute,
            window.endMinute == payload.endMinute
        else {
            throw violation(
                seq, .bookingWindow, "quote window differs from the booking's", bookings: [bookings[bookingIndex].id])
        }
        bookings[bookingIndex].quotes += 1
        bookings[bookingIndex].lastQuoteStrategy = payload.strategy
        bookings[bookingIndex].lastVerdict = payload.oracle
        restaurants[restaurantIndex].metrics.apply(payload)
        if let verdict = payload.oracle, bookings[bookingIndex].edit != nil {
            restaurants[restaurantIndex].metrics.noteEditVerdict(verdict)
        }
        if let verdict = payload.oracle {
            noteMisses(
                verdict, restaurant: restaurantIndex, seq: seq, booking: bookings[bookingIndex].id,
                strategy: payload.strategy)
        }
    }

    mutating func apply(_ payload: CoverageMeasured, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try bookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        if let strategy = bookings[bookingIndex].lastQuoteStrategy {
            if let entry = payload.strategies?.first(where: { $0.strategy == strategy }) {
                bookings[bookingIndex].lastVerdict = entry.verdict
            }
        } else if payload.strategies != nil {
            // A booking refused at creation has no quote: the union the oracle judged stands for its capacity check.
            bookings[bookingIndex].lastVerdict = OracleVerdict(
                feasible: payload.feasible, quotedFeasible: payload.quotedFeasible,
                missedCount: payload.missedCount, missed: payload.missed,
                excludedCount: payload.excludedCount, limitReached: payload.limitReached)
        }
        restaurants[restaurantIndex].metrics.apply(payload, booking: bookings[bookingIndex].id)
        for entry in payload.strategies ?? [] {
            noteMisses(
                entry.verdict, restaurant: restaurantIndex, seq: seq, booking: bookings[bookingIndex].id,
                strategy: entry.strategy)
        }
    }

    mutating func apply(_ payload: BookingFailed, of event: Event, seq: Int) throws(InvariantViolation) {
        let bookingIndex = try pendingBookingPosition(of: event, seq: seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        let id = bookings[bookingIndex].id
        try checkNoLiveHold(of: id, "booking \(id) failed", seq: seq)
        bookings[bookingIndex].status = .failed
        bookings[bookingIndex].decidedSeq = seq
        bookings[bookingIndex].reason = payload.reason
        restaurants[restaurantIndex].bookingChanges += 1
        restaurants[restaurantIndex].metrics.apply(payload)
    }

    /// A verdict's missed sets into the restaurant's figures, with the zone of each from its floor.
    private mutating func noteMisses(
        _ verdict: OracleVerdict, restaurant index: Int, seq: Int, booking: String, strategy: String
    ) {
        guard verdict.missedCount > 0 else { return }
        let floor = restaurants[index].floor
        restaurants[index].metrics.noteMisses(verdict, seq: seq, booking: booking, strategy: strategy) { table in
            floor.index(ofTable: table).map { floor.zones[floor.zoneOfTable[$0]].name }
        }
    }
}
