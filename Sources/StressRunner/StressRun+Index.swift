import Allocation
import Projections

extension StressRun {
    /// Positions in `state.bookings` of a restaurant's bookings in the run, sorted by (start, id).
    func bookingPositions(of slug: String) -> [Int] {
        (state.restaurant(slug)?.bookingPositions ?? []).filter { state.bookings[$0].status != .source }
            .sorted { (state.bookings[$0].startMinute, state.bookings[$0].id) < (state.bookings[$1].startMinute, state.bookings[$1].id) }
    }
}
