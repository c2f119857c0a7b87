/// A set of a restaurant's tables by index (0..<256), as four machine words: unions,
/// intersections and counts are a few instructions, which is what makes combination search and
/// the look-ahead cheap.
public struct TableSet: Hashable, Comparable, Sendable, Sequence {
    /// Restaurants may hold at most this many tables (checked when a scenario is loaded).
    public static let capacity = 256

    public var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    public init() {}

    public init<S: Sequence>(_ indices: S) where S.Element == Int {
        for index in indices { insert(index) }
    }

    public var isEmpty: Bool { (w0 | w1 | w2 | w3) == 0 }
    public var count: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount }

    public func contains(_ index: Int) -> Bool {
        let bit = UInt64(1) << UInt64(index & 63)
        switch index >> 6 {
        case 0: return w0 & bit != 0
        case 1: return w1 & bit != 0
        case 2: return w2 & bit != 0
        default: return w3 & bit != 0
        }
    }

    public mutating func insert(_ index: Int) {
        let bit = UInt64(1) << UInt64(index & 63)
        switch index >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        default: w3 |= bit
        }
    }

    public mutating func remove(_ index: Int) {
        let bit = ~(UInt64(1) << UInt64(index & 63))
        switch index >> 6 {
        case 0: w0 &= bit
        case 1: w1 &= bit
        case 2: w2 &= bit
        default: w3 &= bit
        }
    }

    public func union(_ other: TableSet) -> TableSet {
        var result = self
        result.w0 |= other.w0; result.w1 |= other.w1; result.w2 |= other.w2; result.w3 |= other.w3
        return result
    }

    public func intersection(_ other: TableSet) -> TableSet {
        var result = self
        result.w0 &= other.w0; result.w1 &= other.w1; result.w2 &= other.w2; result.w3 &= other.w3
        return result
    }

    public func intersects(_ other: TableSet) -> Bool {
        (w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3) != 0
    }

    /// Indices in increasing order.
    public func makeIterator() -> IndexingIterator<[Int]> {
        var indices: [Int] = []
        indices.reserveCapacity(count)
        for (wordIndex, word) in [w0, w1, w2, w3].enumerated() {
            var remaining = word
            while remaining != 0 {
                let bit = remaining.trailingZeroBitCount
                indices.append(wordIndex * 64 + bit)
                remaining &= remaining - 1
            }
        }
        return indices.makeIterator()
    }

    /// Lowest index, or nil when empty.
    public var first: Int? {
        if w0 != 0 { return w0.trailingZeroBitCount }
        if w1 != 0 { return 64 + w1.trailingZeroBitCount }
        if w2 != 0 { return 128 + w2.trailingZeroBitCount }
        if w3 != 0 { return 192 + w3.trailingZeroBitCount }
        return nil
    }

    /// Orders sets by their sorted index lists (lexicographic), a stable tie-break.
    public static func < (lhs: TableSet, rhs: TableSet) -> Bool {
        Array(lhs).lexicographicallyPrecedes(Array(rhs))
    }
}
