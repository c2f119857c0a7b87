import Allocation

/// A restaurant as seeded, with its floor indexed for the allocator and who occupies what.
public struct RestaurantState: Sendable {
    public var slug: String
    public var restaurant: Restaurant
    /// In seeded order.
    public var tables: [Table] = []
    public var adjacency: [(String, String)] = []
    public private(set) var floor: Floor
    public var occupancy: Occupancy
    public var metrics: RestaurantMetrics
    /// Holds that ended without an assignment, in order.
    public var endedHolds: [EndedHold] = []
    /// Conflicts, in order.
    public var conflicts: [ConflictMark] = []
    /// Positions in `RunState.bookings` of this restaurant's bookings, in the order they appeared.
    public internal(set) var bookingPositions: [Int] = []
    /// This restaurant's assignments, in the order they were confirmed.
    public internal(set) var assignmentIDs: [String] = []

    init(slug: String, restaurant: Restaurant) {
        self.slug = slug
        self.restaurant = restaurant
        floor = Floor(restaurant: restaurant, tables: [], adjacency: [])
        occupancy = Occupancy(tableCount: 0)
        metrics = RestaurantMetrics(slug: slug)
    }

    /// False after a table or adjacency was seeded and before the floor was indexed again.
    public internal(set) var floorIsCurrent = true

    /// Indexes the seeded tables and adjacency for the allocator (once, when seeding is over:
    /// re-indexing after every seed event made seeding quadratic).
    mutating func reindex() {
        floorIsCurrent = true
        floor = Floor(restaurant: restaurant, tables: tables, adjacency: adjacency)
        occupancy = Occupancy(tableCount: floor.tables.count)
        metrics.tables = tables.count
    }
}
