import CommandSupport

/// One run of a sweep as `sweep.db`'s `runs` table holds it: where it sits in the grid, how it
/// ended, its figures, each check's result and the command that records it again.
package struct SweepRow: Equatable {
    package var position: Int
    package var scenario: String
    package var mode: String
    /// Reserve mode's clients; nil in assign mode.
    package var clients: Int?
    package var maxTables: Int
    package var holdTTL: Int
    package var seed: Int
    /// The engine command; nil for the built-in allocator.
    package var engine: String?
    /// `complete`, `violation` or `failed` (`Trial.Status`).
    package var status: String
    package var detail: String
    package var events: Int
    package var headHash: String
    package var bookings: Int
    package var tried: Int
    package var confirmed: Int
    package var failed: Int
    package var refused: Int
    package var conflicts: Int
    /// Confirmed over tried, in basis points; nil when nothing was tried.
    package var successBasisPoints: Int?
    /// Nil when the oracle measured nothing.
    package var coverageBasisPoints: Int?
    /// Nil when the oracle measured nothing.
    package var phantom: Int?
    package var unsound: Int
    package var optimum: Int?
    /// Nil unless the optimum is proven (a solver stopped by its time limit, or a model cut by the
    /// oracle's budget, gives only a lower bound: no gap is claimed from it).
    package var gapBasisPoints: Int?
    /// "pass", "fail: why", or nil when the check was not asked for.
    package var checkInvariants: String?
    package var checkOracle: String?
    package var checkReproduce: String?
    /// The kept capture, relative to the sweep folder.
    package var capture: String?
    /// `replay record …`, run from the sweep folder.
    package var command: String
    /// Wall time of the run's recording and checks (a timing: not compared across sweeps).
    package var elapsedMilliseconds: Int
    /// Bookings whose coverage is unknown: a search or oracle budget was reached.
    package var coverageLimited: Int = 0

    package var checkResults: [(check: SweepDefinition.Check, result: String?)] {
        [(.invariants, checkInvariants), (.oracle, checkOracle), (.reproduce, checkReproduce)]
    }

    /// A run fails when it did not complete or a check it was given failed.
    package var isFailing: Bool {
        status != Trial.Status.complete.rawValue || checkResults.contains { $0.result?.hasPrefix("fail") == true }
    }

    /// The failures, one line each ("status failed: …", "oracle: fail: …").
    package var failures: [String] {
        var lines: [String] = []
        if status != Trial.Status.complete.rawValue { lines.append("\(status): \(detail)") }
        for (check, result) in checkResults where result?.hasPrefix("fail") == true {
            lines.append("\(check.rawValue): \(result!)")
        }
        return lines
    }

    /// The grid coordinate of an axis, as text (for the breakdowns).
    /// Why this row, read from a `sweep.db` that may have travelled, cannot be one a sweep
    /// wrote, or nil: `merge` refuses it rather than report 200% success or run a command it
    /// did not write.
    package func problem(runsTotal: Int) -> String? {
        let counts: [(String, Int?)] = [
            ("events", events), ("bookings", bookings), ("tried", tried), ("confirmed", confirmed), ("failed", failed),
            ("refused", refused), ("conflicts", conflicts), ("phantom", phantom), ("unsound", unsound),
            ("optimum", optimum), ("elapsed_ms", elapsedMilliseconds), ("coverage_limited", coverageLimited),
            ("max_tables", maxTables), ("hold_ttl", holdTTL), ("seed", seed), ("clients", clients)
        ]
        if let negative = counts.first(where: { ($0.1 ?? 0) < 0 }) {
            return "\(negative.0) is \(negative.1 ?? 0), below 0"
        }
        for (name, value) in [
            ("success_bp", successBasisPoints), ("coverage_bp", coverageBasisPoints), ("gap_bp", gapBasisPoints)
        ] {
            if let value, !(0...10_000).contains(value) { return "\(name) is \(value), outside 0...10000 (0% to 100%)" }
        }
        if !(0..<runsTotal).contains(position) {
            return "position \(position) is outside the sweep's \(runsTotal) runs"
        }
        if confirmed + failed + refused > bookings || tried > bookings {
            return "confirmed, failed and refused (\(confirmed + failed + refused)) exceed its \(bookings) bookings"
        }
        if Trial.Status(rawValue: status) == nil {
            return "status '\(Terminal.printable(String(status.prefix(40))))' is not one a sweep writes"
        }
        // A row's command is printed for people to run: only the commands a sweep writes.
        guard command.hasPrefix("replay record ") || command.hasPrefix("replay scenario generate "),
            !command.contains("\n")
        else {
            return "command is not a replay record command as a sweep writes it"
        }
        if let capture, capture != "captures/run-\(position).db" {
            return "capture '\(Terminal.printable(String(capture.prefix(80))))' is not captures/run-\(position).db"
        }
        return nil
    }

    package func value(ofAxis axis: String) -> String {
        switch axis {
        case "scenario": scenario
        case "mode": mode
        case "clients": clients.map(String.init) ?? "-"
        case "max_tables": String(maxTables)
        case "hold_ttl": String(holdTTL)
        default: "?"
        }
    }
}
