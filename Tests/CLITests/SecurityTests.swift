import EventLog
import Foundation
import Testing

/// A capture is data, never code: no command starts a shell command it read from a file unless
/// the user names the engine on the command line or passes `--trust-engine`.
@Suite(.serialized) struct SecurityTests {
    /// A capture recorded with `replay engine serve`, then forged as a shared file could be: the
    /// stored engine command prefixed with `touch pwned;`, in `run.started` and meta, and the
    /// hash chain recomputed so every integrity check passes.
    static func forgedCapture(in folder: URL) throws -> (path: String, engine: String) {
        let engine = "'\(Replay.binary.path)' engine serve"
        let record = try Replay.run(
            ["record", "--quiet", "--no-reports", "--restaurant", "pub-2", "--out", "e.db", "--engine", engine],
            in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let path = folder.appendingPathComponent("e.db").path
        let connection = try Connection(path: path, mode: .create)
        try connection.execute(
            """
            UPDATE events SET payload = replace(payload, '"command":"', '"command":"touch pwned; ') WHERE seq = 1;
            UPDATE meta SET value = replace(value, '"command":"', '"command":"touch pwned; ') WHERE key = 'options';
            UPDATE meta SET value = 'touch pwned; ' || value WHERE key = 'engine_command';
            """)
        try rechain(path)
        return (path, engine)
    }

    @Test func aCaptureNeverRunsTheCommandItStores() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let forged = try Self.forgedCapture(in: folder)
        let pwned = folder.appendingPathComponent("pwned").path
        // The forgery is a sound log by every integrity check: only the rule stands in the way.
        let verify = try Replay.run(["verify", "e.db"], in: folder)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        for command in [["run", "e.db"], ["shrink", "e.db", "--until", "phantom", "--out", "small"]] {
            let refused = try Replay.run(command, in: folder)
            #expect(refused.status == 2, "\(command): \(refused.stdout) \(refused.stderr)")
            let lines = refused.stderr.split(separator: "\n")
            #expect(
                lines.count == 1 && refused.stderr.contains("recorded with the engine command 'touch pwned; ")
                    && refused.stderr.contains("replay never starts a command read from a file")
                    && refused.stderr.contains("--trust-engine"),
                "\(command): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: pwned), "\(command) ran the stored command")
        }
        #expect(
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("small").path),
            "a refused shrink leaves no folder")
        // The engine named on the command line is what runs, and the run reproduces; a shrink too.
        let shrink = try Replay.run(
            ["shrink", "e.db", "--until", "phantom", "--engine", forged.engine, "--out", "named"], in: folder)
        #expect(shrink.status == 1 && shrink.stderr.contains("does not hold"), "\(shrink.stderr)")
        #expect(!FileManager.default.fileExists(atPath: pwned))
        let named = try Replay.run(["run", "e.db", "--engine", forged.engine], in: folder)
        #expect(named.status == 0 && named.stdout.hasPrefix("reproduced "), "\(named.stdout) \(named.stderr)")
        #expect(!FileManager.default.fileExists(atPath: pwned))
        // --trust-engine is the user's own choice to run what the capture stores.
        _ = try Replay.run(["run", "e.db", "--trust-engine"], in: folder)
        #expect(FileManager.default.fileExists(atPath: pwned), "--trust-engine starts the recorded command")
    }

    @Test(arguments: [
        (["run", "plain.db", "--trust-engine"], "recorded with the built-in allocator"),
        (["run", "--rebuild", "plain.db", "--trust-engine"], "--rebuild and --at never start an engine"),
        (["run", "--at", "5", "plain.db", "--trust-engine"], "--rebuild and --at never start an engine"),
        (["shrink", "plain.db", "--until", "phantom", "--trust-engine"], "recorded with the built-in allocator"),
        (["shrink", "plain.db", "--until", "phantom", "--engine", "cat"], "recorded with the built-in allocator")
    ])
    func trustingAnEngineOfABuiltInCaptureIsRefused(arguments: [String], message: String) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(
            try Replay.run(
                ["record", "--quiet", "--no-reports", "--restaurant", "pub-2", "--out", "plain.db"], in: folder
            ).status == 0)
        let result = try Replay.run(arguments, in: folder)
        #expect(result.status == 2 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
    }

    /// An engine's stderr never goes through a link placed at its log's name, and a log the
    /// engine wrote nothing to is not left behind.
    @Test func anEngineLogIsNeverWrittenThroughALink() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("victim.txt")
        try Data("untouched\n".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("e.db.engine.log").path, withDestinationPath: target.path)
        let chatter = EngineProtocolTests.engine("stderr-chatter")
        let refused = try Replay.run(
            ["record", "--quiet", "--no-reports", "--restaurant", "pub-2", "--out", "e.db", "--engine", chatter],
            in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("cannot open the engine log"), "\(refused.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "untouched\n")
        // Without the link: the chatter is logged; an engine that says nothing leaves no log.
        try FileManager.default.removeItem(atPath: folder.appendingPathComponent("e.db.engine.log").path)
        #expect(
            try Replay.run(
                ["record", "--quiet", "--no-reports", "--restaurant", "pub-2", "--out", "e.db", "--engine", chatter],
                in: folder
            ).status == 0)
        #expect(
            try String(contentsOf: folder.appendingPathComponent("e.db.engine.log"), encoding: .utf8).contains(
                "test-engine: "))
        let quiet = EngineProtocolTests.engine("complete")
        #expect(
            try Replay.run(
                ["record", "--quiet", "--no-reports", "--restaurant", "pub-2", "--out", "q.db", "--engine", quiet],
                in: folder
            ).status == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("q.db.engine.log").path))
        // Re-execution logs in a private folder it removes: nothing is left in the temporary folder.
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let rerun = try Replay.run(
            ["run", "--engine", chatter, "e.db"], in: folder, environment: ["TMPDIR": temporary.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let check = try Replay.run(
            ["engine", "check", quiet, "--cases", "20"], in: folder, environment: ["TMPDIR": temporary.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }

    /// Whether process `pid` is still running (a zombie, dead but not yet reaped, is not).
    static func running(_ pid: String) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }

    /// The engine's whole tree ends with its session: a grandchild that left the engine's process
    /// group with `setsid()` (a daemon) is ended with `record`, `engine check` and `run`; an engine
    /// that ignores EOF and SIGTERM does not outlive a `record` killed with SIGKILL.
    @Test func anEnginesWholeTreeEndsWithItsSession() throws {
        let folder = newFolder()
        let complete = EngineProtocolTests.engine("complete")
        let daemon = "setsid sh -c 'echo $$ > daemon.pid; exec sleep 300' & exec \(complete)"
        let forms: [[String]] = [
            ["record", "--quiet", "--no-reports", "--restaurant", "pub-2", "--out", "d.db", "--engine", daemon],
            ["engine", "check", daemon, "--cases", "5"],
            ["run", "--engine", daemon, "d.db"]
        ]
        for arguments in forms {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("daemon.pid"))
            let result = try Replay.run(arguments, in: folder)
            #expect(result.status == 0, "\(arguments[0]): \(result.stdout)\(result.stderr)")
            let pid = try String(contentsOf: folder.appendingPathComponent("daemon.pid"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!pid.isEmpty && !Self.running(pid), "\(arguments[0]) left the engine's daemon \(pid) running")
        }
        // SIGKILL to record while an engine that ignores SIGTERM and EOF waits (hangs at its 2nd quote).
        let stubborn = "trap '' TERM; echo $$ > engine.pid; exec \(EngineProtocolTests.engine("hang", after: 2))"
        let recording = try TrustTests.startRecording(
            [
                "--restaurant", "pub-2", "--no-reports", "--engine-timeout", "60", "--engine", stubborn,
                "--out", "k.db"
            ], in: folder)
        let pidFile = folder.appendingPathComponent("engine.pid")
        for _ in 0..<300 where (try? String(contentsOf: pidFile, encoding: .utf8))?.hasSuffix("\n") != true {
            usleep(50_000)
        }
        Thread.sleep(forTimeInterval: 1)
        let engine = try String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Self.running(engine), "the engine runs while record waits")
        kill(recording.processIdentifier, SIGKILL)
        recording.waitUntilExit()
        for _ in 0..<50 where Self.running(engine) { usleep(20_000) }
        #expect(!Self.running(engine), "the engine \(engine) outlived a record killed with SIGKILL")
    }

    /// What an engine says reaches the terminal and spreadsheets inert, and a name past its
    /// limit is refused before anything is recorded.
    @Test func engineTextIsEscapedAndBounded() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = try Replay.run(
            ["record", "--quiet", "--no-reports", "--out", "l.db", "--engine", EngineProtocolTests.engine("long-name")],
            in: folder)
        #expect(
            long.status == 2 && long.stderr.contains("hello's engine is 300 bytes, past the 200 a name may have"),
            "\(long.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("l.db").path))
        let record = try Replay.run(
            [
                "record", "--quiet", "--reports", "r", "--restaurant", "pub-2", "--out", "t.db",
                "--engine", EngineProtocolTests.engine("terminal-name")
            ], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        // The report's title stays one line, the name's controls written out.
        let markdown = try String(contentsOf: folder.appendingPathComponent("r/t.md"), encoding: .utf8)
        let title = try #require(markdown.split(separator: "\n").first)
        #expect(
            title.hasPrefix("# replay report: ") && title.contains("engine evil\\u{1b}[2J\\u{0}\\u{d}\\u{a}name 1.0.0"),
            "\(title)")
        let text = try Replay.run(["show", "t.db", "--type", "run.started"], in: folder)
        #expect(text.status == 0)
        #expect(
            !text.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0 || $0 == "\r" }, "\(text.stdout)")
        #expect(text.stdout.contains("\\u{1b}[2J") && text.stdout.split(separator: "\n").count == 2, "\(text.stdout)")
        let csv = try Replay.run(["show", "t.db", "--type", "run.started", "--csv"], in: folder)
        #expect(csv.status == 0)
        // The CR LF inside the name stays inside one quoted field: a CSV reader finds the header
        // and one row of 8 fields.
        try csv.stdout.write(to: folder.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let script =
            "import csv, sys; rows = list(csv.reader(open(sys.argv[1], newline=''))); "
            + "print(len(rows), [len(r) for r in rows])"
        let parsed = try Replay.runProgram("/usr/bin/env", ["python3", "-c", script, "t.csv"], in: folder)
        #expect(parsed.stdout == "2 [8, 8]\n", "\(parsed.stdout)\(parsed.stderr) \(csv.stdout.debugDescription)")
    }
}
