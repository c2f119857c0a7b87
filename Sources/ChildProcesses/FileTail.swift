#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The end of a child's log: what an error message quotes when a child failed ("its stderr ends:
/// /bin/sh: my-engine: not found", a sweep run's one-line error). Only the file's tail is read, so
/// an engine that logged gigabytes costs no more than one that logged a line.
public enum FileTail {
    /// The last non-empty line of the file's last `tailBytes` bytes (all of it with `.max`); nil
    /// when the file cannot be read or holds no line. Bytes that are not UTF-8 read as U+FFFD.
    public static func lastLine(ofFile path: String, tailBytes: Int = 4096) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard lseek(descriptor, off_t(size > tailBytes ? size - tailBytes : 0), SEEK_SET) >= 0 else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                bytes += chunk[..<count]
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").last.map(String.init)
    }
}
