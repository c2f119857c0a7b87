import Foundation

/// The one pipeline between two threads: a producer pushes items in order, a consumer pops them,
/// and at most `capacity` wait, so memory stays flat whatever the stream's length. Used both ways
/// a capture crosses threads: the recorder hands events to the writer thread
/// (`PipelinedCaptureWriter`), and a reading thread hands checked rows to the folding one
/// (`DecodedEventStream`).
///
/// Either side can end it: the producer `close()`s when it has nothing more (the consumer drains
/// what is queued, then gets nil), the consumer `cancel()`s when it wants nothing more (queued
/// items are dropped and a waiting `push` returns false). `join()` waits until every pushed item
/// was popped and marked done (`taskDone()`), as Python's `queue.Queue` does, which is how the
/// recorder knows every event handed over is written.
public final class BoundedQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var items: [Item] = []
    /// Pushed and not yet marked done.
    private var unfinished = 0
    private var closed = false
    private var cancelled = false

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues `item`, waiting while the queue is full; false (and nothing queued) once the
    /// consumer cancelled.
    public func push(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        precondition(!closed, "a push after close() would never be popped")
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        unfinished += 1
        condition.broadcast()
        return true
    }

    /// The next item in order, waiting while none is queued; nil once the producer closed and
    /// everything was taken, or once the consumer cancelled.
    public func pop() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed && !cancelled { condition.wait() }
        guard !cancelled, !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// The consumer has finished with an item it popped.
    public func taskDone() {
        condition.lock()
        unfinished -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every item pushed was marked done, or the consumer cancelled.
    public func join() {
        condition.lock()
        while unfinished > 0 && !cancelled { condition.wait() }
        condition.unlock()
    }

    /// The producer has nothing more to push.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer wants nothing more: queued items are dropped, and the producer's next (or
    /// waiting) `push` returns false.
    public func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the producer closed (it has let go of whatever it was reading or writing).
    public func waitUntilClosed() {
        condition.lock()
        while !closed { condition.wait() }
        condition.unlock()
    }
}
