import EventLog
import Foundation
import Testing

/// Every command that takes a capture, with a second capture where it needs one.
func captureCommands(_ file: String, other: String) -> [[String]] {
    [["run", file], ["run", "--rebuild", file], ["run", "--at", "5", file], ["verify", file], ["show", file],
     ["report", file, "--reports", "rep"], ["diff", file, other], ["diff", other, file]]
}

@Suite(.serialized) struct HostileCaptureTests {
    /// A recorded capture to copy and damage.
    static func validCapture(in folder: URL) throws -> Data {
        #expect(try Replay.run(["record", "--quiet", "--out", "valid.db", "--reports", "r"], in: folder).status == 0)
        return try Data(contentsOf: folder.appendingPathComponent("valid.db"))
    }

    @Test(arguments: ["empty", "truncated", "garbage", "header-flipped", "pages-flipped", "foreign-schema", "wrong-version",
                      "directory", "missing", "text", "garbage-wal"])
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
            try connection.execute("CREATE TABLE meta(k, v); CREATE TABLE events(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO events VALUES (1, 'x');")
        case "wrong-version":
            try valid.write(to: url)
            let connection = try Connection(path: url.path, mode: .create)
            try connection.execute("UPDATE meta SET value = '99' WHERE key = 'format_version'; PRAGMA user_version = 99;")
        case "directory": try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        case "text": try Data("this is not a capture\n".utf8).write(to: url)
        case "garbage-wal":
            // A capture left with a WAL that is not a WAL.
            try valid.write(to: url)
            try Data((0..<9000).map { UInt8($0 % 251) }).write(to: folder.appendingPathComponent(file + "-wal"))
        default: break
        }
        let before = FileManager.default.contents(atPath: url.path)
        for command in captureCommands(file, other: "valid.db") {
            let result = try Replay.run(command, in: folder)
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
        #expect(FileManager.default.contents(atPath: url.path) == before, "\(kind): a command changed the file")
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
        probe.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Replay.binary.path, "verify", locked.path]
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
        try connection.execute("UPDATE events SET payload = replace(payload, '\"party\":2', '\"party\":3') WHERE seq = (SELECT min(seq) FROM events WHERE type = 'booking.seeded' AND payload LIKE '%\"party\":2%')")
        let verify = try Replay.run(["verify", "x.db"], in: folder)
        #expect(verify.status == 2 && verify.stderr.contains("hash does not match"), "\(verify.stderr)")
        #expect(try Replay.run(["run", "x.db"], in: folder).status == 1)
    }
}

@Suite(.serialized) struct ResourceFaultTests {
    @Test func aFullDiskAbortsTheCaptureWithExitTwo() throws {
        let folder = newFolder()
        let result = try Replay.run(["record", "--quiet", "--batch-size", "64", "--max-page-count", "40", "--out", "full.db", "--reports", "r"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr == "full.db: disk full while recording; the capture is marked aborted\n")
        let reader = try CaptureReader(path: folder.appendingPathComponent("full.db").path)
        #expect(reader.status == .aborted)
        let events = try reader.countEvents()
        #expect(events > 0 && String(events) == reader.metaValue("event_count"))
        // The prefix is sound: verify calls it incomplete, rebuild finds nothing wrong.
        #expect(try Replay.run(["verify", "full.db"], in: folder).status == 1)
        #expect(try Replay.run(["run", "--rebuild", "full.db"], in: folder).stderr.contains("no invariant violated"))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("r").path))?.isEmpty ?? true)
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
        (#"{"name": "x", "date": "2025-11-08", "restaurants": [], "bookings": []}"#, "$.restaurants: must list at least one restaurant"),
        (#"{"name": "x", "date": "2025-11-08", "restaurants": [{"slug": "a", "services": [{"name": "d", "start": "17:00", "end": "22:00"}], "turnMinutes": {"2": 60}, "tables": []}], "bookings": []}"#, "$.restaurants[0].tables: must list at least one table"),
        (#"{"name": "x", "date": "2025-11-08", "restaurants": [{"slug": "a", "services": [{"name": "d", "start": "17:00", "end": "22:00"}], "turnMinutes": {"2": 60}, "tables": [{"id": "T1", "zone": "z", "min": 1, "max": 2}]}], "bookings": [{"id": "B1", "restaurant": "a", "start": "19:60", "party": 2}]}"#, "$.bookings[0].start"),
        (#"{"name": "x", "date": "2025-11-08", "restaurants": [{"slug": "a", "services": [{"name": "d", "start": "17:00", "end": "22:00"}], "turnMinutes": {"2": 60}, "tables": [{"id": "T1", "zone": "z", "min": "1", "max": 2}]}], "bookings": []}"#, "$.restaurants[0].tables[0].min: expected an integer, found a string"),
        ("[1, 2", "invalid JSON"),
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
        #expect(try Replay.run(["scenario", "generate", "--restaurants", "10", "--bookings", "900", "--seed", "3", "--out", "s.json"], in: folder).status == 0)
        let writer = Process()
        writer.executableURL = Replay.binary
        writer.arguments = ["record", "--quiet", "--scenario", "s.json", "--batch-size", "64", "--out", "live.db", "--reports", "r"]
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
                        Issue.record("line \(index + 1) is \(line.prefix(30))"); break
                    }
                    seen.append(lines.count)
                } else {
                    #expect(show.status == 2 && show.stderr.contains("live.db"), "\(show.stderr)")
                }
                let sqlite = Process()
                sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
                sqlite.arguments = ["-readonly", folder.appendingPathComponent("live.db").path, "select count(*) from events"]
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
        print("concurrent reads during recording: \(seen.count), prefixes \(seen.first ?? 0)...\(seen.last ?? 0) events")
    }
}
