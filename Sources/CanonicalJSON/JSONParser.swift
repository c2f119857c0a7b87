/// A strict JSON parser over UTF-8 bytes (RFC 8259), bounded in depth, with errors that say
/// where (line and column) and what. Written here because Foundation's parser loses field order
/// and integer identity, and is slow on the replay path. White space, literals and strings are
/// read by `JSONBytes`, the cursor every JSON reader here shares.
public struct JSONParser {
    /// What went wrong, and where.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public let message: String
        public let line: Int
        public let column: Int
        public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
    }

    /// Deeper nesting than this is refused rather than risk the stack on hostile input.
    public static let maximumDepth = 64

    private var reader: JSONBytes
    private var depth = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { reader = JSONBytes(bytes) }

    private var bytes: UnsafeBufferPointer<UInt8> { reader.bytes }
    private var index: Int {
        get { reader.index }
        set { reader.index = newValue }
    }

    public static func parse(_ text: String) throws(Error) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in Result { () throws(Error) in try parse(buffer: buffer) } }.get()
    }

    public static func parse(bytes: [UInt8]) throws(Error) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in Result { () throws(Error) in try parse(buffer: buffer) } }.get()
    }

    /// Parses straight from memory (no copy of the text).
    public static func parse(buffer: UnsafeBufferPointer<UInt8>) throws(Error) -> JSONValue {
        var parser = JSONParser(bytes: buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index != buffer.count { throw parser.error("unexpected text after the value") }
        return value
    }

    private func error(_ message: String) -> Error {
        var line = 1
        var column = 1
        for byte in bytes[0..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return Error(message: message, line: line, column: column)
    }

    private mutating func skipWhitespace() { reader.skipWhitespace() }

    private mutating func parseValue() throws(Error) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[index]))'")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Error) {
        guard index + literal.utf8CodeUnitCount <= bytes.count else { throw error("unexpected end of input") }
        guard reader.take(literal) else { throw error("invalid literal") }
    }

    private mutating func enter() throws(Error) {
        depth += 1
        if depth > Self.maximumDepth { throw error("nesting deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(Error) -> JSONValue {
        try enter()
        index += 1
        var fields: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a field name in quotes")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after a field name")
            }
            index += 1
            skipWhitespace()
            fields.append((key, try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(fields)
            }
            throw error("expected ',' or '}' in an object")
        }
    }

    private mutating func parseArray() throws(Error) -> JSONValue {
        try enter()
        index += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(values)
        }
        while true {
            skipWhitespace()
            values.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(values)
            }
            throw error("expected ',' or ']' in an array")
        }
    }

    private mutating func parseNumber() throws(Error) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
            throw error("leading zeros are not allowed")
        }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if integral, index - start <= 18 {
            // Up to 18 digits cannot overflow: accumulate without building a String.
            var value = 0
            var position = start
            let negative = bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            while position < index {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                position += 1
            }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        return .number(text)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func parseString() throws(Error) -> String {
        let start = index
        // Fast path: no escape before the closing quote, so the text is the bytes themselves.
        if let slice = reader.plainString() {
            var ascii = true
            for byte in slice where byte >= 0x80 {
                ascii = false
                break
            }
            if ascii { return String(decoding: slice, as: UTF8.self) }
            guard let valid = String(validating: Array(slice), as: UTF8.self) else {
                index = start + 1
                throw error("invalid UTF-8 in a string")
            }
            return valid
        }
        index = start + 1
        let content: [UInt8]
        do { content = try reader.stringContent() } catch { throw self.error(Self.message(error)) }
        guard let text = String(validating: content, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
        return text
    }

    private static func message(_ problem: JSONBytes.StringProblem) -> String {
        switch problem {
        case .unterminated: "unterminated string"
        case .controlCharacter: "control character in a string"
        case .unterminatedEscape: "unterminated escape"
        case .invalidEscape: "invalid escape"
        case .truncatedUnicodeEscape: "truncated \\u escape"
        case .invalidUnicodeEscape: "invalid \\u escape"
        case .unpairedSurrogate: "unpaired surrogate"
        case .invalidCodePoint: "invalid code point"
        }
    }
}
