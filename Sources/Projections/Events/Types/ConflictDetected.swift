import CanonicalJSON

/// A hold or a confirm refused because another booking has the tables.
public struct ConflictDetected: Equatable, Sendable {
    /// `hold_conflict` or `confirm_conflict`.
    public var kind: String
    public var tables: [String]
    /// The bookings whose holds or assignments are in the way.
    public var with: [String]
    /// The refused hold at confirm; nil at hold.
    public var hold: String?
    /// The attempt: its strategy and the candidate's rank in the quote.
    public var strategy: String
    public var rank: Int

    public init(kind: String, tables: [String], with: [String], hold: String?, strategy: String, rank: Int) {
        self.kind = kind
        self.tables = tables
        self.with = with
        self.hold = hold
        self.strategy = strategy
        self.rank = rank
    }
}

extension ConflictDetected: EventPayload {
    public static let type = "conflict.detected"
    public var body: EventBody { .conflictDetected(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("kind", kind)
        writer.field("tables", tables)
        writer.field("with", with)
        writer.field("hold", hold)
        writer.field("strategy", strategy)
        writer.field("rank", rank)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> ConflictDetected {
        ConflictDetected(
            kind: try cursor.string("kind"), tables: try cursor.strings("tables"), with: try cursor.strings("with"),
            hold: try cursor.optionalString("hold"), strategy: try cursor.string("strategy"),
            rank: try cursor.int("rank", in: EventBounds.count))
    }

    public var summary: String {
        "\(kind) on \(tables.joined(separator: "+")) with \(with.isEmpty ? "an expired hold" : with.joined(separator: ", ")) (\(strategy) rank \(rank))"
    }
}
