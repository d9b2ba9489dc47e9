import Foundation
import Hummingbird
import KakehashiMemory
import KakehashiPipeline

extension MemoryServer {
    /// Reviewers' changes over HTTP: `PATCH /api/v1/units/{id}` (status, relation, texts, note),
    /// `POST /api/v1/units/{id}/undo`, `GET /api/v1/units/{id}/history`. A change needs a
    /// reviewer's token and `If-Match` with the unit's ETag (428 without it, 412 with the current
    /// unit when it is stale), and answers the changed unit with its new ETag.
    func addReviewRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        router.patch("/api/v1/units/:id") { request, context -> Response in
            let user = try server.authorize(request, as: .reviewer)
            let id = try MemoryServer.unitID(context)
            let version = try MemoryServer.ifMatch(request, unit: id)
            // A change, not an upload: at most 64 KB (413 past it, from the error middleware).
            let change = try MemoryServer.change(Array(buffer: try await request.body.collect(upTo: 64 << 10)))
            return try await server.reviewed(id) { memory in
                try await memory.change(unit: id, at: version, change, by: user.name, at: Date())
            }
        }
        router.delete("/api/v1/units/:id") { request, context -> Response in
            let user = try server.authorize(request, as: .admin)
            let id = try MemoryServer.unitID(context)
            let version = try MemoryServer.ifMatch(request, unit: id)
            return try await server.reviewed(id) { memory in
                try await memory.change(unit: id, at: version, .delete, by: user.name, at: Date())
            }
        }
        router.post("/api/v1/units/:id/undo") { request, context -> Response in
            let user = try server.authorize(request, as: .reviewer)
            let id = try MemoryServer.unitID(context)
            let version = try MemoryServer.ifMatch(request, unit: id)
            return try await server.reviewed(id) { memory in
                // Undoing a deletion deletes the unit's deleted state: an admin's change too.
                if user.role < .admin,
                    UnitHistoryEntry.undoable(in: try await memory.history(ofUnit: id))?.change.contains("delete")
                        == true
                {
                    throw APIError(.forbidden, "forbidden", "only an admin may undo a deletion")
                }
                return try await memory.undo(unit: id, at: version, by: user.name, at: Date())
            }
        }
        router.get("/api/v1/units/:id/history") { _, context -> Response in
            let id = try MemoryServer.unitID(context)
            let history = try await server.admitted { try await server.reviewable().history(ofUnit: id) }
            return MemoryServer.json(JSON.array(history.map { MemoryServer.changeJSON($0, withUnit: false) }))
        }
        // Every change of the memory after a sequence number, oldest first, for systems that follow it.
        router.get("/api/v1/changes") { request, _ -> Response in
            let query = try QueryParameters(request)
            let since = try query.integer("since", in: 0...Int(Int64.max >> 1), default: 0)
            let limit = try query.integer("limit", in: 1...1000, default: 100)
            let (changes, latest) = try await server.admitted {
                try await server.reviewable().changes(after: Int64(since), limit: limit)
            }
            return MemoryServer.json(
                JSON.object([
                    ("changes", JSON.array(changes.map { MemoryServer.changeJSON($0, withUnit: true) })),
                    ("latest", String(latest)),
                ]))
        }
    }

    /// `{"seq"?,"unit"?,"version","user","at","change","before","after","undone"}`.
    static func changeJSON(_ h: UnitHistoryEntry, withUnit: Bool) -> String {
        var fields: [(String, String)] = []
        if withUnit { fields += [("seq", String(h.sequence)), ("unit", String(h.unitID))] }
        fields += [
            ("version", String(h.version)), ("user", JSON.string(h.user)),
            ("at", JSON.string(ISO8601DateFormatter().string(from: h.date))), ("change", JSON.string(h.change)),
            ("before", h.before.json), ("after", h.after.json), ("undone", h.undoneBy == nil ? "false" : "true"),
        ]
        return JSON.object(fields)
    }

    /// The memory as a reviewable one (both backends are).
    func reviewable() throws -> any ReviewableMemory {
        guard let memory = memory as? any ReviewableMemory else {
            throw APIError(.methodNotAllowed, "not_reviewable", "this memory cannot be reviewed")
        }
        return memory
    }

    /// Unit `id` as JSON with its version, and its ETag.
    func currentUnit(_ id: Int64) async throws -> Response {
        let memory = try reviewable()
        guard let unit = try await memory.unit(id: id), let version = try await memory.version(ofUnit: id) else {
            throw APIError.notFound("no unit \(id)")
        }
        var headers = HTTPFields()
        headers[.eTag] = MemoryServer.eTag(unit: id, version: version)
        return MemoryServer.json(MemoryServer.unitJSON(unit, id: id, version: version), headers: headers)
    }

    /// Runs a change, then answers the changed unit; review errors become 404, 409, 412 (with
    /// the current unit and its ETag) and 413.
    func reviewed(
        _ id: Int64, _ change: @escaping @Sendable (any ReviewableMemory) async throws -> Int
    ) async throws
        -> Response
    {
        let memory = try reviewable()
        do {
            return try await admitted {
                _ = try await change(memory)
                return try await currentUnit(id)
            }
        } catch let error as ReviewError {
            switch error {
            case .noSuchUnit: throw APIError.notFound(error.description)
            case .nothingToUndo, .duplicate, .unitDeleted: throw APIError(.conflict, "conflict", error.description)
            case .emptyText, .noSuchSide: throw APIError.badRequest(error.description)
            case .tooLong: throw APIError(.contentTooLarge, "too_large", error.description)
            case .staleVersion(_, let current):
                var answer = APIError(.preconditionFailed, "stale_version", error.description)
                if let unit = try? await memory.unit(id: id) {
                    answer.attachment = ("current", MemoryServer.unitJSON(unit, id: id, version: current))
                    answer.eTag = MemoryServer.eTag(unit: id, version: current)
                }
                throw answer
            }
        }
    }

    /// `"u12-v3"`: unit 12 at version 3.
    static func eTag(unit id: Int64, version: Int) -> String { "\"u\(id)-v\(version)\"" }

    /// The version an `If-Match` header names for unit `id`: 428 without one, 412 when it names
    /// another unit or is not an ETag of ours.
    static func ifMatch(_ request: Request, unit id: Int64) throws -> Int {
        guard let header = request.headers[.ifMatch] else {
            throw APIError(
                .preconditionRequired, "if_match_required",
                "a change needs 'If-Match' with the unit's ETag (GET /api/v1/units/\(id))")
        }
        var tag = header.trimmingCharacters(in: .whitespaces)
        if tag.hasPrefix("W/") { tag.removeFirst(2) }
        let prefix = "\"u\(id)-v"
        guard tag.hasPrefix(prefix), tag.hasSuffix("\""), let version = Int(tag.dropFirst(prefix.count).dropLast())
        else {
            throw APIError(
                .preconditionFailed, "stale_version", "'If-Match: \(header.prefix(60))' is not an ETag of unit \(id)")
        }
        return version
    }

    /// The unit id of the route's path.
    static func unitID(_ context: BasicRequestContext) throws -> Int64 {
        let raw = context.parameters.get("id") ?? ""
        guard let id = Int64(raw), id > 0 else {
            throw APIError.badRequest("a unit id is a positive whole number, not '\(raw.prefix(40))'")
        }
        return id
    }

    /// A change's JSON body, `{"status":"approved"|"rejected","relation":…,"en":…,"ja":…,"note":…}`
    /// (any of them, made in that order as one change).
    static func change(_ body: [UInt8]) throws -> UnitChange {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw APIError.badRequest("expected a JSON object such as {\"status\":\"approved\"}")
        }
        if let unknown = object.keys.sorted().first(where: { !["status", "relation", "en", "ja", "note"].contains($0) })
        {
            throw APIError.badRequest(
                "unknown field '\(unknown.prefix(40))': a change has status, relation, en, ja and note")
        }
        var changes: [UnitChange] = []
        if let status = object["status"] {
            switch status as? String {
            case "approved": changes.append(.approve)
            case "rejected": changes.append(.reject)
            default: throw APIError.badRequest("'status' is approved or rejected")
            }
        }
        if let relation = object["relation"] {
            guard let name = relation as? String, let parsed = UnitRelation(rawValue: name) else {
                throw APIError.badRequest("'relation' is translation, partial or related")
            }
            changes.append(.relabel(parsed))
        }
        for language in ["en", "ja"] {
            guard let text = object[language] else { continue }
            guard let text = text as? String else { throw APIError.badRequest("'\(language)' is the side's new text") }
            changes.append(.edit(language: language, text: text))
        }
        if let note = object["note"] {
            guard let text = note as? String, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError.badRequest("'note' is a text")
            }
            changes.append(.note(text))
        }
        guard !changes.isEmpty else { throw APIError.badRequest("the change is empty") }
        return changes.count == 1 ? changes[0] : .several(changes)
    }
}
