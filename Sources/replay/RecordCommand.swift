import Sweeps
import CommandSupport
import Allocation
import ArgumentParser
import EventLog
import Foundation
import Projections
import Reports
import Scenarios
import StressRunner
import Synchronization

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Seed a scenario, run the stress test, write the capture and the reports.",
        discussion: "Failed bookings are results, not errors: exit 0 when the run completed."
    )

    @Option(help: "Scenario JSON file. (default: the built-in scenario `default`)") var scenario: String?
    @Option(parsing: .unconditional, help: "Seed of the run's random streams (0 or more).") var seed: Int = 1
    @Option(help: "assign (the legacy loop) or reserve (the create flow).") var mode: String = "assign"
    @Option(name: .customLong("restaurant"), help: "Run only this restaurant (repeatable).") var restaurants: [String] =
        []
    @Option(help: "Service date YYYY-MM-DD. (default: the scenario's)") var date: String?
    @Option(parsing: .unconditional, help: "Assign mode: passes of the assign loop (1...1000). (default: 6)")
    var maxIterations: Int?
    @Option(parsing: .unconditional, help: "Most tables in one combination (1...5).") var maxTables: Int = 4
    @Option(parsing: .unconditional, help: "Hold time-to-live in virtual seconds (30...86400).") var holdTtl: Int = 180
    @Option(parsing: .unconditional, help: "Reserve mode: bookings to clone (at least 1). (default: 5)") var cloneLimit:
        Int?
    @Option(help: "Reserve mode: date of the bookings to clone. (default: the scenario's)") var sourceDate: String?
    @Option(help: "Reserve mode: clone bookings starting at or after HH:MM.") var sourceAfter: String?
    @Flag(
        help:
            "Reserve mode: keep tables already assigned in the restaurant (by the prefill or earlier clones) out of later quotes."
    ) var avoidUsed = false
    @Option(parsing: .unconditional, help: "Reserve mode: concurrent virtual clients (1...64). (default: 1)")
    var clients: Int?
    @Option(
        help:
            "Reserve mode: assign (seat the day's bookings with the legacy loop first, a live floor), none (an empty floor) or real (seat the bookings an imported day gives tables on those tables). (default: assign)"
    ) var prefill: String?
    @Option(
        help:
            "Reserve mode: the order clones are taken in: start (start time, then id) or arrival (the scenario's order; an imported day lists bookings as they arrived). (default: start)"
    )
    var cloneOrder: String?
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
    @Flag(inversion: .prefixedNo, help: "Run the bruteforce coverage oracle.") var bruteforce = true
    @Option(
        help:
            "Where the oracle judges answers: every (each quote against its strategy's feasible sets, and every strategy at a booking's first quote) or first (a booking's first quote only). (default: every)"
    )
    var oracle: String?
    @Option(
        help:
            "The allocator under test: a command speaking the engine protocol (docs/engine-protocol.md), run with /bin/sh -c. Default: the built-in allocator."
    )
    var engine: String?
    @Option(
        parsing: .unconditional,
        help:
            "With --engine: seconds the engine may take to answer one request, or each line of a protocol-2 quotes (1...3600). (default: 10)"
    ) var engineTimeout: Int?
    @Option(
        parsing: .unconditional,
        help:
            "With --engine: the newest engine protocol version offered (1...3); the engine chooses among 1 to this. (default: 3)"
    ) var engineProtocol: Int?
    @Option(parsing: .unconditional, help: "Simulate a crash when event SEQ is about to be written (at least 1).")
    var failAt: Int?
    @Option(help: "Capture path. (default: captures/<UTC time>-<scenario>-<mode>.db)") var out: String?
    @Option(help: "Folder for the reports.") var reports: String = "reports"
    @Flag(help: "Write no reports (sweeps and shrinks record this way; the capture is the same).") var noReports = false
    @Option(
        help:
            "How the HTML report draws floor timelines: auto (SVG for a day of up to 40 restaurants and 2,000 bookings, drawn by the page's script when a section is opened above that), svg or script."
    ) var floors: String = "auto"
    @Flag(help: "One line per attempt on stderr.") var verbose = false
    @Flag(help: "Print nothing but errors.") var quiet = false
    @Flag(help: "Print a machine-readable summary on stdout.") var json = false
    @Option(
        name: .customLong("expect"),
        help:
            "A CI gate on the result (repeatable): METRIC OP VALUE, e.g. 'success>=85%', 'phantom==0', 'unsound==0', 'conflicts<=10'. Exit 1 when one fails."
    )
    var expectations: [String] = []
    @Flag(
        help:
            "Also solve the best possible day (replay optimum) and put it in the reports; implied by --expect 'gap...'."
    ) var optimum = false
    @Option(
        help:
            "Also write the expectations' results as JUnit XML to this file (one test case per --expect; a failure holds the command that reproduces it)."
    )
    var junit: String?
    /// Test hooks (hidden): commit cadence for crash tests, a page limit to simulate a full disk.
    @Option(help: .hidden) var batchSize: Int = 4096
    @Option(help: .hidden) var maxPageCount: Int?

    /// Refuses what does not apply to the mode, conflicting flags and numbers below their floor,
    /// naming each: nothing is silently ignored.
    func checkCommandLine(mode parsedMode: RunOptions.Mode) throws {
        let reserveOnly = [
            ("--clone-limit", cloneLimit != nil), ("--source-date", sourceDate != nil),
            ("--source-after", sourceAfter != nil),
            ("--avoid-used", avoidUsed), ("--clients", clients != nil), ("--prefill", prefill != nil),
            ("--clone-order", cloneOrder != nil), ("--edit-rate", editRate != nil), ("--cancel-rate", cancelRate != nil)
        ].filter(\.1).map(\.0)
        if parsedMode == .assign && !reserveOnly.isEmpty {
            throw CommandFailure.badInput(
                "replay record: \(reserveOnly.joined(separator: ", ")) \(reserveOnly.count == 1 ? "applies" : "apply") to --mode reserve only"
            )
        }
        if parsedMode == .reserve && maxIterations != nil {
            throw CommandFailure.badInput("replay record: --max-iterations applies to --mode assign only")
        }
        if quiet && verbose {
            throw CommandFailure.badInput("replay record: --quiet and --verbose contradict each other; choose one")
        }
        if quiet && json {
            throw CommandFailure.badInput("replay record: --json already prints only the JSON summary; drop --quiet")
        }
        guard FloorDrawing(rawValue: floors) != nil else {
            throw CommandFailure.badInput("replay record: --floors must be auto, svg or script, found \(floors)")
        }
        if oracle != nil && oracle != RecordArguments.legacyOracle && !bruteforce {
            throw CommandFailure.badInput(
                "replay record: --oracle chooses where the oracle judges; --no-bruteforce turns it off; choose one")
        }
        if engineTimeout != nil && engine == nil {
            throw CommandFailure.badInput(
                "replay record: --engine-timeout goes with --engine (the built-in allocator has no timeout)")
        }
        if engineProtocol != nil && engine == nil {
            throw CommandFailure.badInput(
                "replay record: --engine-protocol goes with --engine (the built-in allocator speaks no protocol)")
        }
        if reports.isEmpty {
            throw CommandFailure.badInput(
                "replay record: --reports names a folder, found an empty name (--no-reports writes none)")
        }
        if noReports && reports != "reports" {
            throw CommandFailure.badInput("replay record: --no-reports and --reports contradict each other; choose one")
        }
        for (flag, value, floor) in [
            ("--seed", seed, 0), ("--max-iterations", maxIterations ?? 1, 1), ("--clone-limit", cloneLimit ?? 1, 1),
            ("--clients", clients ?? 1, 1), ("--fail-at", failAt ?? 1, 1), ("--engine-timeout", engineTimeout ?? 1, 1),
            ("--max-tables", maxTables, 1), ("--hold-ttl", holdTtl, RunOptions.minimumHoldTTLSeconds)
        ] where value < floor {
            throw CommandFailure.badInput("replay record: \(flag) must be at least \(floor), found \(value)")
        }
    }

    func runOptions(scenario: Scenario) throws -> RunOptions {
        var options = RunOptions()
        guard let parsedMode = RunOptions.Mode(rawValue: mode) else {
            throw CommandFailure.badInput("replay record: --mode must be assign or reserve, found \(mode)")
        }
        try checkCommandLine(mode: parsedMode)
        options.mode = parsedMode
        options.seed = UInt64(seed)
        options.maxIterations = maxIterations ?? options.maxIterations
        options.maxTables = maxTables
        options.holdTTLSeconds = holdTtl
        options.cloneLimit = cloneLimit ?? options.cloneLimit
        options.avoidUsed = avoidUsed
        options.clients = clients ?? options.clients
        if let prefill {
            // `legacy` (not in the help): a format-3 capture's empty floor and (start, id) hand-out,
            // so a shrink or a sweep row of such a capture records the same run again.
            if prefill == RecordArguments.legacyPrefill {
                options.prefill = nil
            } else {
                guard let parsed = RunOptions.Prefill(rawValue: prefill) else {
                    throw CommandFailure.badInput(
                        "replay record: --prefill must be assign, none or real, found \(prefill)")
                }
                options.prefill = parsed
            }
        }
        if let cloneOrder {
            guard let parsed = RunOptions.CloneOrder(rawValue: cloneOrder) else {
                throw CommandFailure.badInput(
                    "replay record: --clone-order must be start or arrival, found \(cloneOrder)")
            }
            options.cloneOrder = parsed
        }
        try Share.checkChangeRates(edit: editRate ?? .zero, cancel: cancelRate ?? .zero, command: "replay record")
        options.editRatePerMille = editRate?.perMille ?? 0
        options.cancelRatePerMille = cancelRate?.perMille ?? 0
        options.bruteforce = bruteforce
        if oracle == RecordArguments.legacyOracle {
            // `legacy` (not in the help): a format-4-or-older capture's run (narrow busy lists, the
            // oracle at first quotes only), so a shrink or sweep row of such a capture records it again.
            options.oracle = nil
        } else if let oracle {
            guard let scope = RunOptions.OracleScope(rawValue: oracle) else {
                throw CommandFailure.badInput("replay record: --oracle must be every or first, found \(oracle)")
            }
            options.oracle = scope
        }
        options.engineCommand = engine
        options.engineTimeoutSeconds = engineTimeout ?? options.engineTimeoutSeconds
        options.engineProtocol = engineProtocol ?? options.engineProtocol
        for (flag, value) in [("--date", date), ("--source-date", sourceDate)] {
            if let value, !ServiceDate.isValid(value) {
                throw CommandFailure.badInput("replay record: \(flag) must be a date YYYY-MM-DD, found \(value)")
            }
        }
        options.date = date
        options.sourceDate = sourceDate
        if let sourceAfter {
            guard let minute = Self.minutes(sourceAfter) else {
                throw CommandFailure.badInput(
                    "replay record: --source-after must be a time HH:MM, found \(sourceAfter)")
            }
            options.sourceAfterMinute = minute
        }
        let slugs = scenario.restaurants.map(\.restaurant.slug)
        for slug in restaurants where !slugs.contains(slug) {
            throw CommandFailure.badInput(
                "replay record: --restaurant \(slug) is not in scenario \(scenario.name) (it has \(slugs.joined(separator: ", ")))"
            )
        }
        options.restaurants = restaurants
        if options.mode == .reserve && options.prefill == .real
            && !RunInputs.seedsRealFloor(scenario, options, onRunDate: true)
        {
            throw CommandFailure.badInput(
                "replay record: --prefill real seats bookings on their tables of the real floor, and this run has none "
                    + "(a day from `replay scenario import` gives them, as the bookings' \"tables\", on its date)")
        }
        if let problem = options.problem() { throw CommandFailure.badInput("replay record: \(problem)") }
        return options
    }

    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2, let h = Int(parts[0]),
            let m = Int(parts[1]),
            (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        return h * 60 + m
    }

    func run() throws {
        var gates: [Expectation] = []
        for text in expectations {
            switch Expectation.parse(text) {
            case .success(let gate): gates.append(gate)
            case .failure(let error): throw CommandFailure.badInput("replay record: --expect \(error)")
            }
        }
        try CIOutput.check(junit, command: "record")
        let optimumSolver = optimum || gates.contains { $0.metric == .gap } ? try OptimumRun.solver(timeLimit: 60) : nil
        let loaded = try ScenarioSource.load(scenario)
        let options = try runOptions(scenario: loaded)
        var stem =
            out.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
            ?? Recorder.defaultStem(scenario: loaded.name, mode: options.mode)
        // Two runs in one second name their default captures apart (`-2`, `-3`, …): only a
        // capture path the user chose is refused when it exists.
        if out == nil {
            let base = stem
            var number = 1
            while FileManager.default.fileExists(atPath: "captures/\(stem).db") {
                number += 1
                stem = "\(base)-\(number)"
            }
        }
        let path = out ?? "captures/\(stem).db"
        let reportsExisted = noReports || FileManager.default.fileExists(atPath: reports)
        try OutputFolders.prepare(capture: path, reports: noReports ? "" : reports)
        // A run that ends without reports (interrupted, failed) leaves no empty folder it made.
        defer {
            if !reportsExisted, (try? FileManager.default.contentsOfDirectory(atPath: reports))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: reports)
            }
        }
        let workload = RunInputs.workload(loaded, options)
        if workload.inRun == 0 {
            switch options.mode {
            case .assign:
                throw CommandFailure.badInput(
                    "replay record: nothing to do: no booking of scenario \(loaded.name) is on \(options.date ?? loaded.date)"
                        + (options.restaurants.isEmpty ? "" : " in \(options.restaurants.joined(separator: ", "))")
                        + " (use --date)")
            case .reserve:
                throw CommandFailure.badInput(
                    "replay record: nothing to clone: no booking on \(options.sourceDate ?? loaded.date) starts at or after \(ClockText.minutes(options.sourceAfterMinute))"
                        + " (use --source-date, --source-after)")
            }
        }
        if workload.otherDates > 0 && !quiet && !json {
            Terminal.error(
                "note: \(workload.otherDates) bookings on other dates than \(options.date ?? loaded.date) are seeded but not run (assign mode runs the service date's bookings)"
            )
        }
        // Before the engine starts: an interrupt then reaches replay, which ends the engine's group.
        Interruption.install()
        let engine = try EngineLauncher.start(options, capturePath: path, verbose: verbose)
        defer { engine?.finish() }
        let progress = Progress(enabled: !quiet && !json && Terminal.stderrIsTerminal)
        let result: Recorder.Result
        do {
            result = try Recorder.record(
                scenario: loaded, options: options, path: path, engine: engine, failAt: failAt, batchSize: batchSize,
                maxPageCount: maxPageCount, extraMeta: [("build_id", BuildIdentity.current)]
            ) { run in
                if verbose { run.onAttempt = { Terminal.error($0) } }
                run.onProgress = { progress.update($0) }
            }
        } catch {
            progress.finish()
            switch error {
            case .simulatedCrash: throw CommandFailure.found(error.description)
            case .invariant: throw CommandFailure.found(error.description)
            case .capture: throw CommandFailure.badInput(error.description)
            case .interrupted(_, _, let signal):
                engine?.kill()
                Terminal.error(error.description)
                throw ExitCode(128 + signal)
            case .engine(let path, let failure):
                engine?.kill()
                throw CommandFailure.badInput(
                    "engine '\(options.engineCommand ?? "?")' failed: \(failure); \(path) is marked aborted, not a result (engine log: \(engine?.logPath ?? "-"))"
                )
            }
        }
        progress.finish()
        if !result.isSingleFile {
            Terminal.error(
                "\(path): complete, but \(result.singleFileProblem ?? "readers held it open"), so it stayed in WAL mode: keep \(path)-wal with it"
            )
        }
        var context = ReportContext(
            capturePath: path, stem: stem, state: result.state, eventCount: result.eventCount,
            headHash: result.headHash, toolVersion: ToolVersion.current, recordedAt: result.recordedAt,
            elapsedMilliseconds: result.elapsedMilliseconds, status: CaptureStatus.complete.rawValue,
            explainingFailures: !noReports)
        if let optimumSolver { context.optimum = try OptimumRun.figures(result.state, solver: optimumSolver) }
        context.floors = FloorDrawing(rawValue: floors) ?? .auto  // checked in run()
        let written = noReports ? [] : try ReportFiles.write(context, folder: reports)
        let outcomes = gates.map { $0.judge(result.state.overall, optimum: context.optimum?.optimum) }
        if json {
            Terminal.out(Summary.json(context, reports: written, expectations: outcomes))
        } else if !quiet {
            Terminal.out(Summary.text(context, reports: written, colour: Terminal.useColour))
            for outcome in outcomes where outcome.holds {
                Terminal.out("expectation met: \(outcome.expectation.text) (measured \(outcome.measuredText))\n")
            }
        }
        if let failAt {
            throw CommandFailure.badInput(
                "replay record: --fail-at \(failAt) never fired: the run finished first, with \(result.eventCount) events; \(path) is complete"
            )
        }
        let engineOption = options.engineCommand.map { "--engine \(RecordArguments.shellQuoted($0)) " } ?? ""
        let reproduce =
            "replay run \(engineOption)\(RecordArguments.shellQuoted(path)) (re-executes this run bit for bit); "
            + "replay report \(RecordArguments.shellQuoted(path)) (its reports)"
        try CIOutput.emit(
            JUnitReport(
                suiteName: "replay record \(path)",
                cases: outcomes.map { outcome in
                    JUnitReport.TestCase(
                        name: "expect \(outcome.expectation.text)", className: "replay.record",
                        failure: outcome.holds ? nil : ("measured \(outcome.measuredText)", reproduce))
                }), to: junit, stdoutIsJSON: json)
        let failed = outcomes.filter { !$0.holds }
        if !failed.isEmpty {
            // One line per gate that failed (each a line of its own, as `Terminal.error` keeps every line one).
            for outcome in failed {
                Terminal.error("expectation failed: \(outcome.expectation.text) (measured \(outcome.measuredText))")
            }
            throw ExitCode(1)
        }
    }
}

/// Starts the outside engine of a run (`--engine`), or nothing for the built-in allocator.
enum EngineLauncher {
    /// The engine's stderr goes to `<capture>.engine.log`; `--verbose` shows it live.
    static func start(_ options: RunOptions, capturePath: String, verbose: Bool) throws -> ProcessEngine? {
        guard let command = options.engineCommand else { return nil }
        let logPath = capturePath + ".engine.log"
        do {
            let engine = try ProcessEngine(
                command: command, timeoutSeconds: options.engineTimeoutSeconds, maxTables: options.maxTables,
                logPath: logPath, toolVersion: ToolVersion.current, protocols: Array(1...options.engineProtocol),
                asksOnce: true)
            if verbose { engine.onLogLine = { Terminal.error("engine: " + $0) } }
            return engine
        } catch {
            throw CommandFailure.badInput(
                "engine '\(command)' failed: \(error); nothing was recorded (engine log: \(logPath))")
        }
    }
}

/// Creates the capture's and the reports' folders when missing; refuses what cannot work
/// before anything is written.
enum OutputFolders {
    static func prepare(capture path: String, reports: String) throws {
        let captureFolder = (path as NSString).deletingLastPathComponent
        for folder in [captureFolder, reports] where !folder.isEmpty {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw CommandFailure.badInput("\(folder): is a file, expected a folder")
                }
                guard FileManager.default.isWritableFile(atPath: folder) else {
                    throw CommandFailure.badInput("\(folder): folder is not writable")
                }
                continue
            }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CommandFailure.badInput("\(folder): cannot create the folder (\(error.localizedDescription))")
            }
        }
        if FileManager.default.fileExists(atPath: path) {
            throw CommandFailure.badInput("\(path): already exists; choose another --out or remove the file")
        }
    }
}

/// Writes the md, json and html reports (and checks each write), on two threads: the JSON (its
/// pretty layout costs the most) on one; the HTML and md on the other. All three are written
/// even when an interrupt arrives meanwhile: the capture they describe is complete. The three
/// are a set: when one cannot be written (a full disk), those written are removed, so no lone
/// report is left to be read as the run's.
enum ReportFiles {
    static func write(_ context: ReportContext, folder: String) throws -> [String] {
        let paths = ["md", "json", "html"].map { (folder as NSString).appendingPathComponent("\(context.stem).\($0)") }
        let failures = Mutex<[CommandFailure?]>([nil, nil])
        let written = Mutex<[Bool]>([false, false, false])
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            do {
                if worker == 0 {
                    try OutputFile.write(JSONReport.render(context), to: paths[1])
                    written.withLock { $0[1] = true }
                } else {
                    try OutputFile.write(HTMLReport.render(context), to: paths[2])
                    written.withLock { $0[2] = true }
                    try OutputFile.write(MarkdownReport.render(context), to: paths[0])
                    written.withLock { $0[0] = true }
                }
            } catch {
                failures.withLock { $0[worker] = error as? CommandFailure ?? CommandFailure.badInput("\(error)") }
            }
        }
        if let failure = failures.withLock({ $0.compactMap { $0 }.first }) {
            for (path, done) in zip(paths, written.withLock { $0 }) where done { unlink(path) }
            throw failure
        }
        return paths
    }
}
