import CommandSupport
import Allocation
import CanonicalJSON
import EventLog
import Projections
import Replayer

/// `replay run --at SEQ`: the floor after event SEQ.
enum FloorPrinter {
    static func print(reader: CaptureReader, at seq: Int, json: Bool) throws {
        let outcome = try reading(reader.path) { try Rebuilder.fold(reader, through: seq) }
        let state: RunState
        switch outcome {
        case .consistent(let folded, let events, _):
            // Past the end is not "the floor after SEQ": say how far the log goes (a capture cut
            // short, or with no event at all, is not a result to show).
            guard events >= seq else {
                throw CommandFailure.found(
                    "\(reader.path): there is no event \(seq): the capture has \(events) event\(events == 1 ? "" : "s") (status \(reader.status?.rawValue ?? "unknown"))"
                )
            }
            state = folded
        case .violated(let violation, _): throw CommandFailure.found("\(reader.path): \(violation)")
        }
        Terminal.out(json ? jsonText(state) : text(state))
    }

    static func text(_ state: RunState) -> String {
        var lines = ["floor after event \(state.lastSeq) (virtual time \(ClockText.seconds(state.now)))"]
        for restaurant in state.restaurants {
            lines.append("\(restaurant.slug):")
            for (index, table) in restaurant.currentFloor.tables.enumerated() {
                let occupations = restaurant.occupations(ofTable: index).map { occupation in
                    "\(occupation.kind.rawValue) \(occupation.id) \(occupation.booking) \(ClockText.minutes(occupation.startMinute))-\(ClockText.minutes(occupation.endMinute))"
                        + (occupation.expiresAt.map { " expires \(ClockText.seconds($0))" } ?? "")
                }
                lines.append(
                    "  \(table.id) (\(table.zone), \(table.minCovers)-\(table.maxCovers)): "
                        + (occupations.isEmpty ? "free" : occupations.joined(separator: "; ")))
            }
            let pending = restaurant.bookingPositions.map { state.bookings[$0] }.filter { $0.status == .pending }
            lines.append(
                "  pending: "
                    + (pending.isEmpty
                        ? "none"
                        : pending.map { "\($0.id) \(ClockText.minutes($0.startMinute)) party \($0.partySize)" }.joined(
                            separator: ", ")))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func jsonText(_ state: RunState) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("seq", state.lastSeq)
        w.field("at", state.now)
        w.key("restaurants")
        w.beginArray()
        for restaurant in state.restaurants {
            w.beginObject()
            w.field("restaurant", restaurant.slug)
            w.key("tables")
            w.beginArray()
            for (index, table) in restaurant.currentFloor.tables.enumerated() {
                w.beginObject()
                w.field("table", table.id)
                w.key("occupations")
                w.beginArray()
                for occupation in restaurant.occupations(ofTable: index) {
                    w.beginObject()
                    w.field("kind", occupation.kind.rawValue)
                    w.field("id", occupation.id)
                    w.field("booking", occupation.booking)
                    w.field("start_minute", occupation.startMinute)
                    w.field("end_minute", occupation.endMinute)
                    w.key("expires_at")
                    if let e = occupation.expiresAt { w.int(e) } else { w.null() }
                    w.endObject()
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.field(
                "pending",
                restaurant.bookingPositions.map { state.bookings[$0] }.filter { $0.status == .pending }.map(\.id))
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.string + "\n"
    }
}
