/// The bruteforce coverage oracle: every feasible table set for a booking, found by plain
/// exhaustive enumeration of all k-subsets of the restaurant's tables (k = 1...maxTables),
/// checking each rule on its own. It shares no search code with `Allocator`, so a set the
/// allocator's pruning or indexing skips shows up here.
public enum CoverageOracle {
    /// Subsets examined per call at most (bound everything): C(256, 5) is far beyond it, but no
    /// floor a scenario can describe in a zone-sized restaurant comes near.
    public static let maximumSubsets = 20_000_000

    public static func feasibleSets(partySize: Int, window: BookingWindow, booking: String, now: Int, floor: Floor,
                                    occupancy: Occupancy, maxTables: Int, excluded: TableSet = TableSet()) -> [TableSet] {
        // A set with an inactive, excluded or blocked table is never feasible, so only usable
        // tables are enumerated; every subset of them is still examined.
        let usable = floor.tables.indices.filter { index in
            floor.tables[index].active && !excluded.contains(index)
                && occupancy.blocker(table: index, window: window, booking: booking, now: now) == nil
        }
        guard !usable.isEmpty else { return [] }
        // Zones as small integers, from the tables' own zone names (not the floor's zone index).
        let zoneNames = usable.map { floor.tables[$0].zone }
        let zones = zoneNames.map { name in zoneNames.firstIndex(of: name) ?? 0 }
        let capacities = usable.map { floor.tables[$0].maxCovers }
        let limit = partySize + floor.restaurant.maxOverage
        var feasible: [TableSet] = []
        var examined = 0
        for size in 1...max(1, min(maxTables, usable.count)) {
            var combination = Array(0..<size)
            repeat {
                examined += 1
                if examined > maximumSubsets { return feasible.sorted() }
                if isFeasible(combination, partySize: partySize, limit: limit, zones: zones, capacities: capacities,
                              single: { floor.tables[usable[$0]].fits(party: partySize) }) {
                    feasible.append(TableSet(combination.map { usable[$0] }))
                }
            } while advance(&combination, count: usable.count)
        }
        return feasible.sorted()
    }

    /// The next k-combination of 0..<count in lexicographic order; false after the last.
    static func advance(_ combination: inout [Int], count: Int) -> Bool {
        let size = combination.count
        var position = size - 1
        while position >= 0 && combination[position] == count - size + position { position -= 1 }
        guard position >= 0 else { return false }
        combination[position] += 1
        for following in (position + 1)..<size { combination[following] = combination[following - 1] + 1 }
        return true
    }

    /// One zone; a single table fits by its min...max, a combination by total capacity within
    /// party...party + spare seats.
    @inline(__always)
    static func isFeasible(_ combination: [Int], partySize: Int, limit: Int, zones: [Int], capacities: [Int],
                           single: (Int) -> Bool) -> Bool {
        if combination.count == 1 { return single(combination[0]) }
        let zone = zones[combination[0]]
        var capacity = 0
        for position in combination {
            guard zones[position] == zone else { return false }
            capacity += capacities[position]
        }
        return capacity >= partySize && capacity <= limit
    }

    /// Compares the allocator's offers (all strategies) with the oracle's feasible sets.
    public static func compare(offered: [TableSet], feasible: [TableSet]) -> Coverage {
        let offeredSorted = Array(Set(offered)).sorted()
        let feasibleSet = Set(feasible)
        let offeredSet = Set(offeredSorted)
        let quotedFeasible = offeredSorted.filter { feasibleSet.contains($0) }.count
        let unsound = offeredSorted.filter { !feasibleSet.contains($0) }
        let missed = feasible.filter { !offeredSet.contains($0) }
        return Coverage(feasible: feasible.count, quoted: offeredSorted.count, quotedFeasible: quotedFeasible,
                        phantomUnavailable: offeredSorted.isEmpty && !feasible.isEmpty, unsound: unsound, missed: missed)
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
