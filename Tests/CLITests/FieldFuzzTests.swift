import CanonicalJSON
import EventLog
import Foundation
import Testing

/// The re-chained field fuzzer: every number field of every event type in three real captures
/// (assign mode, reserve mode with racing clients, an outside engine) set to values at and past
/// the edges of what a run produces, with the hash chain recomputed as a forger would, so
/// `verify` calls the capture complete. `run` (re-execution) and `report` (the fold and every
/// page) must then answer with exit 0, 1 or 2, a refusal in one line naming the capture: never
/// a trap, a signal or a stack trace. A fixed number of cases, chosen by a seeded generator.
@Suite(.serialized) struct FieldFuzzTests {
    /// Values a forger puts in a number field: the edges of the ranges, and past them.
    static let values = [-1, 0, 1, 100, 2_880, 1_000_000_000_000, 999_999_999_999_999_999, -999_999_999_999_999_999]

    /// Where a number sits in a payload: keys and array positions from the top.
    enum Step: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): "[\(index)]"
            }
        }
    }

    static func numberPaths(_ value: JSONValue, under path: [Step] = []) -> [[Step]] {
        switch value {
        case .int: [path]
        case .array(let items):
            items.enumerated().flatMap { numberPaths($0.element, under: path + [.index($0.offset)]) }
        case .object(let fields): fields.flatMap { numberPaths($0.value, under: path + [.key($0.key)]) }
        default: []
        }
    }

    static func replacing(_ value: JSONValue, at path: ArraySlice<Step>, with number: Int) -> JSONValue {
        guard let step = path.first else { return .int(number) }
        switch (step, value) {
        case (.key(let key), .object(var fields)):
            if let index = fields.firstIndex(where: { $0.key == key }) {
                fields[index].value = replacing(fields[index].value, at: path.dropFirst(), with: number)
            }
            return .object(fields)
        case (.index(let index), .array(var items)):
            items[index] = replacing(items[index], at: path.dropFirst(), with: number)
            return .array(items)
        default:
            return value
        }
    }

    /// One case: an event's field set to a value.
    struct Case {
        var capture: String
        var seq: Int
        var type: String
        var path: [Step]
        var value: Int
        var label: String {
            "\(capture) event \(seq) (\(type)) \(path.map(\.description).joined(separator: ".")) = \(value)"
        }
    }

    /// The first event of each type and every number in its payload: one case per field.
    static func cases(in folder: URL, capture: String, generator: inout SplitMixGenerator) throws -> [Case] {
        let connection = try Connection(path: folder.appendingPathComponent(capture).path, mode: .readOnly)
        let query = try connection.prepare("SELECT min(seq), type, payload FROM events GROUP BY type ORDER BY min(seq)")
        var cases: [Case] = []
        while try query.step() {
            let seq = query.int(0)
            let type = query.text(1) ?? ""
            let payload = try JSONParser.parse(query.text(2) ?? "")
            for path in numberPaths(payload) {
                cases.append(
                    Case(
                        capture: capture, seq: seq, type: type, path: path,
                        value: values[Int(generator.next() % UInt64(values.count))]))
            }
        }
        return cases
    }

    @Test func everyEditedNumberFieldIsACleanExitNeverACrash() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = EngineProtocolTests.engine("complete")
        let recordings: [(String, [String])] = [
            ("assign.db", []),
            ("reserve.db", ["--mode", "reserve", "--clone-limit", "30", "--clients", "4"]),
            ("engine.db", ["--engine", engine, "--restaurant", "pub-1"])
        ]
        for (name, options) in recordings {
            let result = try Replay.run(["record", "--quiet", "--no-reports", "--out", name] + options, in: folder)
            try #require(result.status == 0, "\(name): \(result.stderr)")
        }
        var generator = SplitMixGenerator(seed: 20_261_206)
        var cases: [Case] = []
        for (name, _) in recordings { cases += try Self.cases(in: folder, capture: name, generator: &generator) }
        #expect(cases.count > 60, "\(cases.count) cases")
        var refused = 0
        for (number, fuzzCase) in cases.enumerated() {
            let edited = "case-\(number).db"
            try FileManager.default.copyItem(
                at: folder.appendingPathComponent(fuzzCase.capture), to: folder.appendingPathComponent(edited))
            defer { try? FileManager.default.removeItem(at: folder.appendingPathComponent(edited)) }
            do {
                let connection = try Connection(path: folder.appendingPathComponent(edited).path, mode: .create)
                let read = try connection.prepare("SELECT payload FROM events WHERE seq = \(fuzzCase.seq)")
                _ = try read.step()
                let payload = Self.replacing(
                    try JSONParser.parse(read.text(0) ?? ""), at: fuzzCase.path[...], with: fuzzCase.value)
                let write = try connection.prepare("UPDATE events SET payload = ? WHERE seq = ?")
                try write.bind(payload.canonicalText, at: 1)
                try write.bind(fuzzCase.seq, at: 2)
                _ = try write.step()
            }
            try rechain(folder.appendingPathComponent(edited).path)
            let engineOption = fuzzCase.capture == "engine.db" ? ["--engine", engine] : []
            for command in [["run", edited] + engineOption, ["report", edited, "--reports", "r-\(number)"]] {
                let result = try Replay.run(command, in: folder, timeout: 60)
                #expect(!result.timedOut, "\(command[0]) on \(fuzzCase.label): still running after 60 s")
                #expect(
                    [0, 1, 2].contains(result.status),
                    "\(command[0]) on \(fuzzCase.label): exit \(result.status): \(result.stderr.suffix(400))")
                #expect(
                    !result.stderr.contains("Fatal error"),
                    "\(command[0]) on \(fuzzCase.label): \(result.stderr.suffix(400))")
                if result.status == 2 {
                    refused += 1
                    #expect(
                        result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(edited),
                        "\(command[0]) on \(fuzzCase.label): \(result.stderr)")
                }
            }
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("r-\(number)"))
        }
        // Most edits leave the allowed ranges or change what re-execution produces: refused, not crashed.
        #expect(refused > cases.count / 2, "\(refused) refusals over \(cases.count) cases")
    }
}

/// SplitMix64, for the fuzzer's choices (the same generator the product seeds runs with).
struct SplitMixGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
