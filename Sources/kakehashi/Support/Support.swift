import ArgumentParser
import Foundation
import KakehashiPipeline
import KakehashiText

/// Exit codes from BSD's sysexits.h, which shell scripts and other tools understand.
enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let ioError: Int32 = 74
    /// Someone else changed it meanwhile: read it again and retry.
    static let tryAgain: Int32 = 75
}

/// Writes a message to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("kakehashi: " + message + "\n").utf8))
}

/// The exit status that tells a shell script what kind of failure a pipeline error is.
extension PipelineError.Kind {
    var exitStatus: Int32 {
        switch self {
        case .usage: ExitStatus.usage
        case .noInput: ExitStatus.noInput
        case .badData: ExitStatus.dataError
        case .io: ExitStatus.ioError
        }
    }
}

/// Runs a library call; a `PipelineError` is printed and becomes the exit status of its kind.
func pipeline<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as PipelineError {
        throw fail(error.message, code: error.kind.exitStatus)
    } catch  where PipelineError.isMemoryError(error) {
        let e = PipelineError(memory: error)
        throw fail(e.message, code: e.kind.exitStatus)
    }
}

/// Runs an async library call, as `pipeline` does.
func pipeline<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let error as PipelineError {
        throw fail(error.message, code: error.kind.exitStatus)
    } catch  where PipelineError.isMemoryError(error) {
        let e = PipelineError(memory: error)
        throw fail(e.message, code: e.kind.exitStatus)
    }
}

/// One input file (or stdin for nil or "-") read and decoded; failures print and exit.
func readInput(_ path: String?, encoding: String?) throws -> (text: DecodedText, name: String) {
    try pipeline { try InputFiles.read(path, encoding: encoding) }
}

/// Prints `message` to stderr and stops with `code`.
func fail(_ message: String, code: Int32) -> ExitCode {
    printError(message)
    return ExitCode(code)
}

/// Buffered stdout: machine-readable output goes here and nowhere else.
final class OutputBuffer {
    private var buffer: [UInt8] = []
    init() { buffer.reserveCapacity(1 << 16) }
    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }
    func line(_ s: String) { write(s); write("\n") }
    func flush() {
        if buffer.isEmpty { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
    deinit { flush() }
}

/// Output formats shared by the commands.
enum TextOrJSONL: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}
