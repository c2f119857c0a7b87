import EventLog
import Foundation
import Projections
import Testing

/// A day modelled on a real pub, end to end through the binary: names with spaces, accents,
/// `/`, `#`, `:` and UUIDs, a breakfast at 7:30, a dinner to 01:00, a party of 12, `x-` keys
/// and a byte-order mark.
@Suite(.serialized) struct RealRestaurantTests {
    static let pub = """
        {"x-source": "modelled on a real pub, names changed", "name": "The Red Lion – Friday", "date": "2025-11-14",
         "restaurants": [{"slug": "Red Lion", "x-note": "turn times only on services",
           "services": [{"name": "Breakfast", "start": "7:30", "end": "10:30", "turnMinutes": {"2": 45, "4": 60, "12": 90}},
                        {"name": "Dinner", "start": "17:00", "end": "01:00", "turnMinutes": {"2": 90, "4": 105, "12": 150}}],
           "bufferMinutes": 10,
           "tables": [{"id": "Table 1", "zone": "Main Dining", "min": 1, "max": 2}, {"id": "#2", "zone": "Main Dining", "min": 2, "max": 4},
                      {"id": "T-1/2", "zone": "Main Dining", "min": 2, "max": 4}, {"id": "T-10", "zone": "Bar Area", "min": 1, "max": 2},
                      {"id": "T-2", "zone": "Bar Area", "min": 1, "max": 2}, {"id": "Terrasse 1", "zone": "Terrasse-Été", "min": 4, "max": 8},
                      {"id": "Terrasse 2", "zone": "Terrasse-Été", "min": 4, "max": 8}],
           "adjacency": [["#2", "T-1/2"], ["Terrasse 1", "Terrasse 2"], ["T-10", "T-2"]]}],
         "bookings": [{"id": "ext:opentable:98765", "restaurant": "Red Lion", "start": "7:45", "party": 2},
                      {"id": "5f0c6c1e-8a3b-4d7e-9f21-6b1d2c3e4f50", "restaurant": "Red Lion", "start": "19:00", "party": 4},
                      {"id": "B/12", "restaurant": "Red Lion", "start": "20:00", "party": 12},
                      {"id": "late-1", "restaurant": "Red Lion", "start": "23:15", "party": 2},
                      {"id": "late-2", "restaurant": "Red Lion", "start": "0:15", "party": 2, "x-comment": "after midnight: too late for a 90-minute seating"}]}
        """

    @Test func aRealPubRecordsReproducesVerifiesFoldsAndShowsItsNames() throws {
        let folder = newFolder()
        try Data([0xEF, 0xBB, 0xBF] + Array(Self.pub.utf8)).write(to: folder.appendingPathComponent("red lion.json"))
        let record = try Replay.run(["record", "--scenario", "red lion.json", "--reports", "rep"], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        // The default capture name comes from the scenario's name, made safe for a file name.
        let captures = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("captures").path)
        let capture = try #require(captures.first { $0.hasSuffix("-The-Red-Lion-Friday-assign.db") }, "\(captures)")
        let path = "captures/" + capture
        #expect(record.stdout.contains("success 4/5"), "\(record.stdout)")
        for command in [["run", path], ["run", "--rebuild", path], ["verify", path]] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
        }
        // The party of 12 sits on the two terrace tables; the booking at 0:15 is 24:15 of the
        // service day, and its 90 minutes run past the 01:00 close.
        let shown = try Replay.run(["show", path, "--type", "assignment"], in: folder)
        #expect(shown.stdout.contains("B/12") && shown.stdout.contains("Terrasse 1+Terrasse 2"), "\(shown.stdout)")
        #expect(shown.stdout.contains("23:15-00:55+1"), "\(shown.stdout)")
        let failed = try Replay.run(["show", path, "--type", "booking.failed", "--json"], in: folder)
        #expect(
            failed.stdout.contains("\"booking\":\"late-2\"") && failed.stdout.contains("service_window_overrun"),
            "\(failed.stdout)")
        // Long ids are cut in columns and whole in JSON; a unique prefix names a booking.
        let uuid = try Replay.run(["show", path, "--booking", "5f0c", "--type", "booking.seeded"], in: folder)
        #expect(uuid.status == 0 && uuid.stdout.contains("5f0c6c1e-…"), "\(uuid.stdout)\(uuid.stderr)")
        let uuidJSON = try Replay.run(
            ["show", path, "--booking", "5f0c", "--type", "booking.seeded", "--json"], in: folder)
        #expect(uuidJSON.stdout.contains("5f0c6c1e-8a3b-4d7e-9f21-6b1d2c3e4f50"))
        let ambiguous = try Replay.run(["show", path, "--booking", "late"], in: folder)
        #expect(
            ambiguous.status == 2
                && ambiguous.stderr.contains("--booking late is ambiguous: it matches late-1, late-2"),
            "\(ambiguous.stderr)")
        let none = try Replay.run(["show", path, "--booking", "zz"], in: folder)
        #expect(none.status == 1 && none.stderr.contains("no booking starts with zz"), "\(none.stderr)")
        let restaurant = try Replay.run(["show", path, "--restaurant", "Red", "--type", "run.completed"], in: folder)
        // run.completed has no restaurant: nothing matched.
        #expect(restaurant.status == 1 || restaurant.stdout.isEmpty)
        // The HTML: names escaped and shown, zones in the file's order, tables in natural order.
        let html = try String(
            contentsOf: folder.appendingPathComponent("rep/" + capture.replacingOccurrences(of: ".db", with: ".html")),
            encoding: .utf8)
        for name in ["The Red Lion – Friday", "Terrasse-Été", "T-1/2", "#2", "ext:opentable:98765"] {
            #expect(html.contains(name), "\(name)")
        }
        let zones = ["ZONE MAIN DINING", "ZONE BAR AREA", "ZONE TERRASSE-ÉTÉ"].map { html.range(of: $0)?.lowerBound }
        #expect(zones.allSatisfy { $0 != nil } && zones[0]! < zones[1]! && zones[1]! < zones[2]!)
        let two = try #require(html.range(of: ">T-2 <"))
        let ten = try #require(html.range(of: ">T-10 <"))
        #expect(two.lowerBound < ten.lowerBound)
    }
}

/// A venue of 400 tables (10 zones of 40): more than the four machine words table sets had, so
/// sets reach their upper words; records, reproduces, verifies and folds.
@Suite struct BigVenueTests {
    @Test func aFourHundredTableVenueRecordsAndReproduces() throws {
        let folder = newFolder()
        let generated = try Replay.run(
            [
                "scenario", "generate", "--restaurants", "1", "--zones", "10", "--tables-per-zone", "40",
                "--bookings", "200", "--seed", "1", "--out", "hall.json"
            ], in: folder)
        #expect(generated.status == 0, "\(generated.stderr)")
        // Zones A to H closed (tables T001-T320 inactive): the day is seated in zones I and J,
        // tables 321-400, past the old limit of 256, which is crowded enough for combinations.
        let url = folder.appendingPathComponent("hall.json")
        var hall = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var restaurants = try #require(hall["restaurants"] as? [[String: Any]])
        let tables = try #require(restaurants[0]["tables"] as? [[String: Any]])
        restaurants[0]["tables"] = tables.map { table in
            var table = table
            if let id = table["id"] as? String, let number = Int(id.dropFirst()), number <= 320 {
                table["active"] = false
            }
            return table
        }
        hall["restaurants"] = restaurants
        try JSONSerialization.data(withJSONObject: hall).write(to: url)
        let started = ContinuousClock.now
        let record = try Replay.run(
            ["record", "--scenario", "hall.json", "--max-tables", "3", "--out", "hall.db", "--reports", "rep"],
            in: folder)
        print("400-table venue, 200 bookings, --max-tables 3, debug build: \(started.duration(to: .now)) whole process")
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stdout.contains("success "), "\(record.stdout)")
        #expect(!record.stdout.contains("limit reached"), "no budget is reached on zones of 40")
        for command in [["run", "hall.db"], ["verify", "hall.db"]] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
        }
        // Assignments sit on tables numbered past 256, combinations among them.
        let rows = try Self.assignedTables(folder.appendingPathComponent("hall.db").path)
        #expect(rows.contains { $0.contains { Int($0.dropFirst()) ?? 0 > 256 } })
        #expect(
            rows.contains { tables in tables.count > 1 && tables.contains { Int($0.dropFirst()) ?? 0 > 256 } },
            "\(rows.filter { $0.count > 1 })")
        let html = try String(contentsOf: folder.appendingPathComponent("rep/hall.html"), encoding: .utf8)
        #expect(html.contains("T400") && html.contains("room J"))
        let refused = try Replay.run(["scenario", "generate", "--zones", "13", "--tables-per-zone", "40"], in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("at most 511, found 13 × 40"), "\(refused.stderr)")
    }

    static func assignedTables(_ path: String) throws -> [[String]] {
        let reader = try CaptureReader(path: path)
        var rows: [[String]] = []
        try reader.forEachEvent { record in
            if record.type == "assignment.confirmed",
                case .assignmentConfirmed(let body) = try Event.decode(record).body
            {
                rows.append(body.tables)
            }
            return true
        }
        return rows
    }
}
