import CanonicalJSON
@testable import DayImport
import Scenarios
import Testing

/// The assembler on parts made in memory: what both sources share.
struct DayAssemblerTests {
    static func parts(bookings: [[String?]]) -> [ImportedTable] {
        [
            ImportedTable(
                part: .services, source: "services", columns: ["restaurant", "service", "start", "end"],
                rows: [["north", "Dinner", "18:00", "23:00"], ["south", "Dinner", "18:00", "23:00"]]),
            ImportedTable(
                part: .tables, source: "tables", columns: ["restaurant", "table", "zone", "min", "max"],
                rows: [
                    ["north", "1", "Main", "1", "4"], ["north", "2", "Main", "1", "4"], ["south", "1", "Main", "1", "4"]
                ]),
            ImportedTable(
                part: .adjacency, source: "adjacency", columns: ["restaurant", "table_a", "table_b"],
                rows: [["north", "2", "1"], ["north", "1", "2"]]),
            ImportedTable(
                part: .bookings, source: "bookings", columns: ["restaurant", "booking", "start", "party", "created"],
                rows: bookings)
        ]
    }

    static func assemble(_ parts: [ImportedTable], pseudonymize: Bool = false) throws -> ImportedDay {
        try DayAssembler(
            request: ImportRequest(date: "2025-11-14", pseudonymize: pseudonymize), source: "test",
            label: "test 2025-11-14",
            provenance: []
        ).assemble(parts)
    }

    @Test func bookingsComeInArrivalOrderThoseWithoutATimeLastAsListed() throws {
        let day = try Self.assemble(
            Self.parts(bookings: [
                ["north", "late", "19:00", "2", nil], ["south", "second", "18:30", "2", "2025-11-10T12:00:00+02:00"],
                ["north", "first", "20:00", "2", "2025-11-10T10:30:00Z"], ["south", "unknown", "21:00", "2", nil]
            ]))
        // 12:00+02:00 is 10:00Z: before 10:30Z.
        #expect(day.scenario.bookings.map(\.id) == ["second", "first", "late", "unknown"])
        // Restaurants from the parts, in order of first appearance; one pair stored both ways is one pair.
        #expect(day.scenario.restaurants.map(\.restaurant.slug) == ["north", "south"])
        #expect(day.scenario.restaurants[0].adjacency.count == 1)
    }

    @Test func pseudonymsAreStablePerRestaurantAndLeaveNoOriginalId() throws {
        let bookings: [[String?]] = [["north", "B-1", "19:00", "2", nil], ["south", "B-2", "19:00", "2", nil]]
        let first = try Self.assemble(Self.parts(bookings: bookings), pseudonymize: true)
        let again = try Self.assemble(Self.parts(bookings: bookings), pseudonymize: true)
        #expect(first.text == again.text)
        let ids = first.scenario.bookings.map(\.id)
        #expect(ids.count == 2 && ids[0] != ids[1] && ids.allSatisfy { $0.hasPrefix("b-") && $0.count == 18 })
        #expect(
            first.scenario.restaurants.flatMap { $0.tables.map(\.id) }.allSatisfy {
                $0.hasPrefix("t-") && $0.count == 12
            })
        #expect(!first.text.contains("B-1") && !first.text.contains("B-2"))
        // The same table number in two restaurants gets two pseudonyms; the pair follows its tables.
        #expect(first.scenario.restaurants[0].tables[0].id != first.scenario.restaurants[1].tables[0].id)
        let pair = first.scenario.restaurants[0].adjacency[0]
        #expect(Set([pair.first, pair.second]) == Set(first.scenario.restaurants[0].tables.map(\.id)))
    }

    @Test func aBookingIdIsTheDaysNotARestaurants() throws {
        // An assignment names a booking by its id alone, so two restaurants cannot share one.
        let error = #expect(throws: ImportError.self) {
            try Self.assemble(
                Self.parts(bookings: [["north", "B-1", "19:00", "2", nil], ["south", "B-1", "19:00", "2", nil]]))
        }
        #expect(
            error?.description
                == "bookings, row 2 (restaurant south, booking B-1): column \"booking\": \"B-1\" is used by another booking"
        )
    }

    @Test func aRuleOfTheScenarioIsNamedByTheRowThatBrokeIt() throws {
        var parts = Self.parts(bookings: [["north", "B-1", "19:00", "2", nil]])
        parts[1].rows[1][3] = "5"  // min 5 above max 4
        let error = #expect(throws: ImportError.self) { try Self.assemble(parts) }
        #expect(
            error?.description
                == "tables, row 2 (restaurant north, table 2): column \"min\": must be at most max (4), found 5")
    }
}
