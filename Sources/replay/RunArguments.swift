import Allocation
import ArgumentParser
import CommandSupport
import Scenarios
import StressRunner
import Sweeps

/// The options of one run that `record` and `sweep` share (`@OptionGroup`): a sweep gives them to
/// every run of its grid. Declared once, with one help text each, and turned into `RunOptions`
/// by one function, so a sweep's run is checked exactly as `record` checks it.
///
/// What a grid varies (mode, seed, clients, most tables, hold TTL) is each command's own: one
/// value in `record`, a list in `sweep`. `RecordArguments` (Sweeps) is the inverse: the
/// `record` arguments that give a `RunOptions`.
struct RunArguments: ParsableArguments {
    @Option(name: .customLong("restaurant"), help: "Run only this restaurant (repeatable).")
    var restaurants: [String] = []
    @Option(help: "Service date YYYY-MM-DD. (default: the scenario's)")
    var date: String?
    @Option(parsing: .unconditional, help: "Assign mode: passes of the assign loop (1...1000). (default: 6)")
    var maxIterations: Int?
    @Option(parsing: .unconditional, help: "Reserve mode: bookings to clone (at least 1). (default: 5)")
    var cloneLimit: Int?
    @Option(help: "Reserve mode: date of the bookings to clone. (default: the scenario's)")
    var sourceDate: String?
    @Option(help: "Reserve mode: clone bookings starting at or after HH:MM.")
    var sourceAfter: String?
    @Flag(
        help:
            "Reserve mode: keep tables already assigned in the restaurant (by the prefill or earlier clones) out of later quotes."
    )
    var avoidUsed = false
    @Option(
        help:
            "Reserve mode: assign (seat the day's bookings with the legacy loop first, a live floor), none (an empty floor) or real (seat the bookings an imported day gives tables on those tables). (default: assign)"
    )
    var prefill: Choice<RunOptions.Prefill>?
    @Option(
        help:
            "Reserve mode: the order clones are taken in: start (start time, then id) or arrival (the scenario's order; an imported day lists bookings as they arrived). (default: start)"
    )
    var cloneOrder: Choice<RunOptions.CloneOrder>?
    @Option(
        help:
            "Reserve mode: the share of confirmed clones (0...1) whose guest then edits them (party ±1-2 and/or a start moved within the service), racing the other clients. (default: 0)"
    )
    var editRate: Share?
    @Option(
        help:
            "Reserve mode: the share of confirmed clones of 2 (0...1) whose guest then cancels them; larger parties cancel more. (default: 0)"
    )
    var cancelRate: Share?
    @Flag(inversion: .prefixedNo, help: "Run the bruteforce coverage oracle.")
    var bruteforce = true
    @Option(
        help:
            "Where the oracle judges answers: every (each quote against its strategy's feasible sets, and every strategy at a booking's first quote) or first (a booking's first quote only). (default: every)"
    )
    var oracle: Choice<RunOptions.OracleScope>?
    @Option(
        help:
            "The allocator under test: a command speaking the engine protocol (docs/engine-protocol.md), run with /bin/sh -c. (default: the built-in allocator)"
    )
    var engine: String?
    @Option(
        parsing: .unconditional,
        help:
            "With --engine: seconds the engine may take to answer one request, or each line of a protocol-2 quotes (1...3600). (default: 10)"
    )
    var engineTimeout: Int?
    @Option(
        parsing: .unconditional,
        help:
            "With --engine: the newest engine protocol version offered (1...3); the engine chooses among 1 to this. (default: 3)"
    )
    var engineProtocol: Int?

    /// The options given that only reserve mode reads, by name; `clients`: whether the command's
    /// own `--clients` was given.
    func reserveOnlyGiven(clients: Bool) -> [String] {
        [
            ("--clone-limit", cloneLimit != nil), ("--source-date", sourceDate != nil),
            ("--source-after", sourceAfter != nil), ("--avoid-used", avoidUsed), ("--clients", clients),
            ("--prefill", prefill != nil), ("--clone-order", cloneOrder != nil), ("--edit-rate", editRate != nil),
            ("--cancel-rate", cancelRate != nil)
        ].filter(\.1).map(\.0)
    }

    /// The point of a grid a run sits at: what `record` takes as one value and `sweep` as a list.
    struct GridPoint {
        var mode: RunOptions.Mode
        var seed: Int
        /// Reserve mode's clients; nil for the default (and in assign mode, which has none).
        var clients: Int?
        var maxTables: Int
        var holdTTL: Int
    }

    /// The run these arguments give at `point`, every value checked (`command` names the command
    /// in a refusal). What the point's mode does not read is left at its default: `record`
    /// refuses it first, a sweep gives it to its runs of the other mode.
    func options(at point: GridPoint, command: String) throws -> RunOptions {
        if let oracle, oracle.word != RecordArguments.legacyOracle, !bruteforce {
            throw CommandFailure.badInput(
                "\(command): --oracle chooses where the oracle judges; --no-bruteforce turns it off; choose one")
        }
        if engineTimeout != nil && engine == nil {
            throw CommandFailure.badInput(
                "\(command): --engine-timeout goes with --engine (the built-in allocator has no timeout)")
        }
        if engineProtocol != nil && engine == nil {
            throw CommandFailure.badInput(
                "\(command): --engine-protocol goes with --engine (the built-in allocator speaks no protocol)")
        }
        let reserve = point.mode == .reserve
        for (flag, value, floor) in [
            ("--seed", point.seed, 0), ("--max-iterations", reserve ? 1 : maxIterations ?? 1, 1),
            ("--clone-limit", reserve ? cloneLimit ?? 1 : 1, 1), ("--clients", point.clients ?? 1, 1),
            ("--engine-timeout", engineTimeout ?? 1, 1), ("--max-tables", point.maxTables, 1),
            ("--hold-ttl", point.holdTTL, RunOptions.minimumHoldTTLSeconds)
        ] where value < floor {
            throw CommandFailure.badInput("\(command): \(flag) must be at least \(floor), found \(value)")
        }
        var options = RunOptions()
        options.mode = point.mode
        options.seed = UInt64(point.seed)
        options.maxTables = point.maxTables
        options.holdTTLSeconds = point.holdTTL
        options.restaurants = restaurants
        if reserve {
            try applyReserve(to: &options, clients: point.clients, command: command)
        } else {
            options.maxIterations = maxIterations ?? options.maxIterations
        }
        options.bruteforce = bruteforce
        if let oracle {
            // `legacy` (not in the help): a format-4-or-older capture's run (narrow busy lists, the
            // oracle at first quotes only), so a shrink or sweep row of such a capture records it again.
            options.oracle =
                oracle.word == RecordArguments.legacyOracle ? nil : try oracle.checked("--oracle", command: command)
        }
        options.engineCommand = engine
        options.engineTimeoutSeconds = engineTimeout ?? options.engineTimeoutSeconds
        options.engineProtocol = engineProtocol ?? options.engineProtocol
        if let date, !ServiceDate.isValid(date) {
            throw CommandFailure.badInput("\(command): --date must be a date YYYY-MM-DD, found \(date)")
        }
        options.date = date
        if let problem = options.problem() { throw CommandFailure.badInput("\(command): \(problem)") }
        return options
    }

    /// Reserve mode's options: the clones, the floor they compete on, their guests' changes.
    private func applyReserve(to options: inout RunOptions, clients: Int?, command: String) throws {
        options.cloneLimit = cloneLimit ?? options.cloneLimit
        options.avoidUsed = avoidUsed
        options.clients = clients ?? options.clients
        if let prefill {
            // `legacy` (not in the help): a format-3 capture's empty floor and (start, id) hand-out,
            // so a shrink or a sweep row of such a capture records the same run again.
            options.prefill =
                prefill.word == RecordArguments.legacyPrefill
                ? nil : try prefill.checked("--prefill", command: command)
        }
        if let cloneOrder { options.cloneOrder = try cloneOrder.checked("--clone-order", command: command) }
        try Share.checkChangeRates(edit: editRate ?? .zero, cancel: cancelRate ?? .zero, command: command)
        options.editRatePerMille = editRate?.perMille ?? 0
        options.cancelRatePerMille = cancelRate?.perMille ?? 0
        if let sourceDate, !ServiceDate.isValid(sourceDate) {
            throw CommandFailure.badInput("\(command): --source-date must be a date YYYY-MM-DD, found \(sourceDate)")
        }
        options.sourceDate = sourceDate
        if let sourceAfter {
            guard let minute = Self.minutes(sourceAfter) else {
                throw CommandFailure.badInput("\(command): --source-after must be a time HH:MM, found \(sourceAfter)")
            }
            options.sourceAfterMinute = minute
        }
    }

    /// What the options ask of the day: their restaurants in it, and a real floor for
    /// `--prefill real`.
    static func check(_ options: RunOptions, against scenario: Scenario, command: String) throws {
        let slugs = scenario.restaurants.map(\.restaurant.slug)
        for slug in options.restaurants where !slugs.contains(slug) {
            throw CommandFailure.badInput(
                "\(command): --restaurant \(slug) is not in scenario \(scenario.name) (it has \(slugs.joined(separator: ", ")))"
            )
        }
        if options.mode == .reserve && options.prefill == .real
            && !RunInputs.seedsRealFloor(scenario, options, onRunDate: true)
        {
            throw CommandFailure.badInput(
                "\(command): --prefill real seats bookings on their tables of the real floor, and this run has none "
                    + "(a day from `replay scenario import` gives them, as the bookings' \"tables\", on its date)")
        }
    }

    /// Minutes since midnight of `HH:MM` (or `H:MM`); nil for anything else.
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2, let h = Int(parts[0]),
            let m = Int(parts[1]),
            (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }
}
