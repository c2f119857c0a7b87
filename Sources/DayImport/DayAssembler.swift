import Allocation
import CanonicalJSON
import EventLog
import Foundation
import Scenarios

/// Turns the parts of a day, from whichever source, into a scenario: one set of rules for the
/// database and for CSV. Each value is read at its row (`tables.csv:4: column "max": …`); the
/// scenario's own rules run last, through `ScenarioLoader`, and a value they refuse is named by
/// the row it came from.
public struct DayAssembler {
    /// Statuses whose bookings are left out: the table was never used. Read in lower case with
    /// spaces and dashes as underscores, so `CANCELLED`, `canceled`, `no-show` and `No Show` count.
    public static let leftOutStatuses = ["cancelled", "canceled", "no_show", "noshow"]
    /// The longest stay an end before its start is read as (a stay past midnight); longer is a typo.
    static let longestStayPastMidnight = 12 * 60
    /// The stay of a booking with neither an end nor a duration, and of a restaurant that gives none.
    public static let defaultTurnMinutes = 90

    let request: ImportRequest
    /// The source in messages about the day as a whole (the database, the folder).
    let source: String
    /// The scenario's name.
    let label: String
    /// What the `x-imported` note says the day was read from (never a password).
    let provenance: [(key: String, value: JSONValue)]

    public init(request: ImportRequest, source: String, label: String, provenance: [(key: String, value: JSONValue)]) {
        self.request = request
        self.source = source
        self.label = label
        self.provenance = provenance
    }

    /// A restaurant as read, before the day's checks.
    struct RestaurantRow {
        var slug: String
        var name: String?
        var timezone: String?
        var turnMinutes: Int?
        var bufferMinutes: Int?
        var maxOverage: Int?
        var closed = false
        var origin: String
        var services: [(value: JSONValue, origin: Origin)] = []
        var tables: [(id: String, value: JSONValue, origin: Origin, seats: Int, active: Bool)] = []
        var adjacency: [(value: JSONValue, origin: Origin)] = []
        var bookings = 0
    }

    /// Where a piece of the scenario came from: its JSON path, its row, and which column each key was read from.
    struct Origin {
        var path = ""
        let location: String
        let columns: [String: String]
    }

    struct Booking {
        var id: String
        let restaurant: String
        let partySize: Int
        var value: [(key: String, value: JSONValue)]
        let created: Int64?
        let position: Int
        var origin: Origin
        var tables: [String] = []
    }

    /// A change of the day's history (`changes`), as the scenario writes it.
    struct Change {
        var booking: String
        let restaurant: String
        var value: [(key: String, value: JSONValue)]
        var origin: Origin
    }

    public func assemble(_ parts: [ImportedTable]) throws(ImportError) -> ImportedDay {
        func part(_ kind: ImportPart) -> ImportedTable? { parts.first { $0.part == kind } }
        var restaurants = try readRestaurants(part(.restaurants), parts: parts)
        try select(&restaurants)
        var positions: [String: Int] = [:]  // slug → index; lookups only
        for (index, restaurant) in restaurants.enumerated() { positions[restaurant.slug] = index }
        let known = Set(Self.slugs(in: parts, restaurantsPart: part(.restaurants)))  // membership only
        if let services = part(.services) {
            try readServices(services, into: &restaurants, positions: positions, known: known)
        }
        if let tables = part(.tables) { try readTables(tables, into: &restaurants, positions: positions, known: known) }
        if let adjacency = part(.adjacency) {
            try readAdjacency(adjacency, into: &restaurants, positions: positions, known: known)
        }
        var leftOut = LeftOut()
        // A cancelled booking the history cancels during the day is kept, as it was before.
        let cancelledLater = try part(.changes).map { table throws(ImportError) in try Self.cancelled(in: table) } ?? []
        var bookings =
            try part(.bookings).map { table throws(ImportError) in
                try readBookings(
                    table, restaurants: &restaurants, positions: positions, known: known, leftOut: &leftOut,
                    keeping: cancelledLater)
            } ?? []
        if let assignments = part(.assignments) {
            try readAssignments(assignments, bookings: &bookings, restaurants: restaurants, leftOut: leftOut)
        }
        try dropEmptyRestaurants(&restaurants, leftOut: &leftOut)
        // The bookings of a restaurant left out (closed that day) go with it.
        let kept = Set(restaurants.map(\.slug))  // membership only
        let before = bookings.count
        bookings.removeAll { !kept.contains($0.restaurant) }
        leftOut.otherRestaurants += before - bookings.count
        // Arrival order: by creation time where the source gives it (then as listed), so the
        // create flow can take the day's requests in the order they came (`--clone-order arrival`).
        bookings.sort { ($0.created ?? Int64.max, $0.position) < ($1.created ?? Int64.max, $1.position) }
        var changes =
            try part(.changes).map { table throws(ImportError) in try readChanges(table, bookings: bookings) } ?? []
        if request.pseudonymize { try pseudonymize(&restaurants, &bookings, &changes) }
        return try finish(restaurants, bookings, changes, leftOut: leftOut)
    }

    // MARK: - Restaurants

    /// Every slug any part names, in order of first appearance: the restaurants when no part lists them.
    static func slugs(in parts: [ImportedTable], restaurantsPart: ImportedTable?) -> [String] {
        var seen: [String] = []
        var members = Set<String>()
        for table in restaurantsPart.map({ [$0] }) ?? parts {
            guard let column = table.index().position("restaurant") else { continue }
            for row in table.rows { if let slug = row[column], members.insert(slug).inserted { seen.append(slug) } }
        }
        return seen
    }

    func readRestaurants(_ table: ImportedTable?, parts: [ImportedTable]) throws(ImportError) -> [RestaurantRow] {
        guard let table else {
            return Self.slugs(in: parts, restaurantsPart: nil).map { RestaurantRow(slug: $0, origin: source) }
        }
        var rows = RowReader(table: table)
        var restaurants: [RestaurantRow] = []
        while try rows.next() {
            var restaurant = RestaurantRow(slug: try rows.text("restaurant"), origin: rows.location)
            guard !restaurants.contains(where: { $0.slug == restaurant.slug }) else {
                throw .value(
                    location: rows.location, column: "restaurant", problem: "\"\(restaurant.slug)\" is listed twice")
            }
            restaurant.name = try rows.optionalText("name")
            restaurant.timezone = try rows.optionalText("timezone")
            restaurant.turnMinutes = try rows.optionalInt(
                "turn_minutes", range: 1...ScenarioLoader.maximumDurationMinutes)
            restaurant.bufferMinutes = try rows.optionalInt("buffer_minutes", range: 0...240)
            restaurant.maxOverage = try rows.optionalInt("max_overage", range: 0...100)
            restaurant.closed = try rows.optionalBool("closed") ?? false
            restaurants.append(restaurant)
        }
        return restaurants
    }

    /// Keeps the restaurants asked for (all when none was named) that are open on the date.
    func select(_ restaurants: inout [RestaurantRow]) throws(ImportError) {
        let available = restaurants.map(\.slug)
        for slug in request.restaurants where !available.contains(slug) {
            let listed =
                available.isEmpty
                ? "none" : available.prefix(20).joined(separator: ", ") + (available.count > 20 ? ", …" : "")
            throw .day(source: source, problem: "no restaurant \"\(slug)\" (restaurants: \(listed))")
        }
        if !request.restaurants.isEmpty { restaurants.removeAll { !request.restaurants.contains($0.slug) } }
        if let closed = restaurants.first(where: \.closed), request.restaurants.contains(closed.slug) {
            throw .day(
                source: source,
                problem: "restaurant \"\(closed.slug)\" is closed on \(request.date) (its operating hours)")
        }
    }

    // MARK: - Services, tables, adjacency

    /// The restaurant a row belongs to: nil for one not imported (not asked for), an error for one nobody lists.
    func owner(_ rows: RowReader, positions: [String: Int], known: Set<String>) throws(ImportError) -> Int? {
        let slug = try rows.text("restaurant")
        if let position = positions[slug] { return position }
        guard known.contains(slug) else {
            throw .value(location: rows.location, column: "restaurant", problem: "unknown restaurant \"\(slug)\"")
        }
        return nil
    }

    func readServices(
        _ table: ImportedTable, into restaurants: inout [RestaurantRow], positions: [String: Int], known: Set<String>
    ) throws(ImportError) {
        var rows = RowReader(table: table)
        while try rows.next() {
            guard let position = try owner(rows, positions: positions, known: known) else { continue }
            var fields: [(key: String, value: JSONValue)] = [
                ("name", .string(try rows.text("service"))),
                ("start", .string(ClockText.minutes(try rows.clock("start")))),
                ("end", .string(Self.endText(try rows.clock("end", allowMidnightEnd: true))))
            ]
            if let turn = try rows.optionalInt("turn_minutes", range: 1...ScenarioLoader.maximumDurationMinutes) {
                fields.append(("turnMinutes", .object([("1", .int(turn))])))
            }
            restaurants[position].services.append(
                (
                    .object(fields),
                    Origin(
                        location: rows.location,
                        columns: ["name": "service", "start": "start", "end": "end", "turnMinutes": "turn_minutes"])
                ))
        }
    }

    /// A service's end as the scenario writes it: "24:00" stays "24:00".
    static func endText(_ minute: Int) -> String { minute == 24 * 60 ? "24:00" : ClockText.minutes(minute) }

    func readTables(
        _ table: ImportedTable, into restaurants: inout [RestaurantRow], positions: [String: Int], known: Set<String>
    ) throws(ImportError) {
        var rows = RowReader(table: table)
        while try rows.next() {
            guard let position = try owner(rows, positions: positions, known: known) else { continue }
            let id = try rows.text("table")
            let seats = try rows.int("max", range: 1...ScenarioLoader.maximumPartySize)
            var fields: [(key: String, value: JSONValue)] = [
                ("id", .string(id)), ("zone", .string(try rows.text("zone"))),
                ("min", .int(try rows.int("min", range: 1...ScenarioLoader.maximumPartySize))), ("max", .int(seats))
            ]
            if try rows.optionalBool("movable") == true { fields.append(("movable", .bool(true))) }
            let active = try rows.optionalBool("active") != false
            if !active { fields.append(("active", .bool(false))) }
            restaurants[position].tables.append(
                (
                    id, .object(fields),
                    Origin(
                        location: rows.location,
                        columns: [
                            "id": "table", "zone": "zone", "min": "min", "max": "max", "movable": "movable",
                            "active": "active"
                        ]), seats, active
                ))
        }
    }

    /// Pairs are undirected: a pair stored both ways (as the original system did for a while) is one pair.
    func readAdjacency(
        _ table: ImportedTable, into restaurants: inout [RestaurantRow], positions: [String: Int], known: Set<String>
    ) throws(ImportError) {
        var rows = RowReader(table: table)
        var seen = Set<String>()  // membership only
        while try rows.next() {
            guard let position = try owner(rows, positions: positions, known: known) else { continue }
            let first = try rows.text("table_a")
            let second = try rows.text("table_b")
            for (column, id) in [("table_a", first), ("table_b", second)]
            where !restaurants[position].tables.contains(where: { $0.id == id }) {
                throw .value(
                    location: rows.location, column: column,
                    problem: "unknown table \"\(id)\" (not a table of restaurant \"\(restaurants[position].slug)\")")
            }
            guard first != second else {
                throw .value(
                    location: rows.location, column: nil, problem: "a table cannot be adjacent to itself (\"\(first)\")"
                )
            }
            let key = "\(position)\u{0}" + (first < second ? "\(first)\u{0}\(second)" : "\(second)\u{0}\(first)")
            guard seen.insert(key).inserted else { continue }
            restaurants[position].adjacency.append(
                (
                    .array([.string(first), .string(second)]),
                    Origin(location: rows.location, columns: ["0": "table_a", "1": "table_b"])
                ))
        }
    }

    // MARK: - Bookings and their tables

    /// What the import left out, for its summary line.
    struct LeftOut {
        var statuses: [(status: String, count: Int)] = []
        var closedRestaurants: [String] = []
        var emptyRestaurants: [String] = []
        var otherRestaurants = 0
        var bookingIDs = Set<String>()  // left-out bookings, so their assignments are skipped; membership only

        mutating func count(_ status: String) {
            if let index = statuses.firstIndex(where: { $0.status == status }) {
                statuses[index].count += 1
            } else {
                statuses.append((status, 1))
            }
        }
    }

    func readBookings(
        _ table: ImportedTable, restaurants: inout [RestaurantRow], positions: [String: Int], known: Set<String>,
        leftOut: inout LeftOut, keeping cancelledLater: Set<String> = []
    ) throws(ImportError) -> [Booking] {
        var rows = RowReader(table: table)
        var bookings: [Booking] = []
        bookings.reserveCapacity(table.rows.count)
        var seen = Set<String>()  // membership only
        while try rows.next() {
            let id = try rows.text("booking")
            // Ids are the day's, not a restaurant's: an assignment names a booking by its id alone.
            guard seen.insert(id).inserted else {
                throw .value(
                    location: rows.location, column: "booking", problem: "\"\(id)\" is used by another booking")
            }
            guard let position = try owner(rows, positions: positions, known: known) else {
                leftOut.otherRestaurants += 1
                leftOut.bookingIDs.insert(id)
                continue
            }
            let status = try rows.optionalText("status").map {
                $0.trimmed.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(
                    of: " ", with: "_")
            }
            if let status, Self.leftOutStatuses.contains(status), !cancelledLater.contains(id) {
                leftOut.count(status == "canceled" ? "cancelled" : status == "noshow" ? "no_show" : status)
                leftOut.bookingIDs.insert(id)
                continue
            }
            let start = try rows.clock("start")
            let party = try rows.int("party", range: 1...ScenarioLoader.maximumPartySize)
            var fields: [(key: String, value: JSONValue)] = [
                ("id", .string(id)), ("restaurant", .string(restaurants[position].slug)),
                ("start", .string(ClockText.minutes(start))),
                ("party", .int(party))
            ]
            var durationColumn = "duration_minutes"
            if let minutes = try rows.optionalInt("duration_minutes", range: 1...ScenarioLoader.maximumDurationMinutes)
            {
                fields.append(("durationMinutes", .int(minutes)))
            } else if let end = try rows.optionalClock("end", allowMidnightEnd: true) {
                // An end before the start is the next day's (a stay past midnight), up to 12 hours.
                let minutes = end > start ? end - start : end + 24 * 60 - start
                guard end != start, minutes <= Self.longestStayPastMidnight || end > start else {
                    throw .value(
                        location: rows.location, column: "end",
                        problem: end == start
                            ? "ends when it starts (\(ClockText.minutes(start)))"
                            : "ends at \(ClockText.minutes(end)), before its start \(ClockText.minutes(start)); a stay past midnight is taken up to 12 hours, this would be \(minutes / 60) h \(minutes % 60) min"
                    )
                }
                durationColumn = "end"
                fields.append(("durationMinutes", .int(minutes)))
            }
            if let status { fields.append(("x-status", .string(status))) }
            let created = try rows.optionalMoment("created")
            restaurants[position].bookings += 1
            bookings.append(
                Booking(
                    id: id, restaurant: restaurants[position].slug, partySize: party, value: fields, created: created,
                    position: bookings.count,
                    origin: Origin(
                        location: rows.location,
                        columns: [
                            "id": "booking", "restaurant": "restaurant", "start": "start",
                            "party": "party", "durationMinutes": durationColumn
                        ])))
        }
        return bookings
    }

    /// The bookings the history cancels (`cancel` true): kept though their status says cancelled.
    static func cancelled(in table: ImportedTable) throws(ImportError) -> Set<String> {
        var rows = RowReader(table: table)
        var ids = Set<String>()  // membership only
        while try rows.next() {
            if try rows.optionalBool("cancel") == true { ids.insert(try rows.text("booking")) }
        }
        return ids
    }

    /// The day's history: each row a booking's later version at a time of the day (`at`, HH:MM in
    /// the restaurant's time; the mapping turns a timestamp into one), a new `party` and/or
    /// `start`, or `cancel`. Rows of bookings not imported (another restaurant, left out) are skipped.
    func readChanges(_ table: ImportedTable, bookings: [Booking]) throws(ImportError) -> [Change] {
        var restaurantOf: [String: String] = [:]  // booking → slug; lookups only
        for booking in bookings { restaurantOf[booking.id] = booking.restaurant }
        var rows = RowReader(table: table)
        var changes: [Change] = []
        while try rows.next() {
            let id = try rows.text("booking")
            guard let restaurant = restaurantOf[id] else { continue }
            var fields: [(key: String, value: JSONValue)] = [
                ("booking", .string(id)), ("at", .string(ClockText.minutes(try rows.clock("at"))))
            ]
            if try rows.optionalBool("cancel") == true {
                fields.append(("cancel", .bool(true)))
            } else {
                if let party = try rows.optionalInt("party", range: 1...ScenarioLoader.maximumPartySize) {
                    fields.append(("party", .int(party)))
                }
                if let start = try rows.optionalClock("start") {
                    fields.append(("start", .string(ClockText.minutes(start))))
                }
            }
            changes.append(
                Change(
                    booking: id, restaurant: restaurant, value: fields,
                    origin: Origin(
                        location: rows.location,
                        columns: [
                            "booking": "booking", "at": "at", "party": "party", "start": "start", "cancel": "cancel"
                        ])
                ))
        }
        return changes
    }

    /// A booking's existing tables (its assignment, or its hold where the source gives holds):
    /// checked against its restaurant's floor and kept as the booking's `tables` (or `x-tables`
    /// where they cannot seat it), for `record --prefill real`.
    func readAssignments(
        _ table: ImportedTable, bookings: inout [Booking], restaurants: [RestaurantRow], leftOut: LeftOut
    ) throws(ImportError) {
        var index: [String: Int] = [:]  // booking id → position; lookups only
        for (position, booking) in bookings.enumerated() { index[booking.id] = position }
        var rows = RowReader(table: table)
        while try rows.next() {
            let id = try rows.text("booking")
            let tableID = try rows.text("table")
            guard let position = index[id] else {
                if leftOut.bookingIDs.contains(id) { continue }
                throw .value(
                    location: rows.location, column: "booking",
                    problem: "unknown booking \"\(id)\" (not among the day's bookings)")
            }
            let slug = bookings[position].restaurant
            guard let restaurant = restaurants.first(where: { $0.slug == slug }),
                restaurant.tables.contains(where: { $0.id == tableID })
            else {
                throw .value(
                    location: rows.location, column: "table",
                    problem: "booking \"\(id)\" is on table \"\(tableID)\", which restaurant \"\(slug)\" does not have")
            }
            if !bookings[position].tables.contains(tableID) { bookings[position].tables.append(tableID) }
        }
    }

    /// Restaurants without a floor or a service that day: left out with a word, unless asked for
    /// by name or holding bookings (then the day cannot be made as asked: an error).
    func dropEmptyRestaurants(_ restaurants: inout [RestaurantRow], leftOut: inout LeftOut) throws(ImportError) {
        var kept: [RestaurantRow] = []
        for restaurant in restaurants {
            let named = request.restaurants.contains(restaurant.slug)
            if restaurant.closed {
                leftOut.closedRestaurants.append(restaurant.slug)
                continue
            }
            if restaurant.services.isEmpty && (named || restaurant.bookings > 0) {
                throw .day(
                    source: source,
                    problem: "restaurant \"\(restaurant.slug)\" has no service on \(request.date)"
                        + (restaurant.tables.isEmpty ? " and no tables" : "")
                        + (restaurant.bookings > 0 ? " (\(restaurant.bookings) bookings that day)" : ""))
            }
            if restaurant.tables.isEmpty && (named || restaurant.bookings > 0) {
                throw .day(
                    source: source,
                    problem: "restaurant \"\(restaurant.slug)\" has no tables"
                        + (restaurant.bookings > 0 ? " but \(restaurant.bookings) bookings on \(request.date)" : ""))
            }
            if restaurant.services.isEmpty || restaurant.tables.isEmpty {
                leftOut.emptyRestaurants.append(restaurant.slug)
                continue
            }
            // Checked for the restaurants imported only: another's typo is not this day's problem.
            if let zone = restaurant.timezone, TimeZone(identifier: zone) == nil {
                throw .value(
                    location: restaurant.origin, column: "timezone",
                    problem: "\"\(zone)\" is not a time zone (an IANA name such as Europe/London or America/New_York)")
            }
            kept.append(restaurant)
        }
        guard !kept.isEmpty else {
            let closed =
                leftOut.closedRestaurants.isEmpty
                ? "" : " (closed: \(leftOut.closedRestaurants.joined(separator: ", ")))"
            throw .day(
                source: source,
                problem:
                    "no service on \(request.date): no restaurant is open with tables and a service period that day\(closed)"
            )
        }
        restaurants = kept
    }

    // MARK: - Privacy

    /// Booking and table ids become `b-` and `t-` and the first hex digits of a SHA-256 of the
    /// restaurant and the id: stable (the same day imported twice matches), not reversible for
    /// ids such as UUIDs (a short table number can be guessed by trying them: pseudonymous, not anonymous).
    func pseudonymize(_ restaurants: inout [RestaurantRow], _ bookings: inout [Booking], _ changes: inout [Change])
        throws(ImportError)
    {
        func hashed(_ prefix: String, _ slug: String, _ id: String, digits: Int) -> String {
            prefix + SHA256.hash(Array("\(prefix)\u{0}\(slug)\u{0}\(id)".utf8)).hexString.prefix(digits)
        }
        var tableNames: [String: String] = [:]  // "slug\0id" → pseudonym; lookups only
        for index in restaurants.indices {
            let slug = restaurants[index].slug
            var used = Set<String>()
            for position in restaurants[index].tables.indices {
                let id = restaurants[index].tables[position].id
                let name = hashed("t-", slug, id, digits: 10)
                guard used.insert(name).inserted else {
                    throw .day(
                        source: source, problem: "two tables of \"\(slug)\" hash alike; import without --pseudonymize")
                }
                tableNames["\(slug)\u{0}\(id)"] = name
                restaurants[index].tables[position].id = name
                restaurants[index].tables[position].value = Self.replacing(
                    restaurants[index].tables[position].value, key: "id", with: .string(name))
            }
            for position in restaurants[index].adjacency.indices {
                guard case let .array(pair) = restaurants[index].adjacency[position].value else { continue }
                restaurants[index].adjacency[position].value = .array(
                    pair.map { .string(tableNames["\(slug)\u{0}\($0.stringValue ?? "")"] ?? "") })
            }
        }
        var used = Set<String>()
        for position in bookings.indices {
            let name = hashed("b-", bookings[position].restaurant, bookings[position].id, digits: 16)
            guard used.insert(name).inserted else {
                throw .day(source: source, problem: "two bookings hash alike; import without --pseudonymize")
            }
            bookings[position].id = name
            bookings[position].value = bookings[position].value.map { $0.key == "id" ? ("id", .string(name)) : $0 }
            bookings[position].tables = bookings[position].tables.map {
                tableNames["\(bookings[position].restaurant)\u{0}\($0)"] ?? $0
            }
        }
        for position in changes.indices {
            let name = hashed("b-", changes[position].restaurant, changes[position].booking, digits: 16)
            changes[position].booking = name
            changes[position].value = changes[position].value.map {
                $0.key == "booking" ? ("booking", .string(name)) : $0
            }
        }
    }

    static func replacing(_ value: JSONValue, key: String, with replacement: JSONValue) -> JSONValue {
        guard case let .object(fields) = value else { return value }
        return .object(fields.map { $0.key == key ? (key, replacement) : $0 })
    }

    // MARK: - The scenario

    func finish(_ restaurants: [RestaurantRow], _ bookings: [Booking], _ changes: [Change], leftOut: LeftOut)
        throws(ImportError) -> ImportedDay
    {
        var origins: [Origin] = []
        var restaurantValues: [JSONValue] = []
        for (index, restaurant) in restaurants.enumerated() {
            let path = "$.restaurants[\(index)]"
            var fields: [(key: String, value: JSONValue)] = [("slug", .string(restaurant.slug))]
            if let name = restaurant.name { fields.append(("x-name", .string(name))) }
            if let zone = restaurant.timezone { fields.append(("x-timezone", .string(zone))) }
            fields.append(("services", .array(restaurant.services.map(\.value))))
            fields.append(("turnMinutes", .object([("1", .int(restaurant.turnMinutes ?? Self.defaultTurnMinutes))])))
            fields.append(("bufferMinutes", .int(restaurant.bufferMinutes ?? 0)))
            if let overage = restaurant.maxOverage { fields.append(("maxOverage", .int(overage))) }
            fields.append(("tables", .array(restaurant.tables.map(\.value))))
            fields.append(("adjacency", .array(restaurant.adjacency.map(\.value))))
            restaurantValues.append(.object(fields))
            origins.append(
                Origin(
                    path: path, location: restaurant.origin,
                    columns: [
                        "slug": "restaurant", "turnMinutes": "turn_minutes", "bufferMinutes": "buffer_minutes",
                        "maxOverage": "max_overage"
                    ]))
            for (position, service) in restaurant.services.enumerated() {
                origins.append(located(service.origin, "\(path).services[\(position)]"))
            }
            for (position, table) in restaurant.tables.enumerated() {
                origins.append(located(table.origin, "\(path).tables[\(position)]"))
            }
            for (position, pair) in restaurant.adjacency.enumerated() {
                origins.append(located(pair.origin, "\(path).adjacency[\(position)]"))
            }
        }
        var bookingValues: [JSONValue] = []
        bookingValues.reserveCapacity(bookings.count)
        var unseatable = 0
        for (position, booking) in bookings.enumerated() {
            var fields = booking.value
            if !booking.tables.isEmpty {
                // Tables that can seat the booking are its place on the real floor (`record
                // --prefill real` seats it there); others (an inactive table, too few seats) are
                // kept for people to read, as `x-tables`.
                let floor = restaurants.first { $0.slug == booking.restaurant }?.tables ?? []
                let usable = booking.tables.compactMap { id in floor.first { $0.id == id } }.filter(\.active)
                let seats = usable.reduce(0) { $0 + $1.seats }
                let seatable = usable.count == booking.tables.count && seats >= booking.partySize
                if !seatable { unseatable += 1 }
                fields.append((seatable ? "tables" : "x-tables", .array(booking.tables.map(JSONValue.string))))
            }
            bookingValues.append(.object(fields))
            origins.append(located(booking.origin, "$.bookings[\(position)]"))
        }
        let kept = bookings.count
        var note = provenance
        note.append(("date", .string(request.date)))
        note.append(("pseudonymized", .bool(request.pseudonymize)))
        note.append(
            (
                "left_out",
                .object(
                    leftOut.statuses.map { ($0.status, JSONValue.int($0.count)) }
                        + [("other_restaurants", .int(leftOut.otherRestaurants))])
            ))
        var documentFields: [(key: String, value: JSONValue)] = [
            ("name", .string(label)), ("date", .string(request.date)), ("x-imported", .object(note)),
            ("restaurants", .array(restaurantValues)), ("bookings", .array(bookingValues))
        ]
        if !changes.isEmpty {
            documentFields.append(("changes", .array(changes.map { .object($0.value) })))
            for (position, change) in changes.enumerated() {
                origins.append(located(change.origin, "$.changes[\(position)]"))
            }
        }
        let document = JSONValue.object(documentFields)
        let text = document.prettyText()
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.parse(text: text, file: source)
        } catch {
            throw Self.placed(error, origins: origins)
        }
        let tables = restaurants.reduce(0) { $0 + $1.tables.count }
        let pairs = restaurants.reduce(0) { $0 + $1.adjacency.count }
        var parts = [
            "\(restaurants.count) restaurant\(restaurants.count == 1 ? "" : "s") (\(restaurants.map(\.slug).joined(separator: ", ")))",
            "\(tables) tables", "\(pairs) adjacent pairs", "\(kept) bookings"
        ]
        if !changes.isEmpty { parts.append("\(changes.count) change\(changes.count == 1 ? "" : "s") from the history") }
        let seated = bookings.filter { !$0.tables.isEmpty }.count
        if seated > 0 {
            parts.append(
                "\(seated) with tables already assigned or held"
                    + (unseatable > 0 ? " (\(unseatable) on tables that cannot seat them, kept as x-tables)" : ""))
        }
        var left = leftOut.statuses.map { "\($0.count) \($0.status.replacingOccurrences(of: "_", with: "-"))" }
        if leftOut.otherRestaurants > 0 {
            left.append(
                "\(leftOut.otherRestaurants) booking\(leftOut.otherRestaurants == 1 ? "" : "s") of restaurants not imported"
            )
        }
        if !leftOut.closedRestaurants.isEmpty {
            left.append("closed that day: \(leftOut.closedRestaurants.joined(separator: ", "))")
        }
        if !leftOut.emptyRestaurants.isEmpty {
            left.append("without tables or a service: \(leftOut.emptyRestaurants.joined(separator: ", "))")
        }
        let nothing = kept == 0 ? "; no booking on \(request.date): is it the date you meant?" : ""
        let summary =
            "imported \(request.date): " + parts.joined(separator: ", ")
            + (left.isEmpty ? "" : "; left out: " + left.joined(separator: ", ")) + nothing
        return ImportedDay(scenario: scenario, text: text, summary: summary)
    }

    func located(_ origin: Origin, _ path: String) -> Origin {
        var placed = origin
        placed.path = path
        return placed
    }

    /// A scenario rule broken by an imported value, named by the row and column it came from.
    static func placed(_ error: ScenarioError, origins: [Origin]) -> ImportError {
        let best = origins.filter {
            error.path == $0.path || error.path.hasPrefix($0.path + ".") || error.path.hasPrefix($0.path + "[")
        }
        .max { $0.path.count < $1.path.count }
        guard let best else { return .day(source: error.file, problem: "\(error.path): \(error.problem)") }
        let rest = error.path.dropFirst(best.path.count).drop { $0 == "." || $0 == "[" }
        let key = String(rest.prefix { $0 != "." && $0 != "[" && $0 != "]" })
        return .value(location: best.location, column: best.columns[key], problem: error.problem)
    }
}
