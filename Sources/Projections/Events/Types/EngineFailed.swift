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

    public func encode(into w: inout JSONWriter) {
        w.field("kind", kind); w.field("request", request); w.field("detail", detail); w.field("line", line)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> EngineFailed {
        EngineFailed(kind: try p.string("kind"), request: try p.int("request"), detail: try p.string("detail"), line: try p.string("line"))
    }

    public var summary: String { "\(kind) at request \(request): \(detail)" + (line.isEmpty ? "" : " (line: \(line))") }
}
