/// An error with its exit code and its one-line message.
///
/// A command's `validate()` throws only refusals (`badInput`). argument-parser wraps what
/// `validate()` throws in an error of its own and words it by `description`: the message, whole.
package struct CommandFailure: Error, CustomStringConvertible {
    package var code: Int32
    package var message: String

    package init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    package static func badInput(_ message: String) -> CommandFailure { CommandFailure(code: 2, message: message) }
    package static func found(_ message: String) -> CommandFailure { CommandFailure(code: 1, message: message) }
}
