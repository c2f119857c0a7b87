#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import CProcessControl

/// The descriptors made for a child's three streams: the ends the child gets (its 0, 1 and 2, or
/// the same number for `.inherit`), closed in replay once the child is started, and the pipe ends
/// replay keeps (-1 where there is no pipe).
struct OpenedStreams {
    private(set) var childEnds: [Int32] = [0, 1, 2]
    private(set) var parentEnds: [Int32] = [-1, -1, -1]
    /// What replay opened for the child alone.
    private var opened: [Int32] = []

    /// Opens what `stream` needs as the child's descriptor `number`.
    mutating func prepare(_ stream: ChildStream, as number: Int32) throws(ProcessFailure) {
        let index = Int(number)
        switch stream {
        case .inherit:
            childEnds[index] = number
        case .null:
            childEnds[index] = try childFile("/dev/null", number == 0 ? O_RDONLY : O_WRONLY)
        case .file(let path):
            childEnds[index] = try childFile(path, O_WRONLY | O_CREAT | O_TRUNC)
        case .appending(let path):
            childEnds[index] = try childFile(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW)
        case .output:
            childEnds[index] = childEnds[1]
        case .pipe:
            var ends: [Int32] = [-1, -1]
            let failure = replay_pipe_cloexec(&ends)
            guard failure == 0 else { throw .cannotCreatePipe(errno: failure) }
            let (read, write) = (Self.aboveStandardStreams(ends[0]), Self.aboveStandardStreams(ends[1]))
            childEnds[index] = number == 0 ? read : write
            parentEnds[index] = number == 0 ? write : read
            opened.append(childEnds[index])
        }
    }

    /// Closes the child's ends (it holds its own copies once started).
    func closeChildEnds() {
        for descriptor in opened { close(descriptor) }
    }

    /// Closes replay's pipe ends (the child could not be started).
    func closeParentEnds() {
        for descriptor in parentEnds where descriptor >= 0 { close(descriptor) }
    }

    /// A file opened close-on-exec for the child (mode 0644 when created).
    private mutating func childFile(_ path: String, _ flags: Int32) throws(ProcessFailure) -> Int32 {
        let descriptor = open(path, flags | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        let moved = Self.aboveStandardStreams(descriptor)
        opened.append(moved)
        return moved
    }

    /// The descriptor moved to 3 or above (the original closed) when it is 0, 1 or 2: with
    /// replay's own stdin or stdout closed, a new descriptor can land there, and the child's
    /// `dup2` steps would then clobber it.
    static func aboveStandardStreams(_ descriptor: Int32) -> Int32 {
        guard descriptor >= 0, descriptor <= 2 else { return descriptor }
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
        guard moved >= 0 else { return descriptor }
        close(descriptor)
        return moved
    }
}
