import Allocation
import Projections

/// Per restaurant, the positions of its bookings in the run sorted by start: finds the pending
/// bookings an engine's look-ahead sees with a binary search, independent of the day's size.
struct PendingIndex {
    private var positions: [String: [Int]] = [:]

    /// Adds a booking (seeded or created), keeping its restaurant's list sorted by (start, id),
    /// the order the protocol promises for `pending`.
    mutating func add(position: Int, in state: RunState) {
        let booking = state.bookings[position]
        var list = positions[booking.restaurant] ?? []
        let insertAt =
            list.firstIndex {
                (state.bookings[$0].startMinute, state.bookings[$0].id) > (booking.startMinute, booking.id)
            } ?? list.count
        list.insert(position, at: insertAt)
        positions[booking.restaurant] = list
    }

    /// The restaurant's pending bookings other than `booking` starting within
    /// `[window.start, window.start + minutes]`, by (start, id).
    func pending(
        restaurant slug: String, besides booking: String, window: BookingWindow, minutes: Int,
        in state: RunState
    ) -> [LookAheadBooking] {
        guard minutes >= 0, let list = positions[slug] else { return [] }
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if state.bookings[list[middle]].startMinute < window.startMinute { low = middle + 1 } else { high = middle }
        }
        var result: [LookAheadBooking] = []
        let horizon = window.startMinute + minutes
        for position in list[low...] {
            // Fields read in place: copying a whole BookingState per candidate costs more than the rest.
            if state.bookings[position].startMinute > horizon { break }
            guard state.bookings[position].status == .pending, state.bookings[position].id != booking,
                let bookingWindow = state.bookings[position].resolvedWindow
            else { continue }
            result.append(
                LookAheadBooking(
                    booking: state.bookings[position].id, partySize: state.bookings[position].partySize,
                    window: bookingWindow, key: position))
        }
        return result
    }
}
