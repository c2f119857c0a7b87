import EventLog
import Foundation
import Synchronization
import Testing

/// Runs the built `replay` binary in its own process.
struct Replay {
    static let binary: URL = {
        // The test bundle sits next to the package's products in the build folder.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = bundle.appendingPathComponent("replay")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/replay")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// True when the process outlived the `timeout` it was given and was killed.
        var timedOut = false
    }

    static func run(_ arguments: [String], in folder: URL, environment: [String: String]? = nil, timeout: Double? = nil)
        throws -> Result
    {
        try runProgram(binary.path, arguments, in: folder, environment: environment, timeout: timeout)
    }

    /// Any program (a browser, a shell), with its output read whole. `environment` is added to
    /// this process's own, with every scheduler's shard variable taken out first (so a test run
    /// inside a Slurm job or a Kubernetes pod sees only what it sets) and `TMPDIR` set to the
    /// test process's scratch folder.
    static func runProgram(
        _ path: String, _ arguments: [String], in folder: URL, environment: [String: String]? = nil,
        timeout: Double? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        // Whatever the program leaves in the temporary folder (a failing engine's log, which
        // replay keeps for the user) lands in this test process's scratch folder, removed at exit.
        var merged = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("SLURM_") && !$0.key.hasPrefix("AWS_BATCH_") && $0.key != "JOB_COMPLETION_INDEX"
        }
        merged["TMPDIR"] = testScratch
        merged.merge(environment ?? [:]) { $1 }
        process.environment = merged
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // A hang is a finding, not a stuck test: past the timeout the process is killed.
        let killed = Mutex(false)
        if let timeout {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                guard process.isRunning else { return }
                killed.withLock { $0 = true }
                kill(pid, SIGKILL)
            }
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), timedOut: killed.withLock { $0 })
    }
}

/// This test process's scratch folder (removed when it exits), made the temporary folder of
/// every child it starts (`TMPDIR`): what a child leaves there (a failing engine's log, which
/// replay keeps for the user) goes with it.
let testScratch: String = {
    let root = ProcessScratch.root
    setenv("TMPDIR", root, 1)
    return root
}()

/// A new folder for a test, in the scratch folder.
func newFolder() -> URL {
    _ = testScratch
    return ProcessScratch.folder("replay-cli")
}

/// The `events` table's rows, every column, as bytes.
func eventBytes(_ path: String) throws -> [[UInt8]] {
    let reader = try CaptureReader(path: path)
    var rows: [[UInt8]] = []
    try reader.forEachEvent { record in
        rows.append(
            Array(
                "\(record.seq)|\(record.type)|\(record.at)|\(record.restaurant ?? "\u{0}")|\(record.booking ?? "\u{0}")|\(record.payload)|"
                    .utf8) + record.hash)
        return true
    }
    return rows
}

/// Recomputes a changed capture's hash chain and meta head (what another build would have
/// written): every reader refuses a log whose chain is broken, so a test of divergence between
/// builds forges a sound one.
func rechain(_ path: String) throws {
    let connection = try Connection(path: path, mode: .create)
    var rows: [(seq: Int, type: String, at: Int, restaurant: String?, booking: String?, payload: String)] = []
    let query = try connection.prepare("SELECT seq, type, at, restaurant, booking, payload FROM events ORDER BY seq")
    while try query.step() {
        rows.append(
            (
                query.int(0), query.text(1) ?? "", query.int(2), query.isNull(3) ? nil : query.text(3),
                query.isNull(4) ? nil : query.text(4), query.text(5) ?? ""
            ))
    }
    var chain = HashChain()
    try connection.transaction {
        let update = try connection.prepare("UPDATE events SET hash = ? WHERE seq = ?")
        for row in rows {
            update.reset()
            try update.bind(
                bytes: chain.append(
                    seq: row.seq, type: row.type, at: row.at, restaurant: row.restaurant, booking: row.booking,
                    payload: row.payload), at: 1)
            try update.bind(row.seq, at: 2)
            _ = try update.step()
        }
        try connection.execute("UPDATE meta SET value = '\(chain.head.hexString)' WHERE key = 'head_hash'")
    }
}

@Suite(.serialized) struct CLITests {
    @Test func twoProcessesRecordByteIdenticalEvents() throws {
        let folder = newFolder()
        for name in ["one", "two"] {
            let result = try Replay.run(
                ["record", "--quiet", "--out", "\(name).db", "--reports", "r-\(name)"], in: folder)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let one = try eventBytes(folder.appendingPathComponent("one.db").path)
        let two = try eventBytes(folder.appendingPathComponent("two.db").path)
        #expect(one.count > 500)
        #expect(one == two)
        for name in ["one", "two"] {
            for suffix in ["md", "json"] {
                #expect(
                    FileManager.default.fileExists(
                        atPath: folder.appendingPathComponent("r-\(name)/\(name).\(suffix)").path))
            }
        }
    }

    /// Two runs in one second: the second default capture is named apart (`-2`), never refused.
    @Test func aDefaultCaptureNameTakenInTheSameSecondGetsANumber() throws {
        let folder = newFolder()
        let captures = folder.appendingPathComponent("captures")
        try FileManager.default.createDirectory(at: captures, withIntermediateDirectories: true)
        // Every name the run could take in the next 30 seconds is taken already.
        // (Recorder.defaultStem's form: the UTC time, the scenario, the mode.)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HHmmss"
        let now = Date()
        for second in 0..<30 {
            let stem = formatter.string(from: now.addingTimeInterval(Double(second))) + "-default-assign"
            try Data().write(to: captures.appendingPathComponent("\(stem).db"))
        }
        let result = try Replay.run(["record", "--no-reports"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let numbered = try FileManager.default.contentsOfDirectory(atPath: captures.path).filter {
            $0.hasSuffix("-default-assign-2.db")
        }
        #expect(numbered.count == 1, "\(result.stdout)")
        #expect(result.stdout.hasPrefix("recorded captures/") && result.stdout.contains("-default-assign-2.db"))
    }

    @Test func recordWritesACompleteCaptureOfTheBuiltInDay() throws {
        let folder = newFolder()
        let result = try Replay.run(["record", "--json"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        // Progress goes to stderr only when it is a terminal: here it is a pipe.
        #expect(result.stderr.isEmpty)
        let plain = try Replay.run(["record", "--out", "plain.db"], in: folder)
        #expect(plain.stderr.isEmpty && plain.stdout.contains("/105 = ") && !plain.stdout.contains("\u{1B}["))
        let captures = try FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent("captures").path)
        #expect(captures.count == 1)
        let name = try #require(captures.first)
        #expect(name.hasSuffix("-default-assign.db"))
        let reader = try CaptureReader(path: folder.appendingPathComponent("captures/\(name)").path)
        #expect(reader.status == .complete)
        var types: [String: Int] = [:]
        var seqs: [Int] = []
        try reader.forEachEvent {
            types[$0.type, default: 0] += 1
            seqs.append($0.seq)
            return true
        }
        #expect(seqs == Array(1...seqs.count))
        #expect(types["table.seeded"] == 90 && types["booking.seeded"] == 105)
        #expect(
            (types["quote.issued"] ?? 0) > 0 && (types["hold.placed"] ?? 0) > 0
                && (types["assignment.confirmed"] ?? 0) > 0)
        #expect(result.stdout.contains("\"status\":\"complete\""))
        let stem = String(name.dropLast(3))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/\(stem).md").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports/\(stem).json").path))
    }

    @Test(arguments: [
        (["record", "--max-tables", "9"], "--max-tables"),
        (["record", "--hold-ttl", "10"], "--hold-ttl"),
        (["record", "--mode", "sideways"], "--mode"),
        (["record", "--restaurant", "nowhere"], "--restaurant nowhere"),
        (["record", "--date", "2025-13-01"], "--date"),
        (["record", "--scenario", "missing.json"], "missing.json"),
        (["record", "--bogus"], "bogus"),
        (["record", "--max-tables", "0"], "--max-tables"),
        (["record", "--max-iterations", "0"], "--max-iterations"),
        (["record", "--clients", "65"], "--clients"),
        (["record", "--clone-limit", "-1"], "--clone-limit"),
        (["record", "--fail-at", "0"], "--fail-at"),
        (["record", "--source-after", "25:00"], "--source-after"),
        (["record", "--source-date", "yesterday"], "--source-date"),
        (["record", "--seed", "-3"], "seed"),
        (["record", "--max-tables", "two"], "max-tables"),
        (["scenario", "generate", "--restaurants", "0"], "--restaurants"),
        (["scenario", "generate", "--bookings", "-1"], "--bookings")
    ])
    func badOptionsExitTwoWithOneLineAndLeaveNothingBehind(arguments: [String], named: String) throws {
        let folder = newFolder()
        let result = try Replay.run(arguments, in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains(named), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        let captures =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("captures").path)) ?? []
        #expect(captures.isEmpty)
    }

    @Test func runVerifyShowAndReportNeverChangeTheCapture() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "a.db", "--reports", "r"], in: folder).status == 0)
        let path = folder.appendingPathComponent("a.db").path
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let run = try Replay.run(["run", "a.db"], in: folder)
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("reproduced "))
        #expect(try Replay.run(["run", "--rebuild", "a.db"], in: folder).status == 0)
        #expect(try Replay.run(["run", "--at", "300", "a.db"], in: folder).status == 0)
        #expect(try Replay.run(["verify", "a.db"], in: folder).status == 0)
        #expect(try Replay.run(["show", "a.db", "--type", "hold", "--json"], in: folder).status == 0)
        let report = try Replay.run(["report", "a.db", "--reports", "r2"], in: folder)
        #expect(report.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        for suffix in ["md", "json", "html"] {
            let recorded = try String(
                contentsOfFile: folder.appendingPathComponent("r/a.\(suffix)").path, encoding: .utf8)
            let regenerated = try String(
                contentsOfFile: folder.appendingPathComponent("r2/a.\(suffix)").path, encoding: .utf8)
            #expect(recorded == regenerated)
        }
    }

    /// A generated day's failure mix: the realistic draw's failures are allocation failures; the
    /// original draw's were mostly overruns (docs/scenarios.md).
    @Test func aRealisticGeneratedDayFailsForAllocationNotForOverruns() throws {
        let folder = newFolder()
        var shares: [String: [String: Int]] = [:]
        for mix in ["realistic", "original"] {
            #expect(
                try Replay.run(
                    [
                        "scenario", "generate", "--restaurants", "10", "--bookings", "600", "--seed", "7", "--mix", mix,
                        "--out", "\(mix).json"
                    ],
                    in: folder
                ).status == 0)
            #expect(
                try Replay.run(
                    ["record", "--scenario", "\(mix).json", "--no-bruteforce", "--out", "\(mix).db", "--reports", "r"],
                    in: folder
                ).status == 0)
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("r/\(mix).json")))
                    as? [String: Any])
            for reason in report["failure_reasons"] as? [[String: Any]] ?? [] {
                shares[mix, default: [:]][reason["reason"] as? String ?? ""] = reason["bookings"] as? Int
            }
        }
        let realistic = shares["realistic"] ?? [:]
        let original = shares["original"] ?? [:]
        #expect(realistic["service_window_overrun"] == nil && (realistic["tables_occupied"] ?? 0) > 0, "\(realistic)")
        #expect((original["service_window_overrun"] ?? 0) * 2 > original.values.reduce(0, +), "\(original)")
        // --overrun-rate puts some back on purpose; bad values are refused.
        #expect(
            try Replay.run(
                ["scenario", "generate", "--bookings", "400", "--overrun-rate", "0.2", "--out", "late.json"], in: folder
            ).status == 0)
        #expect(
            try Replay.run(
                ["record", "--scenario", "late.json", "--no-bruteforce", "--out", "late.db", "--reports", "late"],
                in: folder
            ).status == 0)
        let late = try String(contentsOf: folder.appendingPathComponent("late/late.md"), encoding: .utf8)
        #expect(late.contains("| service_window_overrun |"), "\(late)")
        for (arguments, message) in [
            (["--mix", "typical"], "--mix must be realistic or original, found typical"),
            (["--overrun-rate", "20%"], "--overrun-rate must be a share in 0...1 (0.05 for 5%), found 20%"),
            (["--mix", "original", "--overrun-rate", "0.1"], "--overrun-rate goes with --mix realistic")
        ] {
            let refused = try Replay.run(["scenario", "generate"] + arguments, in: folder)
            #expect(
                refused.status == 2 && refused.stderr == "replay scenario generate: \(message)\n", "\(refused.stderr)")
        }
    }

    @Test func aMistypedEventTypeIsAWrongQuestionNotAnEmptyAnswer() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "a.db", "--no-reports"], in: folder).status == 0)
        let typo = try Replay.run(["show", "a.db", "--type", "booking.faild"], in: folder)
        #expect(typo.status == 1 && typo.stdout.isEmpty, "\(typo)")
        #expect(
            typo.stderr.hasPrefix("replay show: no event type starts with booking.faild (--type); the types are "),
            "\(typo.stderr)")
        #expect(typo.stderr.contains("booking.failed") && typo.stderr.contains("quote.issued"), "\(typo.stderr)")
        // A known prefix that no event of this capture has is an empty answer, said on stderr.
        let none = try Replay.run(["show", "a.db", "--type", "booking.failed", "--booking", "B003"], in: folder)
        #expect(
            none.status == 0 && none.stderr.contains("no event matched --type booking.failed --booking B003"), "\(none)"
        )
    }

    @Test func runsThatDifferOnlyInTheSeedAreSaidToAllocateAlike() throws {
        let folder = newFolder()
        // Assign mode draws nothing from the seed: the same allocation, with different inputs.
        #expect(
            try Replay.run(["record", "--quiet", "--seed", "1", "--out", "a.db", "--no-reports"], in: folder).status
                == 0)
        #expect(
            try Replay.run(["record", "--quiet", "--seed", "2", "--out", "b.db", "--no-reports"], in: folder).status
                == 0)
        let diff = try Replay.run(["diff", "a.db", "b.db", "--report"], in: folder)
        #expect(diff.status == 1, "the event streams differ: \(diff)")
        let verdict = diff.stdout.split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        #expect(
            verdict.hasPrefix(
                "same allocation, different inputs (seed): past the inputs every event is the same in both runs"),
            "\(diff.stdout)")
        #expect(!diff.stdout.contains("different: first divergence"))
        let html = try String(contentsOf: folder.appendingPathComponent("reports/diff-a-vs-b.html"), encoding: .utf8)
        #expect(html.contains("same allocation") && html.contains("only the inputs differ (seed)"))
        // Reserve mode's clients draw from the seed: the allocation itself differs, and diff says where.
        #expect(
            try Replay.run(
                [
                    "record", "--quiet", "--mode", "reserve", "--clients", "3", "--seed", "1", "--out", "r1.db",
                    "--no-reports"
                ], in: folder
            ).status == 0)
        #expect(
            try Replay.run(
                [
                    "record", "--quiet", "--mode", "reserve", "--clients", "3", "--seed", "2", "--out", "r2.db",
                    "--no-reports"
                ], in: folder
            ).status == 0)
        let raced = try Replay.run(["diff", "r1.db", "r2.db"], in: folder)
        #expect(
            raced.status == 1 && raced.stdout.contains("different: first divergence")
                && raced.stdout.contains("past the inputs, allocation first differs"),
            "\(raced.stdout)")
    }

    @Test func pythonsHashlibVerifiesTheChainAsDocumented() throws {
        let folder = newFolder()
        #expect(
            try Replay.run(
                ["record", "--quiet", "--mode", "reserve", "--clients", "3", "--out", "a.db", "--reports", "r"],
                in: folder
            ).status == 0)
        // The checker from docs/capture-format.md, verbatim in substance.
        let script = """
            import hashlib, sqlite3, sys
            db = sqlite3.connect("file:a.db?mode=ro", uri=True)
            previous = bytes(32)
            for seq, type_, at, restaurant, booking, payload, hash_ in db.execute(
                    "select seq, type, at, restaurant, booking, payload, hash from events order by seq"):
                text = f"{seq}\\n{type_}\\n{at}\\n{restaurant or ''}\\n{booking or ''}\\n{payload}"
                previous = hashlib.sha256(previous + text.encode()).digest()
                assert previous == hash_, f"chain broken at {seq}"
            print("ok", previous.hex() == dict(db.execute("select key, value from meta"))["head_hash"])
            """
        try script.write(to: folder.appendingPathComponent("check.py"), atomically: true, encoding: .utf8)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "check.py"]
        python.currentDirectoryURL = folder
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        #expect(output == "ok True\n")
    }

    @Test func aChangedPayloadBreaksTheChainAtItsSeq() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "a.db", "--reports", "r"], in: folder).status == 0)
        let tampered = folder.appendingPathComponent("t.db").path
        try FileManager.default.copyItem(atPath: folder.appendingPathComponent("a.db").path, toPath: tampered)
        let sql =
            "UPDATE events SET payload = replace(payload, '\"rank\":1', '\"rank\":2') WHERE seq = (SELECT min(seq) FROM events WHERE type = 'hold.placed')"
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [tampered, sql]
        try sqlite.run()
        sqlite.waitUntilExit()
        let reader = try CaptureReader(path: folder.appendingPathComponent("a.db").path)
        var holdSeq = 0
        try reader.forEachEvent {
            if $0.type == "hold.placed" {
                holdSeq = $0.seq
                return false
            }
            return true
        }
        // The chain names the changed event; re-execution refuses an altered log rather than
        // calling the change a divergence.
        for command in [["run", "t.db"], ["verify", "t.db"]] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 2)
            #expect(result.stderr.contains("event \(holdSeq): its hash does not match"), "\(result.stderr)")
        }
    }

    @Test(arguments: [
        ["--restaurant", "pub-1", "--restaurant", "cafe-3", "--max-tables", "2"],
        ["--date", "2025-11-08", "--seed", "0"],
        [
            "--mode", "reserve", "--source-date", "2025-11-08", "--date", "2025-11-10", "--source-after", "18:30",
            "--clone-limit", "30",
            "--avoid-used", "--clients", "3", "--hold-ttl", "30", "--seed", "9"
        ],
        ["--max-iterations", "1", "--no-bruteforce"]
    ])
    func everyOptionIsReproducedFromTheCaptureAlone(options: [String]) throws {
        let folder = newFolder()
        #expect(
            try Replay.run(["record", "--quiet", "--out", "a.db", "--reports", "r"] + options, in: folder).status == 0)
        let run = try Replay.run(["run", "a.db"], in: folder)
        #expect(run.status == 0 && run.stdout.hasPrefix("reproduced "), "\(options): \(run.stdout)\(run.stderr)")
    }

    @Test func aDivergenceAfterAVersionChangeSaysSo() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "a.db", "--reports", "r"], in: folder).status == 0)
        let connection = try Connection(path: folder.appendingPathComponent("a.db").path, mode: .create)
        // Another tool version, whose allocator ranked the first hold differently.
        try connection.execute(
            """
            UPDATE meta SET value = '0.0.1' WHERE key = 'tool_version';
            UPDATE events SET payload = replace(payload, '"rank":1', '"rank":2') WHERE seq = (SELECT min(seq) FROM events WHERE type = 'hold.placed');
            """)
        try rechain(folder.appendingPathComponent("a.db").path)
        let run = try Replay.run(["run", "a.db"], in: folder)
        #expect(run.status == 1)
        #expect(run.stdout.contains("note: recorded by replay 0.0.1 (build "), "\(run.stdout)")
        // The differing field by its path, before the full events.
        #expect(run.stdout.contains("differing fields (recorded → produced):\n  rank: 2 → 1\n"), "\(run.stdout)")
        // The same version from another build (a code change): said too, with both builds.
        try connection.execute("UPDATE meta SET value = '\(ToolVersion.current)' WHERE key = 'tool_version'")
        let build = try #require(
            try CaptureReader(path: folder.appendingPathComponent("a.db").path).metaValue("build_id"))
        #expect(build.count == 16)
        try connection.execute("UPDATE meta SET value = 'feedfacefeedface' WHERE key = 'build_id'")
        let otherBuild = try Replay.run(["run", "a.db"], in: folder)
        #expect(
            otherBuild.stdout.contains(
                "(build feedfacefeedface), re-executed by \(ToolVersion.current) (build \(build))"),
            "\(otherBuild.stdout)")
        // The same version and build: no note.
        try connection.execute("UPDATE meta SET value = '\(build)' WHERE key = 'build_id'")
        #expect(!(try Replay.run(["run", "a.db"], in: folder)).stdout.contains("note: recorded by"))
    }

    @Test func failAtLeavesAnIncompleteButConsistentPrefix() throws {
        let folder = newFolder()
        for seq in [2, 250, 400, 700] {
            let result = try Replay.run(
                ["record", "--quiet", "--fail-at", "\(seq)", "--out", "k\(seq).db", "--reports", "r"], in: folder)
            #expect(result.status == 1)
            let reader = try CaptureReader(path: folder.appendingPathComponent("k\(seq).db").path)
            #expect(reader.status == .recording)
            #expect(try reader.countEvents() == seq - 1)
            let verify = try Replay.run(["verify", "k\(seq).db"], in: folder)
            #expect(verify.status == 1 && verify.stderr.contains("incomplete"), "\(verify.stderr)")
            let rebuild = try Replay.run(["run", "--rebuild", "k\(seq).db"], in: folder)
            #expect(rebuild.status == 1 && rebuild.stderr.contains("no invariant violated"), "\(rebuild.stderr)")
        }
    }

    @Test func diffExitCodesAndReport() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "a.db", "--reports", "r"], in: folder).status == 0)
        #expect(
            try Replay.run(["record", "--quiet", "--max-tables", "1", "--out", "b.db", "--reports", "r"], in: folder)
                .status == 0)
        let same = try Replay.run(["diff", "a.db", "a.db"], in: folder)
        #expect(same.status == 0 && same.stdout.contains("identical"))
        let different = try Replay.run(["diff", "a.db", "b.db", "--report", "--reports", "r"], in: folder)
        #expect(different.status == 1)
        #expect(different.stdout.contains("max-tables") && !different.stdout.contains("\u{1B}["))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("r/diff-a-vs-b.md").path))
        let summary = try Replay.run(["diff", "a.db", "b.db", "--summary", "--json"], in: folder)
        #expect(summary.status == 1 && summary.stdout.hasPrefix("{"))
        let missing = try Replay.run(["diff", "a.db", "nope.db"], in: folder)
        #expect(missing.status == 2 && missing.stderr == "nope.db: no such file\n")
    }

    @Test(arguments: ["empty", "garbage", "missing", "directory", "text"])
    func nonCapturesExitTwoForEveryCommand(kind: String) throws {
        let folder = newFolder()
        let path = folder.appendingPathComponent("x.db").path
        switch kind {
        case "empty": _ = FileManager.default.createFile(atPath: path, contents: Data())
        case "garbage":
            _ = FileManager.default.createFile(atPath: path, contents: Data((0..<8192).map { UInt8(($0 * 7) % 256) }))
        case "directory": try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        case "text": _ = FileManager.default.createFile(atPath: path, contents: Data("hello".utf8))
        default: break
        }
        for command in [["run"], ["run", "--rebuild"], ["verify"], ["show"], ["report"], ["diff", "x.db"]] {
            let result = try Replay.run(command + ["x.db"], in: folder)
            #expect(result.status == 2, "\(command) \(kind): \(result.stderr)")
            #expect(result.stderr.hasPrefix("x.db: "), "\(command) \(kind): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }
}

@Suite struct CrashTests {
    /// Starts `record` and kills it with SIGKILL after `delay` seconds (or lets it finish).
    static func recordAndKill(after delay: Double, arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = Replay.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    @Test func killedRecordingsLeaveVerifiablePrefixes() throws {
        let folder = newFolder()
        let generate = try Replay.run(
            ["scenario", "generate", "--restaurants", "8", "--bookings", "600", "--seed", "5", "--out", "big.json"],
            in: folder)
        #expect(generate.status == 0)
        let base = ["record", "--quiet", "--scenario", "big.json", "--batch-size", "64", "--reports", "r"]
        let started = Date()
        #expect(try Replay.run(base + ["--out", "full.db"], in: folder).status == 0)
        // The full run's time, shortened whenever a kill comes after the end: the first run may
        // have been slowed by other tests running at once, and later runs then finish too soon.
        var duration = Date().timeIntervalSince(started)
        let total = try CaptureReader(path: folder.appendingPathComponent("full.db").path).countEvents()
        var counts: [Int] = []
        for point in 1...20 {
            let name = "killed-\(point).db"
            try Self.recordAndKill(after: duration * Double(point) / 21, arguments: base + ["--out", name], in: folder)
            let path = folder.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let reader = try CaptureReader(path: path)
            let events = try reader.countEvents()
            counts.append(events)
            // Checked on a copy with its side files: a kill in the last step (leaving WAL mode)
            // can leave a hot rollback journal, which only a writable connection rolls back, and
            // the capture itself must stay as the kill left it for verify and rebuild below.
            let copy = folder.appendingPathComponent("check-\(point).db").path
            for suffix in ["", "-journal", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: copy + suffix)
            }
            let integrity = Process()
            integrity.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            integrity.arguments = [copy, "PRAGMA integrity_check"]
            let pipe = Pipe()
            integrity.standardOutput = pipe
            integrity.standardError = pipe
            try integrity.run()
            let answer = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            integrity.waitUntilExit()
            #expect(answer.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "kill \(point): \(answer)")
            let verify = try Replay.run(["verify", name], in: folder)
            let rebuild = try Replay.run(["run", "--rebuild", name], in: folder)
            if reader.status == .complete {
                #expect(events == total)
                #expect(verify.status == 0 && rebuild.status == 0)
                duration *= 0.75
            } else {
                #expect(verify.status == 1 && verify.stderr.contains("incomplete"), "kill \(point): \(verify.stderr)")
                #expect(
                    rebuild.status == 1 && rebuild.stderr.contains("no invariant violated"),
                    "kill \(point): \(rebuild.stderr)")
                #expect(events < total)
            }
        }
        // The kills landed at different points of the recording, not all before the first commit.
        #expect(Set(counts).count >= 5, "event counts at the kills: \(counts)")
        print("kill points: \(counts.count), events kept: \(counts), of \(total)")
    }
}
