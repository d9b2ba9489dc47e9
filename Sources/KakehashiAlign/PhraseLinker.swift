import Foundation
public import KakehashiLexicon
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
    /// The last query read, with its anchors longest first and their places: a lookup links one
    /// query to several matches.
    private var lastQuery: (text: String, english: Bool, anchors: [(anchor: Anchor, range: Range<Int>)])?

    public init(lexicon: Lexicon) {
        matcher = AnchorMatcher(lexicon: lexicon)
    }

    /// The linked phrases of `query` (in `queryLanguage`, "en" or "ja") in `target` (the other
    /// language), in target order.
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func link(query: String, queryLanguage: String, target: String) throws -> [LinkedPhrase] {
        let english = queryLanguage.lowercased().hasPrefix("en")
        let queryAnchors = try anchors(ofQuery: query, english: english)
        // Nothing to link from: the target is not read.
        if queryAnchors.isEmpty { return [] }
        let targetAnchors = english ? try matcher.anchors(japanese: target) : try matcher.anchors(english: target)
        let targetBytes = Array(target.utf8)
        var taken: [Range<Int>] = []
        var usedQuery: [Range<Int>] = []
        var links: [LinkedPhrase] = []
        for (q, qRange) in queryAnchors where !usedQuery.contains(where: { $0.overlaps(qRange) }) {
            let keys = Set([q.key] + q.alternatives)
            for t in targetAnchors where t.kind == q.kind || t.kind == .term || q.kind == .term {
                guard keys.contains(t.key) || t.alternatives.contains(where: keys.contains) else { continue }
                guard let range = PhraseLinker.find(t.text, in: targetBytes, avoiding: taken) else { continue }
                taken.append(range)
                usedQuery.append(qRange)
                links.append(
                    LinkedPhrase(
                        query: q.text, target: String(decoding: targetBytes[range], as: UTF8.self), range: range))
                break
            }
        }
        return links.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// The query's anchors found in it, longest first (anchors of a phrase's words come after
    /// it), each with its first place in the query.
    private func anchors(ofQuery query: String, english: Bool) throws -> [(anchor: Anchor, range: Range<Int>)] {
        if let last = lastQuery, last.text == query, last.english == english { return last.anchors }
        let found = english ? try matcher.anchors(english: query) : try matcher.anchors(japanese: query)
        let queryBytes = Array(query.utf8)
        let ordered = found.map { ($0, $0.text.count) }.enumerated().sorted {
            $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset
        }
        let placed = ordered.compactMap { item -> (anchor: Anchor, range: Range<Int>)? in
            PhraseLinker.find(item.element.0.text, in: queryBytes).map { (item.element.0, $0) }
        }
        lastQuery = (query, english, placed)
        return placed
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
