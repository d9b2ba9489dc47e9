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
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = chunk(c, of: chunks, count: count)
            if !range.isEmpty { body(range) }
        }
    }

    /// Chunk `c` of `chunks` equal contiguous parts of `0..<count`. The last ones may be empty
    /// (88 items in 16 chunks of 6: chunks 15 and up start past the end), never out of bounds.
    static func chunk(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
        let size = (count + chunks - 1) / max(1, chunks)
        return min(count, c * size)..<min(count, (c + 1) * size)
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
