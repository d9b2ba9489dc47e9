import ArgumentParser
import Foundation
import KakehashiText

/// Exit codes from BSD's sysexits.h, which shell scripts and other tools understand.
enum ExitStatus {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let ioError: Int32 = 74
}

/// Writes a message to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("kakehashi: " + message + "\n").utf8))
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

/// Reading one input (a file or stdin) and decoding it, with errors mapped to exit codes.
struct InputReader {
    var forcedEncoding: String?

    /// The raw bytes of `path` ("-" or nil for stdin).
    func bytes(of path: String?) throws -> (bytes: [UInt8], name: String) {
        if path == nil || path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return ([UInt8](data), "<stdin>")
        }
        let p = path!
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory) else {
            throw fail("\(p): no such file", code: ExitStatus.noInput)
        }
        if isDirectory.boolValue { throw fail("\(p): is a folder, expected a file", code: ExitStatus.noInput) }
        guard let data = FileManager.default.contents(atPath: p) else {
            throw fail("\(p): cannot read (permission?)", code: ExitStatus.noInput)
        }
        return ([UInt8](data), p)
    }

    func read(_ path: String?) throws -> (text: DecodedText, name: String) {
        let (bytes, name) = try bytes(of: path)
        do {
            return (try TextDecoder.decode(bytes, file: name, forcedEncoding: forcedEncoding), name)
        } catch let e as InputError {
            if case .unknownEncoding = e.kind { throw fail(e.description, code: ExitStatus.usage) }
            throw fail(e.description, code: ExitStatus.dataError)
        }
    }
}

/// Minimal JSON writing with a fixed key order (stable, diff-friendly output).
enum JSON {
    static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    out += "\\u" + String(format: "%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }

    /// One object from ordered (key, already-encoded value) pairs.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    static func array(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }
}

/// Output formats shared by the commands.
enum TextOrJSONL: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}
