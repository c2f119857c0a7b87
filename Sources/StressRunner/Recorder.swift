import Allocation
import CanonicalJSON
import EventLog
import Foundation
import Projections
import Scenarios

/// `replay record` without the command line: creates the capture, runs, finishes the file.
/// Wall-clock time is read here, outside the run, and goes only to `meta` (`recorded_at`,
/// `elapsed_ms`), never into an event.
public enum Recorder {
    public struct Result: Sendable {
        public var path: String
        public var state: RunState
        public var eventCount: Int
        public var headHash: String
        public var elapsedMilliseconds: Int
        public var recordedAt: String
        /// False when readers kept the capture in WAL mode (its -wal file belongs with it).
        public var isSingleFile: Bool
        /// Why the capture stayed in WAL mode (readers held it open, the disk is full); nil when it did not.
        public var singleFileProblem: String? = nil
    }

    /// Why a recording stopped before completing.
    public enum Failure: Error, CustomStringConvertible {
        /// `--fail-at`: the capture is left as a killed process would leave it.
        case simulatedCrash(path: String, seq: Int)
        /// The run's own events broke an invariant: a bug; the capture is marked aborted.
        case invariant(path: String, InvariantViolation)
        case capture(CaptureError)
        /// The outside engine could not go on: recorded as `engine.failed`; the capture is marked aborted.
        case engine(path: String, EngineFailure)
        /// SIGINT or SIGTERM: the capture keeps `events` events and is marked aborted (`interrupted`).
        case interrupted(path: String, events: Int, signal: Int32)

        public var description: String {
            switch self {
            case .simulatedCrash(let path, let seq):
                "\(path): stopped before event \(seq) as asked by --fail-at; the capture holds events 1-\(seq - 1) and stays marked recording"
            case .invariant(let path, let violation): "\(path): \(violation)"
            case .capture(let error): error.description
            case .engine(let path, let failure):
                "\(path): the engine failed (\(failure)); the capture is marked aborted"
            case .interrupted(let path, let events, let signal):
                "\(path): \(RunInterrupted(signal: signal)) after \(events) events; the capture is marked aborted (reason interrupted), not a result"
            }
        }
    }

    /// `maxPageCount` limits the capture's size in pages (a full disk, for fault tests).
    /// `engine`: the allocator under test [the built-in one]; the caller owns it.
    /// `extraMeta`: rows the caller adds to `meta` (the command line adds `build_id`).
    public static func record(
        scenario: Scenario, options: RunOptions, path: String, engine: (any Engine)? = nil, failAt: Int? = nil,
        batchSize: Int = 4096, maxPageCount: Int? = nil, extraMeta: [(key: String, value: String)] = [],
        configure: (StressRun) -> Void = { _ in }
    ) throws(Failure) -> Result {
        let recordedAt = timestamp(Date(), format: "yyyy-MM-dd'T'HH:mm:ss'Z'")
        let started = ContinuousClock.now
        // The lowest format that holds what the run writes (each format is the one below plus a field).
        let realFloor =
            (options.mode == .reserve && (options.cloneOrder == .arrival || options.prefill == .real))
            || RunInputs.seedsRealFloor(scenario, options)
        let createdFormat =
            engine?.identity?.protocolVersion != nil
            ? CaptureSchema.engineSessionFormatVersion
            : RunInputs.changesBookings(scenario, options)
                ? CaptureSchema.changesFormatVersion
                : realFloor
                    ? CaptureSchema.realFloorFormatVersion
                    : options.oracle != nil
                        ? CaptureSchema.oracleFormatVersion
                        : options.mode == .reserve && options.prefill != nil
                            ? CaptureSchema.liveFloorFormatVersion
                            : engine?.identity == nil ? CaptureSchema.formatVersion : CaptureSchema.engineFormatVersion
        let writer: CaptureWriter
        do {
            writer = try CaptureWriter(
                path: path,
                meta: meta(
                    scenario: scenario, options: options, engine: engine?.identity, failAt: failAt,
                    recordedAt: recordedAt) + extraMeta,
                formatVersion: createdFormat,
                batchSize: batchSize, failAt: failAt)
        } catch {
            throw .capture(error)
        }
        if let maxPageCount {
            do { try writer.limitPages(maxPageCount) } catch {
                writer.abort()
                throw .capture(error)
            }
        }
        // The simulation runs here while a second thread hashes and inserts (both cores).
        let pipeline = PipelinedCaptureWriter(writer: writer)
        defer { pipeline.stop() }
        let run = StressRun(scenario: scenario, options: options, sink: pipeline, engine: engine)
        configure(run)
        do {
            try run.run()
            try pipeline.flush()
            // Interrupted after the last event was made: every event is written, but the user
            // stopped the recording before it was complete, so it is not marked complete.
            if let signal = Interruption.signal { throw RunInterrupted(signal: signal) }
            let elapsed = started.duration(to: .now)
            let milliseconds = Int(
                elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            let total = run.state.overall
            let limited =
                total.coverageLimited + total.searchLimitedQuotes > 0
                || total.reasons.contains { $0.reason == RejectionReason.searchLimit.rawValue }
            try writer.finish(
                meta: [("elapsed_ms", String(milliseconds))],
                formatVersion: limited && createdFormat < CaptureSchema.limitsFormatVersion
                    ? CaptureSchema.limitsFormatVersion : nil)
            return Result(
                path: path, state: run.state, eventCount: writer.eventCount, headHash: writer.headHash.hexString,
                elapsedMilliseconds: milliseconds, recordedAt: recordedAt, isSingleFile: writer.isSingleFile,
                singleFileProblem: writer.singleFileProblem)
        } catch let crash as CaptureWriter.SimulatedCrash {
            try? pipeline.flush()
            writer.abandon()
            throw .simulatedCrash(path: path, seq: crash.seq)
        } catch let interruption as RunInterrupted {
            try? pipeline.flush()
            writer.abort(reason: "interrupted")
            throw .interrupted(path: path, events: writer.eventCount, signal: interruption.signal)
        } catch let failure as EngineFailure {
            try? pipeline.flush()
            writer.abort(reason: "engine_failed")
            throw .engine(path: path, failure)
        } catch let violation as InvariantViolation {
            // Events before the violating one are still in the pipeline: write them, then mark aborted.
            try? pipeline.flush()
            writer.abort()
            throw .invariant(path: path, violation)
        } catch let error as CaptureError {
            try? pipeline.flush()
            let marked = writer.abort()
            // The message says what the file is: aborted, or (the disk too full even for that) still "recording".
            if case .diskFull(let full) = error, !marked { throw .capture(.diskFullUnmarked(path: full)) }
            throw .capture(error)
        } catch {
            try? pipeline.flush()
            writer.abort()
            throw .capture(.cannotCreate(path: path, detail: "\(error)"))
        }
    }

    /// The meta rows of a new capture. `options` is the `run.started` payload (the same mapping
    /// as the events) plus `fail_at`; the engine's name and version are rows of their own.
    static func meta(
        scenario: Scenario, options: RunOptions, engine: EngineIdentity?, failAt: Int?,
        recordedAt: String
    ) -> [(key: String, value: String)] {
        var writer = JSONWriter()
        writer.beginObject()
        RunInputs.runStarted(scenario: scenario, options: options, engine: engine).encode(into: &writer)
        writer.field("fail_at", failAt)
        writer.endObject()
        var rows: [(key: String, value: String)] = [
            ("tool_version", ToolVersion.current), ("scenario", scenario.name), ("seed", String(options.seed)),
            ("mode", options.mode.rawValue), ("options", writer.string), ("recorded_at", recordedAt)
        ]
        if let engine {
            rows += [("engine", engine.name), ("engine_version", engine.version), ("engine_command", engine.command)]
        }
        return rows
    }

    /// The file stem `record` uses: `<UTC yyyy-MM-dd'T'HHmmss>-<scenario>-<mode>`.
    public static func defaultStem(scenario: String, mode: RunOptions.Mode, at date: Date = Date()) -> String {
        "\(timestamp(date, format: "yyyy-MM-dd'T'HHmmss"))-\(fileNamePart(scenario))-\(mode.rawValue)"
    }

    /// A scenario name as part of a file name: letters and digits of any script kept, every run
    /// of anything else ("/", spaces, "–") one "-", at most 60 characters ("The Red Lion – Friday"
    /// gives "The-Red-Lion-Friday").
    public static func fileNamePart(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.isEmpty && out.last != "-" {
                out.append("-")
            }
        }
        while out.last == "-" { out.removeLast() }
        let cut = String(out.prefix(60))
        return cut.isEmpty ? "scenario" : cut
    }

    static func timestamp(_ date: Date, format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}
