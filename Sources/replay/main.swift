import CommandSupport
import ArgumentParser
import Foundation

// `replay show | head` must end quietly: a closed pipe becomes a write error we check, not a signal.
signal(SIGPIPE, SIG_IGN)
// A file-size limit (`ulimit -f`) would kill a recording with SIGXFSZ; ignored, the write fails
// with EFBIG and is reported as an error, and the capture is marked aborted like a full disk.
signal(SIGXFSZ, SIG_IGN)
// Arguments are bytes: one that is not UTF-8 (a path in another encoding) would be silently
// rewritten with U+FFFD and name another file. Refused instead.
for index in stride(from: 1, to: Int(CommandLine.argc), by: 1) {
    guard let raw = CommandLine.unsafeArgv[index], String(validatingCString: raw) == nil else { continue }
    Terminal.error(
        "replay: argument \(index) is not valid UTF-8 (\(Terminal.printable(String(decoding: UnsafeRawBufferPointer(start: raw, count: strlen(raw)), as: UTF8.self)))); "
            + "name files in UTF-8")
    exit(2)
}
ReplayCommand.main(arguments: CommandLine.arguments)
