import Foundation
import KakehashiAlign
public import KakehashiLexicon
public import KakehashiPipeline

/// Document pairing on translated documents: each side of each document is its own file, every
/// file is read as the pipeline reads articles, and a proposed English–Japanese pair is right
/// when both come from the same document.
public enum PairingEvaluation {
    /// Recall over the true pairs and precision over the pairs proposed.
    public struct Report: Sendable {
        public let documents: Int
        public let proposed: Int
        public let correct: Int
        public let seconds: Double
        /// The documents with a partner left unpaired or paired wrongly, by id.
        public var missed: [String] = []
        public var recall: Double { documents == 0 ? 0 : Double(correct) / Double(documents) }
        public var precision: Double { proposed == 0 ? 0 : Double(correct) / Double(proposed) }
    }

    /// The corpus of `documents`: files "K.en" and "K.ja" for document K.
    /// With `orphans`, every second document (the odd ones) has its Japanese file only: a pair
    /// it gets is wrong, and it counts in neither the documents nor the right pairs.
    public static func corpus(_ documents: [ParallelDocument], orphans: Bool = false) throws -> Corpus {
        var inputs: [CorpusInput] = []
        for (k, document) in documents.enumerated() {
            if !orphans || k % 2 == 0 {
                inputs.append(
                    CorpusInput(name: "\(k).en", bytes: Array((document.english.joined(separator: "\n\n") + "\n").utf8))
                )
            }
            inputs.append(
                CorpusInput(name: "\(k).ja", bytes: Array((document.japanese.joined(separator: "\n\n") + "\n").utf8)))
        }
        return try Corpus(inputs: inputs)
    }

    /// Pairs the documents and counts the right pairs (a file read as several blocks counts once:
    /// a pair is the two files).
    public static func run(_ documents: [ParallelDocument], orphans: Bool = false, lexicon: Lexicon) throws -> Report {
        let start = Date()
        let corpus = try self.corpus(documents, orphans: orphans)
        let result = try Ingestor(lexicon: lexicon).pair(corpus)
        let (proposed, correct) = tally(result.pairs, in: corpus)
        let partnered = orphans ? (documents.count + 1) / 2 : documents.count
        let right = Set(pairedWithPartner(result.pairs, in: corpus).compactMap { Int($0) })
        var report = Report(
            documents: partnered, proposed: proposed, correct: correct, seconds: Date().timeIntervalSince(start))
        report.missed = documents.indices.filter { (!orphans || $0 % 2 == 0) && !right.contains($0) }
            .map { documents[$0].id }
        return report
    }

    /// The documents whose two files ("NAME.en", "NAME.ja") `pairs` joins, by NAME.
    static func pairedWithPartner(_ pairs: [DocumentPair], in corpus: Corpus) -> Set<String> {
        var names = Set<String>()
        for pair in pairs {
            let en = corpus.documents[pair.en].file, ja = corpus.documents[pair.ja].file
            if en.hasSuffix(".en"), ja.hasSuffix(".ja"), en.dropLast(3) == ja.dropLast(3) {
                names.insert(String(en.dropLast(3)))
            }
        }
        return names
    }

    /// The distinct file pairs among `pairs`, and how many join the English and the Japanese file
    /// of one document: files named alike but for an `en` and a `ja` part (`K.en`, `K.ja.txt`).
    /// An English file that reads as the same sentences as the true partner is right too: two
    /// runs of one story that differ only in lines dropped as furniture (a related-stories list)
    /// are one document once read, and nothing can tell them apart.
    static func tally(_ pairs: [DocumentPair], in corpus: Corpus) -> (proposed: Int, correct: Int) {
        // Each file's documents, so that the sentences of only the files compared are read.
        var documentsOfFile: [String: [Int]] = [:]
        for (k, d) in corpus.documents.enumerated() { documentsOfFile[d.file, default: []].append(k) }
        func read(_ file: String) -> [String] {
            (documentsOfFile[file] ?? []).flatMap { corpus.documents[$0].sentences.map(\.text) }
        }
        func document(_ file: String, _ language: String) -> String? {
            var parts = file.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let i = parts.lastIndex(of: language) else { return nil }
            parts.remove(at: i)
            return parts.joined(separator: ".")
        }
        var englishFile: [String: String] = [:]
        for file in corpus.files { if let d = document(file, "en") { englishFile[d] = file } }
        var proposed = Set<String>(), correct = 0
        for pair in pairs {
            let en = corpus.documents[pair.en].file, ja = corpus.documents[pair.ja].file
            guard proposed.insert(en + "\t" + ja).inserted else { continue }
            guard let d = document(ja, "ja") else { continue }
            if document(en, "en") == d || englishFile[d].map({ read($0) == read(en) }) == true { correct += 1 }
        }
        return (proposed.count, correct)
    }
}
