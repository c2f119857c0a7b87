import Allocation
import EventLog
import Projections

/// One event in words, for `replay show`: what happened, with the figures that matter.
/// Unreadable payloads are shown as stored.
public enum EventSummary {
    public static func text(_ record: EventRecord) -> String {
        guard let event = try? Event.decode(record) else { return record.payload }
        switch event.body {
        case .runStarted(let e):
            return "\(e.scenario) \(e.mode) seed \(e.seed), date \(e.date), max-tables \(e.maxTables), hold-ttl \(e.holdTTLSeconds) s"
                + (e.mode == "reserve" ? ", clone-limit \(e.cloneLimit), clients \(e.clients)" : ", max-iterations \(e.maxIterations)")
                + (e.bruteforce ? ", oracle on" : ", oracle off")
        case .restaurantSeeded(let e):
            return e.services.map { "\($0.name) \(ClockText.minutes($0.startMinute))-\(ClockText.minutes($0.endMinute))" }.joined(separator: ", ")
                + "; buffer \(e.bufferMinutes) min"
        case .tableSeeded(let e):
            return "\(e.table) zone \(e.zone), \(e.minCovers)-\(e.maxCovers) covers" + (e.active ? "" : ", inactive")
        case .adjacencySeeded(let e):
            return e.tables.joined(separator: " - ")
        case .bookingSeeded(let e):
            return "\(ClockText.minutes(e.startMinute)) party \(e.partySize)" + (e.durationMinutes.map { ", \($0) min" } ?? "") + " on \(e.date)"
        case .bookingCreated(let e):
            return "from \(e.source) by client \(e.client): \(ClockText.minutes(e.startMinute)) party \(e.partySize)"
        case .bookingRefused(let e):
            return "from \(e.source): \(e.reason)"
        case .quoteIssued(let e):
            let best = e.top.first.map { ", best \($0.tables.joined(separator: "+"))" } ?? ""
            let rejected = e.rejected.filter { $0.count > 0 }.map { "\($0.reason) \($0.count)" }.joined(separator: ", ")
            return "\(e.strategy) #\(e.attempt) \(ClockText.minutes(e.startMinute))-\(ClockText.minutes(e.endMinute)): \(e.candidates) candidates\(best)"
                + (rejected.isEmpty ? "" : "; rejected \(rejected)")
        case .coverageMeasured(let e):
            return "oracle: \(e.quotedFeasible) of \(e.feasible) feasible sets quoted" + (e.phantomUnavailable ? ", PHANTOM UNAVAILABLE" : "")
                + (e.unsound.isEmpty ? "" : ", \(e.unsound.count) unsound")
        case .holdPlaced(let e):
            return "\(e.hold) on \(e.tables.joined(separator: "+")) \(ClockText.minutes(e.startMinute))-\(ClockText.minutes(e.endMinute)), \(e.strategy) rank \(e.rank), expires \(ClockText.seconds(e.expiresAt))"
        case .conflictDetected(let e):
            return "\(e.kind) on \(e.tables.joined(separator: "+")) with \(e.with.isEmpty ? "an expired hold" : e.with.joined(separator: ", ")) (\(e.strategy) rank \(e.rank))"
        case .holdReleased(let e):
            return "\(e.hold) released: \(e.reason)"
        case .holdExpired(let e):
            return "\(e.hold) expired"
        case .assignmentConfirmed(let e):
            return "\(e.assignment) on \(e.tables.joined(separator: "+")) \(ClockText.minutes(e.startMinute))-\(ClockText.minutes(e.endMinute)) (from \(e.hold))"
        case .bookingFailed(let e):
            return "\(e.reason) after \(e.attempts) quotes"
        case .iterationCompleted(let e):
            return "pass \(e.iteration): \(e.processed) processed, \(e.confirmed) confirmed, \(e.remaining) remaining"
        case .runCompleted(let e):
            return "\(e.confirmed) confirmed, \(e.failed) failed, \(e.refused) refused of \(e.bookings); \(e.quotes) quotes, \(e.holds) holds, \(e.conflicts) conflicts; \(e.events) events"
        }
    }
}
