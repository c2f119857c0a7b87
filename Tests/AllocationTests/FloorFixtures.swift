import Allocation

/// Hand-built floors whose answers are worked out by hand in the tests.
enum Fixtures {
    /// Dinner 17:00-22:00, turn times 2: 60, 4: 75, 6: 90 min, 15 min buffer, 4 spare seats.
    static let restaurant = Restaurant(
        slug: "test", services: [ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 22 * 60)],
        turnMinutes: TurnTable([(2, 60), (4, 75), (6, 90)]), bufferMinutes: 15)

    static func floor(_ tables: [Table], adjacency: [(String, String)] = []) -> Floor {
        Floor(restaurant: restaurant, tables: tables, adjacency: adjacency)
    }

    static func table(_ id: String, zone: String = "main", min: Int, max: Int) -> Table {
        Table(id: id, zone: zone, minCovers: min, maxCovers: max)
    }

    static func window(_ floor: Floor, start: Int, party: Int) -> BookingWindow {
        guard case .success(let window) = floor.window(startMinute: start, partySize: party, durationMinutes: nil)
        else {
            fatalError("fixture window refused")
        }
        return window
    }

    static func quote(
        _ floor: Floor, party: Int, start: Int = 19 * 60, strategy: Strategy, occupancy: Occupancy? = nil,
        now: Int = 0, booking: String = "B1"
    ) -> Quote {
        let request = QuoteRequest(
            booking: booking, partySize: party, window: window(floor, start: start, party: party),
            strategy: strategy, now: now)
        return Allocator().quote(
            request, floor: floor, occupancy: occupancy ?? Occupancy(tableCount: floor.tables.count), lookAhead: [])
    }

    static let adjacentX2 = Strategy(label: "adjacent-x2", requireAdjacency: true, maxTables: 2)
    static let relaxedX2 = Strategy(label: "relaxed-x2", requireAdjacency: false, maxTables: 2)
    static let relaxedX3 = Strategy(label: "relaxed-x3", requireAdjacency: false, maxTables: 3)
    static let single = Strategy(label: "adjacent-x1", requireAdjacency: true, maxTables: 1)
}
