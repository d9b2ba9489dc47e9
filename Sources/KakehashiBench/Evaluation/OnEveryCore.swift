import Foundation
import KakehashiPipeline

/// `body(k)` for every k in `0..<count`, on every core, the results in the order of k; an error
/// is thrown once all are done (the first by k).
func onEveryCore<T>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let results = ResultSlots<Result<T, any Error>>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { k in results.set(k, Result { try body(k) }) }
    return try results.values.map { try $0!.get() }
}
