public import Foundation
import ICUKit

/// One of the Debian dictionary files the lexicon is compiled from, with the apt package that
/// provides it (named in the message when it is missing).
public struct DictionarySource: Sendable, Hashable {
    /// What the file is, as the lexicon uses it.
    public enum Role: String, Sendable, CaseIterable {
        case edict, enamdict, kanjidic2, unihanReadings, unihanVariants
    }

    public var role: Role
    public var path: String
    public var package: String

    /// The standard Debian 12 locations.
    public static let debian: [DictionarySource] = [
        DictionarySource(role: .edict, path: "/usr/share/edict/edict", package: "edict"),
        DictionarySource(role: .enamdict, path: "/usr/share/edict/enamdict", package: "enamdict"),
        DictionarySource(role: .kanjidic2, path: "/usr/share/edict/kanjidic2.xml.gz", package: "kanjidic-xml"),
        DictionarySource(
            role: .unihanReadings, path: "/usr/share/unicode/Unihan_Readings.txt.bz2", package: "unicode-data"),
        DictionarySource(
            role: .unihanVariants, path: "/usr/share/unicode/Unihan_Variants.txt.bz2", package: "unicode-data"),
    ]

    public var exists: Bool { FileManager.default.isReadableFile(atPath: path) }

    /// Last modification time, or nil when the file is missing.
    public var modified: Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// What to tell the user when the file is missing.
    public var missingMessage: String {
        "\(path) not found: install it with `apt-get install \(package)` (the lexicon works without it, with less coverage)"
    }
}

/// An error reading a dictionary file, naming the file and what went wrong.
public struct DictionaryReadError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads the dictionary files as text.
///
/// The EDRDG files are EUC-JP and are decoded through ICU's converter (Foundation on Linux cannot
/// decode EUC-JP). Compressed files are piped through `gzip -dc` or `bzip2 -dc`: both are on
/// every Debian system that has these packages (`gzip` is essential, `bzip2` comes with
/// `unicode-data`'s users and is installed by `.ci/setup`), and linking zlib and libbz2 into the
/// package for two files read once at build time would cost more than it saves.
enum DictionaryReader {
    static func text(of source: DictionarySource) throws -> String {
        let bytes: [UInt8]
        if source.path.hasSuffix(".gz") {
            bytes = try decompress(source.path, tool: "gzip")
        } else if source.path.hasSuffix(".bz2") {
            bytes = try decompress(source.path, tool: "bzip2")
        } else {
            guard let data = FileManager.default.contents(atPath: source.path) else {
                throw DictionaryReadError(path: source.path, reason: "cannot be read")
            }
            bytes = [UInt8](data)
        }
        let charset = source.role == .edict || source.role == .enamdict ? "EUC-JP" : "UTF-8"
        if charset == "UTF-8" {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw DictionaryReadError(path: source.path, reason: "is not valid UTF-8")
            }
            return text
        }
        do {
            return try bytes.withUnsafeBufferPointer { try CharsetConverter.decode($0, charset: charset) }
        } catch let error as CharsetConversionError {
            throw DictionaryReadError(path: source.path, reason: "invalid \(charset) at byte \(error.byteOffset)")
        }
    }

    /// The output of `tool -dc path`.
    static func decompress(_ path: String, tool: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool, "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw DictionaryReadError(
                path: path, reason: "cannot run \(tool) (install it with `apt-get install \(tool)`)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DictionaryReadError(path: path, reason: "\(tool) -dc failed with status \(process.terminationStatus)")
        }
        return [UInt8](data)
    }
}
