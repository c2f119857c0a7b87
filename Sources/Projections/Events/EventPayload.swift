import CanonicalJSON

/// What every event type provides, in its own file under `Types/`: its stored name, whether it
/// carries a run input, its canonical payload (fields in the order `encode` writes them: the
/// contract of docs/events.md, never reordered), how to read that payload back, and one line in
/// words for `replay show`.
///
/// Adding an event type: write its file here, add its case to `EventBody` and `EventType`
/// (Event.swift; the compiler then asks for every switch), apply it in `RunState`, document it
/// in docs/events.md. The recipe is docs/events.md, "Adding an event type".
public protocol EventPayload: Equatable, Sendable {
    /// The stored `type`, a dotted past-tense name (`hold.placed`).
    static var type: String { get }
    /// True for the events that carry the run's inputs (options and seed): what `replay run`
    /// reads back to re-execute, and what `diff` compares as inputs.
    static var isInput: Bool { get }
    /// This payload as an event body.
    var body: EventBody { get }
    /// Writes the payload's fields (the caller opens and closes the object).
    func encode(into writer: inout JSONWriter)
    /// Reads the payload's fields in their canonical order (the caller opens and closes the object).
    static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> Self
    /// One line in words, with the figures that matter.
    var summary: String { get }
}

extension EventPayload {
    public static var isInput: Bool { false }
}
