import Foundation

/// Splits `0..<count` into contiguous chunks and runs them on every core (at most 8) when there
/// is enough work to pay for the threads; inline otherwise. The body must only write what its
/// own chunk owns.
enum ParallelChunks {
    /// Below this many items, one thread does everything.
    static let minimumParallelCount = 2048

    static func run(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let workers = count < minimumParallelCount ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        guard workers > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        // A few chunks per worker, so that one slow chunk does not hold the others up.
        let chunks = workers * 4
        let size = (count + chunks - 1) / chunks
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * size
            if start < count { body(start..<min(count, start + size)) }
        }
    }
}

/// A buffer that worker threads fill, each in its own slots (no slot is written by two threads).
final class SharedBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    var array: [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
