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
    /// At most four batches wait for the writer thread (back-pressure bounds memory).
    private let queue = BoundedQueue<[Row]>(capacity: 4)
    private var current: [Row] = []
    /// The writer thread's error, set before it cancels the queue.
    private var failure: Error?
    private let failureLock = NSLock()

    public init(writer: CaptureWriter, batchSize: Int = 1024) {
        self.writer = writer
        self.batchSize = max(1, batchSize)
        current.reserveCapacity(self.batchSize)
        // The thread keeps the pipeline alive until `stop()` lets it return.
        let thread = Thread { self.drain() }
        thread.name = "replay capture writer"
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
        queue.join()
        if let error = writerFailure { throw error }
    }

    /// Stops the writer thread once its queue is empty (call it when done: until then the thread
    /// keeps this object alive).
    public func stop() {
        queue.close()
    }

    private var writerFailure: Error? { failureLock.withLock { failure } }

    private func submit() throws {
        if let error = writerFailure { throw error }
        guard !current.isEmpty else { return }
        guard queue.push(current) else { throw writerFailure ?? CancellationError() }
        current = []
        current.reserveCapacity(batchSize)
    }

    /// The writer thread: writes batches in order until `stop()`, or until a write fails (then
    /// nothing after the failing event is written, and the caller hears of it).
    private func drain() {
        while let batch = queue.pop() {
            defer { queue.taskDone() }
            for row in batch {
                do {
                    try writer.append(
                        type: row.type, at: row.at, restaurant: row.restaurant, booking: row.booking,
                        payload: row.payload)
                } catch {
                    failureLock.withLock { failure = error }
                    queue.cancel()
                    return
                }
            }
        }
    }
}
