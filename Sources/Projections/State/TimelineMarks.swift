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

/// An assignment its booking left (format 7): the old place of an edit that moved it, or a
/// cancelled booking's place, drawn as such on the timeline.
public struct LeftPlace: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case moved
        case cancelled
    }

    public var booking: String
    public var assignment: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int
    public var outcome: Outcome
    /// Virtual seconds when it was left.
    public var at: Int
}
