import Allocation
import Scenarios
import Testing

/// A seeded mutation loop in the test suite (the long libFuzzer runs are scripts/fuzz): every
/// mutant of a valid scenario must load or fail with a ScenarioError naming the file, never trap.
@Suite struct ScenarioMutationTests {
    static func mutate(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var mutant = bytes
        for _ in 0...generator.below(4) {
            guard !mutant.isEmpty else { break }
            let position = generator.below(mutant.count)
            switch generator.below(5) {
            case 0: mutant[position] ^= UInt8(1 << generator.below(8))
            case 1: mutant.remove(at: position)
            case 2: mutant.insert(Array("{}[],:\"0-9.etrufalsn \\".utf8)[generator.below(22)], at: position)
            case 3: mutant = Array(mutant.prefix(position))
            default:
                mutant.replaceSubrange(
                    position..<min(mutant.count, position + generator.below(8) + 1),
                    with: Array(mutant[generator.below(mutant.count)...].prefix(8)))
            }
        }
        return mutant
    }

    @Test func mutantsOfTheDefaultScenarioNeverTrap() {
        let seed: UInt64 = 20_251_125
        var generator = SplitMix64(seed: seed)
        let original = Array(DefaultScenario.make().jsonText.utf8)
        var loaded = 0
        var refused = 0
        for iteration in 0..<3000 {
            let mutant = Self.mutate(original, using: &generator)
            do {
                let scenario = try ScenarioLoader.parse(bytes: mutant, file: "mutant.json")
                #expect(
                    try ScenarioLoader.parse(text: scenario.jsonText, file: "again.json") == scenario,
                    "seed \(seed) iteration \(iteration)")
                loaded += 1
            } catch {
                #expect(error.file == "mutant.json", "seed \(seed) iteration \(iteration)")
                refused += 1
            }
        }
        #expect(loaded > 0 && refused > 0, "loaded \(loaded), refused \(refused)")
    }
}
