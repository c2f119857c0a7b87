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
            let plans = (0..<(1 + Int(random.next() % 40))).map { _ in Self.randomSet(&random, tables: tables, size: 1 + Int(random.next() % 3)) }
            let cover = try #require(PlanCover(plans))
            for _ in 0..<200 {
                let candidate = Self.randomSet(&random, tables: tables, size: 1 + Int(random.next() % 5))
                let visited = plans.allSatisfy { $0.intersects(candidate) }
                #expect(cover.meetsEveryPlan(candidate) == visited, "plans \(plans.map(Array.init)), candidate \(Array(candidate))")
                if visited { answers.meets += 1 } else { answers.misses += 1 }
            }
        }
        // Both answers were exercised, many times each.
        #expect(answers.meets > 100 && answers.misses > 100, "\(answers)")
    }

    @Test func plansOrCandidatesTooLargeToCountAreLeftToTheVisit() {
        #expect(PlanCover([TableSet(0..<6)]) == nil)
        let cover = PlanCover([TableSet([0, 1])])
        #expect(cover?.meetsEveryPlan(TableSet(0..<6)) == nil)
        #expect(cover?.meetsEveryPlan(TableSet([1])) == true && cover?.meetsEveryPlan(TableSet([2])) == false)
    }
}
