import Foundation

/// Writes an output file (a report, a generated scenario) so that it is never seen cut short:
/// to a temporary name in the same folder, synced, then renamed over the final name. A full disk
/// or a kill leaves the old file or none, and a write that fails is an error (exit 2).
package enum OutputFile {
    /// A command's `--out` refuses a file that is there unless `--force` says to replace it.
    package static func refuseExisting(_ path: String?, force: Bool) throws {
        guard let path, !force, FileManager.default.fileExists(atPath: path) else { return }
        throw CommandFailure.badInput("\(path): already exists; replace it with --force, or choose another --out")
    }

    package static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure.badInput("\(path): cannot write (\(String(cString: strerror(errno))))")
        }
        let written = Terminal.writeAll(to: descriptor, text)
        let synced = written && fsync(descriptor) == 0
        let reason = String(cString: strerror(errno))
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CommandFailure.badInput(
                "\(path): cannot write (\(written && synced ? String(cString: strerror(errno)) : reason)); nothing was left under that name"
            )
        }
    }
}
