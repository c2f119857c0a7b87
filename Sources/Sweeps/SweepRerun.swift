import CommandSupport
import Foundation

/// What `sweep merge` says when shards are missing or held twice: which ones, and the commands
/// that rerun exactly those (the sweep's own command line, kept in each shard's `meta`).
package enum SweepRerun {
    /// A shard's arguments without the options that pick its shard or its folder: the command
    /// line every shard of the sweep shares, shell-quoted.
    package static func commandWithoutShard(_ arguments: [String]) -> String {
        let withValue: Set<String> = ["--shard", "--shard-count", "--out"]
        var kept: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--shard-from-env" { continue }
            if withValue.contains(argument) {
                index += 1
                continue
            }
            if withValue.contains(where: { argument.hasPrefix($0 + "=") }) { continue }
            kept.append(argument)
        }
        return (["replay"] + kept.map(RecordArguments.shellQuoted)).joined(separator: " ")
    }

    /// The lines `merge` prints before exiting 1: the missing and duplicate shards and how to
    /// rerun the missing ones into `parent`.
    package static func lines(
        missing: [Int], duplicates: [(index: Int, folders: [String])], count: Int, parent: String,
        shardCommand: String?, shardSource: String?
    ) -> [String] {
        var lines: [String] = []
        let have = count - missing.count
        lines.append(
            "sweep merge: \(have) of \(count) shards"
                + (missing.isEmpty ? "" : "; missing \(missing.map { "\($0)/\(count)" }.joined(separator: ", "))")
                + (duplicates.isEmpty
                    ? "" : "; held twice \(duplicates.map { "\($0.index)/\(count)" }.joined(separator: ", "))")
                + "; nothing merged")
        for duplicate in duplicates {
            lines.append(
                "  shard \(duplicate.index)/\(count) is in \(duplicate.folders.joined(separator: " and ")): keep one and merge again"
            )
        }
        guard !missing.isEmpty else { return lines }
        lines.append("rerun exactly the missing shard\(missing.count == 1 ? "" : "s"), then merge again:")
        for index in missing {
            if let shardCommand {
                lines.append("  \(shardCommand) --shard \(index)/\(count) --out \(RecordArguments.shellQuoted(parent))")
            } else {
                lines.append(
                    "  replay sweep <the sweep's options> --shard \(index)/\(count) --out \(RecordArguments.shellQuoted(parent))"
                )
            }
        }
        if shardSource?.hasPrefix("Slurm") == true {
            lines.append(
                "  or on Slurm: sbatch --array=\(missing.map(String.init).joined(separator: ",")) <the sweep's batch script> (its --shard-count \(count) keeps the count)"
            )
        } else if shardSource?.hasPrefix("Kubernetes") == true {
            lines.append(
                "  or on Kubernetes: the Job's pod with JOB_COMPLETION_INDEX=\(missing.map { String($0 - 1) }.joined(separator: ",")) (one pod each; the index counts from 0)"
            )
        } else if shardSource?.hasPrefix("AWS Batch") == true {
            lines.append(
                "  or on AWS Batch: retry child jobs \(missing.map { String($0 - 1) }.joined(separator: ",")) of the array (AWS_BATCH_JOB_ARRAY_INDEX counts from 0)"
            )
        }
        return lines
    }
}
