import Foundation
import Scenarios
import StressRunner
import Testing

@testable import Sweeps

/// Sweep and shrink logic in process (before #33 item 6 it lived in the executable, reachable only
/// through child processes): delta debugging, shards, the sweep's gates.
@Suite struct SweepsTests {
    /// ddmin keeps exactly the parts the property needs, and the batch (how many candidates are
    /// judged together, in parallel in a shrink) never changes which subset wins.
    @Test func deltaDebuggingKeepsWhatThePropertyNeedsWhateverTheBatch() throws {
        let needed: Set<Int> = [3, 17, 29]
        var results: [[Int]] = []
        for batch in [1, 3, 8] {
            var judged = 0
            let search = DeltaDebugging(batch: batch) { candidates in
                judged += candidates.count
                return candidates.map { Set($0).isSuperset(of: needed) }
            }
            results.append(try search.minimize(Array(0..<40)))
            #expect(judged < 400, "batch \(batch): \(judged) candidates judged")
        }
        #expect(results.allSatisfy { $0 == [3, 17, 29] }, "\(results)")
    }

    @Test func deltaDebuggingGivesTheEmptySetWhenNothingIsNeeded() throws {
        let search = DeltaDebugging(batch: 2) { $0.map { _ in true } }
        #expect(try search.minimize(Array(0..<10)).isEmpty)
    }

    @Test func chunksCoverThePartsInOrder() {
        let chunks = DeltaDebugging.split(Array(0..<10), into: 3)
        #expect(chunks == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(DeltaDebugging.split([1, 2], into: 5) == [[1], [2]])
    }

    /// Every run belongs to exactly one shard of a split; malformed shards are refused.
    @Test func shardsSplitTheGridWithoutOverlap() throws {
        let shards = try (1...4).map { try #require(Shard.parse("\($0)/4")) }
        for position in 0..<200 {
            #expect(shards.filter { $0.contains(position: position) }.count == 1)
        }
        for bad in ["0/4", "5/4", "1/0", "x/2", "1/", "/2", "1/2/3", "1234567/9999999"] {
            #expect(Shard.parse(bad) == nil, "\(bad)")
        }
        #expect(Shard.parse("3/7")?.text == "3/7")
    }

    @Test func sweepGatesNameTheirStatistic() throws {
        let gate = try SweepExpectation.parse("success.p10 >= 80%").get()
        #expect(gate.statistic?.rawValue == "p10")
        guard case .failure(let error) = SweepExpectation.parse("success.p11>=80%") else {
            Issue.record("an unknown statistic was taken")
            return
        }
        #expect(error.description.contains("unknown statistic p11"), "\(error)")
    }

    /// A sweep's identity holds every option its runs share that shapes them: two sweeps that
    /// differ in the clone order or the guests' changes are two sweeps. Options left at their
    /// defaults are not written, so a sweep without them keeps the text it had.
    @Test func aSweepsIdentityHoldsEveryRunOptionSet() {
        func definition(_ change: (inout RunOptions) -> Void) -> SweepDefinition {
            var base = RunOptions()
            change(&base)
            return SweepDefinition(
                scenarios: [.init(label: "default", scenario: DefaultScenario.make(), digest: "built-in")],
                modes: [.reserve], clients: [1], maxTables: [4], holdTTLs: [180], seeds: 1...2, base: base,
                checks: [.invariants], keep: .failing, expectations: [], optimum: false)
        }
        let plain = definition { _ in }.canonicalText
        for key in ["clone_order", "edit_rate_per_mille", "cancel_rate_per_mille", "engine_protocol"] {
            #expect(!plain.contains(key), "\(key) in \(plain)")
        }
        let changed = [
            definition { $0.cloneOrder = .arrival }, definition { $0.editRatePerMille = 200 },
            definition { $0.cancelRatePerMille = 100 }
        ].map(\.canonicalText)
        #expect(Set(changed + [plain]).count == 4, "\(changed)")
        #expect(changed[0].contains(#""clone_order":"arrival""#), "\(changed[0])")
    }

    /// A text value that starts with a dash is written `--name=value`, so the `record` child reads
    /// it as the value and not as an option of its own.
    @Test func aValueStartingWithADashStaysAValue() {
        var options = RunOptions()
        options.engineCommand = "-x"
        options.restaurants = ["-pub"]
        let arguments = RecordArguments.make(scenarioPath: "day.json", options: options)
        #expect(arguments.contains("--engine=-x") && arguments.contains("--restaurant=-pub"), "\(arguments)")
        options.engineCommand = "python3 engine.py"
        #expect(
            RecordArguments.make(scenarioPath: nil, options: options).suffix(2) == ["--engine", "python3 engine.py"])
    }
}
