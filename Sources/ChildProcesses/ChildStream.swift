/// What one of a child's standard descriptors (0, 1 or 2) is connected to.
public enum ChildStream: Sendable, Equatable {
    /// replay's own descriptor of the same number.
    case inherit
    /// `/dev/null`.
    case null
    /// A pipe whose other end replay keeps (`RunningProcess.input`, `output` or `errorOutput`).
    case pipe
    /// A file, created or emptied (a sweep run's `record.out`).
    case file(String)
    /// A file appended to, created when missing, never through a symbolic link: a link placed at
    /// an engine log's name would otherwise receive the engine's stderr.
    case appending(String)
    /// Whatever the child's stdout is (for stderr only: `2>&1`, a solver's one log).
    case output
}
