/// One run of a sweep as `sweep.db`'s `runs` table holds it: where it sits in the grid, how it
/// ended, its figures, each check's result and the command that records it again.
struct SweepRow: Equatable {
    var position: Int
    var scenario: String
    var mode: String
    /// Reserve mode's clients; nil in assign mode.
    var clients: Int?
    var maxTables: Int
    var holdTTL: Int
    var seed: Int
    /// The engine command; nil for the built-in allocator.
    var engine: String?
    /// `complete`, `violation` or `failed` (`Trial.Status`).
    var status: String
    var detail: String
    var events: Int
    var headHash: String
    var bookings: Int
    var tried: Int
    var confirmed: Int
    var failed: Int
    var refused: Int
    var conflicts: Int
    /// Confirmed over tried, in basis points; nil when nothing was tried.
    var successBasisPoints: Int?
    /// Nil when the oracle measured nothing.
    var coverageBasisPoints: Int?
    /// Nil when the oracle measured nothing.
    var phantom: Int?
    var unsound: Int
    var optimum: Int?
    /// Nil unless the optimum is proven (a solver stopped by its time limit, or a model cut by the
    /// oracle's budget, gives only a lower bound: no gap is claimed from it).
    var gapBasisPoints: Int?
    /// "pass", "fail: why", or nil when the check was not asked for.
    var checkInvariants: String?
    var checkOracle: String?
    var checkReproduce: String?
    /// The kept capture, relative to the sweep folder.
    var capture: String?
    /// `replay record …`, run from the sweep folder.
    var command: String
    /// Wall time of the run's recording and checks (a timing: not compared across sweeps).
    var elapsedMilliseconds: Int
    /// Bookings whose coverage is unknown: a search or oracle budget was reached.
    var coverageLimited: Int = 0

    var checkResults: [(check: SweepDefinition.Check, result: String?)] {
        [(.invariants, checkInvariants), (.oracle, checkOracle), (.reproduce, checkReproduce)]
    }

    /// A run fails when it did not complete or a check it was given failed.
    var isFailing: Bool {
        status != Trial.Status.complete.rawValue || checkResults.contains { $0.result?.hasPrefix("fail") == true }
    }

    /// The failures, one line each ("status failed: …", "oracle: fail: …").
    var failures: [String] {
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
    func problem(runsTotal: Int) -> String? {
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

    func value(ofAxis axis: String) -> String {
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
