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

    public func encode(into w: inout JSONWriter) {
        w.field("kind", kind); w.field("tables", tables); w.field("with", with); w.field("hold", hold)
        w.field("strategy", strategy); w.field("rank", rank)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> ConflictDetected {
        ConflictDetected(kind: try p.string("kind"), tables: try p.strings("tables"), with: try p.strings("with"),
                         hold: try p.optionalString("hold"), strategy: try p.string("strategy"), rank: try p.int("rank"))
    }

    public var summary: String {
        "\(kind) on \(tables.joined(separator: "+")) with \(with.isEmpty ? "an expired hold" : with.joined(separator: ", ")) (\(strategy) rank \(rank))"
    }
}
