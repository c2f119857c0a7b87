import CanonicalJSON

/// What the coverage oracle found at one booking's first quote: the union of the engine's
/// answers under every strategy against every feasible set and, from capture format 5, each
/// strategy's answer against that strategy's feasible sets (`strategies`).
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
    /// Feasible sets no strategy offered that a rule the engine declared explains (format 5;
    /// 0 before). `missedCount` counts the others.
    public var excludedCount: Int
    /// Each strategy's answer judged on its own, in the order asked (format 5; nil before).
    public var strategies: [StrategyVerdict]?

    public static let listedMisses = 5

    public init(
        feasible: Int, quoted: Int, quotedFeasible: Int, phantomUnavailable: Bool, unsound: [[String]],
        missed: [[String]], missedCount: Int,
        limitReached: Bool = false, excludedCount: Int = 0, strategies: [StrategyVerdict]? = nil
    ) {
        self.limitReached = limitReached
        self.excludedCount = excludedCount
        self.strategies = strategies
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
        writer.field("feasible", feasible)
        writer.field("quoted", quoted)
        writer.field("quoted_feasible", quotedFeasible)
        writer.field("phantom_unavailable", phantomUnavailable)
        writer.key("unsound")
        writer.stringSets(unsound)
        writer.key("missed")
        writer.stringSets(missed)
        writer.field("missed_count", missedCount)
        if limitReached { writer.field("limit_reached", true) }
        if let strategies {
            writer.field("excluded_count", excludedCount)
            writer.key("strategies")
            writer.beginArray()
            for entry in strategies {
                writer.beginObject()
                writer.field("strategy", entry.strategy)
                entry.verdict.encodeFields(into: &writer)
                if let rejected = entry.rejected {
                    writer.key("rejected")
                    writer.beginObject()
                    for reason in rejected {
                        writer.key(dynamic: reason.reason)
                        writer.int(reason.count)
                    }
                    writer.endObject()
                }
                writer.endObject()
            }
            writer.endArray()
        }
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> CoverageMeasured {
        var measured = CoverageMeasured(
            feasible: try cursor.int("feasible", in: EventBounds.count),
            quoted: try cursor.int("quoted", in: EventBounds.count),
            quotedFeasible: try cursor.int("quoted_feasible", in: EventBounds.count),
            phantomUnavailable: try cursor.bool("phantom_unavailable"), unsound: try cursor.stringSets("unsound"),
            missed: try cursor.stringSets("missed"), missedCount: try cursor.int("missed_count", in: EventBounds.count),
            limitReached: cursor.hasField("limit_reached") ? try cursor.bool("limit_reached") : false)
        if cursor.hasField("excluded_count") {
            measured.excludedCount = try cursor.int("excluded_count", in: EventBounds.count)
            try cursor.key("strategies")
            try cursor.beginArray()
            var strategies: [StrategyVerdict] = []
            while try cursor.nextElement() {
                try cursor.beginObject()
                let strategy = try cursor.string("strategy", in: EventVocabulary.strategies)
                let verdict = try OracleVerdict.decodeFields(from: &cursor)
                let rejected =
                    cursor.hasField("rejected")
                    ? try cursor.intMap("rejected", keys: EventVocabulary.reasons, in: EventBounds.count).map {
                        (reason: $0.key, count: $0.value)
                    } : nil
                try cursor.endObject()
                strategies.append(StrategyVerdict(strategy: strategy, verdict: verdict, rejected: rejected))
            }
            measured.strategies = strategies
        }
        return measured
    }

    public var summary: String {
        (limitReached
            ? "oracle: limit reached, coverage unknown (\(quotedFeasible) of at least \(feasible) feasible sets quoted)"
            : "oracle: \(quotedFeasible) of \(feasible) feasible sets quoted")
            + (phantomUnavailable ? ", PHANTOM UNAVAILABLE" : "")
            + (unsound.isEmpty ? "" : ", \(unsound.count) unsound")
            + (missedCount > 0 && !limitReached ? "; missed " + OracleVerdict.setsText(missed, count: missedCount) : "")
            + (excludedCount > 0 ? "; \(excludedCount) excluded by declared rules" : "")
            + (strategies.map { list in
                let short = list.filter { $0.verdict.missedCount > 0 || $0.verdict.limitReached }
                return short.isEmpty
                    ? ""
                    : "; by strategy: "
                        + short.map { entry in
                            entry.verdict.limitReached
                                ? "\(entry.strategy) limit reached"
                                : "\(entry.strategy) \(entry.verdict.quotedFeasible)/\(entry.verdict.feasible) (\(entry.verdict.missedCount) missed)"
                        }.joined(separator: ", ")
            } ?? "")
    }
}
