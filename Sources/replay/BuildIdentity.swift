import EventLog
import Foundation

/// Which build made a capture: the tool version and a fingerprint of the executable (the first
/// 16 hex digits of its SHA-256), recorded in `meta.build_id`. Two builds of the same version
/// with another allocator tell apart, so a divergence after a code change says so.
enum BuildIdentity {
    static let current: String = {
        guard let bytes = FileManager.default.contents(atPath: "/proc/self/exe") ?? FileManager.default.contents(atPath: CommandLine.arguments[0]) else {
            return "unknown"
        }
        return Array(SHA256.hash(Array(bytes)).prefix(8)).hexString
    }()
}
