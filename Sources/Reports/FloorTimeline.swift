import Allocation
import Projections

/// One restaurant's floor as an SVG timeline: a row per table (grouped by zone, neighbours named),
/// time across the service day, each assignment a bar labelled with booking and party, holds
/// that never confirmed dashed, conflicts marked. Hovering anything shows its details (`<title>`).
struct FloorTimeline {
    let restaurant: RestaurantState
    let state: RunState
    /// Bookings to outline, with the outline's colour (a diff's gained and moved bookings).
    var outlined: [String: String] = [:]  // looked up by booking, never iterated
    /// A diff's other run drawn over this one: where run A seated the bookings B lost or moved.
    var overlay: [DiffGhost] = []

    /// Where run A seated a booking that run B lost (red) or moved (grey), drawn over B's floor.
    struct DiffGhost {
        var booking: String
        var lost: Bool
        var tables: [String]
        var startMinute: Int
        var endMinute: Int
    }
    /// Bookings an optimal plan seats that the run did not, drawn where the plan puts them.
    var ghosts: [OptimumFigures.Recoverable] = []
    /// What an optimal plan seats here that the run did not, and what it gives up to do so.
    var exchange: OptimumFigures.Exchange?
    /// Failed and refused bookings, drawn at the window they asked for in a "not seated" lane
    /// below the tables, each linked to its line in the failure list.
    var failures: [FailureExplanation] = []

    static let labelWidth = 190
    static let rowHeight = 22
    static let pixelsPerHour = 90

    /// The hours the axis spans: from the earliest service start to the latest window end.
    var hours: ClosedRange<Int> {
        let starts = restaurant.restaurant.services.map(\.startMinute)
        var ends = restaurant.restaurant.services.map(\.endMinute)
        for occupation in restaurant.occupancy.tables.flatMap({ $0 }) { ends.append(occupation.endMinute) }
        let asked = failures.map(\.startMinute)
        ends += failures.map(\.endMinute)
        let first = ((starts + asked).min() ?? 11 * 60) / 60
        let last = ((ends.max() ?? 23 * 60) + 59) / 60
        return first...max(first + 1, last)
    }

    /// The neighbours as the row label shows them: as many as fit the label column beside the
    /// table's id (about 6 px a character), then "+N" (the hover title lists them all), so a
    /// densely connected floor does not write over its own timeline.
    static func neighbourText(_ neighbours: [String], besides id: String) -> String {
        let room = labelWidth / 6 - id.count - 13
        var shown: [String] = []
        var used = 0
        for (position, neighbour) in neighbours.enumerated() {
            let rest = neighbours.count - position - 1
            let cost = neighbour.count + 1 + (rest > 0 ? 4 : 0)
            if used + cost > room { return (shown + ["+\(neighbours.count - position)"]).joined(separator: " ") }
            shown.append(neighbour)
            used += neighbour.count + 1
        }
        return shown.joined(separator: " ")
    }

    func x(_ minute: Int) -> Int { Self.labelWidth + (minute - hours.lowerBound * 60) * Self.pixelsPerHour / 60 }

    /// Minutes of service in the day: what a table's seated minutes are measured against.
    var serviceMinutes: Int { restaurant.restaurant.services.reduce(0) { $0 + $1.endMinute - $1.startMinute } }

    /// Per table: minutes seated (seating, not buffer) and covers of the parties seated on it (a
    /// combination counts its party on each of its tables).
    func tableUse() -> [String: (minutes: Int, covers: Int)] {
        var use: [String: (minutes: Int, covers: Int)] = [:]  // looked up by table id, never iterated
        for id in restaurant.assignmentIDs {
            guard let assignment = state.assignments[id], let booking = state.booking(assignment.booking) else {
                continue
            }
            let seated = (booking.resolvedWindow?.seatingEndMinute ?? assignment.endMinute) - assignment.startMinute
            for table in assignment.tables {
                let current = use[table] ?? (0, 0)
                use[table] = (current.minutes + seated, current.covers + booking.partySize)
            }
        }
        return use
    }

    /// Minutes seated on these tables (summed per table) and covers of the parties seated on any
    /// of them, each party counted once: a zone's or the restaurant's totals.
    /// `use`: `tableUse()`, computed once by the caller.
    func totals(of tables: [String], use: [String: (minutes: Int, covers: Int)]) -> (minutes: Int, covers: Int) {
        let members = Set(tables)  // membership only
        var covers = 0
        for id in restaurant.assignmentIDs {
            guard let assignment = state.assignments[id], assignment.tables.contains(where: members.contains),
                let booking = state.booking(assignment.booking)
            else { continue }
            covers += booking.partySize
        }
        return (tables.reduce(0) { $0 + (use[$1]?.minutes ?? 0) }, covers)
    }

    /// "seated 47.50% of service time, 9 covers" for `tables` tables together.
    func useText(minutes: Int, covers: Int, tables: Int) -> String {
        "seated \(HTML.percent(minutes, of: serviceMinutes * max(1, tables))) of service time, \(Counted.text(covers, "cover"))"
    }

    /// The timeline's rows: a zone header, then its tables (indices in the current floor) in
    /// natural order (T-2 before T-10); zones in the order the scenario file lists them (the
    /// order of their first tables as seeded).
    func rows() -> [(zone: String?, table: Int?)] {
        let floor = restaurant.currentFloor
        var zoneOrder: [String] = []
        for table in restaurant.tables where !zoneOrder.contains(table.zone) { zoneOrder.append(table.zone) }
        var rows: [(zone: String?, table: Int?)] = []
        for name in zoneOrder {
            guard let zone = floor.zones.first(where: { $0.name == name }) else { continue }
            rows.append((zone.name, nil))
            let members = zone.tables.map { $0 }.sorted {
                NaturalOrder.precedes(floor.tables[$0].id, floor.tables[$1].id)
            }
            for index in members { rows.append((nil, index)) }
        }
        return rows
    }

    func render() -> String {
        let floor = restaurant.currentFloor
        let rows = rows()
        // The not-seated lane: each failure in the first sub-lane free at its start (its bar
        // plus room for its label), so none covers another.
        let (laneOfFailure, failureLanes) = Self.lanes(
            failures.map { ($0.startMinute, max($0.endMinute, $0.startMinute + 50)) })
        let failureRows = failures.isEmpty ? 0 : 1 + failureLanes
        let (laneOfGhost, ghostLanes) = Self.lanes(ghosts.map { ($0.startMinute, Self.reach(of: $0)) })
        let ghostRows = ghosts.isEmpty ? 0 : 1 + ghostLanes
        let width = x(hours.upperBound * 60) + 36
        let height = 24 + (rows.count + failureRows + ghostRows) * Self.rowHeight + 4
        // Never drawn below 70% of its natural size (a long service day, 07:00 to 01:00+1, would
        // otherwise shrink its text to a few pixels): past that the timeline scrolls sideways.
        let minimumWidth = max(760, width * 7 / 10)
        var svg =
            "<svg width=\"\(width)\" height=\"\(height)\" style=\"width:100%;min-width:\(minimumWidth)px;height:auto\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"floor timeline of \(HTML.escape(restaurant.slug))\">"
        svg += axis(height: height)
        var rowOfTable: [String: Int] = [:]
        let use = tableUse()
        for (position, row) in rows.enumerated() {
            let top = 24 + position * Self.rowHeight
            if let zone = row.zone {
                let members = restaurant.tables.filter { $0.zone == zone }
                let (minutes, covers) = totals(of: members.map(\.id), use: use)
                svg +=
                    "<text x=\"4\" y=\"\(top + 15)\" font-size=\"11\" font-weight=\"600\" fill=\"#6b7280\">ZONE \(HTML.escape(zone.uppercased())) <tspan font-weight=\"400\">· \(useText(minutes: minutes, covers: covers, tables: members.count))</tspan></text>"
                svg +=
                    "<line x1=\"0\" x2=\"\(width)\" y1=\"\(top + Self.rowHeight - 1)\" y2=\"\(top + Self.rowHeight - 1)\" stroke=\"#d0d4da\"/>"
            } else if let index = row.table {
                let table = floor.tables[index]
                rowOfTable[table.id] = top
                let neighbours = floor.ids(of: floor.adjacency[index])
                svg +=
                    "<text x=\"8\" y=\"\(top + 15)\" font-size=\"12\" fill=\"\(table.active ? "#1f2328" : "#9aa1ab")\">\(HTML.escape(table.id)) <tspan fill=\"#6b7280\" font-size=\"11\">\(table.minCovers)-\(table.maxCovers)\(neighbours.isEmpty ? "" : " ↔ " + HTML.escape(Self.neighbourText(neighbours, besides: table.id)))</tspan><title>\(HTML.escape(table.id)): zone \(HTML.escape(table.zone)), \(table.minCovers)-\(table.maxCovers) covers\(table.movable ? ", movable" : "")\(table.active ? "" : ", inactive")\(neighbours.isEmpty ? ", no neighbours" : ", adjacent to " + HTML.escape(neighbours.joined(separator: ", ")))</title></text>"
                // Utilisation: a small bar at the end of the label column.
                let seated = use[table.id] ?? (0, 0)
                let filled = serviceMinutes > 0 ? min(26, seated.minutes * 26 / serviceMinutes) : 0
                svg +=
                    "<g class=\"use\"><title>\(HTML.escape(table.id)): \(useText(minutes: seated.minutes, covers: seated.covers, tables: 1))</title>"
                    + "<rect x=\"\(Self.labelWidth - 32)\" y=\"\(top + 8)\" width=\"26\" height=\"6\" rx=\"2\" fill=\"#eef0f2\"/>"
                    + "<rect x=\"\(Self.labelWidth - 32)\" y=\"\(top + 8)\" width=\"\(filled)\" height=\"6\" rx=\"2\" fill=\"\(HTML.colours.confirmed)\"/></g>"
                svg +=
                    "<line x1=\"\(Self.labelWidth)\" x2=\"\(width)\" y1=\"\(top + Self.rowHeight - 1)\" y2=\"\(top + Self.rowHeight - 1)\" stroke=\"#eef0f2\"/>"
            }
        }
        svg += holds(rowOfTable: rowOfTable)
        svg += assignments(rowOfTable: rowOfTable)
        svg += leftPlaces(rowOfTable: rowOfTable)
        svg += conflicts(rowOfTable: rowOfTable)
        svg += diffGhosts(rowOfTable: rowOfTable)
        if !failures.isEmpty {
            svg += notSeated(top: 24 + rows.count * Self.rowHeight, width: width, lanes: laneOfFailure)
        }
        if !ghosts.isEmpty {
            svg += optimalPlan(top: 24 + (rows.count + failureRows) * Self.rowHeight, width: width, lanes: laneOfGhost)
        }
        return svg + "</svg>"
    }

    private func axis(height: Int) -> String {
        var svg = ""
        for service in restaurant.restaurant.services {
            svg +=
                "<rect x=\"\(x(service.startMinute))\" y=\"18\" width=\"\(x(service.endMinute) - x(service.startMinute))\" height=\"\(height - 18)\" fill=\"#f3f6fb\"><title>\(HTML.escape(service.name)) \(ClockText.minutes(service.startMinute))-\(ClockText.minutes(service.endMinute))</title></rect>"
            svg +=
                "<text x=\"\(x(service.startMinute) + 4)\" y=\"30\" font-size=\"10\" fill=\"#8a94a3\">\(HTML.escape(service.name))</text>"
        }
        for hour in hours {
            let position = x(hour * 60)
            svg += "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"14\" y2=\"\(height)\" stroke=\"#e6e8eb\"/>"
            svg +=
                "<text x=\"\(position + 2)\" y=\"11\" font-size=\"10\" fill=\"#6b7280\">\(hour % 24 < 10 ? "0" : "")\(hour % 24):00</text>"
        }
        return svg
    }

    private func assignments(rowOfTable: [String: Int]) -> String {
        var svg = ""
        for id in restaurant.assignmentIDs {
            guard let assignment = state.assignments[id],
                let booking = state.booking(assignment.booking)
            else { continue }
            let seatingEnd = booking.resolvedWindow?.seatingEndMinute ?? assignment.endMinute
            let outline = outlined[booking.id]
            let tip =
                "\(booking.id): party \(booking.partySize), \(ClockText.minutes(assignment.startMinute))-\(ClockText.minutes(seatingEnd)) (+\(assignment.endMinute - seatingEnd) min buffer) on \(assignment.tables.joined(separator: "+")), \(booking.strategy ?? "?"), \(booking.quotes) quotes"
                + (booking.source.map { ", cloned from \($0)" } ?? "")
            // A combination is one shape: bars on neighbouring rows joined. Tables rows apart are
            // not joined (a joint would cross the rows between); their labels name the booking.
            let tops = assignment.tables.compactMap { rowOfTable[$0] }.sorted()
            for (upper, lower) in zip(tops, tops.dropFirst()) where lower - upper == Self.rowHeight {
                svg +=
                    "<rect class=\"combination\" x=\"\(x(assignment.startMinute) + 1)\" y=\"\(upper + 8)\" width=\"5\" height=\"\(lower - upper)\" fill=\"\(HTML.colours.confirmed)\"><title>\(HTML.escape(tip))</title></rect>"
            }
            for table in assignment.tables {
                guard let top = rowOfTable[table] else { continue }
                let left = x(assignment.startMinute)
                let seating = x(seatingEnd) - left
                let whole = x(assignment.endMinute) - left
                svg += "<g><title>\(HTML.escape(tip))</title>"
                svg +=
                    "<rect x=\"\(left)\" y=\"\(top + 3)\" width=\"\(whole)\" height=\"\(Self.rowHeight - 7)\" rx=\"3\" fill=\"\(HTML.colours.buffer)\"/>"
                svg +=
                    "<rect x=\"\(left)\" y=\"\(top + 3)\" width=\"\(seating)\" height=\"\(Self.rowHeight - 7)\" rx=\"3\" fill=\"\(HTML.colours.confirmed)\"\(outline.map { " stroke=\"\($0)\" stroke-width=\"3\"" } ?? "")/>"
                if seating >= 46 {
                    // The label fits its bar (about 6 px a character): a long id (a UUID) is cut
                    // with "…"; the whole id is in the bar's tooltip.
                    let label = "\(booking.id)·\(booking.partySize)"
                    let room = max(3, (seating - 8) / 6)
                    let shown =
                        label.count <= room
                        ? label
                        : String(booking.id.prefix(max(1, room - 1 - String(booking.partySize).count - 1)))
                            + "…·\(booking.partySize)"
                    svg +=
                        "<text x=\"\(left + 4)\" y=\"\(top + 15)\" font-size=\"10.5\" fill=\"#fff\">\(HTML.escape(shown))</text>"
                }
                svg += "</g>"
            }
        }
        return svg
    }

    private func holds(rowOfTable: [String: Int]) -> String {
        var svg = ""
        for hold in restaurant.endedHolds {
            let tip =
                "hold \(hold.hold) of \(hold.booking) on \(hold.tables.joined(separator: "+")), \(ClockText.minutes(hold.startMinute))-\(ClockText.minutes(hold.endMinute)): \(hold.outcome)"
            for table in hold.tables {
                guard let top = rowOfTable[table] else { continue }
                svg +=
                    "<rect x=\"\(x(hold.startMinute))\" y=\"\(top + 2)\" width=\"\(x(hold.endMinute) - x(hold.startMinute))\" height=\"\(Self.rowHeight - 5)\" rx=\"3\" fill=\"none\" stroke=\"\(HTML.colours.hold)\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"><title>\(HTML.escape(tip))</title></rect>"
            }
        }
        return svg
    }

    /// Places bookings left (format 7): a moved booking's old place and a cancelled booking's,
    /// a dashed grey outline over whatever was seated there later, labelled "B12 moved" or "B12
    /// cancelled" at its end.
    private func leftPlaces(rowOfTable: [String: Int]) -> String {
        var svg = ""
        for place in restaurant.timeline.leftPlaces {
            let tip =
                "\(place.booking) \(place.outcome == .moved ? "moved away from" : "cancelled on") \(place.tables.joined(separator: "+")), "
                + "\(ClockText.minutes(place.startMinute))-\(ClockText.minutes(place.endMinute)) (\(place.assignment); run clock \(ClockText.seconds(place.at)))"
            for table in place.tables {
                guard let top = rowOfTable[table] else { continue }
                let left = x(place.startMinute)
                let length = max(4, x(place.endMinute) - left)
                svg +=
                    "<g class=\"left \(place.outcome.rawValue)\"><title>\(HTML.escape(tip))</title><rect x=\"\(left)\" y=\"\(top + 1)\" width=\"\(length)\" height=\"\(Self.rowHeight - 3)\" rx=\"3\" fill=\"#6b7280\" fill-opacity=\"0.12\" stroke=\"#4b5563\" stroke-width=\"1.2\" stroke-dasharray=\"3 2\"/>"
                    + "<text x=\"\(left + length + 3)\" y=\"\(top + 14)\" font-size=\"9.5\" fill=\"#4b5563\">\(HTML.escape("\(place.booking) \(place.outcome.rawValue)"))</text></g>"
            }
        }
        return svg
    }

    /// Each item in the first sub-lane free at its start (`ends`: where each lane is taken up
    /// to), as the lanes below the tables place theirs; and how many lanes that takes.
    static func lanes(_ items: [(start: Int, reach: Int)]) -> (lanes: [Int], count: Int) {
        var laneOf: [Int] = []
        var ends: [Int] = []
        for item in items {
            if let lane = ends.firstIndex(where: { $0 <= item.start }) {
                ends[lane] = item.reach
                laneOf.append(lane)
            } else {
                laneOf.append(ends.count)
                ends.append(item.reach)
            }
        }
        return (laneOf, ends.count)
    }

    /// An optimal plan's booking as its lane labels it: "B071 on T003+T004".
    static func label(of ghost: OptimumFigures.Recoverable) -> String {
        "\(ghost.booking) on \(ghost.tables.joined(separator: "+"))"
    }

    /// Where a ghost's lane is taken up to: its window, or its whole label (about 6 pixels a
    /// character) when that is longer, so no label is covered by the next bar.
    static func reach(of ghost: OptimumFigures.Recoverable) -> Int {
        max(ghost.endMinute, ghost.startMinute + (label(of: ghost).utf16.count * 6 + 8) * 60 / pixelsPerHour)
    }

    /// The "optimal plan" lane, below the tables and the not-seated lane: where an optimal plan
    /// seats each booking the run did not, as a dashed blue bar over its window, labelled in full
    /// (the label ends at the timeline's right edge when it would run past it). Its own lane: drawn
    /// in the table rows, the plan's bookings read as double bookings of the run's.
    private func optimalPlan(top: Int, width: Int, lanes: [Int]) -> String {
        var svg = laneHeading("OPTIMAL PLAN (\(ghosts.count))", colour: "#1d4ed8", top: top, width: width)
        for (ghost, lane) in zip(ghosts, lanes) {
            let row = top + (lane + 1) * Self.rowHeight
            let left = x(ghost.startMinute)
            let length = max(4, x(ghost.endMinute) - left)
            let label = Self.label(of: ghost)
            let tip =
                "\(ghost.booking): an optimal plan seats it on \(ghost.tables.joined(separator: "+")), \(ClockText.minutes(ghost.startMinute))-\(ClockText.minutes(ghost.endMinute)); the run did not"
            let fits = left + 4 + label.utf16.count * 6 <= width - 4
            svg +=
                "<g class=\"ghost\"><title>\(HTML.escape(tip))</title><rect x=\"\(left)\" y=\"\(row + 3)\" width=\"\(length)\" height=\"\(Self.rowHeight - 7)\" rx=\"3\" fill=\"#dbe7fd\" stroke=\"#2563eb\" stroke-width=\"1.2\" stroke-dasharray=\"4 2\"/>"
            svg +=
                "<text x=\"\(fits ? left + 4 : width - 4)\" y=\"\(row + 15)\" font-size=\"10.5\" fill=\"#1d4ed8\"\(fits ? "" : " text-anchor=\"end\"")>\(HTML.escape(label))</text></g>"
        }
        return svg
    }

    /// Conflict marks just before the window they wanted (beside the bar's label, not over it),
    /// each a link to its line in the restaurant's conflict list.
    private func conflicts(rowOfTable: [String: Int]) -> String {
        var svg = ""
        for (number, conflict) in restaurant.conflicts.enumerated() {
            let tip =
                "\(conflict.kind.replacingOccurrences(of: "_", with: " ")) for \(conflict.booking) \(ClockText.minutes(conflict.startMinute))-\(ClockText.minutes(conflict.endMinute)) "
                + "on \(conflict.tables.joined(separator: "+")) (in the way: \(conflict.with.isEmpty ? "expired hold" : conflict.with.joined(separator: ", ")); run clock \(ClockText.seconds(conflict.at)))"
            for table in conflict.tables {
                guard let top = rowOfTable[table] else { continue }
                // A small mark on the row's top edge, above the bars' text (the tables were taken
                // then, so another booking's bar is usually right there).
                let center = x(conflict.startMinute)
                let middle = top + 3
                svg +=
                    "<a href=\"#\(HTML.conflictAnchor(restaurant.slug, number))\" class=\"conflict\"><title>\(HTML.escape(tip))</title><circle cx=\"\(center)\" cy=\"\(middle)\" r=\"4.5\" fill=\"\(HTML.colours.conflict)\" stroke=\"#fff\" stroke-width=\"1\"/><path d=\"M\(center - 2) \(middle - 2)L\(center + 2) \(middle + 2)M\(center + 2) \(middle - 2)L\(center - 2) \(middle + 2)\" stroke=\"#fff\" stroke-width=\"1.3\"/></a>"
            }
        }
        return svg
    }

    /// A lane's title row below the tables, with its rule.
    private func laneHeading(_ title: String, colour: String, top: Int, width: Int) -> String {
        "<text x=\"4\" y=\"\(top + 15)\" font-size=\"11\" font-weight=\"600\" fill=\"\(colour)\">\(title)</text>"
            + "<line x1=\"0\" x2=\"\(width)\" y1=\"\(top + Self.rowHeight - 1)\" y2=\"\(top + Self.rowHeight - 1)\" stroke=\"#d0d4da\"/>"
    }

    /// The "not seated" lane: a dashed red bar per failed or refused booking over the window it
    /// asked for, labelled with the booking, party and reason, linked to its failure line.
    private func notSeated(top: Int, width: Int, lanes: [Int]) -> String {
        var svg = laneHeading("NOT SEATED (\(failures.count))", colour: HTML.colours.conflict, top: top, width: width)
        for (failure, lane) in zip(failures, lanes) {
            let row = top + (lane + 1) * Self.rowHeight
            let left = x(failure.startMinute)
            let length = max(4, x(failure.endMinute) - left)
            let tip =
                "\(failure.booking): party \(failure.partySize) asked \(ClockText.minutes(failure.startMinute))-\(ClockText.minutes(failure.endMinute)), \(failure.status): \(failure.reason)"
                + (failure.note.map { " (\($0))" } ?? "") + (failure.blockedByText.map { "; blocked by \($0)" } ?? "")
                + (failure.ruledOutText.map { "; free but ruled out: \($0)" } ?? "")
            svg +=
                "<a href=\"#\(HTML.bookingAnchor(failure.booking, in: state))\" class=\"failure\"><title>\(HTML.escape(tip))</title>"
            svg +=
                "<rect x=\"\(left)\" y=\"\(row + 3)\" width=\"\(length)\" height=\"\(Self.rowHeight - 7)\" rx=\"3\" fill=\"#fde7ef\" stroke=\"\(HTML.colours.conflict)\" stroke-width=\"1.2\" stroke-dasharray=\"4 2\"/>"
            svg +=
                "<text x=\"\(left + 4)\" y=\"\(row + 15)\" font-size=\"10.5\" fill=\"#9f1239\">\(HTML.escape(Self.cut(failure.booking, room: max(3, (max(length, Self.pixelsPerHour * 50 / 60) - 8) / 6 - String(failure.partySize).count - 1))))·\(failure.partySize)</text></a>"
        }
        return svg
    }

    /// Run A's places of the bookings run B lost (red, dashed) or moved (grey, dashed), labelled.
    private func diffGhosts(rowOfTable: [String: Int]) -> String {
        var svg = ""
        for ghost in overlay {
            let colour = ghost.lost ? HTML.colours.conflict : HTML.colours.muted
            let tip =
                "\(ghost.booking): run A seated it here on \(ghost.tables.joined(separator: "+")), \(ClockText.minutes(ghost.startMinute))-\(ClockText.minutes(ghost.endMinute)); "
                + (ghost.lost ? "run B did not seat it (lost)" : "run B seated it elsewhere (moved)")
            for table in ghost.tables {
                guard let top = rowOfTable[table] else { continue }
                // A strip in the lower part of the row, labelled past its end: B's own bars (often a
                // gained booking in the same place) stay readable above it.
                let left = x(ghost.startMinute)
                let length = max(4, x(ghost.endMinute) - left)
                svg +=
                    "<g class=\"\(ghost.lost ? "lost" : "moved")\"><title>\(HTML.escape(tip))</title><rect x=\"\(left)\" y=\"\(top + Self.rowHeight - 8)\" width=\"\(length)\" height=\"6\" rx=\"2\" fill=\"\(colour)\" fill-opacity=\"0.35\" stroke=\"\(colour)\" stroke-width=\"1\" stroke-dasharray=\"3 2\"/>"
                svg +=
                    "<text x=\"\(left + length + 3)\" y=\"\(top + Self.rowHeight - 2)\" font-size=\"9\" fill=\"\(colour)\">\(ghost.lost ? "−" : "↦")\(HTML.escape(ghost.booking))</text></g>"
            }
        }
        return svg
    }

    /// An id cut with "…" to `room` characters (the whole id is in the hover).
    static func cut(_ id: String, room: Int) -> String {
        id.count <= room ? id : String(id.prefix(max(1, room - 1))) + "…"
    }
}
