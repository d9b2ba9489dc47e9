import Foundation
public import KakehashiText

/// Finding and reading input files: the files under the paths a user names, and one file (or
/// stdin) decoded to text with its charset detected or forced.
public enum InputFiles {
    /// Files named and files under folders named (recursively, in name order, hidden files and
    /// folders skipped), each once.
    /// - Throws: `PipelineError` `.noInput` for a path that does not exist or a folder that cannot be listed.
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw PipelineError(.noInput, "\(path): no such file or folder")
            }
            guard isDirectory.boolValue else { files.append(path); continue }
            guard let walker = fm.enumerator(atPath: path) else {
                throw PipelineError(.noInput, "\(path): cannot list the folder")
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                var sub: ObjCBool = false
                if fm.fileExists(atPath: full, isDirectory: &sub), !sub.boolValue { found.append(full) }
            }
            files += found.sorted()
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    /// The raw bytes of `path` ("-" or nil for stdin) and the name to report it by.
    /// - Throws: `PipelineError` `.noInput` for a missing file, a folder, or a file that cannot be read.
    public static func bytes(of path: String?) throws -> (bytes: [UInt8], name: String) {
        guard let path, path != "-" else {
            return ([UInt8](FileHandle.standardInput.readDataToEndOfFile()), "<stdin>")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PipelineError(.noInput, "\(path): no such file")
        }
        if isDirectory.boolValue { throw PipelineError(.noInput, "\(path): is a folder, expected a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.noInput, "\(path): cannot read (permission?)")
        }
        return ([UInt8](data), path)
    }

    /// `bytes` decoded: the charset from the byte-order mark, the bytes or `encoding` when given.
    /// - Throws: `PipelineError`: `.usage` for an unknown `encoding`, `.badData` for bytes that are
    ///   not text in any charset Kakehashi reads (the message names `name` and the place).
    public static func decode(_ bytes: [UInt8], name: String, encoding: String?) throws -> DecodedText {
        do { return try TextDecoder.decode(bytes, file: name, forcedEncoding: encoding) } catch let error as InputError
        {
            throw PipelineError(error)
        }
    }

    /// One file (or stdin) read and decoded.
    /// - Throws: `PipelineError`, as `bytes(of:)` and `decode(_:name:encoding:)`.
    public static func read(_ path: String?, encoding: String? = nil) throws -> (text: DecodedText, name: String) {
        let (bytes, name) = try bytes(of: path)
        return (try decode(bytes, name: name, encoding: encoding), name)
    }
}
