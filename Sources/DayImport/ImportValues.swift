/// Reading one text value of an imported row, whichever source gave it: PostgreSQL's text
/// output (`t`/`f`, `19:00:00`, `2025-11-14 09:12:44.1+00`) and what spreadsheets write
/// (`TRUE`, `19:00`, `2025-11-14T09:12:44Z`).
enum ImportValues {
    /// An integer in a range.
    static func int(_ text: String, range: ClosedRange<Int>) -> Result<Int, ValueProblem> {
        guard let value = Int(text.trimmed) else {
            return .failure(ValueProblem("expected an integer, found \"\(text)\""))
        }
        guard range.contains(value) else {
            return .failure(ValueProblem("must be in \(range.lowerBound)...\(range.upperBound), found \(value)"))
        }
        return .success(value)
    }

    /// `true`/`false`, `t`/`f` (PostgreSQL's text form), `yes`/`no`, `1`/`0`, any case.
    static func bool(_ text: String) -> Result<Bool, ValueProblem> {
        switch text.trimmed.lowercased() {
        case "true", "t", "yes", "y", "1": .success(true)
        case "false", "f", "no", "n", "0": .success(false)
        default: .failure(ValueProblem("expected true or false, found \"\(text)\""))
        }
    }

    /// A time of day, `H:MM`, `HH:MM` or `HH:MM:SS` (seconds are dropped: the scenario counts
    /// minutes), as minutes since midnight. `24:00` only where `allowMidnightEnd`.
    static func clock(_ text: String, allowMidnightEnd: Bool = false) -> Result<Int, ValueProblem> {
        let parts = text.trimmed.split(separator: ":", omittingEmptySubsequences: false)
        let problem = ValueProblem("\"\(text)\" is not a time of day HH:MM")
        guard (2...3).contains(parts.count), (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.count == 2 || parts[2].count >= 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]), parts.allSatisfy({ $0.first?.isNumber == true })
        else { return .failure(problem) }
        if parts.count == 3, Double(parts[2]) == nil { return .failure(problem) }
        let total = hours * 60 + minutes
        guard (hours < 24 && minutes < 60) || (allowMidnightEnd && total == 24 * 60) else { return .failure(problem) }
        return .success(total)
    }

    /// A moment, for the order in which bookings arrived: `YYYY-MM-DD`, then `T` or a space and
    /// `HH:MM[:SS[.fraction]]`, then `Z`, `+HH`, `+HH:MM` or nothing (then all moments of a source
    /// are read in one zone). Returns microseconds since 1970-01-01 UTC, so that moments written
    /// with different offsets compare right.
    static func moment(_ text: String) -> Result<Int64, ValueProblem> {
        let problem = ValueProblem("\"\(text)\" is not a moment YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]")
        let bytes = Array(text.trimmed.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<(start + count)] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 16, let year = digits(0, 4), bytes[4] == 0x2D, let month = digits(5, 2), bytes[7] == 0x2D,
            let day = digits(8, 2), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            let hour = digits(11, 2), bytes[13] == 0x3A, let minute = digits(14, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60
        else { return .failure(problem) }
        var position = 16
        var second = 0
        var micro = 0
        if position < bytes.count, bytes[position] == 0x3A {
            guard let value = digits(position + 1, 2), value < 61 else { return .failure(problem) }
            second = value
            position += 3
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                var places = 0
                while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                    if places < 6 {
                        micro = micro * 10 + Int(bytes[position] - 0x30)
                        places += 1
                    }
                    position += 1
                }
                guard places > 0 else { return .failure(problem) }
                for _ in places..<6 { micro *= 10 }
            }
        }
        var offsetMinutes = 0
        if position < bytes.count {
            let sign = bytes[position]
            if sign == UInt8(ascii: "Z") && position == bytes.count - 1 {
                position += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let hours = digits(position + 1, 2) else { return .failure(problem) }
                position += 3
                var minutes = 0
                if position < bytes.count {
                    if bytes[position] == 0x3A { position += 1 }
                    guard let value = digits(position, 2) else { return .failure(problem) }
                    minutes = value
                    position += 2
                }
                offsetMinutes = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
            guard position == bytes.count else { return .failure(problem) }
        }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return .success(seconds * 1_000_000 + Int64(micro))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// What is wrong with one value, before it is placed at its row and column.
struct ValueProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension String {
    /// Without spaces and tabs at either end (spreadsheets pad cells).
    var trimmed: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last,
            first == " " || first == "\t" || last == " " || last == "\t"
        else { return self }
        let scalars = unicodeScalars.drop(while: { $0 == " " || $0 == "\t" })
        var end = scalars.endIndex
        while end > scalars.startIndex,
            scalars[scalars.index(before: end)] == " " || scalars[scalars.index(before: end)] == "\t"
        {
            end = scalars.index(before: end)
        }
        return String(String.UnicodeScalarView(scalars[scalars.startIndex..<end]))
    }
}
