import EventLog
import Foundation
import Testing

/// Failures of the machine, not of the allocator: an output folder in use, a stdout that cannot
/// be written, a sweep folder that was tampered with. Each is exit 2 with the reason, never a
/// verdict about the engine.
@Suite(.serialized) struct InfrastructureErrorTests {
    @Test func anOutputFolderInUseIsRefusedBySweepShrinkAndMerge() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Replay.run(["record", "--quiet", "--no-reports", "--out", "day.db"], in: folder).status == 0)
        // Another sweep holds the (still empty) folder: its mark is there.
        for name in ["taken-sweep", "taken-shrink", "taken-merge"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let commands: [(String, [String])] = [
            ("taken-sweep", ["sweep", "--seeds", "1..2", "--quiet", "--out", "taken-sweep"]),
            ("taken-shrink", ["shrink", "day.db", "--until", "success-below:100", "--out", "taken-shrink"])
        ]
        for (name, command) in commands {
            // The race the lock closes: the other process found the folder empty and marked it a moment before.
            let mark = folder.appendingPathComponent("\(name)/.replay-in-use")
            let started = Process()
            started.executableURL = URL(fileURLWithPath: "/bin/sh")
            started.arguments = ["-c", "exec 3>'\(mark.path)'; sleep 0"]
            try started.run()
            started.waitUntilExit()
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 2, "\(command): \(result.stdout)\(result.stderr)")
            #expect(
                result.stderr.contains("in use by another sweep, shrink or merge")
                    || result.stderr.contains("already holds files"), "\(result.stderr)")
        }
        // Two sweeps started together into one folder: one runs, the other is refused, and the result is the one sweep's.
        let first = Process()
        let second = Process()
        for process in [first, second] {
            process.executableURL = Replay.binary
            process.arguments = ["sweep", "--seeds", "1..4", "--quiet", "--out", "shared"]
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try first.run()
        try second.run()
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(
            [first.terminationStatus, second.terminationStatus].sorted() == [0, 2],
            "\(first.terminationStatus) \(second.terminationStatus)")
        #expect(try SweepTests.rows(folder.appendingPathComponent("shared")).count == 4)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("shared/.replay-in-use").path))
    }

    @Test func aVerdictPrintedToAFullDiskIsAnError() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Replay.run(["record", "--quiet", "--no-reports", "--out", "a.db"], in: folder).status == 0)
        #expect(
            try Replay.run(["record", "--quiet", "--no-reports", "--max-tables", "2", "--out", "b.db"], in: folder)
                .status == 0)
        // `diff` of two different runs exits 1 ("different"); to /dev/full that verdict was never shown.
        let full = try Replay.runProgram(
            "/bin/sh", ["-c", "'\(Replay.binary.path)' diff a.db b.db > /dev/full"], in: folder)
        #expect(full.status == 2, "\(full.stderr)")
        #expect(
            full.stderr.contains("cannot write to stdout") && full.stderr.contains("the output is incomplete"),
            "\(full.stderr)")
        let shown = try Replay.run(["diff", "a.db", "b.db"], in: folder)
        #expect(shown.status == 1)
    }

    @Test func mergeRefusesRowsNoSweepWritesAndLinksOutOfItsFolders() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(String, String)] = [
            ("UPDATE runs SET success_bp = 20000 WHERE position = 0", "run 0: success_bp is 20000, outside 0...10000"),
            ("UPDATE runs SET confirmed = -3 WHERE position = 0", "run 0: confirmed is -3, below 0"),
            (
                "UPDATE runs SET command = 'rm -rf ~' WHERE position = 0",
                "run 0: command is not a replay record command"
            ),
            (
                "UPDATE runs SET capture = '../../etc/passwd' WHERE position = 0",
                "run 0: capture '../../etc/passwd' is not captures/run-0.db"
            ),
            ("UPDATE runs SET position = 7 WHERE position = 0", "run 7: position 7 is outside the sweep's 2 runs")
        ]
        for (number, (sql, message)) in cases.enumerated() {
            let parent = "p\(number)"
            for shard in ["1/2", "2/2"] {
                #expect(
                    try Replay.run(
                        ["sweep", "--seeds", "1..2", "--shard", shard, "--quiet", "--out", parent], in: folder
                    ).status == 0)
            }
            let shards = try SweepTests.shardFolders(folder.appendingPathComponent(parent))
            let connection = try Connection(
                path: folder.appendingPathComponent("\(parent)/\(shards[0])/sweep.db").path, mode: .create)
            try connection.execute(sql)
            let merged = try Replay.run(["sweep", "merge", "--from", parent, "--out", "m\(number)"], in: folder)
            #expect(merged.status == 2 && merged.stderr.contains(message), "\(sql): \(merged.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m\(number)").path))
        }
        // A kept capture that is a link to a system file.
        #expect(
            try Replay.run(
                ["sweep", "--seeds", "1..2", "--shard", "1/2", "--quiet", "--keep", "all", "--out", "links"], in: folder
            ).status == 0)
        #expect(
            try Replay.run(
                ["sweep", "--seeds", "1..2", "--shard", "2/2", "--quiet", "--keep", "all", "--out", "links"], in: folder
            ).status == 0)
        let shards = try SweepTests.shardFolders(folder.appendingPathComponent("links"))
        let kept = folder.appendingPathComponent("links/\(shards[0])/captures/run-0.db")
        try FileManager.default.removeItem(at: kept)
        try FileManager.default.createSymbolicLink(atPath: kept.path, withDestinationPath: "/etc/passwd")
        let linked = try Replay.run(["sweep", "merge", "--from", "links", "--out", "m-links"], in: folder)
        #expect(
            linked.status == 2 && linked.stderr.contains("captures/run-0.db: not a plain file (a link or a folder)"),
            "\(linked.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m-links").path))
    }
}
