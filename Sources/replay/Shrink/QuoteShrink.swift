import Sweeps
import CommandSupport
import Allocation
import EventLog
import Foundation
import Projections
import Replayer
import StressRunner

/// `replay shrink CAPTURE --quote SEQ`: one quote of a capture, asked again of the engine on
/// its own and shrunk to the smallest floor, busy list and request on which the engine still
/// fails the same way, without recording a day: seconds, not minutes. The result is a
/// transcript (`EngineTranscript`) that `replay engine replay` re-asks.
enum QuoteShrink {
    /// The quote at `seq` as a check case: the restaurant's floor as seeded, every other booking's
    /// live hold and assignment at that moment, the pending bookings, the booking and the strategy.
    /// `seq` names a `quote.issued` (its strategy), or a `coverage.measured` (the oracle's question
    /// at a booking's first quote or capacity check: `strategy`, else the first whose answer missed).
    static func checkCase(_ reader: CaptureReader, seq: Int, strategy chosen: String?, capture: String)
        throws -> (check: EngineCheck.Case, booking: String, label: String)
    {
        guard seq >= 2 else {
            throw CommandFailure.badInput(
                "replay shrink: --quote must name a quote.issued or coverage.measured event, found \(seq)")
        }
        // One stream: folded up to the quote, which is the next event read.
        let stream = try reading(capture) { try reader.stream() }
        let before = try reading(capture) { try Rebuilder.fold(stream, through: seq - 1) }
        guard case .consistent(let state, let folded, _) = before else {
            throw CommandFailure.badInput(
                "\(capture): the events before \(seq) do not fold into a state to ask the quote at")
        }
        let record = try reading(capture) { folded == seq - 1 ? try stream.nextRecord() : nil }
        guard let record else { throw CommandFailure.badInput("\(capture): there is no event \(seq)") }
        let event = try reading(capture) { try Event.decode(record) }
        guard let bookingID = record.booking, let slug = record.restaurant else {
            throw CommandFailure.badInput(
                "\(capture): event \(seq) is \(record.type), not a quote (--quote names a quote.issued or a coverage.measured)"
            )
        }
        let label: String
        let description: String
        switch event.body {
        case .quoteIssued(let quote):
            guard chosen == nil || chosen == quote.strategy else {
                throw CommandFailure.badInput(
                    "\(capture): quote \(seq) is asked under \(quote.strategy); --strategy goes with a coverage.measured event"
                )
            }
            label = quote.strategy
            description = "\(bookingID) \(quote.strategy) #\(quote.attempt)"
        case .coverageMeasured(let measured):
            let strategies = measured.strategies ?? []
            if let chosen {
                guard strategies.contains(where: { $0.strategy == chosen }) else {
                    throw CommandFailure.badInput(
                        "\(capture): the oracle's question at \(seq) has no strategy \(chosen) (it has \(strategies.map(\.strategy).joined(separator: ", ")))"
                    )
                }
                label = chosen
            } else {
                guard let first = strategies.first(where: { $0.verdict.missedCount > 0 }) else {
                    throw CommandFailure.found(
                        "\(capture): no strategy's answer missed a set at \(seq) (name one with --strategy to ask it anyway)"
                    )
                }
                label = first.strategy
            }
            description = "\(bookingID) \(label), the oracle's question"
        default:
            throw CommandFailure.badInput(
                "\(capture): event \(seq) is \(record.type), not a quote (--quote names a quote.issued or a coverage.measured)"
            )
        }
        guard let strategy = Strategy(label: label) else {
            throw CommandFailure.badInput("\(capture): \(label) is not a strategy replay can ask again")
        }
        guard let restaurant = state.restaurant(slug), let booking = state.booking(bookingID) else {
            throw CommandFailure.badInput(
                "\(capture): the events before \(seq) do not fold into a state to ask the quote at")
        }
        // A conformance case asks a booking with nothing of its own on the floor: an edit's quote
        // (format 7: its own tables free and named as `current`) is not one.
        guard booking.edit == nil else {
            throw CommandFailure.badInput(
                "\(capture): quote \(seq) is an edit's quote (\(bookingID) keeps its tables until the edit is confirmed), which --quote cannot ask on its own; shrink the day instead: replay shrink \(capture) --until keep-missed"
            )
        }
        let buffer = restaurant.restaurant.bufferMinutes
        // Every live hold and assignment of another booking, with its tables (one occupation spans several).
        var occupations: [(id: String, occupation: Occupancy.Occupation, tables: [String])] = []
        for (index, list) in restaurant.occupancy.tables.enumerated() {
            for occupation in list where occupation.booking != bookingID {
                if occupation.kind == .hold, (occupation.expiresAt ?? Int.max) <= record.at { continue }
                let table = restaurant.floor.tables[index].id
                if let position = occupations.firstIndex(where: { $0.id == occupation.id }) {
                    occupations[position].tables.append(table)
                } else {
                    occupations.append((occupation.id, occupation, [table]))
                }
            }
        }
        let occupied = occupations.sorted { ($0.occupation.startMinute, $0.id) < ($1.occupation.startMinute, $1.id) }
            .map {
                EngineCheck.Case.Occupation(
                    start: $0.occupation.startMinute,
                    durationMinutes: $0.occupation.endMinute - $0.occupation.startMinute - buffer,
                    party: 1, tables: $0.tables.sorted(), confirmed: $0.occupation.kind == .assignment)
            }
        let waiting = state.bookings.filter {
            $0.restaurant == slug && $0.status == .pending && $0.id != bookingID && $0.resolvedWindow != nil
        }
        .sorted { ($0.startMinute, $0.id) < ($1.startMinute, $1.id) }
        .map {
            EngineCheck.Case.Waiting(start: $0.startMinute, durationMinutes: $0.durationMinutes, party: $0.partySize)
        }
        let check = EngineCheck.Case(
            name: "quote \(seq)", purpose: "\(description) of \(capture)", restaurant: restaurant.restaurant,
            tables: restaurant.tables, adjacency: restaurant.adjacency, occupied: occupied, waiting: waiting,
            party: booking.partySize,
            start: booking.startMinute, durationMinutes: booking.durationMinutes, strategy: strategy, feasible: nil)
        return (check, bookingID, description)
    }

    /// Asks the quote again, shrinks what still fails, prints the exchange and writes the transcript.
    static func run(
        capture: String, reader: CaptureReader, seq: Int, strategy: String?, engineCommand: String, timeoutSeconds: Int,
        out: String?,
        quiet: Bool
    ) throws {
        var (check, _, what) = try checkCase(reader, seq: seq, strategy: strategy, capture: capture)
        check.restaurant.slug += "-q\(seq)"
        let path =
            out ?? ((capture as NSString).deletingPathExtension + ".quote-\(seq).\(TranscriptFiles.fileExtension)")
        let logPath = path + ".engine.log"
        let engine = try EngineCheckCommand.start(engineCommand, timeoutSeconds: timeoutSeconds, logPath: logPath)
        defer { engine.finish() }
        do {
            let asked = try EngineCheck.ask(check, on: engine)
            guard let kind = asked.failure(strict: true) else {
                throw CommandFailure.found(
                    "replay shrink: quote \(seq) (\(what)), asked again on its own, gets every one "
                        + "of its \(Counted.text(asked.feasible, "feasible set")) and no unsound offer: what the run saw there depends on "
                        + "the engine's earlier requests (a session state), not on this question; nothing to shrink")
            }
            var shrinker = CheckCaseShrinker(engine: engine, kind: kind, label: "s")
            let small = try shrinker.shrink(check, result: asked)
            let title = EngineCheckCommand.describe(kind)
            let before = EngineCheckCommand.size(check)
            let after = EngineCheckCommand.size(small.case)
            let transcript = EngineTranscript(
                small.result, title: title,
                notes: [
                    "from \(capture), quote \(seq) (\(what)); shrunk from \(before) to \(after) in \(Counted.text(shrinker.asks, "ask"))",
                    "engine: \(engine.identity?.name ?? "?") \(engine.identity?.version ?? "?"); re-ask: replay engine replay FILE CMD"
                ])
            do { try OutputFile.write(transcript.text, to: path) } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw CommandFailure.badInput("\(path): cannot write (\(error))")
            }
            var lines = [
                "shrunk quote \(seq) (\(what)), \(title): from \(before) to \(after) in \(Counted.text(shrinker.asks, "ask"))"
                    + (shrinker.limitReached ? " (limit reached: it may shrink further)" : "")
            ]
            if !quiet {
                lines += EngineCheckCommand.exchangeLines(small.result)
                lines.append("transcript: \(path)")
                lines.append(
                    "re-ask: replay engine replay \(RecordArguments.shellQuoted(path)) \(RecordArguments.shellQuoted(engineCommand))"
                )
            }
            Terminal.out(lines.joined(separator: "\n") + "\n")
            engine.finish()
            try? FileManager.default.removeItem(atPath: logPath)
        } catch let failure as EngineFailure {
            engine.kill()
            throw CommandFailure.badInput("engine '\(engineCommand)' failed: \(failure) (engine log: \(logPath))")
        }
    }
}
