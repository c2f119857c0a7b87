import CommandSupport
import Foundation
import EventLog
import Synchronization

/// Runs `body` for each index on `jobs` threads of its own, handing out indexes in order; each
/// thread mostly waits on a child process, so `jobs` may exceed the cores (a slow outside
/// engine). Results come back in index order whatever order they finished in. After SIGINT or
/// SIGTERM no new index is handed out; the ones running finish (their children got the signal
/// too when it came from the terminal).
package enum WorkerPool {
    package static func map<Result: Sendable>(
        count: Int, jobs: Int, _ body: @Sendable @escaping (Int) throws -> Result,
        onResult: @Sendable @escaping (Int, Result) -> Void = { _, _ in }
    ) throws -> [Result?] {
        let shared = PoolState<Result>(count: count)
        let workers = max(1, min(jobs, count))
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            let thread = Thread {
                defer { finished.signal() }
                while true {
                    let index: Int? = shared.state.withLock { state in
                        guard state.error == nil, state.next < count, Interruption.signal == nil else { return nil }
                        defer { state.next += 1 }
                        return state.next
                    }
                    guard let index else { return }
                    do {
                        let result = try body(index)
                        shared.state.withLock { $0.results[index] = result }
                        onResult(index, result)
                    } catch {
                        let failure = error as? CommandFailure ?? CommandFailure.badInput("\(error)")
                        shared.state.withLock { if $0.error == nil { $0.error = failure } }
                    }
                }
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
        for _ in 0..<workers { finished.wait() }
        return try shared.state.withLock { state in
            if let error = state.error { throw error }
            return state.results
        }
    }
}

/// The pool's shared state: the next index to hand out, the results, the first error.
private final class PoolState<Result: Sendable>: Sendable {
    package let state: Mutex<(next: Int, results: [Result?], error: CommandFailure?)>
    package init(count: Int) { state = Mutex((0, Array(repeating: nil, count: count), nil)) }
}
