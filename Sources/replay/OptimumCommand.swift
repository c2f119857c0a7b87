import CommandSupport
import ArgumentParser
import CanonicalJSON
import EventLog
import Foundation
import Optimum
import Projections
import Reports
import Allocation
import Replayer
import StressRunner

/// `replay optimum`: per restaurant, the most bookings any plan could have seated knowing the
/// whole day, beside what the run seated (docs/optimum.md).
struct OptimumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimum",
        abstract:
            "The best possible day: the most bookings any assignment could seat, from an exact MILP solved by COIN-OR CBC, beside the run's.",
        discussion:
            "Exit 0 with the figures, 1 when the capture is not a result (the optimum is shown, no gap), 2 when the solver is missing or the input is bad."
    )

    @Argument(help: "The capture (or use --scenario).") var capture: String?
    @Option(
        help: "A scenario file instead of a capture (assign mode's bookings on the service date; no run, so no gap).")
    var scenario: String?
    @Option(parsing: .unconditional, help: "With --scenario: most tables in one combination (1...5). (default: 4)")
    var maxTables: Int?
    @Option(help: "With --scenario: service date YYYY-MM-DD. (default: the scenario's)") var date: String?
    @Option(
        name: .customLong("restaurant"),
        help: "Only this restaurant (repeatable; its slug, from the capture or the scenario).") var restaurants:
        [String] = []
    @Option(help: "cbc (COIN-OR CBC).") var solver: String = "cbc"
    @Option(parsing: .unconditional, help: "Seconds the solver may take per restaurant (1...86400).") var timeLimit:
        Int = 60
    @Option(help: "bookings (then covers) or covers.") var objective = Choice<OptimumModel.Objective>(.bookings)
    @Flag(help: "Machine-readable output.") var json = false

    static let name = "replay optimum"

    /// What the command line says on its own, refused before anything is read or solved.
    func validate() throws {
        guard solver == "cbc" else {
            throw CommandFailure.badInput(
                "\(Self.name): --solver \(solver) is not supported; cbc is (HiGHS has no Debian 12 package, see docs/optimum.md)"
            )
        }
        guard (1...86_400).contains(timeLimit) else {
            throw CommandFailure.badInput("\(Self.name): --time-limit must be in 1...86400, found \(timeLimit)")
        }
        _ = try objective.checked("--objective", command: Self.name)
        switch (capture, scenario) {
        case (.some, nil):
            if date != nil || maxTables != nil {
                throw CommandFailure.badInput(
                    "\(Self.name): --date and --max-tables go with --scenario (a capture's run has its own)")
            }
        case (nil, .some): break
        default: throw CommandFailure.badInput("\(Self.name): give a capture or --scenario FILE (one of them)")
        }
    }

    func run() throws {
        let goal = try objective.checked("--objective", command: Self.name)
        let (state, condition, source) = try inputs()
        let solverCommand: OptimumSolver
        do { solverCommand = try OptimumSolver.cbc(timeLimitSeconds: timeLimit) } catch {
            throw CommandFailure.badInput("replay optimum: \(error)")
        }
        let maxTables = state.options?.maxTables ?? self.maxTables ?? 4
        let chosen = try chosenRestaurants(state, source: source)
        let models = chosen.map {
            OptimumModel.make(restaurant: $0, state: state, maxTables: maxTables, objective: goal)
        }
        let solutions: [OptimumSolver.Solution]
        Self.stopSolversOnSignals()
        // A line on a terminal while the restaurants are solved (the 50-restaurant day took a minute in silence).
        // Drawn from the solver workers' threads, one at a time under the lock.
        nonisolated(unsafe) let progress = Progress(enabled: Terminal.stderrIsTerminal)
        let drawing = NSLock()
        do {
            solutions = try solverCommand.solve(models) { solved, total in
                drawing.withLock {
                    progress.draw("replay optimum: \(solved)/\(total) restaurants solved", last: solved == total)
                }
            }
        } catch OptimumSolver.Failure.interrupted {
            // The signal's handler is ending the process with 128 + the signal; wait for it.
            while true { sleep(1) }
        } catch {
            throw CommandFailure.badInput("replay optimum: \(error)")
        }
        progress.finish()
        let hasRun = capture != nil
        let output = OptimumOutput(
            state: state, models: models, solutions: solutions, hasRun: hasRun, isResult: condition.isComplete,
            solver: solverCommand.identity, objective: goal, timeLimit: timeLimit, source: source)
        guard Terminal.out(json ? output.json : output.text) else {
            throw CommandFailure.badInput("replay optimum: stdout was closed")
        }
        if hasRun && !condition.isComplete {
            throw CommandFailure.found(
                "\(source): \(condition.text): the run's figures are not a result, so no gap is given")
        }
    }

    /// Signal sources kept for the rest of the process.
    nonisolated(unsafe) static var signalSources: [DispatchSourceSignal] = []

    /// SIGINT and SIGTERM end the solvers (their process and folder) before replay exits with
    /// 128 + the signal: Ctrl-C is an interruption, not "the solver failed", and nothing is left
    /// running or on disk. Handled on a queue, not in the signal handler, where killing and
    /// removing files is safe.
    static func stopSolversOnSignals() {
        guard signalSources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                OptimumSolver.stopAll()
                Terminal.error(
                    "replay optimum: interrupted (signal \(number)); the solvers were stopped and their files removed")
                Foundation.exit(128 + number)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// The restaurants to solve: all, or those `--restaurant` names (in the state's order). A
    /// capture's are filtered here; a scenario's were already seeded alone (`RunOptions.restaurants`).
    func chosenRestaurants(_ state: RunState, source: String) throws -> [RestaurantState] {
        guard !restaurants.isEmpty else { return state.restaurants }
        let known = state.restaurants.map(\.slug)
        if let unknown = restaurants.first(where: { !known.contains($0) }) {
            throw CommandFailure.badInput(
                "replay optimum: --restaurant \(unknown): \(source) has no such restaurant; it has "
                    + known.prefix(20).joined(separator: ", ")
                    + (known.count > 20 ? " and \(known.count - 20) more" : ""))
        }
        return state.restaurants.filter { restaurants.contains($0.slug) }
    }

    /// The folded state to optimise: a capture's, or a scenario's seed alone.
    func inputs() throws -> (RunState, CaptureCondition, String) {
        switch (capture, scenario) {
        case (let path?, nil):
            let reader = try openCapture(path)
            let outcome = try reading(path) { try Rebuilder.fold(reader) }
            switch outcome {
            case .violated(let violation, _): throw CommandFailure.found("\(path): \(violation)")
            case .consistent(let state, _, _): return (state, reader.condition, path)
            }
        case (nil, let file?):
            let loaded = try ScenarioSource.load(file)
            var options = RunOptions()
            options.maxTables = maxTables ?? 4
            options.date = date
            options.restaurants = restaurants
            if let problem = options.problem() { throw CommandFailure.badInput("replay optimum: \(problem)") }
            var state = RunState()
            for (index, event) in RunInputs.events(scenario: loaded, options: options, engine: nil).enumerated() {
                do { try state.apply(event, seq: index + 1) } catch {
                    throw CommandFailure.badInput("\(file): \(error)")
                }
            }
            return (state, .complete, file)
        default:
            throw CommandFailure.badInput("\(Self.name): give a capture or --scenario FILE (one of them)")
        }
    }
}

/// The figures of `replay optimum`, in words or JSON.
struct OptimumOutput {
    var state: RunState
    var models: [OptimumModel]
    var solutions: [OptimumSolver.Solution]
    var hasRun: Bool
    var isResult: Bool
    var solver: String
    var objective: OptimumModel.Objective
    var timeLimit: Int
    var source: String

    /// Bookings of the restaurant, the run's seated count, and the rows' totals.
    func seated(_ slug: String) -> Int { state.restaurant(slug)?.metrics.confirmed ?? 0 }
    func bookings(_ model: OptimumModel) -> Int { model.bookings.count }
    var showsGap: Bool { hasRun && isResult }

    /// Per restaurant, what an optimal plan seats that the run did not and what it gives up.
    var exchanges: [OptimumFigures.Exchange] {
        OptimumFigures.Exchange.all(plans: solutions.map { ($0.restaurant, $0.plan.map(\.booking)) }, state: state)
    }

    /// Bookings an optimal plan seats that the run did not confirm, with the plan's tables.
    var recoverable: [(restaurant: String, booking: BookingState, tables: [String])] {
        guard hasRun else { return [] }
        return OptimumRun.recoverable(models: models, solutions: solutions, state: state).compactMap { entry in
            state.booking(entry.booking).map { (entry.restaurant, $0, entry.tables) }
        }
    }

    var text: String {
        var table = [["restaurant", "bookings", "seated by the run", "optimum", "gap", "solver"]]
        var totalBookings = 0
        var totalSeated = 0
        var totalOptimum = 0
        var allProven = true
        for (model, solution) in zip(models, solutions) {
            let seated = seated(model.restaurant)
            totalBookings += bookings(model)
            totalSeated += seated
            totalOptimum += solution.seated
            allProven = allProven && solution.proven
            let status =
                solution.proven
                ? "proven"
                : solution.limitReached
                    ? "limit reached: a lower bound (the model lacks some sets)"
                    : "time limit: best found, bound \(solution.bound.map(String.init) ?? "unknown")"
            table.append([
                model.restaurant, String(bookings(model)), hasRun ? String(seated) : "-", String(solution.seated),
                showsGap ? OptimumFigures.gapText(seated: seated, optimum: solution.seated) : "-", status
            ])
        }
        table.append([
            "all", String(totalBookings), hasRun ? String(totalSeated) : "-", String(totalOptimum),
            showsGap ? OptimumFigures.gapText(seated: totalSeated, optimum: totalOptimum) : "-",
            allProven ? "proven" : "not all proven"
        ])
        var lines = [
            "optimum of \(source): \(solver), objective \(objective.rawValue), time limit \(timeLimit) s per restaurant"
        ]
        lines += TextTable.render(table, rightAligned: [1, 2, 3, 4])
        if hasRun && !isResult {
            lines.append("the capture is not a result: the run's seated figures are partial, and no gap is given")
        }
        if hasRun {
            for exchange in exchanges { lines.append("\(exchange.restaurant): an optimal plan \(exchange.text)") }
        }
        let missed = recoverable
        if !missed.isEmpty {
            lines.append("where an optimal plan seats the bookings the run did not (\(missed.count)):")
            var rows = [["restaurant", "start", "booking", "party", "plan", "the run"]]
            for entry in missed {
                rows.append([
                    entry.restaurant, ClockText.minutes(entry.booking.startMinute), entry.booking.id,
                    String(entry.booking.partySize),
                    entry.tables.joined(separator: "+"),
                    entry.booking.status.rawValue + (entry.booking.reason.map { " (\($0))" } ?? "")
                ])
            }
            lines += TextTable.render(rows, rightAligned: [3]).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var json: String {
        var w = JSONWriter()
        w.beginObject()
        w.field("source", source)
        w.field("solver", solver)
        w.field("objective", objective.rawValue)
        w.field("time_limit_seconds", timeLimit)
        w.field("complete", !hasRun || isResult)
        var totalBookings = 0
        var totalSeated = 0
        var totalOptimum = 0
        var allProven = true
        let exchanges = self.exchanges
        w.key("restaurants")
        w.beginArray()
        for (model, solution) in zip(models, solutions) {
            let seated = seated(model.restaurant)
            totalBookings += bookings(model)
            totalSeated += seated
            totalOptimum += solution.seated
            allProven = allProven && solution.proven
            w.beginObject()
            w.field("restaurant", model.restaurant)
            w.field("bookings", bookings(model))
            w.key("seated")
            if hasRun { w.int(seated) } else { w.null() }
            w.field("optimum", solution.seated)
            w.field("proven", solution.proven)
            w.key("bound")
            if let bound = solution.bound { w.int(bound) } else { w.null() }
            w.key("gap_bp")
            if showsGap, let bp = Ratio.basisPoints(solution.seated - seated, of: solution.seated) {
                w.int(bp)
            } else if showsGap {
                w.int(0)
            } else {
                w.null()
            }
            w.key("exchange")
            if hasRun {
                let exchange = exchanges.first { $0.restaurant == model.restaurant }
                w.beginObject()
                w.field("seats", exchange?.seats ?? [])
                w.field("gives_up", exchange?.givesUp ?? [])
                w.field("net", exchange?.net ?? 0)
                w.endObject()
            } else {
                w.null()
            }
            w.endObject()
        }
        w.endArray()
        w.key("totals")
        w.beginObject()
        w.field("bookings", totalBookings)
        w.key("seated")
        if hasRun { w.int(totalSeated) } else { w.null() }
        w.field("optimum", totalOptimum)
        w.field("proven", allProven)
        w.key("gap_bp")
        if showsGap { w.int(Ratio.basisPoints(totalOptimum - totalSeated, of: totalOptimum) ?? 0) } else { w.null() }
        w.endObject()
        w.key("recoverable")
        w.beginArray()
        for entry in recoverable {
            w.beginObject()
            w.field("restaurant", entry.restaurant)
            w.field("booking", entry.booking.id)
            w.field("tables", entry.tables)
            w.field("run_status", entry.booking.status.rawValue)
            w.field("run_reason", entry.booking.reason)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.string + "\n"
    }
}
