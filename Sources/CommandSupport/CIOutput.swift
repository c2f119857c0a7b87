import Foundation
import Reports

/// What a CI gate (`record --expect`, `sweep`, `engine check`) leaves besides its exit code: the
/// JUnit file `--junit` names, and inside GitHub Actions one annotation per failing case.
package enum CIOutput {
    /// Writes the report (when `path` is given) and annotates its failures (in GitHub Actions).
    /// Annotations go to stdout, where the runner reads workflow commands, unless stdout holds
    /// JSON (`--json`): then to stderr, which the runner reads too.
    package static func emit(_ report: JUnitReport, to path: String?, stdoutIsJSON: Bool = false) throws {
        if let path { try OutputFile.write(report.xml, to: path) }
        guard GitHubAnnotation.isEnabled(ProcessInfo.processInfo.environment) else { return }
        for testCase in report.cases {
            guard let failure = testCase.failure else { continue }
            let line = GitHubAnnotation.error(
                title: "\(report.suiteName): \(testCase.name)", message: failure.message + "\n" + failure.reproduce)
            if stdoutIsJSON { Terminal.writeAll(to: 2, line) } else { Terminal.out(line) }
        }
    }

    /// A `--junit` path checked before the work starts: its folder must exist, so a long run
    /// does not end in "cannot write".
    package static func check(_ path: String?, command: String) throws {
        guard let path else { return }
        if path.isEmpty { throw CommandFailure.badInput("replay \(command): --junit needs a file name") }
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty,
            !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue
        {
            throw CommandFailure.badInput("replay \(command): --junit \(path): the folder \(folder) does not exist")
        }
    }
}
