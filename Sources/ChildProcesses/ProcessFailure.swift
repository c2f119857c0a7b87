#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Why a child could not be started or waited for; each case carries the system's error number,
/// and the description names what failed in the system's words.
public enum ProcessFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// No pipe could be made (too many open files).
    case cannotCreatePipe(errno: Int32)
    /// A file named for one of the child's streams could not be opened or created.
    case cannotOpen(path: String, errno: Int32)
    /// The program could not be started (not found, not executable, no memory for a process).
    case cannotStart(executable: String, errno: Int32)
    /// Waiting for the child failed for another reason than a signal.
    case cannotWait(pid: Int32, errno: Int32)

    /// The system's words for the error number ("No such file or directory").
    public var reason: String {
        switch self {
        case .cannotCreatePipe(let number), .cannotOpen(_, let number), .cannotStart(_, let number),
            .cannotWait(_, let number):
            String(cString: strerror(number))
        }
    }

    public var description: String {
        switch self {
        case .cannotCreatePipe: "cannot create pipes: \(reason)"
        case .cannotOpen(let path, _): "\(path): cannot open: \(reason)"
        case .cannotStart(let executable, _): "cannot start \(executable): \(reason)"
        case .cannotWait(let pid, _): "cannot wait for process \(pid): \(reason)"
        }
    }
}
