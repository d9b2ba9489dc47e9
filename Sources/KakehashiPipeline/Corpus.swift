public import Foundation
public import KakehashiAlign
public import KakehashiText
public import KakehashiMemory

/// One sentence of a corpus document: its text as a translator reads it and where it came from.
public struct CorpusSentence: Sendable, Equatable {
    public let text: String
    /// 1-based first and last line of the sentence in the original file.
    public let lines: ClosedRange<Int>

    public init(text: String, lines: ClosedRange<Int>) {
        self.text = text
        self.lines = lines
    }
}

/// A monolingual block of an input file, ready to pair and align: where it is and its sentences
/// (the block's title, when it has one, first).
public struct CorpusDocument: Sendable {
    public let file: String
    /// 1-based first and last line of the block in the original file.
    public let lines: ClosedRange<Int>
    public let language: Language
    public let sentences: [CorpusSentence]
    /// The article's address, when the page named it (HTML pages).
    public var url: String? = nil
    /// The day the article states for itself (metadata, byline or dateline with a year), if any.
    public var date: Date? = nil
    /// Its place among the English and Japanese documents of its file (0-based).
    public var position = 0
    /// Whether it is a document of an earlier ingest, kept in the memory (its file is not read
    /// now), and the kept document that ingest paired it with.
    public var kept = false
    public var earlierPartner: DocumentReference? = nil

    /// The sentences' texts, as the aligner takes them.
    public var texts: [String] { sentences.map(\.text) }

    /// The first and last line of sentences `indexes` (in order), or of the block when empty.
    public func lines(of indexes: [Int]) -> ClosedRange<Int> {
        guard let first = indexes.first, let last = indexes.last else { return lines }
        return sentences[first].lines.lowerBound...sentences[last].lines.upperBound
    }

    /// "file:first–last" for messages.
    public var place: String {
        lines.count == 1 ? "\(file):\(lines.lowerBound)" : "\(file):\(lines.lowerBound)–\(lines.upperBound)"
    }
}

/// An input file: the name it is reported by and its bytes.
public struct CorpusInput: Sendable {
    public let name: String
    public let bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// The documents of a set of articles: every English and Japanese block of every file, read
/// together (so that lines repeated across files are recognized as site furniture) and segmented
/// into sentences that keep their lines.
public struct Corpus: Sendable {
    /// The files read, in order.
    public var files: [String] = []
    /// Each file's content hash (SHA-256 of its bytes, hex) and size, by name.
    public var contents: [String: (hash: String, bytes: Int)] = [:]
    /// Blocks of every language (Korean and undetermined ones included).
    public var blocks = 0
    public var documents: [CorpusDocument] = []

    /// What reading reports as it goes.
    public enum Progress: Sendable {
        case reading(file: String, done: Int, total: Int)
        case segmenting(file: String, line: Int)
    }

    /// Reads `paths` (folders recurse, hidden files skipped, in name order). Any unreadable or
    /// undecodable file is an error naming it, before anything is written anywhere.
    /// - Throws: `PipelineError`: `.noInput` for a missing file or folder, `.usage` for an unknown
    ///   `encoding`, `.badData` for a file that is not text, `.io` when ICU's segmenter cannot start.
    public init(paths: [String], encoding: String? = nil, progress: (Progress) -> Void = { _ in }) throws {
        let files = try InputFiles.expand(paths)
        // A few thousand files at a time: their bytes and parsed articles are never all in memory.
        for start in stride(from: 0, to: files.count, by: Corpus.filesReadTogether) {
            var inputs: [CorpusInput] = []
            for k in start..<min(files.count, start + Corpus.filesReadTogether) {
                progress(.reading(file: files[k], done: k, total: files.count))
                let (bytes, name) = try InputFiles.bytes(of: files[k])
                inputs.append(CorpusInput(name: name, bytes: bytes))
            }
            append(try Corpus(inputs: inputs, encoding: encoding, progress: progress))
        }
    }

    /// Files read together by `init(paths:)`: a line recurring across them is site furniture.
    /// Enough for any site's templates to recur; a bigger folder is read in parts of this many.
    public static let filesReadTogether = 2_000

    /// Adds the files and documents of `other` (files not among these).
    public mutating func append(_ other: Corpus) {
        files += other.files
        contents.merge(other.contents) { mine, _ in mine }
        blocks += other.blocks
        documents += other.documents
    }

    /// The files `names` (in this corpus's order) with their documents.
    public func subset(_ names: Set<String>) -> Corpus {
        var part = Corpus()
        part.files = files.filter { names.contains($0) }
        for name in part.files { part.contents[name] = contents[name] }
        part.documents = documents.filter { names.contains($0.file) }
        return part
    }

    /// An empty corpus, to which kept documents are added (`appendArchived`).
    public init() {}

    /// Reads files already in memory (an upload), in the order given.
    /// - Throws: `PipelineError`: `.usage`, `.badData` or `.io`, as `init(paths:encoding:progress:)`.
    public init(inputs: [CorpusInput], encoding: String? = nil, progress: (Progress) -> Void = { _ in }) throws {
        let read = try ArticleReading.read(inputs, encoding: encoding)
        files = inputs.map(\.name)
        for input in inputs { contents[input.name] = (Corpus.contentHash(input.bytes), input.bytes.count) }
        let segmenter = try Corpus.startSegmenter()
        var positions: [String: Int] = [:]
        for article in read.map(\.article) {
            blocks += article.blocks.count
            for block in article.blocks where block.language == .en || block.language == .ja {
                progress(.segmenting(file: block.file, line: block.lines.lowerBound))
                var sentences: [CorpusSentence] = []
                if let title = block.title {
                    sentences.append(
                        CorpusSentence(text: title, lines: block.lines.lowerBound...block.lines.lowerBound))
                }
                let found: [Sentence]
                do { found = try segmenter.segment(block.text, language: block.language) } catch {
                    throw PipelineError(.badData, "\(block.file):\(block.lines.lowerBound): cannot segment: \(error)")
                }
                for s in found {
                    let first = block.fileLine(forTextOffset: s.range.lowerBound)
                    let last = block.fileLine(forTextOffset: max(s.range.lowerBound, s.range.upperBound - 1))
                    sentences.append(CorpusSentence(text: s.text(in: block.text), lines: first...last))
                }
                guard !sentences.isEmpty else { continue }
                var document = CorpusDocument(
                    file: block.file, lines: block.lines, language: block.language, sentences: sentences)
                document.url = block.metadata.url
                document.date =
                    [block.metadata.date, article.metadata.date, block.metadata.dateline, article.metadata.dateline]
                    .lazy.compactMap { $0.flatMap(ArticleDate.parse) }.first
                document.position = positions[block.file, default: 0]
                positions[block.file] = document.position + 1
                documents.append(document)
            }
        }
    }

    /// SHA-256 of `bytes`, in hex.
    public static func contentHash(_ bytes: [UInt8]) -> String {
        ContentHash.sha256Hex(bytes)
    }

    /// A sentence segmenter, or the error that says it cannot start.
    static func startSegmenter() throws -> SentenceSegmenter {
        do { return try SentenceSegmenter() } catch {
            throw PipelineError(.io, "cannot start the sentence segmenter: \(error)")
        }
    }

    /// The version of reading and segmentation that archived documents record: a document
    /// archived under another is segmented again from its stored text. Raise it when a change to
    /// the reader or the segmenter changes sentences.
    public static let readerVersion = "2026-12-07"

    /// The reference of document `d` in the memory's archive.
    public func reference(_ d: Int) -> DocumentReference? {
        contents[documents[d].file].map { DocumentReference(contentHash: $0.hash, position: documents[d].position) }
    }

    /// Every document, as the memory archives it for later ingests (`DocumentArchive`).
    public var archivable: [ArchivedDocument] {
        documents.compactMap { d in
            guard let hash = contents[d.file]?.hash else { return nil }
            return ArchivedDocument(
                contentHash: hash, file: d.file, position: d.position, firstLine: d.lines.lowerBound,
                lastLine: d.lines.upperBound, language: d.language.rawValue, date: d.date, url: d.url,
                sentences: d.sentences.map {
                    ArchivedSentence(text: $0.text, firstLine: $0.lines.lowerBound, lastLine: $0.lines.upperBound)
                }, readerVersion: Corpus.readerVersion)
        }
    }

    /// Adds documents archived by earlier ingests, whose files are not read now: they are paired
    /// and aligned with the others, and their provenance names their files. A document of another
    /// reader version is segmented again from its stored text, each sentence keeping the
    /// document's lines. Their files are not added to `files`. With `kept` false they are paired
    /// as new documents (an enqueued batch's, kept before a worker pairs them).
    /// - Throws: `PipelineError` `.io` when the segmenter cannot start.
    public mutating func appendArchived(_ archived: [ArchivedDocument], kept: Bool = true) throws {
        var segmenter: SentenceSegmenter?
        for a in archived {
            guard let language = Language(rawValue: a.language), language == .en || language == .ja,
                a.firstLine <= a.lastLine
            else { continue }
            var sentences = a.sentences.map {
                CorpusSentence(text: $0.text, lines: $0.firstLine...max($0.firstLine, $0.lastLine))
            }
            if a.readerVersion != Corpus.readerVersion {
                if segmenter == nil { segmenter = try Corpus.startSegmenter() }
                let text = a.sentences.map(\.text).joined(separator: language == .en ? " " : "")
                sentences = ((try? segmenter!.sentences(text, language: language)) ?? []).map {
                    CorpusSentence(text: $0, lines: a.firstLine...a.lastLine)
                }
            }
            guard !sentences.isEmpty else { continue }
            var document = CorpusDocument(
                file: a.file, lines: a.firstLine...a.lastLine, language: language, sentences: sentences)
            document.url = a.url
            document.date = a.date
            document.position = a.position
            document.kept = kept
            document.earlierPartner = kept ? a.partner : nil
            documents.append(document)
            contents[a.file] = (a.contentHash, contents[a.file]?.bytes ?? 0)
        }
    }

    /// The documents as the pairer takes them.
    public var pairingDocuments: [PairingDocument] {
        documents.map { PairingDocument(language: $0.language, sentences: $0.texts, date: $0.date, kept: $0.kept) }
    }

    /// The pairs earlier ingests chose between two kept documents that are both here.
    public var earlierPairs: [EarlierPair] {
        var index: [DocumentReference: Int] = [:]
        for (d, document) in documents.enumerated() where document.kept {
            if let reference = reference(d) { index[reference] = d }
        }
        return documents.indices.compactMap { d in
            let document = documents[d]
            guard document.kept, document.language == .en, let partner = document.earlierPartner,
                let ja = index[partner], documents[ja].language == .ja, documents[ja].earlierPartner == reference(d)
            else { return nil }
            return EarlierPair(en: d, ja: ja)
        }
    }
}
