import Allocation

/// The range of every number an event may hold, checked when an event is decoded: a capture is
/// shared data, and a value no run can produce (a table of 10^17 covers, a booking at minute
/// 10^17, 0 tables per combination) is refused naming the event and the field, before any
/// arithmetic could overflow or any range be formed backwards. The writer's inputs are held to the
/// same ranges (scenario checks, option checks, the engine answer's checks), so `record` never
/// writes an event its own readers refuse. docs/events.md lists them.
public enum EventBounds {
    /// Minutes from the service date's midnight; a window may run into the next day.
    public static let minute = 0...(2 * 24 * 60)
    /// A booking's or a turn's length in minutes.
    public static let duration = 1...(24 * 60)
    /// A party, and a table's covers.
    public static let party = 1...100
    /// Counts a run makes (sets, quotes, events, attempts) and counts an engine reports:
    /// 10^12 each keeps any sum over a capture's events inside 64 bits.
    public static let count = 0...1_000_000_000_000
    /// An engine's score for a candidate (recorded, not interpreted).
    public static let score = -1_000_000_000_000...1_000_000_000_000
    /// The virtual clock, in seconds from the start of the run.
    public static let clock = 0...1_000_000_000_000
    /// `run.started`'s options, as `record` accepts them.
    public static let maxIterations = 1...1_000
    public static let maxTables = Strategy.maxTablesRange
    public static let holdTTLSeconds = 30...86_400
    public static let cloneLimit = 0...1_000_000
    public static let clients = 1...64
    /// A reserve-mode client's number (0 for none).
    public static let client = 0...64
    public static let sourceAfterMinute = 0...(24 * 60)
    /// `run.started`'s change rates, in thousandths.
    public static let perMille = 0...1_000
    public static let seed = 0...Int.max
    /// The engine's hello and `--engine-timeout`.
    public static let lookAheadMinutes = 0...10_080
    public static let timeoutSeconds = 1...3_600
    public static let maxCandidates = 1...1_000_000
    /// The engine protocol versions a session may have spoken (`run.started`'s `engine.protocol`).
    public static let engineProtocol = 1...3
    /// A restaurant's clean-up buffer and its overage.
    public static let bufferMinutes = 0...240
    public static let maxOverage = 0...100
}
