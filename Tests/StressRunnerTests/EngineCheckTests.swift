import Allocation
import Projections
@testable import StressRunner
import Testing

/// The engine check's cases and what a quote request lists, without an engine process.
@Suite struct EngineCheckTests {
    /// A booking at 19:00 for 60 minutes with a 15-minute buffer: window [1140, 1215). Busy
    /// windows (each 45 minutes plus the buffer) that overlap, touch either end, lie within the
    /// buffer, or lie apart, each on a table of its own.
    static let boundaryCase: EngineCheck.Case = {
        let restaurant = Restaurant(
            slug: "edges", services: [ServicePeriod(name: "all", startMinute: 600, endMinute: 1680)],
            turnMinutes: TurnTable([(2, 60)]), bufferMinutes: 15, maxOverage: 4)
        let starts = [
            ("overlaps", 1150), ("touches-start", 1140 - 60), ("touches-end", 1215), ("buffer-before", 1140 - 60 - 10),
            ("buffer-after", 1215 + 10), ("apart", 1215 + 16)
        ]
        return EngineCheck.Case(
            name: "edges", purpose: "", restaurant: restaurant,
            tables: starts.map { Table(id: $0.0, zone: "main", minCovers: 1, maxCovers: 2) }, adjacency: [],
            occupied: starts.map {
                EngineCheck.Case.Occupation(start: $0.1, durationMinutes: 45, party: 1, tables: [$0.0], confirmed: true)
            },
            party: 2, start: 1140, durationMinutes: 60,
            strategy: Strategy(label: "relaxed-x1", requireAdjacency: false, maxTables: 1),
            feasible: nil)
    }()

    @Test func busyListsWhatTouchesOrLiesWithinTheBufferOfTheWindow() throws {
        var question = try EngineCheck.question(Self.boundaryCase)
        #expect(
            EngineMessage.busy(question).map(\.table) == [
                "buffer-after", "buffer-before", "overlaps", "touches-end", "touches-start"
            ])
        // An older capture's requests (no margin) listed only what overlaps.
        question.busyMarginMinutes = nil
        #expect(EngineMessage.busy(question).map(\.table) == ["overlaps"])
        // Only the overlapping table is unavailable: five single tables are feasible.
        let feasible = EngineCheck.feasible(Self.boundaryCase, question: try EngineCheck.question(Self.boundaryCase))
        #expect(feasible.sets.count == 5)
        let features = CheckFeatures.of(question: try EngineCheck.question(Self.boundaryCase), feasible: feasible.sets)
        #expect(features.contains(.busyTouching) && features.contains(.busyWithinBuffer))
    }

    @Test func aCaseIsTheSameWhateverElseIsGenerated() {
        let generator = CheckCaseGenerator(seed: 3)
        let alone = generator.make(41)
        let again = CheckCaseGenerator(seed: 3).make(41)
        let other = CheckCaseGenerator(seed: 4).make(41)
        #expect(
            alone.tables == again.tables && alone.occupied == again.occupied && alone.party == again.party
                && alone.strategy == again.strategy)
        #expect(alone.tables != other.tables || alone.party != other.party || alone.occupied != other.occupied)
    }

    /// The default 1,000 cases of seed 1 build under the run's own rules and hold every feature
    /// the generator claims, each in at least 20 cases.
    @Test func theGeneratedCasesCoverWhatAllocatorsGetWrong() throws {
        let generator = CheckCaseGenerator(seed: 1)
        var counts = [Int](repeating: 0, count: CheckFeatures.described.count)
        var setSizes = [Int](repeating: 0, count: 6)
        var strategies: [String] = []
        for number in 0..<1_000 {
            let check = generator.make(number)
            let question = try EngineCheck.question(check, lookAheadMinutes: 120)
            let feasible = EngineCheck.feasible(check, question: question)
            #expect(!feasible.limitReached)
            let features = CheckFeatures.of(question: question, feasible: feasible.sets)
            for (index, entry) in CheckFeatures.described.enumerated() where features.contains(entry.feature) {
                counts[index] += 1
            }
            for set in feasible.sets { setSizes[set.count] += 1 }
            if !strategies.contains(check.strategy.label) { strategies.append(check.strategy.label) }
        }
        for (index, entry) in CheckFeatures.described.enumerated() {
            #expect(counts[index] >= 20, "\(entry.inCase): \(counts[index]) cases")
        }
        #expect(setSizes[1...5].allSatisfy { $0 >= 50 }, "feasible sets by size: \(setSizes)")
        #expect(strategies.count == 10, "\(strategies.sorted())")
    }
}
