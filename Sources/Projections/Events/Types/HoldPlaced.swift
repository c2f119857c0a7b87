import Allocation
import CanonicalJSON

public struct HoldPlaced: Equatable, Sendable {
    public var hold: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int
    public var expiresAt: Int
    public var strategy: String
    /// 1 for the quote's best candidate.
    public var rank: Int
    public var score: Int

    public init(
        hold: String, tables: [String], startMinute: Int, endMinute: Int, expiresAt: Int, strategy: String, rank: Int,
        score: Int
    ) {
        self.hold = hold
        self.tables = tables
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.expiresAt = expiresAt
        self.strategy = strategy
        self.rank = rank
        self.score = score
    }
}

extension HoldPlaced: EventPayload {
    public static let type = "hold.placed"
    public var body: EventBody { .holdPlaced(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("hold", hold)
        writer.field("tables", tables)
        writer.field("start_minute", startMinute)
        writer.field("end_minute", endMinute)
        writer.field("expires_at", expiresAt)
        writer.field("strategy", strategy)
        writer.field("rank", rank)
        writer.field("score", score)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> HoldPlaced {
        HoldPlaced(
            hold: try cursor.string("hold"), tables: try cursor.strings("tables"),
            startMinute: try cursor.int("start_minute", in: EventBounds.minute),
            endMinute: try cursor.int("end_minute", in: EventBounds.minute),
            expiresAt: try cursor.int("expires_at", in: EventBounds.clock),
            strategy: try cursor.string("strategy", in: EventVocabulary.strategies),
            rank: try cursor.int("rank", in: EventBounds.count), score: try cursor.int("score", in: EventBounds.score))
    }

    public var summary: String {
        "\(hold) on \(tables.joined(separator: "+")) \(ClockText.minutes(startMinute))-\(ClockText.minutes(endMinute)), \(strategy) rank \(rank), expires \(ClockText.seconds(expiresAt))"
    }
}
