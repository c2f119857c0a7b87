import CommandSupport
import Foundation
import Optimum
import Projections
import Reports

/// Runs one cell of a sweep: records it as a child `replay record`, folds the capture, runs the
/// checks it was given, keeps the capture when asked, and returns its row.
package struct SweepRunner: Sendable {
    package var folder: String
    package var checks: [SweepDefinition.Check]
    package var keep: SweepDefinition.Keep
    package var solver: OptimumSolver?

    package init(
        folder: String, checks: [SweepDefinition.Check], keep: SweepDefinition.Keep, solver: OptimumSolver? = nil
    ) {
        self.folder = folder
        self.checks = checks
        self.keep = keep
        self.solver = solver
    }

    package func run(_ cell: SweepDefinition.Cell) throws -> SweepRow {
        let scratch = (folder as NSString).appendingPathComponent(".scratch/run-\(cell.position)")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var scenarioPath = cell.scenario.relativePath.map { (folder as NSString).appendingPathComponent($0) }
        var command = RecordArguments.commandLine(
            RecordArguments.make(scenarioPath: cell.scenario.relativePath, options: cell.options))
        if let perSeed = cell.scenario.perSeed {
            // This run's own day, from its seed: generated into its scratch folder, and its command generates it first.
            let day = "day-\(perSeed.restaurants)-\(perSeed.bookings)-\(cell.options.seed).json"
            let path = (scratch as NSString).appendingPathComponent(day)
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try OutputFile.write(cell.scenario.scenario(seed: cell.options.seed).jsonText, to: path)
            scenarioPath = path
            command =
                "replay scenario generate --restaurants \(perSeed.restaurants) --bookings \(perSeed.bookings) --seed \(cell.options.seed) --out \(day) && "
                + RecordArguments.commandLine(RecordArguments.make(scenarioPath: day, options: cell.options))
        }
        let started = ContinuousClock.now
        let trial = try Trial.record(scenarioPath: scenarioPath, options: cell.options, in: scratch)
        // A full disk is not a run that failed: the sweep stops and says so.
        if let problem = trial.machineFailure {
            throw CommandFailure.badInput("replay sweep: run \(cell.position) could not be recorded: \(problem)")
        }
        let options = cell.options
        var row = SweepRow(
            position: cell.position, scenario: cell.scenario.label, mode: options.mode.rawValue,
            clients: options.mode == .reserve ? options.clients : nil, maxTables: options.maxTables,
            holdTTL: options.holdTTLSeconds, seed: Int(options.seed), engine: options.engineCommand,
            status: trial.status.rawValue, detail: trial.detail, events: trial.events, headHash: trial.headHash,
            bookings: 0, tried: 0, confirmed: 0, failed: 0, refused: 0, conflicts: 0, successBasisPoints: nil,
            coverageBasisPoints: nil, phantom: nil, unsound: 0, optimum: nil, gapBasisPoints: nil,
            checkInvariants: nil, checkOracle: nil, checkReproduce: nil, capture: nil,
            command: command,
            elapsedMilliseconds: 0)
        if let state = trial.state {
            let total = state.overall
            row.bookings = total.bookings
            row.tried = total.tried
            row.confirmed = total.confirmed
            row.failed = total.failed
            row.refused = total.refused
            row.conflicts = total.conflicts
            row.successBasisPoints = Ratio.basisPoints(total.confirmed, of: total.tried)
            if total.coverageMeasured > 0 {
                row.coverageBasisPoints = Ratio.basisPoints(total.quotedFeasibleSets, of: total.feasibleSets) ?? 10_000
            }
            // A phantom found at a budget is still a phantom: counted whenever the oracle ran.
            if total.coverageMeasured + total.coverageLimited > 0 { row.phantom = total.phantomUnavailable.count }
            row.coverageLimited = total.coverageLimited
            row.unsound = total.unsoundOffers.count + total.unsoundInQuotes
            if let solver, trial.status == .complete {
                let figures = try OptimumRun.figures(state, solver: solver)
                row.optimum = figures.optimum
                if figures.proven {
                    row.gapBasisPoints = OptimumFigures.gapBasisPoints(
                        seated: total.confirmed, optimum: figures.optimum)
                }
            }
        }
        let notRecorded = "skipped: the run did not complete"
        for check in checks {
            switch check {
            case .invariants:
                row.checkInvariants =
                    trial.violation.map { "fail: \($0)" } ?? (trial.status == .failed ? notRecorded : "pass")
            case .oracle:
                guard trial.status != .failed, trial.state != nil else {
                    row.checkOracle = notRecorded
                    break
                }
                let phantom = row.phantom ?? 0
                let limited =
                    row.coverageLimited > 0
                    ? " (coverage unknown for \(row.coverageLimited) booking\(row.coverageLimited == 1 ? "" : "s"): limit reached)"
                    : ""
                // A run whose engine missed sets its own rules allow fails too: search defects rarely cause phantoms.
                let every = trial.state?.overall.everyAnswer ?? StrategyCoverage(strategy: "all")
                let missed =
                    every.missed > 0
                    ? ", \(every.missed) sets missed in \(every.answersWithMisses) of \(every.answers) answers (coverage \(Ratio.percentText(every.quotedFeasible, of: every.feasible)))"
                    : ""
                row.checkOracle =
                    phantom == 0 && row.unsound == 0 && every.missed == 0
                    ? "pass" + limited
                    : "fail: \(phantom) phantom unavailable, \(row.unsound) unsound offers" + missed + limited
            case .reproduce:
                guard trial.status == .complete else {
                    row.checkReproduce = notRecorded
                    break
                }
                let rerun = try trial.reexecute(scratch: scratch)
                row.checkReproduce =
                    rerun.code == 0
                    ? "pass" : "fail: " + (rerun.line.isEmpty ? "replay run exited \(rerun.code)" : rerun.line)
            }
        }
        if keep == .all || (keep == .failing && row.isFailing),
            FileManager.default.fileExists(atPath: trial.capturePath)
        {
            let kept = "captures/run-\(cell.position).db"
            let destination = (folder as NSString).appendingPathComponent(kept)
            do {
                try FileManager.default.createDirectory(
                    atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.moveItem(atPath: trial.capturePath, toPath: destination)
            } catch {
                throw CommandFailure.badInput("\(destination): cannot keep the capture (\(error.localizedDescription))")
            }
            let log = trial.capturePath + ".engine.log"
            if FileManager.default.fileExists(atPath: log) {
                try? FileManager.default.moveItem(atPath: log, toPath: destination + ".engine.log")
            }
            row.capture = kept
        }
        let elapsed = ContinuousClock.now - started
        row.elapsedMilliseconds =
            Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        return row
    }
}
