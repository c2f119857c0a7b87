/// The end of an assign-loop pass, and of the run (completed, or ended by its engine).
extension RunState {
    mutating func apply(_ payload: IterationCompleted, of event: Event, seq: Int) throws(InvariantViolation) {
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        restaurants[restaurantIndex].metrics.apply(payload)
    }

    mutating func apply(_ payload: RunCompleted, seq: Int) throws(InvariantViolation) {
        if let pending = bookings.first(where: { $0.status == .pending }) {
            throw violation(
                seq, .allDecided, "booking \(pending.id) is still pending at completion", bookings: [pending.id])
        }
        if let editing = bookings.first(where: { $0.edit != nil }) {
            throw violation(
                seq, .allDecided, "booking \(editing.id) is still being edited at completion", bookings: [editing.id])
        }
        if let live = activeHoldIDs.first, let hold = holds[live] {
            throw violation(
                seq, .noHoldLeftBehind, "hold \(live) is still live at completion", bookings: [hold.booking],
                tables: hold.tables)
        }
        let expected = summary(events: seq - 1)
        guard payload == expected else {
            throw violation(seq, .summary, "run.completed says \(payload.text), the events add up to \(expected.text)")
        }
        completed = payload
    }

    mutating func apply(_ payload: EngineFailed) {
        engineFailure = payload
    }
}
