import Foundation
import KakehashiHTML
import KakehashiPipeline

/// Article-body extraction measured as the ScrapingHub article-extraction benchmark measures it:
/// 4-token shingles of `\w+` tokens, precision and recall per page normalized so that every page
/// weighs the same, averaged over pages, and F1 of the two averages; accuracy is the share of pages
/// whose tokens equal the truth exactly. Also the time per page, reading from memory.
public enum ExtractionEvaluation {
    /// The scores of one extractor over the pages.
    public struct Scores: Sendable {
        public let pages: Int
        public let precision: Double
        public let recall: Double
        public let accuracy: Double
        public let emptyPredictions: Int
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        /// (page id, precision, recall), for a look at the worst pages.
        public let perPage: [(id: String, precision: Double, recall: Double)]
    }

    /// One run of Kakehashi over the pages: its predictions, scores and time.
    public struct Run: Sendable {
        public let predictions: [String: String]
        public let scores: Scores
        /// Median over the repetitions of the time to extract every page, in seconds.
        public let seconds: Double
        public var millisecondsPerPage: Double { seconds * 1000 / Double(max(1, scores.pages)) }
    }

    /// The benchmark's truth: page id → article body.
    public static func truth(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.noInput, "\(path): no such file")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PipelineError(.badData, "\(path): not a JSON object of pages")
        }
        return object.mapValues { ($0 as? [String: Any])?["articleBody"] as? String ?? "" }
    }

    /// Predictions written by a peer: `{"id": "text"}` or `{"id": {"articleBody": "text"}}`.
    public static func predictions(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw PipelineError(.badData, "\(path): not a JSON object of predictions")
        }
        return object.mapValues { ($0 as? String) ?? (($0 as? [String: Any])?["articleBody"] as? String) ?? "" }
    }

    /// The pages of `folder` (`ID.html.gz` or `ID.html`), decompressed with the system's gzip.
    public static func pages(_ folder: String) throws -> [(id: String, bytes: [UInt8])] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw PipelineError(.noInput, "\(folder): no such folder")
        }
        var pages: [(String, [UInt8])] = []
        for name in names.sorted() {
            let path = folder + "/" + name
            if name.hasSuffix(".html.gz") {
                pages.append((String(name.dropLast(8)), try gunzip(path)))
            } else if name.hasSuffix(".html") {
                pages.append((String(name.dropLast(5)), [UInt8](FileManager.default.contents(atPath: path) ?? Data())))
            }
        }
        return pages
    }

    static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PipelineError(.badData, "\(path): gzip could not read it") }
        return [UInt8](data)
    }

    /// Extracts every page `repetitions` times (the time is the median), then scores the last run.
    public static func run(folder: String, truthPath: String, repetitions: Int = 3) throws -> Run {
        let truth = try truth(truthPath)
        let (predictions, seconds) = extract(try pages(folder).filter { truth[$0.id] != nil }, repetitions: repetitions)
        return Run(predictions: predictions, scores: score(predictions, truth: truth), seconds: seconds)
    }

    /// Reads and extracts every page `repetitions` times: the main text of each page (empty when
    /// it could not be read) and the median time of one pass, in seconds.
    static func extract(
        _ pages: [(id: String, bytes: [UInt8])], repetitions: Int
    ) -> (texts: [String: String], seconds: Double) {
        var times: [Double] = []
        var texts: [String: String] = [:]
        for _ in 0..<max(1, repetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            for page in pages {
                let read = try? HTMLArticleReader().read(name: page.id + ".html", bytes: page.bytes)
                texts[page.id] = read?.content.text ?? ""
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (texts, times.sorted()[times.count / 2])
    }

    // MARK: - The metric

    /// `\w+` tokens as Python's `re` finds them: letters (L*), numbers (N*) and underscore.
    static func tokens(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start: String.Index?
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            let word =
                ch.unicodeScalars.count == 1
                ? isWordScalar(ch.unicodeScalars.first!) : ch.unicodeScalars.allSatisfy(isWordScalar)
            if word { if start == nil { start = i } } else if let s = start { out.append(text[s..<i]); start = nil }
            if !word, ch.unicodeScalars.count > 1 {
                // A letter followed by a combining mark: Python splits at the mark.
                let scalars = ch.unicodeScalars
                if isWordScalar(scalars.first!) { out.append(Substring(String(scalars.first!))) }
            }
            i = text.index(after: i)
        }
        if let s = start { out.append(text[s...]) }
        return out
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default: return false
        }
    }

    /// The multiset of 4-token shingles (one shingle of all tokens for a text under 4 tokens).
    static func shingles(_ text: String) -> [[Substring]: Int] {
        let t = tokens(text)
        var out: [[Substring]: Int] = [:]
        guard !t.isEmpty else { return out }
        if t.count < 4 { out[t, default: 0] += 1; return out }
        for i in 0...(t.count - 4) { out[Array(t[i..<(i + 4)]), default: 0] += 1 }
        return out
    }

    /// Scores predictions against the truth (pages missing from the predictions count as empty).
    public static func score(_ predictions: [String: String], truth: [String: String]) -> Scores {
        var precisions: [Double] = [], recalls: [Double] = [], exact = 0, empty = 0
        var perPage: [(String, Double, Double)] = []
        for id in truth.keys.sorted() {
            let t = shingles(truth[id]!), p = shingles(predictions[id] ?? "")
            var tp = 0.0, fp = 0.0, fn = 0.0
            for key in Set(t.keys).union(p.keys) {
                let a = Double(t[key] ?? 0), b = Double(p[key] ?? 0)
                tp += min(a, b); fp += max(0, b - a); fn += max(0, a - b)
            }
            let sum = tp + fp + fn
            if sum > 0 { tp /= sum; fp /= sum; fn /= sum }
            let precision = fp == 0 && fn == 0 ? 1 : tp == 0 && fp == 0 ? 0 : tp / (tp + fp)
            let recall = fp == 0 && fn == 0 ? 1 : tp == 0 && fn == 0 ? 0 : tp / (tp + fn)
            if tp + fp > 0 { precisions.append(precision) }
            if tp + fn > 0 { recalls.append(recall) }
            perPage.append((id, precision, recall))
            if tokens(truth[id]!) == tokens(predictions[id] ?? "") { exact += 1 }
            if tokens(predictions[id] ?? "").isEmpty { empty += 1 }
        }
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
        return Scores(
            pages: truth.count, precision: mean(precisions), recall: mean(recalls),
            accuracy: Double(exact) / Double(max(1, truth.count)), emptyPredictions: empty, perPage: perPage)
    }
}
