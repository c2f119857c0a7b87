/// A restaurant with its tables and adjacency, indexed for search: tables sorted by id (index =
/// position), adjacency and zones as `TableSet`s, scarcity precomputed.
public struct Floor: Sendable {
    public let restaurant: Restaurant
    /// Sorted by id; a table's index is its position here.
    public let tables: [Table]
    /// Neighbours of each table.
    public let adjacency: [TableSet]
    /// Zones sorted by name, with their tables.
    public let zones: [(name: String, tables: TableSet)]
    /// The zone index of each table.
    public let zoneOfTable: [Int]
    /// Scarcity of each table, in millionths (see `Score`).
    public let scarcityMicro: [Int]
    private let indexByID: [String: Int]

    public init(restaurant: Restaurant, tables: [Table], adjacency: [(String, String)]) {
        self.restaurant = restaurant
        let sorted = tables.sorted { $0.id < $1.id }
        self.tables = sorted
        var indexByID: [String: Int] = [:]
        for (index, table) in sorted.enumerated() { indexByID[table.id] = index }
        self.indexByID = indexByID
        var neighbours = [TableSet](repeating: TableSet(), count: sorted.count)
        for (a, b) in adjacency {
            guard let i = indexByID[a], let j = indexByID[b], i != j else { continue }
            neighbours[i].insert(j)
            neighbours[j].insert(i)
        }
        self.adjacency = neighbours
        let zoneNames = Array(Set(sorted.map(\.zone))).sorted()
        var zones: [(name: String, tables: TableSet)] = zoneNames.map { ($0, TableSet()) }
        var zoneOfTable = [Int](repeating: 0, count: sorted.count)
        for (index, table) in sorted.enumerated() {
            let zoneIndex = zoneNames.firstIndex(of: table.zone) ?? 0
            zones[zoneIndex].tables.insert(index)
            zoneOfTable[index] = zoneIndex
        }
        self.zones = zones
        self.zoneOfTable = zoneOfTable
        self.scarcityMicro = Score.scarcityMicro(of: sorted)
    }

    public func index(ofTable id: String) -> Int? { indexByID[id] }

    /// Table ids of a set, in id order.
    public func ids(of set: TableSet) -> [String] { set.map { tables[$0].id } }

    /// The set of the given ids, or nil when one is unknown.
    public func tableSet(ids: [String]) -> TableSet? {
        var set = TableSet()
        for id in ids {
            guard let index = indexByID[id] else { return nil }
            set.insert(index)
        }
        return set
    }

    public func capacity(of set: TableSet) -> Int { set.reduce(0) { $0 + tables[$1].maxCovers } }

    /// Rounds of breadth-first expansion from the set's first table until it is all reached, or
    /// nil when the set is not connected in the adjacency graph.
    public func adjacencyDepth(of set: TableSet) -> Int? {
        guard let first = set.first else { return 0 }
        var reached = TableSet([first])
        var frontier = reached
        var depth = 0
        while reached != set {
            var next = TableSet()
            for index in frontier { next = next.union(adjacency[index]) }
            next = next.intersection(set)
            let grown = reached.union(next)
            if grown == reached { return nil }
            frontier = next.subtracting(reached)
            reached = grown
            depth += 1
        }
        return depth
    }

    /// The window a booking would occupy, or why it cannot have one.
    public func window(startMinute: Int, partySize: Int, durationMinutes: Int?) -> Result<BookingWindow, WindowRefusal>
    {
        restaurant.window(startMinute: startMinute, partySize: partySize, durationMinutes: durationMinutes)
    }
}

/// `[startMinute, endMinute)`: the seating plus the buffer after it. Two windows on one table
/// conflict when they overlap; back-to-back windows do not.
public struct BookingWindow: Equatable, Sendable {
    public var startMinute: Int
    public var endMinute: Int
    public var seatingEndMinute: Int
    public var service: String

    public init(startMinute: Int, endMinute: Int, seatingEndMinute: Int, service: String) {
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.seatingEndMinute = seatingEndMinute
        self.service = service
    }

    public func overlaps(startMinute otherStart: Int, endMinute otherEnd: Int) -> Bool {
        startMinute < otherEnd && otherStart < endMinute
    }

    /// `[otherStart, otherEnd)` overlaps this window, touches it, or lies within `margin` minutes
    /// of it (`[start - margin, end + margin]`, both ends included): what a quote's `busy` lists.
    public func isNear(startMinute otherStart: Int, endMinute otherEnd: Int, margin: Int) -> Bool {
        otherStart <= endMinute + margin && startMinute - margin <= otherEnd
    }
}

/// Why a booking has no window (a `Result` failure).
public struct WindowRefusal: Error, Equatable, Sendable {
    public var reason: RejectionReason
    public init(reason: RejectionReason) { self.reason = reason }
}
