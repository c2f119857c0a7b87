@testable import EventLog
import Foundation
import Testing

func temporaryPath(_ name: String) -> String {
    ProcessScratch.folder("replay-tests").appendingPathComponent(name).path
}

let sampleMeta: [(key: String, value: String)] = [
    ("tool_version", "test"), ("scenario", "s"), ("seed", "1"), ("mode", "assign"), ("options", "{}"),
    ("recorded_at", "now")
]

@Suite struct CaptureTests {
    @Test func writesAndReadsBackAGaplessChainedLog() throws {
        let path = temporaryPath("a.db")
        let writer = try CaptureWriter(path: path, meta: sampleMeta, batchSize: 3)
        for index in 1...10 {
            try writer.append(
                type: "test.event", at: index * 10, restaurant: index % 2 == 0 ? "r" : nil, booking: nil,
                payload: "{\"i\":\(index)}")
        }
        try writer.finish()
        let reader = try CaptureReader(path: path)
        #expect(reader.status == .complete)
        #expect(reader.metaValue("event_count") == "10")
        var previous = HashChain.genesis
        var seqs: [Int] = []
        try reader.forEachEvent { record in
            #expect(record.hash == HashChain.hash(of: record, after: previous))
            previous = record.hash
            seqs.append(record.seq)
            return true
        }
        #expect(seqs == Array(1...10))
        #expect(reader.metaValue("head_hash") == previous.hexString)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func refusesAnExistingFile() throws {
        let path = temporaryPath("b.db")
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        #expect(throws: CaptureError.self) { try CaptureWriter(path: path, meta: sampleMeta) }
    }

    @Test func aCrashKeepsTheCommittedPrefixMarkedRecording() throws {
        let path = temporaryPath("c.db")
        let writer = try CaptureWriter(path: path, meta: sampleMeta, batchSize: 4, failAt: 7)
        var stoppedAt: Int?
        do {
            for index in 1...10 {
                try writer.append(type: "t", at: index, restaurant: nil, booking: nil, payload: "{}")
            }
        } catch let crash as CaptureWriter.SimulatedCrash {
            stoppedAt = crash.seq
        }
        writer.abandon()
        #expect(stoppedAt == 7)
        let reader = try CaptureReader(path: path)
        #expect(reader.status == .recording)
        #expect(try reader.countEvents() == 6)
        #expect(reader.metaValue("event_count") == "6")
    }

    @Test func diskFullIsAnErrorAndTheCaptureIsAborted() throws {
        let path = temporaryPath("d.db")
        let writer = try CaptureWriter(path: path, meta: sampleMeta, batchSize: 100)
        try writer.limitPages(8)
        let payload = "{\"pad\":\"" + String(repeating: "x", count: 2000) + "\"}"
        var caught: CaptureError?
        do {
            for index in 1...1000 {
                try writer.append(type: "t", at: index, restaurant: nil, booking: nil, payload: payload)
            }
        } catch let error as CaptureError {
            caught = error
        }
        // The open batch was rolled back, which frees the pages the status row needs.
        let marked = writer.abort()
        guard case .diskFull? = caught else {
            Issue.record("expected disk full, got \(String(describing: caught))")
            return
        }
        #expect(marked)
        let reader = try CaptureReader(path: path)
        #expect(reader.status == .aborted)
    }

    @Test func notACaptureIsNamed() throws {
        let empty = temporaryPath("empty.db")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: CaptureError.self) { try CaptureReader(path: empty) }
        let garbage = temporaryPath("garbage.db")
        #expect(FileManager.default.createFile(atPath: garbage, contents: Data((0..<4096).map { UInt8($0 % 256) })))
        let garbageError = #expect(throws: CaptureError.self) { try CaptureReader(path: garbage) }
        #expect(garbageError?.description.hasPrefix(garbage) == true)
        #expect(throws: CaptureError.self) { try CaptureReader(path: temporaryPath("missing.db")) }
        let directory = temporaryPath("dir")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(throws: CaptureError.self) { try CaptureReader(path: directory) }
    }

    @Test func aForeignSQLiteDatabaseIsRefused() throws {
        let path = temporaryPath("foreign.db")
        let connection = try Connection(path: path, mode: .create)
        try connection.execute("CREATE TABLE events(x INTEGER); INSERT INTO events VALUES (1);")
        let error = #expect(throws: CaptureError.self) { try CaptureReader(path: path) }
        #expect(error?.description.contains("not a replay capture") == true)
    }

    @Test func sqliteErrorsCarryCodeMessageAndPath() throws {
        let path = temporaryPath("e.db")
        let connection = try Connection(path: path, mode: .create)
        let error = #expect(throws: SQLiteError.self) { try connection.execute("SELECT * FROM nowhere") }
        #expect(error?.code == 1)
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("no such table") == true)
    }
}
