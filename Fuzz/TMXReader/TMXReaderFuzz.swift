// Fuzz target for the TMX reader: arbitrary bytes must give units or an XMLInputError, never a
// crash or a hang, and every unit read must survive a write and a second read unchanged.
// Built by `.ci/fuzz tmx` with -sanitize=fuzzer; otherwise a replay tool: `kakehashi-fuzz-tmx FILE...`.
import Foundation
import KakehashiMemory

func exercise(_ bytes: [UInt8]) {
    var units: [TranslationUnit] = []
    do {
        _ = try TMXReader.read(bytes: bytes, name: "fuzz.tmx") { units.append($0) }
    } catch is XMLInputError {
        return
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    // Round trip: what was read is written and read back the same.
    let pipe = Pipe()
    let writer = TMXWriter(output: pipe.fileHandleForWriting)
    do {
        try writer.begin(date: Date(timeIntervalSince1970: 0))
        for u in units where u.variants.count >= 1 { try writer.write(u) }
        try writer.finish()
        try pipe.fileHandleForWriting.close()
    } catch { fatalError("writing failed: \(error)") }
    let written = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
    var again: [TranslationUnit] = []
    do { _ = try TMXReader.read(bytes: written, name: "roundtrip.tmx") { again.append($0) } } catch {
        fatalError("our own output did not read back: \(error)")
    }
    let kept = units.filter { $0.variants.count >= 1 }
    if again.count != kept.count { fatalError("round trip changed the unit count") }
    // The writer puts the source language first, so compare the variants by language.
    func byLanguage(_ u: TranslationUnit) -> [String] { u.variants.map { $0.language + "\u{1F}" + $0.text }.sorted() }
    for (a, b) in zip(kept, again) where byLanguage(a) != byLanguage(b) {
        fatalError("round trip changed a segment")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTMX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    exercise(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if !FUZZING
    @main
    struct ReplayTMXInputs {
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
