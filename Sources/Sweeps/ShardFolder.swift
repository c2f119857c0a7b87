import CommandSupport
import EventLog
import Foundation

/// A shard's output folder: `<parent>/sweep-<id>-shard-<K>-of-<N>`, named from the sweep's
/// definition (`id`: the first 12 hex digits of its SHA-256) and the shard, so every attempt of
/// one shard writes to the same name and every shard of one sweep sits beside the others under
/// one parent (a shared volume, a synced bucket prefix).
///
/// A shard is written under a private attempt name (`.<name>.attempt-<host>-<pid>`) and
/// published by one rename when it is whole: a retried shard replaces its earlier output
/// atomically (`renameat2(RENAME_EXCHANGE)` where the file system has it), and a killed attempt
/// never looks like a result.
package struct ShardFolder: Equatable {
    package var sweepID: String
    package var shard: Shard

    package init(sweepID: String, shard: Shard) {
        self.sweepID = sweepID
        self.shard = shard
    }

    package init(definitionText: String, shard: Shard) {
        self.init(sweepID: String(Array(SHA256.hash(Array(definitionText.utf8))).hexString.prefix(12)), shard: shard)
    }

    package var name: String { "sweep-\(sweepID)-shard-\(shard.index)-of-\(shard.count)" }

    /// Reads a folder name written by `name`; nil for anything else.
    package static func parse(_ name: String) -> ShardFolder? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "sweep", parts[2] == "shard", parts[4] == "of", parts[1].count == 12,
            parts[1].allSatisfy(\.isHexDigit), let shard = Shard.parse("\(parts[3])/\(parts[5])"),
            shard.text == "\(parts[3])/\(parts[5])"
        else { return nil }
        return ShardFolder(sweepID: String(parts[1]), shard: shard)
    }

    package static let attemptMarker = ".attempt-"

    /// Creates this attempt's private folder under `parent`, after removing this shard's earlier
    /// attempts on this host whose process is gone (a killed task's leftovers).
    package func beginAttempt(under parent: String) throws -> String {
        do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
            throw CommandFailure.badInput("\(parent): cannot create the folder (\(error.localizedDescription))")
        }
        let host = ProcessInfo.processInfo.hostName.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }
        let ownPrefix = "." + name + Self.attemptMarker + String(host.prefix(40)) + "-"
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).sorted()
        where entry.hasPrefix(ownPrefix) {
            guard let pid = Int32(entry.dropFirst(ownPrefix.count)), pid > 0, kill(pid, 0) == -1, errno == ESRCH else {
                continue
            }
            try? FileManager.default.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
        }
        let attempt = (parent as NSString).appendingPathComponent(ownPrefix + String(getpid()))
        try? FileManager.default.removeItem(atPath: attempt)
        guard mkdir(attempt, 0o755) == 0 else {
            throw CommandFailure.badInput("\(attempt): cannot create the folder (\(String(cString: strerror(errno))))")
        }
        return attempt
    }

    /// Puts the whole attempt in place of `<parent>/<name>`: a reader sees the earlier output or
    /// this one, never a mix. Returns the published path.
    package func publish(attempt: String, under parent: String) throws -> String {
        let destination = (parent as NSString).appendingPathComponent(name)
        if Self.rename(attempt, destination, flags: Self.renameNoReplace) == 0 { return destination }
        if errno == EEXIST || errno == ENOTEMPTY, Self.rename(attempt, destination, flags: Self.renameExchange) == 0 {
            // The earlier output now sits at the attempt's name: remove it.
            try? FileManager.default.removeItem(atPath: attempt)
            return destination
        }
        // No renameat2 here (or a file system without it): move the earlier output aside first;
        // a reader in between sees the shard missing, never half of it.
        let aside = attempt + ".replaced"
        if FileManager.default.fileExists(atPath: destination) {
            guard Foundation.rename(destination, aside) == 0 else {
                throw CommandFailure.badInput(
                    "\(destination): cannot replace the earlier output (\(String(cString: strerror(errno))))")
            }
        }
        guard Foundation.rename(attempt, destination) == 0 else {
            throw CommandFailure.badInput(
                "\(destination): cannot publish the shard (\(String(cString: strerror(errno))))")
        }
        try? FileManager.default.removeItem(atPath: aside)
        return destination
    }

    private static let renameNoReplace: UInt32 = 1
    private static let renameExchange: UInt32 = 2

    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// glibc's `renameat2`, which Swift's Glibc module does not import; nil where the C library
    /// lacks it, and then `rename` reports ENOSYS so `publish` falls back.
    private static let renameAt2: RenameAt2? = dlsym(nil, "renameat2")
        .map { unsafeBitCast($0, to: RenameAt2.self) }

    private static func rename(_ from: String, _ to: String, flags: UInt32) -> Int32 {
        guard let renameAt2 else {
            errno = ENOSYS
            return -1
        }
        return renameAt2(AT_FDCWD, from, AT_FDCWD, to, flags)
    }
}
