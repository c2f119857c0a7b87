import Foundation

/// A `CaptureWriter` fed from another thread: the caller hands over events in batches and goes
/// on simulating while a writer thread hashes and inserts them, so a run uses both cores. Order
/// is kept (one writer thread, batches in order), so the events, hashes and commits are exactly
/// those of the plain writer. An error on the writer thread (disk full, `--fail-at`) is thrown to
/// the caller at its next `append` or at `flush`; nothing after the failing event is written.
public final class PipelinedCaptureWriter: @unchecked Sendable {
    struct Row {
        var type: String
        var at: Int
        var restaurant: String?
        var booking: String?
        var payload: String
    }

    public let writer: CaptureWriter
    private let batchSize: Int
    /// Batches waiting for the writer thread at most (back-pressure bounds memory).
    private let maximumQueued = 4
    private var current: [Row] = []
    private var queue: [[Row]] = []
    private var busy = false
    private var failure: Error?
    private var stopping = false
    private let condition = NSCondition()
    private var thread: Thread?

    public init(writer: CaptureWriter, batchSize: Int = 1024) {
        self.writer = writer
        self.batchSize = max(1, batchSize)
        current.reserveCapacity(self.batchSize)
        // The thread keeps the pipeline alive until `stop()` lets it return.
        let thread = Thread { self.drain() }
        thread.name = "replay capture writer"
        self.thread = thread
        thread.start()
    }

    public func append(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {
        current.append(Row(type: type, at: at, restaurant: restaurant, booking: booking, payload: payload))
        if current.count >= batchSize { try submit() }
    }

    /// Waits until every event handed over is written (and committed batches are on disk as
    /// the plain writer commits them), then rethrows the writer thread's error, if any.
    public func flush() throws {
        try submit()
        condition.lock()
        while (!queue.isEmpty || busy) && failure == nil { condition.wait() }
        let error = failure
        condition.unlock()
        if let error { throw error }
    }

    /// Stops the writer thread once its queue is empty (call it when done: until then the thread
    /// keeps this object alive).
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func submit() throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw failure }
        if !current.isEmpty {
            while queue.count >= maximumQueued && failure == nil { condition.wait() }
            if let failure { throw failure }
            queue.append(current)
            current = []
            current.reserveCapacity(batchSize)
            condition.broadcast()
        }
    }

    private func drain() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                return
            }
            let batch = queue.removeFirst()
            busy = true
            condition.broadcast()
            condition.unlock()
            var error: Error?
            for row in batch {
                do {
                    try writer.append(
                        type: row.type, at: row.at, restaurant: row.restaurant, booking: row.booking,
                        payload: row.payload)
                } catch let failed {
                    error = failed
                    break
                }
            }
            condition.lock()
            busy = false
            if let error, failure == nil {
                failure = error
                queue.removeAll()
            }
            condition.broadcast()
            condition.unlock()
        }
    }
}
