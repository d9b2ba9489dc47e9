import Foundation
import KakehashiAlign
public import KakehashiLexicon
import KakehashiMemory
import KakehashiPipeline
import KakehashiText

/// Translated documents ingested as article files, as `eval pairs` reads them (each side of each
/// document its own file, plain and with the perturbations of `eval align`): how many of the units
/// `ingest` would store are right, how many of the gold pairs it stores, and how many it labels
/// `translation`. A unit is right when its two texts lie within the two sides of one gold bead
/// (the reader may cut a sentence of the data in two: each part is then a unit of its own).
public enum FileIngestEvaluation {
    public struct Counts: Sendable {
        public var stored = 0, right = 0, gold = 0, found = 0, translations = 0
        public var precision: Double { stored == 0 ? 0 : Double(right) / Double(stored) }
        public var recall: Double { gold == 0 ? 0 : Double(found) / Double(gold) }
        public var translationShare: Double { stored == 0 ? 0 : Double(translations) / Double(stored) }
    }

    /// This release (links of at least `minimumConfidence`) and the release before relations
    /// (in-order beads of at least 0.6, all translations), on the same corpora.
    public static func run(
        _ documents: [(ParallelDocument, AlignmentEvaluation.Side)], lexicon: Lexicon,
        minimumConfidence: Double
    ) throws -> (now: Counts, before: Counts) {
        var now = Counts(), before = Counts()
        let settings: [(Double, Double, [UInt64])] = [
            (0, 0, [7]), (0.10, 0.10, [7, 11, 23]), (0.35, 0.25, [7, 11, 23]),
        ]
        for side in AlignmentEvaluation.Side.allCases {
            let chosen = documents.filter { $0.1 == side }.map(\.0)
            for (drop, merge, seeds) in settings {
                for seed in seeds {
                    let tasks = AlignmentEvaluation.tasks(chosen, side: side, drop: drop, merge: merge, seed: seed)
                    let (a, b) = try measure(tasks, lexicon: lexicon, minimumConfidence: minimumConfidence)
                    now.add(a)
                    before.add(b)
                }
            }
        }
        return (now, before)
    }

    /// The text without white space (the reader may join or re-space lines).
    static func squeeze(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.properties.isWhitespace }))
    }

    static func measure(
        _ tasks: [AlignmentTask], lexicon: Lexicon, minimumConfidence: Double
    ) throws -> (Counts, Counts) {
        var inputs: [CorpusInput] = []
        var gold: [(en: String, ja: String)] = []
        for (k, task) in tasks.enumerated() {
            inputs.append(
                CorpusInput(name: "\(k).en", bytes: Array((task.english.joined(separator: "\n\n") + "\n").utf8)))
            inputs.append(
                CorpusInput(name: "\(k).ja", bytes: Array((task.japanese.joined(separator: "\n\n") + "\n").utf8)))
            for bead in task.gold where !bead.en.isEmpty && !bead.ja.isEmpty {
                gold.append(
                    (
                        squeeze(bead.en.map { task.english[$0] }.joined()),
                        squeeze(bead.ja.map { task.japanese[$0] }.joined())
                    ))
            }
        }
        let corpus = try Corpus(inputs: inputs)
        let pairing = try Ingestor(lexicon: lexicon).pair(corpus)
        let current = Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: minimumConfidence))
        let previous = Ingestor(lexicon: lexicon, options: IngestOptions(minimumConfidence: 0.6))
        let all = try onEveryCore(pairing.pairs.count) { k in
            let pair = pairing.pairs[k]
            let en = pairing.anchors(of: pair.en, language: .en), ja = pairing.anchors(of: pair.ja, language: .ja)
            let links = RelationLinker(lexicon: lexicon).links(english: en, japanese: ja)
            let beads = SentenceAligner(lexicon: lexicon).align(english: en, japanese: ja)
                .map { RelationLink(en: $0.en, ja: $0.ja, relation: .translation, confidence: $0.score) }
            return (
                current.units(pair: pair, links: links, corpus: corpus, otherWordings: []).units,
                previous.units(pair: pair, links: beads, corpus: corpus, otherWordings: []).units
            )
        }
        func count(_ units: [TranslationUnit]) -> Counts {
            var c = Counts()
            c.gold = gold.count
            var found = Set<Int>()
            for unit in units {
                guard let en = unit.variant(in: "en")?.text, let ja = unit.variant(in: "ja")?.text else { continue }
                let e = squeeze(en), j = squeeze(ja)
                c.stored += 1
                if unit.relation == .translation { c.translations += 1 }
                if let k = gold.indices.first(where: { gold[$0].en.contains(e) && gold[$0].ja.contains(j) }) {
                    c.right += 1; found.insert(k)
                }
            }
            c.found = found.count
            return c
        }
        return (count(all.flatMap(\.0)), count(all.flatMap(\.1)))
    }
}

extension FileIngestEvaluation.Counts {
    mutating func add(_ other: FileIngestEvaluation.Counts) {
        stored += other.stored; right += other.right; gold += other.gold; found += other.found;
        translations += other.translations
    }
}
