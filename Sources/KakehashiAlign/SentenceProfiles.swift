import Foundation
package import KakehashiLexicon

/// What the aligner keeps of the two documents, computed once: each sentence's length and its
/// anchors as integer key ids, in flat arrays (a 100,000-sentence document is a few arrays, not
/// 100,000 objects).
package struct SentenceProfiles {
    /// Characters that carry content (no spaces), per English and per Japanese sentence.
    var enLength: [Int32] = [], jaLength: [Int32] = []
    /// English sentence i's distinct key ids, sorted: `enKeys[enKeyStart[i]..<enKeyStart[i + 1]]`.
    var enKeys: [Int32] = [], enKeyStart: [Int] = [0]
    /// English sentence i's number of content anchors (names, numbers, dates, acronyms and
    /// single content words): the denominator of English coverage.
    var enContent: [Double] = []
    /// Japanese sentence j's anchors (at most 64: they are bits of a mask):
    /// `jaAnchorStart[j]..<jaAnchorStart[j + 1]` index `jaWeight` and `jaAnchorKeyStart`.
    var jaAnchorStart: [Int] = [0]
    /// Each Japanese anchor's weight (by kind, then by rarity among the English sentences).
    var jaWeight: [Double] = []
    /// Each Japanese anchor's key ids (key first, then alternatives):
    /// `jaKeys[jaAnchorKeyStart[k]..<jaAnchorKeyStart[k + 1]]`.
    var jaKeys: [Int32] = [], jaAnchorKeyStart: [Int] = [0]
    /// Sum of the anchor weights of Japanese sentence j.
    var jaTotalWeight: [Double] = []
    /// Japanese sentence j's distinct key ids, sorted, each with the bits of the anchors that
    /// have it: `jaLookupKeys[jaLookupStart[j]..<jaLookupStart[j + 1]]` (for match masks).
    var jaLookupKeys: [Int32] = [], jaLookupBits: [UInt64] = [], jaLookupStart: [Int] = [0]

    var enCount: Int { enLength.count }
    var jaCount: Int { jaLength.count }

    /// Most anchors a Japanese sentence keeps (one bit each in a match mask).
    static let maxAnchors = 64

    /// Builds the profiles, extracting anchors on several threads (one `AnchorMatcher` each).
    package init(english: [String], japanese: [String], lexicon: Lexicon) throws {
        let anchors = try DocumentAnchors.pair(english: english, japanese: japanese, lexicon: lexicon)
        self.init(english: anchors.english, japanese: anchors.japanese)
    }

    /// Builds the profiles from anchors extracted before (with one extractor, so that a key has
    /// one id on both sides).
    package init(english: DocumentAnchors, japanese: DocumentAnchors) {
        // English first: Japanese weights need the English document frequencies.
        var documentFrequency: [Int32: Int32] = [:]
        var keys: [Int32] = []
        for i in 0..<english.sentenceCount {
            var content = 0.0
            keys.removeAll(keepingCapacity: true)
            for a in english.anchors(of: i) {
                content += english.content[a]
                keys.append(contentsOf: english.keys(of: a))
            }
            keys.sort()
            var previous: Int32 = -1
            for k in keys where k != previous {
                enKeys.append(k)
                documentFrequency[k, default: 0] += 1
                previous = k
            }
            enKeyStart.append(enKeys.count)
            enContent.append(content)
            enLength.append(english.length[i])
        }
        let n = Double(max(1, english.sentenceCount))
        func rarity(_ key: Int32) -> Double {
            let df = Double(documentFrequency[key] ?? 0)
            return df == 0 ? 1 : min(1, 0.35 + 0.65 * log2(1 + n / df) / log2(1 + n))
        }
        var lookup: [(key: Int32, bits: UInt64)] = []
        for j in 0..<japanese.sentenceCount {
            var total = 0.0
            lookup.removeAll(keepingCapacity: true)
            for (bit, a) in japanese.anchors(of: j).prefix(SentenceProfiles.maxAnchors).enumerated() {
                let anchorKeys = japanese.keys(of: a)
                jaKeys.append(contentsOf: anchorKeys)
                for k in anchorKeys { lookup.append((k, 1 << UInt64(bit))) }
                jaAnchorKeyStart.append(jaKeys.count)
                let weight = japanese.baseWeight[a] * rarity(anchorKeys[anchorKeys.startIndex])
                jaWeight.append(weight)
                total += weight
            }
            jaAnchorStart.append(jaWeight.count)
            lookup.sort { $0.key < $1.key }
            for entry in lookup {
                if let last = jaLookupKeys.last, jaLookupKeys.count > jaLookupStart[jaLookupStart.count - 1],
                    last == entry.key
                {
                    jaLookupBits[jaLookupBits.count - 1] |= entry.bits
                } else {
                    jaLookupKeys.append(entry.key)
                    jaLookupBits.append(entry.bits)
                }
            }
            jaLookupStart.append(jaLookupKeys.count)
            jaTotalWeight.append(total)
            jaLength.append(japanese.length[j])
        }
    }

    /// Characters without spaces (the length prior's unit).
    static func contentLength(_ s: String) -> Int {
        var count = 0
        for scalar in s.unicodeScalars where scalar != " " && scalar != "\t" { count += 1 }
        return count
    }

    /// Which anchors of Japanese sentence `j` English sentence `i` has: bit k set when the k-th
    /// anchor's key or one of its alternatives is among the English keys (a merge of two sorted
    /// key lists).
    func matchMask(en i: Int, ja j: Int) -> UInt64 {
        enKeys.withUnsafeBufferPointer { en in
            jaLookupKeys.withUnsafeBufferPointer { ja in
                var a = enKeyStart[i], b = jaLookupStart[j]
                let aEnd = enKeyStart[i + 1], bEnd = jaLookupStart[j + 1]
                var mask: UInt64 = 0
                while a < aEnd, b < bEnd {
                    let x = en[a], y = ja[b]
                    if x < y {
                        a += 1
                    } else if y < x {
                        b += 1
                    } else {
                        mask |= jaLookupBits[b]
                        a += 1
                        b += 1
                    }
                }
                return mask
            }
        }
    }
}

/// The anchors of a document's sentences as the aligner reads them, extracted once: each
/// anchor's key ids (its key, then its alternatives), its weight by kind and specificity, and how
/// much it counts in English coverage; each sentence's length. Documents extracted with one
/// `ParallelAnchorExtractor` share key ids, so the pairer's extraction serves the aligner too.
public struct DocumentAnchors: Sendable {
    /// Sentence i's anchors: `anchorStart[i]..<anchorStart[i + 1]`.
    var anchorStart: [Int32] = [0]
    /// Characters without spaces, per sentence.
    var length: [Int32] = []
    /// Per anchor: English coverage it adds (1.5 a name, number, date or acronym, 1 a one-word
    /// term, 0 a longer term), weight (`AnchorMatcher.weight`), and its keys
    /// `keys[keyStart[a]..<keyStart[a + 1]]`.
    var content: [Double] = []
    var baseWeight: [Double] = []
    /// Per anchor: the content words (0-based, in its sentence) an English term covers, packed as
    /// first << 8 | count; 0 for any other anchor.
    var words: [Int32] = []
    var keyStart: [Int32] = [0]
    var keys: [Int32] = []

    public var sentenceCount: Int { length.count }

    func anchors(of sentence: Int) -> Range<Int> { Int(anchorStart[sentence])..<Int(anchorStart[sentence + 1]) }
    func keys(of anchor: Int) -> ArraySlice<Int32> { keys[Int(keyStart[anchor])..<Int(keyStart[anchor + 1])] }
    /// The content words of its sentence that an English term anchor covers (empty for others).
    func words(of anchor: Int) -> Range<Int32> {
        (words[anchor] >> 8)..<((words[anchor] >> 8) + (words[anchor] & 0xFF))
    }

    init() {}

    /// The anchors of an English and a Japanese document, extracted with one extractor (so that a
    /// key has one id on both sides).
    static func pair(
        english: [String], japanese: [String], lexicon: Lexicon
    ) throws -> (english: DocumentAnchors, japanese: DocumentAnchors) {
        let extractor = ParallelAnchorExtractor(lexicon: lexicon, sentences: english.count + japanese.count)
        return (
            try DocumentAnchors(english, english: true, extractor: extractor),
            try DocumentAnchors(japanese, english: false, extractor: extractor)
        )
    }

    /// Extracts the anchors of `sentences` with `extractor` (on its threads).
    init(_ sentences: [String], english: Bool, extractor: ParallelAnchorExtractor) throws {
        // A Japanese document about Korea reads its names as Korean, even in sentences with no marker.
        let aboutKorea = !english && NameFinder.isAboutKorea(sentences.joined())
        try extractor.forEachChunk(sentences, english: english, aboutKorea: { _ in aboutKorea }) {
            sentence, anchors, ids in
            append(sentence, anchors: anchors, ids: ids)
        }
    }

    /// Adds a sentence: its anchors and their key ids as `ParallelAnchorExtractor` hands them.
    mutating func append(_ sentence: String, anchors: [Anchor], ids: [Int32]) {
        var next = 0
        for a in anchors {
            let count = 1 + a.alternatives.count
            keys.append(contentsOf: ids[next..<(next + count)])
            next += count
            keyStart.append(Int32(keys.count))
            content.append(a.kind != .term ? 1.5 : (a.words?.count ?? 0) == 1 ? 1 : 0)
            baseWeight.append(AnchorMatcher.weight(a))
            words.append(
                a.words.map { Int32(min($0.lowerBound, 0x7F_FFFF)) << 8 | Int32(min($0.count, 0xFF)) }
                    ?? 0)
        }
        anchorStart.append(Int32(baseWeight.count))
        length.append(Int32(SentenceProfiles.contentLength(sentence)))
    }

    /// The anchors of sentences `range`, as a document of their own.
    func slice(_ range: Range<Int>) -> DocumentAnchors {
        var part = DocumentAnchors()
        for i in range {
            for a in anchors(of: i) {
                part.keys.append(contentsOf: keys(of: a))
                part.keyStart.append(Int32(part.keys.count))
                part.content.append(content[a])
                part.baseWeight.append(baseWeight[a])
                part.words.append(words[a])
            }
            part.anchorStart.append(Int32(part.baseWeight.count))
            part.length.append(length[i])
        }
        return part
    }
}

/// Runs `AnchorMatcher` over many sentences on every core, in chunks so that the anchors of a
/// huge document are never all in memory at once. Each worker thread has its own matcher (they
/// hold ICU objects); the lexicon is shared.
///
/// Anchor keys become integer ids on the workers: each numbers the keys it meets, and this
/// thread turns a worker's numbers into document-wide ones, hashing each key once per worker
/// rather than at every occurrence.
package final class ParallelAnchorExtractor {
    private var matchers: [AnchorMatcher]
    private var workerKeys: [WorkerKeys]
    /// Sentences per chunk handed to the workers.
    static let chunkSize = 1024

    /// Document-wide key ids.
    private(set) var ids: [String: Int32] = [:]
    /// Per worker, its key numbers' document-wide ids.
    private var workerToDocument: [[Int32]]

    init(lexicon: Lexicon, sentences: Int) {
        let workers = ParallelAnchorExtractor.workerCount(sentences: sentences)
        matchers = (0..<workers).map { _ in AnchorMatcher(lexicon: lexicon) }
        workerKeys = (0..<workers).map { _ in WorkerKeys() }
        workerToDocument = Array(repeating: [], count: workers)
    }

    /// Threads used for `sentences` sentences: one for short documents (a worker pays for its own
    /// ICU objects), else one per core, at most 8.
    package static func workerCount(sentences: Int) -> Int {
        sentences < 400 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    }

    /// The document-wide id of `key`, numbering it if it is new.
    func id(_ key: String) -> Int32 {
        if let i = ids[key] { return i }
        let i = Int32(ids.count)
        ids[key] = i
        return i
    }

    /// Calls `body` on each sentence with its anchors and their key ids (each anchor's key, then
    /// its alternatives, anchor after anchor), in order. While `body` works through one chunk on
    /// this thread, the workers already extract the next one.
    /// `aboutKorea` says, by sentence index, whether the sentence's document is about Korea.
    func forEachChunk(
        _ sentences: [String], english: Bool, aboutKorea: @escaping @Sendable (Int) -> Bool = { _ in false },
        _ body: (String, [Anchor], [Int32]) throws -> Void
    ) throws {
        let chunks = stride(from: 0, to: sentences.count, by: ParallelAnchorExtractor.chunkSize).map {
            $0..<min(sentences.count, $0 + ParallelAnchorExtractor.chunkSize)
        }
        guard let first = chunks.first else { return }
        var current = try extract(sentences[first], english: english, aboutKorea: aboutKorea)
        var documentIDs: [Int32] = []
        for (k, range) in chunks.enumerated() {
            let next =
                k + 1 < chunks.count
                ? PendingChunk(extractor: self, sentences[chunks[k + 1]], english: english, aboutKorea: aboutKorea)
                : nil
            // The workers must be done with the next chunk before this returns, even on an error.
            defer { _ = try? next?.wait() }
            for (offset, extracted) in current.enumerated() {
                // A worker's sentences arrive in the order it read them, so its new keys arrive
                // in the order it numbered them.
                for key in extracted.newKeys { workerToDocument[extracted.worker].append(id(key)) }
                documentIDs.removeAll(keepingCapacity: true)
                for local in extracted.keyIDs { documentIDs.append(workerToDocument[extracted.worker][Int(local)]) }
                try body(sentences[range.lowerBound + offset], extracted.anchors, documentIDs)
            }
            if let next { current = try next.wait() }
        }
    }

    /// One chunk being extracted on other threads.
    private final class PendingChunk: @unchecked Sendable {
        private let done = DispatchGroup()
        private var result: Result<[ExtractedSentence], any Error> = .success([])

        init(
            extractor: ParallelAnchorExtractor, _ chunk: ArraySlice<String>, english: Bool,
            aboutKorea: @escaping @Sendable (Int) -> Bool
        ) {
            done.enter()
            let box = UncheckedBox((extractor, chunk))
            DispatchQueue.global().async {
                let (extractor, chunk) = box.value
                self.result = Result { try extractor.extract(chunk, english: english, aboutKorea: aboutKorea) }
                self.done.leave()
            }
        }

        /// The chunk's anchors, once extracted (waits for them).
        func wait() throws -> [ExtractedSentence] {
            done.wait()
            return try result.get()
        }
    }

    private func extract(
        _ chunk: ArraySlice<String>, english: Bool, aboutKorea: @escaping @Sendable (Int) -> Bool
    ) throws -> [ExtractedSentence] {
        let workers = matchers.count
        if workers == 1 || chunk.count < 64 {
            return try chunk.indices.map {
                try readOnWorker(chunk[$0], english: english, aboutKorea: aboutKorea($0), worker: 0)
            }
        }
        let box = ResultBox(count: chunk.count)
        let base = chunk.startIndex
        let pool = UncheckedBox(self)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let extractor = pool.value
            var index = base + w
            while index < chunk.endIndex {
                do {
                    box.slots.pointer[index - base] = try extractor.readOnWorker(
                        chunk[index], english: english,
                        aboutKorea: aboutKorea(index), worker: w)
                } catch {
                    box.setError(error)
                    return
                }
                index += workers
            }
        }
        if let error = box.error { throw error }
        return box.results
    }

    /// One sentence on worker `worker` (which alone uses that worker's matcher and numbering).
    private func readOnWorker(
        _ sentence: String, english: Bool, aboutKorea: Bool, worker: Int
    ) throws -> ExtractedSentence {
        let anchors =
            english
            ? try matchers[worker].anchors(english: sentence)
            : try matchers[worker].anchors(japanese: sentence, aboutKorea: aboutKorea)
        return workerKeys[worker].number(anchors, worker: worker)
    }
}

/// One sentence's anchors as a worker hands them over: the anchors, their keys as the worker's
/// numbers, and the keys the worker numbered for the first time in this sentence.
struct ExtractedSentence {
    var anchors: [Anchor] = []
    var keyIDs: [Int32] = []
    var newKeys: [String] = []
    var worker = 0
}

/// One worker's numbering of the anchor keys it meets.
private final class WorkerKeys {
    private var numbers: [String: Int32] = [:]

    func number(_ anchors: [Anchor], worker: Int) -> ExtractedSentence {
        var extracted = ExtractedSentence(anchors: anchors, worker: worker)
        func add(_ key: String) {
            if let n = numbers[key] { extracted.keyIDs.append(n); return }
            let n = Int32(numbers.count)
            numbers[key] = n
            extracted.newKeys.append(key)
            extracted.keyIDs.append(n)
        }
        for a in anchors {
            add(a.key)
            for alternative in a.alternatives { add(alternative) }
        }
        return extracted
    }
}

/// A value handed to another thread that only it uses from then on.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Results written by worker threads, each to its own slots (no two threads write one slot).
private final class ResultBox: @unchecked Sendable {
    let slots: SharedBuffer<ExtractedSentence>
    private(set) var error: (any Error)?
    private let lock = NSLock()

    init(count: Int) { slots = SharedBuffer(repeating: ExtractedSentence(), count: count) }

    var results: [ExtractedSentence] { slots.array }

    func setError(_ e: any Error) {
        lock.lock()
        if error == nil { error = e }
        lock.unlock()
    }
}
