import Allocation
import Projections
import Scenarios

/// The legacy loop (`--mode assign`): per restaurant, up to max-iterations passes over every
/// pending booking in (start, id) order, each trying the strategies in order (quote, hold the
/// best candidate, confirm) until one confirms. A pass that leaves none pending ends the loop;
/// what is still pending after the last pass fails with its last reason.
///
/// Unlike the original, the set counted and the set processed are the same (pending bookings),
/// and a booking whose window can never exist (outside service, overrun) fails on its first
/// pass instead of being retried.
///
/// The scenario's changes of a restaurant (format 7) come after its passes, in time order
/// (`ChangeFlow`): the bookings still pending then are its waiting list, and each change that
/// frees or moves tables gives them one more try before they fail.
struct AssignLoop {
    let operations: Operations
    /// The run's restaurants, in scenario order.
    let restaurants: [RestaurantPlan]

    func run() throws {
        let strategies = Strategy.legacyOrder(maxTables: operations.options.maxTables)
        let total = operations.state.bookings.filter { $0.status == .pending }.count
        var decided = 0
        let changes = ChangeFlow(operations: operations)
        let scheduled = changes.scheduledByRestaurant()
        let plans = restaurants
        for (done, plan) in plans.enumerated() {
            let slug = plan.restaurant.slug
            let positions = operations.bookingPositions(of: slug).filter {
                operations.state.bookings[$0].status == .pending
            }
            var lastReason = [RejectionReason](repeating: .tablesOccupied, count: positions.count)
            for iteration in 1...operations.options.maxIterations {
                let pending = positions.indices.filter { operations.state.bookings[positions[$0]].status == .pending }
                if pending.isEmpty { break }
                operations.report(
                    "\(slug) pass \(iteration) of at most \(operations.options.maxIterations): \(pending.count) pending"
                )
                try operations.releaseStaleHolds()
                let confirmedBefore = operations.state.restaurant(slug)?.metrics.confirmed ?? 0
                for local in pending {
                    let booking = operations.state.bookings[positions[local]]
                    if let reason = try attempt(booking, strategies: strategies) {
                        lastReason[local] = reason
                    }
                    if operations.state.bookings[positions[local]].status != .pending { decided += 1 }
                    operations.onProgress?(
                        RunProgress(
                            restaurantsDone: done, restaurants: plans.count, bookingsDecided: decided,
                            bookings: total, events: operations.state.lastSeq))
                }
                let remaining = positions.filter { operations.state.bookings[$0].status == .pending }.count
                let confirmed = (operations.state.restaurant(slug)?.metrics.confirmed ?? 0) - confirmedBefore
                try operations.emit(
                    .iterationCompleted(
                        IterationCompleted(
                            iteration: iteration, processed: pending.count,
                            confirmed: confirmed, remaining: remaining)), restaurant: slug)
            }
            for change in scheduled[slug] ?? [] where try changes.apply(change) == .freedTables {
                // The waiting list's turn: each booking still pending tries every strategy again.
                for local in positions.indices where operations.state.bookings[positions[local]].status == .pending {
                    let booking = operations.state.bookings[positions[local]]
                    if let reason = try attempt(booking, strategies: strategies) { lastReason[local] = reason }
                    if operations.state.bookings[positions[local]].status != .pending { decided += 1 }
                }
            }
            for local in positions.indices where operations.state.bookings[positions[local]].status == .pending {
                let booking = operations.state.bookings[positions[local]]
                try operations.emit(
                    .bookingFailed(BookingFailed(reason: lastReason[local].rawValue, attempts: booking.quotes)),
                    restaurant: slug, booking: booking.id)
                operations.report(
                    "\(slug) \(booking.id) party \(booking.partySize) failed after \(booking.quotes) \(booking.quotes == 1 ? "quote" : "quotes"): \(lastReason[local].rawValue)"
                )
                decided += 1
                operations.onProgress?(
                    RunProgress(
                        restaurantsDone: done, restaurants: plans.count, bookingsDecided: decided,
                        bookings: total, events: operations.state.lastSeq))
            }
        }
    }

    /// One pass for one booking: nil when confirmed (or failed for good), else the reason it is
    /// still pending.
    private func attempt(_ booking: BookingState, strategies: [Strategy]) throws -> RejectionReason? {
        switch booking.window {
        case .failure(let refusal)?:
            try operations.emit(
                .bookingFailed(BookingFailed(reason: refusal.reason.rawValue, attempts: booking.quotes)),
                restaurant: booking.restaurant, booking: booking.id)
            operations.report(
                "\(booking.restaurant) \(booking.id) party \(booking.partySize): \(refusal.reason.rawValue)")
            return nil
        case .success(let window)?:
            return try operations.seatWithBestCandidates(booking, window: window, strategies: strategies)
        case nil:
            return .outsideService
        }
    }
}
