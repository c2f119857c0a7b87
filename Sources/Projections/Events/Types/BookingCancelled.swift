import Allocation
import CanonicalJSON

/// A booking cancelled by its guest (capture format 7): it leaves the run, and the tables of its
/// assignment (`tables`, empty when it had none) are free from this moment.
public struct BookingCancelled: Equatable, Sendable {
    public var tables: [String]
    /// The reserve-mode client that cancels its own clone; nil for a change of the scenario.
    public var client: Int?

    public init(tables: [String], client: Int? = nil) {
        self.tables = tables
        self.client = client
    }
}

extension BookingCancelled: EventPayload {
    public static let type = "booking.cancelled"
    public var body: EventBody { .bookingCancelled(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("tables", tables)
        if let client { writer.field("client", client) }
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> BookingCancelled {
        var cancelled = BookingCancelled(tables: try cursor.strings("tables"))
        if cursor.hasField("client") { cancelled.client = try cursor.int("client", in: EventBounds.client) }
        return cancelled
    }

    public var summary: String {
        "cancelled" + (tables.isEmpty ? " (no tables)" : ", frees \(tables.joined(separator: "+"))")
            + (client.map { " by client \($0)" } ?? "")
    }
}
