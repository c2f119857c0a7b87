import EventLog
import CanonicalJSON
import Projections

/// Where every event of a run is made: applied to the state (the projection) first, so a broken
/// invariant never reaches the log, then written to the sink. Owns the virtual clock.
final class Emitter {
    /// The run's state, changed only by `emit` (applying the event). Read in place through a
    /// `_read` accessor, a borrow without a copy: the flows read it on every step, and a copy of
    /// the whole state per read made re-execution 30% slower. A borrow is an access Swift checks
    /// for exclusivity, so an `emit` while one is live traps at once instead of reading a state
    /// that changes under it (it was an unchecked `UnsafeMutablePointer` before).
    private var stored = RunState()
    var state: RunState { _read { yield stored } }
    /// Virtual seconds since midnight of the service date.
    private(set) var now = VirtualClock.startSeconds
    private let sink: EventSink
    private var writer = JSONWriter(capacity: 512)
    /// `--verbose`'s lines.
    let log = VerboseLog()

    init(sink: EventSink) {
        self.sink = sink
    }

    /// Applies the event to the state, then writes it.
    func emit(_ body: EventBody, restaurant: String? = nil, booking: String? = nil) throws {
        if let signal = Interruption.signal { throw RunInterrupted(signal: signal) }
        let event = Event(at: now, restaurant: restaurant, booking: booking, body)
        try stored.apply(event, seq: stored.lastSeq + 1)
        let payload = event.payloadText(using: &writer)
        try sink.write(type: body.type, at: now, restaurant: restaurant, booking: booking, payload: payload)
    }

    /// Moves the clock forward by an operation's cost, first expiring every hold whose TTL runs
    /// out before then (each at its own expiry time, in expiry then id order).
    func advance(by seconds: Int) throws {
        let target = now + seconds
        while true {
            let due = state.activeHoldIDs.compactMap { state.holds[$0] }.filter { $0.expiresAt <= target }
                .min { ($0.expiresAt, $0.id) < ($1.expiresAt, $1.id) }
            guard let hold = due else { break }
            now = max(now, hold.expiresAt)
            try emit(.holdExpired(HoldExpired(hold: hold.id)), restaurant: hold.restaurant, booking: hold.booking)
        }
        now = target
    }

    /// Moves the clock forward to `target` (a scheduled change's time), expiring holds on the
    /// way as `advance(by:)` does; a target already past leaves the clock where it is.
    func advance(to target: Int) throws {
        if target > now { try advance(by: target - now) }
    }

    func report(_ line: @autoclosure () -> String) {
        log.line(line())
    }
}
