import Allocation

/// The floors of the original stress data: 3 zones of 6 tables per restaurant, capacities 2/4/6/8
/// drawn with probability .4/.3/.2/.1, min party = capacity − 1, about 70% movable, and the
/// original allocator's service policy.
enum FloorGenerator {
    static let zonesPerRestaurant = ScenarioGenerator.defaultZones
    static let tablesPerZone = ScenarioGenerator.defaultTablesPerZone
    static let kinds = ["pub", "pub", "cafe", "finedining", "finedining"]

    /// Most zones a generated floor has (their names run out of letters after that).
    static let maximumZones = 26

    /// The kind's three zone names, then "room D", "room E", ... for larger venues.
    static func zoneNames(kind: String, count: Int = zonesPerRestaurant) -> [String] {
        let named: [String] =
            switch kind {
            case "pub": ["bar", "main", "patio"]
            case "cafe": ["counter", "main", "terrace"]
            default: ["main", "salon", "window"]
            }
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return Array((named + (named.count..<max(count, named.count)).map { "room \(letters[$0])" }).prefix(count))
    }

    /// `pub-1`, `pub-2`, `cafe-3`, `finedining-4`, `finedining-5`, `pub-6`, ...
    static func slug(number: Int) -> String { "\(kinds[(number - 1) % kinds.count])-\(number)" }

    /// Minutes between two seatings of a table on a generated floor.
    static let bufferMinutes = 5

    /// Lunch 12:00-15:00 and drinks 15:00-17:00 with the lunch turn times, dinner 17:00-22:00
    /// with the dinner turn times (the restaurant's), 5 minutes of buffer.
    static func restaurant(slug: String) -> Restaurant {
        let lunchTurns = TurnTable([(2, 60), (4, 75), (6, 85), (8, 85)])
        let dinnerTurns = TurnTable([(2, 60), (4, 75), (6, 85), (8, 90)])
        return Restaurant(
            slug: slug,
            services: [
                ServicePeriod(name: "lunch", startMinute: 12 * 60, endMinute: 15 * 60, turnMinutes: lunchTurns),
                ServicePeriod(name: "drinks", startMinute: 15 * 60, endMinute: 17 * 60, turnMinutes: lunchTurns),
                ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 22 * 60)
            ],
            turnMinutes: dinnerTurns,
            bufferMinutes: bufferMinutes)
    }

    static func capacity(using generator: inout SplitMix64) -> Int {
        let draw = generator.below(10)
        return draw < 4 ? 2 : draw < 7 ? 4 : draw < 9 ? 6 : 8
    }

    /// Tables numbered from `firstNumber` in zone blocks, ids zero-padded to `width` digits.
    static func tables(
        kind: String, firstNumber: Int, width: Int, zones: Int = zonesPerRestaurant, tablesPerZone: Int = tablesPerZone,
        using generator: inout SplitMix64
    ) -> [Table] {
        var tables: [Table] = []
        for (zoneIndex, zone) in zoneNames(kind: kind, count: zones).enumerated() {
            for position in 0..<tablesPerZone {
                let number = firstNumber + zoneIndex * tablesPerZone + position
                let capacity = capacity(using: &generator)
                let movable = generator.chance(7, in: 10)
                tables.append(
                    Table(
                        id: tableID(number, width: width), zone: zone, minCovers: max(1, capacity - 1),
                        maxCovers: capacity, movable: movable))
            }
        }
        return tables
    }

    static func tableID(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return "T" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Every same-zone pair of tables, in table order.
    static func sameZonePairs(_ tables: [Table]) -> [AdjacencyPair] {
        var pairs: [AdjacencyPair] = []
        for (i, a) in tables.enumerated() {
            for b in tables[(i + 1)...] where a.zone == b.zone { pairs.append(AdjacencyPair(a.id, b.id)) }
        }
        return pairs
    }
}
