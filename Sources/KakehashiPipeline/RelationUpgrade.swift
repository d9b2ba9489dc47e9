import Foundation
import KakehashiAlign
public import KakehashiLexicon
public import KakehashiMemory

/// Scores again the aligned units of a memory written before relations: each unit's relation and
/// calibrated confidence come from its stored English and Japanese texts, read as a document pair
/// of one sentence each (the articles are not read again: a re-ingest skips unchanged files, and
/// the files may be gone). Without its neighbours a unit has less evidence than at ingest, so its
/// confidence is lower than the same pair would get there.
public enum RelationUpgrade {
    /// Scores every unit without a relation, a page at a time; returns how many.
    /// - Throws: `PipelineError` from the memory (`.badData`, `.io`); units scored before the error keep
    ///   their relation.
    @discardableResult
    public static func run(
        _ memory: any MemoryStore, lexicon: Lexicon, progress: (Int) -> Void = { _ in }
    ) async throws -> Int {
        guard !memory.isReadOnly else { return 0 }
        let linker = RelationLinker(lexicon: lexicon)
        var after: Int64 = 0, done = 0
        while true {
            let page: [UnscoredUnit]
            do { page = try await memory.unitsWithoutRelation(after: after, limit: 2000) } catch {
                throw PipelineError(memory: error)
            }
            guard let last = page.last else { break }
            after = last.id
            var changes: [(id: Int64, relation: UnitRelation, confidence: Double)] = []
            for unit in page {
                let link = try? linker.links(english: [unit.english], japanese: [unit.japanese]).first
                changes.append(
                    (
                        unit.id, link.map { UnitRelation(rawValue: $0.relation.rawValue) ?? .related } ?? .related,
                        ((link?.confidence ?? 0) * 1000).rounded() / 1000
                    ))
            }
            do { try await memory.setRelations(changes) } catch { throw PipelineError(memory: error) }
            done += changes.count
            progress(done)
        }
        return done
    }
}
