import Foundation

/// Comparable documents made from translated ones, for training the relation model: the written
/// side keeps about three sentences in four of the original, leads with a later one, and writes
/// each kept sentence as the original's translation (a `translation`), cut at a clause boundary
/// (a `partial` one), cut and joined with part of another document's sentence (context the
/// original does not have: a `related` one), or joined with another kept sentence, neighbour or
/// not (a `partial` one); a sentence of another document stands for added background (no link).
public enum ComparableSynthesis {
    /// The synthetic tasks of `documents` (each with the side its shorter version is written in).
    public static func tasks(
        _ documents: [(ParallelDocument, AlignmentEvaluation.Side)], seed: UInt64
    ) -> [RelationTask] {
        var random = PythonRandom(seed: seed)
        var tasks: [RelationTask] = []
        for (k, (document, side)) in documents.enumerated() where document.pairs.count >= 5 {
            let writtenJapanese = side == .ja
            let original = writtenJapanese ? document.english : document.japanese
            let translation = writtenJapanese ? document.japanese : document.english
            var kept = original.indices.filter { _ in random.random() < 0.75 }
            if kept.count < 3 { kept = Array(original.indices.prefix(3)) }
            // Lead with the news: a later sentence moves to the front.
            if kept.count > 3 {
                let lead = kept.remove(at: 2 + Int(random.random() * Double(kept.count - 2)))
                kept.insert(lead, at: 0)
            }
            var written: [String] = [], links: [GoldLink] = []
            var used = Set<Int>()
            for (position, i) in kept.enumerated() where !used.contains(i) {
                used.insert(i)
                let r = random.random()
                let index = written.count
                if r < 0.35 {
                    written.append(translation[i])
                    links.append(link(index, [i], "translation", writtenJapanese))
                } else if r < 0.6, let cut = clause(of: translation[i], japanese: writtenJapanese, random: &random) {
                    written.append(cut)
                    links.append(link(index, [i], "partial", writtenJapanese))
                } else if r < 0.75, let cut = clause(of: translation[i], japanese: writtenJapanese, random: &random),
                    let context = background(for: k, side: side, documents, random: &random),
                    let added = clause(of: context, japanese: writtenJapanese, random: &random)
                {
                    // Part of the sentence, told with context the original does not have.
                    written.append(join(cut, added, japanese: writtenJapanese))
                    links.append(link(index, [i], "related", writtenJapanese))
                } else if r < 0.9, let other = kept[(position + 1)...].first(where: { !used.contains($0) }) {
                    used.insert(other)
                    let (a, b) = (min(i, other), max(i, other))
                    let first = clause(of: translation[a], japanese: writtenJapanese, random: &random) ?? translation[a]
                    let second =
                        clause(of: translation[b], japanese: writtenJapanese, random: &random) ?? translation[b]
                    written.append(join(first, second, japanese: writtenJapanese))
                    links.append(link(index, [a, b], "partial", writtenJapanese))
                } else {
                    // Background from another document.
                    guard let filler = background(for: k, side: side, documents, random: &random) else { continue }
                    written.append(filler)
                }
            }
            tasks.append(
                RelationTask(
                    id: "synthetic-\(document.id)", english: writtenJapanese ? original : written,
                    japanese: writtenJapanese ? written : original, written: writtenJapanese ? "ja" : "en", gold: links)
            )
        }
        return tasks
    }

    /// A sentence (not the headline) of another document written in the same language as
    /// document `k`'s written side, standing for background; nil when the drawn one is not.
    static func background(
        for k: Int, side: AlignmentEvaluation.Side, _ documents: [(ParallelDocument, AlignmentEvaluation.Side)],
        random: inout PythonRandom
    ) -> String? {
        let other = documents[(k + 1 + Int(random.random() * Double(documents.count - 1))) % documents.count]
        let sentences = other.1 == side ? (side == .ja ? other.0.japanese : other.0.english) : []
        return sentences.dropFirst().randomElement(using: &random)
    }

    static func link(_ written: Int, _ original: [Int], _ relation: String, _ writtenJapanese: Bool) -> GoldLink {
        writtenJapanese
            ? GoldLink(en: original, ja: [written], relation: relation)
            : GoldLink(en: [written], ja: original, relation: relation)
    }

    /// The sentence cut at a clause boundary between 35% and 75% of its length and closed as a
    /// sentence; nil when it has none there.
    static func clause(of sentence: String, japanese: Bool, random: inout PythonRandom) -> String? {
        let characters = Array(sentence)
        let lo = characters.count * 35 / 100, hi = characters.count * 75 / 100
        var cuts: [Int] = []
        for k in lo..<max(lo, hi) {
            if japanese {
                if characters[k] == "、" { cuts.append(k) }
            } else if characters[k] == ","
                || (characters[k] == " " && k + 4 < characters.count && String(characters[(k + 1)...(k + 4)]) == "and ")
            {
                cuts.append(k)
            }
        }
        guard !cuts.isEmpty else { return nil }
        let cut = cuts[Int(random.random() * Double(cuts.count)) % cuts.count]
        return String(characters[..<cut]).trimmingCharacters(in: .whitespaces) + (japanese ? "。" : ".")
    }

    static func join(_ a: String, _ b: String, japanese: Bool) -> String {
        if japanese { return (a.hasSuffix("。") ? String(a.dropLast()) + "、" : a) + b }
        return (a.hasSuffix(".") ? String(a.dropLast()) + ", and " : a + " ") + b.prefix(1).lowercased() + b.dropFirst()
    }
}

extension PythonRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 { UInt64(random() * Double(UInt64.max >> 11)) << 11 }
}
