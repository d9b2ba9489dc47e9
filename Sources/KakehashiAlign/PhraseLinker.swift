import Foundation
import KakehashiLexicon
import KakehashiText

/// A phrase of a looked-up query and the phrase of a stored translation that the lexicon links it
/// to ("first summit" ↔ 初の首脳会談, "future-oriented" ↔ 未来志向).
public struct LinkedPhrase: Sendable, Equatable {
    /// The words of the query.
    public var query: String
    /// The counterpart as written in the target text.
    public var target: String
    /// UTF-8 byte range of `target` in the target text.
    public var range: Range<Int>
}

/// Marks, in the counterpart of a translation-memory match, the phrases that translate words of
/// the query: what a translator looks for when looking up aligned phrasings.
///
/// Both texts are read for anchors (terms, names, numbers, dates). Query phrases are linked
/// longest first, each to the first unlinked target anchor sharing its key or one of its
/// alternatives, so "first summit" takes 初の首脳会談 before "summit" alone could take 首脳会議;
/// a target span is linked once.
public final class PhraseLinker {
    private let matcher: AnchorMatcher

    public init(lexicon: Lexicon) {
        matcher = AnchorMatcher(lexicon: lexicon)
    }

    /// The linked phrases of `query` (in `queryLanguage`, "en" or "ja") in `target` (the other
    /// language), in target order.
    public func link(query: String, queryLanguage: String, target: String) throws -> [LinkedPhrase] {
        let english = queryLanguage.lowercased().hasPrefix("en")
        let queryAnchors = english ? try matcher.anchors(english: query) : try matcher.anchors(japanese: query)
        let targetAnchors = english ? try matcher.anchors(japanese: target) : try matcher.anchors(english: target)
        // Longest query phrases first; anchors of a phrase's words come after it.
        let ordered = queryAnchors.enumerated().sorted {
            $0.element.text.count != $1.element.text.count ? $0.element.text.count > $1.element.text.count : $0.offset < $1.offset
        }.map(\.element)
        let targetBytes = Array(target.utf8)
        var taken: [Range<Int>] = []
        var usedQuery: [Range<Int>] = []
        var links: [LinkedPhrase] = []
        for q in ordered {
            guard let qRange = PhraseLinker.find(q.text, in: Array(query.utf8)), !usedQuery.contains(where: { $0.overlaps(qRange) }) else { continue }
            let keys = Set([q.key] + q.alternatives)
            for t in targetAnchors where t.kind == q.kind || t.kind == .term || q.kind == .term {
                guard keys.contains(t.key) || t.alternatives.contains(where: keys.contains) else { continue }
                guard let range = PhraseLinker.find(t.text, in: targetBytes, avoiding: taken) else { continue }
                taken.append(range)
                usedQuery.append(qRange)
                links.append(LinkedPhrase(query: q.text, target: String(decoding: targetBytes[range], as: UTF8.self), range: range))
                break
            }
        }
        return links.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The first occurrence of `needle` in `haystack` (ASCII letters compared without case) that
    /// overlaps none of `avoiding`.
    static func find(_ needle: String, in haystack: [UInt8], avoiding: [Range<Int>] = []) -> Range<Int>? {
        let n = Array(needle.utf8)
        guard !n.isEmpty, n.count <= haystack.count else { return nil }
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        var start = 0
        while start + n.count <= haystack.count {
            var k = 0
            while k < n.count, lower(haystack[start + k]) == lower(n[k]) { k += 1 }
            if k == n.count {
                let range = start..<(start + n.count)
                if !avoiding.contains(where: { $0.overlaps(range) }) { return range }
            }
            start += 1
        }
        return nil
    }
}
