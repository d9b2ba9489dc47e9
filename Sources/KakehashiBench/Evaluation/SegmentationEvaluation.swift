import Foundation
import ICUKit
import KakehashiPipeline
public import KakehashiText

/// One golden rule of sentence segmentation: an input and the sentences it must give.
public struct GoldenRule: Sendable, Decodable {
    public let id: String
    public let name: String
    public let input: String
    public let expected: [String]
    /// One of the rules proper (false for the extra Japanese cases).
    public let golden: Bool
    /// One of the 48 rules of pySBD's benchmark (English only).
    public let inPySBD48: Bool?

    enum CodingKeys: String, CodingKey {
        case id, name, input, expected, golden
        case inPySBD48 = "in_pysbd48"
    }
}

/// The golden-rule evaluation of the sentence segmenter: a rule passes when the sentences, each
/// stripped of surrounding white space and empty ones dropped, are exactly the expected ones.
public enum SegmentationEvaluation {
    /// A named set of rules and the ones that failed.
    public struct SetResult: Sendable {
        public let name: String
        public let total: Int
        public let failures: [(rule: GoldenRule, got: [String])]
        public var passed: Int { total - failures.count }
    }

    /// The rules of a JSON file (an array of rule objects).
    public static func rules(_ path: String) throws -> [GoldenRule] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.noInput, "\(path): no such file")
        }
        do { return try JSONDecoder().decode([GoldenRule].self, from: data) } catch {
            throw PipelineError(.badData, "\(path): not a golden-rules file: \(error)")
        }
    }

    /// The sentences the segmenter gives for `text`, as the scorer compares them.
    public static func sentences(_ text: String, language: Language, segmenter: SentenceSegmenter) throws -> [String] {
        try segmenter.segment(text, language: language).map {
            $0.text(in: text).trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
    }

    /// The peer: ICU's sentence iterator alone, for the language's locale, with no rule on top.
    public static func icuSentences(_ text: String, language: Language) throws -> [String] {
        let units = Array(text.utf16)
        let boundaries = try icuBoundaries(units, language: language)
        var sentences: [String] = [], start = 0
        for end in boundaries where end > start {
            sentences.append(String(decoding: units[start..<end], as: UTF16.self))
            start = end
        }
        return sentences.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// ICU 72's sentence boundaries (UTF-16 offsets) for the language's locale, no rule on top.
    static func icuBoundaries(_ units: [UInt16], language: Language) throws -> [Int] {
        let iterator = try BreakIterator(.sentence, locale: language == .ja ? "ja" : "en")
        return units.withUnsafeBufferPointer { iterator.boundaries(in: $0) }
    }

    /// Which segmenter to score.
    public enum Segmenter: String, Sendable, CaseIterable {
        /// Kakehashi's: ICU's boundaries with the rule layer.
        case kakehashi
        /// ICU 72's sentence iterator alone.
        case icu
    }

    /// The four sets docs/reading.md reports: the 52 English rules, pySBD's 48 of them, the 5 Japanese
    /// rules and the 4 extra Japanese cases.
    public static func run(folder: String, segmenter which: Segmenter = .kakehashi) throws -> [SetResult] {
        let english = try rules(folder + "/golden-rules-en.json"),
            japanese = try rules(folder + "/golden-rules-ja.json")
        let segmenter = try SentenceSegmenter()
        func evaluate(_ name: String, _ rules: [GoldenRule], _ language: Language) throws -> SetResult {
            var failures: [(rule: GoldenRule, got: [String])] = []
            for rule in rules {
                let got =
                    which == .icu
                    ? try icuSentences(rule.input, language: language)
                    : try sentences(rule.input, language: language, segmenter: segmenter)
                if got != rule.expected {
                    failures.append((rule, got))
                }
            }
            return SetResult(name: name, total: rules.count, failures: failures)
        }
        return [
            try evaluate("English golden rules", english, .en),
            try evaluate("pySBD's 48", english.filter { $0.inPySBD48 == true }, .en),
            try evaluate("Japanese golden rules", japanese.filter(\.golden), .ja),
            try evaluate("Japanese extra cases", japanese.filter { !$0.golden }, .ja),
        ]
    }
}

/// Sentence-boundary recall on running text laid out as articles are: each document's reference
/// sentences are joined (a line break after one without final punctuation, otherwise a space
/// between English ones and nothing between Japanese ones) and segmented again; a reference
/// boundary is found when a sentence starts exactly there. Precision counts the proposed
/// boundaries that are reference ones (a reference "sentence" may hold two, so it is a lower bound).
public enum BoundaryEvaluation {
    /// Boundaries found per language, with the positions where one was missed.
    public struct Result: Sendable {
        public let language: Language
        public var documents = 0
        public var reference = 0
        public var proposed = 0
        public var found = 0
        /// Up to 20 missed boundaries after punctuation: the text around the place (`|` marks it).
        public var misses: [String] = []
        /// Up to 40 boundaries proposed where the reference has none, the same way.
        public var extras: [String] = []
        public var recall: Double { reference == 0 ? 0 : Double(found) / Double(reference) }
        public var precision: Double { proposed == 0 ? 0 : Double(found) / Double(proposed) }
    }

    /// Scores the segmenter on both sides of the documents of the given JSON-lines files.
    public static func run(
        files: [String], segmenter which: SegmentationEvaluation.Segmenter = .kakehashi
    ) throws -> [Result] {
        let documents = try files.flatMap(ParallelDocument.read)
        let segmenter = try SentenceSegmenter()
        return try [Language.en, .ja].map { language in
            var result = Result(language: language)
            for document in documents {
                let sentences = (language == .en ? document.english : document.japanese)
                    .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                guard sentences.count > 1 else { continue }
                var text = "", gold = Set<Int>(), offset = 0
                for (k, sentence) in sentences.enumerated() {
                    if k > 0 {
                        let separator = BoundaryEvaluation.separator(after: sentences[k - 1], language: language)
                        text += separator
                        offset += separator.utf16.count
                        gold.insert(offset)
                    }
                    text += sentence; offset += sentence.utf16.count
                }
                let starts = try sentenceStarts(text, language: language, which: which, segmenter: segmenter)
                result.documents += 1
                result.reference += gold.count
                result.proposed += starts.count
                result.found += starts.intersection(gold).count
                let units = Array(text.utf16)
                for missed in gold.subtracting(starts).sorted() where result.misses.count < 20 {
                    let before = String(decoding: units[max(0, missed - 40)..<missed], as: UTF16.self)
                    let after = String(decoding: units[missed..<min(units.count, missed + 40)], as: UTF16.self)
                    // Headlines run into the text with no punctuation: no segmenter can find those.
                    guard let last = before.trimmingCharacters(in: .whitespaces).unicodeScalars.last,
                        ".!?。！？」』”\")…:：".unicodeScalars.contains(last)
                    else { continue }
                    result.misses.append(before + "|" + after)
                }
                for extra in starts.subtracting(gold).sorted() where result.extras.count < 40 {
                    let before = String(decoding: units[max(0, extra - 40)..<extra], as: UTF16.self)
                    let after = String(decoding: units[extra..<min(units.count, extra + 40)], as: UTF16.self)
                    result.extras.append(before + "|" + after)
                }
            }
            return result
        }
    }

    /// What comes between a sentence and the next as articles are laid out: a line break after a
    /// line without final punctuation (a headline, a byline, a price line), otherwise a space
    /// between English sentences and nothing between Japanese ones.
    static func separator(after sentence: String, language: Language) -> String {
        guard let last = sentence.unicodeScalars.last, finalPunctuation.contains(last) else { return "\n" }
        return language == .en ? " " : ""
    }

    /// What ends a sentence: terminators, and the closing quotes and brackets after one.
    static let finalPunctuation = Set(".!?。！？」』”\")）)…".unicodeScalars)

    /// UTF-16 offsets where a sentence other than the first starts.
    static func sentenceStarts(
        _ text: String, language: Language, which: SegmentationEvaluation.Segmenter,
        segmenter: SentenceSegmenter
    ) throws -> Set<Int> {
        switch which {
        case .kakehashi:
            return Set(try segmenter.segment(text, language: language).map(\.utf16Range.lowerBound).filter { $0 > 0 })
        case .icu:
            let units = Array(text.utf16)
            var starts = Set<Int>()
            for boundary in try SegmentationEvaluation.icuBoundaries(units, language: language)
            where boundary < units.count {
                var start = boundary
                while start < units.count, let scalar = Unicode.Scalar(units[start]), scalar.properties.isWhitespace {
                    start += 1
                }
                if start > 0 && start < units.count { starts.insert(start) }
            }
            return starts
        }
    }
}
