#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Reads canonical JSON (the form `JSONWriter` writes: no white space, fields in a known order)
/// field by field, straight from the bytes, without building a tree or a String per key. This
/// is what makes folding a capture fast; anything not in canonical form is a `Mismatch`, and
/// callers fall back to `JSONParser` for that.
public struct PayloadCursor {
    /// The bytes were not what a canonical payload has at this point.
    public struct Mismatch: Error, CustomStringConvertible, Sendable {
        public let offset: Int
        public let expected: String
        /// Set when the bytes were well formed but a value lies outside its field's range: then
        /// the payload is wrong, not merely written in another form, and `description` says why.
        public let outOfRange: String?
        public init(offset: Int, expected: String, outOfRange: String? = nil) {
            self.offset = offset
            self.expected = expected
            self.outOfRange = outOfRange
        }
        public var description: String { outOfRange ?? "expected \(expected) at byte \(offset)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// True when the next member needs a comma before it.
    private var needsComma = false

    public init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    public var isAtEnd: Bool { index == bytes.count }

    public func mismatch(_ expected: String) -> Mismatch { Mismatch(offset: index, expected: expected) }

    @inline(__always)
    private mutating func expect(_ byte: UInt8, _ name: @autoclosure () -> String) throws(Mismatch) {
        guard index < bytes.count, bytes[index] == byte else { throw mismatch(name()) }
        index += 1
    }

    @inline(__always)
    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func separator() throws(Mismatch) {
        if needsComma { try expect(UInt8(ascii: ","), "','") }
    }

    // MARK: Structure

    public mutating func beginObject() throws(Mismatch) {
        try separator()
        try expect(UInt8(ascii: "{"), "'{'")
        needsComma = false
    }

    public mutating func endObject() throws(Mismatch) {
        try expect(UInt8(ascii: "}"), "'}'")
        needsComma = true
    }

    /// Expects `"name":` next.
    public mutating func key(_ name: StaticString) throws(Mismatch) {
        try separator()
        try expect(UInt8(ascii: "\""), "field \(name)")
        let count = name.utf8CodeUnitCount
        // The name, then its closing quote (names never contain one).
        var matched = index + count < bytes.count && bytes[index + count] == UInt8(ascii: "\"")
        if matched {
            matched =
                name.hasPointerRepresentation
                ? memcmp(bytes.baseAddress! + index, name.utf8Start, count) == 0
                : name.withUTF8Buffer { $0.elementsEqual(bytes[index..<(index + count)]) }
        }
        guard matched else { throw mismatch("field \(name)") }
        index += name.utf8CodeUnitCount + 1
        try expect(UInt8(ascii: ":"), "':' after \(name)")
        needsComma = false
    }

    /// Iterates an array: call before each element; false (and the array consumed) at its end.
    /// True when the object being read has another field (optional trailing fields).
    public func hasAnotherField() -> Bool { peek() == UInt8(ascii: ",") }

    /// True when the next field of the object being read is `name` (an optional field that may
    /// be followed or preceded by others).
    public func hasField(_ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard peek() == UInt8(ascii: ","), index + count + 3 <= bytes.count, bytes[index + 1] == UInt8(ascii: "\""),
            bytes[index + count + 2] == UInt8(ascii: "\"")
        else { return false }
        return name.withUTF8Buffer { $0.elementsEqual(bytes[(index + 2)..<(index + 2 + count)]) }
    }

    public mutating func beginArray() throws(Mismatch) {
        try separator()
        try expect(UInt8(ascii: "["), "'['")
        needsComma = false
    }

    public mutating func nextElement() throws(Mismatch) -> Bool {
        if peek() == UInt8(ascii: "]") {
            index += 1
            needsComma = true
            return false
        }
        return true
    }

    // MARK: Values

    public mutating func null() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        if needsComma { return false }
        index += 4
        needsComma = true
        return true
    }

    public mutating func int() throws(Mismatch) -> Int {
        try separator()
        var negative = false
        if peek() == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            guard index - start < 18 else { throw mismatch("an integer of at most 18 digits") }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            index += 1
        }
        guard index > start else { throw mismatch("an integer") }
        needsComma = true
        return negative ? -value : value
    }

    public mutating func bool() throws(Mismatch) -> Bool {
        try separator()
        if index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "t"), bytes[index + 1] == UInt8(ascii: "r"),
            bytes[index + 2] == UInt8(ascii: "u"), bytes[index + 3] == UInt8(ascii: "e")
        {
            index += 4
            needsComma = true
            return true
        }
        if index + 5 <= bytes.count, bytes[index] == UInt8(ascii: "f"), bytes[index + 1] == UInt8(ascii: "a"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "s"),
            bytes[index + 4] == UInt8(ascii: "e")
        {
            index += 5
            needsComma = true
            return false
        }
        throw mismatch("true or false")
    }

    /// A string. Strings without escapes (ids and names, in any script) are read in place; one
    /// with escapes (quotes in an engine's message, control characters) takes the slow path.
    public mutating func string() throws(Mismatch) -> String {
        if let plain = try plainString() { return String(decoding: plain, as: UTF8.self) }
        return try escapedString()
    }

    /// The bytes of the next string when it has no escape, consumed; nil (nothing consumed but
    /// the separator) when it has one.
    private mutating func plainString() throws(Mismatch) -> UnsafeBufferPointer<UInt8>? {
        try separator()
        guard peek() == UInt8(ascii: "\"") else { throw mismatch("a string") }
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
            end += 1
        }
        guard end < bytes.count else { throw mismatch("the end of a string") }
        let value = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
        index = end + 1
        needsComma = true
        return value
    }

    /// A string with escapes (the writer escapes `"`, `\\` and control characters; `\\uXXXX`
    /// with surrogate pairs is read too).
    private mutating func escapedString() throws(Mismatch) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        var decoded: [UInt8] = []
        while true {
            guard let byte = peek() else { throw mismatch("the end of a string") }
            index += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte >= 0x20 else { throw mismatch("an escaped control character") }
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                continue
            }
            guard let escape = peek() else { throw mismatch("an escape") }
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard peek() == UInt8(ascii: "\\") else { throw mismatch("a low surrogate") }
                    index += 1
                    try expect(UInt8(ascii: "u"), "a low surrogate")
                    let low = try hexQuad()
                    guard (0xDC00..<0xE000).contains(low) else { throw mismatch("a low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw mismatch("a Unicode scalar") }
                decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw mismatch("a valid escape")
            }
        }
        needsComma = true
        return String(decoding: decoded, as: UTF8.self)
    }

    private mutating func hexQuad() throws(Mismatch) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw mismatch("four hex digits") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw mismatch("four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    /// Strings a payload repeats (reasons, strategy labels): read through `string(in:)`, one of
    /// them comes back as the very String given here, and no new one is built.
    public struct Vocabulary: Sendable {
        let words: [String]
        let bytes: [[UInt8]]

        public init(_ words: [String]) {
            self.words = words
            self.bytes = words.map { Array($0.utf8) }
        }

        func word(_ candidate: UnsafeBufferPointer<UInt8>) -> String? {
            for (index, word) in bytes.enumerated() where word.count == candidate.count {
                if word.isEmpty { return words[index] }
                if word.withUnsafeBufferPointer({ memcmp($0.baseAddress!, candidate.baseAddress!, word.count) }) == 0 {
                    return words[index]
                }
            }
            return nil
        }
    }

    /// `string()`, returning the vocabulary's own String when the value is one of its words.
    public mutating func string(in vocabulary: Vocabulary) throws(Mismatch) -> String {
        guard let value = try plainString() else { return try escapedString() }
        return vocabulary.word(value) ?? String(decoding: value, as: UTF8.self)
    }

    public mutating func string(_ name: StaticString, in vocabulary: Vocabulary) throws(Mismatch) -> String {
        try key(name)
        return try string(in: vocabulary)
    }

    // MARK: Fields

    public mutating func int(_ name: StaticString) throws(Mismatch) -> Int {
        try key(name)
        return try int()
    }

    /// A field that must lie in `range`; outside it, a `Mismatch` with `outOfRange` naming the field.
    public mutating func int(_ name: StaticString, in range: ClosedRange<Int>) throws(Mismatch) -> Int {
        try key(name)
        return try checked(try int(), name, range)
    }

    public mutating func optionalInt(_ name: StaticString, in range: ClosedRange<Int>) throws(Mismatch) -> Int? {
        try key(name)
        return null() ? nil : try checked(try int(), name, range)
    }

    /// `value` when it lies in `range`; otherwise the out-of-range `Mismatch` for `name`.
    public func checked(_ value: Int, _ name: StaticString, _ range: ClosedRange<Int>) throws(Mismatch) -> Int {
        guard range.contains(value) else {
            throw Mismatch(
                offset: index, expected: "\(name) in \(range.lowerBound)...\(range.upperBound)",
                outOfRange: "\(name) must be in \(range.lowerBound)...\(range.upperBound), found \(value)")
        }
        return value
    }

    /// The out-of-range `Mismatch` for a rule between fields (`min_covers` above `max_covers`).
    public func violation(_ problem: String) -> Mismatch {
        Mismatch(offset: index, expected: problem, outOfRange: problem)
    }
    public mutating func string(_ name: StaticString) throws(Mismatch) -> String {
        try key(name)
        return try string()
    }
    public mutating func bool(_ name: StaticString) throws(Mismatch) -> Bool {
        try key(name)
        return try bool()
    }

    public mutating func optionalInt(_ name: StaticString) throws(Mismatch) -> Int? {
        try key(name)
        return null() ? nil : try int()
    }

    public mutating func optionalString(_ name: StaticString) throws(Mismatch) -> String? {
        try key(name)
        return null() ? nil : try string()
    }

    public mutating func strings(_ name: StaticString) throws(Mismatch) -> [String] {
        try key(name)
        return try stringArray()
    }

    public mutating func stringArray() throws(Mismatch) -> [String] {
        try beginArray()
        var values: [String] = []
        while try nextElement() { values.append(try string()) }
        return values
    }

    public mutating func stringSets(_ name: StaticString) throws(Mismatch) -> [[String]] {
        try key(name)
        try beginArray()
        var sets: [[String]] = []
        while try nextElement() { sets.append(try stringArray()) }
        return sets
    }

    /// `[[a, b], ...]` with each first value in `first` and each second in `second`.
    public mutating func intPairs(
        _ name: StaticString, first: ClosedRange<Int> = Int.min...Int.max,
        second: ClosedRange<Int> = Int.min...Int.max
    ) throws(Mismatch) -> [[Int]] {
        try key(name)
        return try intPairArray(name, first, second)
    }

    public mutating func optionalIntPairs(
        _ name: StaticString, first: ClosedRange<Int> = Int.min...Int.max,
        second: ClosedRange<Int> = Int.min...Int.max
    ) throws(Mismatch) -> [[Int]]? {
        try key(name)
        return null() ? nil : try intPairArray(name, first, second)
    }

    private mutating func intPairArray(_ name: StaticString, _ first: ClosedRange<Int>, _ second: ClosedRange<Int>)
        throws(Mismatch) -> [[Int]]
    {
        try beginArray()
        var pairs: [[Int]] = []
        while try nextElement() {
            try beginArray()
            var pair: [Int] = []
            while try nextElement() { pair.append(try checked(try int(), name, pair.isEmpty ? first : second)) }
            guard pair.count == 2 else { throw mismatch("a pair [party, minutes]") }
            pairs.append(pair)
        }
        return pairs
    }

    /// `{"name":int,...}` with names that are data.
    public mutating func intMap(
        _ name: StaticString, keys vocabulary: Vocabulary = Vocabulary([]),
        in range: ClosedRange<Int> = Int.min...Int.max
    ) throws(Mismatch) -> [(key: String, value: Int)] {
        try key(name)
        try beginObject()
        var entries: [(key: String, value: Int)] = []
        entries.reserveCapacity(8)
        while peek() != UInt8(ascii: "}") {
            let entryKey = try string(in: vocabulary)
            try expect(UInt8(ascii: ":"), "':'")
            needsComma = false
            entries.append((entryKey, try checked(try int(), name, range)))
        }
        try endObject()
        return entries
    }
}
