/// The one JSON reading cursor over UTF-8 bytes: white space, literals, integers and strings,
/// read in place. Each reader of JSON is written over it and adds only its own rules:
/// `JSONParser` (any JSON, strict, errors by line and column), `PayloadCursor` (canonical
/// payloads, field by field, the fold's fast path) and the engine's `AnswerScanner` (the usual
/// answer to a quote, or nil). What a string's escapes mean, where white space ends and how an
/// integer is accumulated is therefore written once.
public struct JSONBytes {
    public let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to read.
    public var index = 0

    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// What makes a string unreadable, found at `index`.
    public enum StringProblem: Error, Sendable {
        case unterminated, controlCharacter, unterminatedEscape, invalidEscape
        case truncatedUnicodeEscape, invalidUnicodeEscape, unpairedSurrogate, invalidCodePoint
    }

    public var isAtEnd: Bool { index >= bytes.count }

    @inline(__always)
    public var next: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Skips JSON's four white-space bytes.
    @inline(__always)
    public mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Takes `byte` when it comes next.
    @inline(__always)
    public mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Takes `literal` (`true`, `false`, `null`) when it comes next; nothing is taken otherwise.
    public mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { buffer in
            for offset in 0..<count where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
        if matches { index += count }
        return matches
    }

    /// An optional `-` and at most 18 digits (which cannot overflow), taken; a digit after them
    /// is left for the caller to refuse. `digits` is 0 when none came.
    public mutating func integer() -> (value: Int, digits: Int) {
        let negative = take(UInt8(ascii: "-"))
        let start = index
        var value = 0
        while index - start < 18, index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        return (negative ? -value : value, index - start)
    }

    /// True when the next byte is a digit.
    public var nextIsDigit: Bool { next.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

    /// The bytes of the string at `index` (its opening quote) when it holds no escape and no
    /// control character, taken with both quotes; nil, and nothing taken, otherwise.
    @inline(__always)
    public mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        var end = index + 1
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                let value = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
                index = end + 1
                return value
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            end += 1
        }
        return nil
    }

    /// The decoded bytes of a string from `index` (just after its opening quote) through its
    /// closing quote, which is taken: the escapes JSON has, `\uXXXX` with surrogate pairs.
    /// A problem leaves `index` where it was found.
    public mutating func stringContent() throws(StringProblem) -> [UInt8] {
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw .unterminated }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return out
            }
            if byte < 0x20 { throw .controlCharacter }
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                continue
            }
            guard index < bytes.count else { throw .unterminatedEscape }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"): try appendUnicodeEscape(to: &out)
            default: throw .invalidEscape
            }
        }
    }

    /// Four hex digits.
    private mutating func hexQuad() throws(StringProblem) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .truncatedUnicodeEscape }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw .invalidUnicodeEscape
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// `XXXX` of a `\u` escape (and the low half of a surrogate pair after a high one), as UTF-8.
    private mutating func appendUnicodeEscape(to out: inout [UInt8]) throws(StringProblem) {
        var scalarValue = try hexQuad()
        if (0xD800...0xDBFF).contains(scalarValue) {
            guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw .unpairedSurrogate }
            index += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw .unpairedSurrogate }
            scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw .invalidCodePoint }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }
}
