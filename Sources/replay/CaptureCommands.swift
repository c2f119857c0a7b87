import CommandSupport
import Allocation
import ArgumentParser
import CanonicalJSON
import EventLog
import Foundation
import Projections
import Replayer
import Reports
import StressRunner

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Reproduce a capture: re-execute it and compare every event (or fold it with --rebuild, or show the floor --at SEQ)."
    )

    @Argument(help: "The capture file.") var capture: String
    @Flag(
        help:
            "Fold the recorded events into the projections without re-executing; check every invariant and the summary."
    ) var rebuild = false
    @Option(
        parsing: .unconditional, help: "Print the floor state (holds, assignments, pending bookings) after event SEQ.")
    var at: Int?
    @Flag(help: "Machine-readable output (with --at).") var json = false
    @OptionGroup var engineArguments: RecordedEngineArguments

    static let name = "replay run"

    /// Flags that contradict each other or go with another, refused before anything is read.
    func validate() throws {
        if json && at == nil {
            throw CommandFailure.badInput("\(Self.name): --json goes with --at (the floor as JSON)")
        }
        if rebuild && at != nil {
            throw CommandFailure.badInput("\(Self.name): --rebuild and --at are two different things; choose one")
        }
        if !engineArguments.given.isEmpty && (rebuild || at != nil) {
            throw CommandFailure.badInput(
                "\(Self.name): \(engineArguments.given.joined(separator: ", ")) \(engineArguments.given.count == 1 ? "goes" : "go") with re-execution; --rebuild and --at never start an engine"
            )
        }
        if let at, at < 1 { throw CommandFailure.badInput("\(Self.name): --at must be at least 1, found \(at)") }
        try engineArguments.check(command: Self.name)
    }

    func run() throws {
        let reader = try openCapture(capture)
        if let at {
            try FloorPrinter.print(reader: reader, at: at, json: json)
        } else if rebuild {
            try rebuildCapture(reader)
        } else {
            try reproduce(reader)
        }
    }

    func rebuildCapture(_ reader: CaptureReader) throws {
        let outcome = try reading(capture) { try Rebuilder.fold(reader) }
        switch outcome {
        case .violated(let violation, _):
            throw CommandFailure.found("\(capture): \(violation)")
        case .consistent(let state, let events, let complete):
            guard complete, reader.condition.isComplete else {
                let what =
                    complete
                    ? "the capture is not marked complete (though its log ends with run.completed)"
                    : "the run never completed"
                throw CommandFailure.found(
                    "\(capture): incomplete capture (status \(reader.status?.rawValue ?? "unknown")): \(events) events fold with no invariant violated, but \(what)"
                )
            }
            let total = state.overall
            Terminal.out(
                "rebuilt \(events) events: no invariant violated; summary matches (confirmed \(total.confirmed), failed \(total.failed), refused \(total.refused), conflicts \(total.conflicts))\n"
            )
        }
    }

    func reproduce(_ reader: CaptureReader) throws {
        // One stream: the inputs are read from it, and re-execution goes on from there.
        let stream = try reading(capture) { try reader.stream() }
        let inputs = try reading(capture) { () throws -> CaptureInputs in
            do { return try CaptureInputs.read(from: stream) } catch CaptureInputs.Problem.noRunStarted
                where stream.lastSeq == 0
            {
                // No event at all: the recording stopped before its first; incomplete, not a bad file.
                throw CommandFailure.found(
                    "\(capture): incomplete capture (status \(reader.status?.rawValue ?? "unknown")): it has no events; nothing to reproduce"
                )
            }
        }
        var processEngine: ProcessEngine?
        if let command = try engineArguments.command(recorded: inputs.engine, capture: capture, rerun: Self.name),
            let recorded = inputs.engine
        {
            Interruption.install()
            let logPath: String
            do { logPath = try EngineLog.privatePath("run") } catch {
                throw CommandFailure.badInput("\(capture): \(error)")
            }
            // Format 8 records the version spoken: versions 1 and 2 give the same events, version 3
            // other ones (its oracle answers count no rejections), so a capture of 3 needs an
            // engine that speaks 3. Up to the version recorded, so an engine that speaks several
            // speaks that one again (an aborted capture's failure names a request of it). Older
            // captures were recorded offering 1 and 2, without reusing answers.
            let recordedProtocol = recorded.protocolVersion
            do {
                processEngine = try ProcessEngine(
                    command: command, timeoutSeconds: engineArguments.timeoutSeconds(recorded: recorded.timeoutSeconds),
                    maxTables: inputs.options.maxTables, logPath: logPath, toolVersion: ToolVersion.current,
                    protocols: Array(1...(recordedProtocol ?? 2)), asksOnce: recordedProtocol != nil)
            } catch {
                throw CommandFailure.badInput(
                    "\(capture): engine '\(command)' failed: \(error) (engine log: \(logPath))")
            }
            if recordedProtocol == 3, let spoken = processEngine?.protocolVersion, spoken != 3 {
                processEngine?.kill()
                EngineLog.discard(logPath)
                throw CommandFailure.badInput(
                    "\(capture): recorded with engine protocol 3, and engine '\(command)' speaks \(spoken): re-execute it with an engine that speaks protocol 3"
                )
            }
            processEngine?.standIn(for: recorded)
        }
        defer { processEngine?.finish() }
        let outcome = try reading(capture) {
            try Reproducer.run(reader, stream: stream, inputs: inputs, engine: processEngine)
        }
        switch outcome {
        case .reproduced(let events, let headHash):
            Terminal.out("reproduced \(events) events, head hash \(headHash)\n")
            if let log = processEngine?.logPath {
                processEngine?.finish()
                EngineLog.discard(log)
            }
        case .incomplete(let events, let status):
            throw CommandFailure.found(
                "\(capture): incomplete capture (status \(status)): the first \(events) events reproduce exactly; the recording stops there"
            )
        case .diverged(let divergence):
            var lines = [
                "\(capture): diverged at event \(divergence.seq) (fields: \(divergence.fields.joined(separator: ", ")))"
            ]
            let recordedBuild = reader.metaValue("build_id") ?? "unknown"
            if divergence.recordedToolVersion != ToolVersion.current || recordedBuild != BuildIdentity.current {
                lines.append(
                    "note: recorded by replay \(divergence.recordedToolVersion) (build \(recordedBuild)), re-executed by \(ToolVersion.current) (build \(BuildIdentity.current)): a code change between the builds can explain this"
                )
            }
            if !divergence.payloadDifferences.isEmpty {
                lines.append("differing fields (recorded → produced):")
                for difference in divergence.payloadDifferences { lines.append("  " + difference) }
            }
            if let exchange = divergence.engineExchange {
                lines.append("engine request: " + exchange.request)
                let answers = exchange.answer.split(separator: "\n", omittingEmptySubsequences: false)
                if answers.count == 1 {
                    lines.append("engine answer now: " + exchange.answer)
                } else {
                    // A `quotes` (protocol 2): the quote's answer is the line of its strategy.
                    lines.append("engine answers now, one line per strategy of the request:")
                    lines += answers.map { "  " + $0 }
                }
            }
            if let log = processEngine?.logPath {
                // The session ends here, so an engine that wrote nothing leaves no log (nor its folder).
                processEngine?.finish()
                if FileManager.default.fileExists(atPath: log) {
                    lines.append("engine log of this re-execution: " + log)
                } else {
                    EngineLog.discard(log)
                }
            }
            lines.append("context:")
            for record in divergence.context { lines.append("  " + EventLine.text(record)) }
            // The two sides exactly as stored, so the differing bytes can be seen.
            lines.append("recorded: " + (divergence.recorded.map(EventLine.raw) ?? "(none)"))
            lines.append("produced: " + (divergence.produced.map(EventLine.raw) ?? "(none)"))
            Terminal.out(lines.joined(separator: "\n") + "\n")
            throw ExitCode(1)
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check a capture's integrity without re-executing it (format, schema, quick_check, gapless seq, hash chain, meta)."
    )

    @Argument(help: "The capture file.") var capture: String

    func run() throws {
        let reader = try openCapture(capture)
        let report = try reading(capture) { try Verifier.verify(reader) }
        if !report.problems.isEmpty {
            throw CommandFailure.badInput("\(capture): corrupt capture: " + report.problems.joined(separator: "; "))
        }
        switch report.condition {
        case .complete: break
        case .beingWritten:
            throw CommandFailure.found(
                "\(capture): still being written: \(report.events) events so far, hash chain intact up to the last one; not a result yet"
            )
        case .incomplete(let reason):
            throw CommandFailure.found(
                "\(capture): incomplete, \(reason): \(report.events) events, hash chain intact up to the last one; not a result"
            )
        }
        Terminal.out(
            "\(capture): ok: \(report.events) events, complete, hash chain intact, head hash \(report.headHash)\n")
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a capture's events, readable or as JSON lines.")

    @Argument(help: "The capture file.") var capture: String
    @Option(help: "Only types starting with this (e.g. hold).") var type: String?
    @Option(
        parsing: .unconditional,
        help: "Only this booking (a unique prefix of its id; one starting with - is taken as it is).") var booking:
        String?
    @Option(parsing: .unconditional, help: "Only this restaurant (a unique prefix of its name).") var restaurant:
        String?
    @Option(help: "From this seq.") var from: Int = 1
    @Option(name: .customLong("to"), help: "Up to this seq. (default: the last event)") var upToSeq: Int?
    var to: Int { upToSeq ?? Int.max }
    @Flag(help: "JSON lines.") var json = false
    @Flag(help: "CSV with a header row, for spreadsheets.") var csv = false

    /// An id given whole, or by a unique prefix (like git): an exact id wins; an ambiguous
    /// prefix names some of what it matches; a prefix that matches nothing says so.
    static func resolve(_ given: String, _ column: CaptureReader.IDColumn, in reader: CaptureReader, capture: String)
        throws -> String
    {
        let matches = try reading(capture) { try reader.ids(in: column, startingWith: given, limit: 6) }
        if matches.contains(given) || matches.count == 1 { return matches.contains(given) ? given : matches[0] }
        let option = "--\(column.rawValue)"
        if matches.isEmpty {
            throw CommandFailure.found("\(capture): no \(column.rawValue) starts with \(given) (\(option))")
        }
        throw CommandFailure.badInput(
            "\(capture): \(option) \(given) is ambiguous: it matches "
                + (matches.count > 5 ? "more than 5 ids, among them " : "")
                + matches.prefix(5).joined(separator: ", ") + "; give more of it")
    }

    /// The range and the output form, checked before the capture is opened.
    func validate() throws {
        if from < 1 || to < 1 { throw CommandFailure.badInput("replay show: --from and --to must be at least 1") }
        if from > to { throw CommandFailure.badInput("replay show: --from \(from) is after --to \(to)") }
        if json && csv {
            throw CommandFailure.badInput("replay show: --json and --csv contradict each other; choose one")
        }
    }

    func run() throws {
        // A type no event can have (a typo) is a wrong question, not an empty answer: like an
        // unknown --booking, exit 1 with what it could have been.
        if let type, !EventType.allNames.contains(where: { $0.hasPrefix(type) }) {
            throw CommandFailure.found(
                "replay show: no event type starts with \(type) (--type); the types are "
                    + EventType.allNames.joined(separator: ", "))
        }
        let reader = try openCapture(capture)
        let booking = try self.booking.map { try Self.resolve($0, .booking, in: reader, capture: capture) }
        let restaurant = try self.restaurant.map { try Self.resolve($0, .restaurant, in: reader, capture: capture) }
        var shown = 0
        // The text view explains each missed set under its verdict: the floors come first in the log.
        var missed = MissedSetLines()
        // A failed or refused booking shown alone is explained from the whole capture, folded
        // from the same stream as it is listed (and past --to), so the capture is read once.
        var explaining: RunState? = booking != nil && !json && !csv ? RunState() : nil
        var terminalOpen = true
        let stream = try reading(capture) { try reader.stream() }
        try reading(capture) {
            // From seq 1 whatever --from says: the stream checks the chain, so an altered event
            // stops the listing (exit 2) even before the range shown.
            while stream.lastSeq < to, let record = try stream.nextRecord() {
                let matches =
                    record.seq >= from && (type.map { record.type.hasPrefix($0) } ?? true)
                    && (booking.map { record.booking == $0 } ?? true)
                    && (restaurant.map { record.restaurant == $0 } ?? true)
                // Decoded once: for the text view's line, for what the missed-set lines need
                // later, and for the explanation's fold.
                let listed = !json && !csv && (matches || MissedSetLines.notedTypes.contains(record.type))
                let decoded = listed || explaining != nil ? try? Event.decode(record) : nil
                Self.fold(decoded, seq: record.seq, into: &explaining)
                if listed, let decoded { missed.note(decoded) }
                guard matches else { continue }
                shown += 1
                // The header before the first row shown (none when nothing matches). A closed
                // pipe (`| head`) ends the listing quietly.
                if shown == 1 && !json && !Terminal.line(csv ? EventLine.csvHeader : EventLine.header) {
                    terminalOpen = false
                    break
                }
                guard
                    Terminal.line(
                        json
                            ? EventLine.json(record)
                            : csv ? EventLine.csv(record) : EventLine.text(record, event: listed ? decoded : nil))
                else {
                    terminalOpen = false
                    break
                }
                if let decoded, listed, !missed.lines(decoded).allSatisfy({ Terminal.line($0) }) {
                    terminalOpen = false
                    break
                }
            }
        }
        // The failed or refused booking: why, and who had the tables it could have used (an
        // unreadable or altered event past --to leaves the explanation out; the listing stands).
        if let booking, terminalOpen, shown > 0, explaining != nil {
            do {
                while explaining != nil, let record = try stream.nextRecord() {
                    Self.fold(try? Event.decode(record), seq: record.seq, into: &explaining)
                }
            } catch {
                explaining = nil
            }
            if let state = explaining, let folded = state.booking(booking),
                let explanation = FailureExplanation(folded, in: state)
            {
                Terminal.line("why: " + explanation.text)
            }
        }
        if shown == 0 {
            let filters = [
                type.map { "--type \($0)" }, booking.map { "--booking \($0)" }, restaurant.map { "--restaurant \($0)" },
                from > 1 ? "--from \(from)" : nil, to < Int.max ? "--to \(to)" : nil
            ].compactMap { $0 }
            Terminal.error(
                "\(capture): no event matched "
                    + (filters.isEmpty ? "(the capture has no events)" : filters.joined(separator: " ")))
        }
    }
}

extension ShowCommand {
    /// Applies the next event to the explanation's fold; an unreadable event or a violation ends
    /// it (the booking is then not explained: the listing already said what it could).
    static func fold(_ event: Event?, seq: Int, into state: inout RunState?) {
        guard state != nil else { return }
        guard let event else {
            state = nil
            return
        }
        do { try state!.apply(event, seq: seq) } catch { state = nil }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write a capture's reports again, from the capture alone.")

    @Argument(help: "The capture file.") var capture: String
    @Option(help: "Folder for the reports.") var reports: String = "reports"
    @Flag(help: "Also solve the best possible day (replay optimum) and put it in the reports.") var optimum = false
    @Option(
        help:
            "How the HTML report draws floor timelines: auto (SVG for a day of up to 40 restaurants and 2,000 bookings, drawn by the page's script when a section is opened above that), svg or script."
    ) var floors = Choice<FloorDrawing>(.auto)

    func validate() throws { _ = try floors.checked("--floors", command: "replay report") }

    func run() throws {
        let floorDrawing = try floors.checked("--floors", command: "replay report")
        let optimumSolver = optimum ? try OptimumRun.solver(timeLimit: 60) : nil
        let reader = try openCapture(capture)
        let outcome = try reading(capture) { try Rebuilder.fold(reader) }
        guard case .consistent(let state, let events, _) = outcome else {
            if case .violated(let violation, _) = outcome { throw CommandFailure.found("\(capture): \(violation)") }
            return
        }
        try OutputFolders.prepare(capture: "", reports: reports)
        let stem = ((capture as NSString).lastPathComponent as NSString).deletingPathExtension
        var context = ReportContext(
            capturePath: capture, stem: stem, state: state, eventCount: events,
            headHash: reader.metaValue("head_hash") ?? "", toolVersion: reader.metaValue("tool_version") ?? "?",
            recordedAt: reader.metaValue("recorded_at") ?? "?",
            elapsedMilliseconds: reader.metaValue("elapsed_ms").flatMap { Int($0) },
            status: reader.metaValue("status") ?? "unknown", condition: reader.condition)
        if let optimumSolver { context.optimum = try OptimumRun.figures(state, solver: optimumSolver) }
        context.floors = floorDrawing
        let written = try ReportFiles.write(context, folder: reports)
        Terminal.out("wrote " + written.joined(separator: ", ") + "\n")
        if let banner = context.unfinishedBanner {
            throw CommandFailure.found("\(capture): \(banner) The reports say so at the top.")
        }
    }
}

/// One event as a line.
enum EventLine {
    /// The column names of `text`. The run clock is the virtual clock of the run (08:00:00 at its
    /// start, one step costing a few seconds), not a booking's time: booking times are in the
    /// last column ("19:20-20:45").
    static let header =
        "    seq  run clock  " + "type".padding(toLength: 20, withPad: " ", startingAt: 0) + "  "
        + fitted("restaurant", 12) + "  " + fitted("booking", 10) + "  what"

    /// `event`: the record already decoded, when the caller has it.
    /// Control characters (an engine's name or message holding `ESC[2J`, a NUL, a line break)
    /// are written as `\u{…}`, so a line of `show` or `run` is one line and cannot drive the terminal.
    static func text(_ record: EventRecord, event: Event? = nil) -> String {
        let seq = String(record.seq)
        return String(repeating: " ", count: max(0, 7 - seq.count)) + seq + "  "
            + fitted(ClockText.seconds(record.at), 9) + "  "
            + Terminal.visible(record.type.padding(toLength: 20, withPad: " ", startingAt: 0)) + "  "
            + Terminal.visible(fitted(record.restaurant ?? "-", 12)) + "  "
            + Terminal.visible(fitted(record.booking ?? "-", 10)) + "  "
            + Terminal.visible(event.map { $0.body.payload.summary } ?? Event.summary(of: record))
    }

    static let csvHeader = "seq,run_clock_seconds,run_clock,type,restaurant,booking,what,payload"

    /// One CSV row (RFC 4180: fields with a comma, quote or line break are quoted). Text that
    /// a spreadsheet would run as a formula (a booking named "=HYPERLINK(…)") starts with `'`.
    static func csv(_ record: EventRecord) -> String {
        [String(record.seq), String(record.at), ClockText.seconds(record.at)].map(csvField).joined(separator: ",") + ","
            + [record.type, record.restaurant ?? "", record.booking ?? "", Event.summary(of: record), record.payload]
            .map { csvField(inert($0)) }.joined(separator: ",")
    }

    /// Text a spreadsheet reads as text: one starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return gets a leading `'` (OWASP's advice against CSV injection).
    static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    static func csvField(_ text: String) -> String {
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n", and left a line
        // break in an unquoted field (a forged row).
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A name in a column: padded, or cut with "…" when longer (the whole name is in `--json`,
    /// and `--booking`/`--restaurant` take a unique prefix of it).
    static func fitted(_ text: String, _ width: Int) -> String {
        text.count > width
            ? String(text.prefix(width - 1)) + "…" : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    /// The stored fields, payload verbatim.
    static func raw(_ record: EventRecord) -> String {
        Terminal.visible(
            "\(record.seq)  \(ClockText.seconds(record.at)) (\(record.at) s)  \(record.type)  \(record.restaurant ?? "-")  \(record.booking ?? "-")  \(record.payload)"
        )
    }

    static func json(_ record: EventRecord) -> String {
        var w = JSONWriter()
        record.writeJSON(to: &w, withHash: true)
        return w.string
    }

}
