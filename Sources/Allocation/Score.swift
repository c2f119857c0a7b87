/// The original allocator's score, in integer millionths of a point so that it is exact, the same
/// everywhere, and fit for events (lower is better):
///
///     5 × spare seats + 3 × (tables − 1) + adjacency depth + 2 × fragmentation
///       + 22 × Σ scarcity(table)  [+ 500 look-ahead penalty]
///
/// scarcity(table) = demand weight of its size class (≤2: 1.6, ≤4: 0.18, ≤6: 0.12, else 0.08)
/// divided by the seats of that class on the floor. Fragmentation = total capacity − largest
/// table. Depth = breadth-first rounds from the first table (the table count when the set is not
/// connected). docs/allocator.md works an example.
public enum Score {
    public static let unit = 1_000_000
    public static let lookAheadPenalty = 500 * unit

    /// Demand weight of a table's size class, in thousandths.
    static func weightMilli(maxCovers: Int) -> Int {
        switch maxCovers {
        case ...2: 1600
        case ...4: 180
        case ...6: 120
        default: 80
        }
    }

    static func sizeClass(maxCovers: Int) -> Int {
        switch maxCovers {
        case ...2: 0
        case ...4: 1
        case ...6: 2
        default: 3
        }
    }

    /// Scarcity per table in millionths: weight / seats of its class among active tables.
    static func scarcityMicro(of tables: [Table]) -> [Int] {
        var seatsByClass = [0, 0, 0, 0]
        for table in tables where table.active {
            seatsByClass[sizeClass(maxCovers: table.maxCovers)] += table.maxCovers
        }
        return tables.map { table in
            let seats = max(1, seatsByClass[sizeClass(maxCovers: table.maxCovers)])
            return weightMilli(maxCovers: table.maxCovers) * 1000 / seats
        }
    }

    /// The score of a set for a party, without the look-ahead.
    public static func of(set: TableSet, partySize: Int, floor: Floor, depth: Int) -> (
        score: Int, spare: Int, capacity: Int
    ) {
        var capacity = 0
        var largest = 0
        var scarcity = 0
        for index in set {
            let covers = floor.tables[index].maxCovers
            capacity += covers
            largest = max(largest, covers)
            scarcity += floor.scarcityMicro[index]
        }
        let spare = capacity - partySize
        let points = 5 * spare + 3 * (set.count - 1) + depth + 2 * (capacity - largest)
        return (points * unit + 22 * scarcity, spare, capacity)
    }
}
