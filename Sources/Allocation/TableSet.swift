/// A set of a restaurant's tables by index (0..<256), as four machine words: unions,
/// intersections and counts are a few instructions, which is what makes combination search and
/// the look-ahead cheap.
public struct TableSet: Hashable, Comparable, Sendable, Sequence {
    /// Restaurants may hold at most this many tables (checked when a scenario is loaded).
    public static let capacity = 256

    public var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

    public init() {}

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

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

    /// The members of this set that are not in `other`.
    public func subtracting(_ other: TableSet) -> TableSet {
        TableSet(w0: w0 & ~other.w0, w1: w1 & ~other.w1, w2: w2 & ~other.w2, w3: w3 & ~other.w3)
    }

    public func intersects(_ other: TableSet) -> Bool {
        (w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3) != 0
    }

    /// Indices in increasing order, without allocating.
    public func makeIterator() -> Iterator { Iterator(set: self) }

    public struct Iterator: IteratorProtocol {
        private var words: (UInt64, UInt64, UInt64, UInt64)
        private var word = 0

        init(set: TableSet) { words = (set.w0, set.w1, set.w2, set.w3) }

        public mutating func next() -> Int? {
            while word < 4 {
                let bits: UInt64 = switch word {
                case 0: words.0
                case 1: words.1
                case 2: words.2
                default: words.3
                }
                if bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    let rest = bits & (bits - 1)
                    switch word {
                    case 0: words.0 = rest
                    case 1: words.1 = rest
                    case 2: words.2 = rest
                    default: words.3 = rest
                    }
                    return word * 64 + bit
                }
                word += 1
            }
            return nil
        }
    }

    /// Lowest index, or nil when empty.
    public var first: Int? {
        if w0 != 0 { return w0.trailingZeroBitCount }
        if w1 != 0 { return 64 + w1.trailingZeroBitCount }
        if w2 != 0 { return 128 + w2.trailingZeroBitCount }
        if w3 != 0 { return 192 + w3.trailingZeroBitCount }
        return nil
    }

    /// Orders sets by their sorted index lists (lexicographic), a stable tie-break. Computed on
    /// the words: at the lowest index where the sets differ, the set holding it comes first
    /// unless the other set has nothing beyond it (then the other is a prefix and comes first).
    public static func < (lhs: TableSet, rhs: TableSet) -> Bool {
        for word in 0..<4 {
            let left = lhs.word(word), right = rhs.word(word)
            guard left != right else { continue }
            let bit = (left ^ right).trailingZeroBitCount
            let leftHolds = (left >> UInt64(bit)) & 1 == 1
            let other = leftHolds ? rhs : lhs
            // Does the other set hold any index above `bit`?
            var beyond = bit < 63 && other.word(word) >> UInt64(bit + 1) != 0
            for later in (word + 1)..<4 where other.word(later) != 0 { beyond = true }
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
        default: w3
        }
    }

    /// Most tables a `lexicographicKey` can pack (9 bits each).
    public static let keyedCapacity = 7

    /// The set as one integer with the same order as `<`, for sets of at most `keyedCapacity`
    /// tables (nil otherwise): indices plus one, 9 bits each, the lowest in the top bits and
    /// zeros after the last, so a prefix sorts first. Sorting integers is far cheaper than
    /// sorting four-word sets through `<`, which is what the coverage oracle does per booking.
    public var lexicographicKey: UInt64? {
        guard count <= Self.keyedCapacity else { return nil }
        var key: UInt64 = 0, shift: UInt64 = 54
        for word in 0..<4 {
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
