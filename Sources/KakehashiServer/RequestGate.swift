import Foundation
import Synchronization

/// Admission for the memory's work: at most `capacity` requests work at once, at most
/// `queueLength` more wait, each for at most `patience`. A request that finds the queue full, or
/// whose wait runs out, is turned away at once (the JSON API answers 503 with Retry-After, the
/// amaGama routes an empty list, since Weblate stops asking a service for 30 minutes after a 503),
/// so that under overload every request is answered within a known time and the waiting never grows
/// without end.
final class RequestGate: Sendable {
    let capacity: Int
    let queueLength: Int
    let patience: Duration

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }
    private struct State {
        var working = 0
        var waiting: [Waiter] = []
        var nextID: UInt64 = 0
    }
    private let state = Mutex(State())

    init(capacity: Int, queueLength: Int, patience: Duration) {
        self.capacity = max(1, capacity)
        self.queueLength = max(0, queueLength)
        self.patience = patience
    }

    /// Runs `body` once admitted; nil when the request was turned away.
    func run<T>(_ body: () async throws -> T) async rethrows -> T? {
        guard await enter() else { return nil }
        defer { leave() }
        return try await body()
    }

    /// Requests working and waiting now.
    var load: (working: Int, waiting: Int) { state.withLock { ($0.working, $0.waiting.count) } }

    private func enter() async -> Bool {
        await withCheckedContinuation { continuation in
            // Admitted, refused, or queued as waiter `id`: decided under one lock.
            let (answer, id): (Bool?, UInt64) = state.withLock { s in
                if s.working < capacity {
                    s.working += 1
                    return (true, 0)
                }
                if s.waiting.count >= queueLength { return (false, 0) }
                s.nextID += 1
                s.waiting.append(Waiter(id: s.nextID, continuation: continuation))
                return (nil, s.nextID)
            }
            if let answer {
                continuation.resume(returning: answer)
                return
            }
            let patience = self.patience
            Task { [weak self] in
                try? await Task.sleep(for: patience)
                self?.giveUp(id)
            }
        }
    }

    /// Ends waiter `id`'s wait unadmitted, unless it was admitted meanwhile.
    private func giveUp(_ id: UInt64) {
        let waiter: Waiter? = state.withLock { s in
            guard let k = s.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return s.waiting.remove(at: k)
        }
        waiter?.continuation.resume(returning: false)
    }

    /// Hands the slot to the longest waiter, or frees it.
    private func leave() {
        let next: Waiter? = state.withLock { s in
            if s.waiting.isEmpty {
                s.working -= 1
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.continuation.resume(returning: true)
    }
}
