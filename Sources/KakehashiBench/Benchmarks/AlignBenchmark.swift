import KakehashiAlign
import Foundation
public import KakehashiLexicon
import KakehashiText

/// What `kakehashi bench align` measures: the time and peak memory of aligning two long
/// documents, split into anchor extraction and the dynamic programme, against ICU word
/// segmentation of the same sentences, and how many true pairs the alignment found.
public struct AlignBenchmarkReport: Sendable {
    public var englishSentences: Int
    public var japaneseSentences: Int
    /// Anchor extraction and profiles of both documents.
    public var profileSeconds: Double
    /// Ratio estimate, band and dynamic programme.
    public var alignSeconds: Double
    /// Cells the dynamic programme visited (the band), against the full table's m × n.
    public var bandCells: Int
    /// The peer: ICU's word break iterator over the same sentences.
    public var icuWordSeconds: Double
    /// Peak resident memory of the process so far, lexicon pages included.
    public var peakRSSMegabytes: Double
    /// Beads that are exactly a true 1-1 pair, out of `englishSentences` true pairs.
    public var truePairsFound: Int
    public var workers: Int

    public var totalSeconds: Double { profileSeconds + alignSeconds }
}

/// Runs the alignment benchmark on a long parallel document made of translation pairs.
public enum AlignBenchmark {
    /// English and Japanese documents of `count` sentences each, sentence k of one translating
    /// sentence k of the other, made by repeating `documents` in order (news documents of
    /// translation pairs, such as WMT21's) until `count` is reached.
    public static func corpus(_ documents: [[(en: String, ja: String)]], count: Int) -> (en: [String], ja: [String]) {
        let pairs = documents.flatMap { $0 }
        guard !pairs.isEmpty else { return ([], []) }
        var en: [String] = [], ja: [String] = []
        en.reserveCapacity(count)
        ja.reserveCapacity(count)
        for k in 0..<count {
            en.append(pairs[k % pairs.count].en)
            ja.append(pairs[k % pairs.count].ja)
        }
        return (en, ja)
    }

    public static func run(
        lexicon: Lexicon, english: [String], japanese: [String],
        progress: (String) -> Void = { _ in }
    ) throws -> AlignBenchmarkReport {
        let aligner = SentenceAligner(lexicon: lexicon)
        progress("anchors of \(english.count) + \(japanese.count) sentences")
        let profileStart = Date()
        let profiles = try SentenceProfiles(english: english, japanese: japanese, lexicon: lexicon)
        let profileSeconds = Date().timeIntervalSince(profileStart)
        progress("aligning")
        let alignStart = Date()
        let (beads, cells) = aligner.alignCountingCells(profiles)
        let alignSeconds = Date().timeIntervalSince(alignStart)
        let rss = ProcessStatistics.peakResidentMegabytes()

        progress("peer: ICU word segmentation")
        let segmenter = try WordSegmenter()
        let icuStart = Date()
        for sentence in english { _ = try segmenter.segment(sentence) }
        for sentence in japanese { _ = try segmenter.segment(sentence) }
        let icuSeconds = Date().timeIntervalSince(icuStart)

        let found = beads.filter { $0.en.count == 1 && $0.ja == $0.en }.count
        return AlignBenchmarkReport(
            englishSentences: english.count, japaneseSentences: japanese.count,
            profileSeconds: profileSeconds, alignSeconds: alignSeconds, bandCells: cells,
            icuWordSeconds: icuSeconds, peakRSSMegabytes: rss, truePairsFound: found,
            workers: ParallelAnchorExtractor.workerCount(sentences: english.count + japanese.count))
    }
}
