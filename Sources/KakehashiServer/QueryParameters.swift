import Foundation
import Hummingbird

/// A request's query string, decoded as browsers and CAT tools encode it: `+` is a space and
/// `%XX` a byte of UTF-8. Malformed encoding is a 400, not a guess.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ request: Request) throws {
        guard let query = request.uri.query, !query.isEmpty else { return }
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try QueryParameters.decode(String(parts[0]), plusIsSpace: true)
            let value = parts.count > 1 ? try QueryParameters.decode(String(parts[1]), plusIsSpace: true) : ""
            if values[key] == nil { values[key] = value }
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    /// An integer parameter within `range`, or `fallback` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = values[name], !text.isEmpty else { return fallback }
        guard let n = Int(text), range.contains(n) else {
            throw APIError.badRequest(
                "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text.prefix(40))'"
            )
        }
        return n
    }

    /// Percent-decoding of a URL component; with `plusIsSpace` (a query), `+` is a space.
    static func decode(_ text: String, plusIsSpace: Bool) throws -> String {
        let spaced = plusIsSpace ? text.replacingOccurrences(of: "+", with: " ") : text
        guard spaced.contains("%") else { return spaced }
        guard let decoded = spaced.removingPercentEncoding else {
            throw APIError.badRequest(
                "malformed percent-encoding in the URL (not UTF-8, or '%' without two hex digits)")
        }
        return decoded
    }
}
