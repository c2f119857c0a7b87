import CanonicalJSON

/// The outside engine could not go on (timeout, a malformed or unexpected answer, it exited):
/// the run's last event; the capture is then marked aborted.
public struct EngineFailed: Equatable, Sendable {
    /// `timeout`, `malformed`, `wrong_type`, `exited` (docs/engine-protocol.md).
    public var kind: String
    /// The request's number in the engine session (1 is the hello).
    public var request: Int
    public var detail: String
    /// The offending line, cut to 200 bytes ("" when there was none).
    public var line: String

    public init(kind: String, request: Int, detail: String, line: String) {
        self.kind = kind
        self.request = request
        self.detail = detail
        self.line = line
    }
}

extension EngineFailed: EventPayload {
    public static let type = "engine.failed"
    public var body: EventBody { .engineFailed(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("kind", kind)
        writer.field("request", request)
        writer.field("detail", detail)
        writer.field("line", line)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> EngineFailed {
        EngineFailed(
            kind: try cursor.string("kind"), request: try cursor.int("request", in: EventBounds.count),
            detail: try cursor.string("detail"), line: try cursor.string("line"))
    }

    public var summary: String { "\(kind) at request \(request): \(detail)" + (line.isEmpty ? "" : " (line: \(line))") }
}
