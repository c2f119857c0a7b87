import Allocation
import Projections
import Scenarios

/// `--prefill real`: before the clones compete, the day's bookings that had tables on the real
/// floor (an imported day's assignments and holds: the scenario's `tables`) are seated on those
/// tables, in the scenario's order, through the same hold and confirm as any booking. Their hold
/// is labelled `real-floor`: the restaurant chose those tables, so the strategy rules (one zone,
/// adjacency, at most `--max-tables`) are not asked of them; covering the party and never
/// overlapping are. A booking the real floor double-booked, or whose window the scenario's
/// services refuse, fails with that reason.
struct RealFloor {
    let operations: Operations
    /// The run's restaurants, in scenario order.
    let restaurants: [RestaurantPlan]

    static let strategy = Strategy(
        label: Strategy.realFloorLabel, requireAdjacency: false, maxTables: TableSet.capacity)

    func seat() throws {
        let slugs = Set(restaurants.map(\.restaurant.slug))  // membership only
        // Ids first: seating changes the state the loop would read.
        let seated = operations.state.bookings.filter {
            $0.status == .pending && $0.existingTables != nil && slugs.contains($0.restaurant)
        }.map(\.id)
        for id in seated {
            guard let booking = operations.currentBooking(id), let tables = booking.existingTables else { continue }
            switch booking.window {
            case .success(let window)?:
                // Seeded tables are the restaurant's (an invariant of booking.seeded): never nil, but a
                // booking is never left pending.
                guard let position = operations.state.restaurantIndex[booking.restaurant],
                    let set = operations.state.restaurants[position].floor.tableSet(ids: tables)
                else {
                    try fail(booking, .noTableFits)
                    continue
                }
                let capacity = operations.state.restaurants[position].floor.capacity(of: set)
                let candidate = Candidate(
                    tables: set, capacity: capacity, spareSeats: capacity - booking.partySize, depth: 0, score: 0)
                if let refused = try operations.holdAndConfirm(
                    booking, window: window, candidate: candidate, rank: 1, strategy: Self.strategy)
                {
                    try fail(booking, refused)
                }
            case .failure(let refusal)?:
                try fail(booking, refusal.reason)
            case nil:
                try fail(booking, .outsideService)
            }
        }
    }

    private func fail(_ booking: BookingState, _ reason: RejectionReason) throws {
        try operations.emit(
            .bookingFailed(BookingFailed(reason: reason.rawValue, attempts: booking.quotes)),
            restaurant: booking.restaurant, booking: booking.id)
        operations.report("\(booking.restaurant) \(booking.id) on the real floor: \(reason.rawValue)")
    }
}
