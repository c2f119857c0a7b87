import CommandSupport
import EventLog
import Foundation

/// `sweep.db`: a `meta` table (the definition, build, shard, grid size) and a `runs` table with
/// one row per run. Written whole to a temporary name and renamed, so it is never seen half-made.
package enum SweepDatabase {
    package static let formatVersion = "1"

    package static let columns = [
        "position INTEGER PRIMARY KEY", "scenario TEXT NOT NULL", "mode TEXT NOT NULL", "clients INTEGER",
        "max_tables INTEGER NOT NULL",
        "hold_ttl INTEGER NOT NULL", "seed INTEGER NOT NULL", "engine TEXT", "status TEXT NOT NULL",
        "detail TEXT NOT NULL",
        "events INTEGER NOT NULL", "head_hash TEXT NOT NULL", "bookings INTEGER NOT NULL", "tried INTEGER NOT NULL",
        "confirmed INTEGER NOT NULL", "failed INTEGER NOT NULL", "refused INTEGER NOT NULL",
        "conflicts INTEGER NOT NULL",
        "success_bp INTEGER", "coverage_bp INTEGER", "phantom INTEGER", "unsound INTEGER NOT NULL", "optimum INTEGER",
        "gap_bp INTEGER",
        "check_invariants TEXT", "check_oracle TEXT", "check_reproduce TEXT", "capture TEXT", "command TEXT NOT NULL",
        "elapsed_ms INTEGER NOT NULL", "coverage_limited INTEGER NOT NULL"
    ]

    package struct Contents {
        package var meta: [(key: String, value: String)]
        package var rows: [SweepRow]

        package func metaValue(_ key: String) -> String? { meta.first { $0.key == key }?.value }
    }

    package static func write(_ contents: Contents, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        unlink(temporary)
        do {
            let connection = try Connection(path: temporary, mode: .create)
            try connection.execute(
                "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                    + "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                    + "CREATE TABLE runs(\(columns.joined(separator: ", ")));")
            try connection.transaction {
                let meta = try connection.prepare("INSERT INTO meta(key, value) VALUES (?, ?)")
                for (key, value) in contents.meta {
                    meta.reset()
                    try meta.bind(key, at: 1)
                    try meta.bind(value, at: 2)
                    _ = try meta.step()
                }
                let insert = try connection.prepare(
                    "INSERT INTO runs VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))")
                for row in contents.rows {
                    insert.reset()
                    let values: [Any?] = [
                        row.position, row.scenario, row.mode, row.clients, row.maxTables, row.holdTTL, row.seed,
                        row.engine,
                        row.status, row.detail, row.events, row.headHash, row.bookings, row.tried, row.confirmed,
                        row.failed,
                        row.refused, row.conflicts, row.successBasisPoints, row.coverageBasisPoints, row.phantom,
                        row.unsound,
                        row.optimum, row.gapBasisPoints, row.checkInvariants, row.checkOracle, row.checkReproduce,
                        row.capture,
                        row.command, row.elapsedMilliseconds, row.coverageLimited
                    ]
                    for (index, value) in values.enumerated() {
                        let column = Int32(index + 1)
                        switch value {
                        case let number as Int: try insert.bind(number, at: column)
                        case let text as String: try insert.bind(text, at: column)
                        default: try insert.bind(nil as String?, at: column)
                        }
                    }
                    _ = try insert.step()
                }
            }
        } catch {
            unlink(temporary)
            throw CommandFailure.badInput("\(path): cannot write the sweep database (\(error))")
        }
        let descriptor = open(temporary, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CommandFailure.badInput(
                "\(path): cannot write the sweep database (\(String(cString: strerror(errno))))")
        }
    }

    package static func read(_ path: String) throws -> Contents {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.badInput("\(path): no such file (a sweep folder holds sweep.db)")
        }
        if let problem = Connection.notARegularFile(path) {
            throw CommandFailure.badInput("\(path): \(problem) (a sweep folder holds the file sweep.db)")
        }
        do {
            let connection = try Connection(path: path, mode: .readOnly)
            if let problem = try connection.schemaProblem(tables: [("meta", "key"), ("runs", "position")]) {
                throw CommandFailure.badInput("\(path): not a sweep database (\(problem))")
            }
            guard try connection.scalarText("SELECT value FROM meta WHERE key = 'sweep_format'") == formatVersion else {
                throw CommandFailure.badInput("\(path): not a sweep database of format \(formatVersion)")
            }
            var meta: [(key: String, value: String)] = []
            let metaQuery = try connection.prepare("SELECT key, value FROM meta ORDER BY rowid")
            while try metaQuery.step() { meta.append((metaQuery.text(0) ?? "", metaQuery.text(1) ?? "")) }
            var rows: [SweepRow] = []
            let query = try connection.prepare("SELECT * FROM runs ORDER BY position")
            func optionalInt(_ column: Int32) -> Int? { query.isNull(column) ? nil : query.int(column) }
            while try query.step() {
                rows.append(
                    SweepRow(
                        position: query.int(0), scenario: query.text(1) ?? "", mode: query.text(2) ?? "",
                        clients: optionalInt(3),
                        maxTables: query.int(4), holdTTL: query.int(5), seed: query.int(6), engine: query.text(7),
                        status: query.text(8) ?? "", detail: query.text(9) ?? "", events: query.int(10),
                        headHash: query.text(11) ?? "",
                        bookings: query.int(12), tried: query.int(13), confirmed: query.int(14), failed: query.int(15),
                        refused: query.int(16), conflicts: query.int(17), successBasisPoints: optionalInt(18),
                        coverageBasisPoints: optionalInt(19), phantom: optionalInt(20), unsound: query.int(21),
                        optimum: optionalInt(22),
                        gapBasisPoints: optionalInt(23), checkInvariants: query.text(24), checkOracle: query.text(25),
                        checkReproduce: query.text(26), capture: query.text(27), command: query.text(28) ?? "",
                        elapsedMilliseconds: query.int(29), coverageLimited: query.int(30)))
            }
            return Contents(meta: meta, rows: rows)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure.badInput("\(path): not a readable sweep database (\(error))")
        }
    }
}
