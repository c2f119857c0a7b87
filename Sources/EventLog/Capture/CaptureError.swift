/// Everything that can go wrong opening, reading or writing a capture, each with a one-line
/// message naming the file and what to do.
public enum CaptureError: Error, CustomStringConvertible, Sendable {
    case missing(path: String)
    case isDirectory(path: String)
    case unreadable(path: String, reason: String)
    case notACapture(path: String, reason: String)
    case unsupportedVersion(path: String, found: String, supported: ClosedRange<Int>)
    case corrupt(path: String, detail: String)
    case outputExists(path: String)
    case cannotCreate(path: String, detail: String)
    case diskFull(path: String)
    /// A full disk, and not even the status could be written: the capture stays `recording`.
    case diskFullUnmarked(path: String)
    case sqlite(SQLiteError)

    public var description: String {
        switch self {
        case .missing(let path): "\(path): no such file"
        case .isDirectory(let path): "\(path): is a directory, not a capture file"
        case .unreadable(let path, let reason): "\(path): cannot be read (\(reason))"
        case .notACapture(let path, let reason): "\(path): not a replay capture (\(reason))"
        case .unsupportedVersion(let path, let found, let supported):
            "\(path): capture format version \(found) is not supported (this replay reads versions \(supported.lowerBound) to \(supported.upperBound)); use the replay version that wrote it"
        case .corrupt(let path, let detail): "\(path): corrupt capture (\(detail))"
        case .outputExists(let path): "\(path): already exists; choose another --out or remove the file"
        case .cannotCreate(let path, let detail): "\(path): cannot create the capture (\(detail))"
        case .diskFull(let path): "\(path): disk full while recording; the capture is marked aborted"
        case .diskFullUnmarked(let path):
            "\(path): disk full while recording; the capture could not even be marked aborted and stays 'recording' (incomplete: every command says so)"
        case .sqlite(let error): error.description
        }
    }

    /// Maps an SQLite failure on a file we were reading to what it means for a user.
    static func reading(_ error: SQLiteError) -> CaptureError {
        if error.isNotADatabase { return .notACapture(path: error.path, reason: "not an SQLite database") }
        if error.isCorrupt { return .corrupt(path: error.path, detail: error.message) }
        if error.isCantOpen { return .unreadable(path: error.path, reason: error.message) }
        return .sqlite(error)
    }
}
