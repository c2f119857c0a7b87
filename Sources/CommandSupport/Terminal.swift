import CanonicalJSON
import Foundation

/// Writing to the terminal's streams, checking errors (a full disk or a closed pipe).
package enum Terminal {
    /// Writes one line to stderr. Never traps: `FileHandle.write` does when stderr is closed, full
    /// or a broken pipe; a line that cannot be written is dropped, and the exit code still says
    /// what happened. A newline inside (a path that holds one) is written as `\u{a}`, like every
    /// control character, so an error stays one line.
    package static func error(_ line: String) {
        writeAll(to: 2, printable(line) + "\n")
    }

    /// Longest line of an error message: a 200 MB value or option is named, not echoed.
    package static let maximumErrorLineCharacters = 2_000

    /// One line as it can be shown: control characters (a NUL, an escape sequence) written as
    /// `\u{…}`, and the line cut at `maximumErrorLineCharacters` with the count of the rest.
    package static func printable(_ line: String) -> String { visible(line, limit: maximumErrorLineCharacters) }

    /// `line` with control and invisible format characters written as `\u{…}`, cut after
    /// `limit` characters when one is given: what every line shown on a terminal goes through.
    package static func visible(_ line: String, limit: Int? = nil) -> String { VisibleText.escaped(line, limit: limit) }

    /// The error of the first write to stdout that failed (checked when the command ends).
    nonisolated(unsafe) package static var stdoutFailure: Int32?

    /// Writes all of `text` to a descriptor; false when the write failed (closed, full, broken pipe).
    @discardableResult
    package static func writeAll(to descriptor: Int32, _ text: String) -> Bool {
        var text = text
        let written = text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
        if !written && descriptor == 1 && stdoutFailure == nil { stdoutFailure = errno == 0 ? EIO : errno }
        return written
    }

    /// Writes to stdout; false when the reader has gone (closed pipe) or the write failed.
    @discardableResult
    package static func out(_ text: String) -> Bool { writeAll(to: 1, text) }

    @discardableResult
    package static func line(_ text: String) -> Bool { out(text + "\n") }

    package static var stderrIsTerminal: Bool { isatty(2) == 1 }
    package static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    /// Colours only on a terminal and never with NO_COLOR set.
    package static var useColour: Bool { stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
}
