import Allocation
import Projections

/// The legacy loop (`--mode assign`): per restaurant, up to max-iterations passes over every
/// pending booking in (start, id) order, each trying the strategies in order (quote, hold the
/// best candidate, confirm) until one confirms. A pass that leaves none pending ends the loop;
/// what is still pending after the last pass fails with its last reason.
///
/// Unlike the original, the set counted and the set processed are the same (pending bookings),
/// and a booking whose window can never exist (outside service, overrun) fails on its first
/// pass instead of being retried.
struct AssignLoop {
    let stress: StressRun

    func run() throws {
        let strategies = Strategy.legacyOrder(maxTables: stress.options.maxTables)
        let total = stress.state.bookings.filter { $0.status == .pending }.count
        var decided = 0
        let plans = stress.selectedRestaurants
        for (done, plan) in plans.enumerated() {
            let slug = plan.restaurant.slug
            let positions = stress.bookingPositions(of: slug).filter { stress.state.bookings[$0].status == .pending }
            var lastReason = [RejectionReason](repeating: .tablesOccupied, count: positions.count)
            for iteration in 1...stress.options.maxIterations {
                let pending = positions.indices.filter { stress.state.bookings[positions[$0]].status == .pending }
                if pending.isEmpty { break }
                try stress.releaseStaleHolds()
                let confirmedBefore = stress.state.restaurant(slug)?.metrics.confirmed ?? 0
                for local in pending {
                    let booking = stress.state.bookings[positions[local]]
                    if let reason = try attempt(booking, strategies: strategies) {
                        lastReason[local] = reason
                    }
                    if stress.state.bookings[positions[local]].status != .pending { decided += 1 }
                    stress.onProgress?(RunProgress(restaurantsDone: done, restaurants: plans.count, bookingsDecided: decided,
                                                   bookings: total, events: stress.state.lastSeq))
                }
                let remaining = positions.filter { stress.state.bookings[$0].status == .pending }.count
                let confirmed = (stress.state.restaurant(slug)?.metrics.confirmed ?? 0) - confirmedBefore
                try stress.emit(.iterationCompleted(IterationCompleted(iteration: iteration, processed: pending.count,
                                                                    confirmed: confirmed, remaining: remaining)), restaurant: slug)
            }
            for local in positions.indices where stress.state.bookings[positions[local]].status == .pending {
                let booking = stress.state.bookings[positions[local]]
                try stress.emit(.bookingFailed(BookingFailed(reason: lastReason[local].rawValue, attempts: booking.quotes)),
                             restaurant: slug, booking: booking.id)
                decided += 1
                stress.onProgress?(RunProgress(restaurantsDone: done, restaurants: plans.count, bookingsDecided: decided,
                                                   bookings: total, events: stress.state.lastSeq))
            }
        }
    }

    /// One pass for one booking: nil when confirmed (or failed for good), else the reason it is
    /// still pending.
    private func attempt(_ booking: BookingState, strategies: [Strategy]) throws -> RejectionReason? {
        switch booking.window {
        case .failure(let refusal)?:
            try stress.emit(.bookingFailed(BookingFailed(reason: refusal.reason.rawValue, attempts: booking.quotes)),
                         restaurant: booking.restaurant, booking: booking.id)
            stress.report("\(booking.restaurant) \(booking.id) party \(booking.partySize): \(refusal.reason.rawValue)")
            return nil
        case .success(let window)?:
            var reason = RejectionReason.noTableFits
            for strategy in strategies {
                let current = stress.state.booking(booking.id) ?? booking
                let quote = try stress.quote(current, window: window, strategy: strategy)
                guard let best = quote.candidates.first else {
                    reason = quote.emptyReason
                    continue
                }
                guard let refused = try stress.holdAndConfirm(current, window: window, candidate: best, rank: 1, strategy: strategy) else {
                    return nil
                }
                reason = refused
            }
            return reason
        case nil:
            return .outsideService
        }
    }
}
