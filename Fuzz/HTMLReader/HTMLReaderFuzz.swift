// Fuzz target for HTML reading and extraction: arbitrary bytes must give a page or an InputError,
// never a crash or a hang; every paragraph kept must be text of the page (no markup, no NUL), and
// every block's lines must lie within the page. Built by `.ci/fuzz html` with -sanitize=fuzzer;
// otherwise a replay tool: `kakehashi-fuzz-html FILE...`.
import Foundation
import KakehashiHTML
import KakehashiText

func exercise(_ bytes: [UInt8]) {
    let page: HTMLPage
    do {
        page = try HTMLArticleReader().read(name: "fuzz.html", bytes: bytes)
    } catch is InputError {
        return
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    let lineCount = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    for block in page.article.blocks {
        if block.text.isEmpty { fatalError("an empty block") }
        if block.text.utf8.contains(0) { fatalError("a NUL in the text") }
        if block.lines.lowerBound < 1 || block.lines.upperBound > lineCount {
            fatalError("block lines \(block.lines) outside 1...\(lineCount)")
        }
        for start in block.lineStarts where start.offset > block.text.utf8.count {
            fatalError("a line start past the text")
        }
    }
    for dropped in page.article.dropped where dropped.line < 0 || dropped.line > lineCount {
        fatalError("dropped line \(dropped.line) outside the page")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if !FUZZING
    @main
    struct ReplayHTMLInputs {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("\(path): cannot read"); exit(66)
                }
                exercise([UInt8](data))
                print("ok \(path)")
            }
        }
    }
#endif
