import CanonicalJSON

public struct CoverageMeasured: Equatable, Sendable {
    public var feasible: Int
    public var quoted: Int
    public var quotedFeasible: Int
    public var phantomUnavailable: Bool
    public var unsound: [[String]]
    /// The first few feasible sets the allocator did not offer.
    public var missed: [[String]]
    public var missedCount: Int
    /// A budget stopped the search or the oracle: coverage for this booking is unknown (no
    /// missed, no unsound by comparison). Written only when true (`"limit_reached":true`,
    /// capture format 3).
    public var limitReached: Bool

    public static let listedMisses = 5

    public init(feasible: Int, quoted: Int, quotedFeasible: Int, phantomUnavailable: Bool, unsound: [[String]], missed: [[String]], missedCount: Int,
                limitReached: Bool = false) {
        self.limitReached = limitReached
        self.feasible = feasible
        self.quoted = quoted
        self.quotedFeasible = quotedFeasible
        self.phantomUnavailable = phantomUnavailable
        self.unsound = unsound
        self.missed = missed
        self.missedCount = missedCount
    }
}

extension CoverageMeasured: EventPayload {
    public static let type = "coverage.measured"
    public var body: EventBody { .coverageMeasured(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("feasible", feasible); writer.field("quoted", quoted); writer.field("quoted_feasible", quotedFeasible)
        writer.field("phantom_unavailable", phantomUnavailable)
        writer.key("unsound"); writer.stringSets(unsound)
        writer.key("missed"); writer.stringSets(missed)
        writer.field("missed_count", missedCount)
        if limitReached { writer.field("limit_reached", true) }
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> CoverageMeasured {
        CoverageMeasured(feasible: try cursor.int("feasible"), quoted: try cursor.int("quoted"), quotedFeasible: try cursor.int("quoted_feasible"),
                         phantomUnavailable: try cursor.bool("phantom_unavailable"), unsound: try cursor.stringSets("unsound"),
                         missed: try cursor.stringSets("missed"), missedCount: try cursor.int("missed_count"),
                         limitReached: cursor.hasField("limit_reached") ? try cursor.bool("limit_reached") : false)
    }

    public var summary: String {
        (limitReached ? "oracle: limit reached, coverage unknown (\(quotedFeasible) of at least \(feasible) feasible sets quoted)"
                      : "oracle: \(quotedFeasible) of \(feasible) feasible sets quoted") + (phantomUnavailable ? ", PHANTOM UNAVAILABLE" : "")
            + (unsound.isEmpty ? "" : ", \(unsound.count) unsound")
    }
}
