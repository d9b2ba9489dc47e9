import Foundation
import KakehashiText

/// The files of a `multipart/form-data` body (RFC 7578): each part with a `filename` in its
/// Content-Disposition, with its bytes as sent. Splitting is linear in the body, and a body of
/// more than `maximumParts` parts is refused.
enum MultipartForm {
    /// More parts than any batch of articles needs.
    static let maximumParts = 10_000

    /// The boundary parameter of a Content-Type header.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                // RFC 2046's boundary characters: no line end, so the search below stays linear.
                let allowed = CharacterSet(
                    charactersIn: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ")
                guard !value.isEmpty, value.count <= 70, value.unicodeScalars.allSatisfy(allowed.contains) else {
                    return nil
                }
                return value
            }
        }
        return nil
    }

    /// - Throws: `APIError` (400) for a body without its boundary, a part without the blank line
    ///   after its headers, or more than `maximumParts` parts.
    static func files(_ body: UnsafeRawBufferPointer, boundary: String) throws -> [(name: String, bytes: [UInt8])] {
        let delimiter = Array(("\r\n--" + boundary).utf8)
        var files: [(String, [UInt8])] = []
        // The first delimiter may open the body without the line end before it.
        var starts: [Int] = []
        if body.starts(with: delimiter.dropFirst(2)) { starts.append(-2) }
        var from = 0
        // Linear: the delimiter's first byte (CR) does not come again in it, so a failed comparison
        // never reads past the next CR.
        while let found = ByteSearch.firstIndex(of: delimiter, in: body, from: from) {
            starts.append(found)
            guard starts.count <= maximumParts + 1 else {
                throw APIError.badRequest("the multipart body has more than \(maximumParts) parts")
            }
            from = found + delimiter.count
        }
        guard starts.count >= 2 else {
            throw APIError.badRequest("multipart body without its boundary '\(boundary.prefix(70))'")
        }
        for k in 0..<(starts.count - 1) {
            var partStart = starts[k] + delimiter.count
            // The line end after the delimiter ("--" instead ends the body).
            guard partStart + 1 < body.count, body[partStart] == 13, body[partStart + 1] == 10 else { continue }
            partStart += 2
            let partEnd = starts[k + 1]
            guard partStart <= partEnd else { continue }
            let part = UnsafeRawBufferPointer(rebasing: body[partStart..<partEnd])
            guard let headerEnd = ByteSearch.firstIndex(of: [13, 10, 13, 10], in: part, from: 0) else {
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
}
