// Fuzz target for reading + segmenting: arbitrary bytes go through the decoder, the article
// reader, the sentence and word segmenters and every normalization form, and the invariants a
// caller relies on are checked (ranges inside the text, in order, non-overlapping; the tracked
// key equal to the fast key). Built by `.ci/fuzz` with -sanitize=fuzzer; in an ordinary build this
// is a replay tool: `kakehashi-fuzz FILE...` runs the same checks on saved inputs.
import KakehashiText

nonisolated(unsafe) let segmenter = try! SentenceSegmenter()
nonisolated(unsafe) let words = try! WordSegmenter(locale: "ja")

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

func exercise(_ bytes: [UInt8]) {
    guard let decoded = try? TextDecoder.decode(bytes, file: "fuzz-input") else { return }
    let text = decoded.text
    let utf8Count = text.utf8.count
    if let sentences = try? segmenter.segment(text) {
        var previousEnd = 0
        for s in sentences {
            check(s.range.lowerBound >= previousEnd, "sentences overlap or go backwards")
            check(s.range.upperBound <= utf8Count && !s.range.isEmpty, "sentence range outside the text")
            previousEnd = s.range.upperBound
            _ = s.text(in: text)
        }
    }
    let article = ArticleReader().read(name: "fuzz-input", text: text)
    for block in article.blocks {
        check(block.lines.lowerBound >= 1, "block line numbers start at 1")
        _ = try? segmenter.segment(block.text)
    }
    if let ws = try? words.segment(text) {
        for w in ws { check(w.range.upperBound <= utf8Count, "word range outside the text") }
    }
    for form in NormalizationForm.allCases {
        guard let fast = try? TextNormalizer.normalize(text, form: form),
            let tracked = try? TextNormalizer.normalizeTracking(text, form: form)
        else { continue }
        check(fast == tracked.text, "\(form): tracked and fast forms differ")
        let r = tracked.originalRange(ofNormalized: 0..<tracked.text.utf8.count)
        check(r.upperBound <= utf8Count, "\(form): mapped range outside the original")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReadSegment(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

import Foundation

// Built with `swift build --sanitize=fuzzer` (see .ci/fuzz), libFuzzer supplies `main` and calls
// LLVMFuzzerTestOneInput; otherwise this file is a replay tool with its own entry point.
#if !FUZZING
    @main
    struct ReplayFuzzInputs {
        static func main() {
            let paths = CommandLine.arguments.dropFirst()
            if paths.isEmpty {
                FileHandle.standardError.write(Data("usage: kakehashi-fuzz FILE... (replays fuzz inputs)\n".utf8))
                exit(64)
            }
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
                    exit(66)
                }
                exercise([UInt8](data))
                print("ok \(path)")
            }
        }
    }
#endif
