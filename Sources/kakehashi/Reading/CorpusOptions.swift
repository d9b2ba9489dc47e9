import ArgumentParser
import KakehashiPipeline

/// The inputs of `pairs` and `ingest`: article files or folders, and an optional forced encoding.
struct CorpusOptions: ParsableArguments {
    @Option(help: "Force the input encoding of every file.")
    var encoding: String?

    @Argument(help: "Article files or folders (folders recurse).")
    var paths: [String] = []

    /// The error for a command that needs files and was given none.
    static let noPaths = ValidationError("give at least one file or folder")

    /// The corpus, with reading and segmenting shown on `status`.
    func read(_ status: StatusLine) throws -> Corpus {
        let clock = ProgressClock()
        return try pipeline {
            try Corpus(paths: paths, encoding: encoding) { step in
                switch step {
                case let .reading(file, done, total):
                    status.show("reading \(done + 1)/\(total)\(clock.rate(done, of: total)) \(file)")
                case let .segmenting(file, line): status.show("segmenting \(file):\(line)")
                }
            }
        }
    }
}

extension CorpusDocument {
    /// {"file":…,"lines":[first,last]}
    var locationJSON: String {
        JSON.object([
            ("file", JSON.string(file)), ("lines", JSON.array([String(lines.lowerBound), String(lines.upperBound)])),
        ])
    }
}
