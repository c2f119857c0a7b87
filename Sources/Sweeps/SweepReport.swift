import CommandSupport
import CanonicalJSON
import Projections
import Reports

/// `sweep.md`, `sweep.json` and `sweep.html`: the distributions, the breakdowns by grid option,
/// the worst runs and every failure with the command that reproduces it. Everything but the
/// `timings` part is a function of the rows and the definition, so a merged sweep's reports
/// equal an unsharded one's apart from timings.
package struct SweepReport {
    package var definitionText: String
    package var buildID: String
    package var runCount: Int
    package var statistics: SweepStatistics
    package var outcomes: [SweepExpectation.Outcome]
    /// The sweep's wall time; nil for a merge (its shards' times are their own).
    package var wallMilliseconds: Int?

    package var rows: [SweepRow] { statistics.rows }
    /// Runs in which a search or oracle budget was reached.
    package var limitedRuns: Int { rows.count { $0.coverageLimited > 0 } }
    package var passed: Int { rows.count - statistics.failing.count }

    /// What a reader should know before reading the distributions: a sweep whose runs cannot
    /// differ (assign mode on fixed days: the seed only drives reserve mode's scheduler and days
    /// generated per seed) says so, since its histograms would suggest a spread that is not there.
    package var notes: [String] {
        guard let value = try? JSONParser.parse(definitionText),
            let seeds = value["seeds"]?.arrayValue?.compactMap(\.intValue), seeds.count == 2,
            seeds[1] > seeds[0], value["modes"]?.arrayValue?.compactMap(\.stringValue) == ["assign"],
            (value["scenarios"]?.arrayValue ?? []).allSatisfy({ $0["sha256"]?.stringValue != "per-seed" })
        else { return [] }
        return [
            "in assign mode the seed changes nothing on a fixed day: the \(seeds[1] - seeds[0] + 1) seeds of each grid cell are one run repeated, "
                + "and the distributions show no real spread; vary the day (--generate R:N without a seed: each run its own day) or race clients (--mode reserve)"
        ]
    }

    package static let commandsNote = "Commands run from the sweep folder (they name its copy of each scenario)."

    package static func breakdownFigures(_ rows: [SweepRow]) -> (failing: Int, success: [Int]?, conflictsMedian: Int?) {
        let success = Distribution(.success, rows: rows)
        return (
            rows.count(where: \.isFailing), success.map { [$0.value(.p10), $0.value(.p50), $0.value(.p90)] },
            Distribution(.conflicts, rows: rows)?.value(.p50)
        )
    }

    package static func clientsText(_ row: SweepRow) -> String { row.clients.map(String.init) ?? "-" }

    /// Bars coloured by what they mean, not by metric: for success and coverage the top bins are
    /// good; for counts (conflicts, phantoms, unsound offers) and the gap, only the bin of zero is.
    package static func histogramBars(_ distribution: Distribution, largest: Int) -> String {
        let higherIsBetter = distribution.metric == .success || distribution.metric == .coverage
        var out = "<div class=\"bars\">"
        for (index, bin) in distribution.histogram.enumerated() {
            // Coverage is good only whole (one colour rule: below 100% is never green).
            let good =
                distribution.metric == .coverage
                ? bin.label == "100%"
                : higherIsBetter ? index >= distribution.histogram.count - 2 : bin.label == "0" || bin.label == "0-10%"
            let width = largest == 0 ? 0 : bin.count * 1000 / largest
            out +=
                "<div>\(HTML.escape(bin.label))</div><div><div class=\"bar\(good ? " ok" : "")\" style=\"width:\(width / 10).\(width % 10)%\"></div></div><div>\(bin.count)</div>"
        }
        return out + "</div>"
    }

    /// The definition in words: the grid, what every run shares (options away from their
    /// defaults), the checks.
    package var definitionLines: [String] {
        guard let value = try? JSONParser.parse(definitionText) else { return [definitionText] }
        func list(_ key: String) -> String {
            (value[key]?.arrayValue ?? []).map {
                $0.stringValue ?? $0.intValue.map(String.init) ?? ($0["label"]?.stringValue ?? "?")
            }.joined(separator: ", ")
        }
        let seeds = value["seeds"]?.arrayValue?.compactMap(\.intValue) ?? []
        var grid = "Grid: scenario \(list("scenarios")); mode \(list("modes"))"
        if value["modes"]?.arrayValue?.contains(.string("reserve")) == true { grid += "; clients \(list("clients"))" }
        grid +=
            "; max tables \(list("max_tables")); hold TTL \(list("hold_ttl")) s; seeds \(seeds.first ?? 0)..\(seeds.last ?? 0) (\(runCount) runs)"
        let defaults: [String: JSONValue] = [
            "max_iterations": .int(6), "clone_limit": .int(5), "source_after_minute": .int(0),
            "avoid_used": .bool(false), "prefill": .string("assign"), "bruteforce": .bool(true),
            "oracle": .string("every"),
            "engine_timeout": .int(10), "engine_protocol": .int(3)
        ]
        var shared: [String] = []
        for (key, field) in value["shared_options"]?.objectValue ?? [] {
            if field.isNull || field == defaults[key] || field.arrayValue?.isEmpty == true { continue }
            // A rate is stored in thousandths (integers only) and read as the share given: "edit rate 0.5".
            if key.hasSuffix("_per_mille"), let perMille = field.intValue {
                let name = key.dropLast("_per_mille".count).replacingOccurrences(of: "_", with: " ")
                shared.append("\(name) \(ChangeRate.text(perMille: perMille))")
                continue
            }
            let text =
                field.stringValue ?? field.intValue.map(String.init) ?? field.boolValue.map { $0 ? "on" : "off" }
                ?? (field.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            shared.append("\(key.replacingOccurrences(of: "_", with: " ")) \(text)")
        }
        return [
            grid, "Every run: " + (shared.isEmpty ? "the defaults" : shared.joined(separator: "; ")),
            "Checks: \(list("checks")); captures kept: \(value["keep"]?.stringValue ?? "?")"
                + (value["optimum"]?.boolValue == true ? "; the optimum solved per run" : "")
        ]
    }

    // MARK: Markdown

    package var markdown: String {
        var lines = ["# Sweep: \(rows.count) runs", ""]
        lines.append("\(passed) passed every check, \(statistics.failing.count) failing. Build `\(buildID)`.")
        lines += notes.map { "\n**Note:** " + $0 + "." }
        if limitedRuns > 0 {
            lines += [
                "",
                "**Limit reached** in \(limitedRuns) run\(limitedRuns == 1 ? "" : "s"): coverage unknown for some bookings (a search or oracle budget); their coverage figures leave those bookings out."
            ]
        }
        lines.append("")
        lines += definitionLines.map { "- " + $0 }
        lines += ["", "Definition (canonical JSON, stored in sweep.db): `\(definitionText)`"]
        lines += [
            "", "## Distributions", "", "| metric | runs | min | p10 | p50 | p90 | max |",
            "|---|--:|--:|--:|--:|--:|--:|"
        ]
        for distribution in statistics.distributions {
            let metric = distribution.metric
            lines.append(
                "| \(metric.rawValue) | \(distribution.values.count) | "
                    + Distribution.Statistic.allCases.map { metric.text(distribution.value($0)) }.joined(
                        separator: " | ") + " |")
        }
        for distribution in statistics.distributions {
            lines += ["", "### \(distribution.metric.rawValue) histogram", ""]
            let largest = distribution.histogram.map(\.count).max() ?? 1
            for bin in distribution.histogram {
                let bar = String(repeating: "█", count: largest == 0 ? 0 : (bin.count * 30 + largest - 1) / largest)
                lines.append(
                    "    \(bin.label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(bin.count).leftPadded(6)) \(bar)"
                )
            }
        }
        for breakdown in statistics.breakdowns {
            lines += [
                "", "## By \(breakdown.axis)", "",
                "| \(breakdown.axis) | runs | failing | success p10 | p50 | p90 | conflicts p50 |",
                "|---|--:|--:|--:|--:|--:|--:|"
            ]
            for group in breakdown.groups {
                let figures = Self.breakdownFigures(group.rows)
                let success = figures.success.map { $0.map(Ratio.basisPointsText) } ?? ["n/a", "n/a", "n/a"]
                lines.append(
                    "| \(group.value) | \(group.rows.count) | \(figures.failing) | \(success.joined(separator: " | ")) | \(figures.conflictsMedian.map(String.init) ?? "n/a") |"
                )
            }
        }
        lines += [
            "", "## Worst runs", "",
            "| run | scenario | mode | clients | max tables | hold ttl | seed | success | conflicts |",
            "|--:|---|---|--:|--:|--:|--:|--:|--:|"
        ]
        for row in statistics.worst {
            lines.append(
                "| \(row.position) | \(row.scenario) | \(row.mode) | \(Self.clientsText(row)) | \(row.maxTables) | \(row.holdTTL) | \(row.seed) | \(row.successBasisPoints.map(Ratio.basisPointsText) ?? "n/a") | \(row.conflicts) |"
            )
        }
        lines += ["", "## Failures (\(statistics.failing.count))", ""]
        if statistics.failing.isEmpty { lines.append("None: every run completed and passed every check.") }
        for row in statistics.failing {
            lines.append("- run \(row.position) (seed \(row.seed)): " + row.failures.joined(separator: "; "))
            lines.append("  `\(row.command)`" + (row.capture.map { " (capture: `\($0)`)" } ?? ""))
        }
        if !outcomes.isEmpty {
            lines += ["", "## Expectations", ""]
            for outcome in outcomes {
                lines.append(
                    "- \(outcome.holds ? "met" : "FAILED"): `\(outcome.expectation.text)` (\(outcome.measuredText))")
            }
        }
        lines += ["", Self.commandsNote, "", "Timings: " + timingsText]
        return lines.joined(separator: "\n") + "\n"
    }

    package var timingsText: String {
        let runTime = rows.reduce(0) { $0 + $1.elapsedMilliseconds }
        return "runs took \(runTime) ms in all"
            + (wallMilliseconds.map { ", the sweep \($0) ms of wall time" }
                ?? " (merged: the shards' wall times are their own)")
    }

    // MARK: JSON

    package var json: String {
        var w = JSONWriter()
        w.beginObject()
        w.field("sweep_format", 1)
        w.key("definition")
        w.raw(definitionText)
        w.field("build_id", buildID)
        w.field("runs", rows.count)
        w.field("grid_runs", runCount)
        w.field("passed", passed)
        w.field("failing", statistics.failing.count)
        w.field("coverage_limited_runs", limitedRuns)
        w.key("distributions")
        w.beginObject()
        for distribution in statistics.distributions {
            w.key(dynamic: distribution.metric.rawValue)
            w.beginObject()
            w.field("unit", distribution.metric.isPercentage ? "basis_points" : "count")
            w.field("runs", distribution.values.count)
            for statistic in Distribution.Statistic.allCases {
                w.key(dynamic: statistic.rawValue)
                w.int(distribution.value(statistic))
            }
            w.key("histogram")
            w.beginArray()
            for bin in distribution.histogram {
                w.beginObject()
                w.field("bin", bin.label)
                w.field("count", bin.count)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endObject()
        w.key("breakdowns")
        w.beginArray()
        for breakdown in statistics.breakdowns {
            w.beginObject()
            w.field("axis", breakdown.axis)
            w.key("groups")
            w.beginArray()
            for group in breakdown.groups {
                let figures = Self.breakdownFigures(group.rows)
                w.beginObject()
                w.field("value", group.value)
                w.field("runs", group.rows.count)
                w.field("failing", figures.failing)
                for (index, name) in ["success_p10_bp", "success_p50_bp", "success_p90_bp"].enumerated() {
                    w.key(dynamic: name)
                    if let success = figures.success { w.int(success[index]) } else { w.null() }
                }
                w.key("conflicts_p50")
                if let median = figures.conflictsMedian { w.int(median) } else { w.null() }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("worst")
        w.beginArray()
        for row in statistics.worst { Self.writeRun(row, to: &w) }
        w.endArray()
        w.key("failures")
        w.beginArray()
        for row in statistics.failing { Self.writeRun(row, to: &w) }
        w.endArray()
        Expectation.writeJudged(outcomes.map { ($0.expectation.text, $0.holds, $0.measuredText) }, to: &w)
        w.key("timings")
        w.beginObject()
        w.field("runs_ms", rows.reduce(0) { $0 + $1.elapsedMilliseconds })
        w.key("wall_ms")
        if let wallMilliseconds { w.int(wallMilliseconds) } else { w.null() }
        w.endObject()
        w.endObject()
        return w.string + "\n"
    }

    package static func writeRun(_ row: SweepRow, to w: inout JSONWriter) {
        w.beginObject()
        w.field("run", row.position)
        w.field("scenario", row.scenario)
        w.field("mode", row.mode)
        w.key("clients")
        if let clients = row.clients { w.int(clients) } else { w.null() }
        w.field("max_tables", row.maxTables)
        w.field("hold_ttl", row.holdTTL)
        w.field("seed", row.seed)
        w.field("status", row.status)
        w.key("success_bp")
        if let success = row.successBasisPoints { w.int(success) } else { w.null() }
        w.field("conflicts", row.conflicts)
        w.field("failures", row.failures)
        w.field("command", row.command)
        w.key("capture")
        w.string(row.capture)
        w.endObject()
    }

    // MARK: HTML

    package var html: String {
        var body =
            "<header><h1>Sweep: \(rows.count) runs</h1><p class=\"sub\">"
            + definitionLines.map(HTML.escape).joined(separator: "<br/>")
            + "<br/>build \(HTML.escape(buildID))</p>"
        for note in notes { body += "<p class=\"banner\">\(HTML.escape(note))</p>" }
        body +=
            "<div class=\"cards\">" + HTML.card(String(rows.count), "runs")
            + HTML.card(String(passed), "passed every check", tone: "good")
            + HTML.card(String(statistics.failing.count), "failing", tone: statistics.failing.isEmpty ? "good" : "bad")
        if let success = statistics.distribution(.success) {
            body +=
                HTML.card(Ratio.basisPointsText(success.value(.p50)), "success, median")
                + HTML.card(Ratio.basisPointsText(success.value(.p10)), "success, p10")
        }
        if let coverage = statistics.distribution(.coverage) {
            // One colour rule for coverage everywhere: below 100% is never green, and neither is a
            // union of 100% over runs whose strategies missed sets (the oracle check says how many).
            let missing = rows.count { $0.checkOracle?.contains(" sets missed in ") == true }
            body += HTML.card(
                Ratio.basisPointsText(coverage.value(.min)),
                "coverage, lowest run (union at first quotes"
                    + (missing > 0 ? "; \(missing) runs missed sets per strategy)" : ")"),
                tone: coverage.value(.min) >= 10_000 && missing == 0 ? "good" : "bad")
        }
        if limitedRuns > 0 {
            body += HTML.card(
                String(limitedRuns), "runs with coverage unknown for some bookings (limit reached)", tone: "bad")
        }
        let missed = outcomes.filter { !$0.holds }.count
        if !outcomes.isEmpty {
            body += HTML.card(
                "\(outcomes.count - missed)/\(outcomes.count)", "expectations met", tone: missed == 0 ? "good" : "bad")
        }
        body +=
            "</div></header><main><style>.hists{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:4px 32px}.hists .bars{grid-template-columns:80px 1fr 50px}</style>"
        body +=
            "<section class=\"restaurant\"><h2>Distributions</h2><table class=\"grid\"><tr><th>metric</th><th class=\"n\">runs</th>"
            + Distribution.Statistic.allCases.map { "<th class=\"n\">\($0.rawValue)</th>" }.joined() + "</tr>"
        for distribution in statistics.distributions {
            body +=
                "<tr><td>\(distribution.metric.rawValue)</td><td class=\"n\">\(distribution.values.count)</td>"
                + Distribution.Statistic.allCases.map {
                    "<td class=\"n\">\(distribution.metric.text(distribution.value($0)))</td>"
                }.joined() + "</tr>"
        }
        body += "</table><div class=\"hists\">"
        for distribution in statistics.distributions {
            let largest = distribution.histogram.map(\.count).max() ?? 0
            body +=
                "<div><h3>\(distribution.metric.rawValue)</h3>"
                + Self.histogramBars(distribution, largest: largest) + "</div>"
        }
        body += "</div></section>"
        for breakdown in statistics.breakdowns {
            body +=
                "<section class=\"restaurant\"><h2>By \(HTML.escape(breakdown.axis))</h2><table class=\"grid\"><tr><th>\(HTML.escape(breakdown.axis))</th><th class=\"n\">runs</th><th class=\"n\">failing</th><th class=\"n\">success p10</th><th class=\"n\">p50</th><th class=\"n\">p90</th><th class=\"n\">conflicts p50</th></tr>"
            for group in breakdown.groups {
                let figures = Self.breakdownFigures(group.rows)
                let success = figures.success.map { $0.map(Ratio.basisPointsText) } ?? ["n/a", "n/a", "n/a"]
                body +=
                    "<tr><td>\(HTML.escape(group.value))</td><td class=\"n\">\(group.rows.count)</td><td class=\"n\">\(figures.failing)</td>"
                    + success.map { "<td class=\"n\">\($0)</td>" }.joined()
                    + "<td class=\"n\">\(figures.conflictsMedian.map(String.init) ?? "n/a")</td></tr>"
            }
            body += "</table></section>"
        }
        body +=
            "<section class=\"restaurant\"><h2>Worst runs</h2><table class=\"grid\"><tr><th class=\"n\">run</th><th>scenario</th><th>mode</th><th class=\"n\">clients</th><th class=\"n\">max tables</th><th class=\"n\">hold ttl</th><th class=\"n\">seed</th><th class=\"n\">success</th><th class=\"n\">conflicts</th><th>reproduce</th></tr>"
        for row in statistics.worst {
            body +=
                "<tr><td class=\"n\">\(row.position)</td><td>\(HTML.escape(row.scenario))</td><td>\(row.mode)</td><td class=\"n\">\(Self.clientsText(row))</td><td class=\"n\">\(row.maxTables)</td><td class=\"n\">\(row.holdTTL)</td><td class=\"n\">\(row.seed)</td><td class=\"n\">\(row.successBasisPoints.map(Ratio.basisPointsText) ?? "n/a")</td><td class=\"n\">\(row.conflicts)</td><td><code>\(HTML.escape(row.command))</code></td></tr>"
        }
        body += "</table></section>"
        body += "<section class=\"restaurant\"><h2>Failures (\(statistics.failing.count))</h2>"
        if statistics.failing.isEmpty { body += "<p>None: every run completed and passed every check.</p>" }
        body += "<ul>"
        for row in statistics.failing {
            body +=
                "<li><b>run \(row.position)</b> (seed \(row.seed)): "
                + row.failures.map { "<span class=\"reason\">\(HTML.escape($0))</span>" }.joined(separator: " ")
                + "<br/><code>\(HTML.escape(row.command))</code>"
                + (row.capture.map { " capture <code>\(HTML.escape($0))</code>" } ?? "") + "</li>"
        }
        body += "</ul></section>"
        if !outcomes.isEmpty {
            body += "<section class=\"restaurant\"><h2>Expectations</h2><ul>"
            for outcome in outcomes {
                body +=
                    "<li class=\"\(outcome.holds ? "pos" : "neg")\">\(outcome.holds ? "met" : "FAILED"): <code>\(HTML.escape(outcome.expectation.text))</code> (\(HTML.escape(outcome.measuredText)))</li>"
            }
            body += "</ul></section>"
        }
        body +=
            "<p class=\"sub\">\(HTML.escape(Self.commandsNote))</p><details><summary>definition (canonical JSON)</summary><code>\(HTML.escape(definitionText))</code></details><p class=\"sub timings\">Timings: \(HTML.escape(timingsText))</p></main>"
        return HTML.page(title: "replay sweep: \(rows.count) runs", body: body)
    }
}

extension String {
    package func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
