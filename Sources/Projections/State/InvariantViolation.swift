/// An event that breaks a rule of the domain. Checked on every applied event, in the live run
/// and in every replay, so a bug in the runner cannot write an inconsistent capture unnoticed.
public struct InvariantViolation: Error, CustomStringConvertible, Equatable, Sendable {
    public var seq: Int
    public var invariant: Invariant
    public var detail: String
    public var bookings: [String]
    public var tables: [String]

    public init(seq: Int, invariant: Invariant, detail: String, bookings: [String] = [], tables: [String] = []) {
        self.seq = seq
        self.invariant = invariant
        self.detail = detail
        self.bookings = bookings
        self.tables = tables
    }

    public var description: String {
        var text = "event \(seq): invariant \(invariant.rawValue) violated: \(detail)"
        if !bookings.isEmpty { text += " [bookings \(bookings.joined(separator: ", "))]" }
        if !tables.isEmpty { text += " [tables \(tables.joined(separator: ", "))]" }
        return text
    }
}
