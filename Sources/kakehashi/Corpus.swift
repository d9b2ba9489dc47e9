import ArgumentParser
import Foundation
import KakehashiAlign
import KakehashiText

/// The inputs of `pairs` and `ingest`: article files or folders, and an optional forced encoding.
struct CorpusOptions: ParsableArguments {
    @Option(help: "Force the input encoding of every file.")
    var encoding: String?

    @Argument(help: "Article files or folders (folders recurse).")
    var paths: [String] = []

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder") }
    }

    func read(progress: (String) -> Void) throws -> Corpus { try Corpus(paths: paths, encoding: encoding, progress: progress) }
}

/// A monolingual block of an input file, ready to pair and align: where it is and its sentences.
struct CorpusDocument {
    let file: String
    /// 1-based line numbers in the original file.
    let lines: ClosedRange<Int>
    let language: Language
    /// The block's title (if any) first, then the sentences of its text.
    let sentences: [String]
}

/// The input of `pairs` and `ingest`: every English and Japanese block of every file, read together
/// (so that lines repeated across files are recognized as site furniture).
struct Corpus {
    var files: [String] = []
    var blocks = 0
    var documents: [CorpusDocument] = []

    /// Reads `paths` (folders recurse, hidden files skipped, in name order). Any unreadable or
    /// undecodable file is an error naming it, before anything is written anywhere.
    init(paths: [String], encoding: String?, progress: (String) -> Void = { _ in }) throws {
        files = try Corpus.expand(paths)
        let reader = InputReader(forcedEncoding: encoding)
        var inputs: [(name: String, text: String)] = [], encodings: [String] = []
        for (k, file) in files.enumerated() {
            progress("reading \(k + 1)/\(files.count) \(file)")
            let (decoded, name) = try reader.read(file)
            inputs.append((name, decoded.text))
            encodings.append(decoded.encoding)
        }
        let segmenter = try SentenceSegmenter()
        for article in ArticleReader().read(inputs, encodings: encodings) {
            blocks += article.blocks.count
            for block in article.blocks where block.language == .en || block.language == .ja {
                progress("segmenting \(block.file):\(block.lines.lowerBound)")
                let sentences = (block.title.map { [$0] } ?? []) + (try segmenter.sentences(block.text, language: block.language))
                guard !sentences.isEmpty else { continue }
                documents.append(CorpusDocument(file: block.file, lines: block.lines, language: block.language, sentences: sentences))
            }
        }
    }

    /// Files named and files under folders named, each once.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw fail("\(path): no such file or folder", code: ExitStatus.noInput) }
            guard isDirectory.boolValue else { files.append(path); continue }
            guard let walker = fm.enumerator(atPath: path) else { throw fail("\(path): cannot list the folder", code: ExitStatus.noInput) }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var sub: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { found.append(full) }
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    var pairingDocuments: [PairingDocument] { documents.map { PairingDocument(language: $0.language, sentences: $0.sentences) } }

    /// "file:first–last" for messages.
    func place(_ d: Int) -> String {
        let doc = documents[d]
        return doc.lines.count == 1 ? "\(doc.file):\(doc.lines.lowerBound)" : "\(doc.file):\(doc.lines.lowerBound)–\(doc.lines.upperBound)"
    }

    /// {"file":…,"lines":[first,last]}
    func locationJSON(_ d: Int) -> String {
        JSON.object([("file", JSON.string(documents[d].file)),
                     ("lines", JSON.array([String(documents[d].lines.lowerBound), String(documents[d].lines.upperBound)]))])
    }
}
