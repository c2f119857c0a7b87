import EventLog
import Allocation
import Projections

/// `reports/<stem>.html`: one self-contained page to look at a run. Header with the run's
/// identity and headline figures; an index of restaurants; per restaurant its floor timeline with
/// the failed bookings beside it; charts of failure reasons and coverage.
public enum HTMLReport {
    public static func render(_ context: ReportContext) -> String {
        let state = context.state
        let options = state.options
        let total = state.overall
        let title =
            "replay · \(options?.scenario ?? "?") · \(options?.mode ?? "?") · seed \(options?.seed ?? 0) · \(context.engineText)"
        var body = "<header><h1>\(HTML.escape(title))</h1>"
        body +=
            "<p class=\"sub\">\(HTML.escape(context.capturePath)) · \(HTML.escape(context.status)) · \(context.eventCount) events · head \(HTML.escape(String(context.headHash.prefix(16)))) · service date \(HTML.escape(options?.date ?? "?")) · recorded \(HTML.escape(context.recordedAt)) with replay \(HTML.escape(context.toolVersion))</p>"
        if let banner = context.unfinishedBanner { body += "<p class=\"banner\">\(HTML.escape(banner))</p>" }
        body += "<div class=\"cards\">"
        if context.condition.isComplete {
            body += HTML.card(
                HTML.percent(total.confirmed, of: total.tried), "success (\(total.confirmed) of \(total.tried))",
                tone: total.confirmed == total.tried ? "good" : "")
        } else {
            body += HTML.card("\(total.confirmed) so far", "confirmed (unfinished run)", tone: "bad")
        }
        body += HTML.card(String(total.failed), "failed", tone: total.failed > 0 ? "bad" : "")
        if total.refused > 0 { body += HTML.card(String(total.refused), "refused at creation", tone: "bad") }
        body += HTML.card(
            String(total.conflicts), "conflicts (\(total.holdConflicts) hold, \(total.confirmConflicts) confirm)",
            tone: total.conflicts > 0 ? "bad" : "")
        body += HTML.card("\(total.tablesUsed.count) / \(total.tables)", "tables used")
        if total.coverageMeasured > 0 {
            // Green only when nothing was missed or unsound: 99% coverage is still a finding.
            body += HTML.card(
                HTML.percent(total.quotedFeasibleSets, of: total.feasibleSets),
                "coverage, union at first quotes (\(total.phantomUnavailable.count) phantom, \(total.unsoundOffers.count) unsound)",
                tone: total.phantomUnavailable.isEmpty && total.unsoundOffers.isEmpty && total.missedSets == 0
                    ? "good" : "bad")
        }
        if !total.strategyCoverage.isEmpty {
            let every = total.everyAnswer
            body += HTML.card(
                HTML.percent(every.quotedFeasible, of: every.feasible),
                "coverage, every answer by its strategy (\(every.answers) answers, \(every.missed) sets missed)",
                tone: every.missed == 0 ? "good" : "bad")
        }
        if total.coverageLimited > 0 || total.searchLimitedQuotes > 0 {
            body += HTML.card(
                String(total.coverageLimited),
                "bookings with coverage unknown: limit reached"
                    + (total.searchLimitedQuotes > 0
                        ? " (\(total.searchLimitedQuotes) quotes cut by the search budget)" : ""),
                tone: "bad")
        }
        if total.unsoundInQuotes > 0 || total.engineErrors > 0 {
            body += HTML.card(
                String(total.unsoundInQuotes),
                "unsound offers in the run's quotes (never held; \(total.engineErrors) error answers)", tone: "bad")
        }
        if let optimum = context.optimum {
            let gap =
                context.condition.isComplete
                ? " · gap " + OptimumFigures.gapText(seated: total.confirmed, optimum: optimum.optimum) : ""
            body += HTML.card(
                String(optimum.optimum),
                "best possible day\(gap) (\(optimum.proven ? "proven" : "not all proven"); ghosted on the timelines)",
                tone: optimum.optimum > total.confirmed ? "bad" : "good")
        }
        if let reserve = ReserveFigures(context.state) {
            body += HTML.card(
                "\(reserve.confirmed) of \(reserve.clones)",
                "clones confirmed (\(reserve.refused) refused, \(reserve.failed) failed)",
                tone: reserve.confirmed < reserve.clones ? "bad" : "good")
            if reserve.realFloor {
                body += HTML.card(
                    "\(reserve.prefillSeated) of \(reserve.prefilled)",
                    "bookings seated on their real tables first"
                        + (reserve.offFloor > 0 ? " (\(reserve.offFloor) without tables: off the floor)" : ""))
            } else if reserve.prefilled > 0 {
                body += HTML.card(
                    "\(reserve.prefillSeated) of \(reserve.prefilled)", "day's bookings seated first (prefill)")
            }
        }
        if total.hasChanges {
            body += HTML.card(
                "\(total.editsKept) · \(total.editsMoved) · \(total.editsFailed)",
                "edits kept in place · moved · failed (of \(total.editsRequested))",
                tone: total.editsFailed > 0 ? "bad" : "good")
            body += HTML.card(
                "\(total.cancellationsReused) of \(total.cancellationsFreeing)",
                "cancellations whose freed tables were seated again (\(total.cancellations) cancellations)")
            if total.editQuotesJudged > 0 {
                body += HTML.card(
                    String(total.keepMissed),
                    "edit quotes offering no set that keeps the current tables while one was feasible",
                    tone: total.keepMissed > 0 ? "bad" : "good")
            }
        }
        body += HTML.card(String(total.quotes), "quotes")
        if let elapsed = context.elapsedMilliseconds { body += HTML.card("\(elapsed) ms", "recording (wall clock)") }
        body += "</div>"
        body += "<details><summary>Options</summary><table class=\"grid\">"
        for (name, value) in MarkdownReport.optionRows(options) {
            body += "<tr><td>\(HTML.escape(name))</td><td>\(HTML.escape(value))</td></tr>"
        }
        body += "</table></details></header><main>"
        let final = context.condition.isComplete
        let ordered = worstFirst(state, final: final)
        let large = context.floors == .script || (context.floors == .auto && drawnByScript(state))
        body += index(ordered, final: final, shown: large ? Self.indexShown : ordered.count)
        body += charts(context, ordered: ordered)
        body += strategyTable(total)
        let timelines = ordered.map { timeline(of: $0, context: context) }
        if large {
            body +=
                "<p class=\"sub\">Each restaurant's floor timeline and lists are drawn when its section is opened.</p>"
            for (position, timeline) in timelines.enumerated() {
                body += foldedSection(timeline, at: position, final: final)
            }
            body +=
                "<script type=\"application/json\" id=\"floor-data\">" + FloorData.render(timelines, final: final)
                + "</script>"
            body += FloorScript.script(legend: HTML.legend)
        } else {
            for timeline in timelines { body += section(timeline, final: final) }
        }
        body += "</main>"
        return HTML.page(title: title, body: body)
    }

    /// Whether the day is large enough that timelines are drawn by the page's script from
    /// embedded data, section by section as they are opened (`FloorData`, `FloorScript`),
    /// rather than written out as SVG: more than 40 restaurants or 2,000 bookings. Below that
    /// the page is complete without script (the 40-restaurant, 4,000-booking day was 983 KB).
    static func drawnByScript(_ state: RunState) -> Bool {
        state.restaurants.count > 40 || state.bookings.count > 2_000
    }

    /// Links listed in a large day's index (the worst first); the search box finds the rest.
    static let indexShown = 24
    /// Restaurants in the success chart (and the coverage line) of a day with more: the worst
    /// first, or for a capture that is not a result the first in scenario order.
    static let chartShown = 20

    /// The restaurants worst first (lowest success, then most failures, then name) so a large
    /// day opens on what needs looking at; a capture that is not a result keeps scenario order.
    static func worstFirst(_ state: RunState, final: Bool) -> [RestaurantState] {
        guard final else { return state.restaurants }
        return state.restaurants.sorted { a, b in
            let rateA = Ratio.basisPoints(a.metrics.confirmed, of: a.metrics.tried) ?? 10_001
            let rateB = Ratio.basisPoints(b.metrics.confirmed, of: b.metrics.tried) ?? 10_001
            if rateA != rateB { return rateA < rateB }
            let failedA = a.metrics.failed + a.metrics.refused
            let failedB = b.metrics.failed + b.metrics.refused
            if failedA != failedB { return failedA > failedB }
            return NaturalOrder.precedes(a.slug, b.slug)
        }
    }

    /// The search box's script: shows the restaurants whose name holds the text typed (their
    /// sections, index links, chart rows and coverage figures: class `filtered` hides the rest,
    /// whatever their own display) and says how many sections match when the index is capped; a
    /// link ending in `#find=TEXT` opens the page filtered. When it has run it marks the body
    /// `data-script="ran"` (what the browser test looks for). The page reads whole without it.
    /// No less-than sign or ampersand in it, so the page stays well-formed XML.
    static let findScript =
        "document.addEventListener('DOMContentLoaded', function () {"
        + " var field = document.getElementById('find'), count = document.getElementById('find-count'), note = count ? count.textContent : '';"
        + " function apply(text) { text = text.trim().toLowerCase(); var matched = 0;"
        + " document.querySelectorAll('[data-restaurant]').forEach(function (element) {"
        + " var match = element.getAttribute('data-restaurant').toLowerCase().includes(text);"
        + " element.classList.toggle('filtered', !match);"
        + " if (match) { if (element.tagName === 'SECTION') { matched += 1; } } });"
        + " if (count) { count.textContent = text ? matched + (matched === 1 ? ' restaurant matches' : ' restaurants match') + ': their sections are below' : note; } }"
        + " field.addEventListener('input', function () { apply(field.value); });"
        + " var hash = ''; try { hash = decodeURIComponent(location.hash); } catch (malformed) { hash = ''; }"
        + " if (hash.indexOf('#find=') === 0) { field.value = hash.slice(6); apply(field.value); }"
        + " document.body.setAttribute('data-script', 'ran'); });"

    /// `final`: false for a capture that is not a result, whose figures are shown as counts so far, never as rates.
    /// `shown`: how many links to list; a note says how many more the search box finds.
    static func index(_ restaurants: [RestaurantState], final: Bool, shown: Int) -> String {
        var out = "<h3>Restaurants\(final ? ", worst first" : "")</h3>"
        if restaurants.count > 1 {
            out +=
                "<p><input type=\"search\" id=\"find\" placeholder=\"find a restaurant\" aria-label=\"find a restaurant\"/></p><script>\(findScript)</script>"
        }
        out += "<nav class=\"index\">"
        for restaurant in restaurants.prefix(shown) {
            let m = restaurant.metrics
            let figure = final ? HTML.percent(m.confirmed, of: m.tried) : "\(m.confirmed) so far"
            out +=
                "<a data-restaurant=\"\(HTML.escape(restaurant.slug))\" href=\"#\(HTML.anchor(restaurant.slug))\">\(HTML.escape(restaurant.slug))<i>\(figure)</i></a>"
        }
        if restaurants.count > shown {
            out +=
                "<span class=\"sub\" id=\"find-count\">and \(restaurants.count - shown) more below: type a name to find one</span>"
        }
        return out + "</nav>"
    }

    /// `ordered`: the restaurants in the page's order (worst first for a result); a day of more
    /// than `chartShown` charts the first of them.
    static func charts(_ context: ReportContext, ordered: [RestaurantState]) -> String {
        let total = context.state.overall
        var out = "<section class=\"restaurant\"><div class=\"layout\"><div style=\"flex:1\"><h3>Failure reasons</h3>"
        let unsuccessful = total.failed + total.refused
        if context.reasons.isEmpty {
            out +=
                context.condition.isComplete
                ? "<p>None: every booking was confirmed.</p>" : "<p>None before the capture stopped.</p>"
        } else {
            out += HTML.bars(
                context.reasons.map {
                    ($0.reason, $0.count, unsuccessful, "\($0.count) · \(HTML.percent($0.count, of: unsuccessful))")
                }, good: false)
        }
        // A day of more than `chartShown` charts the first in the page's order; a smaller one all, in scenario order.
        let charted =
            ordered.count > Self.chartShown ? Array(ordered.prefix(Self.chartShown)) : context.state.restaurants
        let of =
            charted.count < ordered.count
            ? ", the \(charted.count) \(context.condition.isComplete ? "worst" : "first") of \(ordered.count)" : ""
        if context.condition.isComplete {
            out += "</div><div style=\"flex:1\"><h3>Success and coverage by restaurant\(of)</h3>"
            out += HTML.bars(
                charted.map { r in
                    (
                        r.slug, r.metrics.confirmed, r.metrics.tried,
                        HTML.percent(r.metrics.confirmed, of: r.metrics.tried)
                    )
                }, good: true, restaurants: true)
        } else {
            out += "</div><div style=\"flex:1\"><h3>Coverage by restaurant\(of)</h3>"
        }
        if total.coverageMeasured > 0 {
            out +=
                "<p class=\"sub coverage\" style=\"margin-top:8px\">Coverage (quoted-and-feasible / feasible table sets at each first quote): "
            out += charted.map { restaurant in
                "<span data-restaurant=\"\(HTML.escape(restaurant.slug))\">\(HTML.escape(restaurant.slug)) \(HTML.percent(restaurant.metrics.quotedFeasibleSets, of: restaurant.metrics.feasibleSets))</span>"
            }.joined(separator: " ")
            out += "</p>"
        }
        return out + "</div></div></section>"
    }

    /// The oracle's figures per strategy (format 5 captures): every answer judged under each.
    static func strategyTable(_ total: RestaurantMetrics) -> String {
        guard !total.strategyCoverage.isEmpty else { return "" }
        var out =
            "<section class=\"restaurant\"><h3>Coverage by strategy</h3><p class=\"sub\">Every answer the oracle judged, each against the "
            + "feasible sets of its own strategy at its moment: every strategy at a booking's first quote, and each later quote. A set "
            + "missed under one strategy but offered under another is covered in the union above and missed here.</p>"
            + "<table class=\"grid\"><tr><th>strategy</th><th>answers</th><th>feasible sets</th><th>offered</th><th>missed</th>"
            + "<th>excluded by declared rules</th><th>coverage</th></tr>"
        for entry in total.strategyCoverage + [total.everyAnswer] {
            let tone = entry.missed > 0 ? " class=\"bad\"" : ""
            out +=
                "<tr\(tone)><td>\(HTML.escape(entry.strategy))</td><td class=\"n\">\(entry.answers)</td><td class=\"n\">\(entry.feasible)</td>"
                + "<td class=\"n\">\(entry.quotedFeasible)</td><td class=\"n\">\(entry.missed)</td><td class=\"n\">\(entry.excluded)</td>"
                + "<td class=\"n\">\(HTML.percent(entry.quotedFeasible, of: entry.feasible))"
                + (entry.limited > 0 ? " (\(entry.limited) unknown: limit reached)" : "") + "</td></tr>"
        }
        out += "</table>"
        if let breakdown = MissedBreakdown(total, capture: nil) {
            out += "<p class=\"sub\">\(HTML.escape(breakdown.summary))</p><ul>"
            for example in breakdown.examples { out += "<li>\(HTML.escape(example))</li>" }
            out += "</ul>"
        }
        return out + "</section>"
    }

    /// A restaurant's floor as both pages draw it: its failures explained, and where an optimal
    /// plan seats what the run did not (with `--optimum`).
    static func timeline(of restaurant: RestaurantState, context: ReportContext) -> FloorTimeline {
        FloorTimeline(
            restaurant: restaurant, state: context.state,
            ghosts: context.optimum?.recoverable.filter { $0.restaurant == restaurant.slug } ?? [],
            exchange: context.optimum?.exchanges.first { $0.restaurant == restaurant.slug },
            failures: Array(context.failures(of: restaurant.slug)))
    }

    static func section(_ timeline: FloorTimeline, final: Bool) -> String {
        let restaurant = timeline.restaurant
        let state = timeline.state
        var out = head(timeline, final: final)
        out +=
            "<div class=\"layout\"><div class=\"timeline\">\(timeline.render())\(HTML.legend)\(ghostLegend(timeline.ghosts, exchange: timeline.exchange))</div>"
        out +=
            "<aside>" + unsuccessfulList(timeline.failures, state: state, final: final)
            + conflictList(restaurant, state: state)
            + coverageFindings(restaurant.metrics) + "</aside></div></section>"
        return out
    }

    /// A large day's section: its head, and its floor folded, drawn by the page's script from
    /// entry `position` of the floor data when opened.
    static func foldedSection(_ timeline: FloorTimeline, at position: Int, final: Bool) -> String {
        let restaurant = timeline.restaurant
        let m = restaurant.metrics
        let contents = [
            Counted.text(m.tables, "table"), Counted.text(restaurant.assignmentIDs.count, "assignment"),
            "\(timeline.failures.count) not seated", Counted.text(restaurant.conflicts.count, "conflict")
        ]
        return head(timeline, final: final)
            + "<details class=\"floor\" data-floor=\"\(position)\"><summary>Floor timeline and lists: \(contents.joined(separator: ", "))</summary><div class=\"drawn\"></div></details></section>"
    }

    /// A section's opening and head: name and figures.
    static func head(_ timeline: FloorTimeline, final: Bool) -> String {
        let restaurant = timeline.restaurant
        let m = restaurant.metrics
        var out =
            "<section class=\"restaurant\" data-restaurant=\"\(HTML.escape(restaurant.slug))\" id=\"\(HTML.anchor(restaurant.slug))\"><div class=\"head\"><h2>\(HTML.escape(restaurant.slug))</h2>"
        let confirmed =
            final
            ? "\(m.confirmed) of \(m.tried) confirmed (\(HTML.percent(m.confirmed, of: m.tried)))"
            : "\(m.confirmed) confirmed so far"
        let (seatedMinutes, covers) = timeline.totals(of: restaurant.tables.map(\.id), use: timeline.tableUse())
        out +=
            "<span class=\"facts\">\(confirmed)\(m.refused > 0 ? ", \(m.refused) refused" : "") · \(Counted.text(m.conflicts, "conflict")) · \(Counted.text(m.quotes, "quote")) · tables used \(m.tablesUsed.count)/\(m.tables) · \(timeline.useText(minutes: seatedMinutes, covers: covers, tables: restaurant.tables.count))\(m.coverageMeasured > 0 ? " · coverage \(HTML.percent(m.quotedFeasibleSets, of: m.feasibleSets))" : "")</span></div>"
        return out
    }

    /// The key to the optimal plan's strips, when a restaurant has any, and the exchange the
    /// plan makes (what it gives up for them).
    static func ghostLegend(_ ghosts: [OptimumFigures.Recoverable], exchange: OptimumFigures.Exchange?) -> String {
        guard !ghosts.isEmpty || exchange != nil else { return "" }
        let swatch =
            "<span style=\"display:inline-block;width:14px;height:8px;background:#dbe7fd;border:1px dashed #2563eb;vertical-align:middle\"></span>"
        return "<p class=\"sub\">"
            + (ghosts.isEmpty
                ? ""
                : "\(swatch) where an optimal plan seats a booking the run did not: "
                    + ghosts.map { HTML.escape($0.booking) }.joined(separator: ", ") + ". ")
            + (exchange.map { "An optimal plan " + HTML.escape($0.text) + "." } ?? "") + "</p>"
    }

    /// Each failed or refused booking with its reason and, when its tables were taken, who had
    /// them; anchored so its bar in the timeline's "not seated" lane links here.
    static func unsuccessfulList(_ failures: [FailureExplanation], state: RunState, final: Bool) -> String {
        guard !failures.isEmpty else {
            return "<h3>Failed bookings</h3><p>\(final ? "None." : "None before the capture stopped.")</p>"
        }
        var out = "<h3>Failed and refused bookings (\(failures.count))</h3><ul>"
        for (number, failure) in failures.enumerated() {
            // Beyond the first few, folded: a crowded restaurant's list stays one screen.
            if number == Self.failuresShown {
                out += "</ul><details><summary>\(failures.count - number) more</summary><ul>"
            }
            let quotes = state.booking(failure.booking)?.quotes ?? 0
            out +=
                "<li id=\"\(HTML.bookingAnchor(failure.booking, in: state))\"><b>\(HTML.escape(failure.booking))</b> \(ClockText.minutes(failure.startMinute)) · party \(failure.partySize) · \(quotes) \(quotes == 1 ? "quote" : "quotes") <span class=\"reason\">\(HTML.escape(failure.reason))</span>"
            if let blocked = failure.blockedByText {
                out += "<br/><span class=\"sub\">blocked by \(HTML.escape(blocked))</span>"
            }
            if let ruledOut = failure.ruledOutText {
                out += "<br/><span class=\"sub\">free but ruled out: \(HTML.escape(ruledOut))</span>"
            }
            if let note = failure.note { out += "<br/><span class=\"sub\">\(HTML.escape(note))</span>" }
            out += "</li>"
        }
        return out + "</ul>" + (failures.count > Self.failuresShown ? "</details>" : "")
    }

    /// Failures listed open per restaurant; the rest are folded under "N more".
    public static let failuresShown = 8

    /// Every conflict of the restaurant: the seating it was for (service time), which booking,
    /// against whom, on which tables, how that booking ended, and when in the run (run clock,
    /// labelled); the marks on the timeline link here.
    static func conflictList(_ restaurant: RestaurantState, state: RunState) -> String {
        guard !restaurant.conflicts.isEmpty else { return "" }
        var out = "<h3>Conflicts (\(restaurant.conflicts.count))</h3><ul>"
        for (number, conflict) in restaurant.conflicts.enumerated() {
            let outcome = conflictOutcome(conflict, state: state)
            let against = conflict.with.isEmpty ? "an expired hold" : conflict.with.joined(separator: ", ")
            // The seating's service time first (what a restaurant reads); the run clock after,
            // labelled, as it only orders the events.
            out +=
                "<li id=\"\(HTML.conflictAnchor(restaurant.slug, number))\"><b>\(ClockText.minutes(conflict.startMinute))-\(ClockText.minutes(conflict.endMinute))</b> "
                + "<b>\(HTML.escape(conflict.booking))</b> \(HTML.escape(conflict.kind.replacingOccurrences(of: "_", with: " "))) with <b>\(HTML.escape(against))</b> "
                + "on \(HTML.escape(conflict.tables.joined(separator: "+"))); \(HTML.escape(outcome)) "
                + "<span class=\"sub\">(run clock \(ClockText.seconds(conflict.at)): the order events happened in)</span></li>"
        }
        return out + "</ul>"
    }

    /// How the booking of a conflict ended: "then seated on T003" or "then failed: tables_occupied".
    static func conflictOutcome(_ conflict: ConflictMark, state: RunState) -> String {
        switch state.booking(conflict.booking) {
        case let booking? where booking.status == .confirmed: "then seated on \(booking.tables.joined(separator: "+"))"
        case let booking?: "then \(booking.status.rawValue)" + (booking.reason.map { ": \($0)" } ?? "")
        case nil: ""
        }
    }

    static func coverageFindings(_ m: RestaurantMetrics) -> String {
        guard !m.phantomUnavailable.isEmpty || !m.unsoundOffers.isEmpty else { return "" }
        var out = "<h3>Coverage findings</h3><ul>"
        for booking in m.phantomUnavailable {
            out += "<li><span class=\"reason\">phantom_unavailable</span> \(HTML.escape(booking))</li>"
        }
        for offer in m.unsoundOffers {
            out +=
                "<li><span class=\"reason\">unsound_offer</span> \(HTML.escape(offer.booking)) \(HTML.escape(offer.tables.joined(separator: "+")))</li>"
        }
        return out + "</ul>"
    }
}
