import Foundation

/// Where an engine's stderr goes when there is no capture for it to sit beside (`run`, `engine
/// check`, `engine replay`): `engine.log` in a private folder made by `mkdtemp` (a fresh name,
/// mode 0700), so a file or a link placed beforehand at a name replay would have chosen never
/// receives the engine's output. A log the engine wrote nothing to is removed when the session
/// ends (`ProcessEngine.finish`).
public enum EngineLog {
    /// A new private folder's `engine.log` path (the file is created by the engine's session).
    public static func privatePath(_ purpose: String) throws(EngineFailure) -> String {
        var template = Array(
            (NSTemporaryDirectory() as NSString).appendingPathComponent("replay-\(purpose)-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw EngineFailure(
                kind: .spawnFailed, request: 0,
                detail: "cannot make a private folder for the engine log: \(String(cString: strerror(errno)))")
        }
        return (String(cString: created) as NSString).appendingPathComponent("engine.log")
    }

    /// Removes a log made by `privatePath` and its folder (when nothing else is in it).
    public static func discard(_ path: String) {
        unlink(path)
        rmdir((path as NSString).deletingLastPathComponent)
    }
}
