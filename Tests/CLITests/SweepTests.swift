import CanonicalJSON
import EventLog
import Foundation
import Testing

/// `replay sweep` and `replay shrink` with real child processes: the grid, the figures
/// recomputed from the rows, shards merged, failing engines, and shrinks to a minimal day.
@Suite(.serialized) struct SweepTests {
    struct Row {
        var values: [String: String]
        subscript(_ column: String) -> String { values[column] ?? "" }
    }

    /// `sweep.db`'s runs, every column as text (NULL as "∅"), in position order.
    static func rows(_ folder: URL) throws -> [Row] {
        let connection = try Connection(path: folder.appendingPathComponent("sweep.db").path, mode: .readOnly)
        let statement = try connection.prepare("SELECT * FROM runs ORDER BY position")
        let columns = [
            "position", "scenario", "mode", "clients", "max_tables", "hold_ttl", "seed", "engine", "status", "detail",
            "events", "head_hash",
            "bookings", "tried", "confirmed", "failed", "refused", "conflicts", "success_bp", "coverage_bp", "phantom",
            "unsound",
            "optimum", "gap_bp", "check_invariants", "check_oracle", "check_reproduce", "capture", "command",
            "elapsed_ms", "coverage_limited"
        ]
        var rows: [Row] = []
        while try statement.step() {
            var values: [String: String] = [:]
            for (index, name) in columns.enumerated() {
                values[name] = statement.isNull(Int32(index)) ? "∅" : statement.text(Int32(index)) ?? ""
            }
            rows.append(Row(values: values))
        }
        return rows
    }

    static func json(_ folder: URL) throws -> JSONValue {
        try JSONParser.parse(String(contentsOf: folder.appendingPathComponent("sweep.json"), encoding: .utf8))
    }

    /// Nearest rank, as the reports promise: the smallest value with `percent` of the runs at or below it.
    static func percentile(_ sorted: [Int], _ percent: Int) -> Int {
        sorted[max(1, (percent * sorted.count + 99) / 100) - 1]
    }

    static func singlesOnlyCapture(in folder: URL) throws -> String {
        let result = try Replay.run(
            [
                "record", "--engine", EngineProtocolTests.engine("singles-only"), "--out", "singles.db", "--no-reports",
                "--quiet"
            ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return "singles.db"
    }

    @Test func aSmallGridHasOneRowPerRunTheFiguresOfItsRowsAndCommandsThatReproduce() throws {
        let folder = newFolder()
        let result = try Replay.run(
            [
                "sweep", "--seeds", "1..3", "--mode", "assign,reserve", "--clients", "1,4", "--max-tables", "3,4",
                "--clone-limit", "20", "--check", "invariants,oracle,reproduce", "--jobs", "2", "--out", "s"
            ], in: folder)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let sweep = folder.appendingPathComponent("s")
        let rows = try Self.rows(sweep)
        // assign: one cell per max-tables; reserve: one per clients × max-tables; 3 seeds each.
        #expect(rows.count == (1 + 2) * 2 * 3)
        #expect(rows.map { $0["position"] } == (0..<18).map(String.init))
        #expect(
            rows.allSatisfy {
                $0["status"] == "complete" && $0["check_invariants"] == "pass" && $0["check_oracle"] == "pass"
                    && $0["check_reproduce"] == "pass"
            })
        #expect(rows.filter { $0["mode"] == "assign" }.allSatisfy { $0["clients"] == "∅" })
        #expect(Set(rows.filter { $0["mode"] == "reserve" }.map { $0["clients"] }) == ["1", "4"])
        #expect(rows.map { $0["seed"] }.prefix(3) == ["1", "2", "3"])
        // The distribution in sweep.json, recomputed here from the rows.
        let report = try Self.json(sweep)
        for (metric, column) in [("success", "success_bp"), ("conflicts", "conflicts"), ("coverage", "coverage_bp")] {
            let values = rows.compactMap { Int($0[column]) }.sorted()
            let figures = try #require(report["distributions"]?[metric])
            #expect(figures["runs"]?.intValue == values.count)
            #expect(figures["min"]?.intValue == values.first && figures["max"]?.intValue == values.last)
            for percent in [10, 50, 90] {
                #expect(figures["p\(percent)"]?.intValue == Self.percentile(values, percent), "\(metric) p\(percent)")
            }
            let histogram = figures["histogram"]?.arrayValue ?? []
            #expect(histogram.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) } == values.count)
        }
        let axes = report["breakdowns"]?.arrayValue?.compactMap { $0["axis"]?.stringValue }
        #expect(axes == ["mode", "clients", "max_tables"])
        #expect(report["runs"]?.intValue == 18 && report["failing"]?.intValue == 0)
        for name in ["sweep.md", "sweep.html"] {
            #expect(FileManager.default.fileExists(atPath: sweep.appendingPathComponent(name).path))
        }
        #expect(!FileManager.default.fileExists(atPath: sweep.appendingPathComponent(".scratch").path))
        // `record` stays the unit: a row's command, run by hand from the sweep folder, gives its head hash.
        for row in [rows[4], rows[17]] {
            let words = row["command"].split(separator: " ").map(String.init)
            #expect(words.prefix(2) == ["replay", "record"])
            let again = try Replay.run(
                Array(words.dropFirst()) + ["--out", "again-\(row["position"]).db", "--json"], in: sweep)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("\"head_hash\":\"\(row["head_hash"])\""), "\(row["command"])")
        }
    }

    /// Rows without their timings (`elapsed_ms`), as merge promises them equal.
    static func withoutTimings(_ rows: [Row]) -> [[String: String]] {
        rows.map { $0.values.filter { $0.key != "elapsed_ms" } }
    }

    /// A sweep report without its timings (the JSON's `timings`, the pages' "Timings:" line).
    static func reportWithoutTimings(_ folder: URL, _ name: String) throws -> String {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        switch name {
        case "sweep.json":
            guard case .object(let fields) = try JSONParser.parse(text) else { return "" }
            return JSONValue.object(fields.filter { $0.key != "timings" }).canonicalText
        default:
            return text.split(separator: "\n").filter { !$0.contains("Timings: ") }.joined(separator: "\n")
        }
    }

    /// `sweep.db`'s meta as key=value lines, sorted.
    static func meta(_ folder: URL) throws -> [String] {
        let connection = try Connection(path: folder.appendingPathComponent("sweep.db").path, mode: .readOnly)
        let statement = try connection.prepare("SELECT key || '=' || value FROM meta ORDER BY key")
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(0) ?? "") }
        return lines
    }

    /// A merged sweep equals the unsharded one: rows apart from timings, reports apart from the
    /// timings line, meta.
    static func expectSameSweep(_ whole: URL, _ merged: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try withoutTimings(rows(whole)) == withoutTimings(rows(merged)), sourceLocation: sourceLocation)
        for name in ["sweep.json", "sweep.md", "sweep.html"] {
            #expect(
                try reportWithoutTimings(whole, name) == reportWithoutTimings(merged, name), "\(name)",
                sourceLocation: sourceLocation)
        }
        #expect(try meta(whole) == meta(merged), sourceLocation: sourceLocation)
    }

    /// The shard folders under a parent, by name.
    static func shardFolders(_ parent: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted()
    }

    @Test func shardsMergeIntoExactlyTheUnshardedSweep() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let grid = [
            "sweep", "--seeds", "1..4", "--mode", "assign,reserve", "--clients", "1,3", "--jobs", "2", "--quiet"
        ]
        #expect(try Replay.run(grid + ["--out", "whole"], in: folder).status == 0)
        for index in 1...3 {
            let shard = try Replay.run(grid + ["--shard", "\(index)/3", "--out", "shards"], in: folder)
            #expect(shard.status == 0, "\(shard.stderr)")
        }
        // Each shard in its own folder, named from the sweep's definition and its index.
        let names = try Self.shardFolders(folder.appendingPathComponent("shards"))
        #expect(names.count == 3)
        let id = String(names[0].dropFirst("sweep-".count).prefix(12))
        #expect(names == (1...3).map { "sweep-\(id)-shard-\($0)-of-3" })
        for (offset, name) in names.enumerated() {
            #expect(
                try Self.rows(folder.appendingPathComponent("shards/\(name)")).allSatisfy {
                    Int($0["position"])! % 3 == offset
                })
        }
        let merged = try Replay.run(
            ["sweep", "merge", "shards/\(names[2])", "shards/\(names[0])", "shards/\(names[1])", "--out", "merged"],
            in: folder)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try Self.rows(folder.appendingPathComponent("whole")).count == 12)
        try Self.expectSameSweep(folder.appendingPathComponent("whole"), folder.appendingPathComponent("merged"))
        // --from finds the same shards under their parent.
        let fromParent = try Replay.run(["sweep", "merge", "--from", "shards", "--out", "merged-from"], in: folder)
        #expect(fromParent.status == 0, "\(fromParent.stderr)")
        try Self.expectSameSweep(folder.appendingPathComponent("whole"), folder.appendingPathComponent("merged-from"))
    }

    @Test func aRetriedShardReplacesItsOwnOutputAndAKilledAttemptIsNeverAResult() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let grid = [
            "sweep", "--seeds", "1..6", "--mode", "reserve", "--clients", "2", "--jobs", "1", "--quiet", "--out",
            "shards"
        ]
        let scheduler = ["JOB_COMPLETION_INDEX": "1"]
        #expect(
            try Replay.run(grid + ["--shard-from-env", "--shard-count", "2"], in: folder, environment: scheduler).status
                == 0)
        let parent = folder.appendingPathComponent("shards")
        let name = try #require(try Self.shardFolders(parent).first)
        #expect(name.hasSuffix("-shard-2-of-2"))
        let first = try Data(contentsOf: parent.appendingPathComponent("\(name)/sweep.db"))
        // A killed attempt (its process gone) leaves its private folder; merge skips it, the retry removes it.
        let host = ProcessInfo.processInfo.hostName.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }
        let stale = parent.appendingPathComponent(".\(name).attempt-\(String(host.prefix(40)))-999999")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: stale.appendingPathComponent("sweep.db"))
        let missing = try Replay.run(["sweep", "merge", "--from", "shards", "--out", "merged"], in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("skipped 1 unfinished attempt"), "\(missing.stderr)")
        #expect(missing.stdout.contains("1 of 2 shards; missing 1/2; nothing merged"), "\(missing.stdout)")
        #expect(
            missing.stdout.contains(
                "replay sweep --seeds 1..6 --mode reserve --clients 2 --jobs 1 --quiet --shard 1/2 --out shards"),
            "\(missing.stdout)")
        #expect(missing.stdout.contains("Kubernetes: the Job's pod with JOB_COMPLETION_INDEX=0"), "\(missing.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged").path))
        // The retry of shard 2 publishes a whole new folder in place of the first, and cleans the stale attempt.
        #expect(
            try Replay.run(grid + ["--shard-from-env", "--shard-count", "2"], in: folder, environment: scheduler).status
                == 0)
        #expect(try Self.shardFolders(parent) == [name])
        let second = try Data(contentsOf: parent.appendingPathComponent("\(name)/sweep.db"))
        #expect(try Self.rows(parent.appendingPathComponent(name)).map { $0["position"] } == ["1", "3", "5"])
        #expect(first.count > 0 && second.count > 0)
        // The rerun command merge printed, run as printed, completes the sweep.
        let rerun = try Replay.run(grid + ["--shard", "1/2"], in: folder)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let merged = try Replay.run(["sweep", "merge", "--from", "shards", "--out", "merged"], in: folder)
        #expect(merged.status == 0, "\(merged.stdout)\(merged.stderr)")
        #expect(try Self.rows(folder.appendingPathComponent("merged")).count == 6)
    }

    @Test func theShardComesFromEachSchedulersOwnVariables() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweep = ["sweep", "--seeds", "1..4", "--jobs", "1", "--quiet", "--shard-from-env", "--out", "shards"]
        // Accepted: each scheduler's numbering becomes replay's shard K/N.
        let accepted: [([String: String], [String], String)] = [
            (
                [
                    "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "2",
                    "SLURM_ARRAY_TASK_COUNT": "2"
                ], [], "2-of-2"
            ),
            (
                [
                    "SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "3",
                    "SLURM_ARRAY_TASK_COUNT": "1"
                ], ["--shard-count", "4"], "3-of-4"
            ),
            (["JOB_COMPLETION_INDEX": "0"], ["--shard-count", "3"], "1-of-3"),
            (["AWS_BATCH_JOB_ARRAY_INDEX": "4", "AWS_BATCH_JOB_ARRAY_SIZE": "5"], [], "5-of-5")
        ]
        for (environment, extra, suffix) in accepted {
            let result = try Replay.run(sweep + extra, in: folder, environment: environment)
            #expect(result.status == 0, "\(environment): \(result.stderr)")
            #expect(
                try Self.shardFolders(folder.appendingPathComponent("shards")).contains {
                    $0.hasSuffix("-shard-\(suffix)")
                }, "\(environment)")
            let meta = try Self.meta(
                folder.appendingPathComponent(
                    "shards/"
                        + (Self.shardFolders(folder.appendingPathComponent("shards")).first { $0.hasSuffix(suffix) }
                            ?? "")))
            #expect(meta.contains("shard=" + suffix.replacingOccurrences(of: "-of-", with: "/")))
        }
        // Refused, naming the variable: missing, contradictory, out of range, not a number.
        let refused: [([String: String], [String], String)] = [
            (
                [:], [],
                "none of SLURM_ARRAY_TASK_ID (Slurm), JOB_COMPLETION_INDEX (Kubernetes), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) is set"
            ),
            (
                ["SLURM_ARRAY_TASK_ID": "1", "JOB_COMPLETION_INDEX": "0"], [],
                "both SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX are set"
            ),
            (
                ["JOB_COMPLETION_INDEX": "2"], [],
                "JOB_COMPLETION_INDEX gives the index but Kubernetes does not give the count: pass --shard-count N"
            ),
            (
                ["JOB_COMPLETION_INDEX": "3"], ["--shard-count", "3"],
                "JOB_COMPLETION_INDEX=3 is shard 4, past the 3 shards"
            ),
            (
                ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"], [],
                "SLURM_ARRAY_TASK_ID=0, but replay reads Slurm task ids from 1"
            ),
            (
                [
                    "SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "3",
                    "SLURM_ARRAY_TASK_COUNT": "1"
                ], [],
                "a rerun of some tasks or a stepped array needs the sweep's count, pass --shard-count N"
            ),
            (
                ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MAX": "8"], ["--shard-count", "4"],
                "SLURM_ARRAY_TASK_MAX=8 but --shard-count 4"
            ),
            (
                ["AWS_BATCH_JOB_ARRAY_INDEX": "1", "AWS_BATCH_JOB_ARRAY_SIZE": "4"], ["--shard-count", "3"],
                "AWS_BATCH_JOB_ARRAY_SIZE=4 but --shard-count 3: they contradict"
            ),
            (["SLURM_ARRAY_TASK_ID": "two"], [], "SLURM_ARRAY_TASK_ID is 'two', expected a whole number"),
            (
                ["JOB_COMPLETION_INDEX": "0"], ["--shard-count", "2", "--shard", "1/2"],
                "--shard and --shard-from-env name the shard twice"
            )
        ]
        for (environment, extra, message) in refused {
            let result = try Replay.run(sweep + extra, in: folder, environment: environment)
            #expect(result.status == 2, "\(environment)")
            #expect(
                result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1,
                "\(environment): \(result.stderr)")
        }
        let countAlone = try Replay.run(["sweep", "--shard-count", "2", "--out", "x"], in: folder)
        #expect(countAlone.status == 2 && countAlone.stderr.contains("--shard-count goes with --shard-from-env"))
    }

    @Test func mergeRefusesShardsOfAnotherSweepAndNamesTheMissingOnes() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (parent, seeds, shard) in [
            ("a", "1..3", "1/2"), ("a", "1..3", "2/2"), ("b", "1..4", "2/2"), ("whole", "1..3", "1/1")
        ] {
            #expect(
                try Replay.run(["sweep", "--seeds", seeds, "--shard", shard, "--quiet", "--out", parent], in: folder)
                    .status == 0)
        }
        let a = try Self.shardFolders(folder.appendingPathComponent("a")).map { "a/" + $0 }
        let b2 = try #require(try Self.shardFolders(folder.appendingPathComponent("b")).first.map { "b/" + $0 })
        let whole = try #require(
            try Self.shardFolders(folder.appendingPathComponent("whole")).first.map { "whole/" + $0 })
        let refused: [([String], String)] = [
            ([a[0], b2], "shards of different sweeps"),
            ([a[0], whole], "different splits"),
            ([a[0], "nowhere"], "nowhere/sweep.db: no such file"),
            (["--from", "nowhere"], "nowhere: cannot read the folder"),
            (["--from", "a", a[0]], "not both")
        ]
        for (arguments, message) in refused {
            let result = try Replay.run(["sweep", "merge"] + arguments + ["--out", "merged"], in: folder)
            #expect(result.status == 2, "\(arguments)")
            #expect(
                result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1,
                "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged/sweep.db").path))
        }
        // Missing and duplicate shards are named, with the rerun, and nothing is merged (exit 1).
        let found: [([String], [String])] = [
            (
                [a[0]],
                ["1 of 2 shards; missing 2/2; nothing merged", "replay sweep --seeds 1..3 --quiet --shard 2/2 --out a"]
            ),
            ([a[0], a[0]], ["held twice 1/2", "shard 1/2 is in \(a[0]) and \(a[0]): keep one"])
        ]
        for (arguments, lines) in found {
            let result = try Replay.run(["sweep", "merge"] + arguments + ["--out", "merged"], in: folder)
            #expect(result.status == 1, "\(arguments)")
            for line in lines { #expect(result.stdout.contains(line), "\(arguments): \(result.stdout)") }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged").path))
        }
        // Two sweeps under one parent: named, merged one at a time.
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent(b2),
            to: folder.appendingPathComponent("a/" + (b2 as NSString).lastPathComponent))
        let mixed = try Replay.run(["sweep", "merge", "--from", "a", "--out", "merged"], in: folder)
        #expect(mixed.status == 2 && mixed.stderr.contains("holds shards of 2 sweeps"), "\(mixed.stderr)")
        #expect(try Replay.run(["sweep", "merge", a[1], a[0], "--out", "merged"], in: folder).status == 0)
    }

    @Test func aSinglesOnlyEngineFailsTheSweepWithItsFailingRunsKept() throws {
        let folder = newFolder()
        let result = try Replay.run(
            [
                "sweep", "--seeds", "1..2", "--engine", EngineProtocolTests.engine("singles-only"), "--jobs", "2",
                "--expect", "success.p50>=50%", "--expect", "phantom==0", "--out", "s"
            ], in: folder)
        #expect(result.status == 1, "\(result.stderr)")
        let rows = try Self.rows(folder.appendingPathComponent("s"))
        #expect(rows.count == 2)
        for row in rows {
            #expect(row["status"] == "complete")
            #expect(row["check_invariants"] == "pass")
            #expect(
                row["check_oracle"].hasPrefix("fail: ") && row["check_oracle"].contains("phantom unavailable"),
                "\(row["check_oracle"])")
            #expect(row["capture"] == "captures/run-\(row["position"]).db")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("s/\(row["capture"])").path))
            #expect(row["command"].contains("--engine 'python3 "))
        }
        #expect(result.stdout.contains("expectation met: success.p50>=50%"))
        #expect(result.stdout.contains("expectation FAILED: phantom==0 (2 of 2 runs miss it"), "\(result.stdout)")
        // The same engine with --keep none keeps nothing; a passing sweep keeps nothing by default.
        #expect(
            try Replay.run(
                [
                    "sweep", "--seeds", "1..1", "--engine", EngineProtocolTests.engine("singles-only"), "--keep",
                    "none", "--quiet", "--out", "n"
                ], in: folder
            ).status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("n/captures").path))
        #expect(try Replay.run(["sweep", "--seeds", "1..1", "--quiet", "--out", "p"], in: folder).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("p/captures").path))
    }

    @Test(arguments: [
        (["sweep", "--seeds", "5..1"], "--seeds must be A..B"),
        (["sweep", "--mode", "assign,banana"], "--mode lists assign or reserve, found 'banana'"),
        (["sweep", "--clients", "1,4"], "--clients applies to --mode reserve only"),
        (["sweep", "--mode", "reserve", "--clients", "1,x"], "--clients is a comma-separated list of whole numbers"),
        (["sweep", "--mode", "reserve", "--clients", "0"], "--clients must be at least 1"),
        (["sweep", "--max-tables", "2,9"], "--max-tables must be in 1...5"),
        (["sweep", "--check", "oracle", "--no-bruteforce"], "the oracle check needs the coverage oracle"),
        (["sweep", "--check", "vibes"], "--check lists invariants, oracle, reproduce"),
        (["sweep", "--shard", "4/3"], "--shard must be K/N"),
        (["sweep", "--keep", "some"], "--keep must be failing, all or none"),
        (["sweep", "--expect", "success.p42>=80%"], "unknown statistic p42"),
        (["sweep", "--generate", "5"], "--generate must be RESTAURANTS:BOOKINGS[:SEED]"),
        (["sweep", "--restaurant", "nowhere"], "--restaurant nowhere is not in scenario"),
        (["shrink", "missing.db", "--until", "phantom"], "missing.db"),
        (["shrink", "missing.db", "--until", "vibes"], "--until must be one of phantom")
    ])
    func badInputExitsTwoWithOneLine(arguments: [String], message: String) throws {
        let folder = newFolder()
        let result = try Replay.run(arguments + (arguments[0] == "sweep" ? ["--out", "s"] : []), in: folder)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(
            result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1,
            "\(arguments): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("s").path), "\(arguments)")
    }

    @Test func shrinkFindsTheSinglesOnlyEnginesMinimalDayTheSameWayEveryTime() throws {
        let folder = newFolder()
        let capture = try Self.singlesOnlyCapture(in: folder)
        var outputs: [String] = []
        for (name, jobs) in [("one", "2"), ("two", "2"), ("three", "1")] {
            let result = try Replay.run(
                ["shrink", capture, "--until", "phantom", "--jobs", jobs, "--out", name, "--trust-engine"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            let line = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
            #expect(line.hasPrefix("shrunk 105 bookings/90 tables to 1/2 in "), "\(line)")
            let scenario = try JSONParser.parse(
                String(contentsOf: folder.appendingPathComponent("\(name)/scenario.json"), encoding: .utf8))
            #expect(scenario["bookings"]?.arrayValue?.count == 1)
            #expect(scenario["restaurants"]?.arrayValue?.count == 1)
            #expect(scenario["restaurants"]?.arrayValue?.first?["tables"]?.arrayValue?.count == 2)
            outputs.append(
                try String(contentsOf: folder.appendingPathComponent("\(name)/scenario.json"), encoding: .utf8))
            if name != "three" { outputs.append(line) }
            // The shrunk capture is a real, complete recording that shows the property.
            #expect(try Replay.run(["verify", "\(name)/capture.db"], in: folder).status == 0)
            let events = try EngineProtocolTests.events(folder.appendingPathComponent("\(name)/capture.db").path)
            #expect(
                events.contains {
                    $0.record.type == "coverage.measured" && $0.record.payload.contains("\"phantom_unavailable\":true")
                })
        }
        // Deterministic: the same day and line with the same jobs, the same day with other jobs.
        #expect(outputs[0] == outputs[2] && outputs[1] == outputs[3] && outputs[0] == outputs[4])
    }

    /// After the day, the options shrink, each only where its mode reads it: a reserve run of 4
    /// clients cloning 9 bookings with combinations of up to 4 tables shows the singles-only
    /// engine's phantom with 1 client, 1 clone and pairs (the smallest combination it refuses).
    @Test func shrinkTakesTheRunOptionsDownToTheSmallestThatStillFail() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = try Replay.run(
            [
                "record", "--engine", EngineProtocolTests.engine("singles-only"), "--mode", "reserve", "--clients", "4",
                "--clone-limit", "9", "--out", "s.db", "--no-reports", "--quiet"
            ], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let shrink = try Replay.run(
            ["shrink", "s.db", "--until", "phantom", "--trust-engine", "--out", "small"], in: folder)
        #expect(shrink.status == 0, "\(shrink.stderr)")
        let reproduce = shrink.stdout.split(separator: "\n").first { $0.hasPrefix("reproduce: ") } ?? ""
        #expect(reproduce.contains(" --mode reserve --seed 1 --max-tables 2 --clone-limit 1 --engine "), "\(reproduce)")
        #expect(!reproduce.contains("--clients"), "\(reproduce)")
        for step in ["clients", "max tables", "clone limit"] {
            #expect(shrink.stderr.contains("shrink: \(step): "), "\(step): \(shrink.stderr)")
        }
        #expect(!shrink.stderr.contains("shrink: passes"), "assign mode's passes shrunk in a reserve run")
    }

    @Test func shrinkFindsANondeterministicEnginesDivergenceOnASmallDay() throws {
        let folder = newFolder()
        let record = try Replay.run(
            [
                "record", "--engine", EngineProtocolTests.engine("nondeterministic"), "--out", "nd.db", "--no-reports",
                "--quiet"
            ], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let result = try Replay.run(
            ["shrink", "nd.db", "--until", "diverges", "--out", "small", "--trust-engine"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("to 1/1 in "), "\(result.stdout)")
        #expect(
            try Replay.run(
                ["run", "small/capture.db", "--engine", EngineProtocolTests.engine("nondeterministic")], in: folder
            ).status == 1)
    }

    @Test func shrinkExitsOneWhenTheDayDoesNotShowTheProperty() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--out", "day.db", "--no-reports", "--quiet"], in: folder).status == 0)
        for property in ["phantom", "unsound", "violation", "diverges", "fails:B010", "success-below:50%"] {
            let result = try Replay.run(["shrink", "day.db", "--until", property, "--out", "none"], in: folder)
            #expect(result.status == 1, "\(property): \(result.stderr)")
            #expect(result.stderr.contains("does not hold on the day of day.db"), "\(property): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("none").path))
        }
        // A failing booking of the built-in day shrinks to a day that still fails it, for the
        // same reason (another booking on the table it needs), not merely any failure.
        let failing = try Replay.run(["shrink", "day.db", "--until", "fails:B071", "--out", "small"], in: folder)
        #expect(failing.status == 0, "\(failing.stderr)")
        #expect(failing.stdout.contains("booking B071 is failed (tables_occupied)"), "\(failing.stdout)")
        let unknown = try Replay.run(["shrink", "day.db", "--until", "fails:Bzz", "--out", "unknown"], in: folder)
        #expect(
            unknown.status == 2 && unknown.stderr.contains("no booking Bzz in the day of day.db"), "\(unknown.stderr)")
        let scenario = try JSONParser.parse(
            String(contentsOf: folder.appendingPathComponent("small/scenario.json"), encoding: .utf8))
        #expect(scenario["bookings"]?.arrayValue?.contains { $0["id"]?.stringValue == "B071" } == true)
        #expect((scenario["bookings"]?.arrayValue?.count ?? 0) < 105)
    }

    @Test(.enabled(if: cbcInstalled, "needs COIN-OR CBC: apt-get install coinor-cbc"))
    func theGapGatesASweepAndShrinksADay() throws {
        let folder = newFolder()
        let sweep = try Replay.run(
            ["sweep", "--seeds", "1..2", "--expect", "gap.max<=50%", "--expect", "gap<=1%", "--out", "s"], in: folder)
        #expect(sweep.status == 1, "\(sweep.stderr)")
        #expect(sweep.stdout.contains("expectation met: gap.max<=50%"), "\(sweep.stdout)")
        #expect(sweep.stdout.contains("expectation FAILED: gap<=1%"), "\(sweep.stdout)")
        let rows = try Self.rows(folder.appendingPathComponent("s"))
        #expect(rows.allSatisfy { Int($0["optimum"]) ?? 0 >= Int($0["confirmed"]) ?? 0 && $0["gap_bp"] != "∅" })
        #expect(try Replay.run(["record", "--out", "day.db", "--no-reports", "--quiet"], in: folder).status == 0)
        let shrink = try Replay.run(["shrink", "day.db", "--until", "gap-above:1%", "--out", "small"], in: folder)
        #expect(shrink.status == 0, "\(shrink.stderr)")
        #expect(shrink.stdout.contains("property gap-above:1% holds: gap "), "\(shrink.stdout)")
        let scenario = try JSONParser.parse(
            String(contentsOf: folder.appendingPathComponent("small/scenario.json"), encoding: .utf8))
        #expect((scenario["bookings"]?.arrayValue?.count ?? 0) < 105)
    }

    /// Reserve mode: an outside engine's "no capacity" at creation is checked by the oracle like
    /// a first quote, so an engine that turns away a booking a free set could seat is a phantom.
    @Test func aRefusalAtCreationIsCheckedByTheOracle() throws {
        let folder = newFolder()
        let result = try Replay.run(
            [
                "record", "--mode", "reserve", "--clone-limit", "40", "--engine",
                EngineProtocolTests.engine("singles-only"),
                "--out", "r.db", "--no-reports"
            ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let events = try EngineProtocolTests.events(folder.appendingPathComponent("r.db").path)
        // A refusal while a set fits is the engine's miss (engine_missed), not the restaurant's capacity.
        let refusals = events.filter {
            $0.record.type == "booking.refused"
                && ($0.record.payload.contains("no_capacity") || $0.record.payload.contains("engine_missed"))
        }
        #expect(refusals.contains { $0.record.payload.contains("engine_missed") })
        for refusal in refusals {
            let next = events.first { $0.record.seq == refusal.record.seq + 1 }
            #expect(
                next?.record.type == "coverage.measured" && next?.record.booking == refusal.record.booking,
                "\(refusal.record.seq)")
        }
        #expect(
            events.contains {
                $0.record.type == "coverage.measured" && $0.record.payload.contains("\"phantom_unavailable\":true")
            })
        #expect(!result.stdout.contains(": 0 phantom unavailable"), "\(result.stdout)")
        // The built-in allocator's reserve runs are unchanged: no coverage after a refusal.
        #expect(
            try Replay.run(
                ["record", "--mode", "reserve", "--clone-limit", "40", "--out", "b.db", "--no-reports", "--quiet"],
                in: folder
            ).status == 0)
        let builtIn = try EngineProtocolTests.events(folder.appendingPathComponent("b.db").path)
        for refusal in builtIn where refusal.record.type == "booking.refused" {
            #expect(builtIn.first { $0.record.seq == refusal.record.seq + 1 }?.record.type != "coverage.measured")
        }
    }
}
