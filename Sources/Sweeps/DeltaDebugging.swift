import CommandSupport

/// Zeller's ddmin over a list of parts: the smallest subset (1-minimal: removing any one more
/// part loses the property) for which `holds` is still true. Candidates are tried in a fixed
/// order, `batch` at a time (in parallel by the caller), and the first in that order that holds
/// wins, so the result does not depend on which recording finished first.
package struct DeltaDebugging {
    /// How many candidates are judged together.
    package var batch: Int
    /// Judges candidates (lists of kept parts), in order; returns one verdict per candidate.
    package var judge: ([[Int]]) throws -> [Bool]

    package func minimize(_ parts: [Int]) throws -> [Int] {
        guard !parts.isEmpty else { return parts }
        if try judge([[]]) == [true] { return [] }
        var current = parts
        var granularity = 2
        while current.count >= 2 {
            let chunks = Self.split(current, into: granularity)
            let complements = chunks.indices.map { index in
                chunks.enumerated().filter { $0.offset != index }.flatMap(\.element)
            }
            // With two chunks, each subset is the other's complement: try them once.
            let candidates = granularity == 2 ? chunks : chunks + complements
            guard let found = try firstHolding(candidates) else {
                if granularity >= current.count { break }
                granularity = min(granularity * 2, current.count)
                continue
            }
            current = candidates[found]
            granularity = found < chunks.count ? 2 : max(granularity - 1, 2)
        }
        return current
    }

    private func firstHolding(_ candidates: [[Int]]) throws -> Int? {
        var start = 0
        while start < candidates.count {
            let end = min(start + max(batch, 1), candidates.count)
            let verdicts = try judge(Array(candidates[start..<end]))
            if let hit = verdicts.firstIndex(of: true) { return start + hit }
            start = end
        }
        return nil
    }

    /// `parts` in `count` contiguous chunks of near-equal size (the first ones one larger).
    package static func split(_ parts: [Int], into count: Int) -> [[Int]] {
        let size = parts.count / count
        let larger = parts.count % count
        var chunks: [[Int]] = []
        var start = 0
        for index in 0..<count {
            let length = size + (index < larger ? 1 : 0)
            chunks.append(Array(parts[start..<start + length]))
            start += length
        }
        return chunks.filter { !$0.isEmpty }
    }
}
