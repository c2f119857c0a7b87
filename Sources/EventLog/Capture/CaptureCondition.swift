#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Whether a capture is a result: complete, incomplete (its writer stopped before the end, and
/// why), or still being written. Every command that shows figures asks this first, so an
/// unfinished run is never shown as a result.
public enum CaptureCondition: Equatable, Sendable {
    case complete
    /// The writer stopped: killed or `--fail-at` (status `recording`), or an error it reported
    /// (status `aborted`, with `meta.abort_reason`: `interrupted`, `engine_failed`, a full disk...).
    case incomplete(reason: String)
    /// A live `replay record` holds the capture's writer lock.
    case beingWritten

    public var isComplete: Bool { self == .complete }

    /// In words, for messages and banners.
    public var text: String {
        switch self {
        case .complete: "complete"
        case .incomplete(let reason): "incomplete (\(reason))"
        case .beingWritten: "still being written"
        }
    }

    /// A short name for machines (`--json`).
    public var name: String {
        switch self {
        case .complete: "complete"
        case .incomplete: "incomplete"
        case .beingWritten: "being_written"
        }
    }
}

extension CaptureReader {
    /// True while a live writer held the capture's lock (`CaptureWriter`'s `flock`) when the
    /// reader opened it. Probed once, before SQLite opens the file: closing a second descriptor on
    /// a file drops every POSIX lock the process holds on it, SQLite's included.
    public var isBeingWritten: Bool { writerWasLive }

    /// The probe: a shared, non-blocking `flock` on a read-only descriptor; nothing is written.
    static func probeWriter(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }

    /// The capture's condition now.
    public var condition: CaptureCondition {
        if isBeingWritten { return .beingWritten }
        switch status {
        case .complete?: return .complete
        case .aborted?:
            return .incomplete(reason: "aborted: " + (metaValue("abort_reason") ?? "an error the writer reported"))
        case .recording?:
            return .incomplete(
                reason:
                    "the writer stopped before the end (killed, crashed, --fail-at, or a disk too full to mark it aborted)"
            )
        case nil: return .incomplete(reason: "status \(metaValue("status") ?? "missing")")
        }
    }
}
