/// Names as people sort them: runs of digits compare by value, so "T-2" comes before "T-10"
/// and "Table 9" before "Table 10"; the rest compares by Unicode scalars. Ties (equal values
/// written differently, "T-02" and "T-2") fall back to the plain order, so the order is total
/// and the same on every machine.
public enum NaturalOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let left = Array(a.unicodeScalars)
        let right = Array(b.unicodeScalars)
        var i = 0
        var j = 0
        while i < left.count && j < right.count {
            if isDigit(left[i]) && isDigit(right[j]) {
                let startI = i
                let startJ = j
                while i < left.count && isDigit(left[i]) { i += 1 }
                while j < right.count && isDigit(right[j]) { j += 1 }
                // Compare the numbers without converting them (any length): leading zeros off,
                // then the longer number is larger, then digit by digit.
                let x = trimmed(left[startI..<i])
                let y = trimmed(right[startJ..<j])
                if x.count != y.count { return x.count < y.count }
                for (p, q) in zip(x, y) where p != q { return p.value < q.value }
                continue
            }
            if left[i] != right[j] { return left[i].value < right[j].value }
            i += 1
            j += 1
        }
        if left.count - i != right.count - j { return left.count - i < right.count - j }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func trimmed(_ digits: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        let first = digits.firstIndex { $0 != "0" } ?? digits.endIndex
        return digits[first...]
    }
}
