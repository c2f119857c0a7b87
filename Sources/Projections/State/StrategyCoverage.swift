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
    /// Missed sets listed by the verdicts (the first 5 of each answer), by their number of tables
    /// (index 1...5; 0 unused): what `shrink --until missed` keeps and the reports break down.
    public var listedMissesBySize = [Int](repeating: 0, count: 6)

    public init(strategy: String) { self.strategy = strategy }

    /// Missed sets of this many tables (as listed), or every missed set when `size` is nil.
    public func misses(size: Int?) -> Int {
        guard let size else { return missed }
        return listedMissesBySize.indices.contains(size) ? listedMissesBySize[size] : 0
    }

    mutating func add(_ verdict: OracleVerdict) {
        guard !verdict.limitReached else {
            limited += 1
            return
        }
        answers += 1
        feasible += verdict.feasible
        quotedFeasible += verdict.quotedFeasible
        missed += verdict.missedCount
        excluded += verdict.excludedCount
        if verdict.missedCount > 0 { answersWithMisses += 1 }
        for set in verdict.missed where set.count < listedMissesBySize.count { listedMissesBySize[set.count] += 1 }
    }

    mutating func add(_ other: StrategyCoverage) {
        answers += other.answers
        feasible += other.feasible
        quotedFeasible += other.quotedFeasible
        missed += other.missed
        excluded += other.excluded
        limited += other.limited
        answersWithMisses += other.answersWithMisses
        for size in listedMissesBySize.indices { listedMissesBySize[size] += other.listedMissesBySize[size] }
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
