import Allocation
import CanonicalJSON
import EventLog
import Projections
import Replayer
import Reports
import Scenarios
import StressRunner
import Testing

func diff(_ a: String, _ b: String) throws -> CaptureDiff {
    try CaptureDiff.compare(try CaptureReader(path: a), try CaptureReader(path: b))
}

@Suite struct DiffTests {
    let day = DefaultScenario.make()

    @Test func aCaptureAgainstItselfIsIdentical() throws {
        let path = try recordCapture(day)
        let result = try diff(path, path)
        #expect(result.identical)
        #expect(result.divergence == nil && result.inputChanges.isEmpty && result.bookingChanges.isEmpty)
        #expect(result.unchangedBookings == 105)
        #expect(result.metrics.allSatisfy { $0.delta == 0 || $0.delta == nil })
    }

    @Test func maxTablesTwoAgainstTheDefault() throws {
        var narrow = RunOptions()
        narrow.maxTables = 2
        let result = try diff(try recordCapture(day), try recordCapture(day, narrow))
        #expect(!result.identical)
        #expect(result.inputChanges == [CaptureDiff.Change(section: "options", key: "max-tables", a: "4", b: "2")])
        #expect(result.divergence?.seq == 1)
        let allocation = try #require(result.allocationDivergence)
        #expect(allocation.a?.type == "coverage.measured")
        let quotes = try #require(result.metrics.first { $0.scope == "all" && $0.name == "quotes" })
        #expect(quotes.delta.map { $0 < 0 } == true)
    }

    @Test func assignAgainstReserve() throws {
        var reserve = RunOptions()
        reserve.mode = .reserve
        reserve.cloneLimit = 20
        reserve.prefill = .empty
        let result = try diff(try recordCapture(day), try recordCapture(day, reserve))
        #expect(result.inputChanges.contains { $0.key == "mode" && $0.a == "assign" && $0.b == "reserve" })
        // Assign allocates the seeded bookings; reserve on an empty floor allocates clones only:
        // no booking is in both.
        #expect(result.onlyInA.count == 105)
        #expect(result.onlyInB.count == 20)
        #expect(result.bookingChanges.isEmpty)
        // On a live floor the day's bookings are seated first, exactly as assign mode seats them
        // (the same legacy loop on the same floor): only the clones differ.
        reserve.prefill = .assign
        let live = try diff(try recordCapture(day), try recordCapture(day, reserve))
        #expect(live.onlyInA.isEmpty)
        #expect(live.onlyInB.count == 20)
        #expect(live.bookingChanges.isEmpty)
    }

    @Test func twoSeedsOfAGeneratedScenario() throws {
        let one = ScenarioGenerator.make(restaurants: 3, bookings: 90, seed: 1)
        let two = ScenarioGenerator.make(restaurants: 3, bookings: 90, seed: 2)
        let result = try diff(try recordCapture(one), try recordCapture(two))
        #expect(!result.identical)
        #expect(result.inputChanges.contains { $0.section == "options" && $0.key == "scenario" })
        #expect(result.inputChanges.contains { $0.section == "tables" })
        #expect(result.inputChanges.contains { $0.section == "bookings" })
    }

    @Test func aRemovedTableIsNamedAndItsBookingsMove() throws {
        var smaller = day
        let removed = try #require(
            day.restaurants[0].restaurant.slug == "pub-1" ? day.restaurants[0].tables.first : nil)
        smaller.restaurants[0].tables.removeFirst()
        smaller.restaurants[0].adjacency.removeAll { $0.first == removed.id || $0.second == removed.id }
        let result = try diff(try recordCapture(day), try recordCapture(smaller))
        #expect(
            result.inputChanges.contains { $0.section == "tables" && $0.key == "pub-1/\(removed.id)" && $0.b == nil })
        // Every booking that sat on the removed table in A moved or failed in B.
        let stateA = result.stateA
        let seatedThere = stateA.bookings.filter { $0.tables.contains(removed.id) }.map(\.id)
        #expect(!seatedThere.isEmpty)
        for booking in seatedThere {
            #expect(result.bookingChanges.contains { $0.booking == booking }, "\(booking) did not move")
        }
        // The divergence lies past the shared prefix of seeds before the table.
        #expect((result.divergence?.sharedPrefix ?? 0) > 0)
    }

    @Test func aSharedPrefixThenDivergence() throws {
        let path = try recordCapture(day)
        let copy = try tamperedCopy(
            of: path,
            "UPDATE events SET payload = replace(payload, '\"rank\":1', '\"rank\":7') WHERE seq = (SELECT min(seq) FROM events WHERE seq > 500 AND type = 'hold.placed')"
        )
        let result = try diff(path, copy)
        let divergence = try #require(result.divergence)
        #expect(divergence.sharedPrefix > 500)
        #expect(divergence.fields == ["payload"])
        #expect(divergence.context.count == 3)
        #expect(divergence.context.last?.seq == divergence.seq - 1)
    }

    @Test func jsonHasTheSameContentAsTheText() throws {
        var narrow = RunOptions()
        narrow.maxTables = 1
        let result = try diff(try recordCapture(day), try recordCapture(day, narrow))
        let json = try JSONParser.parse(DiffReport.json(result, summary: false))
        let text = DiffReport.text(result, style: .init(colour: false), summary: false)
        #expect(json["identical"] == .bool(false))
        #expect(json["first_divergence"]?["seq"]?.intValue == result.divergence?.seq)
        #expect(text.contains("first divergence at event \(result.divergence?.seq ?? -1)"))
        for change in json["changed_bookings"]?.arrayValue ?? [] {
            #expect(text.contains(change["booking"]?.stringValue ?? "?"))
        }
        #expect(json["changed_bookings"]?.arrayValue?.count == result.bookingChanges.count)
        for metric in json["metrics"]?.arrayValue ?? [] where metric["scope"]?.stringValue == "all" {
            #expect(text.contains(metric["metric"]?.stringValue ?? "?"))
        }
        #expect(!text.contains("\u{1B}["))
        #expect(DiffReport.text(result, style: .init(colour: true), summary: false).contains("\u{1B}["))
    }
}
