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

    /// The feasible sets, and whether the budget stopped the enumeration first. Sorted (`<`)
    /// unless `sorted` is false: zone by zone then, each zone's in order (what `compare`
    /// sorts anyway, so the run's oracle skips sorting twice).
    public static func feasibleSets(partySize: Int, window: BookingWindow, booking: String, now: Int, floor: Floor,
                                    occupancy: Occupancy, maxTables: Int, excluded: TableSet = TableSet(),
                                    sorted: Bool = true) -> (sets: [TableSet], limitReached: Bool) {
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
        var feasible: [TableSet] = []
        feasible.reserveCapacity(128)
        var limitReached = false
        for group in groups {
            let capacities = group.map { floor.tables[$0].maxCovers }
            var examined = 0
            var zoneCut = false
            // Every k-subset of the zone in lexicographic order. A prefix over the spare-seat
            // limit is skipped with all its extensions (capacities are at least 1, so every
            // extension is over it too); no adjacency pruning and no other, so nothing the
            // allocator's search might wrongly prune is pruned here.
            func visit(from start: Int, chosen: TableSet, count: Int, capacity: Int) {
                for position in start..<group.count {
                    examined += 1
                    if examined > budget { zoneCut = true; return }
                    var grown = chosen
                    grown.insert(group[position])
                    let total = capacity + capacities[position]
                    let fits = count == 0 ? floor.tables[group[position]].fits(party: partySize) : (total >= partySize && total <= limit)
                    if fits { feasible.append(grown) }
                    if count + 1 < maxTables && total < limit {
                        visit(from: position + 1, chosen: grown, count: count + 1, capacity: total)
                    }
                    if zoneCut { return }
                }
            }
            visit(from: 0, chosen: TableSet(), count: 0, capacity: 0)
            limitReached = limitReached || zoneCut
        }
        // One zone comes out sorted; several are merged into the one order (`<`).
        return (groups.count == 1 || !sorted ? feasible : sortedUnique(feasible), limitReached)
    }

    /// Compares the allocator's offers (all strategies, any order, repeats allowed) with the
    /// oracle's feasible sets.
    public static func compare(offered: [TableSet], feasible: [TableSet]) -> Coverage {
        let quoted = sortedUnique(offered), wanted = sortedUnique(feasible)
        // Both sorted and without repeats, then merged: no hashing.
        var unsound: [TableSet] = [], missed: [TableSet] = []
        var both = 0, i = 0, j = 0
        while i < quoted.count || j < wanted.count {
            if j == wanted.count || (i < quoted.count && quoted[i] < wanted[j]) {
                unsound.append(quoted[i]); i += 1
            } else if i == quoted.count || wanted[j] < quoted[i] {
                missed.append(wanted[j]); j += 1
            } else {
                both += 1; i += 1; j += 1
            }
        }
        return Coverage(feasible: wanted.count, quoted: quoted.count, quotedFeasible: both,
                        phantomUnavailable: quoted.isEmpty && !wanted.isEmpty, unsound: unsound, missed: missed)
    }

    /// The sets in `<` order without repeats: sorted as packed integer keys when every set is
    /// small enough to pack (always, for `--max-tables` up to 5), through `<` otherwise.
    static func sortedUnique(_ sets: [TableSet]) -> [TableSet] {
        var keys: [UInt64] = []
        keys.reserveCapacity(sets.count)
        for set in sets {
            guard let key = set.lexicographicKey else {
                var unique: [TableSet] = []
                for set in sets.sorted() where unique.last != set { unique.append(set) }
                return unique
            }
            keys.append(key)
        }
        if !keys.isSorted() { keys.sort() }
        var unique: [TableSet] = []
        unique.reserveCapacity(keys.count)
        var last: UInt64?
        for key in keys where key != last {
            unique.append(TableSet(lexicographicKey: key))
            last = key
        }
        return unique
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

/// The oracle's verdict for one booking's first quote.
public struct Coverage: Equatable, Sendable {
    public var feasible: Int
    public var quoted: Int
    public var quotedFeasible: Int
    /// The allocator offered nothing while feasible sets exist.
    public var phantomUnavailable: Bool
    /// Offered sets the oracle says are infeasible (sorted).
    public var unsound: [TableSet]
    /// Feasible sets the allocator did not offer (sorted).
    public var missed: [TableSet]

    public init(feasible: Int, quoted: Int, quotedFeasible: Int, phantomUnavailable: Bool, unsound: [TableSet], missed: [TableSet]) {
        self.feasible = feasible
        self.quoted = quoted
        self.quotedFeasible = quotedFeasible
        self.phantomUnavailable = phantomUnavailable
        self.unsound = unsound
        self.missed = missed
    }
}
