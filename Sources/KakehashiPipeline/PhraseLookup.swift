import Foundation
public import KakehashiAlign
public import KakehashiLexicon
public import KakehashiMemory

/// A lookup's answer: the matches and, for each, the phrases of its counterpart that the lexicon
/// links to the query's words.
public struct LookupAnswer: Sendable {
    public let query: String
    public let matches: [LookupMatch]
    /// `phrases[k]` belongs to `matches[k]`.
    public let phrases: [[LinkedPhrase]]
    /// Whether the lookup stopped at its deadline, so that better matches may have been missed.
    public var truncated = false

    /// `{"query","matches":[{"id","score","kind","source","target","source_lang","target_lang",
    /// "confidence","provenance","differences"?,"highlight"?,"phrases"}],"truncated"?}`, keys in
    /// that order; `"truncated": true` only when the lookup stopped at its deadline.
    public var json: String {
        var fields = [("query", JSON.string(query)), ("matches", JSON.array(matches.indices.map(matchJSON)))]
        if truncated { fields.append(("truncated", "true")) }
        return JSON.object(fields)
    }

    /// Match `index` as one object of `json`'s "matches".
    public func matchJSON(_ index: Int) -> String {
        let m = matches[index]
        var provenance: [(String, String)] = [("status", JSON.string(m.status.rawValue))]
        if let method = m.method { provenance.append(("method", JSON.string(method))) }
        provenance.append(
            (
                "sources",
                JSON.array(
                    m.provenance.map { p in
                        var f: [(String, String)] = [("file", JSON.string(p.sourceFile))]
                        if let d = p.document { f.append(("document", JSON.string(d))) }
                        if let s = p.sentences { f.append(("sentences", JSON.string(s))) }
                        if let u = p.url { f.append(("url", JSON.string(u))) }
                        return JSON.object(f)
                    })
            ))
        var fields: [(String, String)] = [
            ("id", String(m.unitID)), ("score", String(m.score)), ("kind", JSON.string(m.kind.rawValue)),
            ("source", JSON.string(m.source)),
            ("target", JSON.string(m.target)), ("source_lang", JSON.string(m.sourceLanguage)),
            ("target_lang", JSON.string(m.targetLanguage)),
            ("confidence", m.confidence.map { String(format: "%.3f", $0) } ?? "null"),
            ("relation", JSON.string(m.relation.rawValue)),
            ("provenance", JSON.object(provenance)),
        ]
        if !m.differences.isEmpty {
            fields.append(
                (
                    "differences",
                    JSON.array(
                        m.differences.map {
                            JSON.object([("query", JSON.string($0.query)), ("match", JSON.string($0.match))])
                        })
                ))
        }
        if let h = m.highlight {
            fields.append(("highlight", JSON.array([String(h.lowerBound), String(h.upperBound)])))
        }
        fields.append(
            (
                "phrases",
                JSON.array(
                    phrases[index].map {
                        JSON.object([
                            ("query", JSON.string($0.query)), ("target", JSON.string($0.target)),
                            ("range", JSON.array([String($0.range.lowerBound), String($0.range.upperBound)])),
                        ])
                    })
            ))
        return JSON.object(fields)
    }
}

extension LookupAnswer {
    /// What `kakehashi lookup` prints: per match its kind, score and band, both texts (the query
    /// and the linked phrases in brackets), the phrases, the differing words and the first source.
    public var textLines: [String] {
        if matches.isEmpty { return ["no match for \"\(query)\""] }
        var lines: [String] = []
        for (m, linked) in zip(matches, phrases) {
            let band = m.kind == .fuzzy ? " [\(ScoreBand(score: m.score).rawValue)]" : ""
            let score = m.kind == .concordance ? "" : " \(m.score)%"
            lines.append(
                "\(m.kind.rawValue)\(score)\(band)  \(m.sourceLanguage)→\(m.targetLanguage)"
                    + (m.confidence.map { String(format: "  confidence %.2f", $0) } ?? "")
                    + "  (\(m.status.rawValue), \(m.relation.rawValue))")
            lines.append("  \(m.sourceLanguage): \(Self.mark(m.source, m.highlight.map { [$0] } ?? []))")
            lines.append("  \(m.targetLanguage): \(Self.mark(m.target, linked.map(\.range)))")
            if !linked.isEmpty {
                lines.append("  phrases: " + linked.map { "\($0.query) ↔ \($0.target)" }.joined(separator: ", "))
            }
            if !m.differences.isEmpty {
                lines.append(
                    "  differs: "
                        + m.differences.map { d in
                            d.query.isEmpty
                                ? "{+\(d.match)+}" : d.match.isEmpty ? "[-\(d.query)-]" : "[-\(d.query)-]{+\(d.match)+}"
                        }.joined(separator: " "))
            }
            if let p = m.provenance.first {
                lines.append(
                    "  from: \(p.sourceFile)" + (p.document.map { " \($0)" } ?? "")
                        + (m.provenance.count > 1 ? " (+\(m.provenance.count - 1) more)" : ""))
            }
        }
        return lines
    }

    /// `text` with each UTF-8 byte range in brackets.
    public static func mark(_ text: String, _ ranges: [Range<Int>]) -> String {
        let u = Array(text.utf8)
        var out: [UInt8] = []
        var at = 0
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound })
        where r.lowerBound >= at && r.upperBound <= u.count {
            out += u[at..<r.lowerBound] + Array("[".utf8) + u[r] + Array("]".utf8)
            at = r.upperBound
        }
        out += u[at...]
        return String(decoding: out, as: UTF8.self)
    }
}

/// Lookup with counterpart phrases: the memory's exact, fuzzy and concordance matches, each with
/// the phrases of its target that translate the query's words.
///
/// The lexicon is only read when there is a match, and a phrase linker (which compiles ICU rules
/// on first use) is made per call, so one `PhraseLookup` serves concurrent callers.
public struct PhraseLookup: Sendable {
    public let memory: any MemoryStore
    public let lexicon: Lexicon
    /// Linkers made once and reused (each holds ICU objects, which one thread uses at a time), so
    /// that a server's lookups build nothing per request.
    private let linkers: LinkerPool

    public init(memory: any MemoryStore, lexicon: Lexicon) {
        self.memory = memory
        self.lexicon = lexicon
        linkers = LinkerPool(lexicon: lexicon)
    }

    /// The memory's matches for `query`, each with the counterpart phrases of the query's words
    /// (of the matches in `linking` only, when given: a page of a longer list).
    /// - Throws: `PipelineError` from the memory: `.badData` for a damaged or newer memory, `.io` when
    ///   it cannot be read.
    public func lookup(
        _ query: String, options: LookupOptions = LookupOptions(), linking: Range<Int>? = nil
    ) async throws -> LookupAnswer {
        let result: LookupResult
        do { result = try await memory.matches(for: query, options: options) } catch {
            throw PipelineError(memory: error)
        }
        let matches = result.matches
        guard !matches.isEmpty else {
            return LookupAnswer(query: query, matches: [], phrases: [], truncated: result.truncated)
        }
        let linked = linking.map { $0.clamped(to: matches.indices) } ?? matches.indices
        let linker = linkers.take()
        defer { linkers.give(linker) }
        do {
            let phrases = try matches.indices.map { k in
                linked.contains(k)
                    ? try linker.link(query: query, queryLanguage: matches[k].sourceLanguage, target: matches[k].target)
                    : []
            }
            return LookupAnswer(query: query, matches: matches, phrases: phrases, truncated: result.truncated)
        } catch { throw PipelineError(.io, "linking phrases failed: \(error)") }
    }
}

/// Phrase linkers for concurrent lookups: `take` hands out an idle one (or makes one when all
/// are busy), `give` returns it. A linker is made at most once per concurrent lookup.
final class LinkerPool: @unchecked Sendable {
    private let lexicon: Lexicon
    private let lock = NSLock()
    private var idle: [PhraseLinker] = []

    init(lexicon: Lexicon) { self.lexicon = lexicon }

    func take() -> PhraseLinker {
        lock.lock()
        let linker = idle.popLast()
        lock.unlock()
        return linker ?? PhraseLinker(lexicon: lexicon)
    }

    func give(_ linker: PhraseLinker) {
        lock.lock()
        idle.append(linker)
        lock.unlock()
    }
}
