import Foundation
import KakehashiPipeline

/// A translated document of the evaluation data: sentence k of one side translates sentence k of
/// the other (WMT21 newstest, one JSON object per line with "doc", "en" and "ja").
public struct ParallelDocument: Sendable {
    /// The document's id in its set ("seattle_times.253485").
    public let id: String
    public let pairs: [(en: String, ja: String)]

    public var english: [String] { pairs.map(\.en) }
    public var japanese: [String] { pairs.map(\.ja) }

    /// The documents of a JSON-lines file; a bad line is an error naming the file and line.
    public static func read(_ path: String) throws -> [ParallelDocument] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.noInput, "\(path): no such file")
        }
        var documents: [ParallelDocument] = []
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                let en = object["en"] as? [String], let ja = object["ja"] as? [String], en.count == ja.count
            else {
                throw PipelineError(
                    .badData, "\(path):\(n + 1): expected {\"en\": [...], \"ja\": [...]} of equal lengths")
            }
            documents.append(
                ParallelDocument(
                    id: object["doc"] as? String ?? "\(n + 1)", pairs: Array(zip(en, ja)).map { (en: $0.0, ja: $0.1) }))
        }
        return documents
    }

    /// The document cut into runs of `size` consecutive sentence pairs (the last may be shorter),
    /// each a document of its own.
    public func chunks(of size: Int) -> [ParallelDocument] {
        stride(from: 0, to: pairs.count, by: max(1, size)).map { start in
            ParallelDocument(
                id: "\(id)#\(start / max(1, size))", pairs: Array(pairs[start..<min(pairs.count, start + max(1, size))])
            )
        }
    }
}
