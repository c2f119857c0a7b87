/// A hold that ended without becoming an assignment (released or expired): kept for the
/// floor timeline, which shows where tables were tied up for nothing.
public struct EndedHold: Sendable, Equatable {
    public var hold: String
    public var booking: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int
    /// `expired`, or the release reason (`conflict`, `cleanup`).
    public var outcome: String
}

/// A refused hold or confirm, marked on the tables and window it wanted.
public struct ConflictMark: Sendable, Equatable {
    public var booking: String
    public var kind: String
    public var tables: [String]
    public var with: [String]
    public var startMinute: Int
    public var endMinute: Int
    /// Virtual seconds when it happened.
    public var at: Int
}
