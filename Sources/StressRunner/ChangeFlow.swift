import Allocation
import Projections

/// Edits and cancellations (capture format 7), carried out on the run's state as any booking's
/// steps are: an edit asks (`edit.requested`), then tries the strategies in order (quote, hold
/// the best candidate, confirm) for the new party and window, with the booking's own tables free
/// for it and named to the engine as `current`; the first confirm replaces its assignment
/// (`edit.confirmed`), and when none serves it the booking keeps what it had (`edit.failed`). A
/// cancellation frees the booking's tables at once (`booking.cancelled`).
///
/// The scenario's changes are applied by the assign loop (and reserve mode's prefill) at their
/// times; reserve mode's clients edit and cancel their own clones through `CreateFlow`'s steps.
struct ChangeFlow {
    let operations: Operations

    /// How an applied change went, for the caller that retries waiting bookings.
    enum Outcome: Equatable {
        /// Tables were freed or moved: waiting bookings may now fit.
        case freedTables
        case nothingFreed
        /// The change's booking was not seated or waiting when its time came.
        case skipped
    }

    /// The scenario's changes by restaurant, each list in the order they are applied: by time, then
    /// as listed. Grouped once per run (a look-up: never iterated, so no output depends on its order).
    func scheduledByRestaurant() -> [String: [ScheduledChange]] {
        let ordered = operations.state.changes.enumerated().sorted {
            ($0.element.change.atMinute, $0.offset) < ($1.element.change.atMinute, $1.offset)
        }
        var grouped: [String: [ScheduledChange]] = [:]
        for (_, scheduled) in ordered { grouped[scheduled.restaurant, default: []].append(scheduled) }
        return grouped
    }

    /// Applies one scheduled change at its time: the clock moves forward to it (never back). An
    /// edit needs a seated booking; a cancellation a seated or waiting one; any other is skipped.
    func apply(_ scheduled: ScheduledChange) throws -> Outcome {
        try operations.emitter.advance(to: VirtualClock.seconds(ofMinute: scheduled.change.atMinute))
        guard let booking = operations.currentBooking(scheduled.booking) else { return .skipped }
        switch scheduled.change.kind {
        case .cancel:
            guard booking.status == .confirmed || booking.status == .pending else {
                operations.report(
                    "\(booking.restaurant) \(booking.id) cancellation skipped: the booking is \(booking.status.rawValue)"
                )
                return .skipped
            }
            return try cancel(booking, client: nil)
        case .edit:
            guard booking.status == .confirmed else {
                operations.report(
                    "\(booking.restaurant) \(booking.id) edit skipped: the booking is \(booking.status.rawValue), not seated"
                )
                return .skipped
            }
            try request(
                booking, partySize: scheduled.change.partySize ?? booking.partySize,
                startMinute: scheduled.change.startMinute ?? booking.startMinute, client: nil)
            return try serve(booking.id)
        }
    }

    /// `edit.requested`; when the new window cannot exist (outside service, overrun), the edit fails at once.
    /// Returns true when the edit is open for quotes.
    @discardableResult
    func request(_ booking: BookingState, partySize: Int, startMinute: Int, client: Int?) throws -> Bool {
        try operations.emitter.advance(by: VirtualClock.createSeconds)
        try operations.emit(
            .editRequested(EditRequested(partySize: partySize, startMinute: startMinute, client: client)),
            restaurant: booking.restaurant, booking: booking.id)
        operations.report(
            "\(booking.restaurant) \(booking.id) edit asked: party \(partySize) at \(ClockText.minutes(startMinute))")
        guard let edited = operations.currentBooking(booking.id), let edit = edited.edit else { return false }
        if case .failure(let refusal) = edit.window {
            try fail(edited, reason: refusal.reason)
            return false
        }
        return true
    }

    /// The strategies in order, best candidate of each, until one confirms; else `edit.failed`.
    private func serve(_ id: String) throws -> Outcome {
        guard let asked = operations.currentBooking(id), asked.edit != nil, let window = asked.workingWindow else {
            return .nothingFreed
        }
        let strategies = Strategy.legacyOrder(maxTables: operations.options.maxTables)
        guard let reason = try operations.seatWithBestCandidates(asked, window: window, strategies: strategies) else {
            // Kept in place within its old window: nothing was freed for the waiting list.
            let old = asked.resolvedWindow
            let kept = operations.currentBooking(id)?.tables.sorted() == asked.tables.sorted()
            let inside = old.map { $0.startMinute <= window.startMinute && window.endMinute <= $0.endMinute } ?? false
            return kept && inside ? .nothingFreed : .freedTables
        }
        if let booking = operations.currentBooking(id) { try fail(booking, reason: reason) }
        return .nothingFreed
    }

    /// `edit.failed`: the booking keeps its tables, party and window.
    func fail(_ booking: BookingState, reason: RejectionReason) throws {
        try operations.emit(
            .editFailed(EditFailed(reason: reason.rawValue, tables: booking.tables)), restaurant: booking.restaurant,
            booking: booking.id)
        operations.report(
            "\(booking.restaurant) \(booking.id) edit failed (\(reason.rawValue)); keeps \(booking.tables.joined(separator: "+"))"
        )
    }

    /// `booking.cancelled`: its assignment's tables are free from now.
    func cancel(_ booking: BookingState, client: Int?) throws -> Outcome {
        try operations.emitter.advance(by: VirtualClock.releaseSeconds)
        let tables = booking.assignment == nil ? [] : booking.tables
        try operations.emit(
            .bookingCancelled(BookingCancelled(tables: tables, client: client)), restaurant: booking.restaurant,
            booking: booking.id)
        operations.report(
            "\(booking.restaurant) \(booking.id) cancelled"
                + (tables.isEmpty ? "" : ", frees \(tables.joined(separator: "+"))"))
        return tables.isEmpty ? .nothingFreed : .freedTables
    }
}
