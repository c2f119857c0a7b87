import CommandSupport
import EventLog
import Foundation
import Projections
import Replayer
import StressRunner

/// One recording made by a sweep or a shrink: a real `replay record` child writing into a scratch
/// folder of its own, then its capture folded here (the rebuild check: every invariant on every
/// event). `record` stays the unit: what a trial records, the same command records by hand.
package struct Trial {
    package enum Status: String, Sendable {
        /// `record` exited 0 and the capture is complete.
        case complete
        /// `record` found an invariant violated (exit 1), or the fold did.
        case violation
        /// `record` could not finish: the engine failed, bad input (exit 2), a signal.
        case failed
    }

    package var status: Status
    /// Why a trial is not complete, in one line ("" when complete).
    package var detail: String
    package var capturePath: String
    /// The folded state; nil when no capture was left to fold.
    package var state: RunState?
    /// The invariant the fold found violated, if any.
    package var violation: String?
    package var events: Int
    package var headHash: String
    package var elapsedMilliseconds: Int
    /// Why `record` could not make the recording for a reason that says nothing about the day or
    /// the allocator (exit 2 naming the capture file, or a full or read-only disk, or with no
    /// error line at all: it could not be written); nil otherwise.
    /// A shrink stops on it instead of taking it for "does not hold". A candidate day `record`
    /// refuses (no restaurant left) or an engine's failure is not one: those are the trial's result.
    package var machineFailure: String?
    /// The engine command the user gave the sweep or shrink (nil: the built-in allocator); what
    /// `reexecute` names on `replay run`'s command line, never read back from the capture.
    package var engineCommand: String?

    /// What `record`'s last line holds when the machine, not the day, stopped it: its capture's
    /// name (every capture write error starts with it) or the system's words for a full disk.
    package static let machineProblems = [
        "capture.db: ", "No space left on device", "disk full", "Disk quota exceeded", "Read-only file system"
    ]

    /// Records `replay record` with these options (`--out FOLDER/capture.db`, no reports) and folds the capture.
    package static func record(scenarioPath: String?, options: RunOptions, in folder: String) throws -> Trial {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let capture = (folder as NSString).appendingPathComponent("capture.db")
        let started = ContinuousClock.now
        let arguments = RecordArguments.make(scenarioPath: scenarioPath, options: options)
        let exit = try ChildProcess.runReplay(
            ["record"] + arguments + ["--out", capture, "--no-reports", "--quiet"],
            stdout: (folder as NSString).appendingPathComponent("record.out"),
            stderr: (folder as NSString).appendingPathComponent("record.err"))
        let elapsed = ContinuousClock.now - started
        let milliseconds =
            Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
        // The scratch folder's path means nothing once the capture is kept or removed: taken out
        // before the line is cut, so the same failure reads the same in every output folder.
        let message = ChildProcess.lastLine(
            of: (folder as NSString).appendingPathComponent("record.err"), removing: folder + "/")
        var trial = Trial(
            status: exit.code == 0 ? .complete : exit.code == 1 ? .violation : .failed,
            detail: exit.code == 0 ? "" : (message.isEmpty ? "replay record exited \(exit.code)" : message),
            capturePath: capture, state: nil, violation: nil, events: 0, headHash: "",
            elapsedMilliseconds: milliseconds,
            engineCommand: options.engineCommand)
        // record always says why it exits 2; a line that could not be written is the disk too.
        if exit.code == 2
            && (message.isEmpty
                || Self.machineProblems.contains(where: { message.hasPrefix($0) || message.contains($0) }))
        {
            trial.machineFailure =
                message.isEmpty
                ? "replay record exited 2 and its error could not be written (is the disk full?)" : message
        }
        guard FileManager.default.fileExists(atPath: capture), let reader = try? CaptureReader(path: capture) else {
            return trial
        }
        trial.headHash = reader.metaValue("head_hash") ?? ""
        switch try? Rebuilder.fold(reader) {
        case .consistent(let state, let events, let complete)?:
            trial.state = state
            trial.events = events
            if !complete && trial.status == .complete {
                trial.status = .failed
                trial.detail = "the capture is not complete"
            }
            // `record` stops before a violating event is written: the fold of what was written is
            // then clean, and the violation is what `record` said.
            if trial.status == .violation { trial.violation = trial.detail }
        case .violated(let violation, let state)?:
            trial.state = state
            trial.events = state.lastSeq
            trial.violation = violation.description
            trial.status = .violation
            if trial.detail.isEmpty { trial.detail = violation.description }
        case nil:
            trial.status = .failed
            trial.detail = "\(capture): the capture cannot be read back"
        }
        return trial
    }

    /// `replay run` on this trial's capture (it starts the engine again, named on the command
    /// line as the user gave it): its exit code (0 reproduced, 1 diverged) and the line that says
    /// why, without the capture's scratch path.
    package func reexecute(scratch: String) throws -> (code: Int32, line: String) {
        let output = (scratch as NSString).appendingPathComponent("run.out")
        let errors = (scratch as NSString).appendingPathComponent("run.err")
        let engine = engineCommand.map { ["--engine", $0] } ?? []
        let exit = try ChildProcess.runReplay(["run", capturePath] + engine, stdout: output, stderr: errors)
        let first = (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n").first.map(
            String.init)
        let line = exit.code == 1 ? (first ?? ChildProcess.lastLine(of: errors)) : ChildProcess.lastLine(of: errors)
        return (exit.code, line.replacingOccurrences(of: capturePath + ": ", with: ""))
    }
}
