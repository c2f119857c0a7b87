@testable import Allocation
import Testing

/// `PlanCover` counts what the look-ahead used to visit: for any plans and any candidate of up
/// to five tables, "meets every plan" is the same either way.
@Suite struct PlanCoverTests {
    static func randomSet(_ random: inout SplitMix64, tables: Int, size: Int) -> TableSet {
        var set = TableSet()
        while set.count < size { set.insert(Int(random.next() % UInt64(tables))) }
        return set
    }

    @Test func countingAnswersAsVisitingDoes() throws {
        var random = SplitMix64(seed: 20_261_206)
        var answers = (meets: 0, misses: 0)
        for _ in 0..<40 {
            // Few tables (at least 6, as a candidate holds up to 5), so candidates often meet every plan and often do not.
            let tables = 6 + Int(random.next() % 7)
            var plans = (0..<(1 + Int(random.next() % 40))).map { _ in
                Self.randomSet(&random, tables: tables, size: 1 + Int(random.next() % 3))
            }
            // Every other round, plans that share a table (as plans cut short by the search
            // budget do): the cover answers candidates holding it without counting.
            if random.next() % 2 == 0 {
                let shared = Int(random.next() % UInt64(tables))
                plans = plans.map {
                    var plan = $0
                    plan.insert(shared)
                    return plan
                }.filter { $0.count <= PlanCover.maxMembers }
                if plans.isEmpty { continue }
            }
            var cover = try #require(PlanCover(plans))
            for _ in 0..<200 {
                let candidate = Self.randomSet(&random, tables: tables, size: 1 + Int(random.next() % 5))
                let visited = plans.allSatisfy { $0.intersects(candidate) }
                #expect(
                    cover.meetsEveryPlan(candidate) == visited,
                    "plans \(plans.map(Array.init)), candidate \(Array(candidate))")
                if visited { answers.meets += 1 } else { answers.misses += 1 }
            }
        }
        // Both answers were exercised, many times each.
        #expect(answers.meets > 100 && answers.misses > 100, "\(answers)")
    }

    @Test func plansOrCandidatesTooLargeToCountAreLeftToTheVisit() throws {
        #expect(PlanCover([TableSet(0..<6)]) == nil)
        // No table in every plan, and {0, 1} the only witness: a six-table candidate that meets
        // it must be counted, which is not done past five tables.
        var cover = try #require(PlanCover([TableSet([0, 1]), TableSet([0, 2]), TableSet([1, 2])]))
        #expect(cover.meetsEveryPlan(TableSet([0, 2, 3, 4, 5, 6])) == nil)
        #expect(cover.meetsEveryPlan(TableSet([0, 1])) == true && cover.meetsEveryPlan(TableSet([0, 3])) == false)
        // A candidate holding a table of every plan, or missing a witness, is answered at any size.
        var shared = try #require(PlanCover([TableSet([0, 1]), TableSet([0, 2])]))
        #expect(shared.meetsEveryPlan(TableSet(0..<7)) == true && shared.meetsEveryPlan(TableSet(3..<10)) == false)
    }

    /// The counting table grows many times over and still counts as a dictionary does.
    @Test func subsetCountsCountAsADictionaryDoes() {
        var random = SplitMix64(seed: 7)
        var counts = SubsetCounts()
        var expected: [UInt64: Int] = [:]
        for _ in 0..<200_000 {
            // Keys from a small range, so most repeat; never zero (an empty slot).
            let key = 1 + random.next() % 50_000
            counts.increment(key)
            expected[key, default: 0] += 1
        }
        #expect(expected.count > 40_000)
        #expect(expected.allSatisfy { counts.count(of: $0.key) == $0.value })
        #expect(counts.count(of: 50_001) == 0 && counts.count(of: 1 << 60) == 0)
    }
}
