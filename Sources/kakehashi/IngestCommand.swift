import ArgumentParser
import Foundation
import KakehashiAlign
import KakehashiMemory
import KakehashiText

/// `kakehashi ingest`: the main job. Articles in, aligned units in the translation memory.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read articles, pair English and Japanese documents, align their sentences and store the pairs in the memory.",
        discussion: """
            read → normalize → segment → pair → align → store. Folders recurse. Every file is read and checked \
            before anything is written, and all units are stored in one transaction: a bad file stops the run with \
            its name and place and leaves the memory as it was. Running it again on the same input adds nothing. \
            Each unit keeps its alignment confidence, the bead's shape and both sources (file, lines, sentence \
            numbers); a pair whose English story also exists in other wordings records those files too.
            """
    )

    @OptionGroup var memory: MemoryOption

    @Option(help: "Least alignment confidence (0–1) of a sentence pair to store.")
    var minConfidence: Double = 0.6

    @OptionGroup var lexicon: LexiconOptions

    @OptionGroup var input: CorpusOptions

    func validate() throws {
        if !(0...1).contains(minConfidence) { throw ValidationError("--min-confidence must be between 0 and 1") }
    }

    func run() throws {
        let start = Date()
        let status = StatusLine()
        let corpus = try input.read { status.show($0) }
        let lexicon = try self.lexicon.load()
        status.show("pairing \(corpus.documents.count) documents")
        let pairing = try DocumentPairer(lexicon: lexicon).pair(corpus.pairingDocuments)

        let aligner = SentenceAligner(lexicon: lexicon)
        var units: [TranslationUnit] = []
        var sentencePairs = 0
        for (k, pair) in pairing.pairs.enumerated() {
            status.show(StatusLine.bar(k, of: pairing.pairs.count) + " aligning \(corpus.place(pair.ja)) with \(corpus.place(pair.en))")
            let en = corpus.documents[pair.en], ja = corpus.documents[pair.ja]
            let beads = try aligner.align(english: en.sentences, japanese: ja.sentences)
            let otherWordings = pairing.otherWordings(of: pair.en)
            for bead in beads where !bead.en.isEmpty && !bead.ja.isEmpty {
                sentencePairs += 1
                guard bead.score >= minConfidence else { continue }
                var provenance = [
                    Provenance(sourceFile: en.file, document: IngestCommand.lines(en.lines), sentences: "en " + IngestCommand.range(bead.en)),
                    Provenance(sourceFile: ja.file, document: IngestCommand.lines(ja.lines), sentences: "ja " + IngestCommand.range(bead.ja)),
                ]
                for other in otherWordings {
                    let o = corpus.documents[other]
                    provenance.append(Provenance(sourceFile: o.file, document: IngestCommand.lines(o.lines) + " (same story)"))
                }
                units.append(TranslationUnit(
                    variants: [Variant(language: "en", text: bead.en.map { en.sentences[$0] }.joined(separator: " ")),
                               Variant(language: "ja", text: bead.ja.map { ja.sentences[$0] }.joined())],
                    status: .aligned, confidence: (bead.score * 1000).rounded() / 1000,
                    method: "kakehashi-align \(bead.en.count)-\(bead.ja.count)", provenance: provenance,
                    creationTool: "Kakehashi", creationToolVersion: KakehashiVersion.string))
            }
        }
        status.show("storing \(units.count) units in \(memory.path)")
        let tm = try memory.open()
        let result: AddResult
        do { result = try tm.add(units) } catch let e as MemoryError {
            throw fail(e.description, code: ExitStatus.ioError)
        }
        status.clear()
        let seconds = Date().timeIntervalSince(start)
        print("files \(corpus.files.count), blocks \(corpus.blocks) (\(corpus.documents.count) English or Japanese), "
              + "document pairs \(pairing.pairs.count), same-story pairs \(pairing.sameStories.count)")
        print("sentence pairs \(sentencePairs), stored with confidence ≥ \(minConfidence): \(units.count) "
              + "(units \(result.added) new, \(result.alreadyPresent) already present) in \(memory.path)")
        print(String(format: "time %.1f s", seconds))
    }

    static func lines(_ r: ClosedRange<Int>) -> String { r.count == 1 ? "line \(r.lowerBound)" : "lines \(r.lowerBound)-\(r.upperBound)" }

    /// "3" or "3-4" (0-based sentence numbers of the document).
    static func range(_ indexes: [Int]) -> String {
        guard let first = indexes.first, let last = indexes.last else { return "" }
        return first == last ? "\(first)" : "\(first)-\(last)"
    }
}
