import Foundation

/// A folder of this process in the temporary folder (`replay-scratch-<pid>`), removed when the
/// process exits normally: short-lived files (the test suites' folders above all) go there, so a
/// run leaves the temporary folder as it found it (`.ci/run` counts its entries before and after).
public enum ProcessScratch {
    public static let root: String = {
        let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("replay-scratch-\(getpid())")
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: ProcessScratch.root) }
        return root
    }()

    /// A new, empty folder named `<prefix>-<UUID>` under `root`.
    public static func folder(_ prefix: String) -> URL {
        let folder = URL(fileURLWithPath: root).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
