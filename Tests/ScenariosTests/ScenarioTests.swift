import Allocation
import Foundation
import Scenarios
import Testing

@Suite struct DefaultScenarioTests {
    let scenario = DefaultScenario.make()

    @Test func hasTheOriginalDaysShape() {
        #expect(
            scenario.restaurants.map(\.restaurant.slug) == ["pub-1", "pub-2", "cafe-3", "finedining-4", "finedining-5"])
        let tables = scenario.restaurants.flatMap(\.tables)
        #expect(tables.count == 90)
        #expect(tables.map(\.id) == (1...90).map { String(format: "T%03d", $0) })
        #expect(scenario.restaurants.map { $0.adjacency.count }.reduce(0, +) == 77)
        for plan in scenario.restaurants {
            #expect(Set(plan.tables.map(\.zone)).count == 3)
            for pair in plan.adjacency {
                let zones = plan.tables.filter { $0.id == pair.first || $0.id == pair.second }.map(\.zone)
                #expect(zones.count == 2 && zones[0] == zones[1])
            }
        }
        for table in tables { #expect(table.minCovers == max(1, table.maxCovers - 1)) }
    }

    @Test func bookingsMatchTheRealisedMarginals() {
        let bookings = scenario.bookings
        #expect(bookings.count == 105)
        func counts<K: Comparable>(_ key: (ScenarioBooking) -> K) -> [K: Int] {
            Dictionary(grouping: bookings, by: key).mapValues(\.count)
        }
        #expect(
            counts(\.restaurant) == ["cafe-3": 30, "pub-1": 23, "finedining-5": 20, "finedining-4": 19, "pub-2": 13])
        #expect(counts(\.partySize) == [2: 45, 3: 11, 4: 31, 6: 14, 8: 4])
        #expect(counts { $0.startMinute / 60 } == [11: 2, 12: 11, 13: 13, 14: 2, 15: 7, 16: 3, 18: 22, 19: 27, 20: 18])
        // The original's type rule: before 15:30 lunch, 15:30-18:00 drinks, else dinner.
        let types = counts { $0.startMinute < 15 * 60 + 30 ? "lunch" : $0.startMinute <= 18 * 60 ? "drinks" : "dinner" }
        #expect(types == ["lunch": 32, "drinks": 7, "dinner": 66])
    }

    @Test func theRepositoryCopyEqualsTheBuiltIn() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scenarios/default.json").path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text == scenario.jsonText)
        #expect(try ScenarioLoader.parse(text: text, file: file) == scenario)
    }

    @Test func generatedScenariosRoundTripAndAreSeeded() throws {
        let a = ScenarioGenerator.make(restaurants: 7, bookings: 300, seed: 3)
        #expect(a.restaurants.count == 7 && a.bookings.count == 300)
        #expect(try ScenarioLoader.parse(text: a.jsonText, file: "gen.json") == a)
        #expect(ScenarioGenerator.make(restaurants: 7, bookings: 300, seed: 3) == a)
        #expect(ScenarioGenerator.make(restaurants: 7, bookings: 300, seed: 4) != a)
        #expect(ScenarioGenerator.make(restaurants: 7, bookings: 300, seed: 3, mix: .original) != a)
    }

    /// The realistic draw as docs/scenarios.md states it, on 4,000 bookings: parties of 1-2 above
    /// 60%, both peaks, every stay inside its service; with an overrun rate, that share overruns
    /// by 5-30 minutes, and nothing else does.
    @Test func realisticDaysHaveTheDocumentedMixAndFitTheirServices() throws {
        let day = ScenarioGenerator.make(restaurants: 20, bookings: 4_000, seed: 11)
        let parties = day.bookings.map(\.partySize)
        let couples = parties.filter { $0 <= 2 }.count
        #expect(
            couples * 100 > 60 * parties.count && couples * 100 < 65 * parties.count, "\(couples) of \(parties.count)")
        #expect(Set(parties) == Set(1...8))
        let lunch = day.bookings.filter { $0.startMinute < 15 * 60 }
        #expect(lunch.count * 100 > 30 * day.bookings.count && lunch.count * 100 < 40 * day.bookings.count)
        // The dinner peak: more arrivals at 19:00-20:00 than in either hour beside it.
        func arrivals(_ hour: Int) -> Int { day.bookings.filter { $0.startMinute / 60 == hour }.count }
        #expect(
            arrivals(19) > arrivals(18) && arrivals(19) > arrivals(20),
            "\(arrivals(18)) \(arrivals(19)) \(arrivals(20))")
        for plan in day.restaurants {
            for booking in day.bookings where booking.restaurant == plan.restaurant.slug {
                guard
                    case .success = plan.restaurant.window(
                        startMinute: booking.startMinute, partySize: booking.partySize,
                        durationMinutes: booking.durationMinutes)
                else {
                    Issue.record("\(booking.id) does not fit its service")
                    return
                }
            }
        }
        // 10% on purpose past the close, by 5-30 minutes.
        let late = ScenarioGenerator.make(restaurants: 20, bookings: 4_000, seed: 11, overrunPerMille: 100)
        var overruns = 0
        for booking in late.bookings {
            let restaurant = try #require(
                late.restaurants.first { $0.restaurant.slug == booking.restaurant }?.restaurant)
            guard
                case .failure = restaurant.window(
                    startMinute: booking.startMinute, partySize: booking.partySize,
                    durationMinutes: booking.durationMinutes)
            else { continue }
            overruns += 1
            let service = try #require(restaurant.service(containing: booking.startMinute))
            let past = booking.startMinute + (booking.durationMinutes ?? 0) - service.endMinute
            #expect((5...30).contains(past), "\(booking.id) overruns by \(past) min")
        }
        #expect(overruns > 320 && overruns < 480, "\(overruns) of 4000")
        // The original draw keeps its parties (2, 3, 4, 6, 8) and its overruns.
        let original = ScenarioGenerator.make(restaurants: 20, bookings: 4_000, seed: 11, mix: .original)
        #expect(Set(original.bookings.map(\.partySize)) == [2, 3, 4, 6, 8])
    }
}

@Suite struct ScenarioLoaderTests {
    static let valid = """
        {"name": "demo", "date": "2025-11-08",
         "restaurants": [{"slug": "pub-1",
           "services": [{"name": "dinner", "start": "17:00", "end": "22:30"}],
           "turnMinutes": {"2": 75, "4": 90}, "bufferMinutes": 15,
           "tables": [{"id": "T1", "zone": "main", "min": 1, "max": 2}, {"id": "T2", "zone": "main", "min": 1, "max": 4}],
           "adjacency": [["T1", "T2"]]}],
         "bookings": [{"id": "B1", "restaurant": "pub-1", "start": "19:00", "party": 4}]}
        """

    @Test func loadsTheSpecExampleShape() throws {
        let scenario = try ScenarioLoader.parse(text: Self.valid, file: "demo.json")
        #expect(scenario.restaurants[0].tables.count == 2)
        #expect(scenario.restaurants[0].restaurant.maxOverage == 4)
        #expect(scenario.bookings[0].startMinute == 19 * 60)
    }

    @Test(arguments: [
        (#""bufferMinutes": 15"#, #""bufferMinutes": 15, "colour": "red""#, "$.restaurants[0].colour", "unknown key"),
        (#""start": "19:00""#, #""start": "25:00""#, "$.bookings[0].start", "not a time of day"),
        (#""min": 1, "max": 2"#, #""min": 3, "max": 2"#, "$.restaurants[0].tables[0].min", "must be at most max"),
        (#"["T1", "T2"]"#, #"["T1", "T9"]"#, "$.restaurants[0].adjacency[0][1]", "unknown table"),
        (#""restaurant": "pub-1""#, #""restaurant": "pub-9""#, "$.bookings[0].restaurant", "unknown restaurant"),
        (#""party": 4"#, #""party": 0"#, "$.bookings[0].party", "must be in"),
        (#""party": 4"#, #""party": 4.5"#, "$.bookings[0].party", "expected an integer"),
        (#""id": "T2""#, #""id": "T1""#, "$.restaurants[0].tables[1].id", "used by another table"),
        (#""date": "2025-11-08""#, #""date": "2025-02-30""#, "$.date", "not a date"),
        (#""end": "22:30""#, #""end": "17:00""#, "$.restaurants[0].services[0].end", "equals start"),
        (#""turnMinutes": {"2": 75, "4": 90}"#, #""turnMinutes": {}"#, "$.restaurants[0].turnMinutes", "at least one"),
        (
            #"{"id": "T1", "zone": "main", "min": 1, "max": 2}, {"id": "T2", "zone": "main", "min": 1, "max": 4}"#, "",
            "$.restaurants[0].tables", "at least one table"
        )
    ])
    func namesThePathAndTheProblem(find: String, replace: String, path: String, problem: String) {
        let text = Self.valid.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.valid)
        let error = #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(text: text, file: "demo.json") }
        #expect(error?.path == path)
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("demo.json: \(path): ") == true)
    }

    @Test func duplicateBookingIDsAndMalformedJSON() {
        let duplicate = Self.valid.replacingOccurrences(
            of: #""party": 4}]"#,
            with: #""party": 4}, {"id": "B1", "restaurant": "pub-1", "start": "19:00", "party": 2}]"#)
        let error = #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(text: duplicate, file: "d.json") }
        #expect(error?.path == "$.bookings[1].id")
        let broken = #expect(throws: ScenarioError.self) {
            try ScenarioLoader.parse(text: "{\"name\": ", file: "b.json")
        }
        #expect(broken?.description.contains("invalid JSON at line 1") == true)
        let missing = #expect(throws: ScenarioError.self) { try ScenarioLoader.load(path: "/nonexistent/s.json") }
        #expect(missing?.description == "/nonexistent/s.json: $: no such file")
    }
}

/// Real restaurants' names and times (issue "Real restaurants").
@Suite struct RealNamesAndTimesTests {
    static let pub = """
        {"x-source": "a real pub's shape", "name": "The Red Lion – Friday", "date": "2025-11-14",
         "restaurants": [{"slug": "Red Lion", "x-note": "turn times only on services",
           "services": [{"name": "Breakfast", "start": "7:30", "end": "10:30", "turnMinutes": {"2": 45, "12": 90}},
                        {"name": "Dinner", "start": "17:00", "end": "01:00", "turnMinutes": {"2": 90, "12": 150}}],
           "bufferMinutes": 10,
           "tables": [{"id": "Table 1", "zone": "Main Dining", "min": 1, "max": 2}, {"id": "#2", "zone": "Main Dining", "min": 2, "max": 4},
                      {"id": "T-1/2", "zone": "Bar Area", "min": 2, "max": 4}, {"id": "Terrasse 1", "zone": "Terrasse-Été", "min": 4, "max": 8}],
           "adjacency": [["#2", "Table 1"]]}],
         "bookings": [{"id": "ext:opentable:98765", "restaurant": "Red Lion", "start": "7:45", "party": 2},
                      {"id": "5f0c6c1e-8a3b-4d7e-9f21-6b1d2c3e4f50", "restaurant": "Red Lion", "start": "0:15", "party": 2, "x-comment": "after midnight"}]}
        """

    @Test func aRealPubLoadsWithItsNamesTimesAndNotes() throws {
        // A UTF-8 byte-order mark first, as some editors write it.
        let scenario = try ScenarioLoader.parse(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.pub.utf8), file: "pub.json")
        #expect(scenario.name == "The Red Lion – Friday")
        let plan = try #require(scenario.restaurants.first)
        #expect(plan.restaurant.slug == "Red Lion")
        #expect(plan.tables.map(\.zone) == ["Main Dining", "Main Dining", "Bar Area", "Terrasse-Été"])
        #expect(plan.restaurant.services.map(\.startMinute) == [450, 1020])
        #expect(plan.restaurant.services.map(\.endMinute) == [630, 1500])  // 01:00 is 25:00 of the service day
        #expect(plan.restaurant.turnMinutes.entries.isEmpty)
        #expect(plan.restaurant.turnMinutes(forParty: 2, at: 1455) == 90)
        #expect(scenario.bookings.map(\.startMinute) == [465, 1455])  // 0:15 falls in the dinner: 24:15
        // What replay writes, it reads back to the same scenario (the `x-` keys are not kept by it).
        let again = try ScenarioLoader.parse(text: scenario.jsonText, file: "again.json")
        #expect(again == scenario)
        #expect(scenario.jsonText.contains("\"end\": \"01:00\"") && scenario.jsonText.contains("\"start\": \"00:15\""))
    }

    @Test(arguments: [
        (
            "\"id\": \"Table 1\"", "\"id\": \"Table\\u00071\"", "$.restaurants[0].tables[0].id",
            "contains a control character (U+7)"
        ),
        (
            "\"id\": \"Table 1\"", "\"id\": \" Table 1\"", "$.restaurants[0].tables[0].id",
            "starts or ends with white space"
        ),
        (
            "\"id\": \"Table 1\"", "\"id\": \"\(String(repeating: "é", count: 201))\"", "$.restaurants[0].tables[0].id",
            "is 201 characters long; names have at most 200"
        ),
        ("\"x-note\"", "\"note\"", "$.restaurants[0].note", "unknown key"),
        (
            "\"start\": \"7:30\"", "\"start\": \"7:3\"", "$.restaurants[0].services[0].start",
            "not a time of day HH:MM or H:MM"
        ),
        ("\"end\": \"10:30\"", "\"end\": \"7:30\"", "$.restaurants[0].services[0].end", "equals start"),
        (
            "\"turnMinutes\": {\"2\": 45, \"12\": 90}", "\"x-turns\": 1", "$.restaurants[0].turnMinutes",
            "service \"Breakfast\" has none"
        )
    ])
    func realNamesHaveRules(find: String, replace: String, path: String, problem: String) throws {
        let text = Self.pub.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.pub)
        let error = #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(text: text, file: "pub.json") }
        #expect(error?.path == path, "\(String(describing: error))")
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func namesSortNaturally() {
        let ids = ["T-10", "T-2", "Table 10", "T-1/2", "Table 9", "T-02", "#1", "t-3"]
        #expect(
            ids.sorted(by: NaturalOrder.precedes) == [
                "#1", "T-1/2", "T-02", "T-2", "T-10", "Table 9", "Table 10", "t-3"
            ])
        #expect(NaturalOrder.precedes("B99999999999999999999", "B100000000000000000000"))
    }
}
