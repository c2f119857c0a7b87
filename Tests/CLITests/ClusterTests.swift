import CanonicalJSON
import Foundation
import Testing

/// A sweep on a real one-node Slurm cluster (`scripts/slurm-cluster`): the array of
/// `examples/cluster/slurm/sweep.sbatch` with `--shard-from-env`, the merge as a job that
/// depends on it, one task killed on purpose and rerun alone. Skipped where Slurm and munge are
/// not installed or the tests do not run as root (`.ci/run` installs them). The Kubernetes and
/// GitHub Actions templates, which need a cluster or a runner we do not have, have their own
/// commands run here as their scheduler would run them.
@Suite(.serialized) struct ClusterTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var slurmRunnable: Bool {
        getuid() == 0
            && ["/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/squeue"]
                .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// A Slurm client command against the test's cluster.
    struct Slurm {
        var configuration: String
        var folder: URL
        var jobEnvironment: [String: String]

        func run(_ program: String, _ arguments: [String]) throws -> Replay.Result {
            try Replay.runProgram(
                "/usr/bin/env", [program] + arguments, in: folder,
                environment: ["SLURM_CONF": configuration].merging(jobEnvironment) { $1 })
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

    @Test(
        .enabled(
            if: slurmRunnable,
            "Slurm (slurm-wlm, munge) is not installed here or the tests are not root: the cluster test is skipped"))
    func aSlurmArraySweepMergesIntoTheUnshardedSweepAndAKilledTaskIsRerunAlone() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Self.root.appendingPathComponent("scripts/slurm-cluster").path
        let cluster = folder.appendingPathComponent("cluster").path
        let started = try Replay.runProgram(script, ["start", cluster], in: folder)
        defer { _ = try? Replay.runProgram(script, ["stop", cluster], in: folder) }
        try #require(started.status == 0, "the cluster did not start: \(started.stdout)\(started.stderr)")
        let seeds = "1..16"
        let slurm = Slurm(
            configuration: started.stdout.trimmingCharacters(in: .whitespacesAndNewlines), folder: folder,
            jobEnvironment: [
                "REPLAY": Replay.binary.path, "RESULTS": folder.appendingPathComponent("results").path, "SEEDS": seeds
            ])
        let templates = Self.root.appendingPathComponent("examples/cluster/slurm")
        let sweepScript = templates.appendingPathComponent("sweep.sbatch").path
        let mergeScript = templates.appendingPathComponent("merge.sbatch").path

        // The array and its merge, which starts only when every task succeeded.
        let array = try slurm.submit([sweepScript])
        let firstMerge = try slurm.submit(["--dependency=afterok:\(array)", mergeScript])
        // Task 3 is killed on purpose while it runs.
        try slurm.wait("task 3 to run") { try slurm.queued("\(array)_3")?.state == "RUNNING" }
        #expect(try slurm.run("scancel", ["\(array)_3"]).status == 0)
        try slurm.wait("tasks 1, 2 and 4 to end") {
            try ["1", "2", "4"].allSatisfy { try slurm.queued("\(array)_\($0)") == nil }
        }
        try slurm.wait("the merge to be held for good") {
            try slurm.queued(firstMerge)?.reason == "DependencyNeverSatisfied"
        }
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
        let mergeLog = try String(
            contentsOf: folder.appendingPathComponent("replay-merge-\(merge).out"), encoding: .utf8)
        #expect(
            mergeLog.contains("sweep \(folder.appendingPathComponent("results/sweep").path): 48 runs"), "\(mergeLog)")
        // The other shards were not run again, and no attempt is left behind.
        #expect(try done.map { try Data(contentsOf: shards.appendingPathComponent("\($0)/sweep.db")) } == before)
        let after = try SweepTests.shardFolders(shards)
        #expect(after.count == 4, "\(after)")

        // The merged result is the unsharded sweep's.
        let whole = try Replay.run(
            [
                "sweep", "--seeds", seeds, "--mode", "assign,reserve", "--clients", "1,4", "--jobs", "2", "--quiet",
                "--out", "whole"
            ], in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")
        try SweepTests.expectSameSweep(
            folder.appendingPathComponent("whole"), folder.appendingPathComponent("results/sweep"))
    }

    static var pythonReadsYAML: Bool {
        (try? Replay.runProgram(
            "/usr/bin/env", ["python3", "-c", "import yaml"], in: FileManager.default.temporaryDirectory
        ).status) == 0
    }

    /// A YAML file as JSON (PyYAML), so a test reads a template as its scheduler would.
    static func yaml(_ path: String) throws -> JSONValue {
        let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"
        let result = try Replay.runProgram(
            "/usr/bin/env", ["python3", "-c", script, path], in: FileManager.default.temporaryDirectory)
        try #require(result.status == 0, "\(path): \(result.stderr)")
        return try JSONParser.parse(result.stdout)
    }

    /// Runs `sh -c command` in `folder` with `replay` on the PATH, as a pod or a runner would.
    static func shell(_ command: String, in folder: URL, binaries: URL, environment: [String: String] = [:]) throws
        -> Replay.Result
    {
        let path = binaries.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try Replay.runProgram(
            "/bin/sh", ["-c", command], in: folder, environment: environment.merging(["PATH": path]) { $1 })
    }

    @Test(
        .enabled(
            if: pythonReadsYAML, "PyYAML is not installed: the Kubernetes and GitHub Actions templates are not run"))
    func theKubernetesAndGitHubTemplatesCommandsMergeIntoTheUnshardedSweep() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let templates = Self.root.appendingPathComponent("examples/cluster")
        let binaries = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: binaries, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: binaries.appendingPathComponent("replay"), withDestinationURL: Replay.binary)
        // The templates' own grid, on 6 seeds instead of 1,000.
        func shortened(_ command: String) -> String {
            command.replacingOccurrences(of: "--seeds 1..1000", with: "--seeds 1..6")
        }
        let whole = try Replay.run(
            ["sweep", "--seeds", "1..6", "--mode", "assign,reserve", "--clients", "1,4", "--quiet", "--out", "whole"],
            in: folder)
        #expect(whole.status == 0, "\(whole.stderr)")

        // Kubernetes: one pod per index with JOB_COMPLETION_INDEX, the shared volume at a folder of ours; then the merge Job.
        let job = try Self.yaml(templates.appendingPathComponent("kubernetes/sweep-job.yaml").path)
        let completions = try #require(job["spec"]?["completions"]?.intValue)
        #expect(job["spec"]?["completionMode"]?.stringValue == "Indexed")
        func command(_ manifest: JSONValue) throws -> String {
            let words = try #require(
                manifest["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first?["command"]?.arrayValue?
                    .compactMap { $0.stringValue })
            try #require(words.count == 3 && words[0] == "sh" && words[1] == "-c", "\(words)")
            return shortened(words[2]).replacingOccurrences(
                of: "/results", with: folder.appendingPathComponent("volume").path)
        }
        let pod = try command(job)
        for index in 0..<completions {
            let result = try Self.shell(
                pod, in: folder, binaries: binaries, environment: ["JOB_COMPLETION_INDEX": String(index)])
            #expect(result.status == 0, "pod \(index): \(result.stderr)")
        }
        let merge = try Self.shell(
            try command(Self.yaml(templates.appendingPathComponent("kubernetes/merge-job.yaml").path)), in: folder,
            binaries: binaries)
        #expect(merge.status == 0, "\(merge.stdout)\(merge.stderr)")
        try SweepTests.expectSameSweep(
            folder.appendingPathComponent("whole"), folder.appendingPathComponent("volume/sweep"))

        // GitHub Actions: each matrix job in its own runner folder, its shards/ uploaded and downloaded into one folder; then the merge job.
        let workflow = try Self.yaml(templates.appendingPathComponent("github/sweep.yml").path)
        let sweepJob = try #require(workflow["jobs"]?["sweep"])
        let mergeJob = try #require(workflow["jobs"]?["merge"])
        let matrix = try #require(sweepJob["strategy"]?["matrix"]?["shard"]?.arrayValue?.compactMap { $0.intValue })
        let shardStep = try #require(sweepJob["steps"]?.arrayValue?.compactMap { $0["run"]?.stringValue }.first)
        let mergeStep = try #require(mergeJob["steps"]?.arrayValue?.compactMap { $0["run"]?.stringValue }.first)
        let downloaded = folder.appendingPathComponent("merge-runner/shards")
        try FileManager.default.createDirectory(at: downloaded, withIntermediateDirectories: true)
        for shard in matrix {
            let runner = folder.appendingPathComponent("runner-\(shard)")
            try FileManager.default.createDirectory(at: runner, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: runner.appendingPathComponent("replay"), withDestinationURL: Replay.binary)
            let result = try Self.shell(
                shortened(shardStep).replacingOccurrences(of: "${{ matrix.shard }}", with: String(shard)), in: runner,
                binaries: binaries)
            #expect(result.status == 0, "matrix shard \(shard): \(result.stderr)")
            // upload-artifact leaves hidden files out, as a killed attempt's folder is.
            for name in try FileManager.default.contentsOfDirectory(
                atPath: runner.appendingPathComponent("shards").path) where !name.hasPrefix(".")
            {
                try FileManager.default.copyItem(
                    at: runner.appendingPathComponent("shards/\(name)"), to: downloaded.appendingPathComponent(name))
            }
        }
        let mergeRunner = downloaded.deletingLastPathComponent()
        try FileManager.default.createSymbolicLink(
            at: mergeRunner.appendingPathComponent("replay"), withDestinationURL: Replay.binary)
        let merged = try Self.shell(mergeStep, in: mergeRunner, binaries: binaries)
        #expect(merged.status == 0, "\(merged.stdout)\(merged.stderr)")
        try SweepTests.expectSameSweep(
            folder.appendingPathComponent("whole"), mergeRunner.appendingPathComponent("sweep"))
    }
}
