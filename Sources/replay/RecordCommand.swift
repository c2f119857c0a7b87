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
    @Option(help: "assign (the legacy loop) or reserve (the create flow).")
    var mode = Choice<RunOptions.Mode>(.assign)
    @Option(parsing: .unconditional, help: "Most tables in one combination (1...5).") var maxTables: Int = 4
    @Option(parsing: .unconditional, help: "Hold time-to-live in virtual seconds (30...86400).") var holdTtl: Int = 180
    @Option(parsing: .unconditional, help: "Reserve mode: concurrent virtual clients (1...64). (default: 1)")
    var clients: Int?
    @OptionGroup var runArguments: RunArguments
    @Option(parsing: .unconditional, help: "Simulate a crash when event SEQ is about to be written (at least 1).")
    var failAt: Int?
    @Option(help: "Capture path. (default: captures/<UTC time>-<scenario>-<mode>.db)") var out: String?
    @Option(help: "Folder for the reports.") var reports: String = "reports"
    @Flag(help: "Write no reports (sweeps and shrinks record this way; the capture is the same).") var noReports = false
    @Option(
        help:
            "How the HTML report draws floor timelines: auto (SVG for a day of up to 40 restaurants and 2,000 bookings, drawn by the page's script when a section is opened above that), svg or script."
    ) var floors = Choice<FloorDrawing>(.auto)
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

    static let name = "replay record"

    /// Everything the command line says on its own is checked before anything runs: nothing is
    /// silently ignored, and each refusal names its option.
    func validate() throws {
        _ = try runOptions()
        _ = try gates()
    }

    /// The run the command line asks for: what does not apply to the mode, conflicting flags and
    /// values outside their range or set are refused, each named. The scenario's own checks
    /// (`RunArguments.check`) come once it is loaded.
    func runOptions() throws -> RunOptions {
        let mode = try self.mode.checked("--mode", command: Self.name)
        let reserveOnly = runArguments.reserveOnlyGiven(clients: clients != nil)
        if mode == .assign && !reserveOnly.isEmpty {
            throw CommandFailure.badInput(
                "\(Self.name): \(reserveOnly.joined(separator: ", ")) \(reserveOnly.count == 1 ? "applies" : "apply") to --mode reserve only"
            )
        }
        if mode == .reserve && runArguments.maxIterations != nil {
            throw CommandFailure.badInput("\(Self.name): --max-iterations applies to --mode assign only")
        }
        if quiet && verbose {
            throw CommandFailure.badInput("\(Self.name): --quiet and --verbose contradict each other; choose one")
        }
        if quiet && json {
            throw CommandFailure.badInput("\(Self.name): --json already prints only the JSON summary; drop --quiet")
        }
        _ = try floors.checked("--floors", command: Self.name)
        if reports.isEmpty {
            throw CommandFailure.badInput(
                "\(Self.name): --reports names a folder, found an empty name (--no-reports writes none)")
        }
        if noReports && reports != "reports" {
            throw CommandFailure.badInput("\(Self.name): --no-reports and --reports contradict each other; choose one")
        }
        if let failAt, failAt < 1 {
            throw CommandFailure.badInput("\(Self.name): --fail-at must be at least 1, found \(failAt)")
        }
        return try runArguments.options(
            at: .init(mode: mode, seed: seed, clients: clients, maxTables: maxTables, holdTTL: holdTtl),
            command: Self.name)
    }

    /// The `--expect` gates, parsed.
    func gates() throws -> [Expectation] {
        try expectations.map { text in
            switch Expectation.parse(text) {
            case .success(let gate): return gate
            case .failure(let error): throw CommandFailure.badInput("\(Self.name): --expect \(error)")
            }
        }
    }

    func run() throws {
        let gates = try gates()
        try CIOutput.check(junit, command: "record")
        let optimumSolver = optimum || gates.contains { $0.metric == .gap } ? try OptimumRun.solver(timeLimit: 60) : nil
        let loaded = try ScenarioSource.load(scenario)
        let options = try runOptions()
        try RunArguments.check(options, against: loaded, command: Self.name)
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
        context.floors = try floors.checked("--floors", command: Self.name)
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
