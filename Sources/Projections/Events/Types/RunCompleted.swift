import Allocation
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

    public init(
        bookings: Int, confirmed: Int, failed: Int, refused: Int, quotes: Int, holds: Int, conflicts: Int, events: Int
    ) {
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

    public func encode(into writer: inout JSONWriter) {
        writer.field("bookings", bookings)
        writer.field("confirmed", confirmed)
        writer.field("failed", failed)
        writer.field("refused", refused)
        writer.field("quotes", quotes)
        writer.field("holds", holds)
        writer.field("conflicts", conflicts)
        writer.field("events", events)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> RunCompleted {
        RunCompleted(
            bookings: try cursor.int("bookings", in: EventBounds.count),
            confirmed: try cursor.int("confirmed", in: EventBounds.count),
            failed: try cursor.int("failed", in: EventBounds.count),
            refused: try cursor.int("refused", in: EventBounds.count),
            quotes: try cursor.int("quotes", in: EventBounds.count),
            holds: try cursor.int("holds", in: EventBounds.count),
            conflicts: try cursor.int("conflicts", in: EventBounds.count),
            events: try cursor.int("events", in: EventBounds.count))
    }

    public var summary: String {
        "\(confirmed) confirmed, \(failed) failed, \(refused) refused of \(bookings); \(Counted.text(quotes, "quote")), \(Counted.text(holds, "hold")), \(Counted.text(conflicts, "conflict")); \(Counted.text(events, "event"))"
    }

    /// The summary in words, for messages.
    public var text: String {
        "bookings \(bookings), confirmed \(confirmed), failed \(failed), refused \(refused), quotes \(quotes), holds \(holds), conflicts \(conflicts), events \(events)"
    }
}
