import ArgumentParser
import Foundation
import KakehashiPipeline
import KakehashiMemory

/// `kakehashi ingest`: the main job. Articles in, aligned units in the translation memory.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract:
            "Read articles, pair English and Japanese documents, align their sentences and store the pairs in the memory.",
        discussion: """
            read → normalize → segment → pair → align → store. Folders recurse. Every file is read and checked \
            before anything is written: a bad file stops the run with its name and place and leaves the memory as \
            it was. Pairs are aligned on every core and stored a batch at a time. Running it again on the same \
            input adds nothing. Each unit keeps its alignment confidence, the bead's shape and both sources (file, \
            the lines of its sentences, sentence numbers); a pair whose English story also exists in other wordings \
            records those documents too. A pair a reviewer rejected or an admin deleted stays so when it is met \
            again, unless --reconsider-rejected says otherwise.

            Spread over workers (a PostgreSQL memory): `ingest FOLDER --enqueue` reads the folder and keeps its \
            documents' text in the database; `ingest --worker` processes, on any machine that reaches the \
            database, pair each batch with everything ingested before and align and store its pairs, claiming \
            work with leases: a dead worker's work is done again by another once its lease ends. A worker stops \
            when the queue is drained; `kakehashi stats` shows the queue.
            """
    )

    @OptionGroup var memory: MemoryOption

    @Option(
        help:
            "Least confidence (0–1) of a sentence pair to store: the calibrated probability that it is right with its relation (translation, partial or related)."
    )
    var minConfidence: Double = IngestOptions.defaultMinimumConfidence

    @Flag(
        help: "Make rejected units that this ingest meets again aligned again (files ingested before are read again).")
    var reconsiderRejected = false

    @Option(name: .customLong("as"), help: "Who the ingest's changes are recorded as (default: the login name).")
    var user: String = NSUserName()

    @OptionGroup var window: WindowOption

    @Flag(
        help:
            "Compare the new documents only with the documents of earlier ingests that are not paired yet (much faster; a document paired wrongly before its partner arrived is then out of reach)."
    )
    var unpairedOnly = false

    @Option(
        help: ArgumentHelp(
            "From twice this many documents on, pair the files in date slices of about this many or more, each with the documents before it in the window.",
            discussion: "Memory then holds one slice and its window, not the whole folder.",
            valueName: "documents"))
    var slice: Int = IngestOptions().documentsPerSlice

    @Flag(
        help:
            "Keep the files' documents in the memory (PostgreSQL) and queue them for workers, instead of ingesting them now."
    )
    var enqueue = false

    @Flag(
        help:
            "Work through the memory's queue (PostgreSQL) until it is drained: pair batches, align and store their pairs."
    )
    var worker = false

    @Option(help: "Seconds a worker's claim lasts without renewal: after a worker dies, its work waits this long.")
    var lease: Double = 60

    @Option(help: "The worker's name in the queue (default: host and process).")
    var workerName: String = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    @OptionGroup var lexicon: LexiconOptions

    @OptionGroup var input: CorpusOptions

    func validate() throws {
        if !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence must be between 0 and 1") }
        if enqueue && worker { throw ValidationError("--enqueue and --worker are two steps: give one") }
        if worker && !input.paths.isEmpty {
            throw ValidationError("a worker takes its files from the queue: give no file or folder with --worker")
        }
        if !worker && input.paths.isEmpty { throw CorpusOptions.noPaths }
        if (enqueue || worker) && (reconsiderRejected || unpairedOnly) {
            throw ValidationError(
                "--reconsider-rejected and --unpaired-only apply to a direct ingest, not to queued work")
        }
        if slice < 1 { throw ValidationError("--slice must be at least 1") }
        if !(lease > 0 && lease <= 86_400) { throw ValidationError("--lease must be between 0 and 86400 seconds") }
    }

    func run() async throws {
        if worker { return try await runWorker() }
        if enqueue { return try await runEnqueue() }
        let status = StatusLine()
        let clock = ProgressClock()
        let stored = UnitCounter()
        let corpus = try input.read(status)
        let ingestor = try self.ingestor()
        let (s, location) = try await memory.with { tm in
            let rescored = try await RelationUpgrade.run(tm, lexicon: ingestor.lexicon) {
                status.show("scoring \($0) units stored before relations")
            }
            if rescored > 0 {
                printError("relations: \(rescored) units stored before relations scored again from their texts")
            }
            let path = tm.location
            let summary = try await ingestor.ingest(corpus, into: tm) { step in
                switch step {
                case let .slice(number, count, documents):
                    status.show("slice \(number)/\(count) by date: \(documents) documents")
                case let .pairing(documents): status.show("pairing \(documents) documents")
                case let .aligning(done, total):
                    status.show(
                        StatusLine.bar(done, of: total) + " document pairs aligned, \(stored.total) units stored"
                            + clock.rate(done, of: total))
                case let .storing(units):
                    stored.add(units)
                    status.show("storing \(units) units in \(path) (\(stored.total) so far)")
                }
            }
            return (summary, path)
        }
        status.clear()
        print(
            "files \(s.files), blocks \(s.blocks) (\(s.documents) English or Japanese), "
                + "document pairs \(s.documentPairs), same-story pairs \(s.sameStoryPairs)")
        if s.slices > 1 {
            print("paired in \(s.slices) date slices, each with the documents before it in the window (--slice)")
        }
        if s.archivedDocuments > 0 {
            print("documents of earlier ingests compared (from the memory, files not read): \(s.archivedDocuments)")
        }
        if s.undatedDocuments > 0 {
            print("documents without a date (compared with every document): \(s.undatedDocuments)")
        }
        if s.unchangedFiles > 0 {
            print(
                "unchanged since an earlier ingest: \(s.unchangedFiles) files; \(s.unchangedPairs) of their document pairs not aligned again"
            )
        }
        print(
            "sentence pairs \(s.sentencePairs), stored with confidence ≥ \(minConfidence): \(s.stored) "
                + "(units \(s.added) new, \(s.alreadyPresent) already present) in \(location)")
        print(
            "stored by relation: "
                + ["translation", "partial", "related"].map { "\($0) \(s.storedByRelation[$0] ?? 0)" }.joined(
                    separator: ", "))
        if reconsiderRejected { print("rejected units met again, now aligned: \(s.reconsidered)") }
        print(String(format: "time %.1f s", s.seconds))
    }
}

extension IngestCommand {
    /// The ingestor of these options (`validate` keeps the direct ingest's own options off queued work).
    func ingestor() throws -> Ingestor {
        var options = IngestOptions(minimumConfidence: minConfidence)
        options.reconsidersRejected = reconsiderRejected
        options.user = user
        options.pairingWindow = try window.interval
        options.comparesUnpairedOnly = unpairedOnly
        options.documentsPerSlice = slice
        return Ingestor(lexicon: try lexicon.load(), options: options)
    }

    /// `--enqueue`: read, keep and queue.
    func runEnqueue() async throws {
        let status = StatusLine()
        let corpus = try input.read(status)
        let queued = QueuedIngest(ingestor: try ingestor())
        let (batch, counts) = try await memory.with { tm in
            status.show("keeping \(corpus.documents.count) documents in \(tm.location)")
            let batch = try await queued.enqueue(corpus, into: tm)
            return (batch, try await (tm as? any WorkQueue)?.queueCounts())
        }
        status.clear()
        print(
            "batch \(batch) enqueued: \(corpus.files.count) files, \(corpus.documents.count) English or Japanese documents"
        )
        if let counts { print(QueueCounts.line(counts)) }
    }

    /// `--worker`: drain the queue.
    func runWorker() async throws {
        let status = StatusLine()
        let queued = QueuedIngest(ingestor: try ingestor())
        let name = workerName, lease = self.lease
        let s = try await memory.with { tm in
            try await queued.work(memory: tm, worker: name, lease: lease) { step in
                switch step {
                case let .pairing(batch, documents):
                    status.show("\(name): pairing batch \(batch) (\(documents) documents)")
                case let .aligning(batch, pairs):
                    status.show("\(name): aligning \(pairs) document pairs of batch \(batch)")
                case let .waiting(counts): status.show("\(name): waiting — " + QueueCounts.line(counts))
                case .done: break
                }
            }
        }
        status.clear()
        print(
            "worker \(name): \(s.pairings) batches paired (\(s.documentPairs) document pairs), \(s.alignments) alignments; "
                + "units \(s.added) new, \(s.alreadyPresent) already present")
        if s.failed > 0 { print("work given up for bad data: \(s.failed) (kakehashi stats shows the queue)") }
        if s.lostClaims > 0 {
            print("claims lost to an ended lease (the work was done by another worker): \(s.lostClaims)")
        }
        print(
            String(
                format: "time %.1f s: pairing %.1f, aligning %.1f, storing %.1f, waiting for others %.1f", s.seconds,
                s.pairingSeconds, s.aligningSeconds, s.storingSeconds, s.waitingSeconds))
    }
}

extension QueueCounts {
    /// "queue: 2 batches (1 open), work 3 waiting, 1 claimed, 20 done, 0 given up".
    static func line(_ c: QueueCounts) -> String {
        "queue: \(c.batches) batches (\(c.openBatches) open), work \(c.waiting) waiting, \(c.claimed) claimed, "
            + "\(c.done) done, \(c.failed) given up"
    }
}

/// Units stored so far, counted from the progress callbacks.
final class UnitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var total: Int { lock.withLock { count } }
}
