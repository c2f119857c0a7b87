import Allocation
import CanonicalJSON
import Foundation

/// Reads a scenario file and checks every value, refusing unknown keys, so a typo never silently
/// becomes a default. Every error names the file and the JSON path.
public enum ScenarioLoader {
    /// Bounds on what a scenario may ask for (bound everything).
    public static let maximumPartySize = 100
    public static let maximumBookings = 2_000_000
    public static let maximumDurationMinutes = 24 * 60
    /// Longest name or id (restaurants, zones, tables, bookings, services, the scenario), in Unicode scalars.
    public static let maximumNameScalars = 200

    public static func load(path: String) throws(ScenarioError) -> Scenario {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError(file: path, path: "$", problem: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw ScenarioError(file: path, path: "$", problem: "is a directory, not a scenario file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, path: "$", problem: "cannot be read")
        }
        return try parse(bytes: [UInt8](data), file: path)
    }

    public static func parse(text: String, file: String) throws(ScenarioError) -> Scenario {
        try parse(bytes: Array(text.utf8), file: file)
    }

    public static func parse(bytes: [UInt8], file: String) throws(ScenarioError) -> Scenario {
        let json: JSONValue
        // A UTF-8 byte-order mark (what some editors write first) is not part of the JSON.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        do {
            json = try JSONParser.parse(bytes: body)
        } catch {
            throw ScenarioError(file: file, path: "$", problem: error.description)
        }
        var reader = ScenarioReader(file: file)
        return try reader.scenario(json)
    }
}

/// Walks the JSON document, keeping the file name for errors.
struct ScenarioReader {
    let file: String

    func fail(_ path: String, _ problem: String) -> ScenarioError {
        ScenarioError(file: file, path: path, problem: problem)
    }

    func object(_ value: JSONValue, _ path: @autoclosure () -> String, allowed: [String], required: [String])
        throws(ScenarioError) -> [(key: String, value: JSONValue)]
    {
        guard let fields = value.objectValue else { throw fail(path(), "expected an object, found \(value.kindName)") }
        var seen: [String] = []
        for field in fields {
            // `x-` keys are the file's own notes and extensions: kept in the file, ignored here.
            if field.key.hasPrefix("x-") { continue }
            guard allowed.contains(field.key) else {
                throw fail(
                    "\(path()).\(field.key)",
                    "unknown key (allowed: \(allowed.joined(separator: ", ")), or any key starting with x-)")
            }
            guard !seen.contains(field.key) else { throw fail("\(path()).\(field.key)", "key appears twice") }
            seen.append(field.key)
        }
        for key in required where !seen.contains(key) { throw fail("\(path()).\(key)", "missing required key") }
        return fields
    }

    func string(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(ScenarioError) -> String {
        guard let value else { throw fail(path(), "missing required key") }
        guard let text = value.stringValue else { throw fail(path(), "expected a string, found \(value.kindName)") }
        guard !text.isEmpty else { throw fail(path(), "must not be empty") }
        return text
    }

    /// A name or id as people write them ("Main Dining", "Terrasse-Été", "T-1/2", "#1",
    /// "ext:opentable:98765", a UUID): any Unicode text of 1 to `ScenarioLoader.maximumNameScalars`
    /// scalars, without control characters (nothing that would break a line, a terminal or a
    /// report) and without white space at either end (a typo that would make two names look alike).
    func identifier(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(ScenarioError) -> String {
        let text = try string(value, path())
        if let control = text.unicodeScalars.first(where: Self.isControl) {
            throw fail(
                path(),
                "contains a control character (U+\(String(control.value, radix: 16, uppercase: true))); names are text without control characters"
            )
        }
        let count = text.unicodeScalars.count
        guard count <= ScenarioLoader.maximumNameScalars else {
            throw fail(path(), "is \(count) characters long; names have at most \(ScenarioLoader.maximumNameScalars)")
        }
        // Foundation's `.whitespaces` (category Zs and the tab), checked at the two ends only:
        // trimming a copy of every name cost a tenth of loading a large day.
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            Self.isSpace(first) || Self.isSpace(last)
        {
            throw fail(path(), "\"\(text)\" starts or ends with white space")
        }
        return text
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || scalar == "\t" : scalar.properties.generalCategory == .spaceSeparator
    }

    /// C0 and C1 controls, DEL, and the line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    func int(_ value: JSONValue?, _ path: @autoclosure () -> String, range: ClosedRange<Int>) throws(ScenarioError)
        -> Int
    {
        guard let value else { throw fail(path(), "missing required key") }
        guard let number = value.intValue else { throw fail(path(), "expected an integer, found \(value.kindName)") }
        guard range.contains(number) else {
            throw fail(path(), "must be in \(range.lowerBound)...\(range.upperBound), found \(number)")
        }
        return number
    }

    func bool(_ value: JSONValue?, _ path: @autoclosure () -> String, default fallback: Bool) throws(ScenarioError)
        -> Bool
    {
        guard let value else { return fallback }
        guard let flag = value.boolValue else { throw fail(path(), "expected true or false, found \(value.kindName)") }
        return flag
    }

    func array(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(ScenarioError) -> [JSONValue] {
        guard let value else { throw fail(path(), "missing required key") }
        guard let items = value.arrayValue else { throw fail(path(), "expected an array, found \(value.kindName)") }
        return items
    }

    /// "HH:MM" or "H:MM" to minutes since midnight; `allowMidnightEnd` accepts "24:00".
    func clock(_ value: JSONValue?, _ path: @autoclosure () -> String, allowMidnightEnd: Bool = false)
        throws(ScenarioError) -> Int
    {
        let text = try string(value, path())
        // One or two ASCII digits, ":", two ASCII digits; read from the bytes (a day's file has a
        // time per booking).
        let bytes = Array(text.utf8)
        let colon = bytes.count - 3
        let digits = bytes.enumerated().compactMap { position, byte -> Int? in
            position != colon && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                ? Int(byte - UInt8(ascii: "0")) : nil
        }
        guard bytes.count == 4 || bytes.count == 5, bytes[colon] == UInt8(ascii: ":"), digits.count == bytes.count - 1
        else { throw fail(path(), "\"\(text)\" is not a time of day HH:MM or H:MM") }
        let hours = digits.dropLast(2).reduce(0) { $0 * 10 + $1 }
        let minutes = digits[digits.count - 2] * 10 + digits[digits.count - 1]
        let total = hours * 60 + minutes
        let valid = (hours < 24 && minutes < 60) || (allowMidnightEnd && total == 24 * 60)
        guard valid else { throw fail(path(), "\"\(text)\" is not a time of day (00:00-23:59)") }
        return total
    }

    func date(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(ScenarioError) -> String {
        let text = try string(value, path())
        guard ServiceDate.isValid(text) else { throw fail(path(), "\"\(text)\" is not a date YYYY-MM-DD") }
        return text
    }

    func turnTable(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(ScenarioError) -> TurnTable {
        guard let value else { throw fail(path(), "missing required key") }
        guard let fields = value.objectValue else {
            throw fail(path(), "expected an object of party size to minutes, found \(value.kindName)")
        }
        guard !fields.isEmpty else { throw fail(path(), "must list at least one party size") }
        var entries: [(partySize: Int, minutes: Int)] = []
        for field in fields {
            guard let party = Int(field.key), party >= 1, party <= ScenarioLoader.maximumPartySize,
                String(party) == field.key
            else {
                throw fail(
                    "\(path()).\(field.key)", "party size must be an integer 1...\(ScenarioLoader.maximumPartySize)")
            }
            guard !entries.contains(where: { $0.partySize == party }) else {
                throw fail("\(path()).\(field.key)", "party size listed twice")
            }
            entries.append(
                (
                    party,
                    try int(field.value, "\(path()).\(field.key)", range: 1...ScenarioLoader.maximumDurationMinutes)
                ))
        }
        return TurnTable(entries)
    }

    mutating func scenario(_ json: JSONValue) throws(ScenarioError) -> Scenario {
        _ = try object(
            json, "$", allowed: ["name", "date", "restaurants", "bookings", "changes"],
            required: ["name", "date", "restaurants", "bookings"])
        let name = try identifier(json["name"], "$.name")
        let date = try date(json["date"], "$.date")
        let restaurantValues = try array(json["restaurants"], "$.restaurants")
        guard !restaurantValues.isEmpty else { throw fail("$.restaurants", "must list at least one restaurant") }
        var restaurants: [RestaurantPlan] = []
        for (index, value) in restaurantValues.enumerated() {
            let plan = try restaurant(value, "$.restaurants[\(index)]")
            if restaurants.contains(where: { $0.restaurant.slug == plan.restaurant.slug }) {
                throw fail("$.restaurants[\(index)].slug", "\"\(plan.restaurant.slug)\" is used by another restaurant")
            }
            restaurants.append(plan)
        }
        let bookingValues = try array(json["bookings"], "$.bookings")
        guard bookingValues.count <= ScenarioLoader.maximumBookings else {
            throw fail("$.bookings", "at most \(ScenarioLoader.maximumBookings) bookings")
        }
        var bookings: [ScenarioBooking] = []
        var seenIDs = Set<String>()
        let slugs = Set(restaurants.map(\.restaurant.slug))
        // Lookups only (never iterated): each restaurant's services, to place times after midnight.
        var servicesBySlug: [String: [ServicePeriod]] = [:]
        for plan in restaurants { servicesBySlug[plan.restaurant.slug] = plan.restaurant.services }
        var tablesBySlug: [String: [Table]] = [:]
        for plan in restaurants { tablesBySlug[plan.restaurant.slug] = plan.tables }
        for (index, value) in bookingValues.enumerated() {
            var booking = try booking(value, "$.bookings[\(index)]", slugs: slugs)
            if let tables = booking.tables {
                try existingTables(
                    tables, "$.bookings[\(index)].tables", of: tablesBySlug[booking.restaurant] ?? [],
                    partySize: booking.partySize)
            }
            // "00:30" in a dinner that runs to 01:00 is 24:30 of the service day: a time no
            // service holds is placed after midnight when a service holds it there.
            if let services = servicesBySlug[booking.restaurant],
                !services.contains(where: { $0.contains(minute: booking.startMinute) }),
                services.contains(where: { $0.contains(minute: booking.startMinute + 24 * 60) })
            {
                booking.startMinute += 24 * 60
            }
            guard seenIDs.insert(booking.id).inserted else {
                throw fail("$.bookings[\(index)].id", "\"\(booking.id)\" is used by another booking")
            }
            bookings.append(booking)
        }
        let changes =
            json["changes"] == nil
            ? [] : try self.changes(json["changes"], of: bookings, date: date, services: servicesBySlug)
        return Scenario(name: name, date: date, restaurants: restaurants, bookings: bookings, changes: changes)
    }

    /// `changes`: each names a booking of the service date, a time `at` no later than the
    /// booking's start, and either `cancel: true` or a new `party` and/or `start` (placed after
    /// midnight as a booking's is, and not before `at`); nothing changes a booking after its
    /// cancellation.
    func changes(
        _ json: JSONValue?, of bookings: [ScenarioBooking], date: String, services: [String: [ServicePeriod]]
    ) throws(ScenarioError) -> [ScenarioChange] {
        let values = try array(json, "$.changes")
        // Look-ups only (never iterated).
        var positions: [String: Int] = [:]
        for (position, booking) in bookings.enumerated() { positions[booking.id] = position }
        var cancelledAt: [String: Int] = [:]
        // The latest change listed so far per booking: a cancellation must come after it (a
        // look-up, so a day of 100,000 changes is checked in one pass).
        var latestAt: [String: Int] = [:]
        var changes: [ScenarioChange] = []
        for (index, value) in values.enumerated() {
            let path = "$.changes[\(index)]"
            _ = try object(
                value, path, allowed: ["booking", "at", "party", "start", "cancel"], required: ["booking", "at"])
            let id = try string(value["booking"], "\(path).booking")
            guard let position = positions[id] else { throw fail("\(path).booking", "unknown booking \"\(id)\"") }
            let booking = bookings[position]
            guard (booking.date ?? date) == date else {
                throw fail(
                    "\(path).booking", "booking \"\(id)\" is on \(booking.date ?? date), not the service date \(date)")
            }
            let at = try clock(value["at"], "\(path).at")
            guard at <= booking.startMinute else {
                throw fail(
                    "\(path).at",
                    "\(ClockText.minutes(at)) is after the booking's start \(ClockText.minutes(booking.startMinute)): a change comes before the booking"
                )
            }
            var change = ScenarioChange(booking: id, restaurant: booking.restaurant, atMinute: at, kind: .edit)
            if value["cancel"] != nil {
                guard value["cancel"] == .bool(true) else {
                    throw fail("\(path).cancel", "must be true (leave it out for an edit)")
                }
                guard value["party"] == nil, value["start"] == nil else {
                    throw fail(path, "a cancellation has no party or start")
                }
                change.kind = .cancel
            } else {
                guard value["party"] != nil || value["start"] != nil else {
                    throw fail(path, "an edit needs a new party or start (or \"cancel\": true)")
                }
                if value["party"] != nil {
                    change.partySize = try int(
                        value["party"], "\(path).party", range: 1...ScenarioLoader.maximumPartySize)
                }
                if value["start"] != nil {
                    var start = try clock(value["start"], "\(path).start")
                    if let periods = services[booking.restaurant],
                        !periods.contains(where: { $0.contains(minute: start) }),
                        periods.contains(where: { $0.contains(minute: start + 24 * 60) })
                    {
                        start += 24 * 60
                    }
                    guard start >= at else {
                        throw fail(
                            "\(path).start",
                            "\(ClockText.minutes(start)) is before the change's time \(ClockText.minutes(at))")
                    }
                    change.startMinute = start
                }
            }
            if let cancelled = cancelledAt[id], cancelled <= at {
                throw fail(
                    path, "booking \"\(id)\" is cancelled at \(ClockText.minutes(cancelled)): nothing changes it after")
            }
            if change.kind == .cancel {
                if let later = latestAt[id], later > at {
                    throw fail(
                        path,
                        "booking \"\(id)\" has a change at \(ClockText.minutes(later)): nothing changes it after its cancellation"
                    )
                }
                cancelledAt[id] = at
            }
            latestAt[id] = max(latestAt[id] ?? at, at)
            changes.append(change)
        }
        return changes
    }

    func restaurant(_ json: JSONValue, _ path: @autoclosure () -> String) throws(ScenarioError) -> RestaurantPlan {
        _ = try object(
            json, path(),
            allowed: ["slug", "services", "turnMinutes", "bufferMinutes", "maxOverage", "tables", "adjacency"],
            required: ["slug", "services", "tables"])
        let slug = try identifier(json["slug"], "\(path()).slug")
        let serviceValues = try array(json["services"], "\(path()).services")
        guard !serviceValues.isEmpty else { throw fail("\(path()).services", "must list at least one service") }
        var services: [ServicePeriod] = []
        for (index, value) in serviceValues.enumerated() {
            func servicePath() -> String { "\(path()).services[\(index)]" }
            _ = try object(
                value, servicePath(), allowed: ["name", "start", "end", "turnMinutes"],
                required: ["name", "start", "end"])
            let name = try identifier(value["name"], "\(servicePath()).name")
            let start = try clock(value["start"], "\(servicePath()).start")
            var end = try clock(value["end"], "\(servicePath()).end", allowMidnightEnd: true)
            guard end != start else {
                throw fail("\(servicePath()).end", "equals start (\(ClockText.minutes(start))): a service has a length")
            }
            // An end earlier than the start is after midnight: 17:00-01:00 runs to 25:00.
            if end < start { end += 24 * 60 }
            let turns =
                value["turnMinutes"] == nil ? nil : try turnTable(value["turnMinutes"], "\(servicePath()).turnMinutes")
            if let other = services.first(where: { $0.startMinute < end && start < $0.endMinute }) {
                throw fail(servicePath(), "overlaps service \"\(other.name)\"")
            }
            if services.contains(where: { $0.name == name }) {
                throw fail("\(servicePath()).name", "\"\(name)\" is used by another service")
            }
            services.append(ServicePeriod(name: name, startMinute: start, endMinute: end, turnMinutes: turns))
        }
        // Turn times may live only on the services; then every service needs its own.
        let turnMinutes: TurnTable
        if json["turnMinutes"] == nil {
            if let bare = services.first(where: { $0.turnMinutes == nil }) {
                throw fail(
                    "\(path()).turnMinutes",
                    "missing: give turn times on the restaurant, or on every service (service \"\(bare.name)\" has none)"
                )
            }
            turnMinutes = TurnTable([])
        } else {
            turnMinutes = try turnTable(json["turnMinutes"], "\(path()).turnMinutes")
        }
        let buffer =
            json["bufferMinutes"] == nil ? 0 : try int(json["bufferMinutes"], "\(path()).bufferMinutes", range: 0...240)
        let overage =
            json["maxOverage"] == nil
            ? Restaurant.defaultMaxOverage : try int(json["maxOverage"], "\(path()).maxOverage", range: 0...100)
        let tables = try tables(json["tables"], "\(path()).tables")
        let adjacency = try adjacency(json["adjacency"], "\(path()).adjacency", tables: tables)
        let restaurant = Restaurant(
            slug: slug, services: services, turnMinutes: turnMinutes, bufferMinutes: buffer, maxOverage: overage)
        return RestaurantPlan(restaurant: restaurant, tables: tables, adjacency: adjacency)
    }

    func tables(_ json: JSONValue?, _ path: @autoclosure () -> String) throws(ScenarioError) -> [Table] {
        let values = try array(json, path())
        guard !values.isEmpty else { throw fail(path(), "must list at least one table") }
        guard values.count <= TableSet.capacity else {
            throw fail(path(), "at most \(TableSet.capacity) tables per restaurant")
        }
        var tables: [Table] = []
        for (index, value) in values.enumerated() {
            func tablePath() -> String { "\(path())[\(index)]" }
            _ = try object(
                value, tablePath(), allowed: ["id", "zone", "min", "max", "movable", "active"],
                required: ["id", "zone", "min", "max"])
            let id = try identifier(value["id"], "\(tablePath()).id")
            guard !tables.contains(where: { $0.id == id }) else {
                throw fail("\(tablePath()).id", "\"\(id)\" is used by another table")
            }
            let zone = try identifier(value["zone"], "\(tablePath()).zone")
            let minimum = try int(value["min"], "\(tablePath()).min", range: 1...ScenarioLoader.maximumPartySize)
            let maximum = try int(value["max"], "\(tablePath()).max", range: 1...ScenarioLoader.maximumPartySize)
            guard minimum <= maximum else {
                throw fail("\(tablePath()).min", "must be at most max (\(maximum)), found \(minimum)")
            }
            let movable = try bool(value["movable"], "\(tablePath()).movable", default: false)
            let active = try bool(value["active"], "\(tablePath()).active", default: true)
            tables.append(
                Table(id: id, zone: zone, minCovers: minimum, maxCovers: maximum, movable: movable, active: active))
        }
        return tables
    }

    func adjacency(_ json: JSONValue?, _ path: @autoclosure () -> String, tables: [Table]) throws(ScenarioError)
        -> [AdjacencyPair]
    {
        guard let json else { return [] }
        let values = try array(json, path())
        var pairs: [AdjacencyPair] = []
        // Lookups only (never iterated): a fully adjacent zone of 200 tables lists 19,900 pairs,
        // and scanning the tables and the pairs for each one took seconds.
        var position: [String: Int] = [:]
        for (index, table) in tables.enumerated() where position[table.id] == nil { position[table.id] = index }
        var seen: Set<Int> = []
        for (index, value) in values.enumerated() {
            func pairPath() -> String { "\(path())[\(index)]" }
            guard let items = value.arrayValue, items.count == 2 else {
                throw fail(pairPath(), "expected a pair of table ids [\"T1\", \"T2\"]")
            }
            let first = try string(items[0], "\(pairPath())[0]")
            let second = try string(items[1], "\(pairPath())[1]")
            for (slot, id) in [first, second].enumerated() where position[id] == nil {
                throw fail("\(pairPath())[\(slot)]", "unknown table \"\(id)\" (not in this restaurant's tables)")
            }
            guard first != second else { throw fail(pairPath(), "a table cannot be adjacent to itself") }
            let a = position[first]!
            let b = position[second]!
            guard seen.insert(min(a, b) * tables.count + max(a, b)).inserted else {
                throw fail(pairPath(), "pair listed twice")
            }
            pairs.append(AdjacencyPair(first, second))
        }
        return pairs
    }

    func booking(_ json: JSONValue, _ path: @autoclosure () -> String, slugs: Set<String>) throws(ScenarioError)
        -> ScenarioBooking
    {
        _ = try object(
            json, path(), allowed: ["id", "restaurant", "date", "start", "party", "durationMinutes", "tables"],
            required: ["id", "restaurant", "start", "party"])
        let id = try identifier(json["id"], "\(path()).id")
        let restaurant = try string(json["restaurant"], "\(path()).restaurant")
        guard slugs.contains(restaurant) else {
            throw fail("\(path()).restaurant", "unknown restaurant \"\(restaurant)\"")
        }
        let date = json["date"] == nil ? nil : try date(json["date"], "\(path()).date")
        let start = try clock(json["start"], "\(path()).start")
        let party = try int(json["party"], "\(path()).party", range: 1...ScenarioLoader.maximumPartySize)
        let duration =
            json["durationMinutes"] == nil
            ? nil
            : try int(
                json["durationMinutes"], "\(path()).durationMinutes", range: 1...ScenarioLoader.maximumDurationMinutes)
        var tables: [String]?
        if json["tables"] != nil {
            let values = try array(json["tables"], "\(path()).tables")
            var ids: [String] = []
            for (position, value) in values.enumerated() {
                ids.append(try string(value, "\(path()).tables[\(position)]"))
            }
            tables = ids
        }
        return ScenarioBooking(
            id: id, restaurant: restaurant, date: date, startMinute: start, partySize: party, durationMinutes: duration,
            tables: tables)
    }

    /// A booking's tables on the real floor: one or more of its restaurant's active tables, each
    /// once, seating the party (what an assignment must do).
    func existingTables(_ ids: [String], _ path: String, of tables: [Table], partySize: Int) throws(ScenarioError) {
        guard !ids.isEmpty else { throw fail(path, "must list at least one table (leave the key out for none)") }
        var seats = 0
        for (position, id) in ids.enumerated() {
            guard let table = tables.first(where: { $0.id == id }) else {
                throw fail("\(path)[\(position)]", "unknown table \"\(id)\" (not in this booking's restaurant)")
            }
            guard table.active else { throw fail("\(path)[\(position)]", "table \"\(id)\" is inactive") }
            guard !ids[..<position].contains(id) else {
                throw fail("\(path)[\(position)]", "table \"\(id)\" listed twice")
            }
            seats += table.maxCovers
        }
        guard seats >= partySize else { throw fail(path, "seat \(seats), fewer than the party of \(partySize)") }
    }
}

/// Calendar dates as the scenario and options write them.
public enum ServiceDate {
    /// `YYYY-MM-DD` naming a real day of the Gregorian calendar.
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), year >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }
}
