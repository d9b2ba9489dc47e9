import Foundation
import KakehashiAlign
public import KakehashiLexicon
import KakehashiPipeline

/// A short document of the short-document set: a product page, a chat or a forum post, in
/// English, Japanese or both (`Evaluation/short/*.txt`).
public struct ShortDocument: Sendable {
    /// "GENRE/TOPIC/NAME".
    public let id: String
    public let english: String?
    public let japanese: String?

    /// The genre: the id's first part ("product", "chat", "forum").
    public var genre: String { String(id.split(separator: "/").first ?? "") }

    /// The documents of a set file: `=== ID` starts a document, `--- en` and `--- ja` its parts;
    /// `#` lines outside a document are comments. A malformed line is an error naming the file
    /// and the line.
    public static func read(_ path: String) throws -> [ShortDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.noInput, "\(path): no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PipelineError(.badData, "\(path): not UTF-8")
        }
        var documents: [ShortDocument] = []
        var id: String?, language: String?, parts: [String: [String]] = [:]
        func finish(at line: Int) throws {
            guard let current = id else { return }
            guard !parts.isEmpty else { throw PipelineError(.badData, "\(path):\(line): \(current) has no part") }
            documents.append(
                ShortDocument(
                    id: current, english: parts["en"].map { $0.joined(separator: "\n") + "\n" },
                    japanese: parts["ja"].map { $0.joined(separator: "\n") + "\n" }))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("=== ") {
                try finish(at: n + 1)
                id = String(line.dropFirst(4))
                language = nil
                parts = [:]
            } else if line.hasPrefix("--- ") {
                let part = String(line.dropFirst(4))
                guard id != nil, part == "en" || part == "ja", parts[part] == nil else {
                    throw PipelineError(
                        .badData, "\(path):\(n + 1): expected \"--- en\" or \"--- ja\" once in a document")
                }
                language = part
                parts[part] = []
            } else if let part = language {
                if !line.isEmpty { parts[part]!.append(line) }
            } else if !line.isEmpty && !line.hasPrefix("#") {
                throw PipelineError(.badData, "\(path):\(n + 1): text outside a document part")
            }
        }
        try finish(at: lines.count)
        return documents
    }
}

/// Document pairing on short documents of one genre at a time: every document of the genre is
/// its own file, all are paired together, and a pair is right when both sides are one document.
/// The other documents of the genre, on similar topics, are the distractors.
public enum ShortDocumentEvaluation {
    /// One genre's figures.
    public struct Report: Sendable {
        public let genre: String
        public let documents: Int
        public let proposed: Int
        public let correct: Int
        /// The documents with a partner that went unpaired or were paired wrongly.
        public let missed: [String]
        public var recall: Double { documents == 0 ? 0 : Double(correct) / Double(documents) }
        public var precision: Double { proposed == 0 ? 1 : Double(correct) / Double(proposed) }
    }

    /// Pairs each genre's documents on their own, and, as genre "all", every document together.
    public static func run(_ documents: [ShortDocument], lexicon: Lexicon) throws -> [Report] {
        var genres: [String] = []
        for d in documents where !genres.contains(d.genre) { genres.append(d.genre) }
        return try (genres + ["all"]).map { genre in
            try run(genre: genre, documents.filter { genre == "all" || $0.genre == genre }, lexicon: lexicon)
        }
    }

    static func run(genre: String, _ documents: [ShortDocument], lexicon: Lexicon) throws -> Report {
        var inputs: [CorpusInput] = []
        for d in documents {
            if let en = d.english { inputs.append(CorpusInput(name: d.id + ".en", bytes: Array(en.utf8))) }
            if let ja = d.japanese { inputs.append(CorpusInput(name: d.id + ".ja", bytes: Array(ja.utf8))) }
        }
        let corpus = try Corpus(inputs: inputs)
        let pairs = try Ingestor(lexicon: lexicon).pair(corpus).pairs
        let (proposed, correct) = PairingEvaluation.tally(pairs, in: corpus)
        let found = PairingEvaluation.pairedWithPartner(pairs, in: corpus)
        let partnered = documents.filter { $0.english != nil && $0.japanese != nil }
        return Report(
            genre: genre, documents: partnered.count, proposed: proposed, correct: correct,
            missed: partnered.map(\.id).filter { !found.contains($0) })
    }
}
