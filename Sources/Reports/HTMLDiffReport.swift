import Allocation
import Projections
import Replayer

/// The diff overlay (`replay diff --html`): the verdict, metric deltas and changed bookings, then
/// per restaurant both runs' floor timelines one above the other, changed bookings outlined.
public enum HTMLDiffReport {
    public static func render(_ diff: CaptureDiff) -> String {
        let title = "replay diff · \(diff.pathA) vs \(diff.pathB)"
        var body = "<header><h1>replay diff</h1>"
        body += "<p class=\"sub\">A \(HTML.escape(diff.pathA)) (\(diff.eventsA) events) · B \(HTML.escape(diff.pathB)) (\(diff.eventsB) events)</p>"
        let a = diff.stateA.overall, b = diff.stateB.overall
        if !diff.isJudgeable { body += "<p class=\"banner\">\(HTML.escape(DiffReport.verdict(diff)))</p>" }
        body += "<div class=\"cards\">"
        body += HTML.card(diff.identical ? "identical" : "different", diff.divergence.map { "first divergence at event \($0.seq)" } ?? "same events")
        if diff.isJudgeable {
            body += HTML.card(diff.better.map { "\($0) did better" } ?? "a tie", "by success rate, then conflicts", tone: diff.better == nil ? "" : "good")
            body += HTML.card("\(HTML.percent(a.confirmed, of: a.tried)) → \(HTML.percent(b.confirmed, of: b.tried))", "success A → B")
        }
        body += HTML.card("\(a.conflicts) → \(b.conflicts)", "conflicts A → B")
        body += HTML.card(String(diff.bookingChanges.count), "bookings changed (\(diff.unchangedBookings) unchanged)")
        body += "</div></header><main>"
        body += inputs(diff)
        body += metrics(diff)
        body += bookings(diff)
        var slugs = diff.stateA.restaurants.map(\.slug)
        for slug in diff.stateB.restaurants.map(\.slug) where diff.stateA.restaurant(slug) == nil { slugs.append(slug) }
        // Look-ups only; the page follows the restaurants' order.
        var changed: Set<String> = []
        var movedByRestaurant: [String: Int] = [:]
        for change in diff.bookingChanges + diff.onlyInA + diff.onlyInB {
            changed.insert(change.booking)
            movedByRestaurant[change.restaurant, default: 0] += 1
        }
        for slug in slugs {
            let moved = movedByRestaurant[slug] ?? 0
            body += "<section class=\"restaurant\" id=\"\(HTML.anchor(slug))\"><div class=\"head\"><h2>\(HTML.escape(slug))</h2><span class=\"facts\">\(moved) bookings changed</span></div>"
            for (label, state) in [("A", diff.stateA), ("B", diff.stateB)] {
                body += "<h3>\(label)</h3>"
                if let restaurant = state.restaurant(slug) {
                    body += "<div class=\"timeline\">\(FloorTimeline(restaurant: restaurant, state: state, highlighted: changed).render())</div>"
                } else {
                    body += "<p>Not in run \(label).</p>"
                }
            }
            body += HTML.legend.replacingOccurrences(of: "</div>", with: "<span><i style=\"background:#2f9e63;border:2px solid #f5c518\"></i>changed booking</span></div>")
            body += "</section>"
        }
        body += "</main>"
        return HTML.page(title: title, body: body)
    }

    static func inputs(_ diff: CaptureDiff) -> String {
        var out = "<section class=\"restaurant\"><h3>Inputs that differ</h3>"
        guard !diff.inputChanges.isEmpty else { return out + "<p>Same options and scenario.</p></section>" }
        out += "<table class=\"grid\"><tr><th>section</th><th>key</th><th>A</th><th>B</th></tr>"
        for change in diff.inputChanges.prefix(200) {
            out += "<tr><td>\(HTML.escape(change.section))</td><td>\(HTML.escape(change.key))</td><td>\(HTML.escape(change.a ?? "(absent)"))</td><td>\(HTML.escape(change.b ?? "(absent)"))</td></tr>"
        }
        out += "</table>"
        if diff.inputChanges.count > 200 { out += "<p>… and \(diff.inputChanges.count - 200) more (see replay diff --json).</p>" }
        return out + "</section>"
    }

    static func metrics(_ diff: CaptureDiff) -> String {
        var out = "<section class=\"restaurant\"><h3>Metrics (delta = B − A)</h3><table class=\"grid\"><tr><th>scope</th><th>metric</th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">delta</th></tr>"
        for metric in DiffReport.metricRows(diff, summary: false) {
            let delta = DiffReport.delta(metric, style: .init(colour: false))
            let tone = (metric.delta ?? 0) == 0 ? "" : ((metric.delta ?? 0) > 0) == metric.higherIsBetter ? "pos" : "neg"
            out += "<tr><td>\(HTML.escape(metric.scope))</td><td>\(HTML.escape(metric.name))</td><td class=\"n\">\(DiffReport.value(metric.a, ratio: metric.isRatio))</td><td class=\"n\">\(DiffReport.value(metric.b, ratio: metric.isRatio))</td><td class=\"n \(tone)\">\(HTML.escape(delta))</td></tr>"
        }
        return out + "</table></section>"
    }

    static func bookings(_ diff: CaptureDiff) -> String {
        var out = "<section class=\"restaurant\"><h3>Bookings: \(diff.bookingChanges.count) changed, \(diff.unchangedBookings) unchanged, \(diff.onlyInA.count) only in A, \(diff.onlyInB.count) only in B</h3>"
        let rows = diff.bookingChanges + diff.onlyInA + diff.onlyInB
        guard !rows.isEmpty else { return out + "</section>" }
        out += "<table class=\"grid\"><tr><th>booking</th><th>restaurant</th><th>start</th><th>A</th><th>B</th></tr>"
        for change in rows.prefix(500) {
            out += "<tr><td><a href=\"#\(HTML.anchor(change.restaurant))\">\(HTML.escape(change.booking))</a></td><td>\(HTML.escape(change.restaurant))</td><td>\(ClockText.minutes(change.startMinute))</td><td>\(HTML.escape(change.a?.text ?? "-"))</td><td>\(HTML.escape(change.b?.text ?? "-"))</td></tr>"
        }
        return out + "</table></section>"
    }
}
