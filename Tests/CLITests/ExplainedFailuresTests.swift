import EventLog
import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

/// What the reports and the terminal say about a failed booking, on a floor worked out by hand:
/// one two-seat table T1 and a four-seat T2 in one zone; S1 (2 people) and S3 (4) at 19:00 are
/// seated first, so S2 (2 people, 19:15) finds both tables taken: it fails `tables_occupied`,
/// blocked by S1 on T1 and S3 on T2 (T2 seats two as well).
@Suite struct ExplainedFailuresTests {
    static let day = """
        {"name": "blocked", "date": "2025-11-08",
         "restaurants": [{"slug": "r1", "services": [{"name": "dinner", "start": "17:00", "end": "22:00"}],
           "turnMinutes": {"2": 60, "4": 75}, "bufferMinutes": 15,
           "tables": [{"id": "T1", "zone": "main", "min": 1, "max": 2}, {"id": "T2", "zone": "main", "min": 2, "max": 4}]}],
         "bookings": [{"id": "S1", "restaurant": "r1", "start": "19:00", "party": 2},
                      {"id": "S3", "restaurant": "r1", "start": "19:00", "party": 4},
                      {"id": "S2", "restaurant": "r1", "start": "19:15", "party": 2},
                      {"id": "S4", "restaurant": "r1", "start": "21:30", "party": 2}]}
        """

    func recorded(_ folder: URL, _ extra: [String] = []) throws -> Replay.Result {
        try Self.day.write(to: folder.appendingPathComponent("day.json"), atomically: true, encoding: .utf8)
        return try Replay.run(
            ["record", "--scenario", "day.json", "--out", "day.db", "--reports", "rep"] + extra, in: folder)
    }

    @Test func theReportsSayWhoWasInTheWay() throws {
        let folder = newFolder()
        let record = try recorded(folder)
        #expect(record.status == 0, "\(record.stderr)")
        #expect(record.stdout.contains("success 2/4"), "\(record.stdout)")
        // JSON: S2 blocked by S1 on T1 and S3 on T2; S4 overruns dinner, nobody in its way.
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("rep/day.json")))
                as? [String: Any])
        let failed = try #require(json["unsuccessful_bookings"] as? [[String: Any]])
        let s2 = try #require(failed.first { $0["booking"] as? String == "S2" })
        #expect(s2["reason"] as? String == "tables_occupied")
        let blockers = try #require(s2["blocked_by"] as? [[String: Any]])
        #expect(blockers.map { $0["booking"] as? String } == ["S1", "S3"])
        #expect(blockers.map { $0["tables"] as? [String] } == [["T1"], ["T2"]])
        let s4 = try #require(failed.first { $0["booking"] as? String == "S4" })
        #expect((s4["blocked_by"] as? [Any])?.isEmpty == true)
        #expect(s4["window_problem"] as? String == "asked 21:30-22:30, dinner ends 22:00", "by how much it overruns")
        #expect(s2["window_problem"] is NSNull)
        // Markdown: the same, in its column.
        let markdown = try String(contentsOf: folder.appendingPathComponent("rep/day.md"), encoding: .utf8)
        #expect(markdown.contains("| tables_occupied |") && markdown.contains("| S1 on T1, S3 on T2 |"), "\(markdown)")
        // HTML: each failure is a bar in the "not seated" lane linking to its line, which names the blockers.
        let html = try String(contentsOf: folder.appendingPathComponent("rep/day.html"), encoding: .utf8)
        #expect(html.contains("NOT SEATED (2)"))
        let links = html.components(separatedBy: "<a href=\"#b-").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(links.count == 2)
        for link in links { #expect(html.contains("<li id=\"b-\(link)\">"), "the bar links to a line of the list") }
        #expect(html.contains("blocked by S1 on T1, S3 on T2"))
        #expect(
            XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8)).parse(),
            "the page is well-formed XML")
    }

    /// A floor worked out by hand where every free table is kept from F (2 people, 19:15) by a
    /// different rule: T1 is taken by A (19:00); T2 seats 3-4, T6 5-6 (their minimums); T3 is
    /// inactive; T4, one seat, is alone in the bar; T5, one seat, joined with T6 (the patio's
    /// only other table) makes 7 seats for 2, over the 4 spare seats allowed.
    static let rulesDay = """
        {"name": "rules", "date": "2025-11-08",
         "restaurants": [{"slug": "r1", "services": [{"name": "dinner", "start": "17:00", "end": "22:00"}],
           "turnMinutes": {"2": 60, "4": 75}, "bufferMinutes": 15,
           "tables": [{"id": "T1", "zone": "main", "min": 1, "max": 2}, {"id": "T2", "zone": "main", "min": 3, "max": 4},
                      {"id": "T3", "zone": "main", "min": 1, "max": 2, "active": false}, {"id": "T4", "zone": "bar", "min": 1, "max": 1},
                      {"id": "T5", "zone": "patio", "min": 1, "max": 1}, {"id": "T6", "zone": "patio", "min": 5, "max": 6}]}],
         "bookings": [{"id": "A", "restaurant": "r1", "start": "19:00", "party": 2},
                      {"id": "F", "restaurant": "r1", "start": "19:15", "party": 2}]}
        """

    @Test func theWhyNamesTheRuleThatKeptEachFreeTable() throws {
        let folder = newFolder()
        try Self.rulesDay.write(to: folder.appendingPathComponent("rules.json"), atomically: true, encoding: .utf8)
        let record = try Replay.run(
            ["record", "--scenario", "rules.json", "--out", "rules.db", "--reports", "rep"], in: folder)
        #expect(record.status == 0 && record.stdout.contains("success 1/2"), "\(record)")
        let rules =
            "T2 (minimum 3 covers, above the party of 2); T3 (inactive); T4 (too small, and no free table of its zone to join); "
            + "T5 (joined, over the 4 spare seats allowed); T6 (minimum 5 covers, above the party of 2)"
        let shown = try Replay.run(["show", "rules.db", "--booking", "F"], in: folder)
        #expect(
            shown.stdout.hasSuffix(
                "why: F 19:15 party 2 failed: tables_occupied; blocked by A on T1; free but ruled out: \(rules)\n"),
            "\(shown.stdout)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("rep/rules.json")))
                as? [String: Any])
        let failed = try #require((json["unsuccessful_bookings"] as? [[String: Any]])?.first)
        let ruledOut = try #require(failed["ruled_out"] as? [[String: Any]])
        #expect(
            ruledOut.map { $0["rule"] as? String ?? "" } == [
                "minimum 3 covers, above the party of 2", "inactive",
                "too small, and no free table of its zone to join",
                "joined, over the 4 spare seats allowed", "minimum 5 covers, above the party of 2"
            ])
        #expect(ruledOut.map { $0["tables"] as? [String] ?? [] } == [["T2"], ["T3"], ["T4"], ["T5"], ["T6"]])
        let markdown = try String(contentsOf: folder.appendingPathComponent("rep/rules.md"), encoding: .utf8)
        #expect(markdown.contains("A on T1; free but ruled out: \(rules) |"), "\(markdown)")
        // Notes only for reasons that occurred: nobody here overran a service.
        #expect(!markdown.contains("`service_window_overrun`:"))
        let html = try String(contentsOf: folder.appendingPathComponent("rep/rules.html"), encoding: .utf8)
        #expect(html.contains("free but ruled out: T2 (minimum 3 covers, above the party of 2); T3 (inactive)"))
    }

    @Test func conflictsReadInServiceTimeWithTheRunClockLabelled() throws {
        let folder = newFolder()
        let record = try Replay.run(
            [
                "record", "--mode", "reserve", "--clients", "8", "--clone-limit", "40", "--out", "race.db", "--reports",
                "rep"
            ], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("rep/race.html"), encoding: .utf8)
        #expect(!html.contains("virtual clock"))
        // Each conflict line starts with the seating's service time; the run clock comes last, labelled.
        let lines = html.components(separatedBy: "<li id=\"c").dropFirst()
        #expect(!lines.isEmpty, "the race has conflicts")
        for line in lines {
            let item = line.components(separatedBy: "</li>")[0]
            #expect(
                item.range(
                    of: #"^[0-9]+-[^"]*"><b>[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}</b> "#, options: .regularExpression)
                    != nil, "\(item)")
            #expect(
                item.range(
                    of: #"\(run clock [0-9]{2}:[0-9]{2}:[0-9]{2}: the order events happened in\)</span>$"#,
                    options: .regularExpression) != nil, "\(item)")
        }
        // The built-in day has overruns: there the note is written.
        let markdown = try String(contentsOf: folder.appendingPathComponent("rep/race.md"), encoding: .utf8)
        #expect(markdown.contains("`service_window_overrun`: the seating would end after its service ends."))
    }

    /// `--prefill legacy --oracle legacy` (what a format-3 capture's row or shrink records with)
    /// gives the old run: no `prefill` nor `oracle` in `run.started`, the creation format of before.
    @Test func theLegacyPrefillRecordsAsFormatThreeAndOlderRan() throws {
        let folder = newFolder()
        try Self.day.write(to: folder.appendingPathComponent("day.json"), atomically: true, encoding: .utf8)
        let legacy = try Replay.run(
            [
                "record", "--scenario", "day.json", "--mode", "reserve", "--prefill", "legacy", "--oracle", "legacy",
                "--out", "l.db",
                "--no-reports"
            ], in: folder)
        #expect(legacy.status == 0, "\(legacy.stderr)")
        let reader = try CaptureReader(path: folder.appendingPathComponent("l.db").path)
        #expect(reader.metaValue("format_version") == "1")
        #expect(
            reader.metaValue("options")?.contains("prefill") == false
                && reader.metaValue("options")?.contains("oracle") == false)
        #expect(try Replay.run(["run", "l.db"], in: folder).status == 0)
        let live = try Replay.run(
            ["record", "--scenario", "day.json", "--mode", "reserve", "--out", "a.db", "--no-reports"], in: folder)
        #expect(
            try CaptureReader(path: folder.appendingPathComponent("a.db").path).metaValue("format_version") == "5",
            "\(live.stderr)")
    }

    @Test func showExplainsAFailedBookingAndWritesCSV() throws {
        let folder = newFolder()
        #expect(try recorded(folder).status == 0)
        let show = try Replay.run(["show", "day.db", "--booking", "S2"], in: folder)
        #expect(show.status == 0, "\(show.stderr)")
        let lines = show.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("    seq  run clock  type") == true, "a header row")
        #expect(
            lines.last == "why: S2 19:15 party 2 failed: tables_occupied; blocked by S1 on T1, S3 on T2",
            "\(show.stdout)")
        #expect(!show.stdout.contains(" 1 quotes") && !show.stdout.contains(" 1 candidates"))
        // CSV: a header, then one row per event the text listing shows, payloads quoted.
        let csv = try Replay.run(["show", "day.db", "--booking", "S2", "--csv"], in: folder)
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "seq,run_clock_seconds,run_clock,type,restaurant,booking,what,payload")
        #expect(rows.count == lines.count - 1, "the same events, without the why line: \(csv.stdout)")
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix("}\"") }, "payloads are quoted: \(csv.stdout)")
        #expect(try Replay.run(["show", "day.db", "--csv", "--json"], in: folder).status == 2)
    }

    /// The explanation folds the whole capture from the listing's stream: an altered event past
    /// `--to` leaves it out (the listing up to `--to` stands), and the same capture listed to its
    /// end is refused.
    @Test func anAlteredEventPastToLeavesTheExplanationOut() throws {
        let folder = newFolder()
        #expect(try recorded(folder).status == 0)
        let path = folder.appendingPathComponent("day.db").path
        var failedAt = 0
        var last = 0
        try CaptureReader(path: path).forEachEvent { record in
            if record.type == "booking.failed" && record.booking == "S2" { failedAt = record.seq }
            last = record.seq
            return true
        }
        #expect(failedAt > 0 && last > failedAt)
        let connection = try Connection(path: path, mode: .create)
        try connection.execute("UPDATE events SET at = at + 1 WHERE seq = \(last)")
        let listed = try Replay.run(["show", "day.db", "--booking", "S2", "--to", String(failedAt)], in: folder)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("booking.failed") && !listed.stdout.contains("why:"), "\(listed.stdout)")
        let whole = try Replay.run(["show", "day.db", "--booking", "S2"], in: folder)
        #expect(
            whole.status == 2 && whole.stderr.contains("event \(last): its hash does not match"), "\(whole.stderr)")
    }

    @Test func verboseHasPassesOneLinePerStrategyRunOutcomesAndBothParties() throws {
        let folder = newFolder()
        let run = try recorded(folder, ["--verbose", "--max-iterations", "2"])
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.filter { $0.hasPrefix("r1 pass ") } == [
                "r1 pass 1 of at most 2: 4 pending", "r1 pass 2 of at most 2: 1 pending"
            ], "\(run.stderr)")
        // S2's eight empty strategies per pass are one line each pass.
        let s2 = lines.filter { $0.hasPrefix("r1 S2 party 2 ") }
        #expect(s2.filter { $0.contains("adjacent-x1 … relaxed-x4 (8 strategies): 0 candidates") }.count == 2, "\(s2)")
        #expect(lines.contains("r1 S2 party 2 failed after 16 quotes: tables_occupied"), "\(run.stderr)")
        #expect(lines.contains { $0.hasPrefix("r1 S1 confirmed ") })
        // Racing clients: a hold conflict names the booking in the way.
        let race = try Replay.run(
            [
                "record", "--scenario", "day.json", "--mode", "reserve", "--prefill", "none", "--clone-limit", "4",
                "--clients", "4", "--seed", "3", "--verbose", "--out", "race.db", "--no-reports"
            ], in: folder)
        for line in race.stderr.split(separator: "\n") where line.contains("conflict") {
            #expect(line.contains("conflict with C"), "\(line)")
        }
    }
}
