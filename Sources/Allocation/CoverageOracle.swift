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
        let count = floor.tables.count
        var usable = [Bool](repeating: false, count: count)
        for index in 0..<count {
            usable[index] = floor.tables[index].active && !excluded.contains(index)
                && occupancy.blocker(table: index, window: window, booking: booking, now: now) == nil
        }
        var feasible: [TableSet] = []
        var examined = 0
        for size in 1...max(1, min(maxTables, count)) where size <= count {
            var combination = Array(0..<size)
            while true {
                examined += 1
                if examined > maximumSubsets { return feasible }
                if isFeasible(combination, partySize: partySize, floor: floor, usable: usable) {
                    feasible.append(TableSet(combination))
                }
                guard advance(&combination, count: count) else { break }
            }
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

    static func isFeasible(_ combination: [Int], partySize: Int, floor: Floor, usable: [Bool]) -> Bool {
        let zone = floor.tables[combination[0]].zone
        var capacity = 0
        for index in combination {
            guard usable[index], floor.tables[index].zone == zone else { return false }
            capacity += floor.tables[index].maxCovers
        }
        if combination.count == 1 { return floor.tables[combination[0]].fits(party: partySize) }
        return capacity >= partySize && capacity <= partySize + floor.restaurant.maxOverage
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
