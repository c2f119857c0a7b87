import Allocation
import ArgumentParser
import Foundation
import Scenarios

struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Print the built-in scenario or generate larger ones.",
        subcommands: [Show.self, Generate.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a scenario as JSON (the built-in `default`, or a file, checked).")

        @Argument(help: "`default` or a scenario file.")
        var name: String = "default"

        func run() throws {
            let scenario = try ScenarioSource.load(name)
            Terminal.out(scenario.jsonText)
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a generated scenario of the default's shape.")

        @Option(help: "Restaurants (1...\(ScenarioGenerator.maximumRestaurants)).") var restaurants: Int = 5
        @Option(help: "Bookings (0...\(ScenarioLoader.maximumBookings)).") var bookings: Int = 105
        @Option(help: "Generator seed.") var seed: UInt64 = 1
        @Option(help: "Zones per restaurant (1...\(ScenarioGenerator.zonesRange.upperBound)).") var zones: Int = ScenarioGenerator.defaultZones
        @Option(help: "Tables per zone; zones × tables per zone at most \(TableSet.capacity).") var tablesPerZone: Int = ScenarioGenerator.defaultTablesPerZone
        @Option(help: "How bookings are drawn: realistic (parties of 1-2 above 60%, lunch and dinner peaks, every stay inside its service) or original (the draw of generated days before 0.3; most failures overruns) [realistic].")
        var mix: String = ScenarioGenerator.Mix.realistic.rawValue
        @Option(help: "With --mix realistic: the share of bookings (0...1) placed on purpose so that their stay runs 5-30 minutes past their service's end [0].")
        var overrunRate: String?
        @Option(help: "Output file (stdout when absent).") var out: String?
        @Flag(help: "Replace --out when it exists.") var force = false

        func run() throws {
            guard (1...ScenarioGenerator.maximumRestaurants).contains(restaurants) else {
                throw CommandFailure.badInput("replay scenario generate: --restaurants must be in 1...\(ScenarioGenerator.maximumRestaurants), found \(restaurants)")
            }
            guard (0...ScenarioLoader.maximumBookings).contains(bookings) else {
                throw CommandFailure.badInput("replay scenario generate: --bookings must be in 0...\(ScenarioLoader.maximumBookings), found \(bookings)")
            }
            guard ScenarioGenerator.zonesRange.contains(zones) else {
                throw CommandFailure.badInput("replay scenario generate: --zones must be in \(ScenarioGenerator.zonesRange), found \(zones)")
            }
            guard ScenarioGenerator.tablesPerZoneRange.contains(tablesPerZone), zones * tablesPerZone <= TableSet.capacity else {
                throw CommandFailure.badInput("replay scenario generate: --tables-per-zone must be at least 1 and --zones × --tables-per-zone at most \(TableSet.capacity), found \(zones) × \(tablesPerZone)")
            }
            guard let drawn = ScenarioGenerator.Mix(rawValue: mix) else {
                throw CommandFailure.badInput("replay scenario generate: --mix must be realistic or original, found \(mix)")
            }
            var overrunPerMille = 0
            if let overrunRate {
                guard drawn == .realistic else { throw CommandFailure.badInput("replay scenario generate: --overrun-rate goes with --mix realistic") }
                guard let rate = Double(overrunRate), rate.isFinite, (0...1).contains(rate) else {
                    throw CommandFailure.badInput("replay scenario generate: --overrun-rate must be a share in 0...1 (0.05 for 5%), found \(overrunRate)")
                }
                overrunPerMille = Int((rate * 1000).rounded())
            }
            if let out, !force, FileManager.default.fileExists(atPath: out) {
                throw CommandFailure.badInput("\(out): already exists; replace it with --force, or choose another --out")
            }
            let text = ScenarioGenerator.make(restaurants: restaurants, bookings: bookings, seed: seed, zones: zones, tablesPerZone: tablesPerZone,
                                              mix: drawn, overrunPerMille: overrunPerMille).jsonText
            guard let out else {
                guard Terminal.out(text) else { throw CommandFailure.badInput("replay scenario generate: stdout was closed before the scenario was written") }
                return
            }
            try OutputFile.write(text, to: out)
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
