import Sweeps
import CommandSupport
import ArgumentParser
import EventLog
import Foundation
import Replayer
import StressRunner

/// `replay shrink CAPTURE --until PROPERTY`: the smallest day that still shows the property.
struct ShrinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shrink",
        abstract:
            "Shrink a capture's day to the smallest one that still shows a property (delta debugging, each candidate a real recording).",
        discussion: """
            Properties: \(ShrinkProperty.names). Writes DIR/scenario.json and DIR/capture.db (the shrunk day, recorded) and \
            prints one line `shrunk N bookings/T tables to n/t in K recordings`. Exit 0 when shrunk, 1 when the property does \
            not hold on the capture's own day, 2 on bad input. The same input shrinks to the same output.
            """
    )

    @Argument(help: "The capture whose day to shrink.") var capture: String
    @Option(help: "The property to keep: \(ShrinkProperty.names).") var until: String?
    @Option(
        parsing: .unconditional,
        help:
            "Shrink one quote instead of the day: the quote.issued at SEQ, asked again of the engine on its own and shrunk to the smallest floor and request it still fails the same way on; writes a transcript (--out FILE) that engine replay re-asks."
    )
    var quote: Int?
    @Option(
        help:
            "With --quote at a coverage.measured event: the strategy of the oracle's question to shrink. (default: the first whose answer missed a set)"
    )
    var strategy: String?
    @Option(help: "Output folder (new or empty). (default: CAPTURE without .db + .shrunk)") var out: String?
    @Option(name: .customLong("jobs"), parsing: .unconditional, help: "Recordings at once. (default: the core count)")
    var recordingsAtOnce: Int?
    var jobs: Int { recordingsAtOnce ?? min(256, ProcessInfo.processInfo.activeProcessorCount) }
    @Option(
        name: .customLong("max-recordings"), parsing: .unconditional,
        help: "Most recordings to make; the shrink stops there and says so. (default: 2000)")
    var maxRecordingsGiven: Int?
    var maxRecordings: Int { maxRecordingsGiven ?? 2_000 }
    @Flag(help: "Print only the result line.") var quiet = false
    /// The engine each candidate is recorded with (or the quote asked of): named, or the recorded one trusted.
    @OptionGroup var engineArguments: RecordedEngineArguments

    static let name = "replay shrink"

    /// What the command line says on its own, refused before the capture is opened.
    func validate() throws {
        if quote != nil && until != nil {
            throw CommandFailure.badInput("\(Self.name): --quote shrinks one quote, --until a day; choose one")
        }
        if quote == nil && strategy != nil {
            throw CommandFailure.badInput("\(Self.name): --strategy goes with --quote")
        }
        if quote != nil {
            // A quote is asked of one engine session: nothing is recorded.
            if let given = [("--jobs", recordingsAtOnce != nil), ("--max-recordings", maxRecordingsGiven != nil)]
                .first(where: \.1)?.0
            {
                throw CommandFailure.badInput("\(Self.name): \(given) goes with --until (--quote records nothing)")
            }
        } else {
            _ = try property()
        }
        guard (1...256).contains(jobs) else {
            throw CommandFailure.badInput("\(Self.name): --jobs must be in 1...256, found \(jobs)")
        }
        guard maxRecordings >= 1 else {
            throw CommandFailure.badInput("\(Self.name): --max-recordings must be at least 1, found \(maxRecordings)")
        }
        try engineArguments.check(command: Self.name)
    }

    /// The property `--until` names (without `--quote`).
    func property() throws -> ShrinkProperty {
        guard let until else {
            throw CommandFailure.badInput(
                "\(Self.name): name the property to keep (--until \(ShrinkProperty.names)) or a quote (--quote SEQ)")
        }
        guard let property = ShrinkProperty.parse(until) else {
            throw CommandFailure.badInput(
                "\(Self.name): --until must be one of \(ShrinkProperty.names), found \(until)")
        }
        return property
    }

    /// The scenario booking a created booking was cloned from, per the capture; nil otherwise.
    static func source(of booking: String, in reader: CaptureReader) throws -> String? {
        guard case .consistent(let state, _, _) = try Rebuilder.fold(reader) else { return nil }
        return state.booking(booking)?.source
    }

    func run() throws {
        if let quote {
            let reader = try openCapture(capture)
            let inputs = try reading(capture) { try CaptureInputs.read(from: reader) }
            guard
                let command = try engineArguments.command(
                    recorded: inputs.engine, capture: capture, rerun: "\(Self.name) --quote \(quote)")
            else {
                throw CommandFailure.badInput(
                    "\(capture): recorded with the built-in allocator: --quote asks the quote again of an outside engine"
                )
            }
            return try QuoteShrink.run(
                capture: capture, reader: reader, seq: quote, strategy: strategy, engineCommand: command,
                timeoutSeconds: engineArguments.timeoutSeconds(recorded: inputs.engine?.timeoutSeconds ?? 10),
                out: out, quiet: quiet)
        }
        var property = try property()
        let until = until ?? ""
        let reader = try openCapture(capture)
        let inputs = try reading(capture) { try CaptureInputs.read(from: reader) }
        var options = inputs.options
        options.engineCommand = try engineArguments.command(
            recorded: inputs.engine, capture: capture,
            rerun: "\(Self.name) --until \(RecordArguments.shellQuoted(until))")
        if let recorded = inputs.engine {
            options.engineTimeoutSeconds = engineArguments.timeoutSeconds(recorded: recorded.timeoutSeconds)
        }
        let solver = property.needsOptimum ? try OptimumRun.solver(timeLimit: 60) : nil
        let folder = out ?? ((capture as NSString).deletingPathExtension + ".shrunk")
        try SweepFolder.createEmpty(folder)
        defer { SweepFolder.release(folder) }
        Interruption.install()
        // `fails:C0003` in reserve mode names a created booking: the shrink follows the scenario
        // booking it was cloned from (created ids are renumbered as bookings are removed).
        if case .fails(let booking, _) = property, let source = try Self.source(of: booking, in: reader) {
            property = .fails(booking: source)
        }
        var protected: Set<String> = []
        if case .fails(let booking, _) = property {
            guard inputs.scenario.bookings.contains(where: { $0.id == booking }) else {
                try? FileManager.default.removeItem(atPath: folder)
                throw CommandFailure.badInput(
                    "replay shrink: no booking \(booking) in the day of \(capture) (--until fails:BOOKING names a booking of the capture)"
                )
            }
            protected.insert(booking)
        }
        var shrinker = Shrinker(
            property: property, folder: folder, jobs: jobs, solver: solver, maximumRecordings: maxRecordings,
            protectedBookings: protected
        ) { step in if !quiet { Terminal.error("shrink: " + step) } }
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(".scratch")) }
        let start = ShrinkCandidate(scenario: inputs.scenario, options: options)
        let first = try shrinker.record(start, into: (folder as NSString).appendingPathComponent(".scratch/input"))
        if let signal = Interruption.signal {
            try? FileManager.default.removeItem(atPath: folder)
            throw RunInterrupted(signal: signal)
        }
        guard first.holds else {
            try? FileManager.default.removeItem(atPath: folder)
            throw CommandFailure.found(
                "replay shrink: \(until) does not hold on the day of \(capture) (recorded again: \(first.measured)); nothing to shrink"
            )
        }
        // A miss is pinned to its kind on this day (the first strategy that missed, the smallest set
        // it listed), so the day cannot shrink to another kind of miss.
        if case .missed(let size, nil) = property, let state = first.trial.state,
            let entry = state.overall.strategyCoverage.first(where: { $0.misses(size: size) > 0 })
        {
            property = .missed(
                setSize: size ?? entry.listedMissesBySize.indices.first { $0 > 0 && entry.listedMissesBySize[$0] > 0 },
                strategy: entry.strategy)
            shrinker = Shrinker(
                property: property, folder: folder, jobs: jobs, solver: solver, maximumRecordings: maxRecordings,
                protectedBookings: protected, recordingsSoFar: shrinker.recordings
            ) { step in if !quiet { Terminal.error("shrink: " + step) } }
        }
        // The failure is pinned to its reason on this day, so the day cannot shrink to another one.
        if case .fails(let booking, _) = property, let state = first.trial.state,
            let found = state.booking(booking).flatMap({ $0.status == .source ? nil : $0 })
                ?? state.bookings.first(where: { $0.source == booking }),
            let reason = found.reason
        {
            property = .fails(booking: booking, reason: reason)
            shrinker = Shrinker(
                property: property, folder: folder, jobs: jobs, solver: solver, maximumRecordings: maxRecordings,
                protectedBookings: protected, recordingsSoFar: shrinker.recordings
            ) { step in if !quiet { Terminal.error("shrink: " + step) } }
        }
        let result: ShrinkCandidate
        do { result = try shrinker.shrink(start) } catch let interruption as RunInterrupted {
            // The smallest day that held so far is kept: hours of a slow engine's recordings are not thrown away.
            guard let best = shrinker.best else {
                try? FileManager.default.removeItem(atPath: folder)
                Terminal.error(
                    "replay shrink: interrupted after \(shrinker.recordings) recordings, before any smaller day held; nothing written"
                )
                throw ExitCode(128 + interruption.signal)
            }
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(".scratch"))
            let scenarioPath = (folder as NSString).appendingPathComponent("scenario.json")
            try OutputFile.write(best.scenario.jsonText, to: scenarioPath)
            Terminal.out(
                "interrupted after \(shrinker.recordings) recordings: the smallest day so far, \(start.bookingCount) bookings/\(start.tableCount) tables "
                    + "to \(best.bookingCount)/\(best.tableCount), not shown minimal\nscenario: \(scenarioPath)\n"
                    + "reproduce: "
                    + RecordArguments.commandLine(
                        RecordArguments.make(scenarioPath: scenarioPath, options: best.options)) + "\n")
            throw ExitCode(128 + interruption.signal)
        }
        // The result recorded once more, into the output folder: its capture, and proof it holds.
        let finalScratch = (folder as NSString).appendingPathComponent(".scratch/final")
        let final = try shrinker.record(result, into: finalScratch, keep: true)
        guard final.holds else {
            throw CommandFailure.found(
                "replay shrink: the shrunk day no longer shows \(until) when recorded again (\(final.measured)): the property is not deterministic here"
            )
        }
        let scenarioPath = (folder as NSString).appendingPathComponent("scenario.json")
        let capturePath = (folder as NSString).appendingPathComponent("capture.db")
        try OutputFile.write(result.scenario.jsonText, to: scenarioPath)
        do { try FileManager.default.moveItem(atPath: final.trial.capturePath, toPath: capturePath) } catch {
            throw CommandFailure.badInput("\(capturePath): cannot write (\(error.localizedDescription))")
        }
        let log = final.trial.capturePath + ".engine.log"
        if FileManager.default.fileExists(atPath: log) {
            try? FileManager.default.moveItem(atPath: log, toPath: capturePath + ".engine.log")
        }
        var lines = [
            "shrunk \(start.bookingCount) bookings/\(start.tableCount) tables to \(result.bookingCount)/\(result.tableCount) in \(shrinker.recordings) recordings"
        ]
        if shrinker.limitHit {
            lines.append(
                "limit reached: --max-recordings \(maxRecordings) stopped the shrink; the day may shrink further")
        }
        if !quiet {
            lines.append("property \(until) holds: \(final.measured)")
            lines.append("scenario: \(scenarioPath)")
            lines.append("capture:  \(capturePath)")
            lines.append(
                "reproduce: "
                    + RecordArguments.commandLine(
                        RecordArguments.make(scenarioPath: scenarioPath, options: result.options)))
        }
        Terminal.out(lines.joined(separator: "\n") + "\n")
    }
}
