import Allocation
import ChildProcesses
import DayImport
import EventLog
import Optimum
import Foundation
import Projections
import Replayer
import Scenarios
import StressRunner

// replay-bench: every figure beside a baseline measured in the same run (scripts/bench).
let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    else { return fallback }
    return value
}
let bookings = option("--bookings", 20_000)
let scaleTop = option("--scale-max", 100_000)
let peerPython = arguments.firstIndex(of: "--peer-python").flatMap {
    $0 + 1 < arguments.count ? arguments[$0 + 1] : nil
}
let replayBinary = arguments.firstIndex(of: "--replay").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "replay-bench-\(ProcessInfo.processInfo.processIdentifier)")
try? FileManager.default.removeItem(at: folder)
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

var results: [(key: String, value: Double)] = []
@MainActor func record(_ key: String, _ value: Double) { results.append((key, value)) }
func rate(_ count: Int, _ seconds: Double) -> Double { Double(count) / max(seconds, 1e-9) }
func text(_ value: Double, digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }
func line(_ name: String, _ figure: String, _ baseline: String, _ ratio: String, _ target: String) {
    print(
        name.padding(toLength: 34, withPad: " ", startingAt: 0)
            + figure.padding(toLength: 22, withPad: " ", startingAt: 0)
            + baseline.padding(toLength: 26, withPad: " ", startingAt: 0)
            + ratio.padding(toLength: 10, withPad: " ", startingAt: 0) + target)
}

/// Restaurants scaled with bookings, at the built-in day's density (105 bookings on 5 floors).
func scenario(bookings: Int, seed: UInt64 = 1) -> Scenario {
    // The original draw, so the bench's days (and its figures) stay those of earlier versions.
    ScenarioGenerator.make(
        restaurants: max(1, (bookings * 5 + 104) / 105), bookings: bookings, seed: seed, mix: .original)
}

func timedRecord(_ scenario: Scenario, bruteforce: Bool, name: String, maxIterations: Int = 6) throws -> (
    path: String, events: Int, seconds: Double
) {
    var options = RunOptions()
    options.bruteforce = bruteforce
    options.maxIterations = maxIterations
    let path = folder.appendingPathComponent(name).path
    let started = ContinuousClock.now
    let result = try Recorder.record(scenario: scenario, options: options, path: path)
    return (path, result.eventCount, RawSQLite.seconds(since: started))
}

/// Runs `replay` with these arguments, output discarded; its wall time. posix_spawn and waitpid
/// (`ChildProcesses`), as a shell loop would: Foundation's Process adds tens of milliseconds per
/// child here (measured: 51 ms for `replay --version`), which would flatter what is measured
/// against it. Exits the bench when the child fails and `mustSucceed`.
func spawn(_ arguments: [String], mustSucceed: Bool = false) -> Double {
    guard let replayBinary else { fatalError("no --replay binary") }
    return spawnProgram(replayBinary, arguments, mustSucceed: mustSucceed)
}

/// Any program, as `spawn` runs `replay`.
func spawnProgram(_ program: String, _ arguments: [String], mustSucceed: Bool = false) -> Double {
    let launch = ProcessLaunch(executable: program, arguments: arguments, output: .null, error: .null)
    let started = ContinuousClock.now
    guard let child = try? launch.start(), let status = try? child.wait() else { fatalError("cannot start \(program)") }
    if mustSucceed && status != .exited(0) {
        fatalError("replay \(arguments.joined(separator: " ")) failed (\(status))")
    }
    return RawSQLite.seconds(since: started)
}

/// A program's stdout (its stderr is the bench's) and its exit status; status -1 when it could not
/// be started. In a process group of its own, as Foundation's Process started these before.
func captured(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
    let launch = ProcessLaunch(executable: program, arguments: arguments, output: .pipe, ownGroup: true)
    guard let result = try? launch.run() else { return (-1, "") }
    return (result.status.code, String(decoding: result.output, as: UTF8.self))
}

print(
    "replay-bench: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores; scenario of \(bookings) bookings"
)
line("figure", "replay", "baseline (same run)", "ratio", "target")

// This machine is shared and noisy: each timed figure and its baseline are taken `--repeat`
// times, interleaved, and the medians compared.
let repeats = max(1, option("--repeat", 3))
let only = arguments.firstIndex(of: "--only").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }

/// The JSON file of every figure recorded (reports/bench-<UTC time>.json).
@MainActor func writeResults() {
    var json = "{\n  \"bookings\": \(bookings),\n  \"cores\": \(ProcessInfo.processInfo.activeProcessorCount)"
    for (key, value) in results { json += ",\n  \"\(key)\": \(text(value, digits: 3))" }
    json += "\n}\n"
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
    let output = "reports/bench-\(stamp).json"
    try? FileManager.default.createDirectory(atPath: "reports", withIntermediateDirectories: true)
    try? json.write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output)")
}

/// The example Python engine, beside this file's package.
let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("examples/engines/python/engine.py").path

/// A figure's label as a key of the results file: "built-in, python" as "built_in_python".
func resultKey(_ label: String) -> String {
    label.replacingOccurrences(of: ", ", with: "_").replacingOccurrences(of: "-", with: "_")
        .replacingOccurrences(of: " ", with: "_")
}

/// What the oracle costs, whole process (`replay record`, no reports): off, at first quotes only
/// and at every quote, on the built-in day and the dense and crowded generated days with the
/// built-in allocator, and on the built-in and a 200-restaurant day through the example Python
/// engine (protocol 2). Medians of `--repeat`, the runs of one day interleaved.
@MainActor func oracleSection() {
    guard replayBinary != nil else {
        print("oracle: skipped (no --replay binary)")
        return
    }
    let days: [(label: String, generate: [String]?, engine: String?)] = [
        ("built-in", nil, nil), ("dense", ["--restaurants", "1000", "--bookings", "21000"], nil),
        ("crowded", ["--restaurants", "40", "--bookings", "20000"], nil),
        ("built-in, python engine", nil, "python3 '\(example)'"),
        ("200-restaurant, python engine", ["--restaurants", "200", "--bookings", "4200"], "python3 '\(example)'")
    ]
    for (label, generate, engine) in days {
        var scenario: [String] = []
        if let generate {
            let path = folder.appendingPathComponent("oracle-\(label.split(separator: ",")[0]).json").path
            _ = spawn(
                ["scenario", "generate"] + generate + ["--seed", "1", "--mix", "original", "--out", path],
                mustSucceed: true)
            scenario = ["--scenario", path]
        }
        var seconds: [String: [Double]] = [:]
        let modes: [(String, [String])] = [
            ("off", ["--no-bruteforce"]), ("first", ["--oracle", "first"]), ("every", ["--oracle", "every"])
        ]
        for attempt in 0..<repeats {
            for (mode, flags) in modes {
                let path = folder.appendingPathComponent("oracle-\(mode)-\(attempt).db").path
                seconds[mode, default: []].append(
                    spawn(
                        ["record", "--out", path, "--no-reports", "--quiet"] + scenario + flags
                            + (engine.map { ["--engine", $0] } ?? []), mustSucceed: true))
                try? FileManager.default.removeItem(atPath: path)
                try? FileManager.default.removeItem(atPath: path + ".engine.log")
            }
        }
        let off = median(seconds["off"] ?? [1])
        let first = median(seconds["first"] ?? [1])
        let every = median(seconds["every"] ?? [1])
        line(
            "oracle, \(label) (s): every", text(every, digits: 3),
            "first " + text(first, digits: 3) + ", off " + text(off, digits: 3),
            text(every / first, digits: 2), "<= 1.5")
        let key = resultKey(label)
        record("oracle_\(key)_off_s", off)
        record("oracle_\(key)_first_s", first)
        record("oracle_\(key)_every_s", every)
    }
}

/// A day on one fully adjacent zone of `seats`-seat tables (cycled), every pair adjacent: the
/// floor where the search, the look-ahead and the oracle all reach their budgets.
func adjacentZoneDay(tables: Int, seats: [Int], parties: [Int]) -> String {
    let ids = (1...tables).map { String(format: "T%03d", $0) }
    let tableList = ids.enumerated().map {
        "{\"id\": \"\($1)\", \"zone\": \"main\", \"min\": 1, \"max\": \(seats[$0 % seats.count])}"
    }
    var pairs: [String] = []
    for i in 0..<tables { for j in (i + 1)..<tables { pairs.append("[\"\(ids[i])\", \"\(ids[j])\"]") } }
    let bookingList = parties.enumerated().map { index, party in
        "{\"id\": \"B\(index + 1)\", \"restaurant\": \"hall\", \"start\": \"\(18 + index / 4):\(String(format: "%02d", index % 4 * 15))\", \"party\": \(party)}"
    }
    return """
        {"name": "zone-\(tables)", "date": "2025-11-08", "restaurants": [{"slug": "hall",
          "services": [{"name": "dinner", "start": "17:00", "end": "23:00"}],
          "turnMinutes": {"2": 60, "4": 75, "6": 85, "8": 90, "10": 100, "12": 110}, "bufferMinutes": 5,
          "tables": [\(tableList.joined(separator: ", "))], "adjacency": [\(pairs.joined(separator: ", "))]}],
         "bookings": [\(bookingList.joined(separator: ", "))]}
        """
}

/// Times each quote of a run as the simulation writes it (release build, in process, events
/// dropped rather than stored): a quote's cost is the time since the event before its
/// `quote.issued`, plus, at a booking's first quote, the `coverage.measured` right after it (the
/// oracle's measurement of every strategy).
final class QuoteTimingSink: EventSink {
    private var last = ContinuousClock.now
    private(set) var quotes: [Double] = []

    func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {
        let seconds = RawSQLite.seconds(since: last)
        if type == "quote.issued" {
            quotes.append(seconds)
        } else if type == "coverage.measured", !quotes.isEmpty {
            quotes[quotes.count - 1] += seconds
        }
        last = ContinuousClock.now
    }
}

/// One quote's cost on a 200-table fully adjacent zone, `--max-tables 5` (reliability: "no quote
/// costs more than about a second"): the longest quote with the oracle at every quote, beside the
/// same day without the oracle. Medians of `--repeat`. Printed as "zone, <tables>, <parties>".
@MainActor func largeZoneSection() {
    let days: [(label: String, seats: [Int], parties: [Int])] = [
        ("2-seat, parties of 2", [2], [2, 2, 2]),
        ("2-seat, parties of 10", [2], [10, 10, 10]),
        ("2/4-seat, parties 2-12", [2, 4], [6, 8, 4, 10, 12, 6, 8, 2, 10, 12])
    ]
    for (number, day) in days.enumerated() {
        let json = adjacentZoneDay(tables: 200, seats: day.seats, parties: day.parties)
        guard let scenario = try? ScenarioLoader.parse(text: json, file: "zone-\(number).json") else {
            fatalError("the zone day does not load")
        }
        var every: [Double] = []
        var off: [Double] = []
        var quotes = 0
        for _ in 0..<repeats {
            for bruteforce in [true, false] {
                var options = RunOptions()
                options.maxTables = 5
                options.bruteforce = bruteforce
                let sink = QuoteTimingSink()
                do { try StressRun(scenario: scenario, options: options, sink: sink).run() } catch {
                    fatalError("zone day: \(error)")
                }
                if bruteforce {
                    every.append(sink.quotes.max() ?? 0)
                    quotes = sink.quotes.count
                } else {
                    off.append(sink.quotes.max() ?? 0)
                }
            }
        }
        line(
            "zone, \(day.label) (s)", text(median(every), digits: 2),
            "oracle off " + text(median(off), digits: 2) + ", \(quotes) quotes",
            text(median(every) / max(median(off), 1e-9), digits: 1), "<= ~1 s")
        record("zone_\(number)_longest_quote_s", median(every))
        record("zone_\(number)_longest_quote_off_s", median(off))
    }
}

/// `replay scenario import` of a 2,000-table, 50,000-booking day (`LargeImportDay`), whole
/// process: from a throwaway PostgreSQL cluster (scripts/pg-cluster) beside `psql` fetching the
/// largest part (the bookings) alone, and from the same day exported as CSV beside reading the
/// imported scenario back as JSON (`replay scenario show`). Medians of `--repeat`.
@MainActor func importSection() {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    guard replayBinary != nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") else {
        print("import: skipped (no --replay binary or no psql)")
        return
    }
    let cluster = "/tmp/replay-bench-pg-\(getpid())"
    let password = "bench"
    let started = captured(root.appendingPathComponent("scripts/pg-cluster").path, ["start", cluster, password])
    guard started.status == 0, let port = Int(started.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        print("import: skipped (PostgreSQL's server could not be started here)")
        return
    }
    defer { _ = captured(root.appendingPathComponent("scripts/pg-cluster").path, ["stop", cluster]) }
    setenv("PGPASSWORD", password, 1)
    let url = "postgres://replay@127.0.0.1:\(port)/bookings"
    let schema = root.appendingPathComponent("Tests/CLITests/Import/original-schema.sql").path
    let dayFile = folder.appendingPathComponent("large-day.sql").path
    try? LargeImportDay.sql.write(toFile: dayFile, atomically: true, encoding: .utf8)
    for file in [schema, dayFile] {
        _ = spawnProgram("/usr/bin/psql", ["-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file], mustSucceed: true)
    }
    // The same day as CSV: each part of the built-in mapping copied out by psql.
    let csvFolder = folder.appendingPathComponent("large-day-csv").path
    try? FileManager.default.createDirectory(atPath: csvFolder, withIntermediateDirectories: true)
    var bookingsQuery = ""
    for (part, query) in ImportMapping.original.queries {
        let sql = query.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(
            of: "$1", with: "date '\(LargeImportDay.date)'"
        )
        .replacingOccurrences(of: "$2", with: "NULL::text[]")
        if part == .bookings { bookingsQuery = sql }
        _ = spawnProgram(
            "/usr/bin/psql", ["-q", "-d", url, "-c", "\\copy (\(sql)) TO '\(csvFolder)/\(part.fileName)' CSV HEADER"],
            mustSucceed: true)
    }
    let scenarioPath = folder.appendingPathComponent("large-day.json").path
    var fromDatabase: [Double] = []
    var fetch: [Double] = []
    var fromCSV: [Double] = []
    var show: [Double] = []
    for _ in 0..<repeats {
        fromDatabase.append(
            spawn(
                ["scenario", "import", url, "--date", LargeImportDay.date, "--out", scenarioPath, "--force"],
                mustSucceed: true))
        fetch.append(
            spawnProgram(
                "/usr/bin/psql", ["-q", "-At", "-d", url, "-c", bookingsQuery, "-o", "/dev/null"], mustSucceed: true))
        fromCSV.append(
            spawn(
                [
                    "scenario", "import", "--csv", csvFolder, "--date", LargeImportDay.date, "--out",
                    scenarioPath + ".csv.json", "--force"
                ], mustSucceed: true))
        show.append(spawn(["scenario", "show", scenarioPath], mustSucceed: true))
    }
    line(
        "import, PostgreSQL (s)", text(median(fromDatabase), digits: 2),
        "psql bookings " + text(median(fetch), digits: 2),
        text(median(fromDatabase) / max(median(fetch), 1e-9), digits: 1), "<= 5 s")
    line(
        "import, CSV (s)", text(median(fromCSV), digits: 2), "scenario show " + text(median(show), digits: 2),
        text(median(fromCSV) / max(median(show), 1e-9), digits: 1), "<= 5 s")
    record("import_postgres_s", median(fromDatabase))
    record("import_postgres_psql_bookings_s", median(fetch))
    record("import_csv_s", median(fromCSV))
    record("import_csv_scenario_show_s", median(show))
}

/// What edits and cancellations cost, whole process (`replay record`, no reports): a day without
/// changes beside the same day with `scenario change --edit-rate 0.1 --cancel-rate 0.05`, on the
/// built-in day and a 200-restaurant day, with the built-in allocator and the example Python
/// engine; and reserve mode's clients at 4 with `--edit-rate 0.1 --cancel-rate 0.05` beside
/// none. Medians of `--repeat`, the runs of one day interleaved.
@MainActor func changesSection() {
    guard replayBinary != nil else {
        print("changes: skipped (no --replay binary)")
        return
    }
    let twoHundred = folder.appendingPathComponent("changes-200.json").path
    _ = spawn(
        ["scenario", "generate", "--restaurants", "200", "--bookings", "4200", "--seed", "1", "--out", twoHundred],
        mustSucceed: true)
    let days: [(label: String, scenario: String, engine: String?)] = [
        ("built-in", "default", nil), ("200 restaurants", twoHundred, nil),
        ("built-in, python", "default", "python3 '\(example)'")
    ]
    for (label, scenario, engine) in days {
        let changed = folder.appendingPathComponent("changes-\(label.prefix(3)).json").path
        _ = spawn(
            [
                "scenario", "change", scenario, "--edit-rate", "0.1", "--cancel-rate", "0.05", "--out", changed,
                "--force"
            ],
            mustSucceed: true)
        var plain: [Double] = []
        var withChanges: [Double] = []
        let engineFlags = engine.map { ["--engine", $0] } ?? []
        for attempt in 0..<repeats {
            for (path, into) in [(scenario, 0), (changed, 1)] {
                let capture = folder.appendingPathComponent("changes-\(attempt)-\(into).db").path
                let scenarioFlags = path == "default" ? [] : ["--scenario", path]
                let seconds = spawn(
                    ["record", "--out", capture, "--no-reports", "--quiet"] + scenarioFlags + engineFlags,
                    mustSucceed: true)
                if into == 0 { plain.append(seconds) } else { withChanges.append(seconds) }
                try? FileManager.default.removeItem(atPath: capture)
                try? FileManager.default.removeItem(atPath: capture + ".engine.log")
            }
        }
        line(
            "changes, \(label) (s)", text(median(withChanges), digits: 3),
            "none " + text(median(plain), digits: 3), text(median(withChanges) / median(plain), digits: 2), "-")
        let key = resultKey(label)
        record("changes_\(key)_none_s", median(plain))
        record("changes_\(key)_changed_s", median(withChanges))
    }
    var none: [Double] = []
    var clients: [Double] = []
    for attempt in 0..<repeats {
        for (flags, into) in [([String](), 0), (["--edit-rate", "0.1", "--cancel-rate", "0.05"], 1)] {
            let capture = folder.appendingPathComponent("changes-race-\(attempt)-\(into).db").path
            let seconds = spawn(
                [
                    "record", "--out", capture, "--no-reports", "--quiet", "--scenario", twoHundred, "--mode",
                    "reserve",
                    "--prefill", "none", "--clients", "4", "--clone-limit", "4200"
                ] + flags, mustSucceed: true)
            if into == 0 { none.append(seconds) } else { clients.append(seconds) }
            try? FileManager.default.removeItem(atPath: capture)
        }
    }
    line(
        "changes, race of 4 (s)",
        text(median(clients), digits: 3), "none " + text(median(none), digits: 3),
        text(median(clients) / median(none), digits: 2), "-")
    record("changes_race_none_s", median(none))
    record("changes_race_changed_s", median(clients))
}

/// Reading a capture, whole process: `run` (re-execute and compare), `run --rebuild`, `verify`,
/// `diff` of a capture with itself and with another seed's, and `show --booking` (listing and
/// explaining), on a generated day of 100 restaurants and `--bookings` bookings. Beside each, the
/// same command of `--baseline-replay` (an earlier build, e.g. the commit before a change to the
/// read path) on the same captures, the runs interleaved; medians of `--repeat`.
@MainActor func readsSection() {
    guard replayBinary != nil else {
        print("reads: skipped (no --replay binary)")
        return
    }
    let baseline = arguments.firstIndex(of: "--baseline-replay").flatMap {
        $0 + 1 < arguments.count ? arguments[$0 + 1] : nil
    }
    let day = folder.appendingPathComponent("reads-day.json").path
    _ = spawn(
        [
            "scenario", "generate", "--restaurants", "100", "--bookings", String(bookings), "--seed", "1", "--out",
            day, "--force"
        ], mustSucceed: true)
    let a = folder.appendingPathComponent("reads-a.db").path
    let b = folder.appendingPathComponent("reads-b.db").path
    for (path, seed) in [(a, "1"), (b, "2")] {
        try? FileManager.default.removeItem(atPath: path)
        _ = spawn(
            ["record", "--scenario", day, "--seed", seed, "--out", path, "--no-reports", "--quiet"], mustSucceed: true)
    }
    let events = (try? CaptureReader(path: a).countEvents()) ?? 0
    let booking = (try? CaptureReader(path: a).ids(in: .booking, startingWith: "", limit: 1).first) ?? nil
    var commands: [(String, [String])] = [
        ("run", ["run", a]), ("run --rebuild", ["run", "--rebuild", a]), ("verify", ["verify", a]),
        ("diff, same capture", ["diff", a, a, "--summary"]), ("diff, another seed", ["diff", a, b, "--summary"])
    ]
    if let booking { commands.append(("show --booking", ["show", a, "--booking", booking])) }
    print("reads: a day of \(events) events (\(bookings) bookings, 100 restaurants)")
    for (label, arguments) in commands {
        var mine: [Double] = []
        var theirs: [Double] = []
        for _ in 0..<repeats {
            mine.append(spawn(arguments))
            if let baseline { theirs.append(spawnProgram(baseline, arguments)) }
        }
        let figure = median(mine)
        if theirs.isEmpty {
            line("\(label) (s)", text(figure, digits: 3), "no --baseline-replay", "", "-")
        } else {
            line(
                "\(label) (s)", text(figure, digits: 3), "baseline " + text(median(theirs), digits: 3),
                text(figure / median(theirs), digits: 2), "< 1")
            record("reads_\(resultKey(label))_baseline_s", median(theirs))
        }
        record("reads_\(resultKey(label))_s", figure)
    }
}

/// The engine protocol: the same days recorded through `replay engine serve` (a child process,
/// JSON lines) under protocols 2 and 3 beside the embedded allocator, and quote round trips per
/// second. In process (`Recorder.record`), each session asking a question once, as `record` does.
@MainActor func engineServeSection() {
    guard let replayBinary else {
        print("engine: skipped (no --replay binary)")
        return
    }
    func engineRecord(_ scenario: Scenario, name: String, version: Int) throws -> (seconds: Double, requests: Int) {
        let path = folder.appendingPathComponent(name).path
        let started = ContinuousClock.now
        let engine = try ProcessEngine(
            command: "'\(replayBinary)' engine serve", timeoutSeconds: 60, maxTables: 4,
            logPath: path + ".engine.log", toolVersion: "bench", protocols: Array(1...version), asksOnce: true)
        _ = try Recorder.record(scenario: scenario, options: RunOptions(), path: path, engine: engine)
        engine.finish()
        return (RawSQLite.seconds(since: started), engine.requests)
    }
    let wide = ScenarioGenerator.make(restaurants: 200, bookings: 4_200, seed: 1, mix: .original)
    for (label, day, key) in [("built-in", DefaultScenario.make(), "builtin"), ("200 restaurants", wide, "wide")] {
        var embedded: [Double] = []
        var served: [Int: [Double]] = [:]
        var requests: [Int: Int] = [:]
        for attempt in 0..<repeats {
            embedded.append(try! timedRecord(day, bruteforce: true, name: "\(key)-embedded-\(attempt).db").seconds)
            for version in [2, 3] {
                let run = try! engineRecord(day, name: "\(key)-served-\(version)-\(attempt).db", version: version)
                served[version, default: []].append(run.seconds)
                requests[version] = run.requests
            }
        }
        for version in [2, 3] {
            let seconds = median(served[version]!)
            line(
                "\(label) via serve, p\(version) (ms)", text(seconds * 1000, digits: 1),
                "embedded " + text(median(embedded) * 1000, digits: 1),
                text(seconds / median(embedded), digits: 2), "<= 2")
            line(
                "  quote round trips (/s)", text(rate(requests[version]!, seconds)),
                "\(requests[version]!) requests", "", "")
            // Protocol 3 is what `record` speaks with `engine serve`: the figure under the earlier key.
            let suffix = version == 3 ? "" : "_p\(version)"
            record("engine_\(key)_served\(suffix)_ms", seconds * 1000)
            record("engine_\(key)_requests\(suffix)_per_s", rate(requests[version]!, seconds))
        }
        record("engine_\(key)_embedded_ms", median(embedded) * 1000)
    }
}

/// What outside engines cost, whole process: a selector-style engine (the example Python engine
/// with a deliberately slow look-ahead: a fixed `--lookahead-ms` each time it ranks a strategy's
/// answer, as an adapter that asks its selector once per strategy) on the built-in day under
/// protocols 1, 2 and 3, each with the oracle off, at first quotes and at every quote; `replay
/// engine check` of the example; and `replay optimum` of a 50-restaurant, 3,000-booking day.
/// Medians of `--repeat`, the runs of one figure interleaved.
@MainActor func enginesSection() {
    guard replayBinary != nil else {
        print("engines: skipped (no --replay binary)")
        return
    }
    let cost = option("--lookahead-ms", 2)
    let slow = folder.appendingPathComponent("selector_style.py").path
    try? """
    import sys, time
    sys.path.insert(0, \(String(reflecting: (example as NSString).deletingLastPathComponent)))
    import engine
    cost, ranked, lines = int(sys.argv[1]) / 1000, 0, 0
    quote, send = engine.quote, engine.send
    def slow_quote(floor, request):  # the look-ahead: a fixed cost per ranked answer
        global ranked
        ranked += 1
        time.sleep(cost)
        return quote(floor, request)
    def counted_send(message):
        global lines
        lines += 1
        send(message)
    engine.quote, engine.send = slow_quote, counted_send
    try:
        engine.main()
    finally:
        print(f"lines {lines}, ranked {ranked}", file=sys.stderr)
    """.write(toFile: slow, atomically: true, encoding: .utf8)
    let modes: [(String, [String])] = [
        ("off", ["--no-bruteforce"]), ("first", ["--oracle", "first"]), ("every", ["--oracle", "every"])
    ]
    var firstByVersion: [Double] = []
    for version in 1...3 {
        var seconds: [String: [Double]] = [:]
        var counts: [String: String] = [:]
        for attempt in 0..<repeats {
            for (mode, flags) in modes {
                let path = folder.appendingPathComponent("selector-\(version)-\(mode)-\(attempt).db").path
                seconds[mode, default: []].append(
                    spawn(
                        [
                            "record", "--out", path, "--no-reports", "--quiet", "--engine",
                            "python3 '\(slow)' \(cost)", "--engine-protocol", String(version)
                        ] + flags, mustSucceed: true))
                counts[mode] = FileTail.lastLine(ofFile: path + ".engine.log") ?? ""
                try? FileManager.default.removeItem(atPath: path)
                try? FileManager.default.removeItem(atPath: path + ".engine.log")
            }
        }
        let off = median(seconds["off"]!)
        let first = median(seconds["first"]!)
        let every = median(seconds["every"]!)
        firstByVersion.append(first)
        line("selector p\(version), oracle off (s)", text(off, digits: 2), counts["off"] ?? "", "", "")
        line(
            "  oracle first (s)", text(first, digits: 2), counts["first"] ?? "",
            text(first / firstByVersion[0], digits: 2) + "x p1", "")
        line(
            "  oracle every (s)", text(every, digits: 2), "first " + text(first, digits: 2),
            text(every / first, digits: 2), "<= 1.5x first")
        line("  every: engine's answers", "", counts["every"] ?? "", "", "")
        record("selector_p\(version)_off_s", off)
        record("selector_p\(version)_first_s", first)
        record("selector_p\(version)_every_s", every)
    }
    // `engine check` of the example: its 9 hand-made cases and 1,000 generated ones.
    var checks: [Double] = []
    for _ in 0..<repeats { checks.append(spawn(["engine", "check", "python3 '\(example)'"], mustSucceed: true)) }
    line("engine check, python example (s)", text(median(checks), digits: 2), "1,009 cases", "", "<= 60 s")
    record("engine_check_python_s", median(checks))
    // The optimum of 50 restaurants and 3,000 bookings, every restaurant solved on every core.
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/cbc") else {
        print("optimum, 50 restaurants: skipped (no cbc; apt-get install coinor-cbc)")
        return
    }
    let day = folder.appendingPathComponent("optimum-50.json").path
    let capture = folder.appendingPathComponent("optimum-50.db").path
    _ = spawn(
        ["scenario", "generate", "--restaurants", "50", "--bookings", "3000", "--seed", "1", "--out", day],
        mustSucceed: true)
    let recorded = spawn(
        ["record", "--scenario", day, "--no-bruteforce", "--no-reports", "--quiet", "--out", capture],
        mustSucceed: true)
    var solved: [Double] = []
    for _ in 0..<repeats { solved.append(spawn(["optimum", capture])) }
    line(
        "optimum, 50 rest./3,000 bk. (s)", text(median(solved), digits: 2), "record " + text(recorded, digits: 2),
        "", "<= 15 s")
    record("optimum_50_restaurants_s", median(solved))
}

if only == "oracle" || only == "zone" || only == "import" || only == "changes" || only == "engines" || only == "reads" {
    if only == "oracle" {
        oracleSection()
    } else if only == "engines" {
        engineServeSection()
        enginesSection()
    } else if only == "zone" {
        largeZoneSection()
    } else if only == "changes" {
        changesSection()
    } else if only == "reads" {
        readsSection()
    } else {
        importSection()
    }
    writeResults()
    exit(0)
}
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

// Record, oracle off and on, against a raw C insert of the same rows.
let day = scenario(bookings: bookings)
var offSeconds: [Double] = []
var onSeconds: [Double] = []
var insertSeconds: [Double] = []
var off = try timedRecord(day, bruteforce: false, name: "off-0.db")
var on = try timedRecord(day, bruteforce: true, name: "on-0.db")
var rows: [RawSQLite.Row] = []
try CaptureReader(path: on.path).forEachEvent { r in
    rows.append(
        .init(
            type: r.type, at: Int64(r.at), restaurant: r.restaurant, booking: r.booking, payload: r.payload,
            hash: r.hash))
    return true
}
for attempt in 0..<repeats {
    if attempt > 0 {
        off = try timedRecord(day, bruteforce: false, name: "off-\(attempt).db")
        on = try timedRecord(day, bruteforce: true, name: "on-\(attempt).db")
    }
    offSeconds.append(off.seconds)
    onSeconds.append(on.seconds)
    insertSeconds.append(RawSQLite.insert(rows, path: folder.appendingPathComponent("raw-\(attempt).db").path))
}
off.seconds = median(offSeconds)
on.seconds = median(onSeconds)
let rawInsert = rate(rows.count, median(insertSeconds))
// Where record's time goes: the capture writer alone (hash chain, statement, batches) on the same
// rows, and the simulation alone (allocator, projections, encoding) into a sink that drops events.
let writerStart = ContinuousClock.now
let writer = try CaptureWriter(
    path: folder.appendingPathComponent("writer.db").path,
    meta: [
        ("tool_version", "bench"), ("scenario", "bench"), ("seed", "1"), ("mode", "assign"), ("options", "{}"),
        ("recorded_at", "-")
    ])
for row in rows {
    try writer.append(
        type: row.type, at: Int(row.at), restaurant: row.restaurant, booking: row.booking, payload: row.payload)
}
try writer.finish()
let writerRate = rate(rows.count, RawSQLite.seconds(since: writerStart))
final class DroppingSink: EventSink {
    func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {}
}
var simulateOptions = RunOptions()
simulateOptions.bruteforce = true
let simulateStart = ContinuousClock.now
try StressRun(scenario: day, options: simulateOptions, sink: DroppingSink()).run()
let simulateRate = rate(on.events, RawSQLite.seconds(since: simulateStart))
rows = []
let recordOff = rate(off.events, off.seconds)
let recordOn = rate(on.events, on.seconds)
line(
    "record, oracle off (events/s)", text(recordOff), "raw C insert " + text(rawInsert),
    text(recordOff / rawInsert, digits: 2), ">= 0.5")
line(
    "record, oracle on (events/s)", text(recordOn), "raw C insert " + text(rawInsert),
    text(recordOn / rawInsert, digits: 2), ">= 0.5")
line(
    "  writer alone (events/s)", text(writerRate), "raw C insert " + text(rawInsert),
    text(writerRate / rawInsert, digits: 2), "")
line(
    "  simulation alone, oracle on", text(simulateRate), "record " + text(recordOn),
    text(simulateRate / recordOn, digits: 2), "")
record("writer_events_per_s", writerRate)
record("simulation_events_per_s", simulateRate)
line("oracle cost (time on / off)", text(on.seconds / off.seconds, digits: 2) + "x", "", "", "<= 2")
record("record_off_events_per_s", recordOff)
record("record_on_events_per_s", recordOn)
record("raw_insert_rows_per_s", rawInsert)
record("events", Double(on.events))

// Rebuild against a raw scan.
var scanned = 0
var folded = 0
var scanTimes: [Double] = []
var rebuildTimes: [Double] = []
for _ in 0..<(2 * repeats - 1) {
    let (rows, seconds) = RawSQLite.scan(path: on.path)
    scanned = rows
    scanTimes.append(seconds)
    let rebuildStart = ContinuousClock.now
    guard case .consistent(_, let events, _) = try Rebuilder.fold(try CaptureReader(path: on.path)) else {
        fatalError("rebuild failed")
    }
    folded = events
    rebuildTimes.append(RawSQLite.seconds(since: rebuildStart))
}
let rebuildRate = rate(folded, median(rebuildTimes))
let scanRate = rate(scanned, median(scanTimes))
line(
    "rebuild (events/s)", text(rebuildRate), "raw C scan " + text(scanRate), text(rebuildRate / scanRate, digits: 2),
    ">= 1500000 and >= 0.2")
record("rebuild_events_per_s", rebuildRate)
record("raw_scan_rows_per_s", scanRate)

// Re-execute against record.
var runTimes: [Double] = []
for _ in 0..<repeats {
    let runStart = ContinuousClock.now
    guard case .reproduced = try Reproducer.run(try CaptureReader(path: on.path)) else {
        fatalError("did not reproduce")
    }
    runTimes.append(RawSQLite.seconds(since: runStart))
}
let runSeconds = median(runTimes)
line(
    "re-execute (s)", text(runSeconds, digits: 3), "record " + text(on.seconds, digits: 3),
    text(runSeconds / on.seconds, digits: 2), "<= 1.5")
record("run_seconds", runSeconds)
record("record_seconds", on.seconds)

// Whole process, as a user runs it (`replay record --no-bruteforce`, reports included), on both
// shapes of day: the built-in density (1,000 restaurants, 21,000 bookings) and a crowded one
// (40 restaurants, 20,000 bookings: long look-ahead lists), beside a raw C insert of the same
// rows; the same without reports; and `replay run --rebuild` beside a raw C scan of the capture.
if replayBinary != nil {
    for (label, restaurants, dayBookings, target) in [
        ("dense", 1_000, 21_000, ">= 0.5"), ("crowded", 40, 20_000, ">= 0.35")
    ] {
        let scenarioPath = folder.appendingPathComponent("\(label).json").path
        _ = spawn(
            [
                "scenario", "generate", "--restaurants", String(restaurants), "--bookings", String(dayBookings),
                "--seed", "1", "--mix", "original", "--out", scenarioPath
            ],
            mustSucceed: true)
        var withReports: [Double] = []
        var withoutReports: [Double] = []
        var inserts: [Double] = []
        var rebuilds: [Double] = []
        var scans: [Double] = []
        var dayRows: [RawSQLite.Row] = []
        for attempt in 0..<repeats {
            let path = folder.appendingPathComponent("\(label)-\(attempt).db").path
            let bare = folder.appendingPathComponent("\(label)-bare-\(attempt).db").path
            withReports.append(
                spawn(
                    [
                        "record", "--scenario", scenarioPath, "--out", path, "--reports",
                        folder.appendingPathComponent("\(label)-reports").path,
                        "--no-bruteforce", "--quiet"
                    ], mustSucceed: true))
            withoutReports.append(
                spawn(
                    ["record", "--scenario", scenarioPath, "--out", bare, "--no-reports", "--no-bruteforce", "--quiet"],
                    mustSucceed: true))
            if dayRows.isEmpty {
                try CaptureReader(path: path).forEachEvent { r in
                    dayRows.append(
                        .init(
                            type: r.type, at: Int64(r.at), restaurant: r.restaurant, booking: r.booking,
                            payload: r.payload, hash: r.hash))
                    return true
                }
            }
            inserts.append(
                RawSQLite.insert(dayRows, path: folder.appendingPathComponent("\(label)-raw-\(attempt).db").path))
            rebuilds.append(spawn(["run", "--rebuild", path], mustSucceed: true))
            scans.append(RawSQLite.scan(path: path).1)
            for file in [path, bare, folder.appendingPathComponent("\(label)-raw-\(attempt).db").path] {
                try? FileManager.default.removeItem(atPath: file)
            }
        }
        let events = dayRows.count
        let whole = rate(events, median(withReports))
        let bare = rate(events, median(withoutReports))
        let insert = rate(events, median(inserts))
        line(
            "whole process, \(label) day (ev/s)", text(whole), "raw C insert " + text(insert),
            text(whole / insert, digits: 2), target)
        line(
            "  \(events) events: s with / without reports",
            text(median(withReports), digits: 2) + " / " + text(median(withoutReports), digits: 2),
            "reports " + text((median(withReports) - median(withoutReports)) / median(withReports) * 100, digits: 0)
                + "% of the whole",
            text(bare / insert, digits: 2), "reports <= 33%")
        let rebuild = rate(events, median(rebuilds))
        let scan = rate(events, median(scans))
        line(
            "  run --rebuild, whole process", text(rebuild), "raw C scan " + text(scan),
            text(rebuild / scan, digits: 2), ">= 1500000 and >= 0.2")
        record("whole_\(label)_events", Double(events))
        record("whole_\(label)_seconds", median(withReports))
        record("whole_\(label)_no_reports_seconds", median(withoutReports))
        record("whole_\(label)_raw_insert_rows_per_s", insert)
        record("whole_\(label)_rebuild_events_per_s", rebuild)
        record("whole_\(label)_raw_scan_rows_per_s", scan)
        dayRows = []
    }
} else {
    print("whole process: skipped (no --replay binary)")
}

// Quote and oracle latency on the built-in floors, at the end-of-day state.
let builtIn = DefaultScenario.make()
let sink = MemorySink()
let builtInRun = StressRun(scenario: builtIn, options: RunOptions(), sink: sink)
try builtInRun.run()
var quoteMicros: [Double] = []
var oracleMicros: [Double] = []
let allocator = Allocator(lookAheadMaxTables: 4)
for _ in 0..<5 {
    for booking in builtInRun.state.bookings {
        guard let window = booking.resolvedWindow, let restaurant = builtInRun.state.restaurant(booking.restaurant)
        else { continue }
        for strategy in Strategy.legacyOrder(maxTables: 4) {
            let request = QuoteRequest(
                booking: booking.id, partySize: booking.partySize, window: window, strategy: strategy, now: 0)
            let start = ContinuousClock.now
            _ = allocator.quote(request, floor: restaurant.floor, occupancy: restaurant.occupancy, lookAhead: [])
            quoteMicros.append(RawSQLite.seconds(since: start) * 1e6)
        }
        let start = ContinuousClock.now
        _ = CoverageOracle.feasibleSets(
            partySize: booking.partySize, window: window, booking: booking.id, now: 0, floor: restaurant.floor,
            occupancy: restaurant.occupancy, maxTables: 4)
        oracleMicros.append(RawSQLite.seconds(since: start) * 1e6)
    }
}
func percentile(_ values: [Double], _ p: Double) -> Double {
    let s = values.sorted()
    return s[min(s.count - 1, Int(Double(s.count) * p))]
}
line(
    "quote (µs, median / p99)",
    text(percentile(quoteMicros, 0.5), digits: 1) + " / " + text(percentile(quoteMicros, 0.99), digits: 1),
    "\(quoteMicros.count) quotes", "", "")
line(
    "oracle (µs, median / p99)",
    text(percentile(oracleMicros, 0.5), digits: 1) + " / " + text(percentile(oracleMicros, 0.99), digits: 1),
    "\(oracleMicros.count) enumerations", "", "")
record("quote_median_us", percentile(quoteMicros, 0.5))
record("quote_p99_us", percentile(quoteMicros, 0.99))
record("oracle_median_us", percentile(oracleMicros, 0.5))
record("oracle_p99_us", percentile(oracleMicros, 0.99))

// Built-in day, oracle on.
let builtInTimed = try timedRecord(builtIn, bruteforce: true, name: "builtin.db")
line(
    "built-in day, oracle on (ms)", text(builtInTimed.seconds * 1000, digits: 1), "\(builtInTimed.events) events", "",
    "well under 1000")
record("builtin_record_ms", builtInTimed.seconds * 1000)

engineServeSection()

// The best possible day: the optimum of the built-in day and of a 100-restaurant generated day
// (CBC, two restaurants at a time), beside the recording's own time.
if let solver = try? OptimumSolver.cbc(timeLimitSeconds: 60) {
    for (label, day, key) in [
        ("built-in day", builtIn, "builtin"),
        (
            "100-restaurant day", ScenarioGenerator.make(restaurants: 100, bookings: 2_100, seed: 3, mix: .original),
            "wide"
        )
    ] {
        let recorded = try timedRecord(day, bruteforce: false, name: "optimum-\(key).db")
        guard case .consistent(let state, _, _) = try Rebuilder.fold(try CaptureReader(path: recorded.path)) else {
            fatalError("fold failed")
        }
        let started = ContinuousClock.now
        let models = state.restaurants.map {
            OptimumModel.make(restaurant: $0, state: state, maxTables: 4, objective: .bookings)
        }
        let solutions = try solver.solve(models)
        let seconds = RawSQLite.seconds(since: started)
        let proven = solutions.filter(\.proven).count
        let perRestaurant = solutions.map(\.seconds).sorted()
        line(
            "optimum, \(label) (s)", text(seconds, digits: 2), "record " + text(recorded.seconds, digits: 2) + " s",
            "\(proven)/\(solutions.count) proven", key == "builtin" ? "< 2 s, all proven" : "all proven")
        line(
            "  per restaurant (s, median / max)",
            text(perRestaurant[perRestaurant.count / 2], digits: 3) + " / " + text(perRestaurant.last ?? 0, digits: 3),
            "seated \(state.overall.confirmed), optimum \(solutions.reduce(0) { $0 + $1.seated })", "", "")
        record("optimum_\(key)_seconds", seconds)
        record("optimum_\(key)_proven_share", Double(proven) / Double(max(1, solutions.count)))
    }
} else {
    print("optimum: skipped (no cbc; apt-get install coinor-cbc)")
}

// The sweep: `--sweep-runs` runs of the built-in day (reserve mode, 4 clients, checks invariants
// and oracle) through `replay sweep --jobs <cores>`, beside the same runs done one after another
// as separate `replay record` + `replay run --rebuild` processes. The overhead per run is the
// sweep's core time per run (wall × jobs / runs) beyond its `record` child: the fold that checks
// invariants and oracle, the scratch folder, the row and the reports.
if replayBinary != nil, option("--sweep-runs", 1_000) > 0 {
    let runs = option("--sweep-runs", 1_000)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    var starts: [Double] = []
    for _ in 0..<21 { starts.append(spawn(["--version"])) }
    let sequentialFolder = folder.appendingPathComponent("sequential")
    try FileManager.default.createDirectory(at: sequentialFolder, withIntermediateDirectories: true)
    var recordTotal = 0.0
    var rebuildTotal = 0.0
    for seed in 1...runs {
        let path = sequentialFolder.appendingPathComponent("run-\(seed).db").path
        recordTotal += spawn([
            "record", "--mode", "reserve", "--clients", "4", "--seed", String(seed), "--out", path, "--no-reports",
            "--quiet"
        ])
        rebuildTotal += spawn(["run", "--rebuild", path])
        try? FileManager.default.removeItem(atPath: path)
    }
    let sequential = recordTotal + rebuildTotal
    let sweepSeconds = spawn([
        "sweep", "--seeds", "1..\(runs)", "--mode", "reserve", "--clients", "4", "--check", "invariants,oracle",
        "--jobs", String(cores), "--keep", "none", "--quiet", "--out", folder.appendingPathComponent("sweep").path
    ])
    let overhead = sweepSeconds * Double(cores) / Double(runs) - recordTotal / Double(runs)
    line(
        "sweep, \(runs) runs, \(cores) jobs (s)", text(sweepSeconds, digits: 2),
        "sequential " + text(sequential, digits: 2) + " s",
        text(sweepSeconds / sequential, digits: 2), "<= 0.75")
    line(
        "  runs per second", text(rate(runs, sweepSeconds), digits: 1),
        "sequential " + text(rate(runs, sequential), digits: 1), "", "")
    line(
        "  per run (ms): record / rebuild",
        text(recordTotal * 1000 / Double(runs), digits: 1) + " / "
            + text(rebuildTotal * 1000 / Double(runs), digits: 1),
        "process start " + text(median(starts) * 1000, digits: 1), "", "")
    line("  sweep overhead per run (ms)", text(overhead * 1000, digits: 1), "core time beyond its record child", "", "")
    record("sweep_seconds", sweepSeconds)
    record("sweep_sequential_seconds", sequential)
    record("sweep_runs_per_s", rate(runs, sweepSeconds))
    record("sweep_overhead_ms_per_run", overhead * 1000)
    record("process_start_ms", median(starts) * 1000)
}

// Peer: the Python eventsourcing package, at its storage layer (the recorder: the same number of
// events of the same payload size) and at its application layer as its users write it (a
// `Booking` aggregate saved through an `Application` after each command; `--peer-events`,
// 20,000 by default: it appends a few thousand a second). Record is compared with both.
if let peerPython {
    let averagePayload = try { () throws -> Int in
        var total = 0
        var count = 0
        try CaptureReader(path: on.path).forEachEvent {
            total += $0.payload.utf8.count
            count += 1
            return true
        }
        return total / max(1, count)
    }()
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("scripts/peer_eventsourcing.py").path
    func peer(_ arguments: [String]) -> (append: Double, read: Double)? {
        let run = captured(peerPython, [script] + arguments)
        guard run.status >= 0 else { return nil }
        let output = Data(run.output.utf8)
        guard let json = try? JSONSerialization.jsonObject(with: output) as? [String: Any],
            let append = json["append_per_s"] as? Double ?? (json["append_per_s"] as? Int).map(Double.init),
            let read = json["read_per_s"] as? Double ?? (json["read_per_s"] as? Int).map(Double.init)
        else {
            print("peer: eventsourcing \(arguments.first ?? "") run failed: \(String(decoding: output, as: UTF8.self))")
            return nil
        }
        return (append, read)
    }
    if let storage = peer(["recorder", String(on.events), String(averagePayload)]) {
        line(
            "append vs peer storage (ev/s)", text(recordOn), "eventsourcing " + text(storage.append),
            text(recordOn / storage.append, digits: 2), "")
        line(
            "read vs peer storage (ev/s)", text(rebuildRate), "eventsourcing " + text(storage.read),
            text(rebuildRate / storage.read, digits: 2), "")
        record("peer_append_per_s", storage.append)
        record("peer_read_per_s", storage.read)
    }
    if let application = peer(["application", String(option("--peer-events", 20_000))]) {
        line(
            "append vs peer application (ev/s)", text(recordOn), "eventsourcing " + text(application.append),
            text(recordOn / application.append, digits: 2), ">= 4")
        line(
            "read vs peer application (ev/s)", text(rebuildRate), "eventsourcing " + text(application.read),
            text(rebuildRate / application.read, digits: 2), "")
        record("peer_application_append_per_s", application.append)
        record("peer_application_read_per_s", application.read)
    }
} else {
    print("peer: skipped (no --peer-python; scripts/bench installs eventsourcing into .venv-bench when pip works)")
}

// Scale: record time for 1k, 10k, 100k bookings, restaurants scaled with bookings.
var previous: Double?
var size = 1_000
while size <= scaleTop {
    let sized = scenario(bookings: size, seed: 7)
    var timed = try timedRecord(sized, bruteforce: true, name: "scale-\(size)-0.db")
    var times = [timed.seconds]
    for attempt in 1..<repeats {
        times.append(try timedRecord(sized, bruteforce: true, name: "scale-\(size)-\(attempt).db").seconds)
    }
    timed.seconds = median(times)
    let growth = previous.map { timed.seconds / $0 }
    line(
        "scale \(size) bookings (s)", text(timed.seconds, digits: 3), "\(timed.events) events",
        growth.map { text($0, digits: 2) + "x" } ?? "", growth == nil ? "" : "<= 12 per 10x")
    record("scale_\(size)_seconds", timed.seconds)
    if let growth { record("scale_\(size)_growth", growth) }
    previous = timed.seconds
    size *= 10
}

// Peak memory of run, rebuild and diff as separate processes (flat in the number of events).
if let replayBinary {
    // Measured by GNU time in its own small process: a child's peak RSS counts what it held
    // before exec, so spawning straight from this (large) process would report our own size.
    func peakKilobytes(_ arguments: [String]) -> Int {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return -1 }
        let output = folder.appendingPathComponent("rss.txt").path
        let time = ProcessLaunch(
            executable: "/usr/bin/time", arguments: ["-f", "%M", "-o", output, replayBinary] + arguments, output: .null,
            error: .null, ownGroup: true)
        guard (try? time.run()) != nil else { return -1 }
        // GNU time writes "Command exited with non-zero status N" first when the command exits non-zero.
        let lines = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n")
        return lines.last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? -1
    }
    // The same day with one pass instead of six: the same bookings and floors, fewer events
    // (failing bookings are retried less), so the ratio isolates the cost of events.
    let small = try timedRecord(day, bruteforce: true, name: "small.db", maxIterations: 1)
    for (name, large, tenth) in [
        ("run", ["run", on.path], ["run", small.path]),
        ("rebuild", ["run", "--rebuild", on.path], ["run", "--rebuild", small.path]),
        ("verify", ["verify", on.path], ["verify", small.path]),
        ("diff", ["diff", on.path, on.path, "--summary"], ["diff", small.path, small.path, "--summary"])
    ] {
        let peak = peakKilobytes(large)
        let peakTenth = peakKilobytes(tenth)
        line(
            "peak RSS, replay \(name) (MB)", text(Double(peak) / 1024, digits: 1),
            "\(small.events) events: \(text(Double(peakTenth) / 1024, digits: 1)) MB",
            text(Double(peak) / Double(max(1, peakTenth)), digits: 2), "flat in events")
        record("peak_rss_\(name)_kb", Double(peak))
        record("peak_rss_\(name)_tenth_kb", Double(peakTenth))
    }
}

oracleSection()
largeZoneSection()
enginesSection()
writeResults()
