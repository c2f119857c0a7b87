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

    public init(hold: String, tables: [String], startMinute: Int, endMinute: Int, expiresAt: Int, strategy: String, rank: Int, score: Int) {
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

    public func encode(into w: inout JSONWriter) {
        w.field("hold", hold); w.field("tables", tables); w.field("start_minute", startMinute)
        w.field("end_minute", endMinute); w.field("expires_at", expiresAt); w.field("strategy", strategy)
        w.field("rank", rank); w.field("score", score)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> HoldPlaced {
        HoldPlaced(hold: try p.string("hold"), tables: try p.strings("tables"), startMinute: try p.int("start_minute"),
                   endMinute: try p.int("end_minute"), expiresAt: try p.int("expires_at"),
                   strategy: try p.string("strategy", in: EventVocabulary.strategies), rank: try p.int("rank"), score: try p.int("score"))
    }

    public var summary: String {
        "\(hold) on \(tables.joined(separator: "+")) \(ClockText.minutes(startMinute))-\(ClockText.minutes(endMinute)), \(strategy) rank \(rank), expires \(ClockText.seconds(expiresAt))"
    }
}
