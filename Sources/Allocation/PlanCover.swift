/// Whether a small set of tables meets every plan of a list, answered by counting instead of by
/// visiting each plan: the plans that avoid a candidate `c` are all of them minus those holding
/// some table of `c`, and by inclusion and exclusion that count needs, for every non-empty subset
/// `S` of `c`, the number of plans holding all of `S`. Each plan (at most `maxMembers` tables)
/// adds one to each of its own subsets, once. The answer is exactly the visit's.
struct PlanCover {
    /// Plans × candidates above which the look-ahead counts rather than visits.
    static let directChecks = 4_000_000
    /// The largest plan and candidate counted (`--max-tables` is at most 5).
    static let maxMembers = 5

    private let plans: [TableSet]
    /// The tables every plan holds: a candidate holding one meets every plan, with nothing
    /// counted. Plans cut short by the search budget share their first tables (the enumeration
    /// is in lexicographic order), and so do the candidates of a booking beside them: on a
    /// 200-table zone this answered all 296,871 candidates of a quote without counting.
    private let common: TableSet
    /// Plans holding every table of a subset, by the subset's packed key: counted the first time
    /// a candidate misses `common`. Looked up only, never iterated, so its order reaches nothing.
    private var holding: SubsetCounts?
    /// Plans whose tables beyond `common` are pairwise disjoint, found greedily in plan order (at
    /// most `witnessLimit`): a candidate that misses `common` and one of them misses that plan,
    /// so it is answered without counting. With more such plans than a candidate has tables,
    /// every candidate that misses `common` is answered so.
    private let witnesses: [TableSet]
    static let witnessLimit = maxMembers + 1

    /// Nil when a plan has more than `maxMembers` tables (then plans are visited).
    init?(_ plans: [TableSet]) {
        guard var common = plans.first else { return nil }
        for (position, plan) in plans.enumerated() {
            // Cut short on SIGINT/SIGTERM: the answers are then wrong, and never recorded (`SearchStop`).
            if SearchStop.requested(atStep: position) { break }
            guard plan.count <= Self.maxMembers else { return nil }
            common = common.intersection(plan)
        }
        self.plans = plans
        self.common = common
        var witnesses: [TableSet] = []
        var used = TableSet()
        for (position, plan) in plans.enumerated() {
            if SearchStop.requested(atStep: position) || witnesses.count == Self.witnessLimit { break }
            let beyond = plan.subtracting(common)
            guard !beyond.intersects(used) else { continue }
            witnesses.append(plan)
            used = used.union(beyond)
        }
        self.witnesses = witnesses
    }

    /// True when `tables` meets every plan (no plan avoids it); nil for a candidate of more than
    /// `maxMembers` tables that holds no table common to every plan.
    mutating func meetsEveryPlan(_ tables: TableSet) -> Bool? {
        if tables.intersects(common) { return true }
        for witness in witnesses where !witness.intersects(tables) { return false }
        var members = [Int](repeating: 0, count: Self.maxMembers)
        guard let count = Self.members(of: tables, into: &members) else { return nil }
        let holding = self.holding ?? counted()
        var meeting = 0
        for mask in 1..<(1 << count) {
            let holdingAll = holding.count(of: Self.subsetKey(members, mask))
            meeting += mask.nonzeroBitCount % 2 == 1 ? holdingAll : -holdingAll
        }
        return meeting == plans.count
    }

    /// Each plan adds one to each of its non-empty subsets.
    private mutating func counted() -> SubsetCounts {
        var holding = SubsetCounts()
        var members = [Int](repeating: 0, count: Self.maxMembers)
        for (position, plan) in plans.enumerated() {
            if SearchStop.requested(atStep: position) { break }
            let count = Self.members(of: plan, into: &members) ?? 0
            for mask in 1..<(1 << count) { holding.increment(Self.subsetKey(members, mask)) }
        }
        self.holding = holding
        return holding
    }

    /// The set's tables in increasing order into `members`, and how many; nil past `maxMembers`.
    private static func members(of set: TableSet, into members: inout [Int]) -> Int? {
        var count = 0
        for index in set {
            guard count < maxMembers else { return nil }
            members[count] = index
            count += 1
        }
        return count
    }

    /// The subset of `members` that `mask` picks, as its `TableSet.lexicographicKey` (members
    /// are in increasing order, so the fields come out in the key's order): never zero.
    @inline(__always)
    private static func subsetKey(_ members: [Int], _ mask: Int) -> UInt64 {
        var key: UInt64 = 0
        var shift: UInt64 = 54
        var bits = mask
        while bits != 0 {
            let bit = bits.trailingZeroBitCount
            key |= UInt64(members[bit] &+ 1) &<< shift
            shift &-= 9
            bits &= bits &- 1
        }
        return key
    }
}

/// Counts by non-zero 64-bit key, open addressing with linear probing. Swift's `Dictionary` keyed
/// by `TableSet` hashed eight words with SipHash per lookup: it was 60% of a quote's look-ahead on
/// a 200-table zone (9 million increments). Keys are packed subsets, already well spread in their
/// high bits, so one multiplication (Fibonacci hashing) spreads them over the slots.
struct SubsetCounts {
    private var keys: [UInt64]
    /// At most the number of plans, which the search budget keeps far below `Int32.max`.
    private var counts: [Int32]
    private var used = 0
    private var shift: UInt64

    /// Grown by doubling: plans share most of their small subsets, so the count of keys is far
    /// below plans × 31 (sized for that up front, the table's zeroing and misses cost more).
    init() {
        keys = [UInt64](repeating: 0, count: 1 << 10)
        counts = [Int32](repeating: 0, count: 1 << 10)
        shift = 64 - 10
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> shift) }

    mutating func increment(_ key: UInt64) {
        var position = slot(of: key)
        let mask = keys.count - 1
        while true {
            let found = keys[position]
            if found == key {
                counts[position] &+= 1
                return
            }
            if found == 0 { break }
            position = (position &+ 1) & mask
        }
        keys[position] = key
        counts[position] = 1
        used += 1
        // At most half full, so probes stay short.
        if used * 2 > keys.count { grow() }
    }

    func count(of key: UInt64) -> Int {
        var position = slot(of: key)
        let mask = keys.count - 1
        while true {
            let found = keys[position]
            if found == key { return Int(counts[position]) }
            if found == 0 { return 0 }
            position = (position &+ 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldCounts = counts
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        counts = [Int32](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        let mask = keys.count - 1
        for (key, count) in zip(oldKeys, oldCounts) where key != 0 {
            var position = slot(of: key)
            while keys[position] != 0 { position = (position &+ 1) & mask }
            keys[position] = key
            counts[position] = count
        }
    }
}
