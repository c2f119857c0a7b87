import CommandSupport
import Allocation
import Projections
import StressRunner

/// The `replay record` arguments that give a run with these options: what sweeps and shrinks
/// start as children, and the one-line command that reproduces a run by hand. Options at their
/// defaults are left out (the seed and mode never are), so the command stays readable.
package enum RecordArguments {
    /// `--prefill legacy`: a reserve run as format 3 and older ran (empty floor, clones in
    /// (start, id) order across restaurants); what old captures' rows and shrinks record with.
    package static let legacyPrefill = "legacy"
    /// `--oracle legacy`: a run as format 4 and older ran (no `oracle` in `run.started`).
    package static let legacyOracle = "legacy"

    package static func make(scenarioPath: String?, options: RunOptions) -> [String] {
        let defaults = RunOptions()
        var arguments: [String] = []
        if let scenarioPath { arguments += option("--scenario", scenarioPath) }
        arguments += ["--mode", options.mode.rawValue, "--seed", String(options.seed)]
        for slug in options.restaurants { arguments += option("--restaurant", slug) }
        if let date = options.date { arguments += option("--date", date) }
        if options.maxTables != defaults.maxTables { arguments += ["--max-tables", String(options.maxTables)] }
        if options.holdTTLSeconds != defaults.holdTTLSeconds {
            arguments += ["--hold-ttl", String(options.holdTTLSeconds)]
        }
        switch options.mode {
        case .assign:
            if options.maxIterations != defaults.maxIterations {
                arguments += ["--max-iterations", String(options.maxIterations)]
            }
        case .reserve:
            if options.cloneLimit != defaults.cloneLimit { arguments += ["--clone-limit", String(options.cloneLimit)] }
            if let sourceDate = options.sourceDate { arguments += option("--source-date", sourceDate) }
            if options.sourceAfterMinute != defaults.sourceAfterMinute {
                arguments += ["--source-after", ClockText.minutes(options.sourceAfterMinute)]
            }
            if options.avoidUsed { arguments.append("--avoid-used") }
            if options.clients != defaults.clients { arguments += ["--clients", String(options.clients)] }
            // A format-3 capture's run (nil) is spelled `legacy`, so it records the same again.
            if options.prefill != defaults.prefill {
                arguments += ["--prefill", options.prefill?.rawValue ?? legacyPrefill]
            }
            if options.cloneOrder != defaults.cloneOrder { arguments += ["--clone-order", options.cloneOrder.rawValue] }
            if options.editRatePerMille > 0 {
                arguments += ["--edit-rate", ChangeRate.text(perMille: options.editRatePerMille)]
            }
            if options.cancelRatePerMille > 0 {
                arguments += ["--cancel-rate", ChangeRate.text(perMille: options.cancelRatePerMille)]
            }
        }
        if !options.bruteforce { arguments.append("--no-bruteforce") }
        if options.oracle == nil {
            arguments += ["--oracle", legacyOracle]
        } else if options.bruteforce && options.oracle == .first {
            arguments += ["--oracle", "first"]
        }
        if let engine = options.engineCommand { arguments += option("--engine", engine) }
        if options.engineTimeoutSeconds != defaults.engineTimeoutSeconds {
            arguments += ["--engine-timeout", String(options.engineTimeoutSeconds)]
        }
        if options.engineCommand != nil, options.engineProtocol != defaults.engineProtocol {
            arguments += ["--engine-protocol", String(options.engineProtocol)]
        }
        return arguments
    }

    /// A text option as two arguments, or as one (`--engine=-x`) when its value starts with a
    /// dash, which argument-parser would otherwise read as the next option.
    static func option(_ name: String, _ value: String) -> [String] {
        value.hasPrefix("-") ? ["\(name)=\(value)"] : [name, value]
    }

    /// `replay record …` as one shell line (arguments quoted where the shell would split them).
    package static func commandLine(_ arguments: [String]) -> String {
        (["replay", "record"] + arguments.map(shellQuoted)).joined(separator: " ")
    }

    package static func shellQuoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy { scalar in
            (scalar.value < 128 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || "_./:=,@%+-".unicodeScalars.contains(scalar)
        }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
