import Foundation
import Testing

let cbcInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/cbc") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/cbc")

@Suite(.serialized) struct OptimumCommandTests {
    @Test(.enabled(if: cbcInstalled, "needs COIN-OR CBC: apt-get install coinor-cbc"))
    func theBuiltInDaysOptimumBesideTheRun() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        let text = try Replay.run(["optimum", "day.db"], in: folder)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("CBC 2."), "\(text.stdout)")
        let json = try Replay.run(["optimum", "--json", "day.db"], in: folder)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let totals = try #require(result["totals"] as? [String: Any])
        let seated = try #require(totals["seated"] as? Int), optimum = try #require(totals["optimum"] as? Int)
        #expect(totals["proven"] as? Bool == true)
        #expect(seated == 93 && optimum >= seated && optimum <= 105 - 9, "9 bookings of the day have no window at all")
        let restaurants = try #require(result["restaurants"] as? [[String: Any]])
        #expect(restaurants.count == 5 && restaurants.allSatisfy { $0["proven"] as? Bool == true })
        // Every booking the plan recovers is one the run did not confirm.
        let recoverable = try #require(result["recoverable"] as? [[String: Any]])
        #expect(recoverable.allSatisfy { $0["run_status"] as? String != "confirmed" })
        #expect(recoverable.count >= optimum - seated)
        // Without a run: the scenario alone, no seated figure and no gap.
        let scenario = try Replay.run(["optimum", "--json", "--scenario", "default"], in: folder)
        #expect(scenario.status == 0 && scenario.stdout.contains(#""seated":null"#) && scenario.stdout.contains(#""optimum":\#(optimum)"#),
                "\(scenario.stdout)")
        // An unfinished capture: the optimum, but no gap, and exit 1.
        #expect(try Replay.run(["record", "--quiet", "--fail-at", "400", "--out", "cut.db", "--reports", "r"], in: folder).status == 1)
        let cut = try Replay.run(["optimum", "--json", "cut.db"], in: folder)
        #expect(cut.status == 1 && cut.stdout.contains(#""gap_bp":null"#) && cut.stderr.contains("no gap"), "\(cut.stderr)")
    }

    @Test func aMissingSolverNamesThePackage() throws {
        let folder = newFolder()
        #expect(try Replay.run(["record", "--quiet", "--out", "day.db", "--reports", "r"], in: folder).status == 0)
        let process = Process()
        process.executableURL = Replay.binary
        process.arguments = ["optimum", "day.db"]
        process.currentDirectoryURL = folder
        process.environment = ["PATH": folder.path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(message.contains("apt-get install coinor-cbc"), "\(message)")
        let other = try Replay.run(["optimum", "--solver", "highs", "day.db"], in: folder)
        #expect(other.status == 2 && other.stderr.contains("not supported"))
    }
}
