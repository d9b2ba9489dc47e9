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

/// One line of progress on stderr, rewritten in place, shown only when stderr is a terminal (so
/// logs and pipes stay clean).
struct StatusLine {
    let enabled = isatty(STDERR_FILENO) == 1

    func show(_ message: String) {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K\(message)".utf8)) }
    }

    func clear() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// A progress bar: "[#####·····] 5/10".
    static func bar(_ done: Int, of total: Int, width: Int = 20) -> String {
        let filled = total > 0 ? min(width, done * width / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled) + "] \(done)/\(total)"
    }
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
        // Copy runs of bytes that need no escaping; escape the rest (quotes, backslash, controls,
        // and U+2028/U+2029, which some JSON consumers treat as line ends).
        var out: [UInt8] = [0x22]
        out.reserveCapacity(s.utf8.count + 2)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = s.utf8.makeIterator()
        var pending: [UInt8] = []
        while let b = bytes.next() {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            case 0xE2:
                // U+2028 / U+2029 are E2 80 A8 / E2 80 A9.
                pending = [b]
                if let b1 = bytes.next() {
                    pending.append(b1)
                    if b1 == 0x80, let b2 = bytes.next() {
                        if b2 == 0xA8 || b2 == 0xA9 { out += Array("\\u202".utf8) + [b2 == 0xA8 ? 0x38 : 0x39]; continue }
                        pending.append(b2)
                    }
                }
                out += pending
            default: out.append(b)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
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
