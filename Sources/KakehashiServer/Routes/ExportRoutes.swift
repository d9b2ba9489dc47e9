import Foundation
import Hummingbird
import KakehashiMemory

extension MemoryServer {
    /// `GET /memory.tmx` (everything, with an entity tag, so that an OmegaT team project can map
    /// it as an external memory over HTTP and refetch only when it changed; HEAD too) and
    /// `GET /api/v1/export?langs=&min_confidence=&since=`. TMX is written once per revision and
    /// filter to a file that every client of that export shares (`ExportCache`), and streamed from
    /// it, so memory stays flat whatever the memory's size and the number of clients.
    func addExportRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/memory.tmx", method: method) { request, _ -> Response in
                // OmegaT reads this feed as a translation memory: translations only, unless
                // `relation=` says otherwise.
                let relations =
                    try MemoryServer.relations(try QueryParameters(request)["relation"]) ?? [.translation]
                let revision = try await server.admitted { try await server.memory.revision() }
                let relationTag = UnitRelation.allCases.filter(relations.contains).map(\.rawValue).joined(
                    separator: "+")
                let tag = "\"\(revision)-\(relationTag)\""
                if let match = request.headers[.ifNoneMatch],
                    match.split(separator: ",").contains(where: {
                        $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*"
                    })
                {
                    var headers = HTTPFields()
                    headers[.eTag] = tag
                    return Response(status: .notModified, headers: headers)
                }
                return try await server.tmxResponse(
                    ExportFilter(relations: relations), etag: tag, revision: revision, headOnly: method == .head)
            }
        }
        router.get("/api/v1/export") { request, _ -> Response in
            let query = try QueryParameters(request)
            var filter = ExportFilter()
            if let langs = query["langs"], !langs.isEmpty {
                filter.languages = langs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            }
            if let text = query["min_confidence"], !text.isEmpty {
                guard let c = Double(text), (0...1).contains(c) else {
                    throw APIError.badRequest("'min_confidence' must be a number from 0 to 1")
                }
                filter.minimumConfidence = c
            }
            filter.relations = try MemoryServer.relations(query["relation"])
            if let text = query["status"], !text.isEmpty {
                guard let statuses = ExportFilter.statuses(parsing: text) else {
                    throw APIError.badRequest(
                        "'status' must be approved, imported, aligned or rejected, comma-separated; not '\(text.prefix(40))'"
                    )
                }
                filter.statuses = statuses
            }
            if let text = query["since"], !text.isEmpty {
                guard let date = MemoryServer.date(text) else {
                    throw APIError.badRequest(
                        "'since' must be a date (2026-01-31) or a time (2026-01-31T09:00:00Z), not '\(text.prefix(40))'"
                    )
                }
                filter.since = date
            }
            let revision = try await server.admitted { try await server.memory.revision() }
            return try await server.tmxResponse(filter, etag: nil, revision: revision)
        }
    }

    /// The export of `filter` as a TMX response, from the shared `ExportCache` (written once per
    /// memory revision and filter); headers only for HEAD.
    func tmxResponse(
        _ filter: ExportFilter, etag: String?, revision: String, headOnly: Bool = false
    ) async throws
        -> Response
    {
        let memory = self.memory
        // Not behind the gate: one writer per export however many clients ask, and a long export
        // must not hold a turn that lookups need.
        let (input, size) = try await exports.open(key: .init(revision: revision, filter: filter.signature)) { out in
            try await memory.exportTMX(to: out, filter: filter)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/x-tmx+xml; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"kakehashi.tmx\""
        headers[.contentLength] = String(size)
        if let etag { headers[.eTag] = etag }
        if headOnly {
            try? input.close()
            return Response(status: .ok, headers: headers)
        }
        let body = ResponseBody(contentLength: size) { writer in
            defer { try? input.close() }
            while let chunk = try input.read(upToCount: 1 << 16), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The relations a `relation=` parameter names (nil when absent or empty: the route's default).
    static func relations(_ text: String?) throws -> Set<UnitRelation>? {
        guard let text, !text.isEmpty else { return nil }
        guard let set = UnitRelation.set(parsing: text) else {
            throw APIError.badRequest(
                "'relation' must be translation, partial, related or all, comma-separated; not '\(text.prefix(40))'")
        }
        return set
    }

    /// A day ("2026-01-31", midnight UTC) or an ISO 8601 time.
    static func date(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let d = full.date(from: text) { return d }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
