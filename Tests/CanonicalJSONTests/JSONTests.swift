import CanonicalJSON
import Testing

@Suite struct JSONWriterTests {
    @Test func writesFieldsInOrderWithEscapes() {
        var w = JSONWriter()
        w.beginObject()
        w.field("b", 1)
        w.field("a", "x\"y\\z\n\u{1}")
        w.field("list", [3, -4, 0])
        w.field("none", nil as String?)
        w.field("flag", false)
        w.endObject()
        #expect(w.string == #"{"b":1,"a":"x\"y\\z\n\u0001","list":[3,-4,0],"none":null,"flag":false}"#)
    }

    @Test func parserRoundTripsCanonicalText() throws {
        let text = #"{"z":[1,2,{"k":"v"}],"a":null,"m":true,"n":-9223372036854775808}"#
        let value = try JSONParser.parse(text)
        #expect(value.canonicalText == text)
        #expect(value["z"]?.arrayValue?.count == 3)
        #expect(value["n"]?.intValue == Int.min)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":01}", "\"\\x\"", "{\"a\" 1}", "1 2", "nul", "\"\u{1}\""])
    func parserRejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
    }

    @Test func parserBoundsNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(deep) }
    }

    @Test func fractionalNumbersAreKeptApart() throws {
        #expect(try JSONParser.parse("1.5") == .number("1.5"))
        #expect(try JSONParser.parse("\"\\u00e9\\ud83d\\ude00\"") == .string("é😀"))
    }
}

@Suite struct PayloadCursorTests {
    static let vocabulary = PayloadCursor.Vocabulary(["held", "booked", ""])

    static func read(_ buffer: UnsafeBufferPointer<UInt8>) throws -> [String] {
        var cursor = PayloadCursor(buffer)
        try cursor.beginObject()
        let a = try cursor.string("a", in: vocabulary)
        let b = try cursor.string("b", in: vocabulary)
        let c = try cursor.string("c", in: vocabulary)
        let map = try cursor.intMap("m", keys: vocabulary)
        try cursor.endObject()
        return [a, b, c] + map.map { "\($0.key)=\($0.value)" }
    }

    /// Reading with a vocabulary gives the same values as without one, for words and non-words,
    /// and reads escaped strings (quotes in an engine's message) on the slow path.
    @Test func vocabularyReadsTheSameValues() throws {
        var text = #"{"a":"held","b":"helD","c":"","m":{"booked":2,"other":3}}"#
        #expect(try text.withUTF8 { try Self.read($0) } == ["held", "helD", "", "booked=2", "other=3"])
        var escaped = #"{"a":"he\"ld","b":"x","c":"y","m":{}}"#
        #expect(try escaped.withUTF8 { try Self.read($0) } == ["he\"ld", "x", "y"])
        var unicode = #"{"a":"Terrasse Été","b":"\u00e9\ud83c\udf77","c":"a\\b\n","m":{}}"#
        #expect(try unicode.withUTF8 { try Self.read($0) } == ["Terrasse Été", "é🍷", "a\\b\n"])
    }
}
