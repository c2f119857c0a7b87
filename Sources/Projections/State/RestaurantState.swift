import Allocation

/// A restaurant as seeded, with its floor indexed for the allocator and who occupies what.
public struct RestaurantState: Sendable, Equatable {
    public var slug: String
    public var restaurant: Restaurant
    /// In seeded order.
    public private(set) var tables: [Table] = []
    public private(set) var adjacency: [AdjacencyPair] = []
    public var metrics: RestaurantMetrics
    /// Holds that ended without an assignment, in order.
    public var endedHolds: [EndedHold] = []
    /// Conflicts, in order.
    public var conflicts: [ConflictMark] = []
    /// Positions in `RunState.bookings` of this restaurant's bookings, in the order they appeared.
    public internal(set) var bookingPositions: [Int] = []
    /// This restaurant's assignments, in the order they were confirmed.
    public internal(set) var assignmentIDs: [String] = []
    /// The floor indexed when seeding ended (`indexFloor`): re-indexing after every seed event
    /// made seeding quadratic.
    private var indexedFloor: Floor
    private var indexedOccupancy: Occupancy
    private var floorIsCurrent = true

    init(slug: String, restaurant: Restaurant) {
        self.slug = slug
        self.restaurant = restaurant
        indexedFloor = Floor(restaurant: restaurant, tables: [], adjacency: [])
        indexedOccupancy = Occupancy(tableCount: 0)
        metrics = RestaurantMetrics(slug: slug)
    }

    /// The seeded tables and adjacency indexed for the allocator. While seeding is still going
    /// on (a state folded part-way, or the runner's first quote before any allocation event) it
    /// is indexed on the fly; from the first allocation event on it is indexed once.
    public var floor: Floor {
        floorIsCurrent ? indexedFloor : Floor(restaurant: restaurant, tables: tables, adjacency: adjacency.map { ($0.first, $0.second) })
    }

    /// Who holds or has what, per table of `floor`.
    public var occupancy: Occupancy { floorIsCurrent ? indexedOccupancy : Occupancy(tableCount: tables.count) }

    mutating func occupy(_ occupation: Occupancy.Occupation, on set: TableSet) {
        indexedOccupancy.add(occupation, on: set)
    }

    mutating func vacate(id: String, from set: TableSet) {
        indexedOccupancy.remove(id: id, from: set)
    }

    mutating func seed(_ table: Table) {
        tables.append(table)
        floorIsCurrent = false
    }

    mutating func seedAdjacency(_ first: String, _ second: String) {
        adjacency.append(AdjacencyPair(first, second))
        floorIsCurrent = false
    }

    /// Indexes the floor once seeding is over (nothing occupies a table before then).
    mutating func indexFloor() {
        guard !floorIsCurrent else { return }
        floorIsCurrent = true
        indexedFloor = Floor(restaurant: restaurant, tables: tables, adjacency: adjacency.map { ($0.first, $0.second) })
        indexedOccupancy = Occupancy(tableCount: indexedFloor.tables.count)
        metrics.tables = tables.count
    }

    /// Equal when the folded facts are equal (the floor index is derived from them).
    public static func == (lhs: RestaurantState, rhs: RestaurantState) -> Bool {
        lhs.slug == rhs.slug && lhs.restaurant == rhs.restaurant && lhs.tables == rhs.tables && lhs.adjacency == rhs.adjacency
            && lhs.metrics == rhs.metrics && lhs.endedHolds == rhs.endedHolds && lhs.conflicts == rhs.conflicts
            && lhs.bookingPositions == rhs.bookingPositions && lhs.assignmentIDs == rhs.assignmentIDs
            && lhs.occupancy.tables == rhs.occupancy.tables
    }
}
