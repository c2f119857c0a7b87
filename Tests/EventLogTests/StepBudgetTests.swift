import EventLog
import Foundation
import Testing

/// The bound on every read-only statement: one `step` that would run without end (an endless
/// recursive query, what a hostile view hides) is stopped by SQLite's progress handler.
@Suite struct StepBudgetTests {
    static func database() throws -> String {
        let path = ProcessScratch.folder("replay-step-budget").appendingPathComponent("numbers.db").path
        let writer = try Connection(path: path, mode: .create)
        try writer.execute("CREATE TABLE numbers(n INTEGER PRIMARY KEY); INSERT INTO numbers VALUES (1), (2), (3);")
        return path
    }

    @Test func anEndlessStatementOnAReadOnlyConnectionIsStoppedWithItsReason() throws {
        let path = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The mechanism with a budget of 10^7 instructions (the default, 10^9, takes seconds).
        let reader = try Connection(path: path, mode: .readOnly, stepInstructions: 10_000_000)
        let endless = try reader.prepare(
            "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r")
        let started = ContinuousClock.now
        #expect {
            try endless.step()
        } throws: { error in
            (error as? SQLiteError)?.message.contains("ran past 10000000 SQLite instructions in one step") == true
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        // The connection stays usable: the budget is per step.
        let count = try reader.prepare("SELECT count(*) FROM numbers")
        #expect(try count.step() && count.int(0) == 3)
    }

    @Test func aWritingConnectionHasNoBudget() throws {
        let path = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try Connection(path: path, mode: .create)
        // A long but finite statement on the writer (whose work is its own) runs to its end.
        let long = try writer.prepare(
            "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3000000) SELECT count(*) FROM r")
        #expect(try long.step() && long.int(0) == 3_000_000)
    }
}
