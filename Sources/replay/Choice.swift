import ArgumentParser
import CommandSupport

/// A word of a fixed set on the command line (`--mode reserve`, `--floors svg`), typed by the
/// set it names.
///
/// Any word parses; the command's `validate()` refuses one outside the set, in replay's words:
/// "replay record: --mode must be assign or reserve, found x". argument-parser would refuse it in
/// its own ("The value 'x' is invalid for '--mode <mode>'"), and the refusals are a contract the
/// strict-command-line tests pin. Help and shell completion list the set from `Value.allCases`.
struct Choice<Value: CaseIterable & RawRepresentable & Sendable>: ExpressibleByArgument, Sendable
where Value.RawValue == String {
    /// The word as given.
    let word: String

    init(argument: String) { word = argument }

    init(_ value: Value) { word = value.rawValue }

    /// The value the word names; nil for a word outside the set.
    var value: Value? { Value(rawValue: word) }

    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }

    var defaultValueDescription: String { word }

    /// The set as a sentence: "assign, none or real".
    static var listed: String {
        let words = allValueStrings
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }

    /// The value, or the refusal that names the option, the set and the word.
    func checked(_ option: String, command: String) throws -> Value {
        guard let value else {
            throw CommandFailure.badInput("\(command): \(option) must be \(Self.listed), found \(word)")
        }
        return value
    }
}
