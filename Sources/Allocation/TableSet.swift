/// A set of a restaurant's tables by index (0..<511; `lexicographicKey` packs index + 1 in 9 bits), as eight machine words: unions,
/// intersections and counts are a few instructions, which is what makes combination search and
/// the look-ahead cheap. (Four words held 256 tables; a 400-table venue needs more.)
public struct TableSet: Hashable, Comparable, Sendable, Sequence {
    /// Restaurants may hold at most this many tables (checked when a scenario is loaded).
    public static let capacity = 511

    public var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    public var w4: UInt64 = 0, w5: UInt64 = 0, w6: UInt64 = 0, w7: UInt64 = 0

    public init() {}

    public init<S: Sequence>(_ indices: S) where S.Element == Int {
        for index in indices { insert(index) }
    }

    public var isEmpty: Bool { (w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7) == 0 }
    public var count: Int { w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount + w4.nonzeroBitCount + w5.nonzeroBitCount + w6.nonzeroBitCount + w7.nonzeroBitCount }

    public func contains(_ index: Int) -> Bool { word(index >> 6) & (UInt64(1) << UInt64(index & 63)) != 0 }

    public mutating func insert(_ index: Int) {
        let bit = UInt64(1) << UInt64(index & 63)
        switch index >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        case 3: w3 |= bit
        case 4: w4 |= bit
        case 5: w5 |= bit
        case 6: w6 |= bit
        default: w7 |= bit
        }
    }

    public mutating func remove(_ index: Int) {
        let bit = ~(UInt64(1) << UInt64(index & 63))
        switch index >> 6 {
        case 0: w0 &= bit
        case 1: w1 &= bit
        case 2: w2 &= bit
        case 3: w3 &= bit
        case 4: w4 &= bit
        case 5: w5 &= bit
        case 6: w6 &= bit
        default: w7 &= bit
        }
    }

    public func union(_ other: TableSet) -> TableSet {
        var result = self
        result.w0 |= other.w0; result.w1 |= other.w1; result.w2 |= other.w2; result.w3 |= other.w3; result.w4 |= other.w4; result.w5 |= other.w5; result.w6 |= other.w6; result.w7 |= other.w7
        return result
    }

    public func intersection(_ other: TableSet) -> TableSet {
        var result = self
        result.w0 &= other.w0; result.w1 &= other.w1; result.w2 &= other.w2; result.w3 &= other.w3; result.w4 &= other.w4; result.w5 &= other.w5; result.w6 &= other.w6; result.w7 &= other.w7
        return result
    }

    /// The members of this set that are not in `other`.
    public func subtracting(_ other: TableSet) -> TableSet {
        var result = self
        result.w0 &= ~other.w0; result.w1 &= ~other.w1; result.w2 &= ~other.w2; result.w3 &= ~other.w3; result.w4 &= ~other.w4; result.w5 &= ~other.w5; result.w6 &= ~other.w6; result.w7 &= ~other.w7
        return result
    }

    public func intersects(_ other: TableSet) -> Bool {
        (w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3) | (w4 & other.w4) | (w5 & other.w5) | (w6 & other.w6) | (w7 & other.w7) != 0
    }

    /// Indices in increasing order, without allocating.
    public func makeIterator() -> Iterator { Iterator(set: self) }

    public struct Iterator: IteratorProtocol {
        private let set: TableSet
        private var bits: UInt64
        private var word = 0

        init(set: TableSet) {
            self.set = set
            bits = set.w0
        }

        public mutating func next() -> Int? {
            while true {
                if bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    bits &= bits - 1
                    return word * 64 + bit
                }
                word += 1
                guard word < 8 else { return nil }
                bits = set.word(word)
            }
        }
    }

    /// Lowest index, or nil when empty.
    public var first: Int? {
        for index in 0..<8 where word(index) != 0 { return index * 64 + word(index).trailingZeroBitCount }
        return nil
    }

    /// Orders sets by their sorted index lists (lexicographic), a stable tie-break. Computed on
    /// the words: at the lowest index where the sets differ, the set holding it comes first
    /// unless the other set has nothing beyond it (then the other is a prefix and comes first).
    public static func < (lhs: TableSet, rhs: TableSet) -> Bool {
        for word in 0..<8 {
            let left = lhs.word(word), right = rhs.word(word)
            guard left != right else { continue }
            let bit = (left ^ right).trailingZeroBitCount
            let leftHolds = (left >> UInt64(bit)) & 1 == 1
            let other = leftHolds ? rhs : lhs
            // Does the other set hold any index above `bit`?
            var beyond = bit < 63 && other.word(word) >> UInt64(bit + 1) != 0
            for later in (word + 1)..<8 where other.word(later) != 0 { beyond = true }
            return leftHolds ? beyond : !beyond
        }
        return false
    }

    @inline(__always)
    func word(_ index: Int) -> UInt64 {
        switch index {
        case 0: w0
        case 1: w1
        case 2: w2
        case 3: w3
        case 4: w4
        case 5: w5
        case 6: w6
        default: w7
        }
    }

    /// Most tables a `lexicographicKey` can pack (9 bits each).
    public static let keyedCapacity = 7

    /// The set as one integer with the same order as `<`, for sets of at most `keyedCapacity`
    /// tables (nil otherwise): indices plus one, 9 bits each, the lowest in the top bits and
    /// zeros after the last, so a prefix sorts first. Sorting integers is far cheaper than
    /// sorting eight-word sets through `<`, which is what the coverage oracle does per booking.
    public var lexicographicKey: UInt64? {
        guard count <= Self.keyedCapacity else { return nil }
        var key: UInt64 = 0, shift: UInt64 = 54
        for word in 0..<8 {
            var bits = self.word(word)
            while bits != 0 {
                key |= UInt64(word &* 64 &+ bits.trailingZeroBitCount &+ 1) &<< shift
                shift &-= 9
                bits &= bits &- 1
            }
        }
        return key
    }

    /// The set a `lexicographicKey` was made from.
    public init(lexicographicKey key: UInt64) {
        var shift: UInt64 = 54
        while true {
            let field = Int((key >> shift) & 0x1FF)
            if field == 0 { break }
            insert(field - 1)
            if shift == 0 { break }
            shift -= 9
        }
    }
}
