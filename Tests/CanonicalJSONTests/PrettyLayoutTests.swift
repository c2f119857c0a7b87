import CanonicalJSON
import Testing

/// `PrettyLayout` lays out bytes; the layout it must keep is the one reports and printed
/// scenarios have always had, defined on a tree: `referencePrettyText` below is that definition
/// (the previous implementation, kept here as the oracle), and the two must agree byte for byte.
@Suite struct PrettyLayoutTests {
    @Test func agreesWithTheTreeLayoutOnGeneratedValues() {
        var generator = ValueGenerator(seed: 0x5EED)
        let widths = [100, 40, 12, 3, 0, -1]
        // Per width: how many values stayed on one line, and how many broke.
        var outcomes = [(inline: Int, broken: Int)](repeating: (0, 0), count: widths.count)
        for round in 0..<3_600 {
            let value = generator.value(depth: 0)
            let width = widths[round % widths.count]
            let expected = value.referencePrettyText(width: width)
            let laidOut = value.prettyText(width: width)
            #expect(laidOut == expected, "round \(round), width \(width): \(value.canonicalText)")
            if expected.contains("\n  ") {
                outcomes[round % widths.count].broken += 1
            } else if expected.contains("[") || expected.contains("{") {
                outcomes[round % widths.count].inline += 1
            }
        }
        // Both outcomes were exercised at every width that allows both (at 3 and below, every
        // non-empty container breaks).
        for (width, outcome) in zip(widths, outcomes) {
            #expect(outcome.broken > 50, "width \(width): \(outcome)")
            if width >= 12 { #expect(outcome.inline > 50, "width \(width): \(outcome)") }
        }
    }

    /// Characters, not bytes, decide: an accented or emoji line that fits in characters stays on
    /// one line even when its bytes are more than the width.
    @Test func widthIsCountedInCharacters() throws {
        let accented = try JSONParser.parse(#"{"ids":["Tëte-à-tête","🍷🍷🍷","👩‍👩‍👧","é"],"n":1}"#)
        let text = accented.prettyText(width: accented.canonicalText.count + 8)
        #expect(text == #"{"ids": ["Tëte-à-tête", "🍷🍷🍷", "👩‍👩‍👧", "é"], "n": 1}"# + "\n")
        #expect(Array(text.utf8).count > accented.canonicalText.count + 8)
        #expect(text == accented.referencePrettyText(width: accented.canonicalText.count + 8))
    }

    /// Text that is not one complete value comes back nil (the caller keeps it raw), never a
    /// trap, on the one-line path (wide) as on the multi-line one (narrow).
    @Test(arguments: [100, 2])
    func incompleteOrMalformedTextIsRefused(width: Int) throws {
        let complete = Array(#"{"a":[1,{"b":"x\"y"},[]],"c":{"d":null}}"#.utf8)
        #expect(PrettyLayout.text(ofCanonical: complete, width: width) != nil)
        for end in 0..<complete.count {
            #expect(
                PrettyLayout.text(ofCanonical: Array(complete[..<end]), width: width) == nil, "prefix of \(end) bytes")
        }
        for text in [
            #"{"a" 1}"#, "[1,]", "[1 2]", #"{"a":1,}"#, "1 2", ",", "}", "[1}", "{1:2}", #"{"a",1}"#, #"["a":1]"#,
            "[,1]", #"{"a":}"#, #"{:1}"#, "[1]]", #"["\"]"#, String(repeating: "[", count: 5_000)
        ] {
            #expect(PrettyLayout.text(ofCanonical: Array(text.utf8), width: width) == nil, "\(text.prefix(20))")
        }
        let deep = String(repeating: "[", count: 1_500) + String(repeating: "]", count: 1_500)
        #expect(PrettyLayout.text(ofCanonical: Array(deep.utf8), width: width) == nil, "deeper than the layout goes")
    }

    /// The width is clamped, not subtracted from: the smallest width breaks every container.
    @Test func anyWidthIsSafe() throws {
        let value = try JSONParser.parse(#"[[1],{"a":[2]}]"#)
        #expect(value.prettyText(width: Int.min) == value.prettyText(width: 0))
        #expect(value.prettyText(width: Int.max) == #"[[1], {"a": [2]}]"# + "\n")
    }
}

/// The tree layout reports and scenarios were printed with before `PrettyLayout`, exactly as it
/// was (only renamed): the definition the byte layout must keep.
extension JSONValue {
    func referencePrettyText(width: Int) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        var line: [UInt8] = []
        referenceWritePretty(into: &output, indent: 0, width: width, line: &line)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    /// `line`: scratch space for one-line forms, reused by every level.
    private func referenceWritePretty(into output: inout [UInt8], indent: Int, width: Int, line: inout [UInt8]) {
        let isContainer: Bool
        switch self {
        case .array(let values): isContainer = !values.isEmpty
        case .object(let fields): isContainer = !fields.isEmpty
        default: isContainer = false
        }
        guard isContainer else {
            output.append(contentsOf: canonicalText.utf8)
            return
        }
        line.removeAll(keepingCapacity: true)
        if referenceAppendInline(to: &line, width: width), Self.referenceFits(line[...], width - indent) {
            output.append(contentsOf: line)
            return
        }
        let pad = [UInt8](repeating: UInt8(ascii: " "), count: indent + 2)
        switch self {
        case .array(let values):
            output.append(contentsOf: "[\n".utf8)
            for (position, value) in values.enumerated() {
                if position > 0 { output.append(contentsOf: ",\n".utf8) }
                output.append(contentsOf: pad)
                value.referenceWritePretty(into: &output, indent: indent + 2, width: width, line: &line)
            }
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            output.append(contentsOf: "{\n".utf8)
            for (position, field) in fields.enumerated() {
                if position > 0 { output.append(contentsOf: ",\n".utf8) }
                output.append(contentsOf: pad)
                Self.referenceAppendKey(field.key, to: &output)
                field.value.referenceWritePretty(into: &output, indent: indent + 2, width: width, line: &line)
            }
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            output.append(UInt8(ascii: "}"))
        default:
            break
        }
    }

    /// Appends the one-line form (`[1, 2]`, `{"a": 1}`) and returns true, or returns false (with
    /// `line` left part-written) as soon as it is wider than `width`: a member too wide on its
    /// own, or the line so far, counted from the opening bracket (the closing one is not counted).
    private func referenceAppendInline(to line: inout [UInt8], width: Int) -> Bool {
        let start = line.count
        switch self {
        case .array(let values) where !values.isEmpty:
            line.append(UInt8(ascii: "["))
            for (position, value) in values.enumerated() {
                if position > 0 { line.append(contentsOf: ", ".utf8) }
                guard value.referenceAppendInline(to: &line, width: width) else { return false }
                if line.count - start > width, !Self.referenceFits(line[start...], width) { return false }
            }
            line.append(UInt8(ascii: "]"))
        case .object(let fields) where !fields.isEmpty:
            line.append(UInt8(ascii: "{"))
            for (position, field) in fields.enumerated() {
                if position > 0 { line.append(contentsOf: ", ".utf8) }
                Self.referenceAppendKey(field.key, to: &line)
                guard field.value.referenceAppendInline(to: &line, width: width) else { return false }
                if line.count - start > width, !Self.referenceFits(line[start...], width) { return false }
            }
            line.append(UInt8(ascii: "}"))
        default:
            line.append(contentsOf: canonicalText.utf8)
            return Self.referenceFits(line[start...], width)
        }
        return true
    }

    /// `"key": `
    private static func referenceAppendKey(_ key: String, to bytes: inout [UInt8]) {
        var writer = JSONWriter(capacity: key.utf8.count + 4)
        writer.string(key)
        bytes.append(contentsOf: writer.bytes)
        bytes.append(contentsOf: ": ".utf8)
    }

    /// Whether `text` is at most `width` characters, as `String.count` counts them.
    private static func referenceFits(_ text: ArraySlice<UInt8>, _ width: Int) -> Bool {
        text.count <= width || String(decoding: text, as: UTF8.self).count <= width
    }
}

/// Random JSON values with the shapes reports have (nested objects and arrays, empty ones, ids
/// with accents, emoji, combining marks and escapes), from a seeded generator.
struct ValueGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    private static let pieces = [
        "T1", "bar", "Salle à manger", "🍷", "e\u{301}", "👩‍👩‍👧", "\"q\"", "a\\b", "line\nbreak", "tab\t", "\u{1}", "日本", "",
        "\\", "\u{600}", "🇫", "\u{1100}", "[,:]"
    ]

    mutating func string() -> String {
        (0..<next(4)).map { _ in Self.pieces[next(Self.pieces.count)] }.joined()
    }

    mutating func value(depth: Int) -> JSONValue {
        switch depth > 3 ? next(5) : next(8) {
        case 0: return .int(next(2) == 0 ? next(100) : -next(1_000_000))
        case 1: return .string(string())
        case 2: return next(3) == 0 ? .null : .bool(next(2) == 0)
        case 3: return .number(["1.5", "-0.25", "1e9"][next(3)])
        case 4: return .string(Self.pieces[next(Self.pieces.count)])
        case 5, 6: return .array((0..<next(7)).map { _ in value(depth: depth + 1) })
        default: return .object((0..<next(6)).map { _ in (key: string(), value: value(depth: depth + 1)) })
        }
    }
}
