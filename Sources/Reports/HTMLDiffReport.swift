import Allocation
import Projections
import Replayer

/// The diff overlay (`replay diff --html`): the verdict (coloured by what it means for B), metric
/// deltas and changed bookings (outcomes first, attempt counts apart), then per changed
/// restaurant (the 60 most changed) one timeline: run B's floor with what it gained outlined green, what it moved outlined yellow,
/// and where run A had seated what B lost (red) or moved (grey) drawn over it.
public enum HTMLDiffReport {
    public static func render(_ diff: CaptureDiff) -> String {
        let title = "replay diff · \(diff.pathA) vs \(diff.pathB)"
        var body = "<header><h1>replay diff</h1>"
        body +=
            "<p class=\"sub\">A \(HTML.escape(diff.pathA)) (\(diff.eventsA) events) · B \(HTML.escape(diff.pathB)) (\(diff.eventsB) events)</p>"
        let a = diff.stateA.overall
        let b = diff.stateB.overall
        if !diff.isJudgeable { body += "<p class=\"banner\">\(HTML.escape(DiffReport.verdict(diff)))</p>" }
        body += "<div class=\"cards\">"
        body += HTML.card(
            diff.identical ? "identical" : diff.onlyInputsDiffer ? "same allocation" : "different",
            diff.onlyInputsDiffer
                ? "only the inputs differ (" + diff.inputChanges.map(\.key).joined(separator: ", ") + ")"
                : diff.divergence.map { "first divergence at event \($0.seq)" } ?? "same events")
        if diff.isJudgeable {
            // Coloured by what it means for B, the run under review: better is green, worse red.
            let mixed = diff.better == nil && !diff.worseReasons.isEmpty
            let verdict = diff.better.map { $0 == "B" ? "B did better" : "B did worse" } ?? (mixed ? "mixed" : "a tie")
            body += HTML.card(
                verdict, "by seated bookings and coverage (as --fail-on worse), then conflicts",
                tone: diff.better == "B" ? "good" : diff.better == "A" || mixed ? "bad" : "")
            body += HTML.card(
                "\(HTML.percent(a.confirmed, of: a.tried)) → \(HTML.percent(b.confirmed, of: b.tried))", "success A → B"
            )
        }
        body += HTML.card("\(a.conflicts) → \(b.conflicts)", "conflicts A → B")
        body += HTML.card(String(diff.bookingChanges.count), "bookings changed (\(diff.unchangedBookings) unchanged)")
        body += "</div>"
        if let first = DiffReport.firstOutcomeText(diff) { body += "<p class=\"sub\">\(HTML.escape(first))</p>" }
        body += "</header><main>"
        body += inputs(diff)
        body += metrics(diff)
        var slugs = diff.stateA.restaurants.map(\.slug)
        for slug in diff.stateB.restaurants.map(\.slug) where diff.stateA.restaurant(slug) == nil { slugs.append(slug) }
        // Look-ups only; the page follows the restaurants' order.
        var outlined: [String: String] = [:]
        var changesByRestaurant: [String: [CaptureDiff.BookingChange]] = [:]
        for change in diff.bookingChanges + diff.onlyInA + diff.onlyInB {
            changesByRestaurant[change.restaurant, default: []].append(change)
            switch change.kind {
            case .gained: outlined[change.booking] = gainedColour
            case .moved: outlined[change.booking] = HTML.colours.changed
            default: break
            }
        }
        // Restaurants with the most changed outcomes first; unchanged ones after, in run order.
        let outcomeChanges = { (slug: String) in
            (changesByRestaurant[slug] ?? []).filter { $0.kind != .attemptsOnly }.count
        }
        let ordered = slugs.enumerated().sorted {
            (outcomeChanges($0.element), -$0.offset) > (outcomeChanges($1.element), -$1.offset)
        }.map(\.element)
        // Like a code review, only what changed is drawn: unchanged restaurants are named in one
        // line, and a large diff draws its most changed restaurants, the rest as a list.
        let changed = ordered.filter {
            changesByRestaurant[$0] != nil || diff.stateA.restaurant($0) == nil || diff.stateB.restaurant($0) == nil
        }
        let changedSet = Set(changed)  // membership only
        let unchanged = ordered.filter { !changedSet.contains($0) }
        let drawn = changed.prefix(Self.drawnRestaurants)
        body += bookings(diff, drawn: Set(drawn))
        for slug in drawn {
            let changes = changesByRestaurant[slug] ?? []
            let count = { (kind: CaptureDiff.BookingChange.Kind) in changes.filter { $0.kind == kind }.count }
            body +=
                "<section class=\"restaurant\" id=\"\(HTML.anchor(slug))\"><div class=\"head\"><h2>\(HTML.escape(slug))</h2>"
            body +=
                "<span class=\"facts\">\(count(.gained)) gained · \(count(.lost)) lost · \(count(.moved)) moved · \(count(.otherOutcome)) other outcome · \(count(.attemptsOnly)) attempts only</span></div>"
            // One timeline: run B's floor, with where run A seated what B lost or moved drawn over it.
            let ghosts: [FloorTimeline.DiffGhost] = changes.filter { $0.kind == .lost || $0.kind == .moved }.compactMap
            { change in
                guard let booking = diff.stateA.booking(change.booking), let id = booking.assignment,
                    let assignment = diff.stateA.assignments[id]
                else { return nil }
                return FloorTimeline.DiffGhost(
                    booking: change.booking, lost: change.kind == .lost, tables: assignment.tables,
                    startMinute: assignment.startMinute,
                    endMinute: booking.resolvedWindow?.seatingEndMinute ?? assignment.endMinute)
            }
            if let restaurant = diff.stateB.restaurant(slug) {
                body +=
                    "<div class=\"timeline\">\(FloorTimeline(restaurant: restaurant, state: diff.stateB, outlined: outlined, overlay: ghosts).render())</div>"
            } else if let restaurant = diff.stateA.restaurant(slug) {
                body +=
                    "<p>Not in run B; run A's floor:</p><div class=\"timeline\">\(FloorTimeline(restaurant: restaurant, state: diff.stateA).render())</div>"
            }
            body += legend
            body += "</section>"
        }
        if changed.count > drawn.count {
            body +=
                "<section class=\"restaurant\" id=\"more-changed\"><h3>\(changed.count - drawn.count) more changed restaurants (not drawn; replay diff --json lists their bookings)</h3><p>"
                + changed.dropFirst(drawn.count).map { slug in
                    "\(HTML.escape(slug)) (\(Counted.text((changesByRestaurant[slug] ?? []).filter { $0.kind != .attemptsOnly }.count, "outcome")))"
                }.joined(separator: " · ") + "</p></section>"
        }
        if !unchanged.isEmpty {
            body +=
                "<section class=\"restaurant\"><h3>\(Counted.text(unchanged.count, "restaurant")) without a changed booking</h3><p class=\"sub\">"
                + unchanged.map(HTML.escape).joined(separator: " · ") + "</p></section>"
        }
        body += "</main>"
        return HTML.page(title: title, body: body)
    }

    /// Changed restaurants drawn as timelines, the most changed first.
    static let drawnRestaurants = 60

    static let gainedColour = "#84cc16"

    static let legend =
        "<div class=\"legend\"><span><i style=\"background:#2f9e63\"></i>run B's assignment</span>"
        + "<span><i style=\"background:#2f9e63;border:2px solid #84cc16\"></i>gained in B</span>"
        + "<span><i style=\"background:#fde7ef;border:2px dashed #d6336c\"></i>lost in B (where A seated it)</span>"
        + "<span><i style=\"background:#2f9e63;border:2px solid #f5c518\"></i>moved in B</span>"
        + "<span><i style=\"background:#fff;border:2px dashed #6b7280\"></i>where A seated a moved booking</span></div>"

    static func inputs(_ diff: CaptureDiff) -> String {
        var out = "<section class=\"restaurant\"><h3>Inputs that differ</h3>"
        guard !diff.inputChanges.isEmpty else { return out + "<p>Same options and scenario.</p></section>" }
        out += "<table class=\"grid\"><tr><th>section</th><th>key</th><th>A</th><th>B</th></tr>"
        for change in diff.inputChanges.prefix(200) {
            out +=
                "<tr><td>\(HTML.escape(change.section))</td><td>\(HTML.escape(change.key))</td><td>\(HTML.escape(change.a ?? "(absent)"))</td><td>\(HTML.escape(change.b ?? "(absent)"))</td></tr>"
        }
        out += "</table>"
        if diff.inputChanges.count > 200 {
            out += "<p>… and \(diff.inputChanges.count - 200) more (see replay diff --json).</p>"
        }
        return out + "</section>"
    }

    static func metrics(_ diff: CaptureDiff) -> String {
        let header =
            "<table class=\"grid\"><tr><th>scope</th><th>metric</th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">delta</th></tr>"
        var out = "<section class=\"restaurant\"><h3>Metrics (delta = B − A)</h3>" + header
        let rows = DiffReport.metricRows(diff, summary: false)
        let overall = rows.prefix { $0.scope == "all" }.count
        for (number, metric) in rows.enumerated() {
            // Past the whole run's rows, a long per-restaurant list is folded.
            if number == overall && rows.count - overall > Self.restaurantMetricsShown {
                out += "</table><details><summary>\(rows.count - overall) per-restaurant rows</summary>" + header
            }
            let delta = DiffReport.delta(metric, style: .init(colour: false))
            let tone =
                (metric.delta ?? 0) == 0 ? "" : ((metric.delta ?? 0) > 0) == metric.higherIsBetter ? "pos" : "neg"
            out +=
                "<tr><td>\(HTML.escape(metric.scope))</td><td>\(HTML.escape(metric.name))</td><td class=\"n\">\(DiffReport.value(metric.a, ratio: metric.isRatio))</td><td class=\"n\">\(DiffReport.value(metric.b, ratio: metric.isRatio))</td><td class=\"n \(tone)\">\(HTML.escape(delta))</td></tr>"
        }
        return out + "</table>" + (rows.count - overall > Self.restaurantMetricsShown ? "</details>" : "")
            + "</section>"
    }

    /// Per-restaurant metric rows shown open; more are folded.
    static let restaurantMetricsShown = 30

    /// Changed bookings by kind, outcome changes first; attempt-count changes apart and folded,
    /// so a run that only quoted more does not read as one that seated differently.
    /// `drawn`: restaurants with a timeline on the page (membership only); a booking of another
    /// links to the list of changed restaurants not drawn.
    static func bookings(_ diff: CaptureDiff, drawn: Set<String>) -> String {
        var out =
            "<section class=\"restaurant\"><h3>Bookings: \(diff.bookingChanges.count) changed, \(diff.unchangedBookings) unchanged, \(diff.onlyInA.count) only in A, \(diff.onlyInB.count) only in B</h3>"
        let rows = diff.bookingChanges + diff.onlyInA + diff.onlyInB
        guard !rows.isEmpty else { return out + "</section>" }
        let outcomes = rows.filter { $0.kind != .attemptsOnly }
        let attempts = rows.filter { $0.kind == .attemptsOnly }
        func table(_ changes: [CaptureDiff.BookingChange]) -> String {
            var out =
                "<table class=\"grid\"><tr><th>change</th><th>booking</th><th>restaurant</th><th>start</th><th>A</th><th>B</th></tr>"
            for change in changes.prefix(500) {
                let tone = change.kind == .gained ? "pos" : change.kind == .lost ? "neg" : ""
                out +=
                    "<tr><td class=\"\(tone)\">\(change.kind.rawValue)</td><td><a href=\"#\(drawn.contains(change.restaurant) ? HTML.anchor(change.restaurant) : "more-changed")\">\(HTML.escape(change.booking))</a></td><td>\(HTML.escape(change.restaurant))</td><td>\(ClockText.minutes(change.startMinute))</td><td>\(HTML.escape(change.a?.text ?? "-"))</td><td>\(HTML.escape(change.b?.text ?? "-"))</td></tr>"
            }
            return out + "</table>"
                + (changes.count > 500 ? "<p>… and \(changes.count - 500) more (see replay diff --json).</p>" : "")
        }
        let order = CaptureDiff.BookingChange.Kind.allCases
        out +=
            outcomes.isEmpty
            ? "<p>No booking changed its outcome.</p>"
            : table(order.flatMap { kind in outcomes.filter { $0.kind == kind } })
        if !attempts.isEmpty {
            out +=
                "<details><summary>\(attempts.count) with the same outcome after another number of quotes</summary>\(table(attempts))</details>"
        }
        return out + "</section>"
    }
}
