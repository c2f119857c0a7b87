import CommandSupport

/// `sweep --shard-from-env`: the shard a job-array scheduler gives this process, read from the
/// variables it sets, so a batch script or manifest never computes `K/N` in shell.
///
/// Every scheduler numbers its tasks its own way; replay's shards run from 1:
/// - Slurm: `SLURM_ARRAY_TASK_ID` is the shard itself (submit `--array=1-N`); the count is
///   `--shard-count N` or, for a whole array, `SLURM_ARRAY_TASK_COUNT` (with `_MIN` 1 and `_MAX`
///   equal to it). A rerun of some tasks (`sbatch --array=3`) sees a smaller array, so a batch
///   script names its count.
/// - Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` counts from 0; the count is the Job's
///   `completions`, which the pod does not see: `--shard-count N`.
/// - AWS Batch array job: `AWS_BATCH_JOB_ARRAY_INDEX` counts from 0; the count is
///   `AWS_BATCH_JOB_ARRAY_SIZE` or `--shard-count N`.
/// A GitHub Actions matrix has no index variable: pass the matrix value as `--shard K/N`.
package struct ShardEnvironment {
    /// One scheduler's variables.
    package struct Scheduler {
        package var name: String
        package var indexVariable: String
        /// The index the scheduler gives its first task (replay's first shard is 1).
        package var firstIndex: Int
        /// The variable that carries the array's size, if the scheduler sets one.
        package var countVariable: String?
    }

    package static let schedulers = [
        Scheduler(
            name: "Slurm", indexVariable: "SLURM_ARRAY_TASK_ID", firstIndex: 1, countVariable: "SLURM_ARRAY_TASK_COUNT"),
        Scheduler(name: "Kubernetes", indexVariable: "JOB_COMPLETION_INDEX", firstIndex: 0, countVariable: nil),
        Scheduler(
            name: "AWS Batch", indexVariable: "AWS_BATCH_JOB_ARRAY_INDEX", firstIndex: 0,
            countVariable: "AWS_BATCH_JOB_ARRAY_SIZE")
    ]

    /// The shard and the variable it came from (stored in `sweep.db` so `merge` can say how to
    /// rerun a missing one).
    package struct Reading: Equatable {
        package var shard: Shard
        package var scheduler: String
        package var variable: String

        package init(shard: Shard, scheduler: String, variable: String) {
            self.shard = shard
            self.scheduler = scheduler
            self.variable = variable
        }
    }

    /// Reads the shard from `environment`; `count` is `--shard-count`. Every refusal names the
    /// variable at fault.
    package static func read(_ environment: [String: String], count: Int?) throws -> Reading {
        let prefix = "replay sweep: --shard-from-env: "
        let present = schedulers.filter { !(environment[$0.indexVariable] ?? "").isEmpty }
        guard let scheduler = present.first else {
            throw CommandFailure.badInput(
                prefix + "none of " + schedulers.map { "\($0.indexVariable) (\($0.name))" }.joined(separator: ", ")
                    + " is set; on a GitHub Actions matrix pass the matrix value as --shard K/N")
        }
        guard present.count == 1 else {
            throw CommandFailure.badInput(
                prefix + "both \(present.map(\.indexVariable).joined(separator: " and ")) are set: "
                    + "which scheduler started this task? Unset the other, or pass --shard K/N")
        }
        func number(_ variable: String) throws -> Int? {
            guard let text = environment[variable], !text.isEmpty else { return nil }
            guard text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
                throw CommandFailure.badInput(
                    prefix + "\(variable) is '\(Terminal.printable(String(text.prefix(40))))', expected a whole number")
            }
            return value
        }
        guard let raw = try number(scheduler.indexVariable) else {
            throw CommandFailure.badInput(prefix + "\(scheduler.indexVariable) is empty")
        }
        guard raw >= scheduler.firstIndex else {
            throw CommandFailure.badInput(
                prefix
                    + "\(scheduler.indexVariable)=\(raw), but replay reads \(scheduler.name) task ids from \(scheduler.firstIndex)"
                    + (scheduler.name == "Slurm" ? " (submit --array=1-N)" : ""))
        }
        let index = raw - scheduler.firstIndex + 1
        let schedulerCount = try scheduler.countVariable.flatMap(number)
        let total: Int
        if let count {
            guard (1...999_999).contains(count) else {
                throw CommandFailure.badInput("replay sweep: --shard-count must be in 1...999999, found \(count)")
            }
            total = count
            if scheduler.name == "Slurm", let highest = try number("SLURM_ARRAY_TASK_MAX"), highest > count {
                // A rerun of some tasks is a smaller array; an array past the count is a mistake.
                throw CommandFailure.badInput(
                    prefix
                        + "SLURM_ARRAY_TASK_MAX=\(highest) but --shard-count \(count): the array has tasks past the last shard"
                )
            }
            if scheduler.name == "AWS Batch", let size = schedulerCount, size != count {
                throw CommandFailure.badInput(
                    prefix + "AWS_BATCH_JOB_ARRAY_SIZE=\(size) but --shard-count \(count): they contradict each other")
            }
        } else if let schedulerCount, let variable = scheduler.countVariable {
            if scheduler.name == "Slurm" {
                let lowest = try number("SLURM_ARRAY_TASK_MIN")
                let highest = try number("SLURM_ARRAY_TASK_MAX")
                guard lowest == 1, highest == schedulerCount else {
                    throw CommandFailure.badInput(
                        prefix
                            + "the Slurm array is tasks \(lowest.map(String.init) ?? "?")..\(highest.map(String.init) ?? "?") "
                            + "(\(variable)=\(schedulerCount)), not 1..N: a rerun of some tasks or a stepped array needs the sweep's count, pass --shard-count N"
                    )
                }
            }
            total = schedulerCount
        } else {
            throw CommandFailure.badInput(
                prefix + "\(scheduler.indexVariable) gives the index but \(scheduler.name) does not give the count: "
                    + "pass --shard-count N" + (scheduler.name == "Kubernetes" ? " (the Job's completions)" : ""))
        }
        guard index <= total else {
            throw CommandFailure.badInput(
                prefix + "\(scheduler.indexVariable)=\(raw) is shard \(index), past the \(total) shards")
        }
        return Reading(
            shard: Shard(index: index, count: total), scheduler: scheduler.name, variable: scheduler.indexVariable)
    }
}
