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

    @OptionGroup var lexicon: LexiconOptions

    @OptionGroup var input: CorpusOptions

    func validate() throws {
        if !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence must be between 0 and 1") }
    }

    func run() async throws {
        let status = StatusLine()
        let clock = ProgressClock()
        let stored = UnitCounter()
        let corpus = try input.read(status)
        let loaded = try lexicon.load()
        var options = IngestOptions(minimumConfidence: minConfidence)
        options.reconsidersRejected = reconsiderRejected
        options.user = user
        options.pairingWindow = try window.interval
        options.comparesUnpairedOnly = unpairedOnly
        let ingestor = Ingestor(lexicon: loaded, options: options)
        let (s, location) = try await memory.with { tm in
            let rescored = try await RelationUpgrade.run(tm, lexicon: loaded) {
                status.show("scoring \($0) units stored before relations")
            }
            if rescored > 0 {
                printError("relations: \(rescored) units stored before relations scored again from their texts")
            }
            let path = tm.location
            let summary = try await ingestor.ingest(corpus, into: tm) { step in
                switch step {
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

/// Units stored so far, counted from the progress callbacks.
final class UnitCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var total: Int { lock.withLock { count } }
}
