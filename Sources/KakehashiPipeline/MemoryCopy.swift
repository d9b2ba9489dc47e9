import Foundation
public import KakehashiMemory

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
    public var seconds = 0.0

    /// True when the destination holds every source unit: at least as many units, and every
    /// sampled unit found whole.
    public var isComplete: Bool {
        destinationUnits >= sourceUnits && sampleFound == sampled && added + alreadyPresent == read && ingestedFilesCopied == ingestedFiles
    }
}

/// Copies a memory into another, in either direction between SQLite and PostgreSQL, as a stream:
/// units are read in the order they were added and written in one transaction (so a copy that
/// fails leaves the destination as it was, and a copy into an empty PostgreSQL memory builds its
/// indexes once at the end), and memory stays flat whatever the size. The destination
/// de-duplicates, so copying again adds nothing.
public enum MemoryCopy {
    /// Units between two progress reports.
    public static let batchSize = 2000

    public static func copy(from source: any MemoryStore, to destination: any MemoryStore, samples: Int = 200,
                            progress: @Sendable (Int) -> Void = { _ in }) throws -> MemoryCopyReport {
        guard source.location != destination.location else {
            throw PipelineError(.usage, "\(source.location): the source and the destination are the same memory")
        }
        let start = Date()
        var report = MemoryCopyReport()
        do {
            let total = try source.statistics().units
            let every = max(1, total / max(1, samples))
            var sample: [TranslationUnit] = []
            let result = try destination.add(streaming: { add in
                // (Run again from the start when the destination retries its transaction.)
                report.read = 0
                sample.removeAll()
                _ = try source.forEachUnit(ExportFilter()) { unit in
                    if report.read % every == 0 && sample.count < samples { sample.append(unit) }
                    report.read += 1
                    try add(unit, nil)
                    if report.read % batchSize == 0 { progress(report.read) }
                }
            })
            report.added = result.added
            report.alreadyPresent = result.alreadyPresent
            // The ingested-file records, after the units they vouch for, with their dates.
            let files = try source.ingestedFiles()
            report.ingestedFiles = files.count
            for (date, group) in Dictionary(grouping: files, by: \.at).sorted(by: { $0.key < $1.key }) {
                try destination.recordIngested(group.map(\.file), at: date)
            }
            report.ingestedFilesCopied = try destination.ingestedContent(among: files.map(\.file.contentHash)).count
            report.sourceUnits = try source.statistics().units
            report.destinationUnits = try destination.statistics().units
            for unit in sample {
                report.sampled += 1
                if try holds(destination, unit) { report.sampleFound += 1 }
            }
        } catch let error as PipelineError { throw error } catch { throw PipelineError(memory: error) }
        report.seconds = Date().timeIntervalSince(start)
        return report
    }

    /// True when `memory` holds `unit`: an exact lookup of its first variant finds a unit with the
    /// same texts, status, relation, confidence and (at least) the same sources.
    static func holds(_ memory: any MemoryStore, _ unit: TranslationUnit) throws -> Bool {
        guard let first = unit.variants.first else { return false }
        let matches = try memory.lookup(first.text, options: LookupOptions(from: first.baseLanguage, mode: .exact, limit: 50,
                                                                           relations: Set(UnitRelation.allCases)))
        for match in matches {
            guard let stored = try memory.unit(id: match.unitID) else { continue }
            if stored.variants.map(\.text) == unit.variants.map(\.text) && stored.status == unit.status && stored.relation == unit.relation
                && stored.confidence == unit.confidence && Set(unit.provenance).isSubset(of: Set(stored.provenance)) {
                return true
            }
        }
        return false
    }
}
