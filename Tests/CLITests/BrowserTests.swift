import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing

/// The pages rendered in a real browser (headless Chromium, `--dump-dom`): the run report, a
/// race with conflicts and the diff. The run report's script must have run (it marks the body)
/// and its `#find=` link must filter the restaurants, so a script error fails here.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// The DOM after load, as Chromium serialises it.
    static func dom(_ url: String, in folder: URL) throws -> String {
        let browser = try #require(chromium, "Chromium is not installed (.ci/run installs Debian's chromium)")
        let result = try Replay.runProgram(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                "--user-data-dir=\(folder.path)/chromium-profile", "--dump-dom", url
            ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func theRunReportTheRaceAndTheDiffRender() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--out", "day.db", "--reports", "rep"], in: folder).status == 0)
        let page = folder.appendingPathComponent("rep/day.html").path
        let dom = try Self.dom("file://" + page, in: folder)
        #expect(dom.contains("data-script=\"ran\""), "the page's script ran without error")
        #expect(dom.components(separatedBy: "<section class=\"restaurant\" data-restaurant=").count - 1 == 5)
        #expect(dom.contains("NOT SEATED (4)"))
        // #find=cafe: every restaurant but cafe-3 hidden, in the index and the sections.
        let filtered = try Self.dom("file://" + page + "#find=cafe", in: folder)
        let hidden = filtered.components(separatedBy: "filtered\"").count - 1
        #expect(
            filtered.contains("<div style=\"display:contents\" data-restaurant=\"cafe-3\">"),
            "a shown chart row keeps its own display")
        #expect(hidden == 16, "4 sections, 4 index links, 4 chart rows and 4 coverage figures hidden, found \(hidden)")
        #expect(filtered.contains("data-restaurant=\"cafe-3\" id=\"r-cafe-3\""))
        // A race with conflicts: the conflict list and its linked marks.
        #expect(
            try Replay.run(
                [
                    "record", "--mode", "reserve", "--clone-limit", "40", "--clients", "4", "--out", "race.db",
                    "--reports", "rep"
                ],
                in: folder
            ).status == 0)
        let race = try Self.dom("file://" + folder.appendingPathComponent("rep/race.html").path, in: folder)
        #expect(race.contains("data-script=\"ran\"") && race.contains("Conflicts ("))
        #expect(race.contains("class=\"conflict\""))
        // The diff of the two: one overlaid timeline per restaurant.
        #expect(try Replay.run(["diff", "day.db", "race.db", "--html", "--reports", "rep"], in: folder).status == 1)
        let diff = try Self.dom("file://" + folder.appendingPathComponent("rep/diff-day-vs-race.html").path, in: folder)
        #expect(diff.components(separatedBy: "<svg").count - 1 == 5)
        #expect(diff.contains("gained in B"))
    }

    /// A page without its floor renderer's script (whose text holds "<svg" and the like).
    static func markup(_ page: String) -> String { page.components(separatedBy: "<script>//<![CDATA[").first ?? page }

    /// The part of a restaurant's section the floor renderers draw: timeline, legend and lists.
    static func layout(of slug: String, in dom: String) -> String? {
        guard let section = dom.range(of: "id=\"r-\(slug)\""),
            let start = dom.range(of: "<div class=\"layout\">", range: section.upperBound..<dom.endIndex),
            let end = dom.range(of: "</aside></div>", range: start.upperBound..<dom.endIndex)
        else { return nil }
        return String(dom[start.lowerBound..<end.upperBound])
    }

    /// `--floors script` draws, element for element, what the SVG page has: on the built-in day
    /// (failures, combinations, utilisation), a race (conflicts, holds that never confirmed) and
    /// the built-in day with edits and cancellations (places left), every restaurant compared as
    /// Chromium serialises the two DOMs.
    @Test func theScriptDrawsWhatTheSVGPageHas() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--out", "day.db", "--reports", "svg", "--quiet"], in: folder).status == 0)
        #expect(
            try Replay.run(
                [
                    "record", "--mode", "reserve", "--clone-limit", "40", "--clients", "4", "--out", "race.db",
                    "--reports", "svg", "--quiet"
                ],
                in: folder
            ).status == 0)
        #expect(
            try Replay.run(
                [
                    "scenario", "change", "default", "--edit-rate", "0.3", "--cancel-rate", "0.15", "--out",
                    "changed.json"
                ],
                in: folder
            ).status == 0)
        #expect(
            try Replay.run(
                ["record", "--scenario", "changed.json", "--out", "changed.db", "--reports", "svg", "--quiet"],
                in: folder
            ).status == 0)
        let changedPage = try String(contentsOf: folder.appendingPathComponent("svg/changed.html"), encoding: .utf8)
        #expect(changedPage.contains("class=\"left moved\"") && changedPage.contains("class=\"left cancelled\""))
        for stem in ["day", "race", "changed"] {
            #expect(
                try Replay.run(["report", "\(stem).db", "--floors", "script", "--reports", "script"], in: folder).status
                    == 0)
            let svgPage = try Self.dom("file://" + folder.appendingPathComponent("svg/\(stem).html").path, in: folder)
            let scriptPage = try String(
                contentsOf: folder.appendingPathComponent("script/\(stem).html"), encoding: .utf8)
            #expect(!Self.markup(scriptPage).contains("<svg"), "no timeline is written out")
            for slug in ["pub-1", "finedining-5", "cafe-3", "finedining-4", "pub-2"] {
                // Following a link to the section opens and draws it.
                let drawn = try Self.dom(
                    "file://" + folder.appendingPathComponent("script/\(stem).html").path + "#r-\(slug)", in: folder)
                #expect(drawn.components(separatedBy: "data-drawn=\"yes\"").count - 1 == 1)
                let expected = try #require(Self.layout(of: slug, in: svgPage))
                #expect(Self.layout(of: slug, in: drawn) == expected, "\(stem) \(slug) drawn differently")
            }
        }
        #expect(
            try Replay.run(["report", "day.db", "--floors", "sideways"], in: folder).stderr.contains(
                "--floors must be auto, svg or script, found sideways"))
    }

    /// The optimal plan's lane in Chromium: on the built-in day with `--optimum`, pub-1's two
    /// bookings the run did not seat are in their own lane below the tables, each label whole
    /// inside the timeline, and the page's script draws the same lane, element for element.
    @Test(.enabled(if: cbcInstalled, "needs COIN-OR CBC: apt-get install coinor-cbc"))
    func theOptimalPlanHasItsOwnLaneWithWholeLabels() throws {
        let folder = newFolder()
        #expect(
            try Replay.run(["record", "--optimum", "--out", "day.db", "--reports", "svg", "--quiet"], in: folder).status
                == 0)
        #expect(
            try Replay.run(["report", "day.db", "--optimum", "--floors", "script", "--reports", "script"], in: folder)
                .status == 0)
        let svgPage = try Self.dom("file://" + folder.appendingPathComponent("svg/day.html").path, in: folder)
        let drawn = try Self.dom(
            "file://" + folder.appendingPathComponent("script/day.html").path + "#r-pub-1", in: folder)
        let layout = try #require(Self.layout(of: "pub-1", in: svgPage))
        #expect(Self.layout(of: "pub-1", in: drawn) == layout, "the script draws the lane as the SVG page has it")
        #expect(
            layout.contains("OPTIMAL PLAN (2)") && layout.contains("An optimal plan seats B071, B076; net +2."),
            "\(layout)")
        // Each label: its text from x to about 6 pixels a character, inside the drawing's width.
        let width = try #require(layout.firstMatch(of: /<svg width="(\d+)"/).flatMap { Int($0.1) })
        let labels = layout.matches(
            of:
                /<g class="ghost"><title>[^<]*<\/title><rect [^>]*><\/rect><text x="(\d+)" y="\d+" font-size="10.5" fill="#1d4ed8"( text-anchor="end")?>([^<]+)<\/text>/
        )
        #expect(labels.map { String($0.3) } == ["B071 on T014", "B076 on T018"], "\(layout)")
        for label in labels {
            let x = Int(label.1) ?? 0
            let length = label.3.count * 6
            #expect(
                label.2 == nil ? x + length <= width : x - length >= 0 && x <= width, "\(label.3) at \(x) in \(width)")
        }
        // Not drawn in the table rows any more: every ghost is below the not-seated lane.
        let notSeated = try #require(layout.range(of: "NOT SEATED ("))
        let firstGhost = try #require(layout.range(of: "<g class=\"ghost\">"))
        #expect(notSeated.lowerBound < firstGhost.lowerBound)
    }

    /// A day over 40 restaurants is drawn by script: a link to a failure folded under "N more"
    /// opens its restaurant, draws it and unfolds the list.
    @Test func aLargeDayDrawsTheSectionALinkPointsInto() throws {
        let folder = newFolder()
        #expect(
            try Replay.run(
                [
                    "scenario", "generate", "--restaurants", "41", "--bookings", "1200", "--seed", "3", "--out",
                    "large.json"
                ], in: folder
            ).status == 0)
        #expect(
            try Replay.run(
                [
                    "record", "--scenario", "large.json", "--out", "large.db", "--reports", "rep", "--quiet",
                    "--no-bruteforce"
                ], in: folder
            ).status == 0)
        let page = try String(contentsOf: folder.appendingPathComponent("rep/large.html"), encoding: .utf8)
        #expect(
            !Self.markup(page).contains("<svg") && page.contains("<script type=\"application/json\" id=\"floor-data\">")
        )
        #expect(page.contains("and 17 more below: type a name to find one"), "24 of 41 restaurants in the index")
        // The ninth failure of the restaurant with the most: folded in its list.
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("rep/large.json")))
                as? [String: Any])
        let failures = try #require(report["unsuccessful_bookings"] as? [[String: Any]])
        var byRestaurant: [String: [String]] = [:]
        for failure in failures {
            byRestaurant[failure["restaurant"] as? String ?? "", default: []].append(
                failure["booking"] as? String ?? "")
        }
        let (slug, bookings) = try #require(byRestaurant.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) })
        #expect(bookings.count > 8)
        let anchor = try #require(
            page.range(of: "[\"\(bookings[8])\",").map { page[$0.upperBound...].prefix { $0 != "," } })
        let dom = try Self.dom(
            "file://" + folder.appendingPathComponent("rep/large.html").path + "#b-\(anchor)", in: folder)
        #expect(dom.components(separatedBy: "data-drawn=\"yes\"").count - 1 == 1)
        let section = try #require(Self.layout(of: slug, in: dom))
        #expect(section.contains("<li id=\"b-\(anchor)\"><b>\(bookings[8])</b>"))
        #expect(section.contains("NOT SEATED (\(bookings.count))"))
        #expect(
            section.contains("<details open=\"\"><summary>\(bookings.count - 8) more</summary>"),
            "the fold holding it is open")
        // Searching says how many sections match, beyond the 24 in the index.
        let cafes = page.components(separatedBy: "<section class=\"restaurant\" data-restaurant=\"cafe-").count - 1
        let found = try Self.dom(
            "file://" + folder.appendingPathComponent("rep/large.html").path + "#find=cafe", in: folder)
        #expect(
            cafes > 1 && found.contains("id=\"find-count\">\(cafes) restaurants match: their sections are below</span>")
        )
    }

    /// Names that are markup or formulas stay text: through the data block and the script into
    /// the drawn page, and into `show --csv` with a leading `'`.
    @Test func namesThatLookLikeMarkupOrFormulasStayText() throws {
        let folder = newFolder()
        let scenario = """
            {"name": "markup", "date": "2025-11-14",
             "restaurants": [{"slug": "@Fish & <Chips>", "services": [{"name": "Dinner \\"late\\"", "start": "17:00", "end": "23:00"}], "turnMinutes": {"2": 60, "8": 90},
               "tables": [{"id": "<T1>", "zone": "A&B", "min": 1, "max": 4}, {"id": "T'2", "zone": "A&B", "min": 1, "max": 4},
                          {"id": "__proto__", "zone": "A&B", "min": 1, "max": 4}],
               "adjacency": [["<T1>", "T'2"]]}],
             "bookings": [{"id": "=HYPERLINK(\\"x\\")", "restaurant": "@Fish & <Chips>", "start": "18:00", "party": 6},
                          {"id": "Ce\u{301}cile-\u{1F37D}\u{FE0F}-e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}-long", "restaurant": "@Fish & <Chips>", "start": "17:00", "party": 2},
                          {"id": "-1</script>", "restaurant": "@Fish & <Chips>", "start": "18:30", "party": 2},
                          {"id": "+late", "restaurant": "@Fish & <Chips>", "start": "22:30", "party": 2}]}
            """
        try Data(scenario.utf8).write(to: folder.appendingPathComponent("markup.json"))
        let record = try Replay.run(
            ["record", "--scenario", "markup.json", "--out", "m.db", "--reports", "svg", "--quiet"], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        #expect(try Replay.run(["report", "m.db", "--floors", "script", "--reports", "script"], in: folder).status == 0)
        let page = try String(contentsOf: folder.appendingPathComponent("script/m.html"), encoding: .utf8)
        #expect(
            XMLParser(data: Data(page.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8)).parse(),
            "still well-formed XML")
        #expect(!page.contains("-1</script>"), "a name cannot end the data block")
        let slug = "-Fish----Chips-"  // the anchor of "@Fish & <Chips>" is r--Fish----Chips-
        let svgPage = try Self.dom("file://" + folder.appendingPathComponent("svg/m.html").path, in: folder)
        let drawn = try Self.dom(
            "file://" + folder.appendingPathComponent("script/m.html").path + "#r-\(slug)", in: folder)
        let expected = try #require(Self.layout(of: slug, in: svgPage))
        #expect(Self.layout(of: slug, in: drawn) == expected)
        #expect(expected.contains("&lt;T1&gt;") && expected.contains("=HYPERLINK(\"x\")") && expected.contains("+late"))
        #expect(
            expected.contains("Ce\u{301}cile-\u{1F37D}\u{FE0F}-e\u{301}…·2"),
            "a long name cut by characters, not code units")
        let dashed = try Replay.run(
            ["show", "m.db", "--booking", "-1", "--type", "booking.seeded", "--json"], in: folder)
        #expect(
            dashed.status == 0 && dashed.stdout.contains("\"booking\":\"-1</script>\""),
            "an id starting with - is an id: \(dashed.stdout)\(dashed.stderr)")
        let csv = try Replay.run(["show", "m.db", "--csv", "--type", "booking.seeded"], in: folder)
        let rows = csv.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 4 && rows.allSatisfy { $0.contains(",'@Fish & <Chips>,") }, "\(csv.stdout)")
        #expect(
            rows.contains { $0.contains(",\"'=HYPERLINK(\"\"x\"\")\",") }
                && rows.contains { $0.contains(",'-1</script>,") }
                && rows.contains { $0.contains(",'+late,") }, "\(csv.stdout)")
    }
}
