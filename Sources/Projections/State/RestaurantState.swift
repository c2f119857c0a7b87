import Allocation

/// A restaurant as seeded, with its floor indexed for the allocator and who occupies what.
public struct RestaurantState: Sendable, Equatable {
    public var slug: String
    public var restaurant: Restaurant
    /// In seeded order.
    public private(set) var tables: [Table] = []
    public private(set) var adjacency: [AdjacencyPair] = []
    /// The figures (a projection of their own: `RestaurantMetrics+Apply.swift`).
    public internal(set) var metrics: RestaurantMetrics
    /// Ended holds and conflicts for the report's timeline (a projection of its own).
    public internal(set) var timeline = RestaurantTimeline()
    public var endedHolds: [EndedHold] { timeline.endedHolds }
    public var conflicts: [ConflictMark] { timeline.conflicts }
    /// Positions in `RunState.bookings` of this restaurant's bookings, in the order they appeared.
    public internal(set) var bookingPositions: [Int] = []
    /// Bookings added to this restaurant or leaving pending (confirmed, failed), counted: what a
    /// look-ahead's list of pending bookings depends on, so a caller can reuse that list while
    /// the count stands (a booking's strategies are quoted one after another).
    public internal(set) var bookingChanges = 0
    /// This restaurant's assignments, in the order they were confirmed.
    public internal(set) var assignmentIDs: [String] = []
    /// The seeded tables and adjacency indexed for the allocator: indexed once the floor's
    /// seeding is over (`indexFloor`, at the first booking or allocation event; re-indexing
    /// after every seed event made seeding quadratic). A state folded part-way through seeding
    /// has `floorIsCurrent` false: read `currentFloor` there.
    public private(set) var floor: Floor
    /// Who holds or has what, per table of `floor`.
    public private(set) var occupancy: Occupancy
    public private(set) var floorIsCurrent = true

    init(slug: String, restaurant: Restaurant) {
        self.slug = slug
        self.restaurant = restaurant
        floor = Floor(restaurant: restaurant, tables: [], adjacency: [])
        occupancy = Occupancy(tableCount: 0)
        metrics = RestaurantMetrics(slug: slug)
    }

    /// The floor as seeded so far, indexed now if seeding is still going on.
    public var currentFloor: Floor {
        floorIsCurrent
            ? floor : Floor(restaurant: restaurant, tables: tables, adjacency: adjacency.map { ($0.first, $0.second) })
    }

    /// What occupies the table at `index` of `currentFloor` (nothing before the floor is indexed:
    /// nothing can occupy a table during seeding).
    public func occupations(ofTable index: Int) -> [Occupancy.Occupation] {
        floorIsCurrent && occupancy.tables.indices.contains(index) ? occupancy.tables[index] : []
    }

    mutating func occupy(_ occupation: Occupancy.Occupation, on set: TableSet) {
        occupancy.add(occupation, on: set)
    }

    mutating func vacate(id: String, from set: TableSet) {
        occupancy.remove(id: id, from: set)
    }

    mutating func seed(_ table: Table) {
        tables.append(table)
        floorIsCurrent = false
    }

    mutating func seedAdjacency(_ first: String, _ second: String) {
        adjacency.append(AdjacencyPair(first, second))
        floorIsCurrent = false
    }

    /// Indexes the floor once its seeding is over (nothing occupies a table before then).
    mutating func indexFloor() {
        guard !floorIsCurrent else { return }
        floorIsCurrent = true
        floor = Floor(restaurant: restaurant, tables: tables, adjacency: adjacency.map { ($0.first, $0.second) })
        occupancy = Occupancy(tableCount: floor.tables.count)
        metrics.tables = tables.count
    }

    /// Equal when the folded facts are equal (the floor index is derived from them).
    public static func == (lhs: RestaurantState, rhs: RestaurantState) -> Bool {
        lhs.slug == rhs.slug && lhs.restaurant == rhs.restaurant && lhs.tables == rhs.tables
            && lhs.adjacency == rhs.adjacency
            && lhs.metrics == rhs.metrics && lhs.timeline == rhs.timeline
            && lhs.bookingPositions == rhs.bookingPositions && lhs.assignmentIDs == rhs.assignmentIDs
            && lhs.occupancy.tables == rhs.occupancy.tables
    }
}
