import EventLog
import Foundation
import Synchronization
import Testing

/// The pipeline between two threads (record's writer, the fold's reader), with real threads.
@Suite struct BoundedQueueTests {
    /// Waits up to ten seconds for `condition` (a loaded CI machine is slow to schedule).
    func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<1_000 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    @Test func itemsArriveInOrderAndCloseEndsTheStream() {
        let queue = BoundedQueue<Int>(capacity: 4)
        let producer = Thread {
            for item in 0..<2_000 { _ = queue.push(item) }
            queue.close()
        }
        producer.start()
        var received: [Int] = []
        while let item = queue.pop() {
            received.append(item)
            queue.taskDone()
        }
        #expect(received == Array(0..<2_000))
        #expect(queue.pop() == nil)
    }

    @Test func aFullQueueHoldsTheProducerUntilAnItemIsTaken() {
        let queue = BoundedQueue<Int>(capacity: 3)
        for item in 0..<3 { #expect(queue.push(item)) }
        let pushed = Mutex(false)
        let started = DispatchSemaphore(value: 0)
        Thread {
            started.signal()
            _ = queue.push(3)
            pushed.withLock { $0 = true }
        }.start()
        started.wait()
        usleep(100_000)
        #expect(!pushed.withLock { $0 }, "a fourth item went into a queue of three")
        #expect(queue.pop() == 0)
        #expect(eventually { pushed.withLock { $0 } })
        #expect([queue.pop(), queue.pop(), queue.pop()] == [1, 2, 3])
    }

    @Test func cancelDropsWhatWaitsAndRefusesTheProducer() {
        let queue = BoundedQueue<Int>(capacity: 2)
        #expect(queue.push(1) && queue.push(2))
        let refused = Mutex<Bool?>(nil)
        let started = DispatchSemaphore(value: 0)
        Thread {
            started.signal()
            refused.withLock { $0 = !queue.push(3) }
        }.start()
        started.wait()
        usleep(50_000)
        queue.cancel()
        #expect(eventually { refused.withLock { $0 } == true })
        #expect(queue.pop() == nil)
        #expect(!queue.push(4))
        queue.join()  // returns at once: nothing is awaited after a cancel
    }

    @Test func joinWaitsUntilEveryItemIsDone() {
        let queue = BoundedQueue<Int>(capacity: 8)
        let done = Mutex(0)
        Thread {
            while queue.pop() != nil {
                usleep(5_000)
                done.withLock { $0 += 1 }
                queue.taskDone()
            }
        }.start()
        for item in 0..<20 { _ = queue.push(item) }
        queue.join()
        #expect(done.withLock { $0 } == 20)
        queue.close()
        queue.waitUntilClosed()
    }
}
