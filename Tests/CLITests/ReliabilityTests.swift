import EventLog
import Foundation
import Testing

/// Every command that takes a capture, with a second capture where it needs one.
func captureCommands(_ file: String, other: String) -> [[String]] {
    [
        ["run", file], ["run", "--rebuild", file], ["run", "--at", "5", file], ["verify", file], ["show", file],
        ["report", file, "--reports", "rep"], ["diff", file, other], ["diff", other, file]
    ]
}

@Suite(.serialized) struct HostileCaptureTests {
    /// A recorded capture to copy and damage.
    static func validCapture(in folder: URL) throws -> Data {
        #expect(try Replay.run(["record", "--quiet", "--out", "valid.db", "--reports", "r"], in: folder).status == 0)
        return try Data(contentsOf: folder.appendingPathComponent("valid.db"))
    }

    @Test(arguments: [
        "empty", "truncated", "garbage", "header-flipped", "pages-flipped", "foreign-schema", "wrong-version",
        "directory", "missing", "text", "garbage-wal", "fifo", "endless-view", "cross-join-view", "trigger",
        "no-primary-key"
    ])
    func hostileFilesExitTwoWithOneLineForEveryCommand(kind: String) throws {
        let folder = newFolder()
        let valid = try Self.validCapture(in: folder)
        let file = "x.db"
        let url = folder.appendingPathComponent(file)
        switch kind {
        case "empty": try Data().write(to: url)
        case "truncated": try valid.prefix(valid.count / 2).write(to: url)
        case "garbage": try Data((0..<65_536).map { UInt8(($0 &* 2654435761) >> 13 & 0xFF) }).write(to: url)
        case "header-flipped":
            var bytes = valid
            for offset in 16..<40 { bytes[offset] ^= 0xA5 }  // page size, versions, counters
            try bytes.write(to: url)
        case "pages-flipped":
            var bytes = valid
            // Flip every byte of the first b-tree page's cell pointers and headers.
            for offset in 100..<140 { bytes[offset] ^= 0xFF }
            try bytes.write(to: url)
        case "foreign-schema":
            let connection = try Connection(path: url.path, mode: .create)
            try connection.execute(
                "CREATE TABLE meta(k, v); CREATE TABLE events(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO events VALUES (1, 'x');"
            )
        case "wrong-version":
            try valid.write(to: url)
            let connection = try Connection(path: url.path, mode: .create)
            try connection.execute(
                "UPDATE meta SET value = '99' WHERE key = 'format_version'; PRAGMA user_version = 99;")
        case "directory": try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        case "text": try Data("this is not a capture\n".utf8).write(to: url)
        case "garbage-wal":
            // A capture left with a WAL that is not a WAL.
            try valid.write(to: url)
            try Data((0..<9000).map { UInt8($0 % 251) }).write(to: folder.appendingPathComponent(file + "-wal"))
        case "fifo":
            // Opening a FIFO to read blocks until a writer comes: it must be refused before.
            #expect(mkfifo(url.path, 0o644) == 0)
        case "endless-view", "cross-join-view", "trigger", "no-primary-key":
            try valid.write(to: url)
            let connection = try Connection(path: url.path, mode: .create)
            let columns = "seq, type, at, restaurant, booking, payload, hash"
            switch kind {
            case "endless-view":
                try connection.execute(
                    "ALTER TABLE events RENAME TO stored; CREATE VIEW events AS WITH RECURSIVE r(\(columns)) AS "
                        + "(SELECT * FROM stored UNION ALL SELECT * FROM r) SELECT * FROM r;")
            case "cross-join-view":
                try connection.execute(
                    "ALTER TABLE events RENAME TO stored; CREATE VIEW events AS SELECT a.seq, a.type, a.at, a.restaurant, a.booking, "
                        + "a.payload, a.hash FROM stored a, stored b, stored c, stored d ORDER BY a.seq;")
            case "trigger":
                try connection.execute("CREATE TRIGGER noted AFTER INSERT ON meta BEGIN SELECT 1; END;")
            default:
                try connection.execute(
                    "CREATE TABLE plain(\(columns)); INSERT INTO plain SELECT * FROM events; DROP TABLE events; ALTER TABLE plain RENAME TO events;"
                )
            }
        default: break
        }
        let before = kind == "fifo" ? nil : FileManager.default.contents(atPath: url.path)
        for command in captureCommands(file, other: "valid.db") {
            let result = try Replay.run(command, in: folder, timeout: 30)
            #expect(!result.timedOut, "\(kind) \(command): still running after 30 s")
            if kind == "garbage-wal" {
                // SQLite ignores a WAL whose header does not match: the capture itself is intact.
                #expect([0, 1].contains(result.status), "\(command): \(result.stderr)")
                continue
            }
            #expect(result.status == 2, "\(kind) \(command): status \(result.status) \(result.stderr)")
            #expect(result.stderr.hasPrefix("x.db: "), "\(kind) \(command): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(kind) \(command): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
        }
        if kind != "fifo" {
            #expect(FileManager.default.contents(atPath: url.path) == before, "\(kind): a command changed the file")
        }
        // Nothing is left beside the capture either (a garbage WAL once left a `-shm`).
        #expect(!FileManager.default.fileExists(atPath: url.path + "-shm"), "\(kind): a command left x.db-shm")
    }

    @Test func aSweepDatabaseThatIsAFIFOOrAViewIsRefusedByMerge() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(
            try Replay.run(["sweep", "--seeds", "1..2", "--shard", "1/2", "--quiet", "--out", "a"], in: folder).status
                == 0)
        #expect(
            try Replay.run(["sweep", "--seeds", "1..2", "--shard", "2/2", "--quiet", "--out", "a"], in: folder).status
                == 0)
        let shards = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("a").path)
            .sorted()
        let second = folder.appendingPathComponent("a/\(shards[1])/sweep.db")
        let connection = try Connection(path: second.path, mode: .create)
        try connection.execute(
            "ALTER TABLE runs RENAME TO stored; CREATE VIEW runs AS WITH RECURSIVE r AS (SELECT * FROM stored UNION ALL SELECT * FROM r) SELECT * FROM r;"
        )
        let view = try Replay.run(["sweep", "merge", "--from", "a", "--out", "merged"], in: folder, timeout: 30)
        #expect(
            view.status == 2
                && view.stderr.contains("not a sweep database (holds a view (runs); only tables are read)"),
            "\(view.stderr)")
        try FileManager.default.removeItem(at: second)
        #expect(mkfifo(second.path, 0o644) == 0)
        let fifo = try Replay.run(["sweep", "merge", "--from", "a", "--out", "merged"], in: folder, timeout: 30)
        #expect(fifo.status == 2 && fifo.stderr.contains("sweep.db: is a FIFO, not a file"), "\(fifo.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("merged").path))
    }

    @Test func anUnreadableFileIsNamed() throws {
        // Root reads any file, so the command runs as nobody when the machine allows it.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let folder = newFolder()
        _ = try Self.validCapture(in: folder)
        let locked = folder.appendingPathComponent("locked.db")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("valid.db"), to: locked)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder.path)
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        probe.arguments = [
            "--reuid=65534", "--regid=65534", "--clear-groups", Replay.binary.path, "verify", locked.path
        ]
        let err = Pipe()
        probe.standardError = err
        probe.standardOutput = FileHandle.nullDevice
        try probe.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        if message.contains("Permission denied") && !message.contains(locked.path) {
            return  // nobody cannot even run the binary here (its folders are private): nothing to learn
        }
        #expect(probe.terminationStatus == 2, "\(message)")
        #expect(message == "\(locked.path): cannot be read (permission denied)\n")
    }

    @Test func aPayloadBitFlipIsCaughtByVerifyAndRun() throws {
        let folder = newFolder()
        let valid = try Self.validCapture(in: folder)
        let url = folder.appendingPathComponent("x.db")
        try valid.write(to: url)
        let connection = try Connection(path: url.path, mode: .create)
        try connection.execute(
            "UPDATE events SET payload = replace(payload, '\"party\":2', '\"party\":3') WHERE seq = (SELECT min(seq) FROM events WHERE type = 'booking.seeded' AND payload LIKE '%\"party\":2%')"
        )
        // Every command checks the chain as it reads: an altered event is a corrupt file (exit 2),
        // never a result or a divergence (`run --at 5` reads, and checks, events 1 to 5 only).
        for command in captureCommands("x.db", other: "valid.db") where command[1] != "--at" {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 2 && result.stderr.contains("hash does not match"), "\(command): \(result.stderr)")
        }
    }

    /// Tampering that keeps the file a valid SQLite capture: each is caught by every command that
    /// reads the capture, with one line naming the problem, and never passes for a result.
    @Test(arguments: [
        (
            "seq-zero",
            "INSERT INTO events SELECT 0, type, at, restaurant, booking, payload, hash FROM events WHERE seq = 1",
            "a row has seq 0; seqs start at 1"
        ),
        (
            "seq-negative",
            "INSERT INTO events SELECT -5, type, at, restaurant, booking, payload, hash FROM events WHERE seq = 2",
            "a row has seq -5"
        ),
        ("seq-gap", "DELETE FROM events WHERE seq = 300", "seq 300 is missing"),
        ("user-version", "PRAGMA user_version = 2", "PRAGMA user_version is 2 but meta.format_version is 5"),
        (
            "meta-mode", "UPDATE meta SET value = 'reserve' WHERE key = 'mode'",
            "meta.mode is reserve but run.started says assign"
        ),
        ("meta-seed", "UPDATE meta SET value = '7' WHERE key = 'seed'", "meta.seed is 7 but run.started says 1"),
        ("meta-scenario", "UPDATE meta SET value = 'other' WHERE key = 'scenario'", "meta.scenario is other"),
        (
            "meta-options",
            "UPDATE meta SET value = replace(value, '\"max_tables\":4', '\"max_tables\":3') WHERE key = 'options'",
            "meta.options differs from run.started"
        ),
        ("empty-not-null", "UPDATE events SET restaurant = '' WHERE seq = 1", "event 1 has an empty restaurant"),
        ("hash-zeroed", "UPDATE events SET hash = zeroblob(32) WHERE seq = 10", "event 10: its hash does not match"),
        (
            "count", "UPDATE meta SET value = '835' WHERE key = 'event_count'",
            "meta.event_count is 835 but the log ends at seq 836"
        ),
        ("cut-but-complete", "DELETE FROM events WHERE seq > 500", "meta says complete, but the log ends with")
    ])
    func tamperingIsCaughtByEveryCommand(kind: String, sql: String, message: String) throws {
        let folder = newFolder()
        let valid = try Self.validCapture(in: folder)
        try valid.write(to: folder.appendingPathComponent("x.db"))
        try Connection(path: folder.appendingPathComponent("x.db").path, mode: .create).execute(sql)
        // `run --at SEQ` reads and checks the log up to SEQ: asked past the damage.
        for command in captureCommands("x.db", other: "valid.db").map({
            $0[1] == "--at" ? ["run", "--at", "700", "x.db"] : $0
        }) {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 2, "\(kind) \(command): \(result.status) \(result.stderr)")
            #expect(
                result.stderr.hasPrefix("x.db: corrupt capture") && result.stderr.contains(message),
                "\(kind) \(command): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(kind) \(command): \(result.stderr)")
        }
    }

    @Test func aFailAtCaptureMarkedCompleteIsNotAResult() throws {
        let folder = newFolder()
        _ = try Replay.run(["record", "--fail-at", "300", "--out", "cut.db", "--no-reports", "--quiet"], in: folder)
        try Connection(path: folder.appendingPathComponent("cut.db").path, mode: .create).execute(
            "UPDATE meta SET value = 'complete' WHERE key = 'status'")
        for command in captureCommands("cut.db", other: "cut.db") {
            let result = try Replay.run(command, in: folder)
            #expect(
                result.status == 2 && result.stderr.contains("meta says complete, but the log ends with"),
                "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("rep").path))
    }

    @Test func aCaptureWithNoEventIsIncompleteForEveryCommand() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--fail-at", "1", "--out", "none.db", "--no-reports", "--quiet"], in: folder)
        #expect(record.status == 1, "\(record.stderr)")
        for command in [
            ["run", "none.db"], ["run", "--at", "1", "none.db"], ["run", "--rebuild", "none.db"], ["verify", "none.db"]
        ] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 1, "\(command): \(result.status) \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(command): \(result.stderr)")
        }
        #expect(
            try Replay.run(["run", "--at", "1", "none.db"], in: folder).stderr.contains(
                "there is no event 1: the capture has 0 events"))
    }

    @Test func argumentsThatAreNotUTF8OrHugeOrHoldControlsAreNamedNotEchoed() throws {
        let folder = newFolder()
        // A Latin-1 byte in a path: refused, never rewritten to another file name.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", "'\(Replay.binary.path)' record --out \"$(printf 'caf\\351.db')\" 2>err.txt; echo $? > status.txt"
        ]
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        let status = try String(contentsOf: folder.appendingPathComponent("status.txt"), encoding: .utf8)
        let error = try String(contentsOf: folder.appendingPathComponent("err.txt"), encoding: .utf8)
        #expect(status == "2\n" && error.contains("is not valid UTF-8"), "\(error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["err.txt", "status.txt"])
        // A 1 MB value and a control character: one line, cut, with the control shown as an escape.
        let huge = String(repeating: "x", count: 100_000)
        let long = try Replay.run(["record", "--mode", huge], in: folder)
        #expect(
            long.status == 2 && long.stderr.split(separator: "\n").count == 1 && long.stderr.utf8.count < 3_000,
            "\(long.stderr.prefix(200))")
        #expect(long.stderr.contains("more characters)"))
        let control = try Replay.run(["record", "--mode", "a\u{1B}[31mb"], in: folder)
        #expect(
            control.status == 2 && control.stderr.contains("a\\u{1b}[31mb") && !control.stderr.contains("\u{1B}"),
            "\(control.stderr)")
    }
}

@Suite(.serialized) struct ResourceFaultTests {
    @Test func aFullDiskAbortsTheCaptureWithExitTwo() throws {
        let folder = newFolder()
        let result = try Replay.run(
            ["record", "--quiet", "--batch-size", "64", "--max-page-count", "40", "--out", "full.db", "--reports", "r"],
            in: folder)
        #expect(result.status == 2)
        #expect(result.stderr == "full.db: disk full while recording; the capture is marked aborted\n")
        let reader = try CaptureReader(path: folder.appendingPathComponent("full.db").path)
        #expect(reader.status == .aborted)
        let events = try reader.countEvents()
        #expect(events > 0 && String(events) == reader.metaValue("event_count"))
        // The prefix is sound: verify calls it incomplete, rebuild finds nothing wrong.
        #expect(try Replay.run(["verify", "full.db"], in: folder).status == 1)
        #expect(try Replay.run(["run", "--rebuild", "full.db"], in: folder).stderr.contains("no invariant violated"))
        #expect(
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("r").path))?.isEmpty
                ?? true)
    }

    @Test func outputsThatCannotBeWrittenAreRefusedBeforeRecording() throws {
        let folder = newFolder()
        try Data("x".utf8).write(to: folder.appendingPathComponent("afile"))
        let underFile = try Replay.run(["record", "--out", "afile/c.db"], in: folder)
        #expect(underFile.status == 2 && underFile.stderr == "afile: is a file, expected a folder\n")
        let reportsFile = try Replay.run(["record", "--out", "c.db", "--reports", "afile"], in: folder)
        #expect(reportsFile.status == 2 && reportsFile.stderr == "afile: is a file, expected a folder\n")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("c.db").path))
        #expect(try Replay.run(["record", "--quiet", "--out", "c.db", "--reports", "r"], in: folder).status == 0)
        let again = try Replay.run(["record", "--quiet", "--out", "c.db", "--reports", "r"], in: folder)
        #expect(again.status == 2 && again.stderr == "c.db: already exists; choose another --out or remove the file\n")
    }

    @Test(arguments: [
        (#"{"name": "x"}"#, "$.date: missing required key"),
        (
            #"{"name": "x", "date": "2025-11-08", "restaurants": [], "bookings": []}"#,
            "$.restaurants: must list at least one restaurant"
        ),
        (
            #"{"name": "x", "date": "2025-11-08", "restaurants": [{"slug": "a", "services": [{"name": "d", "start": "17:00", "end": "22:00"}], "turnMinutes": {"2": 60}, "tables": []}], "bookings": []}"#,
            "$.restaurants[0].tables: must list at least one table"
        ),
        (
            #"{"name": "x", "date": "2025-11-08", "restaurants": [{"slug": "a", "services": [{"name": "d", "start": "17:00", "end": "22:00"}], "turnMinutes": {"2": 60}, "tables": [{"id": "T1", "zone": "z", "min": 1, "max": 2}]}], "bookings": [{"id": "B1", "restaurant": "a", "start": "19:60", "party": 2}]}"#,
            "$.bookings[0].start"
        ),
        (
            #"{"name": "x", "date": "2025-11-08", "restaurants": [{"slug": "a", "services": [{"name": "d", "start": "17:00", "end": "22:00"}], "turnMinutes": {"2": 60}, "tables": [{"id": "T1", "zone": "z", "min": "1", "max": 2}]}], "bookings": []}"#,
            "$.restaurants[0].tables[0].min: expected an integer, found a string"
        ),
        ("[1, 2", "invalid JSON")
    ])
    func badScenariosExitTwoAndLeaveNothing(text: String, message: String) throws {
        let folder = newFolder()
        try Data(text.utf8).write(to: folder.appendingPathComponent("s.json"))
        let result = try Replay.run(["record", "--scenario", "s.json"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("s.json: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("captures").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("reports").path))
    }
}

@Suite(.serialized) struct ConcurrentReaderTests {
    @Test func readersDuringRecordingSeeAConsistentPrefix() throws {
        let folder = newFolder()
        #expect(
            try Replay.run(
                ["scenario", "generate", "--restaurants", "10", "--bookings", "900", "--seed", "3", "--out", "s.json"],
                in: folder
            ).status == 0)
        let writer = Process()
        writer.executableURL = Replay.binary
        writer.arguments = [
            "record", "--quiet", "--scenario", "s.json", "--batch-size", "64", "--out", "live.db", "--reports", "r"
        ]
        writer.currentDirectoryURL = folder
        let writerErrors = Pipe()
        writer.standardError = writerErrors
        try writer.run()
        var seen: [Int] = []
        while writer.isRunning {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("live.db").path) {
                let show = try Replay.run(["show", "live.db", "--json"], in: folder)
                if show.status == 0 {
                    let lines = show.stdout.split(separator: "\n")
                    // Gapless from 1: the reader saw a committed prefix.
                    for (index, line) in lines.enumerated() where !line.hasPrefix("{\"seq\":\(index + 1),") {
                        Issue.record("line \(index + 1) is \(line.prefix(30))")
                        break
                    }
                    seen.append(lines.count)
                } else {
                    #expect(show.status == 2 && show.stderr.contains("live.db"), "\(show.stderr)")
                }
                let sqlite = Process()
                sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
                sqlite.arguments = [
                    "-readonly", folder.appendingPathComponent("live.db").path, "select count(*) from events"
                ]
                sqlite.standardOutput = FileHandle.nullDevice
                sqlite.standardError = FileHandle.nullDevice
                try sqlite.run()
                sqlite.waitUntilExit()
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        writer.waitUntilExit()
        let errors = String(decoding: writerErrors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(writer.terminationStatus == 0, "\(errors)")
        #expect(try Replay.run(["verify", "live.db"], in: folder).status == 0)
        #expect(seen.count >= 2, "readers saw \(seen)")
        #expect(seen == seen.sorted(), "prefixes went backwards: \(seen)")
        print(
            "concurrent reads during recording: \(seen.count), prefixes \(seen.first ?? 0)...\(seen.last ?? 0) events")
    }
}

/// A real full disk: a tmpfs of a few sizes under the capture and the reports (mounting needs
/// root; skipped with a message elsewhere). Each outcome's message must say what the file is.
@Suite(.serialized) struct FullDiskTests {
    static let canMount: Bool = {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let probe = newFolder().appendingPathComponent("probe")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { _ = FullDiskTests.shell("umount '\(probe.path)'") }
        return FullDiskTests.shell("mount -t tmpfs -o size=64k tmpfs '\(probe.path)'") == 0
    }()

    @discardableResult
    static func shell(_ line: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line + " >/dev/null 2>&1"]
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(
        .enabled(if: canMount, "needs root to mount a tmpfs (a full disk); skipped"),
        arguments: [32, 48, 64, 96, 160, 256, 320, 448, 1024])
    func everyFullDiskOutcomeSaysWhatTheFileIs(kilobytes: Int) throws {
        let folder = newFolder()
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(Self.shell("mount -t tmpfs -o size=\(kilobytes)k tmpfs '\(disk.path)'") == 0)
        defer { Self.shell("umount '\(disk.path)'") }
        let result = try Replay.run(["record", "--quiet", "--out", "disk/c.db", "--reports", "disk/rep"], in: folder)
        let verify = try Replay.run(["verify", "disk/c.db"], in: folder)
        let message = result.stderr
        #expect(!message.contains("readers held it open"), "\(kilobytes) KB: \(message)")
        #expect(!message.contains("SQLite error"), "\(kilobytes) KB: \(message)")
        switch result.status {
        case 0:
            #expect(verify.status == 0 && message.isEmpty, "\(kilobytes) KB: \(verify.stderr)")
        case 2 where message.contains("the capture is marked aborted"):
            #expect(
                verify.status == 1 && verify.stderr.contains("incomplete, aborted"),
                "\(kilobytes) KB: \(message) / \(verify.stderr)")
        case 2 where message.contains("stays 'recording'"):
            #expect(
                verify.status == 1 && verify.stderr.contains("incomplete, the writer stopped"),
                "\(kilobytes) KB: \(message) / \(verify.stderr)")
        case 2 where message.contains("complete, but the disk is full, so it stayed in WAL mode"):
            // The capture is a result; the reports could not be written, and none is left cut short.
            #expect(verify.status == 0, "\(kilobytes) KB: \(verify.stderr)")
            #expect(
                message.contains("cannot write (No space left on device); nothing was left under that name"),
                "\(kilobytes) KB: \(message)")
        default:
            Issue.record("\(kilobytes) KB: unexpected outcome \(result.status): \(message)")
        }
        // Whatever happened: no temporary file, the reports all three or none (never a lone one,
        // never an empty folder), and every report present is whole (parses).
        let reportFolder = disk.appendingPathComponent("rep").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: reportFolder)) ?? []
        #expect(!files.contains { $0.contains(".tmp-") }, "\(kilobytes) KB: \(files)")
        #expect(
            files.sorted() == ["c.html", "c.json", "c.md"]
                || (files.isEmpty && !FileManager.default.fileExists(atPath: reportFolder)),
            "\(kilobytes) KB: \(files)")
        if files.contains("c.json") {
            #expect(
                (try? JSONSerialization.jsonObject(with: Data(contentsOf: disk.appendingPathComponent("rep/c.json"))))
                    != nil)
        }
    }
}

/// A shrink or sweep whose recordings cannot be written (its `--out` on a full disk) stops with the
/// reason, exit 2: never "does not hold ... nothing to shrink" or failed runs, verdicts about the allocator.
@Suite(.serialized) struct FullDiskShrinkTests {
    @Test(.enabled(if: FullDiskTests.canMount, "needs root to mount a tmpfs (a full disk); skipped"))
    func aShrinkOnAFullDiskIsAnErrorNotAVerdict() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--no-reports", "--out", "c.db"], in: folder).status == 0)
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        try #require(FullDiskTests.shell("mount -t tmpfs -o size=48k tmpfs '\(disk.path)'") == 0)
        defer { FullDiskTests.shell("umount '\(disk.path)'") }
        let result = try Replay.run(
            ["shrink", "c.db", "--until", "fails:B071", "--out", "disk/shrunk", "--quiet"], in: folder)
        #expect(result.status == 2, "\(result.status): \(result.stdout)\(result.stderr)")
        #expect(
            result.stderr.contains("a recording could not be made") && !result.stderr.contains("does not hold"),
            "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        // A sweep the same: no "runs failed" verdict, exit 2 with the reason.
        let sweep = try Replay.run(["sweep", "--seeds", "1..2", "--out", "disk/sweep", "--quiet"], in: folder)
        #expect(
            sweep.status == 2 && sweep.stderr.contains(" could not be recorded: ")
                && sweep.stderr.contains("holds no result"), "\(sweep.stderr)")
    }
}

/// Every command with its stdout or stderr closed or full: never a trap; a failed write to
/// stdout is exit 2; stderr that cannot be written changes nothing but the missing line.
@Suite(.serialized) struct ClosedStreamTests {
    static let commands: [(name: String, arguments: String, printsToStdout: Bool)] = [
        ("record", "record --out N.db --reports rN", true),
        ("record, bad option", "record --mode banana", false),
        ("run", "run c.db", true),
        ("run --rebuild", "run --rebuild c.db", true),
        ("run --at", "run --at 5 c.db", true),
        ("verify", "verify c.db", true),
        ("verify, missing file", "verify missing.db", false),
        ("show", "show c.db", true),
        ("report", "report c.db --reports rN", true),
        ("diff", "diff c.db c.db", true),
        ("scenario show", "scenario show", true),
        ("scenario generate", "scenario generate --restaurants 2 --bookings 20", true),
        ("sweep", "sweep --seeds 1..1 --out sN", true),
        ("sweep, bad option", "sweep --seeds 9..1", false),
        ("shrink, bad property", "shrink c.db --until vibes", false)
    ]

    @Test func noCommandTrapsOnAClosedOrFullStream() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "c.db", "--reports", "r"], in: folder).status == 0)
        let binary = Replay.binary.path
        var runs = 0
        for (index, command) in Self.commands.enumerated() {
            let normal = try Replay.run(
                command.arguments.replacingOccurrences(of: "N", with: "\(index)-plain").split(separator: " ").map(
                    String.init), in: folder)
            for (slot, redirect) in ["2>&-", "2>/dev/full", ">&-", ">/dev/full"].enumerated() {
                let arguments = command.arguments.replacingOccurrences(of: "N", with: "\(index)-\(slot)")
                let result = try Replay.shell(
                    "'\(binary)' \(arguments) \(redirect); echo \"status $?\" >&3", in: folder, status: true)
                runs += 1
                let status =
                    Int32(
                        result.split(separator: " ").last.map(String.init)?.trimmingCharacters(
                            in: .whitespacesAndNewlines) ?? "") ?? -1
                #expect(
                    [0, 1, 2].contains(status),
                    "\(command.name) \(redirect): status \(status) (a trap is 132, 134 or 139)")
                if redirect.hasPrefix("2") {
                    #expect(
                        status == normal.status,
                        "\(command.name) \(redirect): \(status), \(normal.status) with stderr open")
                } else if command.printsToStdout && normal.status == 0 {
                    #expect(
                        status == 2,
                        "\(command.name) \(redirect): a failed write to stdout must be exit 2, got \(status)")
                }
            }
        }
        #expect(runs == Self.commands.count * 4)
    }
}
