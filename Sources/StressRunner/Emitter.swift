import EventLog
import CanonicalJSON
import Projections

/// Where every event of a run is made: applied to the state (the projection) first, so a broken
/// invariant never reaches the log, then written to the sink. Owns the virtual clock.
final class Emitter {
    /// The state, at an address of its own, applied to through it. Reading a field through
    /// `state` reads it there; a method called on `state` still gets a copy of the whole state
    /// first, so the hot look-ups read fields (`Operations.restaurantPosition`).
    private let storage: UnsafeMutablePointer<RunState>
    var state: RunState { unsafeAddress { UnsafePointer(storage) } }
    /// For the flows' own `state` accessors (`Operations`, `StressRun`), which read it in place too.
    var stateAddress: UnsafePointer<RunState> { UnsafePointer(storage) }
    /// Virtual seconds since midnight of the service date.
    private(set) var now = VirtualClock.startSeconds
    private let sink: EventSink
    private var writer = JSONWriter(capacity: 512)
    /// `--verbose`'s lines.
    let log = VerboseLog()

    init(sink: EventSink) {
        self.sink = sink
        storage = .allocate(capacity: 1)
        storage.initialize(to: RunState())
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Applies the event to the state, then writes it.
    func emit(_ body: EventBody, restaurant: String? = nil, booking: String? = nil) throws {
        if let signal = Interruption.signal { throw RunInterrupted(signal: signal) }
        let event = Event(at: now, restaurant: restaurant, booking: booking, body)
        try storage.pointee.apply(event, seq: storage.pointee.lastSeq + 1)
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

    func report(_ line: @autoclosure () -> String) {
        log.line(line())
    }
}
