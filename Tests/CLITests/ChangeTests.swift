import CanonicalJSON
import EventLog
import Foundation
import Projections
import Testing

/// Edits and cancellations (capture format 7) end to end through the binary, on a hand-worked
/// day whose every outcome is known, with the built-in allocator and through the protocol.
@Suite(.serialized) struct ChangeTests {
    /// One restaurant, five zones, and minimum covers that leave each booking one place, so that
    /// each change has one answer:
    /// - main: T1, T3 (3-4). B1 (3 at 19:00) sits on T1; its edit to 4 fits in place (T3 would fit
    ///   as well: only a preference for the current table keeps T1).
    /// - bar: A (2); terrace: F (4). B2 (2 at 19:00) sits on A; its edit to 4 must move, to F (T3
    ///   would do as well; F comes first in every engine's ranking here).
    /// - snug: S (2). B3 (2 at 19:00) sits on S; its edit to 8 fits nowhere: it keeps S.
    /// - hall: W (6). B4 and B5 (6 at 20:00) both want W: B4 gets it, B5 waits (nothing else seats
    ///   6); B4 cancels at 18:00 and B5 is seated on W.
    static let day = """
        {"name": "changes", "date": "2026-03-06",
         "restaurants": [{"slug": "r", "services": [{"name": "dinner", "start": "17:00", "end": "23:00"}],
           "turnMinutes": {"2": 90, "4": 105, "8": 120}, "bufferMinutes": 0,
           "tables": [{"id": "T1", "zone": "main", "min": 3, "max": 4}, {"id": "T3", "zone": "main", "min": 3, "max": 4},
                      {"id": "A", "zone": "bar", "min": 2, "max": 2}, {"id": "F", "zone": "terrace", "min": 4, "max": 4},
                      {"id": "S", "zone": "snug", "min": 2, "max": 2}, {"id": "W", "zone": "hall", "min": 6, "max": 6}]}],
         "bookings": [{"id": "B1", "restaurant": "r", "start": "19:00", "party": 3},
                      {"id": "B2", "restaurant": "r", "start": "19:00", "party": 2},
                      {"id": "B3", "restaurant": "r", "start": "19:00", "party": 2},
                      {"id": "B4", "restaurant": "r", "start": "20:00", "party": 6},
                      {"id": "B5", "restaurant": "r", "start": "20:00", "party": 6}],
         "changes": [{"booking": "B1", "at": "17:00", "party": 4},
                     {"booking": "B2", "at": "17:10", "party": 4},
                     {"booking": "B3", "at": "17:30", "party": 8},
                     {"booking": "B4", "at": "18:00", "cancel": true}]}
        """

    static func folderWithDay() throws -> URL {
        let folder = newFolder()
        try Self.day.write(to: folder.appendingPathComponent("day.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The change events of a capture, one line each: "type booking payload".
    static func changeLines(_ path: String) throws -> [String] {
        let kinds: Set = ["edit.requested", "edit.confirmed", "edit.failed", "booking.cancelled"]
        return try EngineProtocolTests.events(path).filter { kinds.contains($0.record.type) }.map {
            "\($0.record.type) \($0.record.booking ?? "-") \($0.record.payload)"
        }
    }

    static let expected = [
        #"edit.requested B1 {"party":4,"start_minute":1140}"#,
        #"edit.confirmed B1 {"assignment":"A000005","hold":"H000005","tables":["T1"],"start_minute":1140,"end_minute":1245,"previous":["T1"],"outcome":"kept"}"#,
        #"edit.requested B2 {"party":4,"start_minute":1140}"#,
        #"edit.confirmed B2 {"assignment":"A000006","hold":"H000006","tables":["F"],"start_minute":1140,"end_minute":1245,"previous":["A"],"outcome":"moved"}"#,
        #"edit.requested B3 {"party":8,"start_minute":1140}"#,
        #"edit.failed B3 {"reason":"tables_occupied","tables":["S"]}"#,
        #"booking.cancelled B4 {"tables":["W"]}"#
    ]

    @Test(arguments: ["built-in", "example", "served"])
    func eachChangeEndsAsWorkedOutAndReexecutes(engine: String) throws {
        let folder = try Self.folderWithDay()
        var arguments = ["record", "--scenario", "day.json", "--out", "day.db", "--reports", "r", "--json"]
        switch engine {
        case "example": arguments += ["--engine", "python3 '\(EngineProtocolTests.example.path)'"]
        case "served": arguments += ["--engine", "'\(Replay.binary.path)' engine serve"]
        default: break
        }
        let record = try Replay.run(arguments, in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let path = folder.appendingPathComponent("day.db").path
        #expect(try Self.changeLines(path) == Self.expected)
        // B5 waited and took the table B4's cancellation freed.
        let seated = try EngineProtocolTests.events(path).last { $0.record.type == "assignment.confirmed" }
        #expect(seated?.record.booking == "B5" && seated?.record.payload.contains(#""tables":["W"]"#) == true)
        let summary = try JSONParser.parse(record.stdout)
        let changes = try #require(summary["changes"], "\(record.stdout)")
        #expect(changes["edits_kept"]?.intValue == 1 && changes["edits_moved"]?.intValue == 1)
        #expect(changes["edits_failed"]?.intValue == 1 && changes["cancellations_reused"]?.intValue == 1)
        #expect(changes["scheduled"]?.intValue == 4 && changes["scheduled_applied"]?.intValue == 4)
        #expect(changes["keep_missed"]?.intValue == 0)
        #expect(summary["confirmed"]?.intValue == 5 && summary["failed"]?.intValue == 0)
        // Format 7 holds changes; an outside engine's capture is 8 (its session asks a question once).
        #expect(try EngineProtocolTests.meta(path, "format_version") == (engine == "built-in" ? "7" : "8"))
        let run = engine == "built-in" ? ["run", "day.db"] : ["run", "--trust-engine", "day.db"]
        for command in [run, ["verify", "day.db"], ["run", "--rebuild", "day.db"]] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
        }
        // The report has the changes' table and draws the places left.
        let markdown = try String(contentsOf: folder.appendingPathComponent("r/day.md"), encoding: .utf8)
        #expect(markdown.contains("| r | 4 | 4 | 3 | 1 | 1 | 1 | 1 | 1 | 1 |"), "\(markdown)")
        let html = try String(contentsOf: folder.appendingPathComponent("r/day.html"), encoding: .utf8)
        #expect(html.contains("class=\"left moved\"") && html.contains("class=\"left cancelled\""))
    }

    /// An engine that takes an edit's `current` tables as busy never keeps a booking's table:
    /// the oracle's keeping check names it, and B1's edit, which fits in place, moves away.
    @Test func anEngineThatDropsCurrentIsCaught() throws {
        let folder = try Self.folderWithDay()
        let engine =
            "python3 '\(EngineProtocolTests.engines.appendingPathComponent("defect_engine.py").path)' --defect drops-current"
        let record = try Replay.run(
            ["record", "--scenario", "day.json", "--out", "day.db", "--no-reports", "--json", "--engine", engine],
            in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let changes = try #require(try JSONParser.parse(record.stdout)["changes"])
        #expect((changes["keep_missed"]?.intValue ?? 0) > 0, "\(record.stdout)")
        #expect(changes["edits_kept"]?.intValue == 0)
        let lines = try Self.changeLines(folder.appendingPathComponent("day.db").path)
        #expect(
            lines.contains { $0.hasPrefix("edit.confirmed B1") && $0.hasSuffix(#""outcome":"moved"}"#) }, "\(lines)")
        let shown = try Replay.run(["show", "day.db", "--booking", "B1", "--type", "quote.issued"], in: folder)
        #expect(shown.stdout.contains("none of the 1 sets keeping the current tables offered"), "\(shown.stdout)")
        let plain = try Replay.run(
            ["record", "--scenario", "day.json", "--out", "plain.db", "--no-reports"], in: folder)
        #expect(plain.stdout.contains(", 0 with a set keeping the current tables feasible but none offered"))
        // diff groups what the edits did: the change figures, and B1 kept in A, moved in B.
        let diff = try Replay.run(["diff", "plain.db", "day.db"], in: folder)
        #expect(diff.status == 1, "\(diff.stderr)")
        for row in ["edits_kept", "edits_moved", "edits_failed", "cancellations_reused", "keep_missed"] {
            #expect(diff.stdout.contains("  all    \(row) "), "\(row): \(diff.stdout)")
        }
        #expect(diff.stdout.contains("confirmed T1, edit kept"), "\(diff.stdout)")
        let diffJSON = try JSONParser.parse(Replay.run(["diff", "--json", "plain.db", "day.db"], in: folder).stdout)
        let changed = diffJSON["changed_bookings"]?.arrayValue ?? []
        let b1 = try #require(changed.first { $0["booking"]?.stringValue == "B1" })
        #expect(b1["a"]?["edit"]?.stringValue == "kept" && b1["b"]?["edit"]?.stringValue == "moved")
        // An edit's quote is not a conformance case: --quote says so and names the day's shrink.
        let editQuote = try #require(
            EngineProtocolTests.events(folder.appendingPathComponent("day.db").path).first {
                $0.record.type == "quote.issued" && $0.record.payload.contains("\"keeping\"")
            })
        let quoteShrink = try Replay.run(
            ["shrink", "day.db", "--quote", String(editQuote.record.seq), "--engine", engine], in: folder)
        #expect(
            quoteShrink.status == 2 && quoteShrink.stderr.contains("--until keep-missed"), "\(quoteShrink.stderr)")
        // From the finding to a reproducer: the smallest day on which the engine still drops it.
        let shrunk = try Replay.run(
            ["shrink", "day.db", "--until", "keep-missed", "--out", "small", "--engine", engine], in: folder,
            timeout: 300)
        #expect(shrunk.status == 0, "\(shrunk.stdout)\(shrunk.stderr)")
        let small = try JSONParser.parse(
            String(contentsOf: folder.appendingPathComponent("small/scenario.json"), encoding: .utf8))
        #expect(small["bookings"]?.arrayValue?.count == 1, "\(small)")
        let kept = small["changes"]?.arrayValue ?? []
        #expect(kept.count == 1 && kept.first?["booking"]?.stringValue == "B1", "\(small)")
    }

    /// Reserve mode's clients edit and cancel their own clones, racing: every run re-executes bit
    /// for bit, and what they did is in the events, each naming its client.
    @Test func clientsEditAndCancelRacingAtFourClients() throws {
        let folder = newFolder()
        let generated = try Replay.run(
            ["scenario", "generate", "--restaurants", "3", "--bookings", "120", "--seed", "7", "--out", "day.json"],
            in: folder)
        #expect(generated.status == 0, "\(generated.stderr)")
        let record = try Replay.run(
            [
                "record", "--scenario", "day.json", "--mode", "reserve", "--prefill", "none", "--clients", "4",
                "--clone-limit", "80",
                "--edit-rate", "0.3", "--cancel-rate", "0.1", "--out", "race.db", "--no-reports", "--json"
            ], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let events = try EngineProtocolTests.events(folder.appendingPathComponent("race.db").path)
        let edits = events.filter { $0.record.type == "edit.requested" }
        let cancels = events.filter { $0.record.type == "booking.cancelled" }
        #expect(edits.count >= 5 && cancels.count >= 2, "\(edits.count) edits, \(cancels.count) cancellations")
        #expect(edits.allSatisfy { $0.record.payload.contains("\"client\":") })
        let clients = Set(
            edits.compactMap { event -> Int? in
                if case .editRequested(let payload) = event.event.body { payload.client } else { nil }
            })
        #expect(clients.count >= 2, "edits by one client only: \(clients)")
        let outcomes = events.filter { ["edit.confirmed", "edit.failed"].contains($0.record.type) }
        #expect(outcomes.count == edits.count)
        for command in [["run", "race.db"], ["verify", "race.db"]] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
        }
        // The same options again give the same capture (a different seed would not).
        let again = try Replay.run(
            [
                "record", "--scenario", "day.json", "--mode", "reserve", "--prefill", "none", "--clients", "4",
                "--clone-limit", "80",
                "--edit-rate", "0.3", "--cancel-rate", "0.1", "--out", "again.db", "--no-reports"
            ], in: folder)
        #expect(again.status == 0)
        #expect(
            try eventBytes(folder.appendingPathComponent("race.db").path)
                == eventBytes(folder.appendingPathComponent("again.db").path))
        let refused = try Replay.run(["record", "--edit-rate", "0.1"], in: folder)
        #expect(refused.status == 2 && refused.stderr.contains("--edit-rate applies to --mode reserve only"))
        let tooMuch = try Replay.run(
            ["record", "--mode", "reserve", "--edit-rate", "0.8", "--cancel-rate", "0.4"], in: folder)
        #expect(tooMuch.status == 2 && tooMuch.stderr.contains("must add up to at most 1"), "\(tooMuch.stderr)")
    }

    /// `scenario generate --edit-rate/--cancel-rate` writes `changes` the loader accepts, and the
    /// day itself is the one generated without them.
    @Test func generatedChangesFollowTheirRatesAndLeaveTheDayAlone() throws {
        let folder = newFolder()
        let plain = try Replay.run(
            ["scenario", "generate", "--restaurants", "4", "--bookings", "1000", "--seed", "3"], in: folder)
        let changed = try Replay.run(
            [
                "scenario", "generate", "--restaurants", "4", "--bookings", "1000", "--seed", "3", "--edit-rate", "0.1",
                "--cancel-rate", "0.05", "--out", "day.json"
            ], in: folder)
        #expect(plain.status == 0 && changed.status == 0, "\(changed.stderr)")
        let day = try JSONParser.parse(String(contentsOf: folder.appendingPathComponent("day.json"), encoding: .utf8))
        let before = try JSONParser.parse(plain.stdout)
        #expect(day["bookings"] == before["bookings"] && day["restaurants"] == before["restaurants"])
        let changes = day["changes"]?.arrayValue ?? []
        let cancels = changes.filter { $0["cancel"] != nil }.count
        let edits = changes.count - cancels
        // About 100 edits and 55 cancellations (larger parties cancel more); a wide margin for the draw.
        #expect((70...130).contains(edits) && (35...80).contains(cancels), "\(edits) edits, \(cancels) cancellations")
        let record = try Replay.run(
            ["record", "--scenario", "day.json", "--out", "day.db", "--no-reports", "--json"], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let figures = try #require(try JSONParser.parse(record.stdout)["changes"])
        #expect(figures["scheduled"]?.intValue == changes.count)
        // `scenario change` draws the same way for any day, here the built-in one, and keeps it.
        let built = try Replay.run(
            ["scenario", "change", "default", "--edit-rate", "0.1", "--cancel-rate", "0.05", "--out", "d.json"],
            in: folder)
        #expect(built.status == 0, "\(built.stderr)")
        let shown = try JSONParser.parse(Replay.run(["scenario", "show"], in: folder).stdout)
        let drawn = try JSONParser.parse(String(contentsOf: folder.appendingPathComponent("d.json"), encoding: .utf8))
        #expect(drawn["bookings"] == shown["bookings"] && !(drawn["changes"]?.arrayValue ?? []).isEmpty)
        let none = try Replay.run(["scenario", "change", "default"], in: folder)
        #expect(none.status == 2 && none.stderr.contains("give --edit-rate or --cancel-rate"), "\(none.stderr)")
    }

    @Test(arguments: [
        (#"{"booking": "B9", "at": "17:00", "party": 3}"#, "$.changes[0].booking: unknown booking \"B9\""),
        (#"{"booking": "B1", "at": "19:30", "party": 3}"#, "$.changes[0].at: 19:30 is after the booking's start 19:00"),
        (#"{"booking": "B1", "at": "17:00"}"#, "$.changes[0]: an edit needs a new party or start"),
        (#"{"booking": "B1", "at": "17:00", "cancel": false}"#, "$.changes[0].cancel: must be true"),
        (#"{"booking": "B1", "at": "17:00", "cancel": true, "party": 2}"#, "a cancellation has no party or start"),
        (
            #"{"booking": "B1", "at": "18:00", "start": "17:30"}"#,
            "$.changes[0].start: 17:30 is before the change's time 18:00"
        ),
        (#"{"booking": "B1", "at": "17:00", "party": 0}"#, "$.changes[0].party"),
        (
            #"{"booking": "B1", "at": "17:00", "cancel": true}, {"booking": "B1", "at": "17:30", "party": 3}"#,
            "$.changes[1]: booking \"B1\" is cancelled at 17:00"
        ),
        (#"{"booking": "B1", "at": "17:00", "when": "later", "party": 3}"#, "$.changes[0]")
    ])
    func badChangesAreRefusedNamingThePath(change: String, message: String) throws {
        let folder = newFolder()
        let text = Self.day.replacingOccurrences(
            of: #"[{"booking": "B1", "at": "17:00", "party": 4},"#, with: "[\(change)],\n \"x-rest\": [")
        try text.write(to: folder.appendingPathComponent("bad.json"), atomically: true, encoding: .utf8)
        let result = try Replay.run(["record", "--scenario", "bad.json", "--no-reports"], in: folder)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.hasPrefix("bad.json: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
}
