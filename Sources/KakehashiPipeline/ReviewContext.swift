import Foundation
public import KakehashiMemory

/// A unit's neighbours in its source articles, found from the stored provenance alone (the
/// articles need not be on disk): for each side, the stored sentence just before it and just
/// after it in the same file, with the units they belong to.
public struct UnitContext: Sendable, Equatable {
    /// One side's article and its neighbouring sentences.
    public struct Side: Sendable, Equatable {
        public var language: String
        public var sourceFile: String
        /// Where the unit's sentences are ("lines 3-4").
        public var document: String?
        public var before: (unitID: Int64, text: String)?
        public var after: (unitID: Int64, text: String)?

        public static func == (a: Side, b: Side) -> Bool {
            a.language == b.language && a.sourceFile == b.sourceFile && a.document == b.document
                && a.before?.unitID == b.before?.unitID && a.before?.text == b.before?.text
                && a.after?.unitID == b.after?.unitID && a.after?.text == b.after?.text
        }
    }

    public var sides: [Side]

    /// The units of one article that context reads at most.
    public static let unitsPerArticle = 5000

    /// The context of `unit` (id `id`) in `memory`.
    /// - Throws: `PipelineError` for the memory's failures.
    public static func of(
        _ unit: TranslationUnit, id: Int64, in memory: any ReviewableMemory
    ) async throws -> UnitContext {
        var sides: [Side] = []
        do {
            for p in unit.provenance {
                guard let place = SentencePlace(p.sentences) else { continue }
                var side = Side(language: place.language, sourceFile: p.sourceFile, document: p.document)
                var before: (Int64, Int)?, after: (Int64, Int)?
                for other in try await memory.provenance(ofSourceFile: p.sourceFile, limit: unitsPerArticle)
                where other.unitID != id {
                    guard let at = SentencePlace(other.provenance.sentences), at.language == place.language else {
                        continue
                    }
                    if at.last < place.first, before.map({ at.last > $0.1 }) ?? true {
                        before = (other.unitID, at.last)
                    }
                    if at.first > place.last, after.map({ at.first < $0.1 }) ?? true {
                        after = (other.unitID, at.first)
                    }
                }
                func text(_ id: Int64?) async throws -> (unitID: Int64, text: String)? {
                    // A rejected pair's sentence is still the article's; a deleted unit's text is not shown.
                    guard let id, let neighbour = try await memory.unit(id: id), neighbour.status != .deleted,
                        let variant = neighbour.variants.first(where: {
                            $0.language.lowercased().split(separator: "-").first.map(String.init) == place.language
                        })
                    else { return nil }
                    return (id, variant.text)
                }
                side.before = try await text(before?.0)
                side.after = try await text(after?.0)
                sides.append(side)
            }
        } catch let error as PipelineError { throw error } catch { throw PipelineError(memory: error) }
        return UnitContext(sides: sides)
    }

    /// `{"sides":[{"lang","file","document","before":{"id","text"}|null,"after":…}]}`.
    public var json: String {
        func neighbour(_ n: (unitID: Int64, text: String)?) -> String {
            n.map { JSON.object([("id", String($0.unitID)), ("text", JSON.string($0.text))]) } ?? "null"
        }
        return JSON.object([
            (
                "sides",
                JSON.array(
                    sides.map {
                        JSON.object([
                            ("lang", JSON.string($0.language)), ("file", JSON.string($0.sourceFile)),
                            ("document", $0.document.map(JSON.string) ?? "null"), ("before", neighbour($0.before)),
                            ("after", neighbour($0.after)),
                        ])
                    })
            )
        ])
    }
}

/// Where a unit's sentences are in its document, as ingest records it: "en 3", "ja 3-4" or
/// "en 1,5" (a language and 0-based sentence numbers).
struct SentencePlace {
    var language: String
    var first: Int
    var last: Int

    init?(_ text: String?) {
        guard let text, let space = text.firstIndex(of: " ") else { return nil }
        let numbers = text[text.index(after: space)...].split(whereSeparator: { $0 == "-" || $0 == "," }).compactMap {
            Int($0)
        }
        guard let first = numbers.min(), let last = numbers.max() else { return nil }
        language = String(text[..<space])
        self.first = first
        self.last = last
    }
}
