import Foundation
public import KakehashiMemory
import Synchronization

/// What `MemoryCopy.copy` did, and what its check found.
public struct MemoryCopyReport: Sendable {
    /// Units read from the source.
    public var read = 0
    /// Of those, units the destination did not hold yet, and units it already held.
    public var added = 0
    public var alreadyPresent = 0
    /// Units in each memory after the copy.
    public var sourceUnits = 0
    public var destinationUnits = 0
    /// Source units checked one by one in the destination (every k-th), and how many were found
    /// whole: the same texts, status, confidence and sources.
    public var sampled = 0
    public var sampleFound = 0
    /// Article files the source records as ingested, and how many the destination records after
    /// the copy (so an ingest into the copy skips them as it would have skipped them in the source).
    public var ingestedFiles = 0
    public var ingestedFilesCopied = 0
    /// Documents of ingested files copied (`DocumentArchive`).
    public var archivedDocuments = 0
    /// Reviewers' changes in the source's history, and how many the copy carried (none when the
    /// destination had a history of its own already: histories are not merged).
    public var historyEntries = 0
    public var historyEntriesCopied = 0
    public var seconds = 0.0

    /// True when the destination holds every source unit: at least as many units, and every
    /// sampled unit found whole.
    public var isComplete: Bool {
        destinationUnits >= sourceUnits && sampleFound == sampled && added + alreadyPresent == read
            && ingestedFilesCopied == ingestedFiles
    }
}

/// Copies a memory into another, in either direction between SQLite and PostgreSQL, as a stream:
/// the source is exported, in the order its units were added, to a TMX file of its own (mode
/// 0600, beside the system's other temporary files, removed afterwards), which the destination
/// imports in one transaction. So a copy that fails leaves the destination as it was, a copy into
/// an empty PostgreSQL memory builds its indexes once at the end, and memory stays flat whatever
/// the size. TMX carries everything a unit holds (status, relation, confidence, sources, dates).
/// The destination de-duplicates, so copying again adds nothing.
public enum MemoryCopy {
    /// - Throws: `PipelineError`: `.usage` when the source and the destination are one memory;
    ///   `.io` or `.badData` from either memory or the temporary file.
    public static func copy(
        from source: any MemoryStore, to destination: any MemoryStore, samples: Int = 200,
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> MemoryCopyReport {
        guard source.location != destination.location else {
            throw PipelineError(.usage, "\(source.location): the source and the destination are the same memory")
        }
        let start = Date()
        var report = MemoryCopyReport()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-copy-\(UUID().uuidString).tmx"
        ).path
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            let total = try await source.statistics().units
            let every = max(1, total / max(1, samples))
            let collected = SampleCollector(every: every, limit: samples, progress: progress)
            guard FileManager.default.createFile(atPath: file, contents: nil, attributes: [.posixPermissions: 0o600]),
                let output = FileHandle(forWritingAtPath: file)
            else {
                throw PipelineError(.io, "\(file): cannot write the temporary copy")
            }
            do {
                // Everything, rejected units included: a copy keeps the reviewers' verdicts.
                var everything = ExportFilter()
                everything.includesRejected = true
                report.read = try await source.exportTMX(to: output, filter: everything, observe: collected.see)
                try output.close()
            } catch {
                try? output.close()
                throw error
            }
            let result = try await destination.importTMX(path: file)
            report.added = result.added
            report.alreadyPresent = result.alreadyPresent
            // The ingested-file records, after the units they vouch for, with their dates.
            let files = try await source.ingestedFiles()
            report.ingestedFiles = files.count
            for (date, group) in Dictionary(grouping: files, by: \.at).sorted(by: { $0.key < $1.key }) {
                try await destination.recordIngested(group.map(\.file), at: date)
            }
            report.ingestedFilesCopied = try await destination.ingestedContent(among: files.map(\.file.contentHash))
                .count
            // The documents of those files, so that later ingests into the copy pair with them.
            let documents = try await source.archivedDocuments(
                excludingHashes: [], names: [], dates: nil, unpairedOnly: false)
            try await destination.archive(documents)
            try await destination.recordPairs(ArchivedPair.recorded(in: documents))
            report.archivedDocuments = documents.count
            (report.historyEntries, report.historyEntriesCopied) = try await copyHistory(from: source, to: destination)
            report.sourceUnits = try await source.statistics().units
            report.destinationUnits = try await destination.statistics().units
            for unit in collected.sample {
                report.sampled += 1
                if try await holds(destination, unit) { report.sampleFound += 1 }
            }
        } catch let error as PipelineError { throw error } catch { throw PipelineError(memory: error) }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// Appends the source's history to the destination's, when both can be reviewed and the
    /// destination has none yet: each change under its unit's id there (found by the unit's
    /// de-duplication key), with its user, date, versions, states and what undid it. Returns the
    /// source's entries and those copied.
    static func copyHistory(from source: any MemoryStore, to destination: any MemoryStore) async throws -> (Int, Int) {
        guard let source = source as? any ReviewableMemory, let destination = destination as? any ReviewableMemory
        else { return (0, 0) }
        let total = try await source.changes(after: 0, limit: 1).latest
        guard total > 0 else { return (0, 0) }
        let theirs = try await destination.changes(after: 0, limit: 1)
        var seen = 0, copied = 0
        var sequences: [Int64: Int64] = [:]
        var undone: [(change: Int64, undo: Int64)] = []
        var after: Int64 = 0
        while true {
            let page = try await source.changes(after: after, limit: 5000).changes
            guard let last = page.last else { break }
            after = last.sequence
            seen += page.count
            guard theirs.changes.isEmpty else { continue }
            let keys = try await source.dedupKeys(ofUnits: Array(Set(page.map(\.unitID))))
            let ids = try await destination.unitIDs(withDedupKeys: Array(Set(keys.values)))
            var entries: [UnitHistoryEntry] = []
            for var entry in page {
                guard let key = keys[entry.unitID], let id = ids[key] else { continue }
                if let undo = entry.undoneBy { undone.append((entry.sequence, undo)) }
                entry.unitID = id
                entry.undoneBy = nil
                entries.append(entry)
            }
            sequences.merge(try await destination.appendHistory(entries)) { a, _ in a }
            copied += entries.count
        }
        try await destination.markUndone(
            undone.compactMap { pair in
                guard let change = sequences[pair.change], let undo = sequences[pair.undo] else { return nil }
                return (change, undo)
            })
        return (seen, copied)
    }

    /// Units between two progress reports.
    public static let batchSize = 2000

    /// True when `memory` holds `unit`: the unit with its de-duplication key (or, in a memory that
    /// cannot say, one an exact lookup of its first variant finds) has the same texts, status,
    /// relation, confidence and (at least) the same sources.
    static func holds(_ memory: any MemoryStore, _ unit: TranslationUnit) async throws -> Bool {
        func same(_ stored: TranslationUnit) -> Bool {
            stored.variants.map(\.text) == unit.variants.map(\.text) && stored.status == unit.status
                && stored.relation == unit.relation
                && stored.confidence == unit.confidence && Set(unit.provenance).isSubset(of: Set(stored.provenance))
        }
        // By its de-duplication key where the memory can say (rejected and deleted units too,
        // which no lookup offers).
        if let reviewable = memory as? any ReviewableMemory, let key = try? PreparedUnit(unit).dedup {
            guard let id = try await reviewable.unitIDs(withDedupKeys: [key])[key],
                let stored = try await memory.unit(id: id)
            else { return false }
            return same(stored)
        }
        guard let first = unit.variants.first else { return false }
        let matches = try await memory.lookup(
            first.text,
            options: LookupOptions(
                from: first.baseLanguage, mode: .exact, limit: 50,
                relations: Set(UnitRelation.allCases)))
        for match in matches {
            guard let stored = try await memory.unit(id: match.unitID) else { continue }
            if same(stored) { return true }
        }
        return false
    }
}

/// Every k-th unit of a stream, up to a limit, kept for checking the copy; counts the units seen
/// and reports progress. The stream runs on the source's own thread.
private final class SampleCollector: Sendable {
    private let every: Int, limit: Int
    private let progress: @Sendable (Int) -> Void
    private let state = Mutex((seen: 0, sample: [TranslationUnit]()))

    init(every: Int, limit: Int, progress: @escaping @Sendable (Int) -> Void) {
        self.every = every
        self.limit = limit
        self.progress = progress
    }

    func see(_ unit: TranslationUnit) {
        let seen = state.withLock { s in
            if s.seen % every == 0 && s.sample.count < limit { s.sample.append(unit) }
            s.seen += 1
            return s.seen
        }
        if seen % MemoryCopy.batchSize == 0 { progress(seen) }
    }

    var sample: [TranslationUnit] { state.withLock { $0.sample } }
}
