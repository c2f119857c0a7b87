/// Reserve mode's figures split by who took part: the day's seeded bookings the prefill seated
/// (a live floor, `--prefill assign`) and the clones that competed for what was left. The
/// restaurant rows count both together (every booking tried); these say which is which.
public struct ReserveFigures: Equatable, Sendable {
    /// The day's bookings decided by the prefill, and how many of them it seated.
    public var prefilled = 0
    public var prefillSeated = 0
    /// `--prefill real`: the prefill seated the bookings with tables of the real floor only;
    /// `offFloor` of the day's bookings had none and stayed off the floor.
    public var realFloor = false
    public var offFloor = 0
    /// Clones: created, refused at creation, confirmed and failed.
    public var clones = 0
    public var created = 0
    public var refused = 0
    public var confirmed = 0
    public var failed = 0

    /// Folds the bookings of a run (nil unless it is a reserve run).
    public init?(_ state: RunState) {
        guard state.options?.mode == "reserve" else { return nil }
        realFloor = state.seatsRealFloor
        for booking in state.bookings {
            if booking.source != nil {
                clones += 1
                switch booking.status {
                case .refused: refused += 1
                // A cancelled clone was seated before its client cancelled it (format 7).
                case .confirmed, .cancelled:
                    created += 1
                    confirmed += 1
                case .failed:
                    created += 1
                    failed += 1
                case .pending, .source: created += 1
                }
            } else if booking.status != .source {
                prefilled += 1
                if !booking.tables.isEmpty { prefillSeated += 1 }
            } else if realFloor && booking.date == state.serviceDate {
                offFloor += 1
            }
        }
    }

    /// One line for the terminal and the reports.
    public var text: String {
        let prefill =
            realFloor
            ? "real floor: \(prefillSeated) of the \(prefilled) bookings with tables seated on them"
                + (offFloor > 0
                    ? " (\(offFloor) of the day's \(prefilled + offFloor) had none and stay off the floor)" : "") + "; "
            : prefilled > 0 ? "prefill seated \(prefillSeated) of the day's \(prefilled) bookings; " : "empty floor; "
        return prefill
            + "clones: \(clones) tried, \(created) created, \(refused) refused, \(confirmed) confirmed, \(failed) failed"
    }
}
