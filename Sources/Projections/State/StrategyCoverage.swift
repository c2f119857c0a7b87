import Allocation

/// The oracle's figures for one strategy, over every answer it judged under that strategy: the
/// answers to a booking's first quote (every strategy, `coverage.measured`) and the quotes after
/// it (`quote.issued`'s `oracle`). Each answer counts once.
public struct StrategyCoverage: Equatable, Sendable {
    public var strategy: String
    /// Answers judged whole (not cut by a budget).
    public var answers = 0
    public var feasible = 0
    public var quotedFeasible = 0
    /// Feasible sets not offered, against the engine's own rules.
    public var missed = 0
    /// Feasible sets not offered that a rule the engine declared explains.
    public var excluded = 0
    /// Answers whose verdict a budget left unknown (not in the figures above).
    public var limited = 0
    /// Answers that missed at least one set.
    public var answersWithMisses = 0

    public init(strategy: String) { self.strategy = strategy }

    mutating func add(_ verdict: OracleVerdict) {
        guard !verdict.limitReached else { limited += 1; return }
        answers += 1
        feasible += verdict.feasible
        quotedFeasible += verdict.quotedFeasible
        missed += verdict.missedCount
        excluded += verdict.excludedCount
        if verdict.missedCount > 0 { answersWithMisses += 1 }
    }

    mutating func add(_ other: StrategyCoverage) {
        answers += other.answers; feasible += other.feasible; quotedFeasible += other.quotedFeasible
        missed += other.missed; excluded += other.excluded; limited += other.limited; answersWithMisses += other.answersWithMisses
    }

    /// Where a strategy sorts among others: the loop's order (`adjacent-x1`...`adjacent-x5`,
    /// then `relaxed-x1`...), unknown labels last by name.
    static func rank(_ label: String) -> (Int, String) {
        guard let strategy = Strategy(label: label) else { return (100, label) }
        return ((strategy.requireAdjacency ? 0 : 10) + strategy.maxTables, label)
    }
}

extension [StrategyCoverage] {
    /// The entry of a strategy, added in order when new.
    mutating func entry(_ label: String, _ update: (inout StrategyCoverage) -> Void) {
        if let index = firstIndex(where: { $0.strategy == label }) { return update(&self[index]) }
        var added = StrategyCoverage(strategy: label)
        update(&added)
        let position = firstIndex { StrategyCoverage.rank($0.strategy) > StrategyCoverage.rank(label) } ?? count
        insert(added, at: position)
    }
}
