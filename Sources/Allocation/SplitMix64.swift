/// SplitMix64 (Steele, Lea, Flood 2014): the one source of randomness in a run. Small, fast,
/// fully specified, so a capture's seed means the same thing on every machine and in every
/// future version. A known-answer test pins the algorithm.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one purpose (scheduler, generator...), independent of the others drawn
    /// from the same seed: the seed is mixed with the purpose's constant first.
    public init(seed: UInt64, stream: RandomStream) {
        var mixer = SplitMix64(seed: seed ^ stream.rawValue)
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's method, unbiased), so no Foundation or
    /// standard-library algorithm that could change between versions decides an outcome.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let bound64 = UInt64(bound)
        var product = next().multipliedFullWidth(by: bound64)
        if product.low < bound64 {
            let threshold = (0 &- bound64) % bound64
            while product.low < threshold { product = next().multipliedFullWidth(by: bound64) }
        }
        return Int(product.high)
    }

    /// True with probability `numerator / denominator`.
    public mutating func chance(_ numerator: Int, in denominator: Int) -> Bool {
        below(denominator) < numerator
    }

    /// Fisher-Yates shuffle with this generator (the standard library's algorithm is not promised
    /// to stay the same).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for index in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(index, below(index + 1))
        }
    }
}

/// The purposes that draw random numbers, each its own stream. Never renumber a case: captures
/// depend on these constants.
public enum RandomStream: UInt64, Sendable {
    case scenarioGenerator = 0x5343_454E_4152_494F  // "SCENARIO"
    case scheduler = 0x5343_4845_4455_4C45  // "SCHEDULE"
    case engineCheck = 0x454E_4743_4845_434B  // "ENGCHECK"
    /// Edits and cancellations: `scenario generate --edit-rate/--cancel-rate` and reserve mode's
    /// clients (their own stream, so a day or run without changes draws exactly as before).
    case changes = 0x4348_414E_4745_5321  // "CHANGES!"
}
