import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Allocation
import CanonicalJSON
import Projections
import Replayer
@testable import Reports
import Scenarios
import StressRunner
import EventLog
import Testing

/// Collects element names, ids and `<title>` text while checking the page parses as XML.
final class PageCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""
    var attributes: [String] = []
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(name)
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { self.attributes.append("\(key)=\(value)") }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}

func parsePage(_ html: String) throws -> PageCollector {
    // The page is XHTML-compatible: strip the HTML5 doctype and parse it as XML.
    let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
    let parser = XMLParser(data: Data(body.utf8))
    let collector = PageCollector()
    parser.delegate = collector
    let ok = parser.parse()
    #expect(ok, "HTML does not parse: \(String(describing: parser.parserError)) line \(parser.lineNumber)")
    return collector
}

func context(_ scenario: Scenario, _ options: RunOptions = RunOptions()) throws -> ReportContext {
    let folder = ProcessScratch.folder("replay-reports")
    let path = folder.appendingPathComponent("run.db").path
    let result = try Recorder.record(scenario: scenario, options: options, path: path)
    return ReportContext(
        capturePath: path, stem: "run", state: result.state, eventCount: result.eventCount, headHash: result.headHash,
        toolVersion: "test", recordedAt: result.recordedAt, elapsedMilliseconds: 5, status: "complete")
}

@Suite struct HTMLReportTests {
    @Test func aSmallRunsPageIsWellFormedSelfContainedAndComplete() throws {
        let scenario = ScenarioGenerator.make(restaurants: 2, bookings: 30, seed: 4)
        let context = try context(scenario)
        let html = HTMLReport.render(context)
        let page = try parsePage(html)
        #expect(page.elements.contains("svg") && page.elements.contains("title"))
        for table in scenario.restaurants.flatMap(\.tables) {
            #expect(page.text.contains(table.id), "table \(table.id) missing")
        }
        for booking in scenario.bookings {
            #expect(page.text.contains(booking.id), "booking \(booking.id) missing")
        }
        // Self-contained: an inline script (the search box) is fine, nothing loaded from elsewhere.
        for reference in [
            "<script src", "<link", "src=", "url(", "http:", "https:", "@import", "fetch(", "XMLHttpRequest"
        ] {
            #expect(!html.contains(reference), "external reference \(reference)")
        }
        #expect(page.attributes.filter { $0.hasPrefix("href=") }.allSatisfy { $0.hasPrefix("href=#") })
    }

    @Test func conflictsAndUnconfirmedHoldsAreMarked() throws {
        // Racing clients on a one-table floor: a conflict is drawn on T1.
        let restaurant = Restaurant(
            slug: "r1", services: [ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 22 * 60)],
            turnMinutes: TurnTable([(2, 60)]), bufferMinutes: 15)
        let scenario = Scenario(
            name: "race", date: "2025-11-08",
            restaurants: [
                RestaurantPlan(
                    restaurant: restaurant, tables: [Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2)],
                    adjacency: [])
            ],
            bookings: [
                ScenarioBooking(id: "S1", restaurant: "r1", startMinute: 1140, partySize: 2),
                ScenarioBooking(id: "S2", restaurant: "r1", startMinute: 1140, partySize: 2)
            ])
        for seed: UInt64 in 1...20 {
            var options = RunOptions()
            options.mode = .reserve
            options.clients = 2
            options.seed = seed
            options.prefill = .empty
            let context = try context(scenario, options)
            guard context.state.overall.conflicts > 0 else { continue }
            let html = HTMLReport.render(context)
            _ = try parsePage(html)
            #expect(html.contains("conflict for"))
            #expect(html.contains("<circle"))
            return
        }
        Issue.record("no seed produced a conflict")
    }

    @Test func aDenselyConnectedTableNamesItsFirstNeighboursAndCountsTheRest() throws {
        // 12 tables, every pair adjacent: each row would list 11 neighbours over its own timeline.
        let tables = (1...12).map { Table(id: "T\($0 < 10 ? "0" : "")\($0)", zone: "hall", minCovers: 1, maxCovers: 2) }
        let pairs = tables.indices.flatMap { i in tables[(i + 1)...].map { AdjacencyPair(tables[i].id, $0.id) } }
        let restaurant = Restaurant(
            slug: "r1", services: [ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 22 * 60)],
            turnMinutes: TurnTable([(2, 60)]), bufferMinutes: 15)
        let scenario = Scenario(
            name: "dense", date: "2025-11-08",
            restaurants: [RestaurantPlan(restaurant: restaurant, tables: tables, adjacency: pairs)],
            bookings: [ScenarioBooking(id: "B1", restaurant: "r1", startMinute: 1140, partySize: 2)])
        let html = HTMLReport.render(try context(scenario))
        _ = try parsePage(html)
        #expect(html.contains("1-2 ↔ T02 T03 +9</tspan>"), "the label keeps to its column")
        #expect(
            html.contains("adjacent to T02, T03, T04, T05, T06, T07, T08, T09, T10, T11, T12</title>"),
            "the hover names them all")
    }

    @Test func aHundredRestaurantsAsSVGGetAnIndexWorstFirst() throws {
        var context = try context(
            ScenarioGenerator.make(restaurants: 100, bookings: 300, seed: 1),
            {
                var options = RunOptions()
                options.bruteforce = false
                return options
            }())
        context.floors = .svg
        let html = HTMLReport.render(context)
        #expect(html.components(separatedBy: "<nav class=\"index\">").count == 2)
        #expect(html.components(separatedBy: "href=\"#r-").count == 101)
        #expect(html.components(separatedBy: "<section class=\"restaurant\" data-restaurant=").count == 101)
        #expect(html.components(separatedBy: "<svg").count == 101)
        // Worst first, with a search box; long failure lists folded after the first 8.
        let order = html.components(separatedBy: "<section class=\"restaurant\" data-restaurant=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" })
        }
        let rates = order.map { slug in
            context.state.restaurant(slug).map {
                Ratio.basisPoints($0.metrics.confirmed, of: $0.metrics.tried) ?? 10_001
            } ?? -1
        }
        #expect(rates == rates.sorted() && rates.first! < rates.last!)
        #expect(html.contains("<input type=\"search\" id=\"find\""))
        let crowded = context.state.restaurants.filter {
            $0.metrics.failed + $0.metrics.refused > HTMLReport.failuresShown
        }
        #expect(html.components(separatedBy: " more</summary><ul>").count - 1 == crowded.count)
        #expect(html.contains("Success and coverage by restaurant, the 20 worst of 100"))
    }

    /// Over 40 restaurants the floors are data, drawn by the page's script: one JSON block with,
    /// per restaurant in the sections' order, every table, assignment, failure and conflict.
    @Test func aLargeDaysFloorsAreEmbeddedOnceAsData() throws {
        let context = try context(
            ScenarioGenerator.make(restaurants: 100, bookings: 300, seed: 1),
            {
                var options = RunOptions()
                options.bruteforce = false
                return options
            }())
        let html = HTMLReport.render(context)
        _ = try parsePage(html)  // still well-formed XML, script and data included
        #expect(
            !(html.components(separatedBy: "<script>//<![CDATA[").first ?? html).contains("<svg"),
            "no SVG outside the renderer")
        #expect(html.components(separatedBy: "href=\"#r-").count == 1 + HTMLReport.indexShown)
        #expect(html.contains("and \(100 - HTMLReport.indexShown) more below"))
        let sections = html.components(separatedBy: "<section class=\"restaurant\" data-restaurant=\"").dropFirst().map
        { String($0.prefix { $0 != "\"" }) }
        #expect(sections.count == 100)
        let start = try #require(html.range(of: "<script type=\"application/json\" id=\"floor-data\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let block = try #require(
            try JSONSerialization.jsonObject(with: Data(html[start.upperBound..<end.lowerBound].utf8)) as? [String: Any]
        )
        let floors = try #require(block["restaurants"] as? [[String: Any]])
        #expect(floors.map { $0["s"] as? String ?? "" } == sections)
        for (position, floor) in floors.enumerated() {
            let restaurant = try #require(context.state.restaurant(sections[position]))
            #expect(html.contains("<details class=\"floor\" data-floor=\"\(position)\">"))
            let zones = floor["z"] as? [[Any]] ?? []
            #expect(zones.reduce(0) { $0 + (($1[3] as? [Any])?.count ?? 0) } == restaurant.tables.count)
            #expect((floor["a"] as? [Any])?.count == restaurant.assignmentIDs.count)
            #expect((floor["f"] as? [Any])?.count == restaurant.metrics.failed + restaurant.metrics.refused)
            #expect((floor["c"] as? [Any])?.count == restaurant.conflicts.count)
        }
    }

    /// The day of a thousand restaurants (21,000 bookings, the built-in's density): its page is
    /// at most 4 MB (it was 20 MB of SVG).
    @Test func aThousandRestaurantsPageIsAtMostFourMegabytes() throws {
        let context = try context(
            ScenarioGenerator.make(restaurants: 1000, bookings: 21_000, seed: 1),
            {
                var options = RunOptions()
                options.bruteforce = false
                return options
            }())
        let bytes = HTMLReport.render(context).utf8.count
        #expect(bytes <= 4_000_000, "\(bytes) bytes")
        #expect(bytes > 1_000_000, "every floor is in it: \(bytes) bytes")
    }

    /// Names with `<`, `&` and quotes stay text in the data block and the page stays XML.
    @Test func theDataBlockCannotEndItsScript() {
        #expect(
            FloorData.scriptSafe(Array("{\"s\":\"</script><b>Fish & Chips</b>\"}".utf8))
                == "{\"s\":\"\\u003c/script\\u003e\\u003cb\\u003eFish \\u0026 Chips\\u003c/b\\u003e\"}")
    }

    @Test func theDiffOverlayShowsBothRunsAndTheChangedBookings() throws {
        let scenario = DefaultScenario.make()
        var narrow = RunOptions()
        narrow.maxTables = 1
        let a = try context(scenario)
        let b = try context(scenario, narrow)
        let diff = try CaptureDiff.compare(
            try CaptureReader(path: a.capturePath), try CaptureReader(path: b.capturePath))
        let html = HTMLDiffReport.render(diff)
        let page = try parsePage(html)
        // One overlaid timeline per changed restaurant: B's floor, with A's places of what B lost
        // or moved; the unchanged ones named in one line.
        let changed = Set((diff.bookingChanges + diff.onlyInA + diff.onlyInB).map(\.restaurant))
        #expect(page.elements.filter { $0 == "svg" }.count == changed.count && changed.count >= 3)
        let unchanged = scenario.restaurants.map(\.restaurant.slug).filter { !changed.contains($0) }
        #expect(
            html.contains(
                ">\(Counted.text(unchanged.count, "restaurant")) without a changed booking</h3><p class=\"sub\">\(unchanged.joined(separator: " · "))</p>"
            ))
        for change in diff.bookingChanges { #expect(page.text.contains(change.booking)) }
        let lost = diff.bookingChanges.filter { $0.kind == .lost }
        let moved = diff.bookingChanges.filter { $0.kind == .moved }
        #expect(!lost.isEmpty, "one table per booking loses the combinations")
        for change in lost {
            #expect(html.contains(">−\(change.booking)</text>"), "\(change.booking) drawn where A seated it")
        }
        for change in moved { #expect(html.contains(">↦\(change.booking)</text>")) }
        #expect(
            html.components(separatedBy: "<g class=\"lost\">").count - 1
                == lost.reduce(0) { total, change in total + (diff.stateA.booking(change.booking)?.tables.count ?? 0) })
        // A booking of a restaurant not drawn links to the list of those, not to a missing section.
        let undrawn = HTMLDiffReport.bookings(diff, drawn: [])
        #expect(!undrawn.contains("href=\"#r-") && undrawn.contains("href=\"#more-changed\""))
        // A did better here: the verdict says B did worse, in red; outcome changes first.
        #expect(html.contains("<div class=\"card bad\"><b>B did worse</b>"))
        #expect(html.contains("<td class=\"neg\">lost</td>"))
    }

    @Test func theFloorAtAGlance() throws {
        let context = try context(DefaultScenario.make())
        let html = HTMLReport.render(context)
        // A utilisation bar per table, a connecting bar per combination, totals per zone.
        #expect(
            html.components(separatedBy: "<g class=\"use\">").count - 1
                == context.state.restaurants.reduce(0) { $0 + $1.tables.count })
        // Joints only between neighbouring rows: at most one fewer than a combination's tables.
        let combinations = context.state.restaurants.flatMap(\.assignmentIDs).compactMap {
            context.state.assignments[$0]
        }.filter { $0.tables.count > 1 }
        let joints = html.components(separatedBy: "<rect class=\"combination\"").count - 1
        #expect(!combinations.isEmpty && joints > 0 && joints <= combinations.reduce(0) { $0 + $1.tables.count - 1 })
        #expect(
            html.components(separatedBy: "of service time, ").count - 1 >= 15 + 5, "every zone and restaurant heading")
    }
}

@Suite struct JSONReportTests {
    /// The report is laid out from its writer's bytes (`PrettyLayout`), never parsed: it must be
    /// exactly the layout of its own tree, which holds only when those bytes are the canonical
    /// text of that tree (the layout's agreement with the tree layout is `PrettyLayoutTests`).
    @Test(arguments: [1, 2, 3])
    func theReportIsTheLayoutOfItsOwnTree(seed: Int) throws {
        let report = JSONReport.render(
            try context(ScenarioGenerator.make(restaurants: 3, bookings: 60, seed: UInt64(seed))))
        let tree = try JSONParser.parse(report)
        #expect(tree.prettyText() == report)
        #expect(report.contains("\n  \"") && report.hasSuffix("}\n"))
    }
}
