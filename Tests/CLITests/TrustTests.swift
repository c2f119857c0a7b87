import EventLog
import Foundation
import Testing

/// Results people can trust: an unfinished capture is never shown as a result, interrupts end a
/// recording cleanly, every booking tried counts, CI gates, and a strict command line.
@Suite(.serialized) struct TrustTests {
    /// A `replay record` child process, left running.
    static func startRecording(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = Replay.binary
        process.arguments = ["record"] + arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until the capture holds at least `events` committed events (bounded: 60 s).
    static func waitForEvents(_ path: String, atLeast events: Int) throws {
        for _ in 0..<600 {
            if let reader = try? CaptureReader(path: path), let count = try? reader.countEvents(), count >= events {
                return
            }
            usleep(100_000)
        }
        Issue.record("\(path) never reached \(events) events")
    }

    static func generatedDay(in folder: URL) throws {
        let generated = try Replay.run(
            ["scenario", "generate", "--restaurants", "200", "--bookings", "12000", "--seed", "4", "--out", "big.json"],
            in: folder)
        #expect(generated.status == 0, "\(generated.stderr)")
    }

    @Test func verifyTellsAStillWrittenCaptureFromAStoppedOne() throws {
        let folder = newFolder()
        try Self.generatedDay(in: folder)
        let recording = try Self.startRecording(
            ["--quiet", "--scenario", "big.json", "--out", "live.db", "--reports", "r", "--batch-size", "64"],
            in: folder)
        try Self.waitForEvents(folder.appendingPathComponent("live.db").path, atLeast: 2_000)
        let live = try Replay.run(["verify", "live.db"], in: folder)
        recording.waitUntilExit()
        #expect(live.status == 1, "\(live.stdout) \(live.stderr)")
        #expect(live.stderr.contains("still being written") && live.stderr.contains("events so far"), "\(live.stderr)")
        #expect(!live.stderr.contains("corrupt"))
        #expect(recording.terminationStatus == 0)
        let done = try Replay.run(["verify", "live.db"], in: folder)
        #expect(done.status == 0 && done.stdout.contains("complete"), "\(done.stdout) \(done.stderr)")
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func anInterruptStopsTheRecordingAndMarksItAborted(signal: Int32, exit: Int32) throws {
        let folder = newFolder()
        try Self.generatedDay(in: folder)
        let path = folder.appendingPathComponent("int.db").path
        let recording = try Self.startRecording(
            ["--scenario", "big.json", "--out", "int.db", "--reports", "r", "--batch-size", "64"], in: folder)
        try Self.waitForEvents(path, atLeast: 1_000)
        kill(recording.processIdentifier, signal)
        recording.waitUntilExit()
        #expect(recording.terminationStatus == exit)
        let reader = try CaptureReader(path: path)
        #expect(reader.metaValue("status") == "aborted")
        #expect(reader.metaValue("abort_reason") == "interrupted")
        #expect(try reader.countEvents() == Int(reader.metaValue("event_count") ?? "") ?? -1)
        for suffix in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: path + suffix), "\(suffix) left behind")
        }
        let verify = try Replay.run(["verify", "int.db"], in: folder)
        #expect(verify.status == 1 && verify.stderr.contains("incomplete, aborted: interrupted"), "\(verify.stderr)")
        // No reports for a run that is not a result, and no empty reports folder either.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r").path))
    }

    @Test func anUnfinishedCaptureIsNeverShownAsAResult() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        let crash = try Replay.run(
            ["record", "--quiet", "--fail-at", "300", "--out", "crash.db", "--reports", "r"], in: folder)
        #expect(crash.status == 1)
        for suffix in ["-wal", "-shm"] {
            #expect(
                !FileManager.default.fileExists(atPath: folder.appendingPathComponent("crash.db" + suffix).path),
                "--fail-at left \(suffix)")
        }
        let report = try Replay.run(["report", "crash.db", "--reports", "rc"], in: folder)
        #expect(report.status == 1 && report.stderr.contains("Not a result"), "\(report.stderr)")
        let markdown = try String(contentsOf: folder.appendingPathComponent("rc/crash.md"), encoding: .utf8)
        #expect(markdown.contains("> **Not a result: this capture is incomplete"))
        #expect(!markdown.contains("bookings confirmed ("), "no headline rate")
        let html = try String(contentsOf: folder.appendingPathComponent("rc/crash.html"), encoding: .utf8)
        #expect(html.contains("<p class=\"banner\">Not a result"))
        #expect(!html.contains("success ("), "no success card")
        #expect(!html.contains("every booking was confirmed") && html.contains("None before the capture stopped."))
        #expect(markdown.contains("| **all** | 105 | 5 | 0 | 0 | unfinished |"), "no rate in the table: \(markdown)")
        let json = try String(contentsOf: folder.appendingPathComponent("rc/crash.json"), encoding: .utf8)
        #expect(json.contains("\"complete\": false,\n    \"condition\": \"incomplete\""), "\(json)")
        let diff = try Replay.run(["diff", "day.db", "crash.db"], in: folder)
        #expect(diff.stdout.contains("no verdict: B is incomplete"), "\(diff.stdout)")
        #expect(!diff.stdout.contains("did better"))
        let diffJSON = try Replay.run(["diff", "--json", "--summary", "day.db", "crash.db"], in: folder)
        #expect(
            diffJSON.stdout.contains(
                #""better":null,"a_condition":"complete","b_condition":"incomplete","judgeable":false"#),
            "\(diffJSON.stdout)")
        let gate = try Replay.run(["diff", "--fail-on", "worse", "day.db", "crash.db"], in: folder)
        #expect(gate.status == 1 && gate.stderr.contains("no verdict"), "\(gate.stderr)")
    }

    @Test func everyBookingTriedCountsInTheSuccessRate() throws {
        let folder = newFolder()
        let result = try Replay.run(
            [
                "record", "--json", "--mode", "reserve", "--clone-limit", "40", "--clients", "4", "--out", "r.db",
                "--reports", "r"
            ],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let bookings = try #require(summary["bookings"] as? Int)
        let confirmed = try #require(summary["confirmed"] as? Int)
        let refused = try #require(summary["refused"] as? Int)
        let rate = try #require(summary["success_rate_bp"] as? Int)
        // The day's 105 bookings seated first (the prefill) and the 40 clones.
        #expect(bookings == 145 && refused > 0)
        #expect(rate == (confirmed * 10_000 + bookings / 2) / bookings, "refused bookings count against the rate")
        let reserve = try #require(summary["reserve"] as? [String: Int])
        #expect(reserve["prefilled"] == 105 && reserve["clones"] == 40 && reserve["refused"] == refused)
        #expect(reserve["prefill_seated"]! + reserve["confirmed"]! == confirmed)
        let text = try Replay.run(
            ["record", "--mode", "reserve", "--clone-limit", "40", "--clients", "4", "--out", "t.db", "--reports", "r"],
            in: folder)
        #expect(text.stdout.contains("success \(confirmed)/145 = "), "\(text.stdout)")
        #expect(text.stdout.contains("\(refused) refused; every booking tried counts"))
        #expect(
            text.stdout.contains(
                "prefill seated \(reserve["prefill_seated"]!) of the day's 105 bookings; clones: 40 tried,"),
            "\(text.stdout)")
    }

    @Test func expectationsGateARun() throws {
        let folder = newFolder()
        let pass = try Replay.run(
            [
                "record", "--out", "a.db", "--reports", "r", "--expect", "success>=85%", "--expect", "phantom==0",
                "--expect", "unsound==0", "--expect", "conflicts<=0"
            ], in: folder)
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("expectation met: success>=85% (measured 88.57%)"), "\(pass.stdout)")
        let fail = try Replay.run(
            [
                "record", "--quiet", "--out", "b.db", "--reports", "r", "--expect", "success>=95%", "--expect",
                "phantom==0",
                "--expect", "confirmed>100"
            ], in: folder)
        #expect(fail.status == 1)
        #expect(
            fail.stderr
                == "expectation failed: success>=95% (measured 88.57%)\nexpectation failed: confirmed>100 (measured 93)\n",
            "\(fail.stderr)")
        // The capture and reports are still written: the run itself completed.
        #expect(try Replay.run(["verify", "b.db"], in: folder).status == 0)
        let json = try Replay.run(
            ["record", "--json", "--out", "c.db", "--reports", "r", "--expect", "coverage==100%"], in: folder)
        #expect(
            json.stdout.contains(
                #""expectations":[{"expectation":"coverage==100%","holds":true,"measured":"100.00%"}]"#),
            "\(json.stdout)")
        for (expression, problem) in [
            ("sucess>=95%", "unknown metric sucess"), ("success>=95", "is a percentage"),
            ("phantom==-1", "is a count"), ("success", "expected METRIC OP VALUE"), ("gap<=5", "is a percentage")
        ] {
            let refused = try Replay.run(["record", "--out", "x.db", "--expect", expression], in: folder)
            #expect(refused.status == 2 && refused.stderr.contains(problem), "\(expression): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.db").path))
    }

    @Test func diffFailsOnWorseOnly() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "wide.db", "--reports", "r"], in: folder).status == 0)
        #expect(
            try Replay.run(
                ["record", "--quiet", "--max-tables", "1", "--out", "narrow.db", "--reports", "r"], in: folder
            ).status == 0)
        let worse = try Replay.run(["diff", "--fail-on", "worse", "--summary", "wide.db", "narrow.db"], in: folder)
        #expect(worse.status == 1 && worse.stderr.contains("B is worse: B confirms"), "\(worse.stderr)")
        let better = try Replay.run(["diff", "--fail-on", "worse", "--summary", "narrow.db", "wide.db"], in: folder)
        #expect(better.status == 0, "\(better.stderr)")
        let same = try Replay.run(["diff", "--fail-on", "worse", "wide.db", "wide.db"], in: folder)
        #expect(same.status == 0)
        #expect(try Replay.run(["diff", "--fail-on", "better", "wide.db", "wide.db"], in: folder).status == 2)
    }

    @Test(arguments: [
        (["record", "--clients", "4"], "--clients applies to --mode reserve only"),
        (["record", "--prefill", "none"], "--prefill applies to --mode reserve only"),
        (["record", "--mode", "reserve", "--prefill", "half"], "--prefill must be assign, none or real, found half"),
        (["sweep", "--prefill", "none"], "--prefill applies to --mode reserve only"),
        (["record", "--clone-limit", "40", "--avoid-used"], "--clone-limit, --avoid-used apply to --mode reserve only"),
        (["record", "--mode", "reserve", "--max-iterations", "2"], "--max-iterations applies to --mode assign only"),
        (["record", "--seed", "-1"], "--seed must be at least 0, found -1"),
        (["record", "--max-iterations", "0"], "--max-iterations must be at least 1"),
        (["record", "--mode", "reserve", "--clone-limit", "0"], "--clone-limit must be at least 1"),
        (["record", "--mode", "reserve", "--clients", "-2"], "--clients must be at least 1, found -2"),
        (["record", "--quiet", "--verbose"], "--quiet and --verbose contradict"),
        (["record", "--date", "2030-01-01"], "nothing to do: no booking of scenario default is on 2030-01-01"),
        (["record", "--mode", "reserve", "--source-after", "23:30"], "nothing to clone"),
        (
            ["record", "--fail-at", "99999", "--quiet"],
            "--fail-at 99999 never fired: the run finished first, with 836 events"
        ),
        (["run", "--json", "day.db"], "--json goes with --at"),
        (["run", "--rebuild", "--at", "3", "day.db"], "--rebuild and --at"),
        (["run", "--at", "-4", "day.db"], "--at must be at least 1"),
        (["scenario", "generate", "--out", "day.db"], "day.db: already exists; replace it with --force"),
        (["recrod"], "unknown command 'recrod'. Did you mean 'record'?"),
        (["record", "--seeed", "3"], "Did you mean '--seed'?"),
        (["record", "--engine-timeout", "5"], "--engine-timeout goes with --engine"),
        (
            ["record", "--mode", "reserve", "--clone-limit", "2000000"],
            "--clone-limit must be in 1...1000000, found 2000000"
        ),
        (["optimum", "day.db", "--max-tables", "3"], "--date and --max-tables go with --scenario"),
        (["run", "new\nline.db"], "new\\u{a}line.db: no such file")
    ])
    func theCommandLineRefusesWhatItWouldIgnore(arguments: [String], message: String) throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        let before = FileManager.default.contents(atPath: folder.appendingPathComponent("day.db").path)
        let isFailAt = arguments.contains("--fail-at")
        let result = try Replay.run(
            arguments + (arguments.first == "record" ? ["--out", "x.db", "--reports", "rx"] : []), in: folder)
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        // Refused before anything is written (but --fail-at, which only learns at the end).
        #expect(isFailAt || !FileManager.default.fileExists(atPath: folder.appendingPathComponent("x.db").path))
        #expect(FileManager.default.contents(atPath: folder.appendingPathComponent("day.db").path) == before)
    }

    @Test func anEmptyReportsFolderNameIsRefused() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Replay.run(["record", "--quiet", "--out", "x.db", "--reports", ""], in: folder)
        #expect(
            result.status == 2 && result.stderr.contains("--reports names a folder, found an empty name"),
            "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A writer killed while SQLite's rollback journal is hot (the instant a recording leaves WAL
    /// mode) leaves a file a read-only reader cannot open as is: every command reads a rolled-back
    /// private copy, and the capture and its journal are left exactly as they were.
    @Test func aHotJournalIsRolledBackInACopyNotInTheCapture() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "hot.db", "--reports", "r"], in: folder).status == 0)
        let script =
            "import sqlite3, os\ndb = sqlite3.connect('hot.db', isolation_level=None)\ndb.execute('PRAGMA cache_size=1')\n"
            + "db.execute('BEGIN')\ndb.execute(\"UPDATE events SET payload = payload || ' '\")\nos._exit(0)\n"
        try script.write(to: folder.appendingPathComponent("hot.py"), atomically: true, encoding: .utf8)
        #expect(try Replay.shell("python3 hot.py", in: folder).status == 0)
        let journal = folder.appendingPathComponent("hot.db-journal").path
        #expect(FileManager.default.fileExists(atPath: journal), "the script left no hot journal")
        let before = [
            FileManager.default.contents(atPath: folder.appendingPathComponent("hot.db").path),
            FileManager.default.contents(atPath: journal)
        ]
        for command in [
            ["verify", "hot.db"], ["run", "--rebuild", "hot.db"], ["run", "hot.db"], ["show", "hot.db", "--to", "3"]
        ] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        #expect(
            [
                FileManager.default.contents(atPath: folder.appendingPathComponent("hot.db").path),
                FileManager.default.contents(atPath: journal)
            ] == before)
    }

    /// A closed or full stderr, or a reader that goes away, never traps (it used to: SIGILL, 132).
    @Test func aClosedOrFullStderrNeverTraps() throws {
        let folder = newFolder()
        let binary = Replay.binary.path
        for redirect in ["2>&-", "2>/dev/full"] {
            let missing = try Replay.shell("'\(binary)' verify missing.db \(redirect); echo $?", in: folder)
            #expect(missing.stdout == "2\n", "\(redirect): \(missing.stdout)")
        }
        // The verbose log's reader goes away after two lines; the recording goes on and completes.
        _ = try Replay.shell(
            "'\(binary)' record --verbose --out v.db --reports r 2>&1 | head -2 > /dev/null", in: folder)
        let verify = try Replay.run(["verify", "v.db"], in: folder)
        #expect(verify.status == 0, "a recording whose log stream closed still completes: \(verify.stderr)")
    }

    /// Two recordings racing for one path: exactly one wins, the other says so, and nothing but
    /// the capture is left at or beside the path.
    @Test func twoWritersOnOnePathNeverLeaveJunk() throws {
        let folder = newFolder()
        let binary = Replay.binary.path
        for trial in 1...50 {
            let name = "race-\(trial).db"
            // Two processes started back to back (not through a shell: a test thread's blocked
            // signal mask would keep a shell's `wait` from ever returning).
            let writers = try ["a", "b"].map { side -> (Process, Pipe) in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = [
                    "record", "--quiet", "--restaurant", "pub-2", "--out", name, "--reports", "r-\(trial)\(side)"
                ]
                process.currentDirectoryURL = folder
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                return (process, errors)
            }
            var messages: [String] = []
            var statuses: [Int32] = []
            for (process, errors) in writers {
                let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                statuses.append(process.terminationStatus)
                messages += text.split(separator: "\n").map(String.init)
            }
            let reader = try CaptureReader(path: folder.appendingPathComponent(name).path)
            #expect(reader.status == .complete, "trial \(trial): \(messages)")
            #expect(statuses.filter { $0 == 0 }.count == 1, "exactly one writer wins, trial \(trial): \(statuses)")
            #expect(messages.count == 1 && messages[0].contains("already exists"), "trial \(trial): \(messages)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.contains(".partial") || $0.contains(".tmp-")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Output is the product: a full stdout is exit 2; a reader that goes away is not an error.
    @Test func aFullStdoutIsAnErrorAClosedPipeIsNot() throws {
        let folder = newFolder()
        let binary = Replay.binary.path
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        for command in [
            "verify day.db", "show day.db", "show day.db --json", "scenario generate --restaurants 3 --bookings 30",
            "run --rebuild day.db"
        ] {
            let full = try Replay.shell("'\(binary)' \(command) > /dev/full 2>/dev/null; echo $?", in: folder)
            #expect(full.stdout == "2\n", "\(command) > /dev/full: \(full.stdout)")
        }
        let piped = try Replay.shell("'\(binary)' show day.db 2>err.txt | head -1 > /dev/null; cat err.txt", in: folder)
        #expect(piped.stdout.isEmpty, "show | head says nothing: \(piped.stdout)")
    }

    @Test func anEmptyShowSaysWhatMatchedNothing() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        // A type events can have, none of them here (an assign run refuses nothing).
        let empty = try Replay.run(["show", "day.db", "--type", "booking.refused", "--booking", "B001"], in: folder)
        #expect(
            empty.status == 0 && empty.stdout.isEmpty
                && empty.stderr == "day.db: no event matched --type booking.refused --booking B001\n",
            "\(empty.stderr)")
    }
}
