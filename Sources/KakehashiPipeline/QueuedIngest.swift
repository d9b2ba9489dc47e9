public import Foundation
import KakehashiAlign
public import KakehashiMemory

/// `ingest` spread over workers through the memory's work queue (`WorkQueue`, PostgreSQL).
///
/// `enqueue` reads a folder as `ingest` does (all files together, so that site furniture is
/// recognized across them) and keeps its documents' text in the memory, then queues the batch's
/// pairing. A worker that claims it pairs the batch's documents with each other and with every
/// document kept before in the window (a batch's pairing waits until earlier batches are done, so
/// both halves of a pair always meet in one pairing), and queues the batch's pairs in groups of
/// whole files. Any worker claims a group, aligns it from the stored sentences and stores its
/// units with the record of its files, in one transaction, as `ingest` stores a batch. A worker
/// that dies loses its claim when the lease ends; another worker does the work again, and the
/// memory's de-duplication keeps each unit once.
public struct QueuedIngest: Sendable {
    public let ingestor: Ingestor

    public init(ingestor: Ingestor) {
        self.ingestor = ingestor
    }

    /// A file of a batch: its name, content hash and size.
    struct QueuedFile: Codable, Hashable {
        var name: String
        var hash: String
        var bytes: Int
    }

    /// A kept document, by its file's content hash and its position.
    struct QueuedReference: Codable, Hashable {
        var hash: String
        var position: Int

        init(_ reference: DocumentReference) {
            hash = reference.contentHash
            position = reference.position
        }

        var reference: DocumentReference { DocumentReference(contentHash: hash, position: position) }
    }

    /// A batch's pairing: its files and the options it was enqueued with.
    struct PairingWork: Codable {
        var files: [QueuedFile]
        var window: Double?
        var minimumConfidence: Double
        var pairsPerBatch: Int
    }

    /// Pairs of a batch to align and store, with the files whose record they complete.
    struct AlignmentWork: Codable {
        struct Pair: Codable {
            var en: QueuedReference
            var ja: QueuedReference
            /// The English story's other wordings (same-story documents), for provenance.
            var others: [QueuedReference]
        }
        var pairs: [Pair]
        var files: [QueuedFile]
        var minimumConfidence: Double
    }

    /// What a worker did.
    public struct WorkerSummary: Sendable, Equatable {
        public var pairings = 0
        public var alignments = 0
        public var documentPairs = 0
        public var stored = 0
        public var added = 0
        public var alreadyPresent = 0
        /// Work given up for bad data (its error is kept in the queue).
        public var failed = 0
        /// Claims that were lost before the work was done (a lease ended meanwhile).
        public var lostClaims = 0
        public var seconds = 0.0
        /// Where the time went: pairing batches, aligning pairs (reading their documents
        /// included), storing units, and waiting for work that others held.
        public var pairingSeconds = 0.0, aligningSeconds = 0.0, storingSeconds = 0.0, waitingSeconds = 0.0

        public init() {}
    }

    /// Where a worker is, for a progress display.
    public enum WorkerProgress: Sendable {
        case pairing(batch: Int64, documents: Int)
        case aligning(batch: Int64, pairs: Int)
        case waiting(QueueCounts)
        case done(QueueCounts)
    }

    /// The memory's work queue, or a usage error naming the memory.
    static func queue(of memory: any MemoryStore) throws -> any WorkQueue {
        guard let queue = memory as? any WorkQueue else {
            throw PipelineError(
                .usage, "\(memory.location): workers need a PostgreSQL memory (postgres://…); SQLite has no work queue")
        }
        return queue
    }

    /// Keeps `corpus`'s documents in `memory` and queues their pairing; the batch's number.
    /// - Throws: `PipelineError`: `.usage` for a memory without a work queue, else as the memory fails.
    public func enqueue(_ corpus: Corpus, into memory: any MemoryStore) async throws -> Int64 {
        let queue = try Self.queue(of: memory)
        let work = PairingWork(
            files: corpus.files.compactMap { name in
                corpus.contents[name].map { QueuedFile(name: name, hash: $0.hash, bytes: $0.bytes) }
            }, window: ingestor.options.pairingWindow, minimumConfidence: ingestor.options.minimumConfidence,
            pairsPerBatch: ingestor.options.pairsPerBatch)
        do {
            try await memory.archive(corpus.archivable)
            return try await queue.enqueueBatch(pairing: try Self.encode(work))
        } catch let error as PipelineError { throw error } catch { throw PipelineError(memory: error) }
    }

    /// Claims and does queued work until none is left: the queue holds no work that is waiting
    /// or claimed (work held by another worker is waited for, `poll` seconds at a time, since its
    /// lease may end). The claim's lease is renewed while the work runs.
    /// - Throws: `PipelineError` when the memory fails (the claim then lapses and another worker
    ///   takes the work); bad data fails the work, which is kept with its error, and goes on.
    public func work(
        memory: any MemoryStore, worker: String, lease: TimeInterval, poll: TimeInterval = 1,
        progress: @Sendable (WorkerProgress) -> Void = { _ in }
    ) async throws -> WorkerSummary {
        let start = Date()
        let queue = try Self.queue(of: memory)
        var summary = WorkerSummary()
        do {
            while true {
                guard let work = try await queue.claimWork(worker: worker, lease: lease) else {
                    let counts = try await queue.queueCounts()
                    if counts.isDrained {
                        progress(.done(counts))
                        break
                    }
                    progress(.waiting(counts))
                    let waited = Date()
                    try await Task.sleep(for: .seconds(poll))
                    summary.waitingSeconds += Date().timeIntervalSince(waited)
                    continue
                }
                let renewal = Task {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(max(0.1, lease / 3)))
                        _ = try await queue.renewLease(work, lease: lease)
                    }
                }
                defer { renewal.cancel() }
                do {
                    let completed: Bool
                    let clock = Date()
                    switch work.kind {
                    case .pair:
                        completed = try await pair(work, memory: memory, queue: queue, summary: &summary, progress)
                        summary.pairings += 1
                        summary.pairingSeconds += Date().timeIntervalSince(clock)
                    case .align:
                        completed = try await align(work, memory: memory, queue: queue, summary: &summary, progress)
                        summary.alignments += 1
                    }
                    if !completed { summary.lostClaims += 1 }
                } catch let error as PipelineError where error.kind == .badData {
                    try await queue.failWork(work, error: error.description)
                    summary.failed += 1
                }
            }
        } catch let error as PipelineError { throw error } catch is CancellationError {
            throw PipelineError(.io, "the worker was cancelled")
        } catch { throw PipelineError(memory: error) }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Pairs a batch and queues its pairs; the files with nothing to store are recorded now.
    private func pair(
        _ work: QueuedWork, memory: any MemoryStore, queue: any WorkQueue, summary: inout WorkerSummary,
        _ progress: @Sendable (WorkerProgress) -> Void
    ) async throws -> Bool {
        let batch: PairingWork = try Self.decode(work)
        var options = ingestor.options
        options.pairingWindow = batch.window
        options.minimumConfidence = batch.minimumConfidence
        options.pairsPerBatch = batch.pairsPerBatch
        let ingestor = Ingestor(lexicon: self.ingestor.lexicon, options: options)
        let corpus = try Self.corpus(
            of: batch.files, documents: try await queue.queuedDocuments(hashes: batch.files.map(\.hash)))
        progress(.pairing(batch: work.batch, documents: corpus.documents.count))
        let plan = try await ingestor.plan(corpus, in: memory, archiving: false)
        let pairs = ingestor.pairsToStore(plan.pairing, of: plan.corpus, unchanged: plan.unchanged)
        summary.documentPairs += pairs.count
        let inBatch = Dictionary(batch.files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var queuedFiles = Set<String>()
        var follow: [(kind: QueuedWork.Kind, payload: String)] = []
        for (group, files) in ingestor.batches(pairs, of: plan.corpus) {
            let mine = files.compactMap { inBatch[$0] }
            queuedFiles.formUnion(mine.map(\.name))
            let alignment = AlignmentWork(
                pairs: group.compactMap { pair in
                    guard let en = plan.corpus.reference(pair.en), let ja = plan.corpus.reference(pair.ja) else {
                        return nil
                    }
                    return AlignmentWork.Pair(
                        en: QueuedReference(en), ja: QueuedReference(ja),
                        others: plan.pairing.otherWordings(of: pair.en).compactMap {
                            plan.corpus.reference($0).map(QueuedReference.init)
                        })
                }, files: mine, minimumConfidence: batch.minimumConfidence)
            follow.append((.align, try Self.encode(alignment)))
        }
        do {
            try await memory.recordIngested(
                batch.files.filter { !queuedFiles.contains($0.name) }.map { ($0.hash, $0.name, $0.bytes) })
            try await memory.recordPairs(Ingestor.archivedPairs(plan.pairing.pairs, of: plan.corpus))
            return try await queue.completeWork(work, adding: follow)
        } catch { throw PipelineError(memory: error) }
    }

    /// Aligns queued pairs from their stored sentences and stores their units with the record of
    /// their files.
    private func align(
        _ work: QueuedWork, memory: any MemoryStore, queue: any WorkQueue, summary: inout WorkerSummary,
        _ progress: @Sendable (WorkerProgress) -> Void
    ) async throws -> Bool {
        let clock = Date()
        let alignment: AlignmentWork = try Self.decode(work)
        let references = alignment.pairs.flatMap { [$0.en, $0.ja] + $0.others }
        let stored = try await queue.queuedDocuments(hashes: Array(Set(references.map(\.hash))).sorted())
        let wanted = Set(references.map(\.reference))
        let corpus = try Self.corpus(of: alignment.files, documents: stored.filter { wanted.contains($0.reference) })
        var index: [QueuedReference: Int] = [:]
        for d in corpus.documents.indices {
            if let reference = corpus.reference(d) { index[QueuedReference(reference)] = d }
        }
        let pairs = alignment.pairs.compactMap { pair -> (en: Int, ja: Int, others: [Int])? in
            guard let en = index[pair.en], let ja = index[pair.ja] else { return nil }
            return (en, ja, pair.others.compactMap { index[$0] })
        }
        guard pairs.count == alignment.pairs.count else {
            throw PipelineError(.badData, "queued work \(work.id): a document of its pairs is no longer kept")
        }
        progress(.aligning(batch: work.batch, pairs: pairs.count))
        var options = ingestor.options
        options.minimumConfidence = alignment.minimumConfidence
        let ingestor = Ingestor(lexicon: self.ingestor.lexicon, options: options)
        let linker = RelationLinker(lexicon: ingestor.lexicon)
        let results = ResultSlots<Result<[RelationLink], any Error>>(count: pairs.count)
        let documents = corpus.documents
        DispatchQueue.concurrentPerform(iterations: pairs.count) { k in
            results.set(
                k,
                Result {
                    try linker.links(english: documents[pairs[k].en].texts, japanese: documents[pairs[k].ja].texts)
                })
        }
        var units: [TranslationUnit] = []
        for (pair, result) in zip(pairs, results.values) {
            let links: [RelationLink]
            do { links = try result!.get() } catch {
                throw PipelineError(.badData, "\(documents[pair.en].place): cannot align: \(error)")
            }
            units +=
                ingestor.units(en: pair.en, ja: pair.ja, links: links, corpus: corpus, otherWordings: pair.others)
                .units
        }
        summary.aligningSeconds += Date().timeIntervalSince(clock)
        let storing = Date()
        defer { summary.storingSeconds += Date().timeIntervalSince(storing) }
        do {
            let result = try await memory.add(
                units, completing: alignment.files.map { ($0.hash, $0.name, $0.bytes) })
            summary.stored += units.count
            summary.added += result.added
            summary.alreadyPresent += result.alreadyPresent
            return try await queue.completeWork(work, adding: [])
        } catch { throw PipelineError(memory: error) }
    }

    /// The corpus of queued `files` (their names, hashes and sizes) and kept `documents` (theirs
    /// and others'), every document paired as a new one.
    static func corpus(of files: [QueuedFile], documents: [ArchivedDocument]) throws -> Corpus {
        var corpus = Corpus()
        corpus.files = files.map(\.name)
        for file in files { corpus.contents[file.name] = (file.hash, file.bytes) }
        try corpus.appendArchived(documents, kept: false)
        return corpus
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        do { return String(decoding: try JSONEncoder().encode(value), as: UTF8.self) } catch {
            throw PipelineError(.badData, "cannot encode queued work: \(error)")
        }
    }

    static func decode<T: Decodable>(_ work: QueuedWork) throws -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(work.payload.utf8)) } catch {
            throw PipelineError(.badData, "queued work \(work.id) (\(work.kind.rawValue)) is unreadable: \(error)")
        }
    }
}
