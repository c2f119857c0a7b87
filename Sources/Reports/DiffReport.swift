import Foundation
import Allocation
import CanonicalJSON
import EventLog
import Projections
import Replayer

/// The renderings of `replay diff`: terminal text (aligned, optionally coloured), Markdown
/// (`--report`) and JSON (`--json`), all with the same content.
public enum DiffReport {
    /// ANSI colours, or none.
    public struct Style: Sendable {
        public var colour: Bool
        public init(colour: Bool) { self.colour = colour }
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        func better(_ text: String) -> String { paint(text, "32") }
        func worse(_ text: String) -> String { paint(text, "31") }
        func bold(_ text: String) -> String { paint(text, "1") }
    }

    public static func verdict(_ diff: CaptureDiff) -> String {
        var unfinished: [String] = []
        if !diff.conditionA.isComplete { unfinished.append("A is \(diff.conditionA.text)") }
        if !diff.conditionB.isComplete { unfinished.append("B is \(diff.conditionB.text)") }
        if !unfinished.isEmpty {
            let shape =
                diff.identical
                ? "the same \(diff.eventsA) events so far" : "first divergence at event \(diff.divergence?.seq ?? 0)"
            return "no verdict: " + unfinished.joined(separator: "; ") + ", not a result (\(shape))"
        }
        if diff.identical { return "identical: \(diff.eventsA) events, the same in both runs" }
        let a = diff.stateA.overall
        let b = diff.stateB.overall
        if diff.onlyInputsDiffer {
            let inputs = diff.inputChanges.map(\.key)
            return "same allocation, different inputs"
                + (inputs.isEmpty ? "" : " (" + inputs.joined(separator: ", ") + ")")
                + ": past the inputs every event is the same in both runs, so they did not change the outcome; "
                + "success \(Ratio.percentText(a.confirmed, of: a.tried)) in both"
        }
        // Why, when the success rates are equal: the tie-break (fewer conflicts).
        let tieBreak =
            a.confirmed * max(1, b.tried) == b.confirmed * max(1, a.tried) && a.conflicts != b.conflicts
            ? " (same success, fewer conflicts: \(a.conflicts) in A, \(b.conflicts) in B)" : ""
        let which: String
        switch diff.better {
        case "A"?: which = "A did better: " + diff.worseReasons.joined(separator: "; ")
        case "B"?:
            which =
                "B did better"
                + (diff.betterReasons.isEmpty ? tieBreak : ": " + diff.betterReasons.joined(separator: "; "))
        default:
            which =
                diff.worseReasons.isEmpty
                ? "neither did better"
                : "mixed: " + (diff.worseReasons + diff.betterReasons).joined(separator: "; ")
        }
        return
            "different: first divergence at event \(diff.divergence?.seq ?? 0) (\(diff.divergence?.sharedPrefix ?? 0) events shared); "
            + "success A \(Ratio.percentText(a.confirmed, of: a.tried)), B \(Ratio.percentText(b.confirmed, of: b.tried)); \(which)"
    }

    static func value(_ value: Int?, ratio: Bool) -> String {
        guard let value else { return "-" }
        if !ratio { return String(value) }
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        return sign + "\(magnitude / 100).\(magnitude % 100 < 10 ? "0" : "")\(magnitude % 100)%"
    }

    static func delta(_ metric: CaptureDiff.Metric, style: Style) -> String {
        guard let delta = metric.delta else { return "-" }
        if delta == 0 { return "0" }
        let text =
            (delta > 0 ? "+" : "")
            + (metric.isRatio ? value(delta, ratio: true).replacingOccurrences(of: "%", with: " pt") : String(delta))
        return (delta > 0) == metric.higherIsBetter ? style.better(text) : style.worse(text)
    }

    /// Rows of metrics worth showing: overall always, per restaurant only where something moved.
    static func metricRows(_ diff: CaptureDiff, summary: Bool) -> [CaptureDiff.Metric] {
        diff.metrics.filter { metric in
            metric.scope == "all"
                ? (!summary || metric.delta != 0 || metric.name == "success")
                : (!summary && metric.delta != 0 && metric.delta != nil)
        }
    }

    public static func text(_ diff: CaptureDiff, style: Style, summary: Bool) -> String {
        var lines = [
            style.bold("A \(diff.pathA) (\(diff.eventsA) events)"),
            style.bold("B \(diff.pathB) (\(diff.eventsB) events)"), verdict(diff), ""
        ]
        if !summary {
            lines += inputSection(diff)
            lines += divergenceSection(diff)
        }
        lines.append("metrics (delta = B - A):")
        var table = [["scope", "metric", "A", "B", "delta"]]
        var colouredDeltas: [String] = []
        for metric in metricRows(diff, summary: summary) {
            table.append([
                metric.scope, metric.name, value(metric.a, ratio: metric.isRatio),
                value(metric.b, ratio: metric.isRatio),
                delta(metric, style: Style(colour: false))
            ])
            colouredDeltas.append(delta(metric, style: style))
        }
        for (index, row) in aligned(table, right: [2, 3, 4]).enumerated() {
            // Colour after alignment so escape codes do not upset the widths.
            if index > 0, style.colour, let plain = table[index].last, !plain.isEmpty {
                lines.append("  " + row.replacingLastOccurrence(of: plain, with: colouredDeltas[index - 1]))
            } else {
                lines.append("  " + row)
            }
        }
        if !summary {
            lines.append("")
            lines += bookingSection(diff)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func inputSection(_ diff: CaptureDiff) -> [String] {
        guard !diff.inputChanges.isEmpty else { return ["inputs: same options and scenario", ""] }
        var lines = ["inputs that differ:"]
        var table = [["section", "key", "A", "B"]]
        for change in diff.inputChanges {
            table.append([change.section, change.key, change.a ?? "(absent)", change.b ?? "(absent)"])
        }
        lines += aligned(table, right: []).map { "  " + $0 }
        lines.append("")
        return lines
    }

    static func divergenceSection(_ diff: CaptureDiff) -> [String] {
        guard let divergence = diff.divergence else { return [] }
        var lines = [
            "first divergence at event \(divergence.seq) after \(divergence.sharedPrefix) shared events (differs in: \(divergence.fields.joined(separator: ", "))):"
        ]
        for record in divergence.context { lines.append("    " + line(record)) }
        lines.append("  A " + (divergence.a.map(line) ?? "(no event)"))
        lines.append("  B " + (divergence.b.map(line) ?? "(no event)"))
        lines.append("")
        if divergence.a?.type != nil, EventType.inputNames.contains(divergence.a?.type ?? ""),
            let allocation = diff.allocationDivergence
        {
            lines.append(
                "past the inputs, allocation first differs at A event \(allocation.a?.seq ?? 0) / B event \(allocation.b?.seq ?? 0) (differs in: \(allocation.fields.joined(separator: ", "))):"
            )
            lines.append("  A " + (allocation.a.map(line) ?? "(no event)"))
            lines.append("  B " + (allocation.b.map(line) ?? "(no event)"))
            lines.append("")
        } else if EventType.inputNames.contains(divergence.a?.type ?? ""), diff.allocationDivergence == nil {
            lines.append("past the inputs, the allocation events are the same in both runs")
            lines.append("")
        }
        return lines
    }

    /// "the first outcome that differs: B071 (pub-1 19:20): A confirmed on T003 (event 412), B failed: engine_missed (event 415)".
    static func firstOutcomeText(_ diff: CaptureDiff) -> String? {
        guard let first = diff.firstOutcomeChange else { return nil }
        func side(_ name: String, _ outcome: CaptureDiff.Outcome?, _ seq: Int?) -> String {
            "\(name) " + (outcome?.text ?? "did not try it") + (seq.map { " (event \($0))" } ?? "")
        }
        let change = first.change
        return
            "the first outcome that differs: \(change.booking) (\(change.restaurant) \(ClockText.minutes(change.startMinute))): "
            + side("A", change.a, first.seqA) + ", " + side("B", change.b, first.seqB)
    }

    static func bookingSection(_ diff: CaptureDiff) -> [String] {
        var lines = [
            "bookings: \(diff.bookingChanges.count) changed, \(diff.unchangedBookings) unchanged, \(diff.onlyInA.count) only in A, \(diff.onlyInB.count) only in B"
        ]
        if !diff.bookingChanges.isEmpty {
            lines.append(
                "  outcomes: "
                    + CaptureDiff.BookingChange.Kind.allCases.compactMap { kind in
                        let count = diff.bookingChanges.filter { $0.kind == kind }.count
                        // Edits exist only in format 7: other diffs keep their line.
                        return kind == .editOutcome && count == 0 ? nil : "\(count) \(kind.rawValue)"
                    }.joined(separator: ", "))
        }
        func rows(_ title: String, _ changes: [CaptureDiff.BookingChange]) {
            guard !changes.isEmpty else { return }
            lines.append(title)
            var table = [["restaurant", "start", "booking", "A", "B"]]
            for change in changes {
                table.append([
                    change.restaurant, ClockText.minutes(change.startMinute), change.booking, change.a?.text ?? "-",
                    change.b?.text ?? "-"
                ])
            }
            lines += aligned(table, right: []).map { "  " + $0 }
        }
        for kind in CaptureDiff.BookingChange.Kind.allCases {
            rows("\(kind.rawValue):", diff.bookingChanges.filter { $0.kind == kind })
        }
        rows("only in A:", diff.onlyInA)
        rows("only in B:", diff.onlyInB)
        if let first = firstOutcomeText(diff) { lines.insert(first, at: 1) }
        return lines
    }

    static func line(_ record: EventRecord) -> String {
        "\(record.seq) \(ClockText.seconds(record.at)) \(record.type) \(record.restaurant ?? "-") \(record.booking ?? "-") \(record.payload)"
    }

    static func aligned(_ rows: [[String]], right: Set<Int>) -> [String] {
        TextTable.render(rows, rightAligned: right)
    }

    // MARK: Markdown

    public static func markdown(_ diff: CaptureDiff) -> String {
        var lines = [
            "# replay diff", "", "- A: `\(diff.pathA)` (\(diff.eventsA) events)",
            "- B: `\(diff.pathB)` (\(diff.eventsB) events)", "",
            "**\(verdict(diff))**", ""
        ]
        lines.append("## Inputs")
        lines.append("")
        if diff.inputChanges.isEmpty {
            lines.append("Same options and scenario.")
        } else {
            lines += ["| section | key | A | B |", "|---|---|---|---|"]
            for change in diff.inputChanges {
                lines.append(
                    "| \(change.section) | \(change.key) | \(change.a ?? "(absent)") | \(change.b ?? "(absent)") |")
            }
        }
        lines.append("")
        if let divergence = diff.divergence {
            lines += [
                "## First divergence", "",
                "Event \(divergence.seq), after \(divergence.sharedPrefix) shared events; differs in \(divergence.fields.joined(separator: ", ")).",
                "", "```"
            ]
            for record in divergence.context { lines.append("  " + line(record)) }
            lines.append("A " + (divergence.a.map(line) ?? "(no event)"))
            lines.append("B " + (divergence.b.map(line) ?? "(no event)"))
            lines += ["```", ""]
        }
        lines += ["## Metrics", "", "| scope | metric | A | B | delta |", "|---|---|--:|--:|--:|"]
        for metric in metricRows(diff, summary: false) {
            lines.append(
                "| \(metric.scope) | \(metric.name) | \(value(metric.a, ratio: metric.isRatio)) | \(value(metric.b, ratio: metric.isRatio)) | \(delta(metric, style: Style(colour: false))) |"
            )
        }
        lines += [
            "", "## Bookings", "",
            "\(diff.bookingChanges.count) changed, \(diff.unchangedBookings) unchanged, \(diff.onlyInA.count) only in A, \(diff.onlyInB.count) only in B.",
            ""
        ]
        if let first = firstOutcomeText(diff) { lines += [first.prefix(1).uppercased() + first.dropFirst() + ".", ""] }
        let groups = CaptureDiff.BookingChange.Kind.allCases.map { kind in
            ("Changed: \(kind.rawValue)", diff.bookingChanges.filter { $0.kind == kind })
        }
        for (title, changes) in groups + [("Only in A", diff.onlyInA), ("Only in B", diff.onlyInB)]
        where !changes.isEmpty {
            lines += ["### \(title)", "", "| restaurant | start | booking | A | B |", "|---|--:|---|---|---|"]
            for change in changes {
                lines.append(
                    "| \(change.restaurant) | \(ClockText.minutes(change.startMinute)) | \(change.booking) | \(change.a?.text ?? "-") | \(change.b?.text ?? "-") |"
                )
            }
            lines.append("")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    public static func json(_ diff: CaptureDiff, summary: Bool) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("format_version", 1)
        w.field("a", diff.pathA)
        w.field("b", diff.pathB)
        w.field("events_a", diff.eventsA)
        w.field("events_b", diff.eventsB)
        w.field("identical", diff.identical)
        w.field("better", diff.better)

        w.field("a_condition", diff.conditionA.name)
        w.field("b_condition", diff.conditionB.name)
        w.field("judgeable", diff.isJudgeable)
        w.field("worse", diff.worseReasons)
        w.key("first_outcome_change")
        if let first = diff.firstOutcomeChange {
            w.beginObject()
            w.field("booking", first.change.booking)
            w.field("restaurant", first.change.restaurant)
            w.field("a", first.change.a?.text)
            w.field("event_a", first.seqA)
            w.field("b", first.change.b?.text)
            w.field("event_b", first.seqB)
            w.endObject()
        } else {
            w.null()
        }
        w.field("verdict", verdict(diff))
        if !summary {
            w.key("inputs")
            w.beginArray()
            for change in diff.inputChanges {
                w.beginObject()
                w.field("section", change.section)
                w.field("key", change.key)
                w.field("a", change.a)
                w.field("b", change.b)
                w.endObject()
            }
            w.endArray()
            w.key("first_divergence")
            if let divergence = diff.divergence {
                w.beginObject()
                w.field("seq", divergence.seq)
                w.field("shared_prefix", divergence.sharedPrefix)
                w.field("fields", divergence.fields)
                w.key("a")
                event(divergence.a, into: &w)
                w.key("b")
                event(divergence.b, into: &w)
                w.key("context")
                w.beginArray()
                for record in divergence.context { event(record, into: &w) }
                w.endArray()
                w.endObject()
            } else {
                w.null()
            }
            w.key("allocation_divergence")
            if let allocation = diff.allocationDivergence {
                w.beginObject()
                w.field("seq_a", allocation.a?.seq ?? 0)
                w.field("seq_b", allocation.b?.seq ?? 0)
                w.field("fields", allocation.fields)
                w.key("a")
                event(allocation.a, into: &w)
                w.key("b")
                event(allocation.b, into: &w)
                w.endObject()
            } else {
                w.null()
            }
        }
        w.key("metrics")
        w.beginArray()
        for metric in metricRows(diff, summary: summary) {
            w.beginObject()
            w.field("scope", metric.scope)
            w.field("metric", metric.name)
            w.field("unit", metric.isRatio ? "basis_points" : "count")
            w.key("a")
            optional(metric.a, into: &w)
            w.key("b")
            optional(metric.b, into: &w)
            w.key("delta")
            optional(metric.delta, into: &w)
            w.endObject()
        }
        w.endArray()
        if !summary {
            w.field("unchanged_bookings", diff.unchangedBookings)
            for (key, changes) in [
                ("changed_bookings", diff.bookingChanges), ("only_in_a", diff.onlyInA), ("only_in_b", diff.onlyInB)
            ] {
                w.key(dynamic: key)
                w.beginArray()
                for change in changes {
                    w.beginObject()
                    w.field("booking", change.booking)
                    w.field("restaurant", change.restaurant)
                    w.field("start_minute", change.startMinute)
                    if key == "changed_bookings" { w.field("kind", change.kind.rawValue) }
                    w.key("a")
                    outcome(change.a, into: &w)
                    w.key("b")
                    outcome(change.b, into: &w)
                    w.endObject()
                }
                w.endArray()
            }
        }
        w.endObject()
        return w.string + "\n"
    }

    static func optional(_ value: Int?, into w: inout JSONWriter) { if let value { w.int(value) } else { w.null() } }

    static func event(_ record: EventRecord?, into w: inout JSONWriter) {
        guard let record else {
            w.null()
            return
        }
        record.writeJSON(to: &w, withHash: false)
    }

    static func outcome(_ outcome: CaptureDiff.Outcome?, into w: inout JSONWriter) {
        guard let outcome else {
            w.null()
            return
        }
        w.beginObject()
        w.field("status", outcome.status)
        w.field("tables", outcome.tables)
        w.field("quotes", outcome.quotes)
        w.field("reason", outcome.reason)
        // Format 7: how the booking's last edit ended; only where it had one (an added key).
        if let edit = outcome.edit { w.field("edit", edit) }
        w.endObject()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    func replacingLastOccurrence(of target: String, with replacement: String) -> String {
        guard let range = range(of: target, options: .backwards) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
