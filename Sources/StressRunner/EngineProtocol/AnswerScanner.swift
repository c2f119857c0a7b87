import CanonicalJSON
import Projections

/// Reads the usual answer to a quote straight from its bytes, without building a JSON tree:
/// `{"type":"candidates","candidates":[{"tables":[...],"score":N},...],"rejected":{...}}`, keys in
/// any order, any white space. A run with the coverage oracle reads eight of these per booking,
/// and building the tree for each was a fifth of an outside engine's run on replay's side.
///
/// Anything else gives nil: another type, an escape in a string, a key it does not know, a
/// number with a fraction or an exponent, a key twice, or anything that is not JSON. The caller
/// then parses the line in full (`EngineMessage.parseAnswer`), which gives the same answer or
/// the precise complaint, so this is only ever a shortcut to the same result.
struct AnswerScanner {
    /// The shared JSON cursor (white space, literals, integers, strings).
    private var reader: JSONBytes

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        reader = JSONBytes(bytes)
    }

    /// The offers and rejection counts of a `candidates` answer of the usual shape, else nil.
    static func candidates(_ line: String) -> (offers: [EngineOffers.Offer], rejected: [(reason: String, count: Int)])?
    {
        var line = line
        return line.withUTF8 { bytes in
            var scanner = AnswerScanner(bytes)
            return scanner.answer()
        }
    }

    private mutating func answer() -> (offers: [EngineOffers.Offer], rejected: [(reason: String, count: Int)])? {
        var typeSeen = false
        var offers: [EngineOffers.Offer]?
        var rejected: [(reason: String, count: Int)]?
        guard take(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = rawString(), take(UInt8(ascii: ":")) else { return nil }
            switch key {
            case "type":
                guard !typeSeen, rawString() == "candidates" else { return nil }
                typeSeen = true
            case "candidates":
                guard offers == nil, let list = candidateList() else { return nil }
                offers = list
            case "rejected":
                guard rejected == nil, let counts = counts() else { return nil }
                rejected = counts
            default:
                return nil
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), typeSeen, let offers else { return nil }
        reader.skipWhitespace()
        guard reader.isAtEnd else { return nil }
        return (offers, rejected ?? [])
    }

    /// `[{"tables":[...],"score":N}, ...]`
    private mutating func candidateList() -> [EngineOffers.Offer]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var offers: [EngineOffers.Offer] = []
        if take(UInt8(ascii: "]")) { return offers }
        repeat {
            guard take(UInt8(ascii: "{")) else { return nil }
            var tables: [String]?
            var score: Int??
            if !take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = rawString(), take(UInt8(ascii: ":")) else { return nil }
                    switch key {
                    case "tables":
                        guard tables == nil, let ids = strings() else { return nil }
                        tables = ids
                    case "score":
                        guard score == nil else { return nil }
                        if takeNull() {
                            score = .some(nil)
                        } else if let value = integer(), EventBounds.score.contains(value) {
                            score = value
                        } else {
                            return nil
                        }
                    default:
                        return nil
                    }
                } while take(UInt8(ascii: ","))
                guard take(UInt8(ascii: "}")) else { return nil }
            }
            guard let tables else { return nil }
            offers.append(EngineOffers.Offer(tables: tables, score: score ?? nil))
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")) else { return nil }
        return offers
    }

    /// `["T1","T2"]`
    private mutating func strings() -> [String]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var values: [String] = []
        if take(UInt8(ascii: "]")) { return values }
        repeat {
            guard let value = rawString() else { return nil }
            values.append(value)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? values : nil
    }

    /// `{"booked":3,...}` or `null`, in the order written.
    private mutating func counts() -> [(reason: String, count: Int)]? {
        if takeNull() { return [] }
        guard take(UInt8(ascii: "{")) else { return nil }
        var counts: [(reason: String, count: Int)] = []
        // Membership only (the order is the array's): a key twice goes to the full parse.
        var seen: Set<String> = []
        if take(UInt8(ascii: "}")) { return counts }
        repeat {
            // A value out of its range goes to the full parse too, which names it.
            guard let key = rawString(), take(UInt8(ascii: ":")), let count = integer(),
                EventBounds.count.contains(count), seen.insert(key).inserted
            else {
                return nil
            }
            counts.append((key, count))
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? counts : nil
    }

    /// A string without escapes or control characters (the line is valid UTF-8 already: it was
    /// decoded with repair when read).
    private mutating func rawString() -> String? {
        reader.skipWhitespace()
        return reader.plainString().map { String(decoding: $0, as: UTF8.self) }
    }

    /// An integer of at most 18 digits, as JSON writes it (no leading zeros, no fraction).
    private mutating func integer() -> Int? {
        reader.skipWhitespace()
        let start = reader.index
        let (value, digits) = reader.integer()
        let first = reader.index - digits
        guard digits > 0, !reader.nextIsDigit, !(digits > 1 && reader.bytes[first] == UInt8(ascii: "0")),
            !(reader.next.map { [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains($0) } ?? false)
        else {
            reader.index = start
            return nil
        }
        return value
    }

    private mutating func takeNull() -> Bool {
        reader.skipWhitespace()
        return reader.take("null")
    }

    /// Skips white space, then takes `byte` if it comes next.
    private mutating func take(_ byte: UInt8) -> Bool {
        reader.skipWhitespace()
        return reader.take(byte)
    }
}
