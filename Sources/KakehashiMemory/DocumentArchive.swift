public import Foundation

/// One sentence of an archived document, with the lines of its file it came from.
public struct ArchivedSentence: Sendable, Equatable, Codable {
    public var text: String
    public var firstLine: Int
    public var lastLine: Int

    public init(text: String, firstLine: Int, lastLine: Int) {
        self.text = text
        self.firstLine = firstLine
        self.lastLine = lastLine
    }
}

/// A document an ingest read, kept in the memory with its file's record: what pairing and
/// alignment need (language, date, sentences and their lines), so that a later ingest pairs new
/// documents with it, and aligns it, without its file.
public struct ArchivedDocument: Sendable, Equatable {
    /// The content hash (SHA-256, hex) of its file, as `IngestLedger` records it.
    public var contentHash: String
    /// Its file's name when it was ingested.
    public var file: String
    /// Its place among the documents of its file (0-based).
    public var position: Int
    public var firstLine: Int
    public var lastLine: Int
    /// "en" or "ja".
    public var language: String
    /// The day it states for itself, if any.
    public var date: Date?
    public var url: String?
    public var sentences: [ArchivedSentence]
    /// The reader and segmenter that made its sentences (`CorpusDocument.readerVersion`): a
    /// document of another version is segmented again from its stored text.
    public var readerVersion: String
    /// Whether a run has paired it with a document of the other language.
    public var paired = false
    /// The document the latest run that paired it chose, and that pair's rank (nil when the mark
    /// predates partners, or when its partner has since paired better elsewhere).
    public var partner: DocumentReference?
    public var pairRank: Double?

    public init(
        contentHash: String, file: String, position: Int, firstLine: Int, lastLine: Int, language: String,
        date: Date?, url: String?, sentences: [ArchivedSentence], readerVersion: String
    ) {
        self.contentHash = contentHash
        self.file = file
        self.position = position
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.language = language
        self.date = date
        self.url = url
        self.sentences = sentences
        self.readerVersion = readerVersion
    }

    /// Where it is kept: its file's hash and its position.
    public var reference: DocumentReference { DocumentReference(contentHash: contentHash, position: position) }

    /// The sentences as stored (JSON), and back.
    public var sentencesJSON: String {
        (try? String(decoding: JSONEncoder().encode(sentences), as: UTF8.self)) ?? "[]"
    }

    public static func sentences(fromJSON json: String) -> [ArchivedSentence] {
        (try? JSONDecoder().decode([ArchivedSentence].self, from: Data(json.utf8))) ?? []
    }
}

/// The documents of the files a memory's ingests read (see `ArchivedDocument`). Every
/// `MemoryStore` keeps them beside its `IngestLedger`.
public protocol DocumentArchive: Sendable {
    /// Keeps documents (a document already kept, by file hash and position, is replaced).
    func archive(_ documents: [ArchivedDocument]) async throws
    /// The documents of files recorded as ingested, but for those whose file hash is in
    /// `hashes` or whose file name is in `names` (being read again now); with `dates`, only
    /// documents dated within it and those without a date; with `unpairedOnly`, only those no run
    /// has paired. In file and position order.
    func archivedDocuments(
        excludingHashes hashes: Set<String>, names: Set<String>, dates: ClosedRange<Date>?, unpairedOnly: Bool
    ) async throws -> [ArchivedDocument]
    /// The kept documents of files recorded as ingested among `references`, in file and position
    /// order (the earlier partners of documents outside a window).
    func archivedDocuments(_ references: [DocumentReference]) async throws -> [ArchivedDocument]
    /// Records the pairs a run chose: each document is marked paired with the other and the
    /// pair's rank; a kept document whose recorded partner now pairs with another is unpaired
    /// again. Archiving a document again keeps its pair.
    func recordPairs(_ pairs: [ArchivedPair]) async throws
    /// Forgets the pairs recorded for the documents of the files whose content hashes are
    /// `hashes`, on both sides of each pair: a sliced ingest starts from no pair of its files, so
    /// that one resumed after a kill pairs each slice as an uninterrupted one did.
    func forgetPairs(ofFiles hashes: [String]) async throws
    /// How many documents are kept, how many of them no run has paired yet, and the bytes of
    /// their stored sentences.
    func archiveCounts() async throws -> (documents: Int, unpaired: Int, bytes: Int)
}

/// A kept document: its file's content hash and its place among the file's documents.
public struct DocumentReference: Sendable, Hashable {
    public var contentHash: String
    public var position: Int

    public init(contentHash: String, position: Int) {
        self.contentHash = contentHash
        self.position = position
    }
}

/// A pair of kept documents a run chose (`DocumentArchive.recordPairs`), with the rank pairing
/// gave it.
public struct ArchivedPair: Sendable, Hashable {
    public var en: DocumentReference
    public var ja: DocumentReference
    public var rank: Double

    public init(en: DocumentReference, ja: DocumentReference, rank: Double) {
        self.en = en
        self.ja = ja
        self.rank = rank
    }

    /// The pairs that `documents` record (each English document's partner), in order.
    public static func recorded(in documents: [ArchivedDocument]) -> [ArchivedPair] {
        documents.compactMap { d in
            guard d.language == "en", let partner = d.partner else { return nil }
            return ArchivedPair(en: d.reference, ja: partner, rank: d.pairRank ?? 0)
        }
    }
}
