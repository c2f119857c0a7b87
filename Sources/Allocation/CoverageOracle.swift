/// The bruteforce coverage oracle: every feasible table set for a booking, found by plain
/// exhaustive enumeration of the k-subsets of the restaurant's usable tables (k = 1...maxTables),
/// checking each rule on its own. It shares no search code with `Allocator`, so a set the
/// allocator's pruning or indexing skips shows up here.
public enum CoverageOracle {
    /// Subsets examined per zone at most (counted steps, never time): about a tenth of a second.
    /// Past it that zone's enumeration stops and says so: its sets are then a part of the
    /// feasible ones, and coverage for that booking is unknown, never "missed" or "unsound".
    /// Per zone because the cost is per zone (combinations never mix zones): a venue of ten
    /// zones of 40 tables gets what one zone of 40 gets.
    public static let budget = 2_000_000

    /// The feasible sets in `<` order, and whether the budget stopped the enumeration first.
    public static func feasibleSets(
        partySize: Int, window: BookingWindow, booking: String, now: Int, floor: Floor,
        occupancy: Occupancy, maxTables: Int, excluded: TableSet = TableSet()
    ) -> (sets: [TableSet], limitReached: Bool) {
        let found = feasibleKeys(
            partySize: partySize, window: window, booking: booking, now: now, floor: floor, occupancy: occupancy,
            maxTables: maxTables, excluded: excluded)
        return (found.keys.map(TableSet.init(lexicographicKey:)), found.limitReached)
    }

    /// `feasibleSets` as the sets' `lexicographicKey`s (same order): what the run's oracle
    /// compares. Eight bytes a set instead of sixty-four: on a 200-table zone the oracle's
    /// 2,000,000 sets as `TableSet`s were 128 MB per list, and the page faults of making them
    /// were a third of a quote.
    public static func feasibleKeys(
        partySize: Int, window: BookingWindow, booking: String, now: Int, floor: Floor,
        occupancy: Occupancy, maxTables: Int, excluded: TableSet = TableSet()
    ) -> (keys: [UInt64], limitReached: Bool) {
        // A set with an inactive, excluded or blocked table is never feasible, so only usable
        // tables are enumerated; every subset of them is still examined.
        let usable = floor.tables.indices.filter { index in
            floor.tables[index].active && !excluded.contains(index)
                && occupancy.blocker(table: index, window: window, booking: booking, now: now) == nil
        }
        guard !usable.isEmpty else { return ([], false) }
        // The usable tables grouped by zone, zones in order of first use, each zone's tables in
        // index order (the zone of each table as the floor records it from the tables' names).
        var groupOfZone = [Int](repeating: -1, count: floor.zones.count)
        var groups: [[Int]] = []
        for index in usable {
            let zone = floor.zoneOfTable[index]
            if groupOfZone[zone] < 0 {
                groupOfZone[zone] = groups.count
                groups.append([])
            }
            groups[groupOfZone[zone]].append(index)
        }
        let limit = partySize + floor.restaurant.maxOverage
        // Strategies take at most 5 tables (`Strategy.maxTablesRange`), so every set packs.
        let depth = min(maxTables, TableSet.keyedCapacity)
        var feasible: [UInt64] = []
        feasible.reserveCapacity(128)
        var limitReached = false
        for group in groups {
            let capacities = group.map { floor.tables[$0].maxCovers }
            var examined = 0
            var zoneCut = false
            // Every k-subset of the zone in lexicographic order. A prefix over the spare-seat
            // limit is skipped with all its extensions (capacities are at least 1, so every
            // extension is over it too); no adjacency pruning and no other, so nothing the
            // allocator's search might wrongly prune is pruned here. The key grows by one field
            // per table, lowest first (`TableSet.lexicographicKey`).
            func visit(from start: Int, chosen: UInt64, count: Int, capacity: Int) {
                let shift = UInt64(54 - 9 * count)
                for position in start..<group.count {
                    examined += 1
                    if examined > budget || SearchStop.requested(atStep: examined) {
                        zoneCut = true
                        return
                    }
                    let grown = chosen | (UInt64(group[position] + 1) << shift)
                    let total = capacity + capacities[position]
                    let fits =
                        count == 0
                        ? floor.tables[group[position]].fits(party: partySize) : (total >= partySize && total <= limit)
                    if fits { feasible.append(grown) }
                    if count + 1 < depth && total < limit {
                        visit(from: position + 1, chosen: grown, count: count + 1, capacity: total)
                    }
                    if zoneCut { return }
                }
            }
            visit(from: 0, chosen: 0, count: 0, capacity: 0)
            limitReached = limitReached || zoneCut
        }
        // One zone comes out sorted (and subsets never repeat); several are merged into the one order.
        if groups.count > 1 { feasible.sort() }
        return (feasible, limitReached)
    }

    /// Compares the allocator's offers (all strategies, any order, repeats allowed) with the
    /// oracle's feasible sets.
    /// `listing` false: the counts only, `unsound` and `missed` left empty (a verdict at a budget
    /// uses no list, and a million missed sets appended one by one were most of its cost).
    public static func compare(offered: [TableSet], feasible: [TableSet], listing: Bool = true) -> Coverage {
        if let wanted = sortedUniqueKeys(feasible) {
            return compare(offered: offered, feasibleKeys: wanted, listing: listing)
        }
        return merge(sortedUnique(offered), sortedUnique(feasible), listing: listing) { $0 }
    }

    /// `compare` against feasible sets given as sorted keys without repeats (`feasibleKeys`).
    /// Both sides sorted and without repeats, then merged: no hashing. As packed keys when every
    /// offer packs (an offer too large to pack is never feasible, but is then compared as a set);
    /// a set is made again only when it is listed.
    public static func compare(offered: [TableSet], feasibleKeys wanted: [UInt64], listing: Bool = true) -> Coverage {
        if let quoted = sortedUniqueKeys(offered) {
            return merge(quoted, wanted, listing: listing, set: TableSet.init(lexicographicKey:))
        }
        return merge(sortedUnique(offered), wanted.map(TableSet.init(lexicographicKey:)), listing: listing) { $0 }
    }

    /// The merge of `compare`: `quoted` and `wanted` sorted and without repeats, in the order of
    /// their sets.
    private static func merge<Element: Comparable>(
        _ quoted: [Element], _ wanted: [Element], listing: Bool,
        set: (Element) -> TableSet
    ) -> Coverage {
        var unsound: [TableSet] = []
        var missed: [TableSet] = []
        var both = 0
        var i = 0
        var j = 0
        var steps = 0
        while i < quoted.count || j < wanted.count {
            steps += 1
            if SearchStop.requested(atStep: steps) { break }
            if j == wanted.count || (i < quoted.count && quoted[i] < wanted[j]) {
                if listing { unsound.append(set(quoted[i])) }
                i += 1
            } else if i == quoted.count || wanted[j] < quoted[i] {
                if listing { missed.append(set(wanted[j])) }
                j += 1
            } else {
                both += 1
                i += 1
                j += 1
            }
        }
        return Coverage(
            feasible: wanted.count, quoted: quoted.count, quotedFeasible: both,
            phantomUnavailable: quoted.isEmpty && !wanted.isEmpty, unsound: unsound, missed: missed)
    }

    /// The feasible sets a strategy allows, from an enumeration made for a strategy at least as
    /// wide (`feasibleSets` with the run's `maxTables`): at most `strategy.maxTables` tables, and
    /// connected when the strategy requires adjacency. Order is kept.
    public static func feasibleSets(_ feasible: [TableSet], under strategy: Strategy, floor: Floor) -> [TableSet] {
        var allowed: [TableSet] = []
        for (position, set) in feasible.enumerated() {
            if SearchStop.requested(atStep: position) { break }
            if allows(strategy, shape(of: set, connection: strategy.requireAdjacency, floor: floor)) {
                allowed.append(set)
            }
        }
        return allowed
    }

    /// `feasibleSets(_:under:floor:)` for several strategies, on keys (`feasibleKeys`): each
    /// set's size and connectedness worked out once (one byte per set), not once per strategy
    /// (on a 200-table zone the oracle's 2,000,000 sets were checked for connectedness five times
    /// over), then each strategy's list made from them and handed to `body` with the strategy's
    /// position, in turn, so one list at a time is held. Order is kept, so sorted keys stay
    /// sorted.
    public static func forEachStrategy<Result>(
        _ strategies: [Strategy], ofKeys feasible: [UInt64], floor: Floor,
        _ body: (Int, [UInt64]) throws -> Result
    ) rethrows -> [Result] {
        let needsConnection = strategies.contains { $0.requireAdjacency }
        var shapes = [UInt8](repeating: 0, count: feasible.count)
        for (position, key) in feasible.enumerated() {
            if SearchStop.requested(atStep: position) { break }
            shapes[position] = shape(of: TableSet(lexicographicKey: key), connection: needsConnection, floor: floor)
        }
        return try strategies.enumerated().map { index, strategy in
            // Room for every set at once (only the pages used are touched): a list of a million
            // sets grown by doubling was a third of the time.
            var allowed: [UInt64] = []
            allowed.reserveCapacity(feasible.count)
            for (position, shape) in shapes.enumerated() {
                // Polled on every position, not only on the sets kept (a strategy may keep few).
                if SearchStop.requested(atStep: position) { break }
                if Self.allows(strategy, shape) { allowed.append(feasible[position]) }
            }
            return try body(index, allowed)
        }
    }

    /// A set's shape in one byte: bit 7 set when it is connected (or a single table; worked out
    /// only when `connection` is asked for), bits 0-6 its size (at most 127).
    private static func shape(of set: TableSet, connection: Bool, floor: Floor) -> UInt8 {
        let count = set.count
        let connected = count == 1 || (connection && isConnected(set, floor: floor))
        return UInt8(min(count, Int(sizeBits))) | (connected ? connectedBit : 0)
    }

    private static let connectedBit: UInt8 = 0x80
    private static let sizeBits: UInt8 = 0x7F

    /// Whether a set of this shape is one `strategy` allows: at most its tables, and connected
    /// when it requires adjacency. The one place that rule is written.
    private static func allows(_ strategy: Strategy, _ shape: UInt8) -> Bool {
        Int(shape & sizeBits) <= strategy.maxTables && (!strategy.requireAdjacency || shape & connectedBit != 0)
    }

    /// The feasible sets of one quote's strategy at its state, in `<` order: enumerated up to
    /// the strategy's `maxTables` (a single-table strategy looks at single tables only), then
    /// filtered by it.
    public static func feasibleSets(for request: QuoteRequest, floor: Floor, occupancy: Occupancy) -> (
        sets: [TableSet], limitReached: Bool
    ) {
        let found = feasibleKeys(for: request, floor: floor, occupancy: occupancy)
        return (found.keys.map(TableSet.init(lexicographicKey:)), found.limitReached)
    }

    /// `feasibleSets(for:floor:occupancy:)` as keys (`feasibleKeys`).
    public static func feasibleKeys(for request: QuoteRequest, floor: Floor, occupancy: Occupancy) -> (
        keys: [UInt64], limitReached: Bool
    ) {
        let enumerated = feasibleKeys(
            partySize: request.partySize, window: request.window, booking: request.booking, now: request.now,
            floor: floor, occupancy: occupancy, maxTables: request.strategy.maxTables, excluded: request.excluded)
        return (
            forEachStrategy([request.strategy], ofKeys: enumerated.keys, floor: floor) { $1 }[0],
            enumerated.limitReached
        )
    }

    /// Whether the set is one piece of the adjacency graph: grown from its first table by whole
    /// neighbourhoods until nothing is added. The oracle's own check, written apart from the
    /// allocator's depth search so that a mistake in one is not repeated in the other.
    static func isConnected(_ set: TableSet, floor: Floor) -> Bool {
        guard let first = set.first else { return true }
        var reached = TableSet([first])
        while true {
            var grown = reached
            for index in reached { grown = grown.union(floor.adjacency[index].intersection(set)) }
            if grown == reached { return reached == set }
            reached = grown
        }
    }

    /// One answer judged under its strategy: `offered` (the sound sets it holds, any order) against
    /// `feasible` (the strategy's feasible sets). A missed set that a declared rule of the engine
    /// explains counts as excluded, not missed; so does every missed set when the answer holds
    /// `rules.maxCandidates` candidates or more (`answerCount`). A phantom is an answer with
    /// nothing in it while a set exists that the engine's own rules allow.
    /// `countsOnly`: only `feasible`, `quoted` and `quotedFeasible` are worked out (what a verdict
    /// at a budget reads).
    public static func judge(
        offered: [TableSet], feasible: [TableSet], answerCount: Int, partySize: Int, floor: Floor,
        rules: DeclaredRules, countsOnly: Bool = false
    ) -> Coverage {
        judged(
            compare(offered: offered, feasible: feasible, listing: !countsOnly), answerCount: answerCount,
            partySize: partySize,
            floor: floor, rules: rules, countsOnly: countsOnly)
    }

    /// `judge` against the strategy's feasible sets as sorted keys (`feasibleKeys`).
    public static func judge(
        offered: [TableSet], feasibleKeys: [UInt64], answerCount: Int, partySize: Int, floor: Floor,
        rules: DeclaredRules, countsOnly: Bool = false
    ) -> Coverage {
        judged(
            compare(offered: offered, feasibleKeys: feasibleKeys, listing: !countsOnly), answerCount: answerCount,
            partySize: partySize, floor: floor, rules: rules, countsOnly: countsOnly)
    }

    private static func judged(
        _ coverage: Coverage, answerCount: Int, partySize: Int, floor: Floor, rules: DeclaredRules,
        countsOnly: Bool
    ) -> Coverage {
        guard !rules.isEmpty && !countsOnly else { return coverage }
        let capped = rules.maxCandidates.map { answerCount >= $0 } ?? false
        return excluding(from: coverage, partySize: partySize, floor: floor, rules: rules) { _ in capped }
    }

    /// The union of a booking's answers under every strategy, judged against every feasible set
    /// (`feasible`: the run's widest enumeration, as sorted keys). A missed set is excluded by
    /// the cap when some strategy that allows it was answered with `rules.maxCandidates`
    /// candidates or more (`capped`).
    /// `countsOnly`: the lists are not read (a verdict at a budget), so they are not made unless
    /// the declared rules need them to tell a phantom.
    public static func judgeUnion(
        offered: [TableSet], feasibleKeys: [UInt64], capped: [Strategy], partySize: Int, floor: Floor,
        rules: DeclaredRules, countsOnly: Bool = false
    ) -> Coverage {
        let coverage = compare(offered: offered, feasibleKeys: feasibleKeys, listing: !countsOnly || !rules.isEmpty)
        guard !rules.isEmpty else { return coverage }
        return excluding(from: coverage, partySize: partySize, floor: floor, rules: rules) { set in
            capped.contains { !feasibleSets([set], under: $0, floor: floor).isEmpty }
        }
    }

    /// The comparison with the sets the declared rules explain moved from missed to excluded.
    private static func excluding(
        from coverage: Coverage, partySize: Int, floor: Floor, rules: DeclaredRules,
        cappedFor: (TableSet) -> Bool
    ) -> Coverage {
        var result = coverage
        result.missed = []
        for (position, set) in coverage.missed.enumerated() {
            if SearchStop.requested(atStep: position) { break }
            if rules.excluding(set, partySize: partySize, floor: floor) != nil || cappedFor(set) {
                result.excluded += 1
            } else {
                result.missed.append(set)
            }
        }
        result.phantomUnavailable = coverage.quoted == 0 && !result.missed.isEmpty
        return result
    }

    /// The sets in `<` order without repeats: sorted as packed integer keys when every set is
    /// small enough to pack (always, for `--max-tables` up to 5), through `<` otherwise.
    static func sortedUnique(_ sets: [TableSet]) -> [TableSet] {
        guard let keys = sortedUniqueKeys(sets) else {
            var unique: [TableSet] = []
            for set in sets.sorted() where unique.last != set { unique.append(set) }
            return unique
        }
        return keys.map(TableSet.init(lexicographicKey:))
    }

    /// The sets' `lexicographicKey`s sorted and without repeats (the order of `<`), or nil when
    /// some set has too many tables to pack. Already sorted input (one zone's enumeration) is
    /// not sorted again.
    static func sortedUniqueKeys(_ sets: [TableSet]) -> [UInt64]? {
        var keys: [UInt64] = []
        keys.reserveCapacity(sets.count)
        for (position, set) in sets.enumerated() {
            if SearchStop.requested(atStep: position) { return [] }
            guard let key = set.lexicographicKey else { return nil }
            keys.append(key)
        }
        if !keys.isSorted() { keys.sort() }
        // Repeats removed in place.
        var kept = 0
        var position = 0
        while position < keys.count {
            if SearchStop.requested(atStep: position) { break }
            let key = keys[position]
            position += 1
            guard kept == 0 || keys[kept - 1] != key else { continue }
            keys[kept] = key
            kept += 1
        }
        keys.removeLast(keys.count - kept)
        return keys
    }
}

extension Array where Element == UInt64 {
    func isSorted() -> Bool {
        var index = 1
        while index < count {
            if self[index - 1] > self[index] { return false }
            index += 1
        }
        return true
    }
}

/// The oracle's verdict on one answer, or on the union of a booking's answers.
public struct Coverage: Equatable, Sendable {
    public var feasible: Int
    public var quoted: Int
    public var quotedFeasible: Int
    /// The allocator offered nothing while feasible sets exist.
    public var phantomUnavailable: Bool
    /// Offered sets the oracle says are infeasible (sorted).
    public var unsound: [TableSet]
    /// Feasible sets the allocator did not offer (sorted), besides those its declared rules explain.
    public var missed: [TableSet]
    /// Feasible sets it did not offer that a rule it declared explains (`DeclaredRules`).
    public var excluded = 0

    public init(
        feasible: Int, quoted: Int, quotedFeasible: Int, phantomUnavailable: Bool, unsound: [TableSet],
        missed: [TableSet]
    ) {
        self.feasible = feasible
        self.quoted = quoted
        self.quotedFeasible = quotedFeasible
        self.phantomUnavailable = phantomUnavailable
        self.unsound = unsound
        self.missed = missed
    }
}
