import Foundation
import Hummingbird
import KakehashiMemory

extension MemoryServer {
    /// `GET /memory.tmx` (everything, with an entity tag, so that an OmegaT team project can map
    /// it as an external memory over HTTP and refetch only when it changed) and
    /// `GET /api/v1/export?langs=&min_confidence=&since=`. TMX is written to a temporary file
    /// and streamed from it, so memory stays flat whatever the memory's size.
    func addExportRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        router.get("/memory.tmx") { request, _ -> Response in
            // OmegaT reads this feed as a translation memory: translations only, unless
            // `relation=` says otherwise.
            let relations = try MemoryServer.relations(try QueryParameters(request)["relation"]) ?? [.translation]
            let revision = try await server.memory.revision()
            let relationTag = UnitRelation.allCases.filter(relations.contains).map(\.rawValue).joined(separator: "+")
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
            return try await server.tmxResponse(ExportFilter(relations: relations), etag: tag)
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
            if let text = query["since"], !text.isEmpty {
                guard let date = MemoryServer.date(text) else {
                    throw APIError.badRequest(
                        "'since' must be a date (2026-01-31) or a time (2026-01-31T09:00:00Z), not '\(text.prefix(40))'"
                    )
                }
                filter.since = date
            }
            return try await server.tmxResponse(filter, etag: nil)
        }
    }

    func tmxResponse(_ filter: ExportFilter, etag: String?) async throws -> Response {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-export-\(UUID().uuidString).tmx"
        ).path
        let memory = self.memory
        do {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let out = FileHandle(forWritingAtPath: path)
            else {
                throw APIError(.internalServerError, "internal", "cannot write a temporary export file")
            }
            defer { try? out.close() }
            try await memory.exportTMX(to: out, filter: filter)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        var headers = HTTPFields()
        headers[.contentType] = "application/x-tmx+xml; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"kakehashi.tmx\""
        if let etag { headers[.eTag] = etag }
        let body = ResponseBody(contentLength: size) { writer in
            defer { try? FileManager.default.removeItem(atPath: path) }
            guard let input = FileHandle(forReadingAtPath: path) else {
                throw APIError(.internalServerError, "internal", "export file vanished")
            }
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
