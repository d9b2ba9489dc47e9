public import Foundation

/// A piece of queued ingest work as a worker claimed it: what to do (`payload`, written by the
/// pipeline) and the claim that proves it is this worker's until its lease expires.
public struct QueuedWork: Sendable, Equatable {
    /// What a piece of work is: the pairing of a batch, or the alignment of some of its pairs.
    public enum Kind: String, Sendable {
        case pair, align
    }

    public var id: Int64
    /// The batch (one enqueued folder) it belongs to.
    public var batch: Int64
    public var kind: Kind
    public var payload: String
    /// This claim's token: completing or renewing work whose claim was lost (its lease expired
    /// and another worker claimed it) does nothing.
    public var claim: String
    /// How many times it has been claimed, this claim included.
    public var attempts: Int

    public init(id: Int64, batch: Int64, kind: Kind, payload: String, claim: String, attempts: Int) {
        self.id = id
        self.batch = batch
        self.kind = kind
        self.payload = payload
        self.claim = claim
        self.attempts = attempts
    }
}

/// How much queued work there is, by state.
public struct QueueCounts: Sendable, Equatable {
    /// Batches enqueued, and those with work left.
    public var batches = 0
    public var openBatches = 0
    /// Work nobody holds (never claimed, or its lease expired), held under a lease, done, and
    /// given up (an error, or too many attempts).
    public var waiting = 0
    public var claimed = 0
    public var done = 0
    public var failed = 0

    public init() {}

    /// Whether no work is left to do.
    public var isDrained: Bool { waiting == 0 && claimed == 0 }
}

/// A queue of ingest work held in the memory's own database, which any number of workers on
/// any number of machines drain (PostgreSQL: `FOR UPDATE SKIP LOCKED` claims with leases). A
/// batch's pairing is claimed only when every earlier batch is done, so that its documents meet
/// all documents ingested before; its alignment work is claimed by anyone.
public protocol WorkQueue: Sendable {
    /// Enqueues a batch whose first work is its pairing; returns the batch's number.
    func enqueueBatch(pairing payload: String) async throws -> Int64
    /// Claims the first work nobody holds, for `lease` seconds; nil when none can be claimed now
    /// (the queue is drained, or the rest is held by others or waits for an earlier batch).
    func claimWork(worker: String, lease: TimeInterval) async throws -> QueuedWork?
    /// Extends a claim's lease; false when the claim was lost.
    func renewLease(_ work: QueuedWork, lease: TimeInterval) async throws -> Bool
    /// Marks claimed work done and adds the work that follows it in its batch, in one
    /// transaction; false (nothing added) when the claim was lost.
    func completeWork(
        _ work: QueuedWork, adding follow: [(kind: QueuedWork.Kind, payload: String)]
    ) async throws
        -> Bool
    /// Gives claimed work up with `error`: it is not claimed again.
    func failWork(_ work: QueuedWork, error: String) async throws
    func queueCounts() async throws -> QueueCounts
    /// The kept documents of the files with content hashes `hashes`, whether or not the files
    /// are recorded as ingested yet (an enqueued batch's documents), in file and position order.
    func queuedDocuments(hashes: [String]) async throws -> [ArchivedDocument]
}

/// Work claimed more often than this (its workers died each time) is given up.
public let maximumWorkAttempts = 5
