import KakehashiText
import ICUKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Throughput of the text layer against bare ICU on the same text, in the same run.
///
/// Peers measured here: ICU's sentence iterator alone (UTF-8 → UTF-16 conversion included, the
/// floor for any segmenter on ICU) and ICU's own NFKC over UTF-8. Figures are best of `repeats`
/// runs of thread CPU time, so a busy machine slows them less than wall time would.
///
/// ```swift
/// let report = try TextBenchmark.run(text: corpus, repeats: 5)
/// print(report.segmenterCharsPerSecond / report.icuCharsPerSecond)   // ratio to the peer
/// ```
public enum TextBenchmark {
    /// A corpus of about `bytes` UTF-8 bytes: the documents' sentences, one paragraph per
    /// document (a blank line between), repeated in order.
    public static func corpus(_ documents: [[String]], bytes: Int) -> String {
        let paragraphs = documents.filter { !$0.isEmpty }.map { $0.joined(separator: " ") }
        guard !paragraphs.isEmpty else { return "" }
        var text = "", k = 0
        while text.utf8.count < bytes {
            text += paragraphs[k % paragraphs.count] + "\n\n"
            k += 1
        }
        return text
    }

    /// The figures of one run.
    public struct Report: Sendable {
        public let characters: Int
        public let utf8Bytes: Int
        public let sentences: Int
        public let icuBoundaries: Int
        /// Full segmenter (ICU + rules + language tags + UTF-8 offsets), characters per second.
        public let segmenterCharsPerSecond: Double
        /// Bare ICU sentence iteration (with the UTF-16 conversion), characters per second.
        public let icuCharsPerSecond: Double
        /// Key normalization, UTF-8 megabytes per second.
        public let keyMBPerSecond: Double
        /// Our NFKC (ICU's UTF-8 path through the Swift wrapper), MB/s.
        public let nfkcMBPerSecond: Double
        /// ICU's NFKC over UTF-8 without the wrapper's quick check (the peer), MB/s.
        public let icuNFKCMBPerSecond: Double
        /// Display normalization, MB/s.
        public let displayMBPerSecond: Double
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let t0 = threadCPUTime()
            try body()
            best = min(best, threadCPUTime() - t0)
        }
        return max(best, 1e-9)
    }

    public static func run(text: String, repeats: Int = 5) throws -> Report {
        let characters = text.unicodeScalars.count
        let bytes = Double(text.utf8.count)
        let segmenter = try SentenceSegmenter()
        var sentences = 0
        let tSeg = try best(repeats) { sentences = try segmenter.segment(text).count }

        let icu = try BreakIterator(.sentence, locale: "en")
        var buffer: [UInt16] = []
        var boundaries = 0
        let tICU = try best(repeats) {
            try UTF16Conversion.fill(&buffer, from: text)
            var count = 0
            try buffer.withUnsafeBufferPointer { b in
                try icu.setText(b)
                icu.forEachBoundary { _ in count += 1 }
            }
            boundaries = count
        }
        let tKey = try best(repeats) { _ = try TextNormalizer.normalize(text, form: .key) }
        let tNFKC = try best(repeats) { _ = try TextNormalizer.normalize(text, form: .nfkc) }
        var copy = text
        let tICUNFKC = try best(repeats) { _ = try copy.withUTF8 { try Normalizer.nfkc.normalize(utf8: $0) } }
        let tDisplay = try best(repeats) { _ = try TextNormalizer.normalize(text, form: .display) }
        return Report(
            characters: characters, utf8Bytes: Int(bytes), sentences: sentences, icuBoundaries: boundaries,
            segmenterCharsPerSecond: Double(characters) / tSeg, icuCharsPerSecond: Double(characters) / tICU,
            keyMBPerSecond: bytes / 1e6 / tKey, nfkcMBPerSecond: bytes / 1e6 / tNFKC,
            icuNFKCMBPerSecond: bytes / 1e6 / tICUNFKC, displayMBPerSecond: bytes / 1e6 / tDisplay)
    }
}
