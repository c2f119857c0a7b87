/// Why an outside engine could not go on. Ends the run: recorded as `engine.failed`, the
/// capture marked aborted, exit 2 (docs/engine-protocol.md, "Failures").
public struct EngineFailure: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The command could not be started.
        case spawnFailed = "spawn_failed"
        /// No answer within `--engine-timeout`.
        case timeout
        /// A line that is not a JSON object.
        case malformed
        /// A JSON object of another type or shape than expected.
        case wrongType = "wrong_type"
        /// The engine exited, or closed its stdout, before answering.
        case exited
        /// The hello named another protocol version.
        case versionMismatch = "version_mismatch"
    }

    public var kind: Kind
    /// The request's number in the session (1 is the hello).
    public var request: Int
    /// What was wrong, in words.
    public var detail: String
    /// The offending line, cut to `lineLimit` bytes (empty when there was none).
    public var line: String
    /// What the message adds beyond the event: how the process ended, its last stderr line, the
    /// seconds waited. Not recorded: it varies with timing, and the event must not.
    public var note: String

    /// Bytes of an offending line kept in the event and the message.
    public static let lineLimit = 200

    public init(kind: Kind, request: Int, detail: String, line: String = "", note: String = "") {
        self.kind = kind
        self.request = request
        self.detail = detail
        self.line = Self.cut(line)
        self.note = note
    }

    /// At most `lineLimit` bytes, cut on a character boundary.
    static func cut(_ text: String) -> String {
        guard text.utf8.count > lineLimit else { return text }
        var result = ""
        for character in text {
            if result.utf8.count + String(character).utf8.count > lineLimit { break }
            result.append(character)
        }
        return result
    }

    public var description: String {
        "\(kind.rawValue) at request \(request): \(detail)" + (note.isEmpty ? "" : " (\(note))")
            + (line.isEmpty ? "" : " (line: \(line))")
    }
}
