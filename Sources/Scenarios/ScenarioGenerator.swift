import Allocation

/// `replay scenario generate`: larger days of the same shape as the default, for scale runs.
/// Per restaurant 3 zones of 6 tables (as the default; `zones` and `tablesPerZone` make bigger venues), each same-zone pair adjacent with
/// probability 0.3, bookings spread uniformly over restaurants with the original's party-size
/// mix (2: 45, 3: 11, 4: 31, 6: 14, 8: 4 of 105) and its time draw (30% 11:45 + U[0,165) min,
/// 10% 15:00 + U[0,120), 60% 18:00 + U[0,180), on 5-minute marks) and duration 90 + U[0,60) min.
public enum ScenarioGenerator {
    public static let maximumRestaurants = 10_000

    /// Zones per restaurant and tables per zone of a generated floor: a venue's size is their
    /// product, at most `TableSet.capacity`.
    public static let zonesRange = 1...FloorGenerator.maximumZones
    public static let tablesPerZoneRange = 1...TableSet.capacity
    /// The default's floor: 3 zones of 6 tables.
    public static let defaultZones = 3
    public static let defaultTablesPerZone = 6

    /// `zones` and `tablesPerZone` [3 and 6, the default's floor]: larger venues (10 zones of 40
    /// is a 400-table hall). The defaults give the same scenario as before they existed.
    public static func make(restaurants: Int, bookings: Int, seed: UInt64, zones: Int = defaultZones,
                            tablesPerZone: Int = defaultTablesPerZone) -> Scenario {
        var generator = SplitMix64(seed: seed, stream: .scenarioGenerator)
        let perRestaurant = zones * tablesPerZone
        let tableCount = restaurants * perRestaurant
        let tableWidth = max(3, String(tableCount).count)
        var plans: [RestaurantPlan] = []
        for number in 1...restaurants {
            let kind = FloorGenerator.kinds[(number - 1) % FloorGenerator.kinds.count]
            let tables = FloorGenerator.tables(kind: kind, firstNumber: (number - 1) * perRestaurant + 1, width: tableWidth, zones: zones,
                                               tablesPerZone: tablesPerZone, using: &generator)
            let adjacency = FloorGenerator.sameZonePairs(tables).filter { _ in generator.chance(3, in: 10) }
            plans.append(RestaurantPlan(restaurant: FloorGenerator.restaurant(slug: FloorGenerator.slug(number: number)),
                                        tables: tables, adjacency: adjacency))
        }
        let bookingWidth = max(3, String(bookings).count)
        var drafts: [ScenarioBooking] = []
        drafts.reserveCapacity(bookings)
        for _ in 0..<bookings {
            let restaurant = plans[generator.below(restaurants)].restaurant.slug
            drafts.append(ScenarioBooking(id: "", restaurant: restaurant, startMinute: startMinute(using: &generator),
                                          partySize: partySize(using: &generator), durationMinutes: 90 + generator.below(60)))
        }
        drafts.sort { ($0.startMinute, $0.restaurant) < ($1.startMinute, $1.restaurant) }
        for index in drafts.indices {
            drafts[index].id = FloorGenerator.tableID(index + 1, width: bookingWidth).replacingFirst("T", with: "B")
        }
        let floorSize = zones == defaultZones && tablesPerZone == defaultTablesPerZone ? "" : "-z\(zones)x\(tablesPerZone)"
        return Scenario(name: "generated-r\(restaurants)-b\(bookings)-s\(seed)" + floorSize, date: DefaultScenario.date,
                        restaurants: plans, bookings: drafts)
    }

    static func partySize(using generator: inout SplitMix64) -> Int {
        let draw = generator.below(105)
        return draw < 45 ? 2 : draw < 56 ? 3 : draw < 87 ? 4 : draw < 101 ? 6 : 8
    }

    static func startMinute(using generator: inout SplitMix64) -> Int {
        let draw = generator.below(10)
        if draw < 3 { return 11 * 60 + 45 + 5 * generator.below(33) }
        if draw < 4 { return 15 * 60 + 5 * generator.below(24) }
        return 18 * 60 + 5 * generator.below(36)
    }
}
