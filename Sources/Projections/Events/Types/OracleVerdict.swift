import CanonicalJSON

/// The coverage oracle's verdict on one answer under one strategy (capture format 5): how many
/// feasible sets the strategy allowed at that state, how many the answer offered, which it
/// missed against the engine's own rules, and how many a rule the engine declared explains.
/// Carried by `quote.issued` (`oracle`, every quote after a booking's first) and by each entry
/// of `coverage.measured`'s `strategies` (a booking's first quote, every strategy).
public struct OracleVerdict: Equatable, Sendable {
    public var feasible: Int
    public var quotedFeasible: Int
    public var missedCount: Int
    /// The first `CoverageMeasured.listedMisses` missed sets, in `<` order of the floor's tables.
    public var missed: [[String]]
    /// Feasible sets not offered that a rule the engine declared explains (`DeclaredRules`).
    public var excludedCount: Int
    /// A budget stopped the search or the oracle: the verdict is unknown (no missed sets).
    public var limitReached: Bool
    /// On an edit's quote (format 7): the feasible sets that keep every one of the booking's
    /// current tables, and how many of those the answer offered. One such set must be offered
    /// whenever one exists (`offered` 0 with `feasible` above 0 is a finding).
    public var keeping: Keeping?

    public struct Keeping: Equatable, Sendable {
        public var feasible: Int
        public var offered: Int
        public init(feasible: Int, offered: Int) {
            self.feasible = feasible
            self.offered = offered
        }
    }

    public init(
        feasible: Int, quotedFeasible: Int, missedCount: Int, missed: [[String]], excludedCount: Int,
        limitReached: Bool = false
    ) {
        self.feasible = feasible
        self.quotedFeasible = quotedFeasible
        self.missedCount = missedCount
        self.missed = missed
        self.excludedCount = excludedCount
        self.limitReached = limitReached
    }

    /// The fields, inside an object the caller opened.
    public func encodeFields(into writer: inout JSONWriter) {
        writer.field("feasible", feasible)
        writer.field("quoted_feasible", quotedFeasible)
        writer.field("missed_count", missedCount)
        writer.key("missed")
        writer.stringSets(missed)
        writer.field("excluded_count", excludedCount)
        if limitReached { writer.field("limit_reached", true) }
        if let keeping {
            writer.key("keeping")
            writer.beginObject()
            writer.field("feasible", keeping.feasible)
            writer.field("offered", keeping.offered)
            writer.endObject()
        }
    }

    /// The fields `encodeFields` wrote, inside an object the caller opened.
    public static func decodeFields(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> OracleVerdict {
        var verdict = OracleVerdict(
            feasible: try cursor.int("feasible", in: EventBounds.count),
            quotedFeasible: try cursor.int("quoted_feasible", in: EventBounds.count),
            missedCount: try cursor.int("missed_count", in: EventBounds.count), missed: try cursor.stringSets("missed"),
            excludedCount: try cursor.int("excluded_count", in: EventBounds.count),
            limitReached: cursor.hasField("limit_reached") ? try cursor.bool("limit_reached") : false)
        if cursor.hasField("keeping") {
            try cursor.key("keeping")
            try cursor.beginObject()
            verdict.keeping = Keeping(
                feasible: try cursor.int("feasible", in: EventBounds.count),
                offered: try cursor.int("offered", in: EventBounds.count))
            try cursor.endObject()
        }
        return verdict
    }

    /// "T1+T2, T3 and 4 more": listed sets of `count` in words.
    public static func setsText(_ sets: [[String]], count: Int) -> String {
        sets.map { $0.joined(separator: "+") }.joined(separator: ", ")
            + (count > sets.count ? " and \(count - sets.count) more" : "")
    }

    /// "oracle: 11 of 12 feasible sets offered, missed T1+T2+T3" in words.
    public var summary: String {
        if limitReached { return "oracle: limit reached, coverage unknown" }
        var text = "oracle: \(quotedFeasible) of \(feasible) feasible sets offered"
        if missedCount > 0 { text += ", missed " + Self.setsText(missed, count: missedCount) }
        if excludedCount > 0 { text += ", \(excludedCount) excluded by declared rules" }
        if let keeping {
            text +=
                keeping.feasible == 0
                ? "; no feasible set keeps the current tables"
                : keeping.offered == 0
                    ? "; none of the \(keeping.feasible) sets keeping the current tables offered"
                    : "; \(keeping.offered) of \(keeping.feasible) sets keeping the current tables offered"
        }
        return text
    }
}
