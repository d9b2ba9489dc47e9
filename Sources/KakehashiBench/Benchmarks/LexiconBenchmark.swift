import ICUKit
public import KakehashiLexicon
import Foundation
import KakehashiText

/// What `kakehashi bench lexicon` measures: the build, the load, anchor extraction speed against
/// ICU word segmentation of the same sentences, and how much shared anchors prove (true sentence
/// pairs against shuffled ones).
public struct LexiconBenchmarkReport: Sendable {
    public var buildSeconds: Double?
    public var bytes: Int
    public var loadSeconds: Double
    public var sentences: Int
    public var anchors: Int
    public var anchorSeconds: Double
    /// The peer: ICU's word break iterator over the same sentences (both languages).
    public var icuWordSeconds: Double
    /// Matched anchor pairs per kind over the true pairs and over as many shuffled pairs.
    public var truePairs: [AnchorKind: Int]
    public var shuffledPairs: [AnchorKind: Int]
    /// True sentence pairs whose anchor score beats the shuffled pair with the same English sentence.
    public var trueWins: Int
    public var ties: Int
    public var pairCount: Int

    /// Of the anchors matched on true pairs, the share that chance does not explain:
    /// 1 − shuffled / true, for one kind or (nil) all kinds.
    public func precision(_ kind: AnchorKind?) -> Double {
        let t = kind.map { truePairs[$0] ?? 0 } ?? truePairs.values.reduce(0, +)
        let s = kind.map { shuffledPairs[$0] ?? 0 } ?? shuffledPairs.values.reduce(0, +)
        return t == 0 ? 0 : 1 - Double(s) / Double(t)
    }
}

/// Runs the lexicon benchmark on sentence pairs grouped by document.
public enum LexiconBenchmark {
    /// `documents`: each a list of (English, Japanese) translation pairs. Shuffled pairs join each
    /// English sentence with the Japanese sentence half a document away (same document, same topic,
    /// so shared names and terms there are the hard kind of chance).
    public static func run(
        lexiconPath: String, rebuild: Bool, documents: [[(en: String, ja: String)]],
        progress: (String) -> Void = { _ in }
    ) throws -> LexiconBenchmarkReport {
        var buildSeconds: Double?
        if rebuild || Lexicon.needsBuild(at: lexiconPath) {
            progress("building \(lexiconPath)")
            let start = Date()
            _ = try LexiconBuilder.build(to: lexiconPath, progress: progress)
            buildSeconds = Date().timeIntervalSince(start)
        }
        let loadStart = Date()
        let lexicon = try Lexicon(path: lexiconPath)
        let loadSeconds = Date().timeIntervalSince(loadStart)
        let matcher = AnchorMatcher(lexicon: lexicon)

        progress("extracting anchors")
        let sentences = documents.flatMap { $0 }
        let anchorStart = Date()
        var jaAnchors: [[Anchor]] = [], enAnchors: [[Anchor]] = []
        var anchorCount = 0
        for pair in sentences {
            let ja = try matcher.anchors(japanese: pair.ja), en = try matcher.anchors(english: pair.en)
            jaAnchors.append(ja); enAnchors.append(en)
            anchorCount += ja.count + en.filter { $0.kind != .term }.count
        }
        let anchorSeconds = Date().timeIntervalSince(anchorStart)

        let segmenterJA = try WordSegmenter(locale: "ja"), segmenterEN = try WordSegmenter(locale: "en")
        let icuStart = Date()
        for pair in sentences {
            _ = try segmenterJA.segment(pair.ja)
            _ = try segmenterEN.segment(pair.en)
        }
        let icuSeconds = Date().timeIntervalSince(icuStart)

        progress("scoring true and shuffled pairs")
        var truePairs: [AnchorKind: Int] = [:], shuffledPairs: [AnchorKind: Int] = [:]
        var wins = 0, ties = 0, pairCount = 0
        var base = 0
        for document in documents {
            let n = document.count
            if n >= 2 {
                for i in 0..<n {
                    let j = (i + max(1, n / 2)) % n
                    let real = AnchorMatcher.match(ja: jaAnchors[base + i], en: enAnchors[base + i])
                    let shuffled = AnchorMatcher.match(ja: jaAnchors[base + j], en: enAnchors[base + i])
                    for p in real.pairs { truePairs[p.kind, default: 0] += 1 }
                    for p in shuffled.pairs { shuffledPairs[p.kind, default: 0] += 1 }
                    let a = real.pairs.reduce(0) { $0 + $1.weight }, b = shuffled.pairs.reduce(0) { $0 + $1.weight }
                    if a > b { wins += 1 } else if a == b { ties += 1 }
                    pairCount += 1
                }
            }
            base += n
        }
        return LexiconBenchmarkReport(
            buildSeconds: buildSeconds, bytes: lexicon.statistics.bytes, loadSeconds: loadSeconds,
            sentences: sentences.count * 2, anchors: anchorCount, anchorSeconds: anchorSeconds,
            icuWordSeconds: icuSeconds, truePairs: truePairs, shuffledPairs: shuffledPairs,
            trueWins: wins, ties: ties, pairCount: pairCount)
    }
}
