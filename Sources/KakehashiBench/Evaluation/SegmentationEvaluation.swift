import Foundation
import ICUKit
import KakehashiPipeline
import KakehashiText

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
        guard let data = FileManager.default.contents(atPath: path) else { throw PipelineError(.noInput, "\(path): no such file") }
        do { return try JSONDecoder().decode([GoldenRule].self, from: data) } catch {
            throw PipelineError(.badData, "\(path): not a golden-rules file: \(error)")
        }
    }

    /// The sentences the segmenter gives for `text`, as the scorer compares them.
    public static func sentences(_ text: String, language: Language, segmenter: SentenceSegmenter) throws -> [String] {
        try segmenter.segment(text, language: language).map { $0.text(in: text).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The peer: ICU's sentence iterator alone, for the language's locale, with no rule on top.
    public static func icuSentences(_ text: String, language: Language) throws -> [String] {
        let iterator = try BreakIterator(.sentence, locale: language == .ja ? "ja" : "en")
        let units = Array(text.utf16)
        let boundaries = units.withUnsafeBufferPointer { iterator.boundaries(in: $0) }
        var sentences: [String] = [], start = 0
        for end in boundaries where end > start {
            sentences.append(String(decoding: units[start..<end], as: UTF16.self))
            start = end
        }
        return sentences.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Which segmenter to score.
    public enum Segmenter: String, Sendable, CaseIterable {
        /// Kakehashi's: ICU's boundaries with the rule layer.
        case kakehashi
        /// ICU 72's sentence iterator alone.
        case icu
    }

    /// The four sets the README reports: the 52 English rules, pySBD's 48 of them, the 5 Japanese
    /// rules and the 4 extra Japanese cases.
    public static func run(folder: String, segmenter which: Segmenter = .kakehashi) throws -> [SetResult] {
        let english = try rules(folder + "/golden-rules-en.json"), japanese = try rules(folder + "/golden-rules-ja.json")
        let segmenter = try SentenceSegmenter()
        func evaluate(_ name: String, _ rules: [GoldenRule], _ language: Language) throws -> SetResult {
            var failures: [(rule: GoldenRule, got: [String])] = []
            for rule in rules {
                let got = which == .icu ? try icuSentences(rule.input, language: language)
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
