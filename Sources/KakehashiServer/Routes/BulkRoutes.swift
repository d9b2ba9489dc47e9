import Foundation
import Hummingbird
import KakehashiMemory
import KakehashiPipeline

extension MemoryServer {
    /// Bulk changes: `POST /api/v1/bulk` (`{"filter":{…},"action":…,"dry_run":…}`, a reviewer's)
    /// answers the count and a sample, and `POST /api/v1/bulk/{id}/undo` undoes one as one.
    func addBulkRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        router.post("/api/v1/bulk") { request, _ -> Response in
            let user = try server.authorize(request, as: .reviewer)
            let bulk = try MemoryServer.bulkRequest(Array(buffer: try await request.body.collect(upTo: 64 << 10)))
            let memory = try server.bulkReviewable()
            let result = try await server.bulkAnswer {
                try await memory.bulkChange(bulk.selection, bulk.action, dryRun: bulk.dryRun, by: user.name, at: Date())
            }
            return MemoryServer.json(result.json, status: bulk.dryRun ? .ok : .created)
        }
        router.post("/api/v1/bulk/:id/undo") { request, context -> Response in
            let user = try server.authorize(request, as: .reviewer)
            let raw = context.parameters.get("id") ?? ""
            guard let id = Int64(raw), id > 0 else {
                throw APIError.badRequest("a bulk change's id is a positive whole number, not '\(raw.prefix(40))'")
            }
            let memory = try server.bulkReviewable()
            let result = try await server.bulkAnswer { try await memory.undoBulkChange(id, by: user.name, at: Date()) }
            return MemoryServer.json(result.json, status: .created)
        }
    }

    /// The memory as one that takes bulk changes (both backends do).
    func bulkReviewable() throws -> any BulkReviewableMemory {
        guard let memory = memory as? any BulkReviewableMemory else {
            throw APIError(.methodNotAllowed, "not_reviewable", "this memory takes no bulk changes")
        }
        return memory
    }

    /// Runs a bulk change in turn with the other requests; its errors become 400, 404 and 409.
    func bulkAnswer(_ body: @escaping @Sendable () async throws -> BulkResult) async throws -> BulkResult {
        do { return try await admitted(body) } catch let error as BulkError {
            switch error {
            case .badPattern, .tooMany: throw APIError.badRequest(error.description)
            case .noSuchBulkChange: throw APIError.notFound(error.description)
            case .alreadyUndone, .unit: throw APIError(.conflict, "conflict", error.description)
            }
        }
    }

    /// The body of `POST /api/v1/bulk`: `filter` (an object of `BulkRequest.filterFields`, each a
    /// string, a number or a list of names), `action` (`approve`, `reject`, `replace` with
    /// `language`, `pattern` and `replacement`) and `dry_run` (required: a preview is asked for,
    /// never assumed away).
    static func bulkRequest(_ body: [UInt8]) throws -> BulkRequest {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw APIError.badRequest(
                #"expected a JSON object such as {"filter":{"relation":"related"},"action":"reject","dry_run":true}"#)
        }
        let known = ["filter", "action", "dry_run", "language", "pattern", "replacement"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw APIError.badRequest(
                "unknown field '\(unknown.prefix(40))': a bulk change has \(known.joined(separator: ", "))")
        }
        guard let dryRun = object["dry_run"] as? Bool else {
            throw APIError.badRequest("'dry_run' is required: true for a preview, false to make the change")
        }
        var fields: [String: String] = [:]
        if let filter = object["filter"] {
            guard let filter = filter as? [String: Any] else { throw APIError.badRequest("'filter' is an object") }
            for (name, value) in filter {
                switch value {
                case let text as String: fields[name] = text
                case let list as [String]: fields[name] = list.joined(separator: ",")
                case let number as NSNumber: fields[name] = number.stringValue
                default: throw APIError.badRequest("the filter's '\(name.prefix(40))' is a text, a number or a list")
                }
            }
        }
        func text(_ name: String) throws -> String? {
            guard let value = object[name] else { return nil }
            guard let text = value as? String else { throw APIError.badRequest("'\(name)' is a text") }
            return text
        }
        do {
            return BulkRequest(
                selection: try BulkRequest.selection(fields),
                action: try BulkRequest.action(
                    try text("action") ?? "", language: try text("language"), pattern: try text("pattern"),
                    replacement: try text("replacement")),
                dryRun: dryRun)
        } catch let error as PipelineError { throw APIError.badRequest(error.message) }
    }
}

extension MemoryServer {
    /// What the review page reads: `GET /api/v1/review/queue` (units a filter takes, least
    /// confident first; unreviewed `aligned` units unless `status` names another one) and
    /// `GET /api/v1/units/{id}/context` (a unit's neighbouring sentences in its articles).
    func addReviewQueueRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        router.get("/api/v1/review/queue") { request, _ -> Response in
            let query = try QueryParameters(request)
            let limit = try query.integer("limit", in: 1...100, default: 50)
            let offset = try query.integer("offset", in: 0...10_000, default: 0)
            var fields: [String: String] = ["status": "aligned"]
            for name in BulkRequest.filterFields {
                if let value = query[name], !value.isEmpty { fields[name] = value }
            }
            let selection: UnitSelection
            do { selection = try BulkRequest.selection(fields) } catch let error as PipelineError {
                throw APIError.badRequest(error.message)
            }
            // One status: the queue is then read in an index's order, never sorted whole.
            guard selection.statuses?.count == 1 else {
                throw APIError.badRequest(
                    "the queue shows one status at a time: aligned, imported, approved or rejected")
            }
            let memory = try server.reviewable()
            let units = try await server.admitted { () -> [String] in
                var answer: [String] = []
                for id in try await memory.reviewQueue(selection, limit: limit, offset: offset) {
                    guard let unit = try await memory.unit(id: id), let version = try await memory.version(ofUnit: id)
                    else { continue }
                    answer.append(MemoryServer.unitJSON(unit, id: id, version: version))
                }
                return answer
            }
            return MemoryServer.json(JSON.object([("units", JSON.array(units)), ("offset", String(offset))]))
        }
        router.get("/api/v1/units/:id/context") { _, context -> Response in
            let id = try MemoryServer.unitID(context)
            let memory = try server.reviewable()
            let answer = try await server.admitted { () -> UnitContext? in
                guard let unit = try await memory.unit(id: id) else { return nil }
                return try await UnitContext.of(unit, id: id, in: memory)
            }
            guard let answer else { throw APIError.notFound("no unit \(id)") }
            return MemoryServer.json(answer.json)
        }
    }
}
