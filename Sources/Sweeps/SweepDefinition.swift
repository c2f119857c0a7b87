import CommandSupport
import CanonicalJSON
import EventLog
import Foundation
import Scenarios
import StressRunner

/// What a sweep runs: the grid (scenarios × modes × clients × max tables × hold TTLs × seeds),
/// the options every run shares, the checks, what to keep and the gates. Its canonical JSON is
/// stored in `sweep.db`, so shards of one sweep can be told from shards of another.
package struct SweepDefinition: Equatable {
    /// A scenario of the grid, copied into the sweep folder's `scenarios/` (so every row's command
    /// works from the sweep folder, on any machine).
    package struct ScenarioEntry: Equatable {
        /// `default`, the file's base name, or `generated-R-N-S`.
        package var label: String
        /// The scenario's text; nil for the built-in scenario.
        package var text: String?
        package var scenario: Scenario
        /// SHA-256 of `text` (or "built-in", or "per-seed").
        package var digest: String
        /// `--generate R:N` without a seed: every run generates its own day from its seed (swarm
        /// testing: each seed a different day); `scenario` and `text` are then seed 1's, unused.
        package var perSeed: (restaurants: Int, bookings: Int)?

        package init(
            label: String, text: String? = nil, scenario: Scenario, digest: String,
            perSeed: (restaurants: Int, bookings: Int)? = nil
        ) {
            self.label = label
            self.text = text
            self.scenario = scenario
            self.digest = digest
            self.perSeed = perSeed
        }
        /// The path in the sweep folder, as commands name it; nil for the built-in scenario and a
        /// day generated per seed (its command generates it first).
        package var relativePath: String? { text == nil || perSeed != nil ? nil : "scenarios/\(label).json" }

        package static func == (lhs: ScenarioEntry, rhs: ScenarioEntry) -> Bool {
            lhs.label == rhs.label && lhs.text == rhs.text && lhs.scenario == rhs.scenario && lhs.digest == rhs.digest
                && lhs.perSeed?.restaurants == rhs.perSeed?.restaurants
                && lhs.perSeed?.bookings == rhs.perSeed?.bookings
        }

        /// The day of a run with this seed: generated from it, or the entry's own.
        package func scenario(seed: UInt64) -> Scenario {
            guard let perSeed else { return scenario }
            return ScenarioGenerator.make(restaurants: perSeed.restaurants, bookings: perSeed.bookings, seed: seed)
        }

        /// Every run sees the same day: a seed then changes nothing in assign mode.
        package var isFixed: Bool { perSeed == nil }
    }

    package enum Check: String, CaseIterable {
        /// The fold of the capture finds no invariant violated.
        case invariants
        /// No phantom unavailability and no unsound offer (the coverage oracle).
        case oracle
        /// `replay run` re-executes the capture event for event.
        case reproduce
    }

    package enum Keep: String, CaseIterable { case failing, all, none }

    package var scenarios: [ScenarioEntry]
    package var modes: [RunOptions.Mode]
    /// Reserve mode's client counts (assign mode has no clients).
    package var clients: [Int]
    package var maxTables: [Int]
    package var holdTTLs: [Int]
    package var seeds: ClosedRange<Int>
    /// Every other option, shared by all runs (its grid fields are overwritten per cell).
    package var base: RunOptions
    package var checks: [Check]
    package var keep: Keep
    package var expectations: [String]
    /// Solve the best possible day of every run (`--optimum`, implied by a gap gate).
    package var optimum: Bool

    package init(
        scenarios: [ScenarioEntry], modes: [RunOptions.Mode], clients: [Int], maxTables: [Int], holdTTLs: [Int],
        seeds: ClosedRange<Int>, base: RunOptions, checks: [Check], keep: Keep, expectations: [String], optimum: Bool
    ) {
        self.scenarios = scenarios
        self.modes = modes
        self.clients = clients
        self.maxTables = maxTables
        self.holdTTLs = holdTTLs
        self.seeds = seeds
        self.base = base
        self.checks = checks
        self.keep = keep
        self.expectations = expectations
        self.optimum = optimum
    }

    /// One run of the grid.
    package struct Cell {
        package var position: Int
        package var scenario: ScenarioEntry
        package var options: RunOptions
    }

    /// The grid in its one order: scenario, mode, clients, max tables, hold TTL, seed (fastest).
    /// Assign mode has no clients axis, so it contributes one cell where reserve has one per count.
    package func cells() -> [Cell] {
        var cells: [Cell] = []
        for scenario in scenarios {
            for mode in modes {
                for clientCount in mode == .reserve ? clients : [base.clients] {
                    for tables in maxTables {
                        for ttl in holdTTLs {
                            for seed in seeds {
                                var options = base
                                options.mode = mode
                                options.clients = clientCount
                                options.maxTables = tables
                                options.holdTTLSeconds = ttl
                                options.seed = UInt64(seed)
                                cells.append(Cell(position: cells.count, scenario: scenario, options: options))
                            }
                        }
                    }
                }
            }
        }
        return cells
    }

    /// How many runs the grid has, without building it.
    /// Int.max when the product overflows (refused as too large, never a trap).
    package var runCount: Int {
        let clientCells = modes.reduce(0) { $0 + ($1 == .reserve ? clients.count : 1) }
        var total = 1
        for factor in [scenarios.count, clientCells, maxTables.count, holdTTLs.count, seeds.count] {
            let (product, overflow) = total.multipliedReportingOverflow(by: factor)
            if overflow { return Int.max }
            total = product
        }
        return total
    }

    /// The definition as canonical JSON: the identity of a sweep (shards must agree on it).
    package var canonicalText: String {
        let shared: [(key: String, value: JSONValue)] =
            [
                ("restaurants", .array(base.restaurants.map { .string($0) })),
                ("date", base.date.map { .string($0) } ?? .null),
                ("max_iterations", .int(base.maxIterations)),
                ("clone_limit", .int(base.cloneLimit)),
                ("source_date", base.sourceDate.map { .string($0) } ?? .null),
                ("source_after_minute", .int(base.sourceAfterMinute)),
                ("avoid_used", .bool(base.avoidUsed)),
                ("prefill", .string((base.prefill ?? .empty).rawValue)),
                ("bruteforce", .bool(base.bruteforce)),
                ("oracle", base.oracle.map { .string($0.rawValue) } ?? .string(RecordArguments.legacyOracle)),
                ("engine", base.engineCommand.map { .string($0) } ?? .null),
                ("engine_timeout", .int(base.engineTimeoutSeconds))
            ]
            + (base.engineProtocol == RunOptions().engineProtocol
                ? [] : [("engine_protocol", .int(base.engineProtocol))])
            // Options sweeps gained later, written only when set: a sweep without them keeps its identity.
            + (base.cloneOrder == RunOptions().cloneOrder ? [] : [("clone_order", .string(base.cloneOrder.rawValue))])
            + (base.editRatePerMille == 0 ? [] : [("edit_rate_per_mille", .int(base.editRatePerMille))])
            + (base.cancelRatePerMille == 0 ? [] : [("cancel_rate_per_mille", .int(base.cancelRatePerMille))])
        let value = JSONValue.object([
            (
                "scenarios",
                .array(scenarios.map { .object([("label", .string($0.label)), ("sha256", .string($0.digest))]) })
            ),
            ("modes", .array(modes.map { .string($0.rawValue) })),
            ("clients", .array(clients.map { .int($0) })),
            ("max_tables", .array(maxTables.map { .int($0) })),
            ("hold_ttl", .array(holdTTLs.map { .int($0) })),
            ("seeds", .array([.int(seeds.lowerBound), .int(seeds.upperBound)])),
            ("shared_options", .object(shared)),
            ("checks", .array(checks.map { .string($0.rawValue) })),
            ("keep", .string(keep.rawValue)),
            ("expectations", .array(expectations.map { .string($0) })),
            ("optimum", .bool(optimum))
        ])
        return value.canonicalText
    }
}

/// `--shard K/N`: the runs whose position modulo N is K-1 (round robin, so every shard gets a
/// fair share of every grid option).
package struct Shard: Equatable {
    package var index: Int
    package var count: Int

    package static let whole = Shard(index: 1, count: 1)

    package static func parse(_ text: String) -> Shard? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...6).contains($0.count) && $0.allSatisfy(\.isASCII) }),
            let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index)
        else { return nil }
        return Shard(index: index, count: count)
    }

    package var text: String { "\(index)/\(count)" }

    package func contains(position: Int) -> Bool { position % count == index - 1 }
}
