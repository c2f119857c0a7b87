/// An error with its exit code and its one-line message.
package struct CommandFailure: Error {
    package var code: Int32
    package var message: String

    package init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    package static func badInput(_ message: String) -> CommandFailure { CommandFailure(code: 2, message: message) }
    package static func found(_ message: String) -> CommandFailure { CommandFailure(code: 1, message: message) }
}
