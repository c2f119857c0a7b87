import CanonicalJSON

/// The run's own summary, which `replay run --rebuild` checks against the folded metrics.
public struct RunCompleted: Equatable, Sendable {
    public var bookings: Int
    public var confirmed: Int
    public var failed: Int
    public var refused: Int
    public var quotes: Int
    public var holds: Int
    public var conflicts: Int
    /// Events before this one.
    public var events: Int

    public init(bookings: Int, confirmed: Int, failed: Int, refused: Int, quotes: Int, holds: Int, conflicts: Int, events: Int) {
        self.bookings = bookings
        self.confirmed = confirmed
        self.failed = failed
        self.refused = refused
        self.quotes = quotes
        self.holds = holds
        self.conflicts = conflicts
        self.events = events
    }
}

extension RunCompleted: EventPayload {
    public static let type = "run.completed"
    public var body: EventBody { .runCompleted(self) }

    public func encode(into w: inout JSONWriter) {
        w.field("bookings", bookings); w.field("confirmed", confirmed); w.field("failed", failed)
        w.field("refused", refused); w.field("quotes", quotes); w.field("holds", holds)
        w.field("conflicts", conflicts); w.field("events", events)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> RunCompleted {
        RunCompleted(bookings: try p.int("bookings"), confirmed: try p.int("confirmed"), failed: try p.int("failed"),
                     refused: try p.int("refused"), quotes: try p.int("quotes"), holds: try p.int("holds"),
                     conflicts: try p.int("conflicts"), events: try p.int("events"))
    }

    public var summary: String {
        "\(confirmed) confirmed, \(failed) failed, \(refused) refused of \(bookings); \(quotes) quotes, \(holds) holds, \(conflicts) conflicts; \(events) events"
    }

    /// The summary in words, for messages.
    public var text: String {
        "bookings \(bookings), confirmed \(confirmed), failed \(failed), refused \(refused), quotes \(quotes), holds \(holds), conflicts \(conflicts), events \(events)"
    }
}
