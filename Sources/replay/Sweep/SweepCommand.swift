import Sweeps
import CommandSupport
import ArgumentParser
import EventLog
import Foundation
import Optimum
import Scenarios
import StressRunner

/// `replay sweep`: many recordings over a grid of seeds and options, checked and judged together
/// (swarm testing); `replay sweep merge` joins the shards of one sweep.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Record and check a grid of runs (seeds × options × scenarios) in parallel; report the distribution.",
        subcommands: [Run.self, Merge.self],
        defaultSubcommand: Run.self
    )

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a sweep (the default: `replay sweep --seeds 1..100 …`).",
            discussion:
                "Exit 0 when every run completed and passed every check (and every --expect held), 1 otherwise, 2 on bad input."
        )

        @Option(parsing: .unconditional, help: "Seeds A..B (inclusive) or one seed.") var seeds: String = "1..10"
        @Option(help: "Grid: modes, comma-separated (assign,reserve).") var mode: String = "assign"
        @Option(help: "Grid: reserve mode's client counts, comma-separated (1,4,8).") var clients: String?
        @Option(help: "Grid: most tables in one combination, comma-separated (2,3,4).") var maxTables: String = "4"
        @Option(help: "Grid: hold time-to-live in virtual seconds, comma-separated.") var holdTtl: String = "180"
        @Option(
            name: .customLong("scenario"), help: "Grid: a scenario file (repeatable; default: the built-in scenario).")
        var scenarios: [String] = []
        @Option(
            name: .customLong("generate"),
            help:
                "Grid: a generated scenario RESTAURANTS:BOOKINGS[:SEED] (repeatable; without SEED each run generates its own day from the run's seed)."
        ) var generated: [String] = []
        /// `record`'s run options, given to every run of the grid.
        @OptionGroup var runArguments: RunArguments
        @Flag(help: "Solve every run's best possible day (implied by a gap gate).") var optimum = false
        @Option(help: "Checks per run, comma-separated: invariants, oracle, reproduce.") var check: String =
            "invariants,oracle"
        @Option(
            name: .customLong("jobs"), parsing: .unconditional,
            help: "Worker processes, at most 256. (default: the core count)")
        var workerProcesses: Int?
        var jobs: Int { workerProcesses ?? min(256, ProcessInfo.processInfo.activeProcessorCount) }
        @Option(
            help:
                "Output folder, new or empty; for a shard, the parent of its folder sweep-<id>-shard-K-of-N. (default: sweeps/<UTC time>, or sweeps for a shard)"
        )
        var out: String?
        @Option(help: "Captures to keep in the output folder: failing, all or none.")
        var keep = Choice<SweepDefinition.Keep>(.failing)
        @Option(
            name: .customLong("expect"),
            help:
                "A gate on the distribution (repeatable): 'success.p10>=80%' (min, p10, p50, p90, max), or 'phantom==0' for every run."
        )
        var expectations: [String] = []
        @Option(help: "Run only the K-th of N slices of the grid (K/N), for sweeps spread over machines.") var shard:
            String?
        @Flag(
            help:
                "Read the shard from the scheduler: SLURM_ARRAY_TASK_ID (from 1), JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX (from 0)."
        )
        var shardFromEnv = false
        @Option(
            parsing: .unconditional,
            help:
                "With --shard-from-env: the number of shards, where the scheduler does not give it (Kubernetes) or a rerun submits fewer tasks."
        )
        var shardCount: Int?
        @Flag(help: "Print nothing but errors and the failing runs.") var quiet = false
        @Option(
            help:
                "Also write the results as JUnit XML to this file (one test case per run and per --expect; a failure holds the command that reproduces it)."
        )
        var junit: String?
        @Option(
            help:
                "A folder of transcripts (engine check --failing-examples, shrink --quote) asked of --engine before the grid: one that still fails stops the sweep (exit 1) before any run."
        )
        var failingExamples: String?

        func run() throws {
            try CIOutput.check(junit, command: "sweep")
            let definition = try makeDefinition()
            let sharding = try shardReading()
            if let failingExamples, let engine = definition.base.engineCommand {
                let files = try TranscriptFiles.list(failingExamples)
                if !files.isEmpty {
                    // Known failures first, as Hypothesis replays its database: a regression shows in seconds, not after the grid.
                    let saved = try TranscriptFiles.replay(
                        files, command: engine, timeoutSeconds: definition.base.engineTimeoutSeconds)
                    if saved.failing > 0 || !quiet {
                        Terminal.out(
                            "failing examples (\(failingExamples)): \(files.count - saved.failing) of \(files.count) pass now\n"
                                + saved.lines.joined(separator: "\n") + "\n")
                    }
                    if saved.failing > 0 {
                        throw CommandFailure.found(
                            "replay sweep: \(saved.failing) failing example\(saved.failing == 1 ? "" : "s") of \(failingExamples) still fail; "
                                + "the grid did not run (fix them, or drop --failing-examples)")
                    }
                }
            }
            let shard = sharding?.shard ?? .whole
            let solver = definition.optimum ? try OptimumRun.solver(timeLimit: 60) : nil
            // A shard writes under a private attempt name and is published whole at the end.
            let shardFolder = sharding.map { ShardFolder(definitionText: definition.canonicalText, shard: $0.shard) }
            let parent = out ?? "sweeps"
            let folder =
                try shardFolder.map { try $0.beginAttempt(under: parent) } ?? out ?? "sweeps/" + Self.timestamp()
            let abandon = { if shardFolder != nil { try? FileManager.default.removeItem(atPath: folder) } }
            let noResult =
                shardFolder == nil ? "\(folder) holds no result (no sweep.db)" : "shard \(shard.text) wrote no result"
            do { try SweepFolder.create(folder, scenarios: definition.scenarios) } catch {
                abandon()
                throw error
            }
            defer { SweepFolder.release(folder) }
            let cells = definition.cells().filter { shard.contains(position: $0.position) }
            Interruption.install()
            let runner = SweepRunner(folder: folder, checks: definition.checks, keep: definition.keep, solver: solver)
            let progress = SweepProgress(total: cells.count, enabled: !quiet && Terminal.stderrIsTerminal)
            let started = ContinuousClock.now
            let scratch = (folder as NSString).appendingPathComponent(".scratch")
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let results: [SweepRow?]
            do {
                results = try WorkerPool.map(
                    count: cells.count, jobs: jobs, { try runner.run(cells[$0]) },
                    onResult: { _, row in progress.finished(row) })
            } catch let failure as CommandFailure {
                progress.finish()
                abandon()
                throw CommandFailure(code: failure.code, message: failure.message + "; the sweep stopped: " + noResult)
            }
            progress.finish()
            if let signal = Interruption.signal {
                abandon()
                Terminal.error(
                    "replay sweep: interrupted after \(results.count { $0 != nil }) of \(cells.count) runs; " + noResult
                )
                throw ExitCode(128 + signal)
            }
            let elapsed = ContinuousClock.now - started
            let wall =
                Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
            let rows = results.compactMap { $0 }
            var meta = SweepFolder.meta(definition: definition, shard: shard)
            if let sharding {
                meta.append(
                    (
                        "shard_source",
                        sharding.scheduler == "--shard" ? "--shard" : "\(sharding.scheduler) \(sharding.variable)"
                    ))
                meta.append(("shard_command", SweepRerun.commandWithoutShard(Array(CommandLine.arguments.dropFirst()))))
            }
            // Axes and gates read back from the stored definition, as `merge` reads them: one
            // source, so a merged sweep's reports equal this one's.
            let parts = SweepFolder.definitionParts(definition.canonicalText) ?? (axes: [], expectations: [])
            let publish = shardFolder.map { shardFolder in
                { () throws -> String in try shardFolder.publish(attempt: folder, under: parent) }
            }
            do {
                try SweepFolder.writeResults(
                    folder, meta: meta, rows: rows, definitionText: definition.canonicalText, axes: parts.axes,
                    expectations: parts.expectations, wallMilliseconds: wall, quiet: quiet, jobs: jobs, junit: junit,
                    publish: publish)
            } catch let failure as CommandFailure {
                abandon()
                throw failure
            }
        }

        /// The shard this process runs: `--shard K/N`, the scheduler's variables, or nil (the whole grid).
        /// (`--shard` and `--shard-count` are checked by `validate()`.)
        func shardReading() throws -> ShardEnvironment.Reading? {
            if shardFromEnv { return try ShardEnvironment.read(ProcessInfo.processInfo.environment, count: shardCount) }
            return shard.flatMap(Shard.parse).map { .init(shard: $0, scheduler: "--shard", variable: "") }
        }

        static func timestamp() -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            return formatter.string(from: Date())
        }

        /// A comma-separated list of whole numbers, each named in the error when it is not one.
        static func integers(_ text: String, option: String) throws -> [Int] {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            var values: [Int] = []
            for part in parts {
                guard part.count <= 12, let value = Int(part) else {
                    throw CommandFailure.badInput(
                        "replay sweep: \(option) is a comma-separated list of whole numbers, found '\(part)' in \(text)"
                    )
                }
                if values.contains(value) {
                    throw CommandFailure.badInput("replay sweep: \(option) lists \(value) twice")
                }
                values.append(value)
            }
            return values
        }

        static func seedRange(_ text: String) throws -> ClosedRange<Int> {
            let parts = text.components(separatedBy: "..")
            let numbers = parts.map { $0.count <= 18 ? Int($0) : nil }
            guard (1...2).contains(parts.count), let low = numbers[0], let high = numbers[numbers.count - 1], low >= 0,
                low <= high,
                high < Int.max
            else {
                throw CommandFailure.badInput(
                    "replay sweep: --seeds must be A..B with 0 <= A <= B (or one seed), found \(text)")
            }
            return low...high
        }

        func scenarioEntries() throws -> [SweepDefinition.ScenarioEntry] {
            var entries: [SweepDefinition.ScenarioEntry] = []
            func add(_ label: String, text: String?, scenario: Scenario) {
                var unique = label
                var suffix = 2
                while entries.contains(where: { $0.label == unique }) {
                    unique = "\(label)-\(suffix)"
                    suffix += 1
                }
                let digest = text.map { Array(SHA256.hash(Array($0.utf8))).hexString } ?? "built-in"
                entries.append(.init(label: unique, text: text, scenario: scenario, digest: digest))
            }
            for path in scenarios {
                let scenario = try ScenarioSource.load(path)
                if path == DefaultScenario.name && !FileManager.default.fileExists(atPath: path) {
                    add("default", text: nil, scenario: scenario)
                    continue
                }
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw CommandFailure.badInput("\(path): cannot read the file")
                }
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                let label = String(
                    stem.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" }.prefix(
                        60))
                add(label.isEmpty ? "scenario" : label, text: String(decoding: data, as: UTF8.self), scenario: scenario)
            }
            for entry in generated {
                let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map {
                    $0.count <= 9 ? Int($0) : nil
                }
                guard (2...3).contains(parts.count), let restaurantCount = parts[0], let bookingCount = parts[1],
                    (1...ScenarioGenerator.maximumRestaurants).contains(restaurantCount),
                    (0...ScenarioLoader.maximumBookings).contains(bookingCount),
                    parts.count == 2 || (parts[2] ?? -1) >= 0
                else {
                    throw CommandFailure.badInput(
                        "replay sweep: --generate must be RESTAURANTS:BOOKINGS[:SEED] (1...\(ScenarioGenerator.maximumRestaurants) restaurants, 0...\(ScenarioLoader.maximumBookings) bookings), found \(entry)"
                    )
                }
                guard parts.count == 3, let seed = parts[2] else {
                    // No generator seed: each run's day comes from the run's own seed.
                    let scenario = ScenarioGenerator.make(restaurants: restaurantCount, bookings: bookingCount, seed: 1)
                    entries.append(
                        .init(
                            label: "generated-\(restaurantCount)-\(bookingCount)-per-seed", text: nil,
                            scenario: scenario, digest: "per-seed",
                            perSeed: (restaurantCount, bookingCount)))
                    continue
                }
                let scenario = ScenarioGenerator.make(
                    restaurants: restaurantCount, bookings: bookingCount, seed: UInt64(seed))
                add("generated-\(restaurantCount)-\(bookingCount)-\(seed)", text: scenario.jsonText, scenario: scenario)
            }
            if entries.isEmpty { add("default", text: nil, scenario: DefaultScenario.make()) }
            return entries
        }

        static let name = "replay sweep"

        /// The grid's axes, checks and gates as the command line gives them, before any scenario
        /// is read: every point's run options checked by `record`'s one function.
        struct Grid {
            var seeds: ClosedRange<Int>
            var modes: [RunOptions.Mode]
            var clients: [Int]
            var maxTables: [Int]
            var holdTTLs: [Int]
            var checks: [SweepDefinition.Check]
            var keep: SweepDefinition.Keep
            var gates: [SweepExpectation]
            /// Each (mode, clients, most tables, hold TTL) point's run, seed aside.
            var points: [RunOptions]
        }

        /// Everything the command line says on its own, refused before anything runs, each refusal
        /// naming its option.
        func validate() throws {
            _ = try grid()
            guard (1...256).contains(jobs) else {
                throw CommandFailure.badInput("\(Self.name): --jobs must be in 1...256, found \(jobs)")
            }
            if shardFromEnv && shard != nil {
                throw CommandFailure.badInput(
                    "\(Self.name): --shard and --shard-from-env name the shard twice: keep one")
            }
            if !shardFromEnv && shardCount != nil {
                throw CommandFailure.badInput(
                    "\(Self.name): --shard-count goes with --shard-from-env (--shard K/N names its count)")
            }
            if let shard, Shard.parse(shard) == nil {
                throw CommandFailure.badInput("\(Self.name): --shard must be K/N with 1 <= K <= N, found \(shard)")
            }
            if failingExamples != nil && runArguments.engine == nil {
                throw CommandFailure.badInput(
                    "\(Self.name): --failing-examples asks its transcripts of an outside engine: name it with --engine")
            }
        }

        func grid() throws -> Grid {
            let seedRange = try Self.seedRange(seeds)
            var modes: [RunOptions.Mode] = []
            for name in mode.split(separator: ",", omittingEmptySubsequences: false).map({
                $0.trimmingCharacters(in: .whitespaces)
            }) {
                guard let parsed = RunOptions.Mode(rawValue: name) else {
                    throw CommandFailure.badInput(
                        "\(Self.name): --mode lists assign or reserve, found '\(name)' in \(mode)")
                }
                if modes.contains(parsed) { throw CommandFailure.badInput("\(Self.name): --mode lists \(name) twice") }
                modes.append(parsed)
            }
            let reserveOptions = runArguments.reserveOnlyGiven(clients: clients != nil)
            if !modes.contains(.reserve) && !reserveOptions.isEmpty {
                throw CommandFailure.badInput(
                    "\(Self.name): \(reserveOptions.joined(separator: ", ")) \(reserveOptions.count == 1 ? "applies" : "apply") to --mode reserve only"
                )
            }
            if !modes.contains(.assign) && runArguments.maxIterations != nil {
                throw CommandFailure.badInput("\(Self.name): --max-iterations applies to --mode assign only")
            }
            var checks: [SweepDefinition.Check] = []
            for name in check.split(separator: ",", omittingEmptySubsequences: false).map({
                $0.trimmingCharacters(in: .whitespaces)
            }) where !(name.isEmpty && check.isEmpty) {
                guard let parsed = SweepDefinition.Check(rawValue: name) else {
                    throw CommandFailure.badInput(
                        "\(Self.name): --check lists \(SweepDefinition.Check.allCases.map(\.rawValue).joined(separator: ", ")), found '\(name)'"
                    )
                }
                if !checks.contains(parsed) { checks.append(parsed) }
            }
            if checks.contains(.oracle) && !runArguments.bruteforce {
                throw CommandFailure.badInput(
                    "\(Self.name): the oracle check needs the coverage oracle: drop --no-bruteforce or use --check invariants"
                )
            }
            let keepChoice = try keep.checked("--keep", command: Self.name)
            var gates: [SweepExpectation] = []
            for text in expectations {
                switch SweepExpectation.parse(text) {
                case .success(let gate): gates.append(gate)
                case .failure(let error): throw CommandFailure.badInput("\(Self.name): --expect \(error)")
                }
            }
            let clientCounts = try clients.map { try Self.integers($0, option: "--clients") } ?? [1]
            let tableCounts = try Self.integers(maxTables, option: "--max-tables")
            let holdTTLs = try Self.integers(holdTtl, option: "--hold-ttl")
            var points: [RunOptions] = []
            for mode in modes {
                for clientCount in mode == .reserve ? clientCounts.map(Optional.some) : [nil] {
                    for tables in tableCounts {
                        for ttl in holdTTLs {
                            points.append(
                                try runArguments.options(
                                    at: .init(
                                        mode: mode, seed: seedRange.lowerBound, clients: clientCount,
                                        maxTables: tables, holdTTL: ttl),
                                    command: Self.name))
                        }
                    }
                }
            }
            return Grid(
                seeds: seedRange, modes: modes, clients: clientCounts, maxTables: tableCounts, holdTTLs: holdTTLs,
                checks: checks, keep: keepChoice, gates: gates, points: points)
        }

        /// The sweep: the grid, its scenarios read, and every point checked against every scenario
        /// (its restaurants, its floor, a run with something to do).
        func makeDefinition() throws -> SweepDefinition {
            let grid = try grid()
            let entries = try scenarioEntries()
            var definition = SweepDefinition(
                scenarios: entries, modes: grid.modes, clients: grid.clients, maxTables: grid.maxTables,
                holdTTLs: grid.holdTTLs, seeds: grid.seeds, base: RunOptions(), checks: grid.checks, keep: grid.keep,
                expectations: grid.gates.map(\.text), optimum: optimum || grid.gates.contains { $0.gate.metric == .gap }
            )
            guard definition.runCount <= 1_000_000 else {
                let size = definition.runCount == Int.max ? "more than \(Int.max)" : String(definition.runCount)
                throw CommandFailure.badInput(
                    "\(Self.name): the grid has \(size) runs; at most 1000000 (narrow --seeds or the lists)")
            }
            for options in grid.points {
                for entry in entries {
                    do { try RunArguments.check(options, against: entry.scenario, command: Self.name) } catch let
                        failure as CommandFailure
                    {
                        throw CommandFailure.badInput(
                            failure.message + (entries.count > 1 ? " (scenario \(entry.label))" : ""))
                    }
                    if RunInputs.workload(entry.scenario, options).inRun == 0 {
                        throw CommandFailure.badInput(
                            "\(Self.name): nothing to do in \(options.mode.rawValue) mode on scenario \(entry.label) (no booking in the run; see --date, --source-date, --source-after)"
                        )
                    }
                }
            }
            // The options every run shares, its grid fields overwritten per cell: a reserve point's
            // (it holds the reserve options), with the assign loop's passes.
            var base = grid.points.first { $0.mode == .reserve } ?? grid.points[0]
            base.maxIterations = runArguments.maxIterations ?? RunOptions().maxIterations
            definition.base = base
            return definition
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Join the shard folders of one sweep into what the unsharded sweep gives.",
            discussion:
                "Refuses shards of different sweeps or builds (exit 2). Names the missing shards and those held twice, with the commands that rerun exactly "
                + "the missing ones, and merges nothing (exit 1). Otherwise exit 0 when every run passed, 1 otherwise."
        )

        @Argument(help: "The shards' output folders.") var folders: [String] = []
        @Option(
            help:
                "A folder holding the shard folders (sweep-<id>-shard-K-of-N), as sharded sweeps with --out FOLDER leave them."
        ) var from: String?
        @Option(help: "Output folder (new or empty).") var out: String
        @Option(help: "Also write the merged results as JUnit XML to this file (as sweep --junit).") var junit: String?

        func run() throws {
            try CIOutput.check(junit, command: "sweep merge")
            let folders = try shardFolders()
            var shards: [(folder: String, contents: SweepDatabase.Contents, shard: Shard)] = []
            for folder in folders {
                let path = (folder as NSString).appendingPathComponent("sweep.db")
                let contents = try SweepDatabase.read(path)
                guard let shard = contents.metaValue("shard").flatMap(Shard.parse) else {
                    throw CommandFailure.badInput("\(path): no shard in its meta table")
                }
                shards.append((folder, contents, shard))
            }
            let first = shards[0]
            for other in shards.dropFirst() {
                for key in ["definition", "build_id", "runs_total"]
                where other.contents.metaValue(key) != first.contents.metaValue(key) {
                    let what =
                        key == "build_id"
                        ? "builds (\(first.contents.metaValue(key) ?? "?") and \(other.contents.metaValue(key) ?? "?"))"
                        : "sweeps (their \(key) differs)"
                    throw CommandFailure.badInput(
                        "replay sweep merge: \(first.folder) and \(other.folder) are shards of different \(what)")
                }
                guard other.shard.count == first.shard.count else {
                    throw CommandFailure.badInput(
                        "replay sweep merge: \(first.folder) is shard \(first.shard.text) and \(other.folder) is shard \(other.shard.text): different splits"
                    )
                }
            }
            let count = first.shard.count
            let duplicates = (1...count).compactMap { index -> (index: Int, folders: [String])? in
                let holders = shards.filter { $0.shard.index == index }.map(\.folder)
                return holders.count > 1 ? (index, holders) : nil
            }
            let missing = (1...count).filter { index in !shards.contains { $0.shard.index == index } }
            if !missing.isEmpty || !duplicates.isEmpty {
                let parent =
                    from
                    ?? {
                        let above = (first.folder as NSString).deletingLastPathComponent
                        return above.isEmpty ? "." : above
                    }()
                let lines = SweepRerun.lines(
                    missing: missing, duplicates: duplicates, count: count, parent: parent,
                    shardCommand: first.contents.metaValue("shard_command"),
                    shardSource: first.contents.metaValue("shard_source"))
                _ = Terminal.out(lines.joined(separator: "\n") + "\n")
                throw ExitCode(1)
            }
            var rows: [SweepRow] = []
            let runsTotal = Int(first.contents.metaValue("runs_total") ?? "") ?? 0
            for shard in shards {
                for row in shard.contents.rows {
                    if let problem = row.problem(runsTotal: runsTotal) {
                        throw CommandFailure.badInput("\(shard.folder)/sweep.db: run \(row.position): \(problem)")
                    }
                }
                if let stray = shard.contents.rows.first(where: { !shard.shard.contains(position: $0.position) }) {
                    throw CommandFailure.badInput(
                        "\(shard.folder)/sweep.db: run \(stray.position) does not belong to shard \(shard.shard.text)")
                }
                rows += shard.contents.rows
            }
            rows.sort { $0.position < $1.position }
            let total = Int(first.contents.metaValue("runs_total") ?? "") ?? -1
            guard rows.count == total, Set(rows.map(\.position)).count == total else {
                throw CommandFailure.badInput(
                    "replay sweep merge: the shards hold \(rows.count) runs where the sweep has \(total): a shard is incomplete"
                )
            }
            guard let definitionText = first.contents.metaValue("definition"),
                let definition = SweepFolder.definitionParts(definitionText)
            else {
                throw CommandFailure.badInput("\(first.folder)/sweep.db: no readable definition in its meta table")
            }
            // Only files a sweep wrote are copied: a link could bring any file of the machine into the
            // merge. Listed and checked before the output folder exists, so a refusal writes nothing.
            var copies: [(source: String, destination: String)] = []
            var named: Set<String> = []  // membership only: copies keep their listing order
            for sub in ["scenarios", "captures"] {
                for shard in shards {
                    let folder = (shard.folder as NSString).appendingPathComponent(sub)
                    for name in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
                        var status = stat()
                        let source = (folder as NSString).appendingPathComponent(name)
                        guard lstat(source, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
                            throw CommandFailure.badInput(
                                "\(source): not a plain file (a link or a folder); a sweep folder holds only the files it wrote"
                            )
                        }
                        let destination = "\(sub)/\(name)"
                        // Shards hold the same scenarios: the first copy of a name is kept.
                        if named.insert(destination).inserted { copies.append((source, destination)) }
                    }
                }
            }
            try SweepFolder.createEmpty(out)
            defer { SweepFolder.release(out) }
            for copy in copies {
                let destination = (out as NSString).appendingPathComponent(copy.destination)
                do {
                    try FileManager.default.createDirectory(
                        atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try FileManager.default.copyItem(atPath: copy.source, toPath: destination)
                } catch {
                    throw CommandFailure.badInput("\(destination): cannot copy (\(error.localizedDescription))")
                }
            }
            var meta = first.contents.meta.filter { $0.key != "shard_source" && $0.key != "shard_command" }
            if let index = meta.firstIndex(where: { $0.key == "shard" }) { meta[index].value = Shard.whole.text }
            try SweepFolder.writeResults(
                out, meta: meta, rows: rows, definitionText: definitionText, axes: definition.axes,
                expectations: definition.expectations, wallMilliseconds: nil, quiet: false, jobs: nil, junit: junit)
        }

        /// The folders named, or every shard folder under `--from` (links not followed: a folder
        /// that points elsewhere is not this sweep's). Unfinished attempts are skipped and counted.
        func shardFolders() throws -> [String] {
            switch (from, folders.isEmpty) {
            case (nil, true):
                throw CommandFailure.badInput(
                    "replay sweep merge: name the shard folders to join, or --from FOLDER holding them")
            case (.some, false):
                throw CommandFailure.badInput("replay sweep merge: name the shard folders or --from FOLDER, not both")
            case (nil, false): return folders
            case (.some(let parent), true):
                guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else {
                    throw CommandFailure.badInput(
                        "\(parent): cannot read the folder (--from names the folder that holds the shard folders)")
                }
                var found: [(path: String, folder: ShardFolder)] = []
                var unfinished = 0
                for entry in entries.sorted() {
                    let path = (parent as NSString).appendingPathComponent(entry)
                    var status = stat()
                    guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { continue }
                    if entry.hasPrefix(".sweep-") && entry.contains(ShardFolder.attemptMarker) { unfinished += 1 }
                    if let folder = ShardFolder.parse(entry) { found.append((path, folder)) }
                }
                guard let first = found.first else {
                    throw CommandFailure.badInput(
                        "\(parent): holds no shard folder (sweep-<id>-shard-K-of-N, as sharded sweeps write under their --out)"
                    )
                }
                let sweeps = found.map(\.folder.sweepID).reduce(into: [String]()) {
                    if !$0.contains($1) { $0.append($1) }
                }
                guard sweeps.count == 1 else {
                    throw CommandFailure.badInput(
                        "\(parent): holds shards of \(sweeps.count) sweeps (\(sweeps.map { "sweep-\($0)" }.joined(separator: ", "))): "
                            + "merge one sweep's folders by name")
                }
                if unfinished > 0 {
                    Terminal.error(
                        "note: \(parent): skipped \(unfinished) unfinished attempt\(unfinished == 1 ? "" : "s") (.sweep-…\(ShardFolder.attemptMarker)…: "
                            + "a shard still running, or killed)")
                }
                _ = first
                return found.map(\.path)
            }
        }
    }
}
