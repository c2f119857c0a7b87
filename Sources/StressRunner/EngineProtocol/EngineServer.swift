import Allocation
import CanonicalJSON
import EventLog

/// The built-in allocator behind the engine protocol (`replay engine serve`, versions 1 to 3):
/// answers each request line with one line (a `quotes` with one per strategy), so `record
/// --engine "replay engine serve"` gives the same events as plain `record` apart from the
/// engine's identity and what is recorded of its answers. A `sets` (version 3) is answered with
/// the unranked sets the embedded oracle asks the allocator for (`offeredSets`).
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
        switch request["type"]?.stringValue {
        case "quotes": return quotes(request, write: write)
        case "sets": return write(sets(request))
        default: break
        }
        write(singleAnswer(request, toolVersion: toolVersion))
    }

    private mutating func singleAnswer(_ request: JSONValue, toolVersion: String) -> String {
        switch request["type"]?.stringValue {
        case "hello":
            // A replay that offers several versions lists them in `protocols`; an older one says
            // only `protocol`. The answer is the newest version both sides speak.
            let offered =
                (request["protocols"]?.arrayValue?.compactMap(\.intValue) ?? [])
                + [request["protocol"]?.intValue].compactMap { $0 }
            guard let version = offered.filter(EngineMessage.protocolVersions.contains).max() else {
                let versions = EngineMessage.protocolVersions.map(String.init)
                let spoken = versions.dropLast().joined(separator: ", ") + " and " + versions[versions.count - 1]
                return Self.error("this engine speaks protocol \(spoken)")
            }
            var w = JSONWriter()
            w.beginObject()
            w.field("type", "hello")
            w.field("protocol", version)
            w.field("engine", name)
            w.field("version", toolVersion)
            w.field("lookaheadMinutes", allocator.lookAheadMinutes)
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
        let read: (slug: String, floor: Floor, tables: [Table], adjacency: [AdjacencyPair])
        do { read = try EngineRequest.floor(request) } catch { return Self.error(error.message) }
        floors[read.slug] = read.floor
        let wanted = request["maxTables"]?.intValue ?? maxTables
        guard Strategy.maxTablesRange.contains(wanted) else {
            return Self.error("maxTables must be in 1...5, found \(wanted)")
        }
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

    private func quote(_ request: JSONValue) -> String {
        do {
            var question = try question(request)
            question.request.strategy = try EngineRequest.strategy(request["strategy"])
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
        do throws(EngineRequest.Refusal) {
            question = try self.question(request)
            guard !list.isEmpty else {
                throw EngineRequest.Refusal(message: "quotes needs a non-empty strategies array")
            }
        } catch {
            // Still one line per strategy: the other side reads that many.
            for _ in 0..<max(1, list.count) { write(Self.error(error.message)) }
            return
        }
        question.pending = planner.protectedBookings(
            question.request, floor: question.floor, occupancy: question.occupancy,
            lookAhead: question.pending)
        // Each line is what a `quote` of its strategy gets: a strategy it cannot read, its error.
        for value in list {
            do throws(EngineRequest.Refusal) {
                question.request.strategy = try EngineRequest.strategy(value)
                write(answer(question))
            } catch {
                write(Self.error(error.message))
            }
        }
    }

    /// Protocol 3: every set the allocator offers under any of the strategies, each once and in
    /// the order first offered, with the indexes each strategy offers. No look-ahead, no ranking.
    private func sets(_ request: JSONValue) -> String {
        let list = request["strategies"]?.arrayValue ?? []
        var question: Question
        var strategies: [Strategy] = []
        do throws(EngineRequest.Refusal) {
            question = try self.question(request)
            guard !list.isEmpty else { throw EngineRequest.Refusal(message: "sets needs a non-empty strategies array") }
            for value in list { strategies.append(try EngineRequest.strategy(value)) }
        } catch {
            return Self.error(error.message)
        }
        var union: [TableSet] = []
        var position: [TableSet: Int] = [:]
        var offered: [[Int]] = []
        for strategy in strategies {
            question.request.strategy = strategy
            let found = allocator.offeredSets(question.request, floor: question.floor, occupancy: question.occupancy)
            offered.append(
                found.sets.map { set in
                    if let known = position[set] { return known }
                    position[set] = union.count
                    union.append(set)
                    return union.count - 1
                })
        }
        let floor = question.floor
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.field("type", "sets")
        w.key("sets")
        w.beginArray()
        for set in union {
            w.beginArray()
            for table in set { w.string(floor.tables[table].id) }
            w.endArray()
        }
        w.endArray()
        w.key("offered")
        w.beginArray()
        for indexes in offered { w.ints(indexes) }
        w.endArray()
        w.endObject()
        return w.string
    }

    private var planner: Allocator { Allocator(lookAheadMaxTables: maxTables) }

    private func question(_ request: JSONValue) throws(EngineRequest.Refusal) -> Question {
        guard let slug = request["restaurant"]?.stringValue, let floor = floors[slug] else {
            throw EngineRequest.Refusal(message: "quote for a restaurant whose floor was not sent")
        }
        let read = try EngineRequest.question(request, floor: floor)
        return Question(floor: floor, request: read.request, occupancy: read.occupancy, pending: read.pending)
    }

    private func answer(_ question: Question) -> String {
        let floor = question.floor
        let quote = planner.quote(
            question.request, floor: floor, occupancy: question.occupancy, lookAhead: question.pending)
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.field("type", "candidates")
        w.key("candidates")
        w.beginArray()
        for candidate in quote.candidates {
            w.beginObject()
            w.key("tables")
            w.beginArray()
            for table in candidate.tables { w.string(floor.tables[table].id) }
            w.endArray()
            w.field("score", candidate.score)
            w.endObject()
        }
        w.endArray()
        w.key("rejected")
        w.beginObject()
        for entry in quote.rejections.entries {
            w.key(dynamic: entry.reason.rawValue)
            w.int(entry.count)
        }
        w.endObject()
        w.endObject()
        return w.string
    }

    static func error(_ message: String) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "error")
        w.field("message", message)
        w.endObject()
        return w.string
    }
}
