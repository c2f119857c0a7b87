import CanonicalJSON
import EventLog
import Foundation
import Testing

/// Where PostgreSQL's server programs are (Debian's `postgresql`), and whether a test can start one.
let postgresRunnable: Bool = {
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
    let hasServer = versions.contains {
        FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
    }
    // As root the server runs as the `postgres` user the package creates.
    return hasServer && FileManager.default.isExecutableFile(atPath: "/usr/bin/psql")
        && (getuid() != 0 || getpwnam("postgres") != nil)
}()

/// A throwaway PostgreSQL cluster (`scripts/pg-cluster`): started by the test in its own folder
/// on a free loopback port, always stopped and removed by `stop()` (the tests call it in a `defer`).
struct PostgresCluster {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = root.appendingPathComponent("scripts/pg-cluster").path
    static let fixtures = root.appendingPathComponent("Tests/CLITests/Import")
    static let password = "replay-test-secret"

    let directory: String
    let port: Int
    var url: String { "postgres://replay@127.0.0.1:\(port)/bookings" }
    /// The password goes through libpq's environment, never the command line.
    var environment: [String: String] { ["PGPASSWORD": Self.password] }

    /// Starts a cluster with the original system's schema and the two restaurants' Friday loaded.
    static func startWithOriginalDay() throws -> PostgresCluster {
        let cluster = try start()
        do {
            try cluster.load(fixtures.appendingPathComponent("original-schema.sql").path)
            try cluster.load(fixtures.appendingPathComponent("original-day.sql").path)
        } catch {
            cluster.stop()
            throw error
        }
        return cluster
    }

    static func start() throws -> PostgresCluster {
        // Directly under /tmp: the server's own user must reach it.
        let directory = "/tmp/replay-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let started = try Replay.runProgram(script, ["start", directory, password], in: URL(fileURLWithPath: "/tmp"))
        guard started.status == 0, let port = Int(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            _ = try? Replay.runProgram(script, ["stop", directory], in: URL(fileURLWithPath: "/tmp"))
            throw ClusterFailure(message: "the PostgreSQL cluster did not start: \(started.stdout)\(started.stderr)")
        }
        return PostgresCluster(directory: directory, port: port)
    }

    func stop() {
        _ = try? Replay.runProgram(Self.script, ["stop", directory], in: URL(fileURLWithPath: "/tmp"))
    }

    func load(_ file: String) throws {
        let result = try Replay.runProgram(
            "/usr/bin/psql", ["-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file], in: URL(fileURLWithPath: "/tmp"),
            environment: environment)
        guard result.status == 0 else { throw ClusterFailure(message: "psql -f \(file): \(result.stderr)") }
    }

    /// One SQL statement's first column, as psql prints it unaligned.
    func sql(_ statement: String) throws -> String {
        let result = try Replay.runProgram(
            "/usr/bin/psql", ["-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", statement],
            in: URL(fileURLWithPath: "/tmp"), environment: environment)
        guard result.status == 0 else { throw ClusterFailure(message: "psql -c \(statement): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ClusterFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// `replay scenario import` against a real PostgreSQL server and real CSV files.
@Suite(.serialized) struct ImportTests {
    static let skipMessage =
        "PostgreSQL (Debian postgresql) is not installed here: the import tests against a live server are skipped"

    /// The scenario's JSON, without what says where it was read from (the name and `x-imported`).
    static func day(_ text: String) throws -> [(key: String, value: JSONValue)] {
        let json = try JSONParser.parse(bytes: Array(text.utf8))
        return (json.objectValue ?? []).filter { $0.key != "name" && $0.key != "x-imported" }
    }

    /// A folder `day` of CSV files (name → text) in `folder`.
    static func csvDay(_ files: [String: String], in folder: URL) throws -> URL {
        let day = folder.appendingPathComponent("day")
        try FileManager.default.createDirectory(at: day, withIntermediateDirectories: true)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try text.write(to: day.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return day
    }

    @Test(.enabled(if: postgresRunnable, "\(skipMessage)"))
    func aDayOfTheOriginalSchemaImportsFieldByFieldRecordsAndReplaysWithoutTheDatabase() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try PostgresCluster.startWithOriginalDay()
        var stopped = false
        defer { if !stopped { cluster.stop() } }

        let imported = try Replay.run(
            ["scenario", "import", cluster.url, "--date", "2025-11-14", "--out", "day.json"], in: folder,
            environment: cluster.environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stderr
                == "imported 2025-11-14: 2 restaurants (cafe-ete, the-red-lion), 9 tables, 3 adjacent pairs, 7 bookings, "
                + "3 with tables already assigned or held; left out: 1 cancelled, 1 no-show, 1 booking of restaurants not imported, "
                + "closed that day: le-bistro-ferme → day.json\n")
        let text = try String(contentsOf: folder.appendingPathComponent("day.json"), encoding: .utf8)
        let json = try JSONParser.parse(bytes: Array(text.utf8))

        // Restaurants: slug, name and timezone as stored; the policy's 10-minute buffer; the default stay as the turn time.
        let restaurants = json["restaurants"]?.arrayValue ?? []
        #expect(restaurants.compactMap { $0["slug"]?.stringValue } == ["cafe-ete", "the-red-lion"])
        #expect(restaurants.compactMap { $0["x-name"]?.stringValue } == ["Café Été", "The Red Lion"])
        #expect(restaurants.compactMap { $0["x-timezone"]?.stringValue } == ["Europe/Paris", "Europe/London"])
        #expect(restaurants.compactMap { $0["bufferMinutes"]?.intValue } == [10, 10])
        #expect(restaurants.compactMap { $0["turnMinutes"]?["1"]?.intValue } == [105, 90])
        // Services of a Friday: the café's past midnight; the pub's Friday dinner in place of the generic one, lunch kept, Monday's brunch not.
        let services = restaurants.map {
            ($0["services"]?.arrayValue ?? []).map {
                "\($0["name"]?.stringValue ?? "") \($0["start"]?.stringValue ?? "")-\($0["end"]?.stringValue ?? "")"
            }
        }
        #expect(services == [["Soirée 18:00-01:00"], ["Lunch 12:00-15:00", "Friday Dinner 17:00-23:30"]])
        // Tables: number, zone by its sort order, min, max (capacity where max is NULL), out of service or inactive, movable.
        let tables = restaurants.map {
            ($0["tables"]?.arrayValue ?? []).map { table in
                [
                    table["id"]?.stringValue ?? "", table["zone"]?.stringValue ?? "",
                    "\(table["min"]?.intValue ?? 0)-\(table["max"]?.intValue ?? 0)",
                    table["active"]?.boolValue == false ? "inactive" : "active",
                    table["movable"]?.boolValue == true ? "movable" : "fixed"
                ].joined(separator: " ")
            }
        }
        #expect(
            tables == [
                ["S1 Salle 1-2 active movable", "S2 Salle 1-2 active movable", "S3 Salle 2-4 inactive fixed"],
                [
                    "T-2 Main Dining 2-4 active movable", "T-3 Main Dining 2-4 active movable",
                    "T-9 Main Dining 1-2 inactive fixed",
                    "Table 1 Main Dining 1-2 active fixed", "Terrasse 1 Terrasse-Été 4-8 active movable",
                    "Terrasse 2 Terrasse-Été 4-8 active movable"
                ]
            ])
        // Adjacency is undirected: T-2/T-3 stored both ways is one pair.
        #expect(
            restaurants.map {
                ($0["adjacency"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).compactMap(\.stringValue) }
            }
                == [[["S1", "S2"]], [["T-2", "T-3"], ["Terrasse 1", "Terrasse 2"]]])
        // Bookings in arrival order (created_at), cancelled and no-show left out, the other date and the closed restaurant not read;
        // stays from start and end (past midnight too); statuses and existing tables (assignments, the party of 12's hold) kept.
        let bookings = (json["bookings"]?.arrayValue ?? []).map { booking in
            [
                booking["id"]?.stringValue ?? "", booking["restaurant"]?.stringValue ?? "",
                booking["start"]?.stringValue ?? "",
                "\(booking["party"]?.intValue ?? 0)", "\(booking["durationMinutes"]?.intValue ?? 0)",
                booking["x-status"]?.stringValue ?? "",
                (booking["tables"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "+")
            ].joined(separator: " ")
        }
        #expect(
            bookings == [
                "b0000000-0000-4000-8000-000000000001 the-red-lion 12:30 2 75 confirmed Table 1",
                "c0000000-0000-4000-8000-000000000001 cafe-ete 18:30 2 90 confirmed ",
                "b0000000-0000-4000-8000-000000000003 the-red-lion 20:00 12 150 checked_in Terrasse 1+Terrasse 2",
                "b0000000-0000-4000-8000-000000000002 the-red-lion 19:00 4 120 completed T-2",
                "c0000000-0000-4000-8000-000000000003 cafe-ete 23:00 4 90 confirmed ",
                "c0000000-0000-4000-8000-000000000002 cafe-ete 00:05 2 50 confirmed ",
                "b0000000-0000-4000-8000-000000000004 the-red-lion 21:15 3 90 pending "
            ])
        // The same count straight from the rows.
        #expect(
            try cluster.sql(
                "SELECT count(*) FROM bookings b JOIN restaurants r ON r.id = b.restaurant_id WHERE booking_date = '2025-11-14' "
                    + "AND status NOT IN ('cancelled', 'no_show') AND r.slug <> 'le-bistro-ferme'")
                == "\(bookings.count)")
        // No guest data, no password.
        for secret in ["Zoë", "example.com", "+44", "Allergic", "VIP", "RL-0001", "wobbly", PostgresCluster.password] {
            #expect(!text.contains(secret), "\(secret) is in the imported scenario")
        }

        // The same day from CSV (a BOM, `;`, CRLF, a quoted line break) is the same scenario.
        let csv = try Replay.run(
            [
                "scenario", "import", "--csv", PostgresCluster.fixtures.appendingPathComponent("csv-day").path,
                "--date", "2025-11-14"
            ],
            in: folder)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(try Self.day(csv.stdout).map(\.key) == Self.day(text).map(\.key))
        #expect(try JSONValue.object(Self.day(csv.stdout)) == JSONValue.object(Self.day(text)))

        // Pseudonymized: no original id left, the same pseudonyms from the database and from CSV.
        let hidden = try Replay.run(
            ["scenario", "import", cluster.url, "--date", "2025-11-14", "--pseudonymize"], in: folder,
            environment: cluster.environment)
        let hiddenCSV = try Replay.run(
            [
                "scenario", "import", "--csv", PostgresCluster.fixtures.appendingPathComponent("csv-day").path,
                "--date", "2025-11-14",
                "--pseudonymize"
            ], in: folder)
        #expect(hidden.status == 0 && hiddenCSV.status == 0, "\(hidden.stderr)\(hiddenCSV.stderr)")
        for original in ["b0000000-", "c0000000-", "\"T-2\"", "Terrasse 1", "\"S1\"", "Table 1"] {
            #expect(!hidden.stdout.contains(original), "\(original) survived --pseudonymize")
        }
        #expect(try JSONValue.object(Self.day(hidden.stdout)) == JSONValue.object(Self.day(hiddenCSV.stdout)))
        #expect(hidden.stdout.contains("\"pseudonymized\": true"))

        // The capture holds the day: recorded, then replayed and verified with the database gone.
        let recorded = try Replay.run(["record", "--scenario", "day.json", "--out", "day.db"], in: folder)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("all                  7"), "\(recorded.stdout)")
        cluster.stop()
        stopped = true
        #expect(!FileManager.default.fileExists(atPath: cluster.directory))
        let replayed = try Replay.run(["run", "day.db"], in: folder)
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
        #expect(try Replay.run(["verify", "day.db"], in: folder).status == 0)
    }

    @Test(.enabled(if: postgresRunnable, "\(skipMessage)"))
    func aPlainerSchemaImportsThroughItsOwnMapping() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try PostgresCluster.start()
        defer { cluster.stop() }
        try cluster.load(PostgresCluster.root.appendingPathComponent("examples/import/plain-schema.sql").path)
        try cluster.load(PostgresCluster.fixtures.appendingPathComponent("plain-day.sql").path)
        let mapping = PostgresCluster.root.appendingPathComponent("examples/import/plain-mapping.json").path
        let imported = try Replay.run(
            ["scenario", "import", cluster.url, "--date", "2025-11-14", "--mapping", mapping, "--out", "harbour.json"],
            in: folder, environment: cluster.environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stderr.hasPrefix(
                "imported 2025-11-14: 1 restaurant (harbour), 4 tables, 2 adjacent pairs, 3 bookings, 3 changes from the history"
            ), "\(imported.stderr)")
        let json = try JSONParser.parse(
            bytes: Array(try String(contentsOf: folder.appendingPathComponent("harbour.json"), encoding: .utf8).utf8))
        #expect(json["x-imported"]?["mapping"]?.stringValue == "plain")
        let restaurant = json["restaurants"]?.arrayValue?.first
        #expect(restaurant?["bufferMinutes"]?.intValue == 15)
        #expect(restaurant?["tables"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["B1", "W1", "W2", "W3"])
        // booked_at as PostgreSQL prints a timestamptz ("2025-11-08 20:15:00+00") orders the arrivals.
        // H-102, cancelled, is kept: its history cancels it during the day.
        #expect(json["bookings"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["H-101", "H-102", "H-100"])
        #expect(json["bookings"]?.arrayValue?.compactMap { $0["durationMinutes"]?.intValue } == [120, 90, 60])
        // The history, in time order; a change made before the day is at 00:00.
        let changes = json["changes"]?.arrayValue ?? []
        #expect(
            changes.map { "\($0["booking"]?.stringValue ?? "") \($0["at"]?.stringValue ?? "")" }
                == ["H-100 00:00", "H-102 16:00", "H-101 17:30"])
        #expect(changes.first?["start"]?.stringValue == "12:30" && changes.last?["party"]?.intValue == 6)
        #expect(changes[1]["cancel"] == .bool(true))
        let recorded = try Replay.run(
            ["record", "--scenario", "harbour.json", "--out", "harbour.db", "--no-reports", "--json"], in: folder)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let figures = try JSONParser.parse(recorded.stdout)["changes"]
        #expect(
            figures?["scheduled"]?.intValue == 3 && figures?["scheduled_applied"]?.intValue == 3, "\(recorded.stdout)")
        #expect(figures?["cancellations"]?.intValue == 1 && figures?["edits"]?.intValue == 2)
    }

    /// The database's bad inputs: each one line, exit 2, nothing written, the database unchanged.
    enum BadDatabaseInput: String, CaseIterable {
        case connectionRefused, authenticationFailed, passwordInTheURL, malformedURL, missingTable, missingColumn,
            dateWithoutService
        case bookingOnUnknownTable, invalidTimezone, unknownRestaurant, closedRestaurant, writingMapping, outputExists
    }

    @Test(.enabled(if: postgresRunnable, "\(skipMessage)"), arguments: BadDatabaseInput.allCases)
    func aBadDatabaseInputIsOneLineAndNothingIsWritten(_ input: BadDatabaseInput) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cluster = try PostgresCluster.startWithOriginalDay()
        defer { cluster.stop() }
        var arguments = ["scenario", "import", cluster.url, "--date", "2025-11-14", "--out", "day.json"]
        var environment = cluster.environment
        let expected: [String]
        func mapping(replacing part: String, with sql: String) throws -> String {
            let path = folder.appendingPathComponent("mine.json").path
            let original = try JSONParser.parse(
                bytes: Array(try Replay.run(["scenario", "import", "--print-mapping"], in: folder).stdout.utf8))
            let fields = (original.objectValue ?? []).map { $0.key == part ? (part, JSONValue.string(sql)) : $0 }
                .map { $0.key == "name" ? ("name", JSONValue.string("mine")) : $0 }
            try JSONValue.object(fields).prettyText().write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        switch input {
        case .connectionRefused:
            // A port nothing listens on: the cluster's, once it is stopped; the URL's password never shown.
            cluster.stop()
            arguments[2] = "postgres://replay:refused-secret@127.0.0.1:\(cluster.port)/bookings"
            expected = ["postgres://replay@127.0.0.1:\(cluster.port)/bookings: cannot connect:", "Connection refused"]
        case .authenticationFailed:
            environment = ["PGPASSWORD": "not-the-password"]
            expected = ["cannot connect:", "password authentication failed for user \"replay\""]
        case .passwordInTheURL:
            // A wrong password holding "@" and "/" in the URL itself, percent-encoded as libpq wants.
            arguments[2] =
                "postgres://replay:wrong%40pass%2Fword@127.0.0.1:\(cluster.port)/bookings?sslmode=disable&password=also-secret"
            environment = [:]
            expected = [
                "postgres://replay@127.0.0.1:\(cluster.port)/bookings?sslmode=disable: cannot connect:",
                "password authentication failed"
            ]
        case .malformedURL:
            // libpq quotes the token it cannot decode: here, the password.
            arguments[2] = "postgres://replay:bad%zzsecret@127.0.0.1:\(cluster.port)/bookings"
            expected = ["postgres://replay@127.0.0.1:\(cluster.port)/bookings: cannot connect:"]
        case .missingTable:
            arguments += ["--mapping", try mapping(replacing: "tables", with: "SELECT * FROM public.floor_tables")]
            expected = ["mapping mine, query \"tables\": relation \"public.floor_tables\" does not exist"]
        case .missingColumn:
            arguments += [
                "--mapping",
                try mapping(
                    replacing: "tables",
                    with: "SELECT r.slug AS restaurant, t.table_number AS \"table\", t.min_party_size AS min, "
                        + "t.capacity AS max FROM table_inventory t JOIN restaurants r ON r.id = t.restaurant_id")
            ]
            expected = ["mapping mine, query \"tables\": no column \"zone\""]
        case .dateWithoutService:
            arguments[4] = "2025-11-16"
            expected = ["no service on 2025-11-16"]
        case .bookingOnUnknownTable:
            // The pending booking placed on the café's table.
            _ = try cluster.sql(
                "INSERT INTO booking_table_assignments (id, booking_id, table_id) VALUES ('a5000000-0000-4000-8000-000000000009', "
                    + "'b0000000-0000-4000-8000-000000000004', '7a000000-0000-4000-8000-000000000013') RETURNING id")
            expected = [
                "query \"assignments\", row 5 (booking b0000000-0000-4000-8000-000000000004, table S3): column \"table\": booking \"b0000000-0000-4000-8000-000000000004\" is on table \"S3\", which restaurant \"the-red-lion\" does not have"
            ]
        case .invalidTimezone:
            _ = try cluster.sql(
                "UPDATE restaurants SET timezone = 'Mars/Olympus_Mons' WHERE slug = 'cafe-ete' RETURNING slug")
            expected = [
                "query \"restaurants\", row 1 (restaurant cafe-ete): column \"timezone\": \"Mars/Olympus_Mons\" is not a time zone"
            ]
        case .unknownRestaurant:
            arguments += ["--restaurant", "the-red-lio"]
            expected = ["no restaurant \"the-red-lio\" (restaurants: cafe-ete, le-bistro-ferme, the-red-lion)"]
        case .closedRestaurant:
            arguments += ["--restaurant", "le-bistro-ferme"]
            expected = ["restaurant \"le-bistro-ferme\" is closed on 2025-11-14 (its operating hours)"]
        case .outputExists:
            try "mine".write(to: folder.appendingPathComponent("day.json"), atomically: true, encoding: .utf8)
            expected = ["day.json: already exists; replace it with --force"]
        case .writingMapping:
            arguments += [
                "--mapping",
                try mapping(
                    replacing: "bookings",
                    with: "DELETE FROM public.bookings RETURNING restaurant_id::text AS restaurant")
            ]
            expected = ["mapping mine, query \"bookings\": cannot execute DELETE in a read-only transaction"]
        }
        let result = try Replay.run(arguments, in: folder, environment: environment)
        #expect(result.status == 2, "\(input): \(result.stdout)\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(input): \(result.stderr)")
        for part in expected { #expect(result.stderr.contains(part), "\(input): \(result.stderr)") }
        for secret in [
            PostgresCluster.password, "refused-secret", "wrong%40pass", "wrong@pass", "also-secret", "bad%zzsecret",
            "zzsecret"
        ] { #expect(!result.stderr.contains(secret), "\(input): \(result.stderr)") }
        #expect(result.stdout.isEmpty)
        if input == .outputExists {
            #expect(try String(contentsOf: folder.appendingPathComponent("day.json"), encoding: .utf8) == "mine")
        } else {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("day.json").path))
        }
        if input != .connectionRefused { #expect(try cluster.sql("SELECT count(*) FROM bookings") == "11") }
        if input == .invalidTimezone {
            // Only the restaurants imported are checked: the pub's day imports despite the café's typo.
            let other = try Replay.run(
                ["scenario", "import", cluster.url, "--date", "2025-11-14", "--restaurant", "the-red-lion"], in: folder,
                environment: environment)
            #expect(other.status == 0, "\(other.stderr)")
        }
    }

    /// CSV files with mistakes: one line naming the file, the line (past quoted line breaks) and the column.
    @Test(arguments: [
        (
            "tables.csv", "restaurant,table,zone,min,max,customer_name\ncafe-ete,S1,Salle,1,2,Ana\n",
            "tables.csv: unknown column \"customer_name\""
        ),
        (
            "tables.csv",
            "restaurant,table,zone,min,max,x-note\ncafe-ete,S1,Salle,1,2,\"two\nlines\"\ncafe-ete,S2,Salle,1,four,\n",
            "tables.csv:4: column \"max\": expected an integer, found \"four\""
        ),
        (
            "tables.csv", "restaurant,table,zone,min,max\ncafe-ete,S1,Salle,1,2\ncafe-ete,S2,Salle,3,2\n",
            "tables.csv:3: column \"min\": must be at most max (2), found 3"
        ),
        (
            "tables.csv", "restaurant,table,zone,min,max\ncafe-ete,S1,Salle,1,2\ncafe-ete,S2,Salle,1\n",
            "tables.csv:3: 4 fields where the header has 5"
        ),
        (
            "adjacency.csv", "restaurant,table_a,table_b\ncafe-ete,S1,S9\n",
            "adjacency.csv:2: column \"table_b\": unknown table \"S9\" (not a table of restaurant \"cafe-ete\")"
        ),
        (
            "bookings.csv", "restaurant;booking;start;party\ncafe-ete;c1;18:30;2\ncafe-ete;c1;19:30;2\n",
            "bookings.csv:3: column \"booking\": \"c1\" is used by another booking"
        ),
        (
            "bookings.csv", "restaurant;booking;start;party;created\ncafe-ete;c1;18:30;2;yesterday\n",
            "bookings.csv:2: column \"created\": \"yesterday\" is not a moment"
        ),
        (
            "services.csv", "restaurant,service,start,end\ncafe-ete,Soirée,18:00,25:00\n",
            "services.csv:2: column \"end\": \"25:00\" is not a time of day HH:MM"
        ),
        (
            "restaurants.csv", "restaurant,timezone\ncafe-ete,Europe/Pariss\n",
            "restaurants.csv:2: column \"timezone\": \"Europe/Pariss\" is not a time zone"
        ),
        ("bookings.csv", "\u{FF}\u{FE}not text", "bookings.csv: is not UTF-8 text"),
        (
            "bookings.csv", "restaurant;booking;start;end;party\ncafe-ete;c1;19:00;18:00;2\n",
            "bookings.csv:2: column \"end\": ends at 18:00, before its start 19:00; a stay past midnight is taken up to 12 hours, this would be 23 h 0 min"
        ),
        (
            "bookings.csv", "restaurant;booking;start;end;party\ncafe-ete;c1;19:00;19:00;2\n",
            "bookings.csv:2: column \"end\": ends when it starts (19:00)"
        )
    ])
    func aBadCSVFileIsOneLineNamingFileLineAndColumn(_ file: String, _ content: String, _ expected: String) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let day = try Self.csvDay(
            [
                "services.csv": "restaurant,service,start,end\ncafe-ete,Soirée,18:00,01:00\n",
                "tables.csv": "restaurant,table,zone,min,max\ncafe-ete,S1,Salle,1,2\ncafe-ete,S2,Salle,1,2\n",
                "bookings.csv": "restaurant,booking,start,party\ncafe-ete,c1,18:30,2\n"
            ].filter { $0.key != file }, in: folder)
        if content.hasPrefix("\u{FF}") {
            try Data([0xFF, 0xFE, 0x41, 0x00]).write(to: day.appendingPathComponent(file))
        } else {
            try content.write(to: day.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let result = try Replay.run(
            ["scenario", "import", "--csv", "day", "--date", "2025-11-14", "--out", "out.json"], in: folder)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.hasPrefix("day/" + expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.json").path))
    }

    /// The create flow on an imported day in arrival order: every clone in the order the requests
    /// came (the scenario's), across restaurants; a format-6 capture that reproduces; the default
    /// (start, id) order unchanged.
    @Test func theCreateFlowTakesAnImportedDayInArrivalOrder() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let imported = try Replay.run(
            [
                "scenario", "import", "--csv", PostgresCluster.fixtures.appendingPathComponent("csv-day").path,
                "--date", "2025-11-14",
                "--out", "day.json"
            ], in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let arrivals =
            (try JSONParser.parse(
                bytes: Array(try String(contentsOf: folder.appendingPathComponent("day.json"), encoding: .utf8).utf8))[
                "bookings"]?
            .arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        func clonedSources(_ capture: String) throws -> [String] {
            try EngineProtocolTests.events(folder.appendingPathComponent(capture).path).compactMap { entry -> String? in
                switch entry.event.body {
                case .bookingCreated(let created): created.source
                case .bookingRefused(let refused): refused.source
                default: nil
                }
            }
        }
        for (order, capture) in [("arrival", "arrival.db"), ("start", "start.db")] {
            let recorded = try Replay.run(
                [
                    "record", "--scenario", "day.json", "--mode", "reserve", "--clone-order", order, "--clone-limit",
                    "7",
                    "--out", capture, "--no-reports"
                ], in: folder)
            #expect(recorded.status == 0, "\(recorded.stderr)")
            #expect(try Replay.run(["run", capture], in: folder).status == 0)
        }
        #expect(arrivals.count == 7)
        #expect(try clonedSources("arrival.db") == arrivals)
        // Start order groups the live floor's clones by restaurant, each in (start, id) order.
        #expect(
            try clonedSources("start.db") == [
                "c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000003",
                "c0000000-0000-4000-8000-000000000002", "b0000000-0000-4000-8000-000000000001",
                "b0000000-0000-4000-8000-000000000002", "b0000000-0000-4000-8000-000000000003",
                "b0000000-0000-4000-8000-000000000004"
            ])
        let shown = try Replay.run(["show", "arrival.db", "--type", "run.started"], in: folder)
        #expect(shown.stdout.contains("clone order arrival"), "\(shown.stdout)")
        #expect(
            try CaptureReader(path: folder.appendingPathComponent("arrival.db").path).metaValue("format_version") == "6"
        )
        // The imported day's seeded tables of the real floor make any capture of it format 6 too.
        #expect(
            try CaptureReader(path: folder.appendingPathComponent("start.db").path).metaValue("format_version") == "6")
        let assign = try Replay.run(
            ["record", "--scenario", "day.json", "--clone-order", "arrival", "--out", "assign.db"], in: folder)
        #expect(assign.status == 2 && assign.stderr.contains("--clone-order applies to --mode reserve only"))
        let typo = try Replay.run(
            ["record", "--scenario", "day.json", "--mode", "reserve", "--clone-order", "created", "--out", "typo.db"],
            in: folder)
        #expect(typo.status == 2 && typo.stderr.contains("--clone-order must be start or arrival, found created"))
    }

    /// `--prefill real`: the day starts from its real floor (the bookings an imported day gives
    /// tables, seated there first, labelled `real-floor`), then the clones compete; reproduced,
    /// rebuilt with every invariant, format 6; a scenario's `tables` checked as any value is.
    @Test func aReserveRunStartsFromTheImportedRealFloor() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(
            try Replay.run(
                [
                    "scenario", "import", "--csv", PostgresCluster.fixtures.appendingPathComponent("csv-day").path,
                    "--date", "2025-11-14",
                    "--out", "day.json"
                ], in: folder
            ).status == 0)
        let recorded = try Replay.run(
            [
                "record", "--scenario", "day.json", "--mode", "reserve", "--prefill", "real", "--clone-limit", "7",
                "--out", "real.db", "--no-reports"
            ], in: folder)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(
            recorded.stdout.contains(
                "real floor: 3 of the 3 bookings with tables seated on them (4 of the day's 7 had none and stay off the floor)"
            ), "\(recorded.stdout)")
        let events = try EngineProtocolTests.events(folder.appendingPathComponent("real.db").path)
        let confirmed = events.compactMap { entry -> String? in
            guard case .assignmentConfirmed(let assignment) = entry.event.body else { return nil }
            return "\(entry.record.booking ?? "") \(assignment.tables.joined(separator: "+"))"
        }
        // The real floor first, in the scenario's (arrival) order, then the clones.
        #expect(
            Array(confirmed.prefix(3)) == [
                "b0000000-0000-4000-8000-000000000001 Table 1",
                "b0000000-0000-4000-8000-000000000003 Terrasse 1+Terrasse 2",
                "b0000000-0000-4000-8000-000000000002 T-2"
            ])
        let realHolds = events.compactMap { entry -> String? in
            guard case .holdPlaced(let hold) = entry.event.body else { return nil }
            return hold.strategy
        }
        #expect(realHolds.filter { $0 == "real-floor" }.count == 3 && realHolds.count > 3)
        #expect(try Replay.run(["run", "real.db"], in: folder).status == 0)
        #expect(try Replay.run(["run", "--rebuild", "real.db"], in: folder).status == 0)
        #expect(
            try CaptureReader(path: folder.appendingPathComponent("real.db").path).metaValue("format_version") == "6")
        // A sweep runs the same: its rows' commands reproduce the real floor and the arrival order.
        let sweep = try Replay.run(
            [
                "sweep", "--seeds", "1..2", "--mode", "reserve", "--scenario", "day.json", "--prefill", "real",
                "--clone-order", "arrival",
                "--clone-limit", "7", "--out", "sweep", "--quiet"
            ], in: folder)
        #expect(sweep.status == 0, "\(sweep.stdout)\(sweep.stderr)")
        let sweepJSON = try String(contentsOf: folder.appendingPathComponent("sweep/sweep.json"), encoding: .utf8)
        #expect(sweepJSON.contains("--prefill real --clone-order arrival"), "\(sweepJSON.prefix(2000))")
        // Without an imported floor there is nothing to seat: said, not silently an empty floor.
        let nothing = try Replay.run(["record", "--mode", "reserve", "--prefill", "real", "--out", "x.db"], in: folder)
        #expect(
            nothing.status == 2
                && nothing.stderr.contains("--prefill real seats bookings on their tables of the real floor"))
        // A scenario's tables are checked: unknown, inactive, too few seats.
        let text = try String(contentsOf: folder.appendingPathComponent("day.json"), encoding: .utf8)
        for (from, to, problem) in [
            ("\"tables\": [\"T-2\"]", "\"tables\": [\"T-7\"]", "unknown table \"T-7\""),
            ("\"tables\": [\"T-2\"]", "\"tables\": [\"T-9\"]", "table \"T-9\" is inactive"),
            ("\"tables\": [\"T-2\"]", "\"tables\": [\"Table 1\", \"Table 1\"]", "listed twice"),
            (
                "\"tables\": [\"Terrasse 1\", \"Terrasse 2\"]", "\"tables\": [\"Terrasse 1\"]",
                "seat 8, fewer than the party of 12"
            )
        ] {
            #expect(text.contains(from))
            try text.replacingOccurrences(of: from, with: to).write(
                to: folder.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
            let shown = try Replay.run(["scenario", "show", "bad.json"], in: folder)
            #expect(
                shown.status == 2 && shown.stderr.contains("tables") && shown.stderr.contains(problem),
                "\(shown.stderr)")
        }
    }

    /// What spreadsheets write: headers in any case, rows of empty cells below the table,
    /// statuses spelt as people spell them.
    /// A CSV export's booking history (`changes.csv`): a cancelled booking its history cancels is
    /// kept as it was, a change of a booking left out is skipped, and a bad value names its row.
    @Test func aSpreadsheetsBookingHistoryIsRead() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let day = try Self.csvDay(
            [
                "services.csv": "restaurant,service,start,end\ncafe,Dinner,18:00,23:00\n",
                "tables.csv": "restaurant,table,zone,min,max\ncafe,S1,Salle,1,2\ncafe,S2,Salle,1,4\n",
                "bookings.csv":
                    "restaurant,booking,start,party,status\ncafe,c1,19:00,2,booked\ncafe,c2,20:00,2,cancelled\n"
                    + "cafe,c3,20:30,2,no-show\n",
                "changes.csv": "booking,at,party,start,cancel\nc1,17:00,4,,\nc2,18:30,,,yes\nc3,18:00,3,,\n"
            ], in: folder)
        let result = try Replay.run(["scenario", "import", "--csv", "day", "--date", "2025-11-14"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("2 bookings, 2 changes from the history; left out: 1 no-show"), "\(result.stderr)")
        let json = try JSONParser.parse(bytes: Array(result.stdout.utf8))
        let expected = try JSONParser.parse(
            #"[{"booking":"c1","at":"17:00","party":4},{"booking":"c2","at":"18:30","cancel":true}]"#)
        #expect(json["changes"] == expected)
        try "booking,at,party\nc1,25:00,4\n".write(
            to: day.appendingPathComponent("changes.csv"), atomically: true, encoding: .utf8)
        let bad = try Replay.run(["scenario", "import", "--csv", "day", "--date", "2025-11-14"], in: folder)
        #expect(
            bad.status == 2 && bad.stderr.contains("changes.csv:2") && bad.stderr.contains("\"at\""), "\(bad.stderr)")
        try "booking,at,party\nc1,19:30,4\n".write(
            to: day.appendingPathComponent("changes.csv"), atomically: true, encoding: .utf8)
        let late = try Replay.run(["scenario", "import", "--csv", "day", "--date", "2025-11-14"], in: folder)
        #expect(
            late.status == 2 && late.stderr.contains("changes.csv:2")
                && late.stderr.contains("a change comes before the booking"), "\(late.stderr)")
    }

    @Test func aSpreadsheetsHabitsAreRead() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let day = try Self.csvDay(
            [
                "services.csv": "Restaurant;Service;Start;End\ncafe-ete;Soirée;18:00;01:00\n;;;\n;;;\n",
                "tables.csv": "RESTAURANT,Table,Zone,Min,Max\ncafe-ete,S1,Salle,1,2\ncafe-ete,S2,Salle,1,4\n,,,,\n",
                "bookings.csv":
                    "restaurant,booking,start,party,Status\ncafe-ete,c1,18:30,2,Confirmed\ncafe-ete,c2,19:00,2,canceled\n"
                    + "cafe-ete,c3,19:00,2,CANCELLED\ncafe-ete,c4,20:00,2,No Show\ncafe-ete,c5,20:30,3,no-show\ncafe-ete,c6,21:00,4,seated\n"
            ], in: folder)
        let result = try Replay.run(["scenario", "import", "--csv", "day", "--date", "2025-11-14"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("2 bookings; left out: 2 cancelled, 2 no-show"), "\(result.stderr)")
        let bookings = try JSONParser.parse(bytes: Array(result.stdout.utf8))["bookings"]?.arrayValue ?? []
        #expect(bookings.compactMap { $0["x-status"]?.stringValue } == ["confirmed", "seated"])
        // The mapping to a file, and never beside an import.
        #expect(try Replay.run(["scenario", "import", "--print-mapping", "--out", "mine.json"], in: folder).status == 0)
        #expect(
            try String(contentsOf: folder.appendingPathComponent("mine.json"), encoding: .utf8).hasPrefix(
                "{\n  \"name\": \"original\""))
        let both = try Replay.run(["scenario", "import", "--print-mapping", "--csv", "day"], in: folder)
        #expect(
            both.status == 2 && both.stderr.contains("--print-mapping prints the built-in mapping and imports nothing"))
        // A day without bookings is imported, and said.
        try "restaurant,booking,start,party\n".write(
            to: day.appendingPathComponent("bookings.csv"), atomically: true, encoding: .utf8)
        let empty = try Replay.run(["scenario", "import", "--csv", "day", "--date", "2031-01-01"], in: folder)
        #expect(
            empty.status == 0 && empty.stderr.contains("no booking on 2031-01-01: is it the date you meant?"),
            "\(empty.stderr)")
    }

    @Test func theBuiltInMappingIsTheExampleFileAndTheCommandLineRefusesWhatCannotWork() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try Replay.run(["scenario", "import", "--print-mapping"], in: folder)
        #expect(printed.status == 0)
        #expect(
            printed.stdout
                == (try String(
                    contentsOf: PostgresCluster.root.appendingPathComponent("examples/import/original-mapping.json"),
                    encoding: .utf8)))
        let refusals: [([String], String)] = [
            (["--date", "2025-11-14"], "name a database (postgres://…) or a folder (--csv DIR)"),
            (["postgres://h/db"], "--date is required"),
            (["postgres://h/db", "--date", "2025-02-30"], "--date must be a date YYYY-MM-DD, found 2025-02-30"),
            (["mysql://u:pw@h/db", "--date", "2025-11-14"], "mysql://u@h/db: not a PostgreSQL URL"),
            (["postgres://h/db", "--csv", "day", "--date", "2025-11-14"], "a database or --csv, not both"),
            (["--csv", "day", "--mapping", "m.json", "--date", "2025-11-14"], "--mapping goes with a database"),
            (["--csv", "nowhere", "--date", "2025-11-14"], "nowhere: no such folder"),
            (
                ["postgres://u@127.0.0.1:1/db", "--mapping", "missing.json", "--date", "2025-11-14"],
                "missing.json: no such file"
            )
        ]
        for (arguments, message) in refusals {
            let result = try Replay.run(["scenario", "import"] + arguments, in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("pw"), "a password in \(result.stderr)")
        }
    }
}
