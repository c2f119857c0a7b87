/// A set of a restaurant's tables by index (0..<511), as eight machine words: unions,
/// intersections and counts are a few instructions, which is what makes combination search and
/// the look-ahead cheap. 511 holds a venue of 400 tables. Plain words rather than a SIMD
/// vector: a vector's 64-byte alignment would make every array of sets and candidates an
/// aligned allocation, measured slower than the wider words cost.
public struct TableSet: Hashable, Comparable, Sendable, Sequence {
    /// Restaurants may hold at most this many tables (checked when a scenario is loaded): one
    /// short of the 512 bits, so that every index packs into a `lexicographicKey`'s 9 bits.
    public static let capacity = 511
    static let wordCount = 8

    public var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0, w4: UInt64 = 0, w5: UInt64 = 0,
        w6: UInt64 = 0, w7: UInt64 = 0

    public init() {}

    init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64, w4: UInt64, w5: UInt64, w6: UInt64, w7: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
        self.w4 = w4
        self.w5 = w5
        self.w6 = w6
        self.w7 = w7
    }

    public init<S: Sequence>(_ indices: S) where S.Element == Int {
        for index in indices { insert(index) }
    }

    /// Word by word without branches (the synthesized `==` became a `memcmp` call, measured).
    public static func == (lhs: TableSet, rhs: TableSet) -> Bool {
        ((lhs.w0 ^ rhs.w0) | (lhs.w1 ^ rhs.w1) | (lhs.w2 ^ rhs.w2) | (lhs.w3 ^ rhs.w3) | (lhs.w4 ^ rhs.w4)
            | (lhs.w5 ^ rhs.w5) | (lhs.w6 ^ rhs.w6) | (lhs.w7 ^ rhs.w7)) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        hasher.combine(w3)
        hasher.combine(w4)
        hasher.combine(w5)
        hasher.combine(w6)
        hasher.combine(w7)
    }

    public var isEmpty: Bool { (w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7) == 0 }

    /// Whether any member is above 63: false for every floor of up to 64 tables, which lets
    /// `count` and iteration look at one word.
    @inline(__always)
    var hasHighWords: Bool { (w1 | w2 | w3 | w4 | w5 | w6 | w7) != 0 }

    public var count: Int {
        if !hasHighWords { return w0.nonzeroBitCount }
        return w0.nonzeroBitCount &+ w1.nonzeroBitCount &+ w2.nonzeroBitCount &+ w3.nonzeroBitCount
            &+ w4.nonzeroBitCount &+ w5.nonzeroBitCount &+ w6.nonzeroBitCount &+ w7.nonzeroBitCount
    }

    @inline(__always)
    public func word(_ index: Int) -> UInt64 {
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

    public func contains(_ index: Int) -> Bool {
        word(index &>> 6) & (UInt64(1) &<< UInt64(index & 63)) != 0
    }

    // Insert and remove are never inlined: inlined, Swift 6.3.1's whole-module optimizer dropped
    // bits they set in a loop with an early return (tables 379 and 388 came out as {379},
    // release builds only; reduced and reproduced with `swiftc -O -wmo`, with a `switch` and
    // with branch-free selects alike). A call costs less than the other fix measured, writing
    // through a pointer, which kept the sets in memory (quotes 50% slower in `scripts/bench`).
    @inline(never)
    public mutating func insert(_ index: Int) {
        let bit = UInt64(1) &<< UInt64(index & 63)
        switch index &>> 6 {
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

    @inline(never)
    public mutating func remove(_ index: Int) {
        let mask = ~(UInt64(1) &<< UInt64(index & 63))
        switch index &>> 6 {
        case 0: w0 &= mask
        case 1: w1 &= mask
        case 2: w2 &= mask
        case 3: w3 &= mask
        case 4: w4 &= mask
        case 5: w5 &= mask
        case 6: w6 &= mask
        default: w7 &= mask
        }
    }

    public func union(_ other: TableSet) -> TableSet {
        TableSet(
            w0: w0 | other.w0, w1: w1 | other.w1, w2: w2 | other.w2, w3: w3 | other.w3, w4: w4 | other.w4,
            w5: w5 | other.w5, w6: w6 | other.w6, w7: w7 | other.w7)
    }

    public func intersection(_ other: TableSet) -> TableSet {
        TableSet(
            w0: w0 & other.w0, w1: w1 & other.w1, w2: w2 & other.w2, w3: w3 & other.w3, w4: w4 & other.w4,
            w5: w5 & other.w5, w6: w6 & other.w6, w7: w7 & other.w7)
    }

    /// The members of this set that are not in `other`.
    public func subtracting(_ other: TableSet) -> TableSet {
        TableSet(
            w0: w0 & ~other.w0, w1: w1 & ~other.w1, w2: w2 & ~other.w2, w3: w3 & ~other.w3, w4: w4 & ~other.w4,
            w5: w5 & ~other.w5, w6: w6 & ~other.w6, w7: w7 & ~other.w7)
    }

    public func intersects(_ other: TableSet) -> Bool {
        ((w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3) | (w4 & other.w4) | (w5 & other.w5)
            | (w6 & other.w6) | (w7 & other.w7)) != 0
    }

    /// Indices in increasing order, without allocating.
    public func makeIterator() -> Iterator { Iterator(set: self) }

    public struct Iterator: IteratorProtocol {
        private let set: TableSet
        private var word = 0
        private var bits: UInt64
        /// One past the last word holding a member, so a small floor's set does not walk the
        /// empty words above it.
        private let end: Int

        init(set: TableSet) {
            self.set = set
            bits = set.w0
            if set.hasHighWords {
                var end = TableSet.wordCount
                while end > 1 && set.word(end - 1) == 0 { end -= 1 }
                self.end = end
            } else {
                end = 1
            }
        }

        public mutating func next() -> Int? {
            while bits == 0 {
                word &+= 1
                if word >= end { return nil }
                bits = set.word(word)
            }
            let bit = bits.trailingZeroBitCount
            bits &= bits &- 1
            return word &* 64 &+ bit
        }
    }

    /// Lowest index, or nil when empty.
    public var first: Int? {
        for index in 0..<Self.wordCount where word(index) != 0 {
            return index &* 64 &+ word(index).trailingZeroBitCount
        }
        return nil
    }

    /// Orders sets by their sorted index lists (lexicographic), a stable tie-break. Computed on
    /// the words: at the lowest index where the sets differ, the set holding it comes first
    /// unless the other set has nothing beyond it (then the other is a prefix and comes first).
    public static func < (lhs: TableSet, rhs: TableSet) -> Bool {
        for word in 0..<wordCount {
            let left = lhs.word(word)
            let right = rhs.word(word)
            guard left != right else { continue }
            let bit = (left ^ right).trailingZeroBitCount
            let leftHolds = (left >> UInt64(bit)) & 1 == 1
            let other = leftHolds ? rhs : lhs
            // Does the other set hold any index above `bit`?
            var beyond = bit < 63 && other.word(word) >> UInt64(bit + 1) != 0
            for later in (word + 1)..<wordCount where other.word(later) != 0 { beyond = true }
            return leftHolds ? beyond : !beyond
        }
        return false
    }

    /// Most tables a `lexicographicKey` can pack (9 bits each).
    public static let keyedCapacity = 7

    /// The set as one integer with the same order as `<`, for sets of at most `keyedCapacity`
    /// tables (nil otherwise): indices plus one, 9 bits each, the lowest in the top bits and
    /// zeros after the last, so a prefix sorts first. Sorting integers is far cheaper than
    /// sorting multi-word sets through `<`, which is what the coverage oracle does per booking.
    public var lexicographicKey: UInt64? {
        guard count <= Self.keyedCapacity else { return nil }
        var key: UInt64 = 0
        var shift: UInt64 = 54
        for index in self {
            key |= UInt64(index &+ 1) &<< shift
            shift &-= 9
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
