import Foundation
import Testing

/// A sweep on a real one-node Slurm cluster (`scripts/slurm-cluster`): the array of
/// `examples/cluster/slurm/sweep.sbatch` with `--shard-from-env`, the merge as a job that
/// depends on it, one task killed on purpose and rerun alone. Skipped where Slurm and munge are
/// not installed or the tests do not run as root (`.ci/run` installs them).
@Suite(.serialized) struct ClusterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var slurmRunnable: Bool {
        getuid() == 0 && ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/squeue"]
            .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A Slurm client command against the test's cluster.
    struct Slurm {
        var configuration: String
        var folder: URL
        var jobEnvironment: [String: String]

        func run(_ program: String, _ arguments: [String]) throws -> Replay.Result {
            try Replay.runProgram("/usr/bin/env", [program] + arguments, in: folder, environment: ["SLURM_CONF": configuration].merging(jobEnvironment) { $1 })
        }

        func submit(_ arguments: [String]) throws -> String {
            let result = try run("sbatch", ["--parsable", "--export=ALL"] + arguments)
            #expect(result.status == 0, "sbatch \(arguments): \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The job's (or array task's) state and reason as squeue shows them; nil once it left the queue.
        func queued(_ job: String) throws -> (state: String, reason: String)? {
            let result = try run("squeue", ["-h", "-j", job, "-o", "%T %r"])
            let line = result.stdout.split(separator: "\n").first.map(String.init) ?? ""
            guard result.status == 0, !line.isEmpty else { return nil }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }

        /// Polls every 100 ms until `done` holds, for at most `seconds`.
        func wait(_ what: String, seconds: Double = 180, _ done: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(seconds)
            while try !done() {
                guard Date() < deadline else {
                    Issue.record("timed out waiting for \(what); queue: \((try? run("squeue", []).stdout) ?? "")")
                    return
                }
                usleep(100_000)
            }
        }
    }

    @Test(.enabled(if: slurmRunnable, "Slurm (slurm-wlm, munge) is not installed here or the tests are not root: the cluster test is skipped"))
    func aSlurmArraySweepMergesIntoTheUnshardedSweepAndAKilledTaskIsRerunAlone() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Self.root.appendingPathComponent("scripts/slurm-cluster").path
        let cluster = folder.appendingPathComponent("cluster").path
        let started = try Replay.runProgram(script, ["start", cluster], in: folder)
        defer { _ = try? Replay.runProgram(script, ["stop", cluster], in: folder) }
        try #require(started.status == 0, "the cluster did not start: \(started.stdout)\(started.stderr)")
        let seeds = "1..16"
        let slurm = Slurm(configuration: started.stdout.trimmingCharacters(in: .whitespacesAndNewlines), folder: folder,
                          jobEnvironment: ["REPLAY": Replay.binary.path, "RESULTS": folder.appendingPathComponent("results").path, "SEEDS": seeds])
        let templates = Self.root.appendingPathComponent("examples/cluster/slurm")
        let sweepScript = templates.appendingPathComponent("sweep.sbatch").path, mergeScript = templates.appendingPathComponent("merge.sbatch").path

        // The array and its merge, which starts only when every task succeeded.
        let array = try slurm.submit([sweepScript])
        let firstMerge = try slurm.submit(["--dependency=afterok:\(array)", mergeScript])
        // Task 3 is killed on purpose while it runs.
        try slurm.wait("task 3 to run") { try slurm.queued("\(array)_3")?.state == "RUNNING" }
        #expect(try slurm.run("scancel", ["\(array)_3"]).status == 0)
        try slurm.wait("tasks 1, 2 and 4 to end") { try ["1", "2", "4"].allSatisfy { try slurm.queued("\(array)_\($0)") == nil } }
        try slurm.wait("the merge to be held for good") { try slurm.queued(firstMerge)?.reason == "DependencyNeverSatisfied" }
        let shards = folder.appendingPathComponent("results/shards")
        let done = try SweepTests.shardFolders(shards).filter { !$0.hasPrefix(".") }
        #expect(done.count == 3 && !done.contains { $0.hasSuffix("-shard-3-of-4") }, "\(done)")
        let before = try done.map { try Data(contentsOf: shards.appendingPathComponent("\($0)/sweep.db")) }

        // merge names the missing shard and the commands that rerun exactly it.
        let missing = try Replay.run(["sweep", "merge", "--from", shards.path, "--out", "results/sweep"], in: folder)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("3 of 4 shards; missing 3/4; nothing merged"), "\(missing.stdout)")
        #expect(missing.stdout.contains("--shard 3/4 --out \(shards.path)"), "\(missing.stdout)")
        #expect(missing.stdout.contains("or on Slurm: sbatch --array=3 "), "\(missing.stdout)")
        #expect(try slurm.run("scancel", [firstMerge]).status == 0)

        // Only index 3 again, then the merge.
        let rerun = try slurm.submit(["--array=3", sweepScript])
        let merge = try slurm.submit(["--dependency=afterok:\(rerun)", mergeScript])
        try slurm.wait("the rerun and the merge") { try slurm.queued(rerun) == nil && slurm.queued(merge) == nil }
        let mergeLog = try String(contentsOf: folder.appendingPathComponent("replay-merge-\(merge).out"), encoding: .utf8)
        #expect(mergeLog.contains("sweep \(folder.appendingPathComponent("results/sweep").path): 48 runs"), "\(mergeLog)")
        // The other shards were not run again, and no attempt is left behind.
        #expect(try done.map { try Data(contentsOf: shards.appendingPathComponent("\($0)/sweep.db")) } == before)
        let after = try SweepTests.shardFolders(shards)
        #expect(after.count == 4, "\(after)")

        // The merged result is the unsharded sweep's.
        let whole = try Replay.run(["sweep", "--seeds", seeds, "--mode", "assign,reserve", "--clients", "1,4", "--jobs", "2", "--quiet", "--out", "whole"], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        try SweepTests.expectSameSweep(folder.appendingPathComponent("whole"), folder.appendingPathComponent("results/sweep"))
    }
}
