import CommandSupport
import ArgumentParser

/// A share of 0...1 on the command line (`--edit-rate 0.1`), kept in thousandths: what events
/// and the generator hold (integers only). Typed, so argument-parser refuses a bad value with
/// its own message and the commands never re-parse a string.
struct Share: ExpressibleByArgument, Equatable, Sendable {
    var perMille: Int

    init(perMille: Int) { self.perMille = perMille }

    init?(argument: String) {
        guard let value = Double(argument), value.isFinite, (0...1).contains(value) else { return nil }
        perMille = Int((value * 1000).rounded())
    }

    static let zero = Share(perMille: 0)

    var defaultValueDescription: String { perMille == 0 ? "0" : String(Double(perMille) / 1000) }

    /// An edit rate and a cancel rate share the bookings: together at most all of them.
    static func checkChangeRates(edit: Share, cancel: Share, command: String) throws {
        guard edit.perMille + cancel.perMille <= 1000 else {
            throw CommandFailure.badInput("\(command): --edit-rate and --cancel-rate must add up to at most 1")
        }
    }
}
