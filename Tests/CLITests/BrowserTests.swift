import Foundation
import Testing

/// The pages rendered in a real browser (headless Chromium, `--dump-dom`): the run report, a
/// race with conflicts and the diff. The run report's script must have run (it marks the body)
/// and its `#find=` link must filter the restaurants, so a script error fails here.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The DOM after load, as Chromium serialises it.
    static func dom(_ url: String, in folder: URL) throws -> String {
        let browser = try #require(chromium, "Chromium is not installed (.ci/run installs Debian's chromium)")
        let result = try Replay.runProgram(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                                                     "--user-data-dir=\(folder.path)/chromium-profile", "--dump-dom", url], in: folder)
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
        let hidden = filtered.components(separatedBy: "style=\"display: none;\"").count - 1
        #expect(hidden == 8, "4 sections and 4 index links hidden, found \(hidden)")
        #expect(filtered.contains("data-restaurant=\"cafe-3\" id=\"r-cafe-3\""))
        // A race with conflicts: the conflict list and its linked marks.
        #expect(try Replay.run(["record", "--mode", "reserve", "--clone-limit", "40", "--clients", "4", "--out", "race.db", "--reports", "rep"],
                               in: folder).status == 0)
        let race = try Self.dom("file://" + folder.appendingPathComponent("rep/race.html").path, in: folder)
        #expect(race.contains("data-script=\"ran\"") && race.contains("Conflicts ("))
        #expect(race.contains("class=\"conflict\""))
        // The diff of the two: one overlaid timeline per restaurant.
        #expect(try Replay.run(["diff", "day.db", "race.db", "--html", "--reports", "rep"], in: folder).status == 1)
        let diff = try Self.dom("file://" + folder.appendingPathComponent("rep/diff-day-vs-race.html").path, in: folder)
        #expect(diff.components(separatedBy: "<svg").count - 1 == 5)
        #expect(diff.contains("gained in B"))
    }
}
