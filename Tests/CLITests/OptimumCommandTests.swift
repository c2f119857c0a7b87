import Foundation
import Testing

let cbcInstalled =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/cbc")
    || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/cbc")

@Suite(.serialized) struct OptimumCommandTests {
    /// The stand-in solver's folder (Tests/CLITests/Solvers/cbc), first on the PATH.
    static let stubSolvers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Solvers")

    /// Whether a process runs (a zombie waiting for its parent does not).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    static func stubEnvironment(_ mode: String, temporary: URL, extra: [String: String] = [:]) -> [String: String] {
        [
            "PATH": stubSolvers.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "STUB_CBC": mode,
            "TMPDIR": temporary.path
        ].merging(extra) { $1 }
    }

    @Test func aSolutionThatIsNotAPlanOfTheDayIsAnErrorNamingTheRestaurant() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        #expect(try Replay.run(["record", "--quiet", "--no-reports", "--out", "day.db"], in: folder).status == 0)
        // "Optimal" with every variable 1: every booking on every one of its sets.
        let result = try Replay.run(
            ["optimum", "day.db"], in: folder, environment: Self.stubEnvironment("all-ones", temporary: temporary))
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stderr.contains("the solver failed on ")
                && result.stderr.contains("its solution is not a plan of the day: it seats ")
                && result.stderr.contains(" twice"), "\(result.stderr)")
        #expect(!result.stdout.contains("proven"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty,
            "the solver's folders are removed")
    }

    @Test func aSolverThatNeverExitsIsKilledAfterTheTimeLimitAndSignalsEndIt() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        #expect(
            try Replay.run(
                ["record", "--quiet", "--no-reports", "--restaurant", "pub-1", "--out", "day.db"], in: folder
            ).status == 0)
        let pidFile = folder.appendingPathComponent("solver.pid")
        let environment = Self.stubEnvironment("hang", temporary: temporary, extra: ["STUB_CBC_PIDFILE": pidFile.path])
        // It ignores SIGTERM and sleeps: killed 10 s past a 1 s limit.
        let started = ContinuousClock.now
        let late = try Replay.run(
            ["optimum", "day.db", "--time-limit", "1"], in: folder, environment: environment, timeout: 60)
        let waited = ContinuousClock.now - started
        #expect(
            late.status == 2
                && late.stderr.contains("was still running 10 s past the time limit of 1 s and was killed"),
            "\(late.stderr)")
        #expect(waited < .seconds(30), "\(waited)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        let first = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8)))
        #expect(!Self.isRunning(first), "the solver is gone")
        // SIGTERM to optimum while the solver runs: 143, the solver killed, its folder removed.
        try FileManager.default.removeItem(at: pidFile)
        let optimum = Process()
        optimum.executableURL = Replay.binary
        optimum.arguments = ["optimum", "day.db", "--time-limit", "600"]
        optimum.currentDirectoryURL = folder
        optimum.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        optimum.standardError = errors
        optimum.standardOutput = FileHandle.nullDevice
        try optimum.run()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: pidFile.path) && Date() < deadline { usleep(50_000) }
        usleep(200_000)
        let signalled = ContinuousClock.now
        kill(optimum.processIdentifier, SIGTERM)
        optimum.waitUntilExit()
        #expect(ContinuousClock.now - signalled < .seconds(2))
        #expect(optimum.terminationStatus == 143)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(
            message.contains("interrupted (signal 15); the solvers were stopped and their files removed"), "\(message)")
        let second = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8)))
        usleep(100_000)
        #expect(!Self.isRunning(second), "the solver is gone")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
    @Test(.enabled(if: cbcInstalled, "needs COIN-OR CBC: apt-get install coinor-cbc"))
    func theBuiltInDaysOptimumBesideTheRun() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        let text = try Replay.run(["optimum", "day.db"], in: folder)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("CBC 2."), "\(text.stdout)")
        let json = try Replay.run(["optimum", "--json", "day.db"], in: folder)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let totals = try #require(result["totals"] as? [String: Any])
        let seated = try #require(totals["seated"] as? Int)
        let optimum = try #require(totals["optimum"] as? Int)
        #expect(totals["proven"] as? Bool == true)
        #expect(seated == 93 && optimum >= seated && optimum <= 105 - 9, "9 bookings of the day have no window at all")
        let restaurants = try #require(result["restaurants"] as? [[String: Any]])
        #expect(restaurants.count == 5 && restaurants.allSatisfy { $0["proven"] as? Bool == true })
        // Every booking the plan recovers is one the run did not confirm.
        let recoverable = try #require(result["recoverable"] as? [[String: Any]])
        #expect(recoverable.allSatisfy { $0["run_status"] as? String != "confirmed" })
        #expect(recoverable.count >= optimum - seated)
        // Without a run: the scenario alone, no seated figure and no gap.
        let scenario = try Replay.run(["optimum", "--json", "--scenario", "default"], in: folder)
        #expect(
            scenario.status == 0 && scenario.stdout.contains(#""seated":null"#)
                && scenario.stdout.contains(#""optimum":\#(optimum)"#),
            "\(scenario.stdout)")
        // An unfinished capture: the optimum, but no gap, and exit 1.
        #expect(
            try Replay.run(["record", "--quiet", "--fail-at", "400", "--out", "cut.db", "--reports", "r"], in: folder)
                .status == 1)
        let cut = try Replay.run(["optimum", "--json", "cut.db"], in: folder)
        #expect(
            cut.status == 1 && cut.stdout.contains(#""gap_bp":null"#) && cut.stderr.contains("no gap"), "\(cut.stderr)")
    }

    @Test(.enabled(if: cbcInstalled, "needs COIN-OR CBC: apt-get install coinor-cbc"))
    func theOptimumInTheReportsTheGateAndDiff() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--optimum", "--out", "day.db", "--reports", "r", "--expect", "gap<=5%"], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stdout.contains("expectation met: gap<=5% (measured 2.11%)"), "\(record.stdout)")
        #expect(
            record.stdout.contains(
                "best possible day: 95 bookings (gap 2.11%, proven; 2 bookings an optimal plan seats that the run did not)"
            ))
        let markdown = try String(contentsOf: folder.appendingPathComponent("r/day.md"), encoding: .utf8)
        #expect(
            markdown.contains("## The best possible day")
                && markdown.contains("| **all** | 93 | 95 | 2.11% | proven |"), "\(markdown)")
        let json = try String(contentsOf: folder.appendingPathComponent("r/day.json"), encoding: .utf8)
        #expect(json.contains("\"optimum\": 95") && json.contains("\"gap_bp\": 211"))
        let html = try String(contentsOf: folder.appendingPathComponent("r/day.html"), encoding: .utf8)
        #expect(html.contains("best possible day · gap 2.11%"))
        #expect(
            html.components(separatedBy: "<g class=\"ghost\">").count - 1 >= 2,
            "the recovered bookings drawn on the timeline")
        // report --optimum writes the same reports again from the capture alone.
        let report = try Replay.run(["report", "day.db", "--optimum", "--reports", "r2"], in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("r2/day.md"), encoding: .utf8) == markdown)
        // A failing gap gate, and diff with both gaps.
        let strict = try Replay.run(
            ["record", "--quiet", "--out", "strict.db", "--reports", "r", "--expect", "gap<=1%"], in: folder)
        #expect(
            strict.status == 1 && strict.stderr.contains("expectation failed: gap<=1% (measured 2.11%)"),
            "\(strict.stderr)")
        #expect(
            try Replay.run(
                ["record", "--quiet", "--max-tables", "1", "--out", "narrow.db", "--reports", "r"], in: folder
            ).status == 0)
        let diff = try Replay.run(["diff", "--summary", "--optimum", "day.db", "narrow.db"], in: folder)
        #expect(
            diff.stdout.contains("best possible day: A seated 93 of 95 possible (gap 2.11%); B seated "),
            "\(diff.stdout)")
    }

    /// A day worked out by hand where the optimum swaps: one table T1 (1-4 seats); the run seats
    /// A (4 people, 18:00-20:30), the earliest, first, so B (18:15-19:15) and C (19:45-20:45), each
    /// overlapping A, fail. An optimal plan seats B and C (B's 15-minute buffer ends at 19:30) and
    /// gives up A: net +1. r2 has one booking and one table: no exchange.
    static let swapDay = """
        {"name": "swap", "date": "2025-11-08",
         "restaurants": [{"slug": "r1", "services": [{"name": "dinner", "start": "17:00", "end": "22:00"}],
           "turnMinutes": {"2": 60, "4": 150}, "bufferMinutes": 15, "tables": [{"id": "T1", "zone": "main", "min": 1, "max": 4}]},
          {"slug": "r2", "services": [{"name": "dinner", "start": "17:00", "end": "22:00"}],
           "turnMinutes": {"2": 60}, "bufferMinutes": 15, "tables": [{"id": "U1", "zone": "main", "min": 1, "max": 2}]}],
         "bookings": [{"id": "A", "restaurant": "r1", "start": "18:00", "party": 4},
                      {"id": "B", "restaurant": "r1", "start": "18:15", "party": 2},
                      {"id": "C", "restaurant": "r1", "start": "19:45", "party": 2},
                      {"id": "D", "restaurant": "r2", "start": "19:00", "party": 2}]}
        """

    @Test(.enabled(if: cbcInstalled, "needs COIN-OR CBC: apt-get install coinor-cbc"))
    func theOptimumSaysWhatItGivesUpOnlyForTheRestaurantsAskedWithAProgressLine() throws {
        let folder = newFolder()
        try Self.swapDay.write(to: folder.appendingPathComponent("swap.json"), atomically: true, encoding: .utf8)
        let record = try Replay.run(
            ["record", "--scenario", "swap.json", "--out", "swap.db", "--optimum", "--reports", "r"], in: folder)
        #expect(record.status == 0 && record.stdout.contains("success 2/4"), "\(record)")
        let text = try Replay.run(["optimum", "swap.db"], in: folder)
        #expect(
            text.status == 0 && text.stdout.contains("\nr1: an optimal plan seats B, C; gives up A to do so; net +1\n"),
            "\(text.stdout)")
        #expect(!text.stdout.contains("r2: an optimal plan"), "r2's plan is the run's: no exchange")
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try Replay.run(["optimum", "--json", "swap.db"], in: folder).stdout.utf8)) as? [String: Any])
        let exchanges = (json["restaurants"] as? [[String: Any]] ?? []).map { $0["exchange"] as? [String: Any] ?? [:] }
        #expect(
            exchanges.map { $0["seats"] as? [String] ?? [] } == [["B", "C"], []]
                && exchanges.map { $0["gives_up"] as? [String] ?? [] } == [["A"], []])
        #expect(exchanges.map { $0["net"] as? Int ?? -9 } == [1, 0])
        // The reports say the same, and the plan's bookings have their own lane, labelled in full.
        let markdown = try String(contentsOf: folder.appendingPathComponent("r/swap.md"), encoding: .utf8)
        #expect(markdown.contains("- r1: an optimal plan seats B, C; gives up A to do so; net +1"), "\(markdown)")
        let html = try String(contentsOf: folder.appendingPathComponent("r/swap.html"), encoding: .utf8)
        #expect(
            html.contains("OPTIMAL PLAN (2)") && html.contains(">B on T1</text>") && html.contains(">C on T1</text>"))
        #expect(html.contains("An optimal plan seats B, C; gives up A to do so; net +1."))
        // --restaurant from a capture: only the ones named; an unknown one lists the known.
        let one = try Replay.run(["optimum", "swap.db", "--restaurant", "r2"], in: folder)
        #expect(one.status == 0 && one.stdout.contains("\nr2 ") && !one.stdout.contains("\nr1 "), "\(one.stdout)")
        let unknown = try Replay.run(["optimum", "swap.db", "--restaurant", "r9"], in: folder)
        #expect(
            unknown.status == 2
                && unknown.stderr == "replay optimum: --restaurant r9: swap.db has no such restaurant; it has r1, r2\n",
            "\(unknown.stderr)")
        // On a terminal, a progress line while the restaurants are solved (stderr on a pseudo-terminal).
        let script = """
            import os, pty, subprocess, sys
            main, side = pty.openpty()
            done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=side)
            os.close(side)
            seen = b''
            while True:
                try:
                    chunk = os.read(main, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            print(done.returncode, repr(seen.decode()))
            """
        let terminal = try Replay.runProgram(
            "/usr/bin/env", ["python3", "-c", script, Replay.binary.path, "optimum", "swap.db"], in: folder)
        #expect(
            terminal.stdout.hasPrefix("0 ") && terminal.stdout.contains("replay optimum: 2/2 restaurants solved"),
            "\(terminal)")
    }

    @Test func aMissingSolverNamesThePackage() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        let process = Process()
        process.executableURL = Replay.binary
        process.arguments = ["optimum", "day.db"]
        process.currentDirectoryURL = folder
        process.environment = ["PATH": folder.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message.contains("apt-get install coinor-cbc"), "\(message)")
        let other = try Replay.run(["optimum", "--solver", "highs", "day.db"], in: folder)
        #expect(other.status == 2 && other.stderr.contains("not supported"))
    }
}
