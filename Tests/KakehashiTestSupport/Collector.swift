import Synchronization

/// Values gathered from a callback that may run on another thread (a memory streams its units
/// on its own thread): `append` from there, read `items` after.
public final class Collector<Item: Sendable>: Sendable {
    private let gathered = Mutex<[Item]>([])

    public init() {}

    public func append(_ item: Item) { gathered.withLock { $0.append(item) } }

    public var items: [Item] { gathered.withLock { $0 } }
}
