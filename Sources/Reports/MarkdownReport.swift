import EventLog
import Allocation
import Projections

/// `reports/<stem>.md`: the run at a glance, in tables GitHub renders.
public enum MarkdownReport {
    public static func render(_ context: ReportContext) -> String {
        var lines: [String] = []
        let options = context.state.options
        lines.append(
            "# replay report: \(options?.scenario ?? "?") · \(options?.mode ?? "?") · seed \(options?.seed ?? 0) · \(context.engineText)"
        )
        lines.append("")
        let total = context.state.overall
        if let banner = context.unfinishedBanner {
            lines.append("> **\(banner)**")
        } else {
            lines.append(
                "**\(total.confirmed) of \(total.tried) bookings confirmed (\(Ratio.percentText(total.confirmed, of: total.tried)))**, \(total.failed) failed"
                    + (total.refused > 0 ? ", \(total.refused) refused at creation" : "")
                    + "; \(total.conflicts) conflicts; tables used \(total.tablesUsed.count) / \(total.tables).")
        }
        lines.append("")
        lines.append(
            "- Capture: `\(context.capturePath)` (\(context.status), \(context.eventCount) events, head hash `\(context.headHash.prefix(16))…`)"
        )
        lines.append(
            "- Service date \(options?.date ?? "?"), recorded \(context.recordedAt) with replay \(context.toolVersion)")
        if let elapsed = context.elapsedMilliseconds {
            let rate = elapsed > 0 ? context.eventCount * 1000 / elapsed : context.eventCount * 1000
            lines.append("- Timing (wall clock, outside the events): \(elapsed) ms, \(rate) events/s")
        }
        lines.append("")
        lines.append("## Options")
        lines.append("")
        lines.append("| option | value |")
        lines.append("|---|---|")
        for (name, value) in optionRows(options) { lines.append("| \(name) | \(value) |") }
        lines.append("")
        lines.append("## Per restaurant")
        lines.append("")
        lines.append(
            "| restaurant | bookings | confirmed | failed | refused | success | quotes | holds | hold conflicts | confirm conflicts | tables used | coverage | phantom |"
        )
        lines.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for row in context.rows {
            let name = row.slug == "all" ? "**all**" : cell(row.slug)
            let success = context.condition.isComplete ? Ratio.percentText(row.confirmed, of: row.tried) : "unfinished"
            lines.append(
                "| \(name) | \(row.bookings) | \(row.confirmed) | \(row.failed) | \(row.refused) | \(success) | \(row.quotes) | \(row.holds) | \(row.holdConflicts) | \(row.confirmConflicts) | \(row.tablesUsed.count)/\(row.tables) | \(coverageText(row)) | \(row.coverageMeasured > 0 ? String(row.phantomUnavailable.count) : "n/a") |"
            )
        }
        lines.append("")
        if let optimum = context.optimum { appendOptimum(optimum, context, to: &lines) }
        if let reserve = ReserveFigures(context.state) {
            lines.append("Reserve mode: \(reserve.text).")
            lines.append("")
        }
        if total.hasChanges { appendChanges(context, to: &lines) }
        lines.append(
            "Success = confirmed / every booking tried (failed and refused ones count against it). Coverage = quoted-and-feasible / feasible table sets at each booking's first quote (bruteforce oracle)."
        )
        lines.append("")
        lines.append("## Failure reasons")
        lines.append("")
        if context.reasons.isEmpty {
            lines.append("None.")
        } else {
            let unsuccessful = total.failed + total.refused
            lines.append("| reason | bookings | share |")
            lines.append("|---|--:|--:|")
            for reason in context.reasons {
                lines.append(
                    "| \(reason.reason) | \(reason.count) | \(Ratio.percentText(reason.count, of: unsuccessful)) |")
            }
            // A note only for a reason that occurred.
            if context.reasons.contains(where: { $0.reason == RejectionReason.serviceWindowOverrun.rawValue }) {
                lines.append("")
                lines.append(
                    "`service_window_overrun`: the seating would end after its service ends. The original clamped such windows to the service end; replay refuses them."
                )
            }
        }
        lines.append("")
        appendCoverage(context, to: &lines)
        appendIterations(context, to: &lines)
        appendUnsuccessful(context, to: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    static func appendOptimum(_ optimum: OptimumFigures, _ context: ReportContext, to lines: inout [String]) {
        lines.append("## The best possible day")
        lines.append("")
        lines.append(
            "The most bookings any assignment could seat under the run's rules, knowing the whole day (\(optimum.solver); docs/optimum.md)."
        )
        lines.append("")
        lines.append("| restaurant | seated by the run | optimum | gap | solver |")
        lines.append("|---|--:|--:|--:|---|")
        let final = context.condition.isComplete
        for figure in optimum.restaurants {
            let seated = context.state.restaurant(figure.slug)?.metrics.confirmed ?? 0
            let gap = final ? OptimumFigures.gapText(seated: seated, optimum: figure.optimum) : "unfinished"
            lines.append(
                "| \(cell(figure.slug)) | \(seated) | \(figure.optimum) | \(gap) | \(figure.proven ? "proven" : "time limit, bound \(figure.bound.map(String.init) ?? "unknown")") |"
            )
        }
        let seated = context.state.overall.confirmed
        lines.append(
            "| **all** | \(seated) | \(optimum.optimum) | \(final ? OptimumFigures.gapText(seated: seated, optimum: optimum.optimum) : "unfinished") | \(optimum.proven ? "proven" : "not all proven") |"
        )
        lines.append("")
        // What the plan does differently, restaurant by restaurant: what it seats and what it gives up.
        for exchange in optimum.exchanges {
            lines.append("- \(cell(exchange.restaurant)): an optimal plan \(exchange.text)")
        }
        if !optimum.exchanges.isEmpty { lines.append("") }
        if !optimum.recoverable.isEmpty {
            lines.append(
                "Where an optimal plan seats the bookings the run did not: "
                    + optimum.recoverable.map {
                        "\($0.booking) (\($0.restaurant), \($0.tables.joined(separator: "+")))"
                    }.joined(separator: ", ") + ".")
            lines.append("")
        }
    }

    /// A name in a table cell: a `|` in it (names are any text) would end the cell.
    /// A table cell: `|` escaped. Most cells have none, and Foundation's replacing was a third of
    /// the failed-bookings table of a crowded day, so it runs only where there is one.
    static func cell(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "|")) ? text.replacingOccurrences(of: "|", with: "\\|") : text
    }

    static func coverageText(_ row: RestaurantMetrics) -> String {
        let limited = row.coverageLimited > 0 ? " (\(row.coverageLimited) unknown: limit reached)" : ""
        return
            (row.coverageMeasured == 0
            ? (row.coverageLimited > 0 ? "unknown" : "n/a")
            : Ratio.percentText(row.quotedFeasibleSets, of: row.feasibleSets)) + limited
    }

    static func optionRows(_ options: RunStarted?) -> [(String, String)] {
        options?.optionRows(relevant: true).map { ($0.name, $0.value) } ?? []
    }

    static func appendCoverage(_ context: ReportContext, to lines: inout [String]) {
        let total = context.state.overall
        guard total.coverageMeasured + total.coverageLimited > 0 else { return }
        lines.append("## Coverage oracle")
        lines.append("")
        if total.coverageLimited > 0 || total.searchLimitedQuotes > 0 {
            lines.append(
                "**Limit reached, coverage unknown for \(total.coverageLimited) booking\(total.coverageLimited == 1 ? "" : "s")**: the search "
                    + "(budget \(Allocator.searchBudget) subsets per strategy) or the oracle (budget \(CoverageOracle.budget) subsets) stopped "
                    + "before seeing every table set. Those bookings are left out of the figures below; a phantom, or an offer that broke a rule "
                    + "on its own, is still counted. \(total.searchLimitedQuotes) of the run's own quotes stopped at the search budget "
                    + "(their candidates are the ones found before it).")
            lines.append("")
        }
        lines.append(
            "\(total.coverageMeasured) first quotes checked: \(total.feasibleSets) feasible table sets, \(total.quotedFeasibleSets) of them quoted (\(Ratio.percentText(total.quotedFeasibleSets, of: total.feasibleSets))), \(total.missedSets) missed; \(total.phantomUnavailable.count) phantom unavailable; \(total.unsoundOffers.count) unsound sets at first quotes (the oracle's check of every strategy)"
                + (total.unsoundInQuotes > 0 || total.engineErrors > 0
                    ? "; \(total.unsoundInQuotes) unsound offers in the run's quotes, each recorded with its rule in quote.issued and never held; \(total.engineErrors) error answers."
                    : "."))
        lines.append("")
        if !total.strategyCoverage.isEmpty {
            lines.append(
                "Coverage by strategy: every answer the oracle judged, each against the feasible sets of its own strategy at its "
                    + "moment (every strategy at a booking's first quote, and each later quote). A set missed under one strategy but "
                    + "offered under another is covered in the union and missed here.")
            lines.append("")
            lines.append(
                "| strategy | answers | feasible sets | offered | missed | excluded by declared rules | coverage |")
            lines.append("|---|--:|--:|--:|--:|--:|--:|")
            for entry in total.strategyCoverage + [total.everyAnswer] {
                lines.append(
                    "| \(entry.strategy) | \(entry.answers) | \(entry.feasible) | \(entry.quotedFeasible) | \(entry.missed) | \(entry.excluded) | "
                        + Ratio.percentText(entry.quotedFeasible, of: entry.feasible)
                        + (entry.limited > 0 ? " (\(entry.limited) unknown)" : "") + " |")
            }
            lines.append("")
            if let breakdown = MissedBreakdown(total, capture: context.capturePath) {
                lines.append(breakdown.summary)
                lines.append("")
                for example in breakdown.examples { lines.append("- " + example) }
                lines.append("")
            }
        }
        for restaurant in context.state.restaurants {
            let metrics = restaurant.metrics
            for booking in metrics.phantomUnavailable {
                lines.append("- phantom_unavailable: \(restaurant.slug) \(booking)")
            }
            for offer in metrics.unsoundOffers {
                lines.append(
                    "- unsound_offer: \(restaurant.slug) \(offer.booking) \(offer.tables.joined(separator: "+"))")
            }
        }
        if !total.phantomUnavailable.isEmpty || !total.unsoundOffers.isEmpty { lines.append("") }
    }

    static func appendIterations(_ context: ReportContext, to lines: inout [String]) {
        let rows = context.state.restaurants.flatMap { restaurant in
            restaurant.metrics.iterations.map { (restaurant.slug, $0) }
        }
        guard !rows.isEmpty else { return }
        lines.append("## Iterations")
        lines.append("")
        lines.append("| restaurant | iteration | processed | confirmed | remaining |")
        lines.append("|---|--:|--:|--:|--:|")
        for (slug, iteration) in rows {
            lines.append(
                "| \(cell(slug)) | \(iteration.iteration) | \(iteration.processed) | \(iteration.confirmed) | \(iteration.remaining) |"
            )
        }
        lines.append("")
    }

    static func appendUnsuccessful(_ context: ReportContext, to lines: inout [String]) {
        let bookings = context.unsuccessful
        guard !bookings.isEmpty else { return }
        lines.append("## Failed and refused bookings")
        lines.append("")
        lines.append(
            "| booking | restaurant | start | party | status | reason | quotes | conflicts | blocked by, or what the engine missed |"
        )
        lines.append("|---|---|--:|--:|---|---|--:|--:|---|")
        for booking in bookings {
            let explanation = context.failure(of: booking.id)
            let blocked = [
                explanation?.blockedByText ?? explanation?.engineMiss,
                explanation?.ruledOutText.map { "free but ruled out: \($0)" }
            ]
            .compactMap { $0 }.joined(separator: "; ")
            lines.append(
                "| \(cell(booking.id)) | \(cell(booking.restaurant)) | \(ClockText.minutes(booking.startMinute)) | \(booking.partySize) | \(booking.status.rawValue) | \(booking.reason ?? "") | \(booking.quotes) | \(booking.conflicts) | \(cell(blocked)) |"
            )
        }
        lines.append("")
    }
}

extension MarkdownReport {
    /// The changes' table (capture format 7): per restaurant, edits kept in place, moved and
    /// failed, cancellations, the tables they freed and re-used, and the oracle's keeping check.
    static func appendChanges(_ context: ReportContext, to lines: inout [String]) {
        lines.append("## Changes")
        lines.append("")
        lines.append(
            "| restaurant | scheduled | applied | edits | kept in place | moved | failed | cancellations | freed tables | re-used | edit quotes judged | keeping missed |"
        )
        lines.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for row in context.rows where row.hasChanges || row.slug == "all" {
            let name = row.slug == "all" ? "**all**" : cell(row.slug)
            lines.append(
                "| \(name) | \(row.scheduledChanges) | \(row.scheduledChangesApplied) | \(row.editsRequested) | \(row.editsKept) | \(row.editsMoved) | \(row.editsFailed) | \(row.cancellations) | \(row.cancellationsFreeing) | \(row.cancellationsReused) | \(row.editQuotesJudged) | \(row.keepMissed) |"
            )
        }
        lines.append("")
        lines.append(
            "Kept in place: the edit confirmed on the same tables. Re-used: a cancellation whose freed table was seated again in an overlapping window. Keeping missed: an edit quote that offered no set keeping the booking's current tables while one was feasible (the oracle's check)."
        )
        lines.append("")
    }
}
