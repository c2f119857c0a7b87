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

    init(slug: String, restaurant: Restaurant) {
        self.slug = slug
        self.restaurant = restaurant
        floor = Floor(restaurant: restaurant, tables: [], adjacency: [])
        occupancy = Occupancy(tableCount: 0)
        metrics = RestaurantMetrics(slug: slug)
    }

    /// Re-indexes after a seed event (seeding happens before any occupation exists).
    mutating func reindex() {
        floor = Floor(restaurant: restaurant, tables: tables, adjacency: adjacency)
        occupancy = Occupancy(tableCount: floor.tables.count)
        metrics.tables = tables.count
    }
}
