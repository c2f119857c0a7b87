import Allocation
import CanonicalJSON
import Projections

/// The floors of a large day as one compact JSON block, drawn by the page's script
/// (`FloorScript`) when a restaurant's section is opened. A day of a thousand restaurants as SVG
/// is 20 MB of markup a browser lays out at once; as data it is a few bytes per bar, and only the
/// sections opened are ever drawn. Field by field it is what `FloorTimeline` and `HTMLReport`
/// draw on small days, so both pages show the same thing.
///
/// Per restaurant (arrays are positional, to stay small; times in minutes of the service day):
/// - `s` slug, `n` its anchor, `h` [first hour, last hour] of the axis, `m` service minutes;
/// - `v` services `[name, start, end]`;
/// - `z` zones `[name, seated minutes, covers, tables]`, a table `[id, min covers, max covers,
///   flags (1 inactive, 2 movable), neighbours, seated minutes, covers]`, in the rows' order;
/// - `a` assignments `[booking, party, start, seating end, end, tables, strategy, quotes, source]`;
/// - `o` holds that never confirmed `[hold, booking, tables, start, end, outcome]`;
/// - `c` conflicts `[virtual second, kind, booking, in the way, tables, start, end, outcome]`;
/// - `l` places bookings left (format 7; only when there are some) `[booking, assignment, tables,
///   start, end, outcome (moved, cancelled), virtual second]`;
/// - `f` failed and refused bookings `[booking, anchor, status, reason, start, end, party, quotes,
///   window problem, blocked by]`;
/// - `g` the optimum's recovered bookings `[booking, tables, start, end]`;
/// - `p` phantom-unavailable bookings, `u` unsound offers `[booking, tables]`.
enum FloorData {
    /// The whole block: `{"final": …, "shown": …, "restaurants": [...]}`, restaurants in the
    /// page's order. Safe inside a `<script>` element and in XML: `<`, `>` and `&` (only ever
    /// inside strings) are written as `\u003c`, `\u003e` and `\u0026`.
    static func render(_ timelines: [FloorTimeline], final: Bool) -> String {
        var w = JSONWriter(capacity: 1 << 20)
        w.beginObject()
        w.field("final", final)
        w.field("shown", HTMLReport.failuresShown)
        w.key("restaurants")
        w.beginArray()
        for timeline in timelines { write(timeline, into: &w) }
        w.endArray()
        w.endObject()
        return scriptSafe(w.bytes)
    }

    static func write(_ timeline: FloorTimeline, into w: inout JSONWriter) {
        let restaurant = timeline.restaurant
        let state = timeline.state
        let floor = restaurant.currentFloor
        let use = timeline.tableUse()
        w.beginObject()
        w.field("s", restaurant.slug)
        w.field("n", HTML.anchor(restaurant.slug))
        w.field("h", [timeline.hours.lowerBound, timeline.hours.upperBound])
        w.field("m", timeline.serviceMinutes)
        w.key("v")
        w.beginArray()
        for service in restaurant.restaurant.services {
            w.beginArray()
            w.string(service.name)
            w.int(service.startMinute)
            w.int(service.endMinute)
            w.endArray()
        }
        w.endArray()
        w.key("z")
        w.beginArray()
        var open = false
        for row in timeline.rows() {
            if let zone = row.zone {
                if open {
                    w.endArray()
                    w.endArray()
                }
                let members = restaurant.tables.filter { $0.zone == zone }
                let (minutes, covers) = timeline.totals(of: members.map(\.id), use: use)
                w.beginArray()
                w.string(zone)
                w.int(minutes)
                w.int(covers)
                w.beginArray()
                open = true
            } else if let index = row.table {
                let table = floor.tables[index]
                let seated = use[table.id] ?? (0, 0)
                w.beginArray()
                w.string(table.id)
                w.int(table.minCovers)
                w.int(table.maxCovers)
                w.int((table.active ? 0 : 1) | (table.movable ? 2 : 0))
                w.strings(floor.ids(of: floor.adjacency[index]))
                w.int(seated.minutes)
                w.int(seated.covers)
                w.endArray()
            }
        }
        if open {
            w.endArray()
            w.endArray()
        }
        w.endArray()
        w.key("a")
        w.beginArray()
        for id in restaurant.assignmentIDs {
            guard let assignment = state.assignments[id], let booking = state.booking(assignment.booking) else {
                continue
            }
            w.beginArray()
            w.string(booking.id)
            w.int(booking.partySize)
            w.int(assignment.startMinute)
            w.int(booking.resolvedWindow?.seatingEndMinute ?? assignment.endMinute)
            w.int(assignment.endMinute)
            w.strings(assignment.tables)
            w.string(booking.strategy ?? "?")
            w.int(booking.quotes)
            w.string(booking.source)
            w.endArray()
        }
        w.endArray()
        w.key("o")
        w.beginArray()
        for hold in restaurant.endedHolds {
            w.beginArray()
            w.string(hold.hold)
            w.string(hold.booking)
            w.strings(hold.tables)
            w.int(hold.startMinute)
            w.int(hold.endMinute)
            w.string(hold.outcome)
            w.endArray()
        }
        w.endArray()
        if !restaurant.timeline.leftPlaces.isEmpty {
            w.key("l")
            w.beginArray()
            for place in restaurant.timeline.leftPlaces {
                w.beginArray()
                w.string(place.booking)
                w.string(place.assignment)
                w.strings(place.tables)
                w.int(place.startMinute)
                w.int(place.endMinute)
                w.string(place.outcome.rawValue)
                w.int(place.at)
                w.endArray()
            }
            w.endArray()
        }
        w.key("c")
        w.beginArray()
        for conflict in restaurant.conflicts {
            w.beginArray()
            w.int(conflict.at)
            w.string(conflict.kind)
            w.string(conflict.booking)
            w.strings(conflict.with)
            w.strings(conflict.tables)
            w.int(conflict.startMinute)
            w.int(conflict.endMinute)
            w.string(HTMLReport.conflictOutcome(conflict, state: state))
            w.endArray()
        }
        w.endArray()
        w.key("f")
        w.beginArray()
        for failure in timeline.failures {
            w.beginArray()
            w.string(failure.booking)
            w.int(state.bookingPosition(failure.booking) ?? 0)
            w.string(failure.status)
            w.string(failure.reason)
            w.int(failure.startMinute)
            w.int(failure.endMinute)
            w.int(failure.partySize)
            w.int(state.booking(failure.booking)?.quotes ?? 0)
            w.string(failure.note)
            w.string(failure.blockedByText)
            w.string(failure.ruledOutText)
            w.endArray()
        }
        w.endArray()
        w.key("g")
        w.beginArray()
        for ghost in timeline.ghosts {
            w.beginArray()
            w.string(ghost.booking)
            w.strings(ghost.tables)
            w.int(ghost.startMinute)
            w.int(ghost.endMinute)
            w.endArray()
        }
        w.endArray()
        w.key("x")
        w.string(timeline.exchange?.text)
        w.field("p", restaurant.metrics.phantomUnavailable)
        w.key("u")
        w.beginArray()
        for offer in restaurant.metrics.unsoundOffers {
            w.beginArray()
            w.string(offer.booking)
            w.strings(offer.tables)
            w.endArray()
        }
        w.endArray()
        w.endObject()
    }

    /// The JSON text with `<`, `>` and `&` written as JSON escapes: the block can then never end
    /// its `<script>` element early, and the page stays well-formed XML.
    static func scriptSafe(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "<"): out.append(contentsOf: Array("\\u003c".utf8))
            case UInt8(ascii: ">"): out.append(contentsOf: Array("\\u003e".utf8))
            case UInt8(ascii: "&"): out.append(contentsOf: Array("\\u0026".utf8))
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
