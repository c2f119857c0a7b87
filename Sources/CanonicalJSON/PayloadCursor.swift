#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Reads canonical JSON (the form `JSONWriter` writes: no white space, fields in a known order)
/// field by field, straight from the bytes, without building a tree or a String per key. This
/// is what makes folding a capture fast; anything not in canonical form is a `Mismatch`, and
/// callers fall back to `JSONParser` for that. Literals, integers and strings are read by
/// `JSONBytes`, the cursor every JSON reader here shares.
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

    private var reader: JSONBytes
    /// True when the next member needs a comma before it.
    private var needsComma = false

    public init(_ bytes: UnsafeBufferPointer<UInt8>) { reader = JSONBytes(bytes) }

    private var bytes: UnsafeBufferPointer<UInt8> { reader.bytes }
    private var index: Int {
        get { reader.index }
        set { reader.index = newValue }
    }

    public var isAtEnd: Bool { index == bytes.count }

    public func mismatch(_ expected: String) -> Mismatch { Mismatch(offset: index, expected: expected) }

    @inline(__always)
    private mutating func expect(_ byte: UInt8, _ name: @autoclosure () -> String) throws(Mismatch) {
        guard index < bytes.count, bytes[index] == byte else { throw mismatch(name()) }
        index += 1
    }

    @inline(__always)
    private func peek() -> UInt8? { reader.next }

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
        guard !needsComma, reader.take("null") else { return false }
        needsComma = true
        return true
    }

    public mutating func int() throws(Mismatch) -> Int {
        try separator()
        let (value, digits) = reader.integer()
        if reader.nextIsDigit { throw mismatch("an integer of at most 18 digits") }
        guard digits > 0 else { throw mismatch("an integer") }
        needsComma = true
        return value
    }

    public mutating func bool() throws(Mismatch) -> Bool {
        try separator()
        let value: Bool
        if reader.take("true") {
            value = true
        } else if reader.take("false") {
            value = false
        } else {
            throw mismatch("true or false")
        }
        needsComma = true
        return value
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
        guard let value = reader.plainString() else { return nil }
        needsComma = true
        return value
    }

    /// A string with escapes (the writer escapes `"`, `\\` and control characters; `\\uXXXX`
    /// with surrogate pairs is read too).
    private mutating func escapedString() throws(Mismatch) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        let decoded: [UInt8]
        do { decoded = try reader.stringContent() } catch { throw mismatch(Self.expected(error)) }
        needsComma = true
        return String(decoding: decoded, as: UTF8.self)
    }

    /// What a canonical string has where `problem` was found.
    private static func expected(_ problem: JSONBytes.StringProblem) -> String {
        switch problem {
        case .unterminated: "the end of a string"
        case .controlCharacter: "an escaped control character"
        case .unterminatedEscape: "an escape"
        case .invalidEscape: "a valid escape"
        case .truncatedUnicodeEscape, .invalidUnicodeEscape: "four hex digits"
        case .unpairedSurrogate: "a low surrogate"
        case .invalidCodePoint: "a Unicode scalar"
        }
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
