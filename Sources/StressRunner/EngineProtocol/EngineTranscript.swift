import Allocation
import CanonicalJSON
import Projections

/// A reproducer people keep: the minimal case of a finding as the exact protocol lines, one
/// file, written by `engine check` (its shrunk examples) and `shrink --quote`, re-asked by
/// `engine replay` (docs/engine-protocol.md, "Reproducers"). Plain text, one line each:
///
///     # replay transcript 1: a missed 3-table set under adjacent-x3
///     # <where it came from, how it was shrunk>
///     > {"type":"floor",...}          the floor line replay sends
///     > {"type":"quote",...}          the quote line replay sends
///     < {"type":"candidates",...}     what the engine answered when it was written
///     = {"expected":[...],"missed":[...],"unsound":[...]}
///
/// `=` holds every feasible set of the quote's strategy (what a complete engine offers), the
/// sets the engine missed and the offers that broke a rule, as written; `engine replay` works
/// them out again from the two request lines alone (the floor and the quote carry the whole
/// question) and judges the engine's answer now. The `>` lines are exactly what replay sends,
/// so `sed -n 's/^> //p' FILE | your-engine` asks it by hand, and the lines paste into an
/// engine's own unit test.
public struct EngineTranscript: Sendable, Equatable {
    public static let header = "# replay transcript 1"

    /// What the finding is ("a missed 3-table set under adjacent-x3").
    public var title: String
    /// Lines of context (without "# ").
    public var notes: [String]
    public var floorLine: String
    public var quoteLine: String
    public var answerLine: String
    public var expected: [[String]]
    public var missed: [[String]]
    public var unsound: [UnsoundAnswer]

    public init(
        title: String, notes: [String], floorLine: String, quoteLine: String, answerLine: String, expected: [[String]],
        missed: [[String]], unsound: [UnsoundAnswer]
    ) {
        self.title = title
        self.notes = notes
        self.floorLine = floorLine
        self.quoteLine = quoteLine
        self.answerLine = answerLine
        self.expected = expected
        self.missed = missed
        self.unsound = unsound
    }

    /// A check's result as a transcript.
    public init(_ result: EngineCheck.Result, title: String, notes: [String]) {
        self.init(
            title: title, notes: notes, floorLine: result.floorLine, quoteLine: result.requestLine,
            answerLine: result.answerLine,
            expected: result.expected, missed: result.missed, unsound: result.unsound)
    }

    /// Why a file is not a transcript.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public var text: String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("expected")
        writer.stringSets(expected)
        writer.key("missed")
        writer.stringSets(missed)
        writer.key("unsound")
        writer.beginArray()
        for offer in unsound {
            writer.beginObject()
            writer.field("tables", offer.tables)
            writer.field("rule", offer.rule)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        // One line each: a newline inside a note would start a line of another kind.
        let comments = ([Self.header + ": " + title] + notes.map { "# " + $0 }).map {
            $0.replacingOccurrences(of: "\n", with: " ")
        }
        return (comments + ["> " + floorLine, "> " + quoteLine, "< " + answerLine, "= " + writer.string]).joined(
            separator: "\n") + "\n"
    }

    /// Reads a transcript; `path` names the file in the problem.
    public static func parse(_ text: String, path: String) throws(Problem) -> EngineTranscript {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let first = lines.first, first.hasPrefix(header) else {
            throw Problem(message: "\(path): not a replay transcript (its first line must start with \"\(header)\")")
        }
        let title = first.dropFirst(header.count).drop { $0 == ":" || $0 == " " }
        lines.removeFirst()
        var notes: [String] = []
        var sent: [String] = []
        var answer = ""
        var outcome: JSONValue?
        for (number, line) in lines.enumerated() {
            let body = String(line.dropFirst(2))
            switch line.prefix(2) {
            case "# ": notes.append(body)
            case "> ": sent.append(body)
            case "< ": answer = body
            case "= ":
                do { outcome = try JSONParser.parse(body) } catch {
                    throw Problem(message: "\(path): line \(number + 2): the '=' line is not JSON (\(error.message))")
                }
            default: throw Problem(message: "\(path): line \(number + 2) starts with neither '# ', '> ', '< ' nor '= '")
            }
        }
        guard sent.count == 2 else {
            throw Problem(
                message: "\(path): a transcript sends two lines ('> ' floor, then quote), found \(sent.count)")
        }
        func sets(_ key: String) -> [[String]] {
            outcome?[key]?.arrayValue?.map { $0.arrayValue?.compactMap(\.stringValue) ?? [] } ?? []
        }
        let unsound = (outcome?["unsound"]?.arrayValue ?? []).map {
            UnsoundAnswer(
                tables: $0["tables"]?.arrayValue?.compactMap(\.stringValue) ?? [], rule: $0["rule"]?.stringValue ?? "")
        }
        return EngineTranscript(
            title: String(title), notes: notes, floorLine: sent[0], quoteLine: sent[1], answerLine: answer,
            expected: sets("expected"), missed: sets("missed"), unsound: unsound)
    }

    /// The question the two request lines ask, with the floor's slug: all of it is in the lines.
    public func question(path: String) throws(Problem) -> (slug: String, question: EngineQuestion, maxTables: Int) {
        do {
            let floorValue = try JSONParser.parse(floorLine)
            let quoteValue = try JSONParser.parse(quoteLine)
            guard floorValue["type"]?.stringValue == "floor", quoteValue["type"]?.stringValue == "quote" else {
                throw Problem(message: "\(path): the '>' lines must be a floor, then a quote")
            }
            let floor = try EngineRequest.floor(floorValue)
            guard quoteValue["restaurant"]?.stringValue == floor.slug else {
                throw Problem(message: "\(path): the quote names another restaurant than the floor")
            }
            let read = try EngineRequest.question(quoteValue, floor: floor.floor)
            var request = read.request
            request.strategy = try EngineRequest.strategy(quoteValue["strategy"])
            let question = EngineQuestion(
                slug: floor.slug, floor: floor.floor, occupancy: read.occupancy, seededTables: floor.tables,
                seededAdjacency: floor.adjacency, request: request, pending: read.pending)
            let maxTables = floorValue["maxTables"]?.intValue ?? EngineCheck.floorMaxTables
            guard Strategy.maxTablesRange.contains(maxTables) else {
                throw Problem(message: "\(path): the floor's maxTables must be in 1...5")
            }
            return (floor.slug, question, maxTables)
        } catch let problem as Problem {
            throw problem
        } catch let refusal as EngineRequest.Refusal {
            throw Problem(message: "\(path): \(refusal.message)")
        } catch {
            throw Problem(message: "\(path): a '>' line is not JSON (\(error))")
        }
    }
}
