import Allocation
import CanonicalJSON
import EventLog

/// The built-in allocator behind the engine protocol (`replay engine serve`): answers each
/// request line with one line (a `quotes` with one per strategy), so `record --engine "replay
/// engine serve"` gives the same events as plain `record` apart from the engine's identity and
/// what is recorded of its answers.
public struct EngineServer {
    /// Floors by restaurant (look-up only).
    private var floors: [String: Floor] = [:]
    private var maxTables = Strategy.maxTablesRange.upperBound
    private let allocator = Allocator()
    public let name = "replay-builtin"

    public init() {}

    /// The answer to one request line (every line gets one, so the other side never waits), its
    /// lines joined by newlines (several only for a `quotes`).
    public mutating func answer(_ line: String, toolVersion: String) -> String {
        var lines: [String] = []
        answer(line, toolVersion: toolVersion) { lines.append($0) }
        return lines.joined(separator: "\n")
    }

    /// The answer to one request line, each answer line handed to `write` as soon as it is made:
    /// replay reads a `quotes`'s first line while the next is being worked out.
    public mutating func answer(_ line: String, toolVersion: String, write: (String) -> Void) {
        let request: JSONValue
        do { request = try JSONParser.parse(line) } catch { return write(Self.error("not JSON: \(error.message)")) }
        if request["type"]?.stringValue == "quotes" { return quotes(request, write: write) }
        write(singleAnswer(request, toolVersion: toolVersion))
    }

    private mutating func singleAnswer(_ request: JSONValue, toolVersion: String) -> String {
        switch request["type"]?.stringValue {
        case "hello":
            // A replay that offers several versions lists them in `protocols`; an older one says
            // only `protocol`. The answer is the newest version both sides speak.
            let offered = (request["protocols"]?.arrayValue?.compactMap(\.intValue) ?? []) + [request["protocol"]?.intValue].compactMap { $0 }
            guard let version = offered.filter(EngineMessage.protocolVersions.contains).max() else {
                let spoken = EngineMessage.protocolVersions.map(String.init).joined(separator: " and ")
                return Self.error("this engine speaks protocol \(spoken)")
            }
            var w = JSONWriter()
            w.beginObject()
            w.field("type", "hello"); w.field("protocol", version); w.field("engine", name)
            w.field("version", toolVersion); w.field("lookaheadMinutes", allocator.lookAheadMinutes)
            w.endObject()
            return w.string
        case "floor":
            return floor(request)
        case "quote":
            return quote(request)
        default:
            return Self.error("unknown request type \(request["type"]?.canonicalText ?? "(none)")")
        }
    }

    private mutating func floor(_ request: JSONValue) -> String {
        guard let slug = request["restaurant"]?.stringValue, let tableList = request["tables"]?.arrayValue else {
            return Self.error("floor needs restaurant and tables")
        }
        var tables: [Table] = []
        for item in tableList {
            guard let id = item["id"]?.stringValue, let zone = item["zone"]?.stringValue, let min = item["min"]?.intValue,
                  let max = item["max"]?.intValue else { return Self.error("a table needs id, zone, min and max") }
            tables.append(Table(id: id, zone: zone, minCovers: min, maxCovers: max, active: item["active"]?.boolValue ?? true))
        }
        guard tables.count <= TableSet.capacity else { return Self.error("a floor has at most \(TableSet.capacity) tables, found \(tables.count)") }
        let pairs = (request["adjacency"]?.arrayValue ?? []).compactMap { pair -> (String, String)? in
            guard let ids = pair.arrayValue?.compactMap(\.stringValue), ids.count == 2 else { return nil }
            return (ids[0], ids[1])
        }
        let restaurant = Restaurant(slug: slug, services: [], turnMinutes: TurnTable([]), bufferMinutes: 0,
                                    maxOverage: request["maxOverage"]?.intValue ?? Restaurant.defaultMaxOverage)
        floors[slug] = Floor(restaurant: restaurant, tables: tables, adjacency: pairs)
        let wanted = request["maxTables"]?.intValue ?? maxTables
        guard Strategy.maxTablesRange.contains(wanted) else { return Self.error("maxTables must be in 1...5, found \(wanted)") }
        maxTables = wanted
        return #"{"type":"ok"}"#
    }

    /// What `quote` and `quotes` share: the booking, and the floor as the request describes it.
    private struct Question {
        var floor: Floor
        var request: QuoteRequest
        var occupancy: Occupancy
        var pending: [LookAheadBooking]
    }

    /// A request the server cannot answer, with the message of its `error` answer.
    private struct Refusal: Error {
        var message: String
    }

    private func quote(_ request: JSONValue) -> String {
        do {
            var question = try question(request)
            question.request.strategy = try Self.strategy(request["strategy"])
            return answer(question)
        } catch {
            return Self.error(error.message)
        }
    }

    /// Protocol 2: one answer line per strategy, in order, each what a `quote` of it gets. The
    /// request is read once and the look-ahead's plans found once, for every strategy.
    private func quotes(_ request: JSONValue, write: (String) -> Void) {
        let list = request["strategies"]?.arrayValue ?? []
        var question: Question
        do throws(Refusal) {
            question = try self.question(request)
            guard !list.isEmpty else { throw Refusal(message: "quotes needs a non-empty strategies array") }
        } catch {
            // Still one line per strategy: the other side reads that many.
            for _ in 0..<max(1, list.count) { write(Self.error(error.message)) }
            return
        }
        question.pending = planner.protectedBookings(question.request, floor: question.floor, occupancy: question.occupancy,
                                                     lookAhead: question.pending)
        // Each line is what a `quote` of its strategy gets: a strategy it cannot read, its error.
        for value in list {
            do throws(Refusal) {
                question.request.strategy = try Self.strategy(value)
                write(answer(question))
            } catch {
                write(Self.error(error.message))
            }
        }
    }

    private var planner: Allocator { Allocator(lookAheadMaxTables: maxTables) }

    private func question(_ request: JSONValue) throws(Refusal) -> Question {
        guard let slug = request["restaurant"]?.stringValue, let floor = floors[slug] else {
            throw Refusal(message: "quote for a restaurant whose floor was not sent")
        }
        guard let booking = request["booking"], let id = booking["id"]?.stringValue, let party = booking["party"]?.intValue,
              let start = booking["start"]?.intValue, let end = booking["end"]?.intValue else {
            throw Refusal(message: "quote needs booking {id, party, start, end} and strategy {label, maxTables}")
        }
        var occupancy = Occupancy(tableCount: floor.tables.count)
        var number = 0
        for entry in request["busy"]?.arrayValue ?? [] {
            guard let table = entry["table"]?.stringValue, let index = floor.index(ofTable: table),
                  let busyStart = entry["start"]?.intValue, let busyEnd = entry["end"]?.intValue else { continue }
            number += 1
            let kind: Occupancy.Kind = entry["kind"]?.stringValue == "hold" ? .hold : .assignment
            // Listed holds are unexpired by definition.
            occupancy.add(Occupancy.Occupation(kind: kind, id: "busy-\(number)", booking: entry["booking"]?.stringValue ?? "",
                                               startMinute: busyStart, endMinute: busyEnd, expiresAt: nil), on: TableSet([index]))
        }
        let window = BookingWindow(startMinute: start, endMinute: end, seatingEndMinute: end, service: "")
        var excluded = TableSet()
        for table in request["excluded"]?.arrayValue ?? [] {
            if let index = table.stringValue.flatMap(floor.index(ofTable:)) { excluded.insert(index) }
        }
        let pending = (request["pending"]?.arrayValue ?? []).compactMap { item -> LookAheadBooking? in
            guard let other = item["id"]?.stringValue, let size = item["party"]?.intValue, let otherStart = item["start"]?.intValue,
                  let otherEnd = item["end"]?.intValue else { return nil }
            return LookAheadBooking(booking: other, partySize: size,
                                    window: BookingWindow(startMinute: otherStart, endMinute: otherEnd, seatingEndMinute: otherEnd, service: ""))
        }
        // The strategy is the caller's to set (`quote` has one, `quotes` a list).
        let placeholder = Strategy(label: "", requireAdjacency: false, maxTables: 1)
        return Question(floor: floor, request: QuoteRequest(booking: id, partySize: party, window: window, strategy: placeholder, now: 0,
                                                            excluded: excluded),
                        occupancy: occupancy, pending: pending)
    }

    private static func strategy(_ value: JSONValue?) throws(Refusal) -> Strategy {
        guard let value, let label = value["label"]?.stringValue, let tables = value["maxTables"]?.intValue else {
            throw Refusal(message: "quote needs booking {id, party, start, end} and strategy {label, maxTables}")
        }
        // The look-ahead's shortcut (6 disjoint plans cannot all be taken) holds for at most 5 tables.
        guard Strategy.maxTablesRange.contains(tables) else { throw Refusal(message: "strategy maxTables must be in 1...5, found \(tables)") }
        return Strategy(label: label, requireAdjacency: value["requireAdjacency"]?.boolValue ?? false, maxTables: tables)
    }

    private func answer(_ question: Question) -> String {
        let floor = question.floor
        let quote = planner.quote(question.request, floor: floor, occupancy: question.occupancy, lookAhead: question.pending)
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.field("type", "candidates")
        w.key("candidates"); w.beginArray()
        for candidate in quote.candidates {
            w.beginObject()
            w.key("tables"); w.beginArray()
            for table in candidate.tables { w.string(floor.tables[table].id) }
            w.endArray()
            w.field("score", candidate.score)
            w.endObject()
        }
        w.endArray()
        w.key("rejected"); w.beginObject()
        for entry in quote.rejections.entries { w.key(dynamic: entry.reason.rawValue); w.int(entry.count) }
        w.endObject()
        w.endObject()
        return w.string
    }

    static func error(_ message: String) -> String {
        var w = JSONWriter()
        w.beginObject(); w.field("type", "error"); w.field("message", message); w.endObject()
        return w.string
    }
}
