import Allocation
import CanonicalJSON
import EventLog
import Projections

/// The engine protocol's messages (versions 1 to 3, docs/engine-protocol.md): what replay
/// sends, built with the canonical writer, and what an engine answers, parsed strictly. Both
/// sides ignore keys they do not know.
public enum EngineMessage {
    /// Every version replay speaks, oldest first. Version 2 adds `quotes` (several strategies of
    /// one booking asked at once); version 3 adds `sets` (the oracle's question answered with the
    /// unranked sets an engine would offer, each once). An engine never receives a request of a
    /// version above the one it chose.
    public static let protocolVersions = [1, 2, 3]
    /// The newest version: what `replay engine serve` answers when replay offers it.
    public static let protocolVersion = protocolVersions[protocolVersions.count - 1]

    // MARK: Requests (replay -> engine)

    /// `protocol` stays 1, the version every engine understands; `protocols` (a key a version-1
    /// engine ignores) offers the others, so an engine written against version 1 goes on working
    /// and a newer one answers with the newest version both sides speak.
    /// `protocols`: the versions offered (a re-execution offers those its capture allows).
    public static func hello(toolVersion: String, protocols: [Int] = protocolVersions) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("type", "hello")
        writer.field("protocol", protocolVersions[0])
        writer.field("protocols", protocols)
        writer.field("tool", "replay")
        writer.field("version", toolVersion)
        // The rule variants replay can judge (docs/engine-protocol.md, "Declared rules"): an
        // engine may declare some of them in its hello; one that ignores this key declares none.
        writer.field("rules", DeclaredRules.named.map(\.rawValue))
        writer.endObject()
        return writer.string
    }

    /// A restaurant's floor: tables in seeded order, adjacency pairs as seeded.
    public static func floor(_ question: EngineQuestion, maxTables: Int) -> String {
        var writer = JSONWriter(capacity: 4096)
        writer.beginObject()
        writer.field("type", "floor")
        writer.field("restaurant", question.slug)
        writer.field("maxOverage", question.floor.restaurant.maxOverage)
        writer.field("maxTables", maxTables)
        writer.key("tables")
        writer.beginArray()
        for table in question.seededTables {
            writer.beginObject()
            writer.field("id", table.id)
            writer.field("zone", table.zone)
            writer.field("min", table.minCovers)
            writer.field("max", table.maxCovers)
            writer.field("active", table.active)
            writer.endObject()
        }
        writer.endArray()
        writer.key("adjacency")
        writer.beginArray()
        for pair in question.seededAdjacency { writer.strings([pair.first, pair.second]) }
        writer.endArray()
        writer.endObject()
        return writer.string
    }

    /// Something that keeps a table from other bookings, as a quote request lists it.
    public struct Busy: Equatable, Sendable {
        public var table: String
        public var start: Int
        public var end: Int
        public var booking: String
        /// `assignment` or `hold`.
        public var kind: String
    }

    /// Every assignment and unexpired hold of other bookings that overlaps the booking's window
    /// or a listed pending booking's window, sorted by table, start, then booking. With a margin
    /// (capture format 5), also every one that touches such a window or lies within the margin
    /// of it (`[start - margin, end + margin]`, both ends included), so that an engine's overlap
    /// rule is exercised at its edges.
    public static func busy(_ question: EngineQuestion) -> [Busy] {
        let request = question.request
        let floor = question.floor
        let occupancy = question.occupancy
        let windows = [request.window] + question.pending.map(\.window)
        let margin = question.busyMarginMinutes
        var busy: [Busy] = []
        for index in floor.tables.indices {
            for occupation in occupancy.tables[index] where occupation.booking != request.booking {
                if occupation.kind == .hold, (occupation.expiresAt ?? Int.max) <= request.now { continue }
                let listed: Bool
                if let margin {
                    listed = windows.contains {
                        $0.isNear(startMinute: occupation.startMinute, endMinute: occupation.endMinute, margin: margin)
                    }
                } else {
                    listed = windows.contains {
                        $0.overlaps(startMinute: occupation.startMinute, endMinute: occupation.endMinute)
                    }
                }
                guard listed else { continue }
                busy.append(
                    Busy(
                        table: floor.tables[index].id, start: occupation.startMinute, end: occupation.endMinute,
                        booking: occupation.booking, kind: occupation.kind.rawValue))
            }
        }
        return busy.sorted { ($0.table, $0.start, $0.booking) < ($1.table, $1.start, $1.booking) }
    }

    /// A request line, with what identifies its question apart from its type and strategies:
    /// every byte but those (`shared`). Two requests of one session with equal `shared` bytes and
    /// the same strategy ask the same question, whatever their type (capture format 8 asks it once).
    public struct QuestionText {
        public var line: String
        public var shared: [UInt8]
    }

    /// A `quote`: one booking under the question's strategy.
    public static func quote(_ question: EngineQuestion) -> String { quoteText(question).line }

    public static func quoteText(_ question: EngineQuestion) -> QuestionText {
        self.question(question, type: "quote") { writer in
            writer.key("strategy")
            strategy(question.request.strategy, into: &writer)
        }
    }

    /// A `quotes` (version 2): the question asked under each strategy in turn, at the same state;
    /// answered by one line per strategy, in this order, each what a `quote` of it would get.
    /// A `sets` (version 3) has the same fields and is answered by one line: the table sets the
    /// engine would offer under each strategy, unranked, each set once.
    public static func quotes(_ question: EngineQuestion, strategies: [Strategy], type: String = "quotes")
        -> QuestionText
    {
        self.question(question, type: type) { writer in
            writer.key("strategies")
            writer.beginArray()
            for each in strategies { strategy(each, into: &writer) }
            writer.endArray()
        }
    }

    private static func strategy(_ strategy: Strategy, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("label", strategy.label)
        writer.field("maxTables", strategy.maxTables)
        writer.field("requireAdjacency", strategy.requireAdjacency)
        writer.endObject()
    }

    /// The fields `quote`, `quotes` and `sets` share, with the strategy part written by `strategies`.
    private static func question(_ question: EngineQuestion, type: String, strategies: (inout JSONWriter) -> Void)
        -> QuestionText
    {
        let request = question.request
        var writer = JSONWriter(capacity: 1024)
        writer.beginObject()
        writer.field("type", type)
        let afterType = writer.bytes.count
        writer.field("restaurant", question.slug)
        writer.key("booking")
        writer.beginObject()
        writer.field("id", request.booking)
        writer.field("party", request.partySize)
        writer.field("start", request.window.startMinute)
        writer.field("end", request.window.endMinute)
        // An addition of this version (capture format 7): an edit's quote names the booking's
        // tables now. They are not in `busy` (its own); an engine may prefer keeping them, and
        // one that ignores the key reads a plain quote for the new party and window.
        if !request.current.isEmpty {
            writer.field("current", question.floor.ids(of: request.current))
        }
        writer.endObject()
        let beforeStrategies = writer.bytes.count
        strategies(&writer)
        let afterStrategies = writer.bytes.count
        writer.key("busy")
        writer.beginArray()
        for entry in busy(question) {
            writer.beginObject()
            writer.field("table", entry.table)
            writer.field("start", entry.start)
            writer.field("end", entry.end)
            writer.field("booking", entry.booking)
            writer.field("kind", entry.kind)
            writer.endObject()
        }
        writer.endArray()
        writer.key("pending")
        writer.beginArray()
        for booking in question.pending {
            writer.beginObject()
            writer.field("id", booking.booking)
            writer.field("party", booking.partySize)
            writer.field("start", booking.window.startMinute)
            writer.field("end", booking.window.endMinute)
            writer.endObject()
        }
        writer.endArray()
        // An addition of this version: tables the run keeps out of quotes (`--avoid-used`).
        // Engines that ignore it are not blamed: offers using them are dropped, not called unsound.
        if !request.excluded.isEmpty {
            writer.field("excluded", question.floor.ids(of: request.excluded))
        }
        writer.endObject()
        let bytes = writer.bytes
        return QuestionText(
            line: writer.string,
            shared: Array(bytes[afterType..<beforeStrategies]) + bytes[afterStrategies...])
    }

    // MARK: Answers (engine -> replay)

    /// An engine's hello.
    public struct Hello: Equatable, Sendable {
        public var protocolVersion: Int
        public var engine: String
        public var version: String
        public var lookAheadMinutes: Int
        public var rules = DeclaredRules()
    }

    /// An answer that is not what the protocol expects at this point.
    public struct Malformed: Error, Equatable {
        public var problem: String
        /// True when the line is JSON of another shape (else it is not a JSON object at all).
        public var isWrongType: Bool
    }

    static func object(_ line: String) throws(Malformed) -> JSONValue {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            throw Malformed(problem: "not JSON (\(error.message))", isWrongType: false)
        }
        guard case .object = value else { throw Malformed(problem: "not a JSON object", isWrongType: false) }
        // A key twice has no one meaning (JSON leaves it open): refused, as the scenario loader does.
        if let twice = duplicateKey(in: value) {
            throw Malformed(problem: "the key \"\(twice)\" appears twice in one object", isWrongType: false)
        }
        return value
    }

    /// The first key an object (at any depth) holds twice, or nil.
    static func duplicateKey(in value: JSONValue) -> String? {
        switch value {
        case .object(let fields):
            for (index, field) in fields.enumerated() where fields[..<index].contains(where: { $0.key == field.key }) {
                return field.key
            }
            return fields.lazy.compactMap { duplicateKey(in: $0.value) }.first
        case .array(let items):
            return items.lazy.compactMap { duplicateKey(in: $0) }.first
        default:
            return nil
        }
    }

    static func expectType(_ value: JSONValue, _ expected: String) throws(Malformed) {
        let type = value["type"]?.stringValue
        guard type == expected else {
            throw Malformed(
                problem: "expected type \"\(expected)\", found \(type.map { "\"\($0)\"" } ?? "no type")",
                isWrongType: true)
        }
    }

    public static func parseHello(_ line: String) throws(Malformed) -> Hello {
        let value = try object(line)
        try expectType(value, "hello")
        guard let version = value["protocol"]?.intValue else {
            throw Malformed(problem: "hello without an integer protocol", isWrongType: true)
        }
        let lookAhead = value["lookaheadMinutes"].map { $0.intValue } ?? 0
        guard let lookAhead, lookAhead >= 0, lookAhead <= 10_080 else {
            throw Malformed(problem: "lookaheadMinutes must be an integer in 0...10080", isWrongType: true)
        }
        for key in ["engine", "version"] {
            if let given = value[key], !given.isNull, given.stringValue == nil {
                throw Malformed(problem: "hello's \(key) is not a string", isWrongType: true)
            }
            // Stored in every capture and shown in every report: a name, not a payload.
            if let text = value[key]?.stringValue, text.utf8.count > Limits.nameBytes {
                throw Malformed(
                    problem: "hello's \(key) is \(text.utf8.count) bytes, past the \(Limits.nameBytes) a name may have",
                    isWrongType: true)
            }
        }
        return Hello(
            protocolVersion: version, engine: value["engine"]?.stringValue ?? "unnamed",
            version: value["version"]?.stringValue ?? "?",
            lookAheadMinutes: lookAhead, rules: try declaredRules(value))
    }

    /// The hello's `rules` and `maxCandidates`, both optional. Keys an engine may have sent
    /// before they meant anything are still ignored when they have another shape (`rules` not an
    /// array of strings, `maxCandidates` not an integer); of the declared shape they are read
    /// strictly: a name replay does not know, or a cap out of range, fails the handshake (a typo
    /// would otherwise turn into misses).
    static func declaredRules(_ hello: JSONValue) throws(Malformed) -> DeclaredRules {
        var rules = DeclaredRules()
        if let list = hello["rules"]?.arrayValue, case let names = list.compactMap(\.stringValue),
            names.count == list.count
        {
            for name in names where !rules.declare(name) {
                let known = DeclaredRules.named.map(\.rawValue).joined(separator: ", ")
                throw Malformed(
                    problem: name == DeclaredRules.Rule.maxCandidates.rawValue
                        ? "hello's rules names maxCandidates: declare the cap as \"maxCandidates\": N"
                        : "hello's rules names \"\(name)\", which replay does not know (it knows \(known))",
                    isWrongType: true)
            }
        }
        if let cap = hello["maxCandidates"]?.intValue {
            guard DeclaredRules.maximumCandidatesRange.contains(cap) else {
                throw Malformed(
                    problem: "maxCandidates must be an integer in \(DeclaredRules.maximumCandidatesRange)",
                    isWrongType: true)
            }
            rules.maxCandidates = cap
        }
        return rules
    }

    public static func parseOK(_ line: String) throws(Malformed) {
        try expectType(try object(line), "ok")
    }

    /// A quote's answer: the offers with the digest of the whole answer, or the engine's error.
    public static func parseAnswer(_ line: String) throws(Malformed) -> EngineAnswer {
        // The answer exactly as sent: a deterministic engine sends the same bytes every time.
        let digest = Array(SHA256.hash(Array(line.utf8)).prefix(8)).hexString
        let answer: EngineAnswer
        if let scanned = AnswerScanner.candidates(line) {
            answer = .offered(EngineOffers(candidates: scanned.offers, rejected: scanned.rejected, digest: digest))
        } else {
            answer = try parseAnswerInFull(line, digest: digest)
        }
        if case .offered(let offers) = answer { try Limits.check(offers) }
        return answer
    }

    /// A `sets` answer (version 3) to a question of `strategies` strategies: for each, the sets the
    /// engine would offer, unranked and unscored (`EngineOffers.unranked`), all with the line's
    /// digest. An `error` answer stands for every strategy, as a `quotes`'s errors do.
    public static func parseSets(_ line: String, strategies: Int) throws(Malformed) -> [EngineAnswer] {
        let digest = Array(SHA256.hash(Array(line.utf8)).prefix(8)).hexString
        let value = try object(line)
        if value["type"]?.stringValue == "error" {
            return Array(repeating: try parseAnswerInFull(line, digest: digest), count: strategies)
        }
        try expectType(value, "sets")
        guard let list = value["sets"]?.arrayValue else {
            throw Malformed(problem: "sets is not an array", isWrongType: true)
        }
        var sets: [EngineOffers.Offer] = []
        sets.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            guard let tables = item.arrayValue, case let ids = tables.compactMap(\.stringValue),
                ids.count == tables.count
            else {
                throw Malformed(problem: "sets[\(index)] is not an array of table ids", isWrongType: true)
            }
            sets.append(EngineOffers.Offer(tables: ids, score: nil))
        }
        // The limits of a `candidates` answer hold for the union (its candidates are the sets).
        try Limits.check(EngineOffers(candidates: sets, rejected: [], digest: digest), what: "sets")
        // Each set once: a set listed twice would count twice toward a declared cap.
        var first: [[String]: Int] = [:]  // look-up only
        for (index, set) in sets.enumerated() {
            let key = set.tables.sorted()
            if let earlier = first[key] {
                throw Malformed(problem: "sets[\(index)] is sets[\(earlier)] again (each set once)", isWrongType: true)
            }
            first[key] = index
        }
        guard let offered = value["offered"]?.arrayValue, offered.count == strategies else {
            throw Malformed(
                problem: "offered must be an array of \(strategies) arrays, one per strategy of the request",
                isWrongType: true)
        }
        var answers: [EngineAnswer] = []
        var seen = [Int](repeating: -1, count: sets.count)
        for (position, item) in offered.enumerated() {
            guard let indexes = item.arrayValue else {
                throw Malformed(problem: "offered[\(position)] is not an array", isWrongType: true)
            }
            var candidates: [EngineOffers.Offer] = []
            candidates.reserveCapacity(indexes.count)
            for index in indexes {
                guard let index = index.intValue, sets.indices.contains(index) else {
                    throw Malformed(
                        problem:
                            "offered[\(position)] holds something other than an index of sets (0...\(sets.count - 1))",
                        isWrongType: true)
                }
                guard seen[index] != position else {
                    throw Malformed(problem: "offered[\(position)] lists set \(index) twice", isWrongType: true)
                }
                seen[index] = position
                candidates.append(sets[index])
            }
            var offers = EngineOffers(candidates: candidates, rejected: [], digest: digest)
            offers.unranked = true
            answers.append(.offered(offers))
        }
        return answers
    }

    /// What one answer may hold (docs/engine-protocol.md, "Limits"): what a capture stores of an
    /// engine is bounded, so no engine can make a capture, a report or a re-execution grow
    /// without end. Past a limit the answer is a `wrong_type` failure (`engine.failed`).
    public enum Limits {
        /// Candidates in one answer (the built-in search examines at most 300,000 subsets).
        public static let candidates = 300_000
        /// Tables in one candidate (a party of at most 100 needs no more).
        public static let tablesPerCandidate = 100
        /// Bytes of one table id, one `rejected` reason, an engine's name or version.
        public static let idBytes = 200
        public static let nameBytes = 200
        /// Reasons in one `rejected`.
        public static let rejectedReasons = 32
        /// Bytes of one answer line (`LineReader.maximumLineBytes`).
        public static let answerBytes = LineReader.maximumLineBytes

        /// `what`: the answer's array, as its messages name it.
        static func check(_ offers: EngineOffers, what: String = "candidates") throws(Malformed) {
            guard offers.candidates.count <= candidates else {
                throw Malformed(
                    problem: "\(offers.candidates.count) \(what), past the \(candidates) an answer may hold",
                    isWrongType: true)
            }
            for (index, candidate) in offers.candidates.enumerated() {
                guard candidate.tables.count <= tablesPerCandidate else {
                    throw Malformed(
                        problem:
                            "\(what)[\(index)] has \(candidate.tables.count) tables, past the \(tablesPerCandidate) a candidate may hold",
                        isWrongType: true)
                }
                if let long = candidate.tables.first(where: { $0.utf8.count > idBytes }) {
                    throw Malformed(
                        problem: "\(what)[\(index)] names a table id of \(long.utf8.count) bytes, past \(idBytes)",
                        isWrongType: true)
                }
            }
            guard offers.rejected.count <= rejectedReasons else {
                throw Malformed(
                    problem:
                        "rejected has \(offers.rejected.count) reasons, past the \(rejectedReasons) an answer may give",
                    isWrongType: true)
            }
            if let long = offers.rejected.first(where: { $0.reason.utf8.count > idBytes }) {
                throw Malformed(
                    problem: "rejected names a reason of \(long.reason.utf8.count) bytes, past \(idBytes)",
                    isWrongType: true)
            }
        }
    }

    /// `parseAnswer` through a JSON tree: any answer, with the precise complaint about a bad one
    /// (public for the fuzzer, which checks that the shortcut reads what this reads).
    public static func parseAnswerInFull(_ line: String, digest: String) throws(Malformed) -> EngineAnswer {
        let value = try object(line)
        switch value["type"]?.stringValue {
        case "error":
            if let given = value["message"], !given.isNull, given.stringValue == nil {
                throw Malformed(problem: "message is not a string", isWrongType: true)
            }
            let message = value["message"]?.stringValue ?? "(no message)"
            return .failed(message: String(message.prefix(EngineFailure.lineLimit)), digest: digest)
        case "candidates":
            guard let list = value["candidates"]?.arrayValue else {
                throw Malformed(problem: "candidates is not an array", isWrongType: true)
            }
            var offers: [EngineOffers.Offer] = []
            for (index, item) in list.enumerated() {
                guard let tables = item["tables"]?.arrayValue else {
                    throw Malformed(problem: "candidates[\(index)].tables is not an array", isWrongType: true)
                }
                let ids = tables.compactMap(\.stringValue)
                guard ids.count == tables.count else {
                    throw Malformed(
                        problem: "candidates[\(index)].tables holds something other than strings", isWrongType: true)
                }
                var score: Int?
                if let given = item["score"], !given.isNull {
                    guard let integer = given.intValue else {
                        throw Malformed(problem: "candidates[\(index)].score is not an integer", isWrongType: true)
                    }
                    // Recorded in the capture: held to the range its readers accept.
                    guard EventBounds.score.contains(integer) else {
                        throw Malformed(
                            problem:
                                "candidates[\(index)].score \(integer) is outside \(EventBounds.score.lowerBound)...\(EventBounds.score.upperBound)",
                            isWrongType: true)
                    }
                    score = integer
                }
                offers.append(EngineOffers.Offer(tables: ids, score: score))
            }
            var rejected: [(reason: String, count: Int)] = []
            if let given = value["rejected"], !given.isNull {
                guard let fields = given.objectValue else {
                    throw Malformed(problem: "rejected is not an object", isWrongType: true)
                }
                for field in fields {
                    guard let count = field.value.intValue else {
                        throw Malformed(problem: "rejected.\(field.key) is not an integer", isWrongType: true)
                    }
                    guard EventBounds.count.contains(count) else {
                        throw Malformed(
                            problem:
                                "rejected.\(field.key) \(count) is outside \(EventBounds.count.lowerBound)...\(EventBounds.count.upperBound)",
                            isWrongType: true)
                    }
                    rejected.append((field.key, count))
                }
            }
            return .offered(EngineOffers(candidates: offers, rejected: rejected, digest: digest))
        default:
            try expectType(value, "candidates")
            return .offered(EngineOffers(candidates: [], rejected: [], digest: digest))
        }
    }
}
