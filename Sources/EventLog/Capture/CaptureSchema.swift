/// The capture file's fixed identity and schema: a contract with outside readers
/// (docs/capture-format.md).
public enum CaptureSchema {
    /// `PRAGMA application_id`: the bytes "RPLY", so a capture is recognisable without its tables.
    public static let applicationID: Int32 = 0x52504C59
    /// `PRAGMA user_version` and `meta.format_version` of a capture of the built-in allocator:
    /// format 1, unchanged since the first version, so such captures stay readable by every
    /// reader ever released.
    public static let formatVersion = 1
    /// The format of a capture recorded with an outside engine (`record --engine`): format 1 plus
    /// the engine's identity in `run.started`, its answers in `quote.issued` and `engine.failed`
    /// (docs/capture-format.md). A format-1 reader refuses it by its version instead of
    /// misreading it.
    public static let engineFormatVersion = 2
    /// The format of a capture in which a budget was reached (`Allocator.searchBudget`,
    /// `CoverageOracle.budget`): format 2 plus `"search_limit_reached":true` in `quote.issued` and
    /// `"limit_reached":true` in `coverage.measured`. Set when the run completes, so older
    /// readers refuse it by its version.
    public static let limitsFormatVersion = 3
    /// The format of a reserve-mode capture on a live floor: format 3 plus `prefill` in
    /// `run.started` (the day's bookings seated first, clones handed out by restaurant). Set
    /// when the capture is created; a budget reached in it leaves it at 4.
    public static let liveFloorFormatVersion = 4
    /// The format of every capture recorded from the third version on: format 4 plus `oracle`
    /// in `run.started` (the oracle's scope), the oracle's verdict per quote (`quote.issued`'s
    /// `oracle`) and per strategy (`coverage.measured`'s `strategies`, `excluded_count`), and the
    /// engine's declared rules. Its runs list in `busy` the entries that touch a window, and ask
    /// the oracle's question without the strategy the run's own quote just answered.
    public static let oracleFormatVersion = 5
    /// The format of a capture of an imported day's real floor: format 5 plus `tables` in
    /// `booking.seeded` (a booking's tables on the real floor), `prefill: real` and `clone_order:
    /// arrival` in `run.started` (reserve mode). Only captures with one of these are 6, so every
    /// other capture is read by the readers of format 5.
    public static let realFloorFormatVersion = 6
    /// The format of a capture whose bookings change (format 6 plus `change.seeded`,
    /// `edit.requested`, `edit.confirmed`, `edit.failed`, `booking.cancelled`, `run.started`'s
    /// change rates, an edit quote's `keeping` verdict). Only captures of runs that change
    /// bookings are 7; every other capture keeps its format.
    public static let changesFormatVersion = 7
    /// The format of every capture of an outside engine from this version on (format 7 plus
    /// `run.started`'s `engine.protocol` and `quote.issued`'s `answer_reused`): its session asks
    /// an identical request once and reuses the answer, and may speak protocol 3, whose oracle
    /// answers carry no `rejected` counts. Captures of the built-in allocator keep their format.
    public static let engineSessionFormatVersion = 8
    /// The versions this reader reads.
    public static let readableVersions = 1...8

    static let createStatements = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE events(
            seq INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            at INTEGER NOT NULL,
            restaurant TEXT,
            booking TEXT,
            payload TEXT NOT NULL,
            hash BLOB NOT NULL
        );
        """

    static let eventColumns = ["seq", "type", "at", "restaurant", "booking", "payload", "hash"]
    static let metaColumns = ["key", "value"]

    /// Keys every capture's `meta` holds.
    public static let requiredMetaKeys = [
        "format_version", "tool_version", "scenario", "seed", "mode", "options",
        "status", "event_count", "head_hash", "recorded_at"
    ]
}

/// The life of a capture, as `meta.status` says it.
public enum CaptureStatus: String, Sendable {
    /// Being written, or the writer died (killed, crashed, `--fail-at`): a valid prefix.
    case recording
    /// Every event is in; `event_count` and `head_hash` describe the whole log.
    case complete
    /// The writer stopped on an error it could report (disk full...): a valid prefix.
    case aborted
}
