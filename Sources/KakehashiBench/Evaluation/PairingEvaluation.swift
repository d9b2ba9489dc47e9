import Foundation
import KakehashiAlign
import KakehashiLexicon
import KakehashiPipeline

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
        public var recall: Double { documents == 0 ? 0 : Double(correct) / Double(documents) }
        public var precision: Double { proposed == 0 ? 0 : Double(correct) / Double(proposed) }
    }

    /// The corpus of `documents`: files "K.en" and "K.ja" for document K.
    public static func corpus(_ documents: [ParallelDocument]) throws -> Corpus {
        var inputs: [CorpusInput] = []
        for (k, document) in documents.enumerated() {
            inputs.append(CorpusInput(name: "\(k).en", bytes: Array((document.english.joined(separator: "\n\n") + "\n").utf8)))
            inputs.append(CorpusInput(name: "\(k).ja", bytes: Array((document.japanese.joined(separator: "\n\n") + "\n").utf8)))
        }
        return try Corpus(inputs: inputs)
    }

    /// Pairs the documents and counts the right pairs (a file read as several blocks counts once:
    /// a pair is the two files).
    public static func run(_ documents: [ParallelDocument], lexicon: Lexicon) throws -> Report {
        let start = Date()
        let corpus = try self.corpus(documents)
        let result: DocumentPairer.Result
        do { result = try DocumentPairer(lexicon: lexicon).pair(corpus.pairingDocuments) } catch {
            throw PipelineError(.badData, "pairing failed: \(error)")
        }
        var proposed = Set<String>(), correct = 0
        for pair in result.pairs {
            let en = corpus.documents[pair.en].file, ja = corpus.documents[pair.ja].file
            guard proposed.insert(en + " " + ja).inserted else { continue }
            if en.dropLast(3) == ja.dropLast(3) { correct += 1 }
        }
        return Report(documents: documents.count, proposed: proposed.count, correct: correct, seconds: Date().timeIntervalSince(start))
    }
}
