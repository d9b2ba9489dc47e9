public import Foundation
public import KakehashiAlign
public import KakehashiLexicon
public import KakehashiMemory
import KakehashiText

/// The version that `ingest` records as the creation tool's.
public enum KakehashiVersion {
    public static let string = "0.1.0"
}

/// How `Ingestor` turns aligned sentence pairs into units.
public struct IngestOptions: Sendable {
    /// Least confidence (0–1) of a sentence pair to store: the calibrated probability that the
    /// pair is right with its stated relation. At the default, 0.5, a pair is stored when it is
    /// more likely right than wrong.
    public var minimumConfidence: Double
    /// Document pairs aligned (on every core) and stored (in one transaction) together; bounds
    /// the units held in memory at once.
    public var pairsPerBatch: Int
    /// Whether a rejected unit met again becomes `aligned` again (as a change by `user`, in its
    /// history), and files ingested before are aligned again to meet their units. Without it a
    /// rejection stays.
    public var reconsidersRejected = false
    /// Who the ingest's changes are recorded as.
    public var user = "ingest"
    /// Two documents that both state a date are paired only when the dates lie at most this far
    /// apart (`DocumentPairer.window`); nil pairs across any distance.
    public var pairingWindow: TimeInterval? = IngestOptions.defaultPairingWindow

    /// Whether only the documents of earlier ingests that no run has paired are compared with the
    /// new ones. Much faster, but a document paired with a wrong partner before its true one
    /// arrived is then out of reach (`bench archive`: recall 0.67 instead of 0.99), so by default
    /// every kept document in the window is compared.
    public var comparesUnpairedOnly = false

    /// A corpus of at least twice as many documents as this is ingested in date slices of about
    /// this many or more (`Ingestor.slices`), each paired with the documents before it in the
    /// window as a daily increment is, so that pairing holds one slice and its window in memory,
    /// not the whole corpus. Only with a window, and not with `comparesUnpairedOnly`.
    public var documentsPerSlice = 10_000

    /// The default pairing window: 14 days.
    public static let defaultPairingWindow: TimeInterval = 14 * 86_400

    public init(minimumConfidence: Double = IngestOptions.defaultMinimumConfidence, pairsPerBatch: Int = 64) {
        self.minimumConfidence = minimumConfidence
        self.pairsPerBatch = max(1, pairsPerBatch)
    }

    /// The default least confidence: more likely right than wrong.
    public static let defaultMinimumConfidence = 0.5
}

/// What an ingest did, for the user's summary (and the server's answer).
public struct IngestSummary: Sendable, Equatable {
    public var files = 0
    /// Files an earlier ingest stored, unchanged since (same content hash): pairs between two of
    /// them are not aligned again.
    public var unchangedFiles = 0
    /// Document pairs skipped because both files were unchanged.
    public var unchangedPairs = 0
    /// Blocks of every language, and those in English or Japanese (the documents).
    public var blocks = 0
    public var documents = 0
    /// Document pairs pairing found; in date slices, those each slice made with a document of its
    /// own (a pair that a later slice replaced counts too, an earlier pair that stayed does not).
    public var documentPairs = 0
    public var sameStoryPairs = 0
    /// The date slices the documents were paired in (`Ingestor.slices`): 1 for one go.
    public var slices = 1
    /// Documents that state no date: compared with every document, whatever the window.
    public var undatedDocuments = 0
    /// Documents of files ingested before (kept in the memory, not read now) that this run's
    /// documents were compared with.
    public var archivedDocuments = 0
    /// The files of the document pairs this run aligned (English file, Japanese file), in order.
    public var alignedFiles: [FilePair] = []

    /// The English and the Japanese file of a document pair.
    public struct FilePair: Sendable, Equatable {
        public var en: String
        public var ja: String
    }
    /// Links with sentences on both sides, stored or not.
    public var sentencePairs = 0
    /// Links stored, by relation (translation, partial, related).
    public var storedByRelation: [String: Int] = [:]
    /// Sentence pairs of at least the least confidence, offered to the memory.
    public var stored = 0
    public var added = 0
    public var alreadyPresent = 0
    /// Rejected units met again and made `aligned` again (`IngestOptions.reconsidersRejected`).
    public var reconsidered = 0
    public var seconds = 0.0

    public init() {}

    /// Adds what one slice of an ingest did (`Ingestor.slices`); `documents` are the slice's own
    /// (its summary counts the kept documents it met too).
    mutating func add(_ part: IngestSummary, documents: Int) {
        files += part.files
        unchangedFiles += part.unchangedFiles
        unchangedPairs += part.unchangedPairs
        self.documents += documents
        documentPairs += part.documentPairs
        sameStoryPairs += part.sameStoryPairs
        undatedDocuments += part.undatedDocuments
        alignedFiles += part.alignedFiles
        sentencePairs += part.sentencePairs
        storedByRelation.merge(part.storedByRelation, uniquingKeysWith: +)
        stored += part.stored
        added += part.added
        alreadyPresent += part.alreadyPresent
        reconsidered += part.reconsidered
    }
}

/// Where an ingest is, for a progress display.
public enum IngestProgress: Sendable {
    /// A large corpus is ingested in date slices (`Ingestor.slices`): slice `number` (1-based)
    /// of `count` starts.
    case slice(number: Int, count: Int, documents: Int)
    case pairing(documents: Int)
    case aligning(done: Int, total: Int)
    case storing(units: Int)
}

/// The main job as a library call: documents → pairs → beads → units with provenance → memory.
///
/// ```swift
/// let corpus = try Corpus(paths: ["seeds"])
/// let summary = try await Ingestor(lexicon: lexicon).ingest(corpus, into: memory)
/// ```
///
/// Pairs are aligned on every core, a batch at a time. A batch holds whole groups of files (the
/// pairs that share a file are never split), and its units are stored in one transaction with the
/// record of its files' content hashes: each file is stored whole or not at all. The memory
/// de-duplicates, so a re-run adds nothing, and a re-run does not align a pair of two files
/// recorded unchanged again. Each unit records its
/// confidence, its bead shape and both sources: the file, the lines of the bead's own sentences
/// and the sentence numbers; a pair whose English story exists in other wordings records those
/// documents too.
public struct Ingestor: Sendable {
    public let lexicon: Lexicon
    public let options: IngestOptions

    public init(lexicon: Lexicon, options: IngestOptions = IngestOptions()) {
        self.lexicon = lexicon
        self.options = options
    }

    /// Pairs, aligns and stores `corpus` in `memory`.
    public func ingest(
        _ corpus: Corpus, into memory: any MemoryStore,
        progress: @Sendable (IngestProgress) -> Void = { _ in }
    ) async throws -> IngestSummary {
        let start = Date()
        let slices = self.slices(corpus)
        var summary = IngestSummary()
        var compared = Set<DocumentReference>()
        if slices.count > 1 {
            // Each slice builds on the pairs the slices before it recorded, so none of an
            // interrupted run's may be left: a resumed ingest pairs every slice again as an
            // uninterrupted one does.
            do { try await memory.forgetPairs(ofFiles: corpus.files.compactMap { corpus.contents[$0]?.hash }) } catch {
                throw PipelineError(memory: error)
            }
            // What reading the corpus freed, before the first slice.
            HeapRelease.releaseFreePages()
        }
        for (k, slice) in slices.enumerated() {
            if slices.count > 1 {
                progress(.slice(number: k + 1, count: slices.count, documents: slice.documents.count))
            }
            // The files of later slices are not kept yet for this one: they meet it in their turn.
            let later = slices[(k + 1)...].flatMap(\.files)
            let plan = try await self.plan(
                slice, in: memory, excluding: (Set(later), Set(later.compactMap { corpus.contents[$0]?.hash })),
                progress: progress)
            var part = try await store(
                plan.pairing, of: plan.corpus, into: memory, unchanged: plan.unchanged, progress: progress)
            if slices.count > 1 {
                // The slice's own documents come first in the plan's corpus.
                let own = slice.documents.count
                part.documentPairs = plan.pairing.pairs.filter { $0.en < own || $0.ja < own }.count
            }
            summary.add(part, documents: slice.documents.count)
            if slices.count > 1 { HeapRelease.releaseFreePages() }
            // Kept documents of earlier ingests, each counted once.
            for d in slice.documents.count..<plan.corpus.documents.count
            where corpus.contents[plan.corpus.documents[d].file] == nil {
                if let reference = plan.corpus.reference(d) { compared.insert(reference) }
            }
        }
        summary.blocks = corpus.blocks
        summary.slices = slices.count
        summary.archivedDocuments = compared.count
        if slices.count > 1 { summary.undatedDocuments = corpus.documents.filter { $0.date == nil }.count }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// `corpus` in date slices, or whole when it has fewer than twice `documentsPerSlice`
    /// documents (or there is no window, or `comparesUnpairedOnly`). Files are ordered by their
    /// earliest document's date and cut into slices of whole files, as many as `documentsPerSlice`
    /// goes into the documents, of about equal size; the files with an undated document, which
    /// meet every document anyway, join the last slice. Each slice is ingested in turn, as a
    /// daily increment onto the slices before it: an earlier pair stays unless a later document
    /// pairs better, and the units of a pair that a later slice replaced stay in the memory, as
    /// they do after an increment.
    public func slices(_ corpus: Corpus) -> [Corpus] {
        let count = corpus.documents.count / max(1, options.documentsPerSlice)
        guard options.pairingWindow != nil, !options.comparesUnpairedOnly, count > 1 else { return [corpus] }
        // Slices of equal size, at least `documentsPerSlice` documents each.
        let target = (corpus.documents.count + count - 1) / count
        var earliest: [String: Date] = [:], undated = Set<String>(), counts: [String: Int] = [:]
        for document in corpus.documents {
            counts[document.file, default: 0] += 1
            if let date = document.date {
                earliest[document.file] = min(date, earliest[document.file] ?? date)
            } else {
                undated.insert(document.file)
            }
        }
        let dated = corpus.files.enumerated().filter { !undated.contains($0.element) }.sorted {
            let a = earliest[$0.element] ?? .distantPast, b = earliest[$1.element] ?? .distantPast
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        var slices: [Set<String>] = [], current = Set<String>(), size = 0
        for file in dated {
            current.insert(file)
            size += counts[file, default: 0]
            if size >= target {
                slices.append(current)
                current = []
                size = 0
            }
        }
        current.formUnion(undated)
        if !current.isEmpty { slices.append(current) }
        return slices.map { corpus.subset($0) }
    }

    /// What pairing found for an ingest's documents, with the documents of earlier ingests it
    /// compared them with.
    public struct Plan: Sendable {
        /// The documents read now, then the kept ones.
        public var corpus: Corpus
        public var pairing: DocumentPairer.Result
        /// Content hashes of files whose pairs earlier ingests stored (files read again unchanged,
        /// and the files of kept documents).
        public var unchanged: Set<String>
        public var archivedDocuments: Int
    }

    /// Keeps `corpus`'s documents in `memory` (unless `archiving` is false: they are kept
    /// already) and pairs them with each other and with the documents earlier ingests kept.
    /// The kept documents of files in `later` (names, content hashes) are left out too: files of
    /// this ingest that a later slice pairs.
    public func plan(
        _ corpus: Corpus, in memory: any MemoryStore, archiving: Bool = true,
        excluding later: (names: Set<String>, hashes: Set<String>) = ([], []),
        progress: @Sendable (IngestProgress) -> Void = { _ in }
    ) async throws -> Plan {
        let hashes = corpus.files.compactMap { corpus.contents[$0]?.hash }
        // The files read now (and those a later slice reads): their documents are not kept ones.
        let readHashes = Set(hashes).union(later.hashes), readNames = Set(corpus.files).union(later.names)
        var unchanged: Set<String>
        var combined = corpus
        do {
            // Reconsidering rejections aligns every file again, to meet the units they make.
            unchanged = options.reconsidersRejected ? [] : try await memory.ingestedContent(among: hashes)
            // This run's documents are kept for later runs (they count once their file is
            // recorded as ingested); the documents earlier runs kept (only the unpaired ones with
            // `comparesUnpairedOnly`), of files not read now, are paired with them, without their
            // files.
            if archiving { try await memory.archive(corpus.archivable) }
            let archived =
                corpus.documents.isEmpty
                ? []
                : try await memory.archivedDocuments(
                    excludingHashes: readHashes, names: readNames, dates: archiveDates(corpus),
                    unpairedOnly: options.comparesUnpairedOnly)
            // The earlier partners of those, outside the window, so that their pairs stand.
            let loaded = Set(archived.map(\.reference))
            let partners = try await memory.archivedDocuments(
                Array(Set(archived.compactMap(\.partner)).subtracting(loaded))
            ).filter { !readHashes.contains($0.contentHash) && !readNames.contains($0.file) }
            try combined.appendArchived(archived + partners)
            unchanged.formUnion((archived + partners).map(\.contentHash))
        } catch let error as PipelineError {
            throw error
        } catch { throw PipelineError(memory: error) }
        progress(.pairing(documents: combined.documents.count))
        return Plan(
            corpus: combined, pairing: try pair(combined), unchanged: unchanged,
            archivedDocuments: combined.documents.count - corpus.documents.count)
    }

    /// The pairs of `plan` to align and store: all but those of two unchanged files.
    func pairsToStore(_ pairing: DocumentPairer.Result, of corpus: Corpus, unchanged: Set<String>) -> [DocumentPair] {
        func isUnchanged(_ d: Int) -> Bool {
            corpus.contents[corpus.documents[d].file].map { unchanged.contains($0.hash) } ?? false
        }
        return pairing.pairs.filter { !(isUnchanged($0.en) && isUnchanged($0.ja)) }
    }

    /// The pairs of kept documents among `pairs`, as the memory records them.
    static func archivedPairs(_ pairs: [DocumentPair], of corpus: Corpus) -> [ArchivedPair] {
        pairs.compactMap { pair in
            guard let en = corpus.reference(pair.en), let ja = corpus.reference(pair.ja) else { return nil }
            return ArchivedPair(en: en, ja: ja, rank: pair.rank)
        }
    }

    /// Batches of whole groups of files (`fileGroups`), at most `pairsPerBatch` pairs each
    /// unless one group has more.
    func batches(_ pairs: [DocumentPair], of corpus: Corpus) -> [(pairs: [DocumentPair], files: [String])] {
        let groups = Ingestor.fileGroups(pairs, corpus: corpus)
        var batches: [(pairs: [DocumentPair], files: [String])] = []
        for group in groups {
            if let last = batches.last, last.pairs.count + group.pairs.count <= options.pairsPerBatch {
                batches[batches.count - 1].pairs += group.pairs
                batches[batches.count - 1].files += group.files
            } else {
                batches.append(group)
            }
        }
        return batches
    }

    /// The dates of the archived documents the window lets `corpus`'s documents meet; nil (all)
    /// without a window or when a document of `corpus` states no date.
    func archiveDates(_ corpus: Corpus) -> ClosedRange<Date>? {
        let dates = corpus.documents.compactMap(\.date)
        guard let window = options.pairingWindow, dates.count == corpus.documents.count,
            let first = dates.min(), let last = dates.max()
        else { return nil }
        return first.addingTimeInterval(-window)...last.addingTimeInterval(window)
    }

    /// The English and Japanese documents of `corpus` that report one event.
    /// - Throws: `PipelineError` `.badData` when the documents' anchors cannot be extracted.
    public func pair(_ corpus: Corpus) throws -> DocumentPairer.Result {
        do {
            return try DocumentPairer(lexicon: lexicon, window: options.pairingWindow).pair(
                corpus.pairingDocuments, earlier: corpus.earlierPairs)
        } catch {
            throw PipelineError(.badData, "pairing failed: \(error)")
        }
    }

    /// Aligns the pairs `pairing` found and stores their sentence pairs, a batch at a time; a
    /// pair of two files whose content hashes are in `unchanged` is skipped (an earlier ingest
    /// stored it).
    public func store(
        _ pairing: DocumentPairer.Result, of corpus: Corpus, into memory: any MemoryStore,
        unchanged: Set<String> = [], progress: @Sendable (IngestProgress) -> Void = { _ in }
    ) async throws -> IngestSummary {
        let start = Date()
        var summary = IngestSummary()
        summary.files = corpus.files.count
        summary.unchangedFiles =
            corpus.files.filter { corpus.contents[$0].map { unchanged.contains($0.hash) } ?? false }.count
        let pairs = pairsToStore(pairing, of: corpus, unchanged: unchanged)
        summary.unchangedPairs = pairing.pairs.count - pairs.count
        summary.alignedFiles = pairs.map {
            IngestSummary.FilePair(en: corpus.documents[$0.en].file, ja: corpus.documents[$0.ja].file)
        }
        summary.blocks = corpus.blocks
        summary.documents = corpus.documents.count
        summary.documentPairs = pairing.pairs.count
        summary.sameStoryPairs = pairing.sameStories.count
        summary.undatedDocuments = pairing.undatedDocuments
        // Batches of whole groups of files: a file's units and its record as ingested are
        // committed in one transaction, so an ingest stopped half-way leaves every file stored
        // whole or not at all (and a re-run aligns again exactly the files that were not).
        var done = 0
        var recorded = Set<String>()
        func record(_ files: [String]) -> [(contentHash: String, name: String, bytes: Int)] {
            files.compactMap { name in
                recorded.insert(name).inserted ? corpus.contents[name].map { ($0.hash, name, $0.bytes) } : nil
            }
        }
        for (batch, files) in batches(pairs, of: corpus) {
            let before = done, total = pairs.count
            let aligned = align(batch, pairing: pairing) { progress(.aligning(done: before + $0, total: total)) }
            done += batch.count
            var units: [TranslationUnit] = []
            for (pair, links) in zip(batch, aligned) {
                let made = self.units(
                    pair: pair, links: links, corpus: corpus, otherWordings: pairing.otherWordings(of: pair.en))
                summary.sentencePairs += made.sentencePairs
                units += made.units
            }
            for unit in units { summary.storedByRelation[unit.relation.rawValue, default: 0] += 1 }
            progress(.storing(units: units.count))
            summary.stored += units.count
            do {
                let result = try await memory.add(units, completing: record(files))
                summary.added += result.added
                summary.alreadyPresent += result.alreadyPresent
                if options.reconsidersRejected, result.alreadyPresent > 0 {
                    summary.reconsidered += try await Reconsideration.reconsider(
                        units.map { try PreparedUnit($0).dedup }, as: .aligned, in: memory, by: options.user)
                }
            } catch { throw PipelineError(memory: error) }
        }
        // Files with nothing (left) to store: unpaired, or paired only with unchanged files.
        do {
            try await memory.recordIngested(record(corpus.files))
            // The pairs of kept documents (none are kept when `ingest` did not archive them first),
            // so that later ingests know them.
            try await memory.recordPairs(Ingestor.archivedPairs(pairing.pairs, of: corpus))
        } catch { throw PipelineError(memory: error) }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// The pairs grouped by the files they join: two pairs are in one group when they share a
    /// file (a page of several blocks, a story paired with two summaries), in the order of each
    /// group's first pair. Each group lists its files.
    static func fileGroups(_ pairs: [DocumentPair], corpus: Corpus) -> [(pairs: [DocumentPair], files: [String])] {
        var parent: [String: String] = [:]
        func root(_ file: String) -> String {
            var f = file
            while let p = parent[f], p != f { f = p }
            var g = file
            while let p = parent[g], p != f { parent[g] = f; g = p }
            return f
        }
        for pair in pairs {
            let a = corpus.documents[pair.en].file, b = corpus.documents[pair.ja].file
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[ra] = rb }
        }
        var index: [String: Int] = [:]
        var groups: [(pairs: [DocumentPair], files: [String])] = []
        for pair in pairs {
            let r = root(corpus.documents[pair.en].file)
            if index[r] == nil {
                index[r] = groups.count
                groups.append(([], []))
            }
            groups[index[r]!].pairs.append(pair)
        }
        for file in parent.keys.sorted() { groups[index[root(file)]!].files.append(file) }
        return groups
    }

    /// The links of each pair with their relations, found on every core from the anchors pairing
    /// extracted; `progress` gets the count of pairs done.
    func align(
        _ pairs: [DocumentPair], pairing: DocumentPairer.Result, progress: @Sendable (Int) -> Void
    ) -> [[RelationLink]] {
        let results = ResultSlots<[RelationLink]>(count: pairs.count)
        let linker = RelationLinker(lexicon: lexicon)
        DispatchQueue.concurrentPerform(iterations: pairs.count) { k in
            let links = linker.links(
                english: pairing.anchors(of: pairs[k].en, language: .en),
                japanese: pairing.anchors(of: pairs[k].ja, language: .ja))
            progress(results.set(k, links))
        }
        return results.values.map { $0! }
    }

    /// The units of one linked pair (the links of at least the least confidence), and how many
    /// links had sentences on both sides.
    public func units(
        pair: DocumentPair, links: [RelationLink], corpus: Corpus, otherWordings: [Int]
    ) -> (units: [TranslationUnit], sentencePairs: Int) {
        units(en: pair.en, ja: pair.ja, links: links, corpus: corpus, otherWordings: otherWordings)
    }

    /// The units of English document `en` and Japanese document `ja` of `corpus`, linked.
    public func units(
        en: Int, ja: Int, links: [RelationLink], corpus: Corpus, otherWordings: [Int]
    ) -> (units: [TranslationUnit], sentencePairs: Int) {
        let en = corpus.documents[en], ja = corpus.documents[ja]
        var units: [TranslationUnit] = []
        var sentencePairs = 0
        // A unit is as old as the later of its two articles (the pair exists once both do); the
        // Unix epoch when neither states a date, so that the same articles give the same memory.
        let created = [en.date, ja.date].compactMap { $0 }.max() ?? Date(timeIntervalSince1970: 0)
        for bead in links where !bead.en.isEmpty && !bead.ja.isEmpty {
            sentencePairs += 1
            guard bead.confidence >= options.minimumConfidence else { continue }
            var provenance = [
                Provenance(
                    sourceFile: en.file, document: Self.lines(en.lines(of: bead.en)),
                    sentences: "en " + Self.range(bead.en), url: en.url),
                Provenance(
                    sourceFile: ja.file, document: Self.lines(ja.lines(of: bead.ja)),
                    sentences: "ja " + Self.range(bead.ja), url: ja.url),
            ]
            for other in otherWordings {
                let o = corpus.documents[other]
                provenance.append(
                    Provenance(sourceFile: o.file, document: Self.lines(o.lines) + " (same story)", url: o.url))
            }
            units.append(
                TranslationUnit(
                    variants: [
                        Variant(language: "en", text: bead.en.map { en.sentences[$0].text }.joined(separator: " ")),
                        Variant(language: "ja", text: bead.ja.map { ja.sentences[$0].text }.joined()),
                    ],
                    status: .aligned, confidence: (bead.confidence * 1000).rounded() / 1000,
                    relation: UnitRelation(rawValue: bead.relation.rawValue) ?? .related,
                    method: "kakehashi-align \(bead.en.count)-\(bead.ja.count)", provenance: provenance,
                    creationDate: created, changeDate: created, creationTool: "Kakehashi",
                    creationToolVersion: KakehashiVersion.string))
        }
        return (units, sentencePairs)
    }

    /// "line 3" or "lines 3-10".
    static func lines(_ r: ClosedRange<Int>) -> String {
        r.count == 1 ? "line \(r.lowerBound)" : "lines \(r.lowerBound)-\(r.upperBound)"
    }

    /// "3", "3-4" or "1,5" (0-based sentence numbers of the document; a link of a comparable
    /// document may join sentences that are not neighbours).
    static func range(_ indexes: [Int]) -> String {
        guard let first = indexes.first, let last = indexes.last else { return "" }
        if first == last { return "\(first)" }
        if last - first + 1 == indexes.count { return "\(first)-\(last)" }
        return indexes.map(String.init).joined(separator: ",")
    }
}

/// Result slots that worker threads fill, one each, under a lock; `set` answers how many are
/// filled (for progress).
package final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    package private(set) var values: [Value?]
    private var filled = 0

    package init(count: Int) { values = Array(repeating: nil, count: count) }

    @discardableResult
    package func set(_ k: Int, _ value: Value) -> Int {
        lock.lock()
        defer { lock.unlock() }
        values[k] = value
        filled += 1
        return filled
    }
}
