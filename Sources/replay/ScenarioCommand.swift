import CommandSupport
import Allocation
import ArgumentParser
import CanonicalJSON
import DayImport
import Foundation
import Scenarios

struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Print the built-in scenario, generate larger ones, or import a real day.",
        subcommands: [Show.self, Generate.self, Import.self, Change.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a scenario as JSON (the built-in `default`, or a file, checked).")

        @Argument(help: "`default` or a scenario file.")
        var name: String = "default"

        func run() throws {
            let scenario = try ScenarioSource.load(name)
            Terminal.out(scenario.jsonText)
        }
    }

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add drawn edits and cancellations to a scenario (the built-in one, a file, an imported day).",
            discussion: """
                Each booking of the scenario's date without a change draws whether its guest edits or
                cancels it, as `scenario generate` draws them (docs/scenarios.md, "Changes").
                  replay scenario change default --edit-rate 0.1 --cancel-rate 0.05 --out day.json
                """)

        @Argument(help: "`default` or a scenario file.") var name: String = "default"
        @Option(help: "The share of bookings (0...1) whose guest edits them.") var editRate: Share = .zero
        @Option(help: "The share of bookings of 2 (0...1) whose guest cancels them; larger parties cancel more.")
        var cancelRate: Share = .zero
        @Option(help: "Seed of the draw.") var seed: UInt64 = 1
        @Option(help: "Output file (stdout when absent).") var out: String?
        @Flag(help: "Replace --out when it exists.") var force = false

        func run() throws {
            guard editRate.perMille + cancelRate.perMille > 0 else {
                throw CommandFailure.badInput("replay scenario change: give --edit-rate or --cancel-rate (or both)")
            }
            try Share.checkChangeRates(edit: editRate, cancel: cancelRate, command: "replay scenario change")
            try OutputFile.refuseExisting(out, force: force)
            var scenario = try ScenarioSource.load(name)
            scenario.changes += ScenarioGenerator.changes(
                of: scenario, seed: seed, editPerMille: editRate.perMille, cancelPerMille: cancelRate.perMille)
            guard let out else {
                guard Terminal.out(scenario.jsonText) else {
                    throw CommandFailure.badInput(
                        "replay scenario change: stdout was closed before the scenario was written")
                }
                return
            }
            try OutputFile.write(scenario.jsonText, to: out)
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a generated scenario of the default's shape.")

        @Option(help: "Restaurants (1...\(ScenarioGenerator.maximumRestaurants)).") var restaurants: Int = 5
        @Option(help: "Bookings (0...\(ScenarioLoader.maximumBookings)).") var bookings: Int = 105
        @Option(help: "Generator seed.") var seed: UInt64 = 1
        @Option(help: "Zones per restaurant (1...\(ScenarioGenerator.zonesRange.upperBound)).") var zones: Int =
            ScenarioGenerator.defaultZones
        @Option(help: "Tables per zone; zones × tables per zone at most \(TableSet.capacity).") var tablesPerZone: Int =
            ScenarioGenerator.defaultTablesPerZone
        @Option(
            help:
                "How bookings are drawn: realistic (parties of 1-2 above 60%, lunch and dinner peaks, every stay inside its service) or original (the draw of generated days before 0.3; most failures overruns)."
        )
        var mix = Choice<ScenarioGenerator.Mix>(.realistic)
        @Option(
            help:
                "With --mix realistic: the share of bookings (0...1) placed on purpose so that their stay runs 5-30 minutes past their service's end. (default: 0)"
        )
        var overrunRate: String?
        @Option(
            help:
                "The share of bookings (0...1) whose guest edits them later: party ±1-2 and/or a start moved within the service (docs/scenarios.md, \"Changes\")."
        )
        var editRate: Share = .zero
        @Option(
            help:
                "The share of bookings of 2 (0...1) whose guest cancels them, late; larger parties cancel more (× (6 + party) / 8)."
        )
        var cancelRate: Share = .zero
        @Option(help: "Output file (stdout when absent).") var out: String?
        @Flag(help: "Replace --out when it exists.") var force = false

        static let name = "replay scenario generate"

        /// Every value checked before anything is written.
        func validate() throws { _ = try draw() }

        /// How the bookings are drawn (the mix and its overruns, in thousandths), every option checked.
        func draw() throws -> (mix: ScenarioGenerator.Mix, overrunPerMille: Int) {
            guard (1...ScenarioGenerator.maximumRestaurants).contains(restaurants) else {
                throw CommandFailure.badInput(
                    "\(Self.name): --restaurants must be in 1...\(ScenarioGenerator.maximumRestaurants), found \(restaurants)"
                )
            }
            guard (0...ScenarioLoader.maximumBookings).contains(bookings) else {
                throw CommandFailure.badInput(
                    "\(Self.name): --bookings must be in 0...\(ScenarioLoader.maximumBookings), found \(bookings)"
                )
            }
            guard ScenarioGenerator.zonesRange.contains(zones) else {
                throw CommandFailure.badInput(
                    "\(Self.name): --zones must be in \(ScenarioGenerator.zonesRange), found \(zones)")
            }
            guard ScenarioGenerator.tablesPerZoneRange.contains(tablesPerZone),
                zones * tablesPerZone <= TableSet.capacity
            else {
                throw CommandFailure.badInput(
                    "\(Self.name): --tables-per-zone must be at least 1 and --zones × --tables-per-zone at most \(TableSet.capacity), found \(zones) × \(tablesPerZone)"
                )
            }
            let drawn = try mix.checked("--mix", command: Self.name)
            var overrunPerMille = 0
            if let overrunRate {
                guard drawn == .realistic else {
                    throw CommandFailure.badInput("\(Self.name): --overrun-rate goes with --mix realistic")
                }
                guard let rate = Double(overrunRate), rate.isFinite, (0...1).contains(rate) else {
                    throw CommandFailure.badInput(
                        "\(Self.name): --overrun-rate must be a share in 0...1 (0.05 for 5%), found \(overrunRate)"
                    )
                }
                overrunPerMille = Int((rate * 1000).rounded())
            }
            try Share.checkChangeRates(edit: editRate, cancel: cancelRate, command: Self.name)
            return (drawn, overrunPerMille)
        }

        func run() throws {
            let (drawn, overrunPerMille) = try draw()
            try OutputFile.refuseExisting(out, force: force)
            let text = ScenarioGenerator.make(
                restaurants: restaurants, bookings: bookings, seed: seed, zones: zones, tablesPerZone: tablesPerZone,
                mix: drawn, overrunPerMille: overrunPerMille, editPerMille: editRate.perMille,
                cancelPerMille: cancelRate.perMille
            ).jsonText
            guard let out else {
                guard Terminal.out(text) else {
                    throw CommandFailure.badInput(
                        "replay scenario generate: stdout was closed before the scenario was written")
                }
                return
            }
            try OutputFile.write(text, to: out)
        }
    }
}

extension ScenarioCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a scenario from one day of a booking database (PostgreSQL, read-only) or of CSV files.",
            discussion: """
                From PostgreSQL: replay scenario import postgres://USER@HOST/DB --date 2025-11-14 --out day.json
                (the original system's schema; --mapping FILE for another; the password from PGPASSWORD or ~/.pgpass).
                From CSV: replay scenario import --csv DIR --date 2025-11-14 --out day.json
                Guest names, e-mails, phone numbers and notes are never read. docs/scenarios.md, "Importing a day".
                """
        )

        @Argument(help: "The database: postgres://USER@HOST[:PORT]/DB (or postgresql://).") var database: String?
        @Option(help: "The service date, YYYY-MM-DD.") var date: String?
        @Option(
            name: .customLong("restaurant"),
            help: "A restaurant's slug to import (repeat for more; all open that day when absent).")
        var restaurants: [String] = []
        @Option(help: "A JSON mapping of your own schema: one SQL query per part (examples/import/).") var mapping:
            String?
        @Option(
            help:
                "A folder of CSV files (services.csv, tables.csv, bookings.csv; adjacency.csv, restaurants.csv, assignments.csv)."
        )
        var csv: String?
        @Flag(help: "Replace booking and table ids with stable hashes, so the day can be shared.") var pseudonymize =
            false
        @Option(help: "Output file (stdout when absent).") var out: String?
        @Flag(help: "Replace --out when it exists.") var force = false
        @Flag(
            help:
                "Print the built-in mapping of the original system's schema (a start for --mapping; to --out when given) and exit."
        ) var printMapping = false

        /// The command line alone: one source, a valid date, a mapping only with a database.
        func validate() throws {
            if printMapping {
                guard database == nil, csv == nil, mapping == nil else {
                    throw CommandFailure.badInput(
                        "replay scenario import: --print-mapping prints the built-in mapping and imports nothing; drop the database, --csv or --mapping"
                    )
                }
                return
            }
            _ = try serviceDate()
            switch (database, csv) {
            case (nil, nil):
                throw CommandFailure.badInput(
                    "replay scenario import: name a database (postgres://…) or a folder (--csv DIR)")
            case (.some, .some): throw CommandFailure.badInput("replay scenario import: a database or --csv, not both")
            default: break
            }
            if let database, !(database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")) {
                throw CommandFailure.badInput(
                    "replay scenario import: \(PostgresSource.redacted(database)): not a PostgreSQL URL (postgres://USER@HOST/DB)"
                )
            }
            if csv != nil, mapping != nil {
                throw CommandFailure.badInput("replay scenario import: --mapping goes with a database, not with --csv")
            }
        }

        /// `--date`, required and checked.
        func serviceDate() throws -> String {
            guard let date else {
                throw CommandFailure.badInput(
                    "replay scenario import: --date is required (the service date, YYYY-MM-DD)")
            }
            guard ServiceDate.isValid(date) else {
                throw CommandFailure.badInput("replay scenario import: --date must be a date YYYY-MM-DD, found \(date)")
            }
            return date
        }

        func run() throws {
            if printMapping {
                if let out {
                    try OutputFile.refuseExisting(out, force: force)
                    try OutputFile.write(ImportMapping.original.jsonText, to: out)
                    return
                }
                guard Terminal.out(ImportMapping.original.jsonText) else {
                    throw CommandFailure.badInput("replay scenario import: stdout was closed")
                }
                return
            }
            let date = try serviceDate()
            try OutputFile.refuseExisting(out, force: force)
            let request = ImportRequest(date: date, restaurants: restaurants, pseudonymize: pseudonymize)
            let day: ImportedDay
            do {
                day = try importDay(request, label: date)
            } catch {
                throw CommandFailure.badInput(error.description)
            }
            if let out {
                try OutputFile.write(day.text + "\n", to: out)
                Terminal.error(day.summary + " → \(out)")
            } else {
                guard Terminal.out(day.text + "\n") else {
                    throw CommandFailure.badInput(
                        "replay scenario import: stdout was closed before the scenario was written")
                }
                Terminal.error(day.summary)
            }
        }

        func importDay(_ request: ImportRequest, label date: String) throws(ImportError) -> ImportedDay {
            if let csv {
                let folder = URL(fileURLWithPath: csv).standardizedFileURL.lastPathComponent
                let parts = try CSVSource.read(folder: csv)
                return try DayAssembler(
                    request: request, source: csv, label: "\(folder) \(date)",
                    provenance: [("source", .string("csv")), ("folder", .string(folder))]
                ).assemble(parts)
            }
            let url = database ?? ""
            let chosen =
                try mapping.map { path throws(ImportError) in try ImportMapping.load(path: path) }
                ?? ImportMapping.original
            let source = try PostgresSource(url: url)
            let parts = try source.read(chosen, request: request)
            let name = URLComponents(string: url)?.path.split(separator: "/").last.map(String.init) ?? "database"
            return try DayAssembler(
                request: request, source: source.target, label: "\(name) \(date)",
                provenance: [
                    ("source", .string("postgres")), ("database", .string(name)), ("mapping", .string(chosen.name))
                ]
            )
            .assemble(parts)
        }
    }
}

/// Where a scenario comes from: the built-in name or a file.
enum ScenarioSource {
    static func load(_ name: String?) throws -> Scenario {
        guard let name, name != DefaultScenario.name || FileManager.default.fileExists(atPath: name) else {
            return DefaultScenario.make()
        }
        do {
            return try ScenarioLoader.load(path: name)
        } catch {
            throw CommandFailure.badInput(error.description)
        }
    }
}
