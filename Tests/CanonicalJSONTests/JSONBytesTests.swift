import CanonicalJSON
import Testing

/// The one JSON cursor: what its readers (the parser, the payload cursor) make of the same
/// strings and integers, with the parser's messages and positions as they were before the
/// cursor was shared.
@Suite struct JSONBytesTests {
    static let badStrings: [(String, String, Int)] = [
        (#""ab"#, "unterminated string", 4),
        ("\"a\u{1}\"", "control character in a string", 3),
        (#""\x""#, "invalid escape", 4),
        (#""\"#, "unterminated escape", 3),
        (#""\u12""#, #"truncated \u escape"#, 4),
        (#""\u12G4""#, #"invalid \u escape"#, 6),
        (#""\uD800""#, "unpaired surrogate", 8),
        (#""\uD800\u0041""#, "unpaired surrogate", 14),
        (#""\uDC00""#, "invalid code point", 8)
    ]

    @Test(arguments: badStrings)
    func theParserNamesABadStringWhereItIs(text: String, message: String, column: Int) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.message == message && error.line == 1 && error.column == column, "\(error)")
        }
    }

    @Test func escapesDecodeTheSameInTheParserAndThePayloadCursor() throws {
        let text = #"["a\"b\\c\/d\b\f\n\r\t","\u00e9\uD83D\uDE00","plain é"]"#
        let parsed = try JSONParser.parse(text)
        var bytes = Array(text.utf8)
        let read = try bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = PayloadCursor(UnsafeBufferPointer(buffer))
            try cursor.beginArray()
            var strings: [String] = []
            while try cursor.nextElement() { strings.append(try cursor.string()) }
            return strings
        }
        #expect(parsed == .array(read.map(JSONValue.string)))
        #expect(read == ["a\"b\\c/d\u{8}\u{c}\n\r\t", "é😀", "plain é"])
    }

    @Test func integersTakeAtMostEighteenDigits() throws {
        var bytes = Array("[-123456789012345678,1234567890123456789]".utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            var cursor = PayloadCursor(UnsafeBufferPointer(buffer))
            try cursor.beginArray()
            #expect(try cursor.nextElement())
            #expect(try cursor.int() == -123_456_789_012_345_678)
            #expect(try cursor.nextElement())
            #expect(throws: PayloadCursor.Mismatch.self) { try cursor.int() }
        }
        #expect(try JSONParser.parse("1234567890123456789") == .int(1_234_567_890_123_456_789))
    }

    @Test func theCursorTakesLiteralsAndPlainStringsOnlyWhole() {
        var bytes = Array(#"nul"a\"b" "ok" "#.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            var reader = JSONBytes(UnsafeBufferPointer(buffer))
            #expect(!reader.take("null") && reader.index == 0)
            reader.index = 3
            #expect(reader.plainString() == nil && reader.index == 3)
            reader.index = 9
            reader.skipWhitespace()
            #expect(reader.plainString().map { String(decoding: $0, as: UTF8.self) } == "ok")
            reader.skipWhitespace()
            #expect(reader.isAtEnd)
        }
    }
}
