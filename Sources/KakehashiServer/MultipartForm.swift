import Foundation

/// The files of a `multipart/form-data` body (RFC 7578): each part with a `filename` in its
/// Content-Disposition, with its bytes as sent.
enum MultipartForm {
    /// The boundary parameter of a Content-Type header.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 70 ? nil : value
            }
        }
        return nil
    }

    static func files(_ body: UnsafeRawBufferPointer, boundary: String) throws -> [(name: String, bytes: [UInt8])] {
        let delimiter = Array(("--" + boundary).utf8)
        var files: [(String, [UInt8])] = []
        var starts = MultipartForm.occurrences(of: delimiter, in: body)
        guard starts.count >= 2 else {
            throw APIError.badRequest("multipart body without its boundary '\(boundary.prefix(70))'")
        }
        starts.append(body.count)
        for k in 0..<(starts.count - 2) {
            var partStart = starts[k] + delimiter.count
            // The line end after the delimiter.
            if partStart + 1 < body.count, body[partStart] == 13, body[partStart + 1] == 10 {
                partStart += 2
            } else {
                continue
            }
            var partEnd = starts[k + 1]
            if partEnd >= 2, body[partEnd - 2] == 13, body[partEnd - 1] == 10 { partEnd -= 2 }
            guard partStart <= partEnd else { continue }
            let part = UnsafeRawBufferPointer(rebasing: body[partStart..<partEnd])
            guard let headerEnd = MultipartForm.occurrences(of: [13, 10, 13, 10], in: part).first else {
                throw APIError.badRequest("a multipart part has no blank line after its headers")
            }
            let headers = String(decoding: part[..<headerEnd], as: UTF8.self)
            guard let name = MultipartForm.fileName(headers) else { continue }
            files.append((name, Array(part[(headerEnd + 4)...])))
        }
        return files
    }

    /// The `filename` of a part's Content-Disposition header, without any folder.
    static func fileName(_ headers: String) -> String? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            guard let range = line.range(of: "filename=\"") else { return nil }
            let rest = line[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let name = String(rest[..<end]).split(separator: "/").last.map(String.init) ?? ""
            return name.isEmpty ? nil : name
        }
        return nil
    }

    static func occurrences(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) {
                found.append(i)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }
}
