import Allocation
import EventLog
import Foundation
import Replayer
import Scenarios
import StressRunner
import Testing

/// Mutated capture files (bytes flipped, cut, overwritten) must open with a CaptureError or give
/// a result; verify, rebuild and reproduce must never trap on them.
@Suite struct CaptureMutationTests {
    @Test func mutatedCapturesNeverTrap() throws {
        let path = try recordCapture(ScenarioGenerator.make(restaurants: 1, bookings: 6, seed: 2))
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let seed: UInt64 = 7
        var generator = SplitMix64(seed: seed)
        let folder = temporaryFolder()
        var opened = 0
        var refused = 0
        for iteration in 0..<300 {
            var mutant = original
            for _ in 0...generator.below(6) {
                let position = generator.below(mutant.count)
                switch generator.below(3) {
                case 0: mutant[position] ^= UInt8(1 << generator.below(8))
                case 1: mutant[position] = UInt8(generator.below(256))
                default: if generator.below(10) == 0 { mutant = Array(mutant.prefix(position)) }
                }
            }
            let file = folder.appendingPathComponent("m\(iteration).db").path
            try Data(mutant).write(to: URL(fileURLWithPath: file))
            guard let reader = try? CaptureReader(path: file) else {
                refused += 1
                continue
            }
            opened += 1
            _ = try? Verifier.verify(reader)
            _ = try? Rebuilder.fold(reader)
            _ = try? Reproducer.run(reader)
        }
        #expect(opened > 0, "seed \(seed): no mutant opened")
        print("capture mutants: \(opened) opened, \(refused) refused at open (seed \(seed))")
    }
}
