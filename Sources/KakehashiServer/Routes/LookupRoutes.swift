import Foundation
import Hummingbird
import KakehashiMemory
import KakehashiPipeline

extension MemoryServer {
    /// `/api/v1/lookup`, `/api/v1/concordance`, `/api/v1/units/{id}`, `/api/v1/stats`.
    func addLookupRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        router.get("/api/v1/lookup") { request, _ -> Response in
            let query = try QueryParameters(request)
            let text = try server.searchText(query["q"])
            var options = LookupOptions(from: try MemoryServer.language(query["from"]))
            options.penalties = server.options.penalties
            if let mode = query["mode"], !mode.isEmpty {
                guard let parsed = LookupMode(rawValue: mode) else {
                    throw APIError.badRequest(
                        "'mode' must be one of exact, fuzzy, concordance, all; not '\(mode.prefix(40))'")
                }
                options.mode = parsed
            }
            options.minimumScore = try query.integer("min_score", in: 0...100, default: options.minimumScore)
            options.limit = try query.integer("limit", in: 1...100, default: options.limit)
            options.relations = try MemoryServer.relations(query["relation"])
            let answer = try await server.admitted {
                options.deadline = .now + server.options.lookupBudget
                return try await server.phrases.lookup(text, options: options)
            }
            return MemoryServer.json(answer.json)
        }

        // Pontoon's shape: a page of results and whether another follows. Pages reach at most
        // `maximumConcordanceDepth` results deep: a deeper page would cost the server the whole
        // list before it, whatever it returns.
        router.get("/api/v1/concordance") { request, _ -> Response in
            let query = try QueryParameters(request)
            let text = try server.searchText(query["q"])
            let limit = try query.integer("limit", in: 1...100, default: 20)
            let page = try query.integer("page", in: 1...Int(Int32.max), default: 1)
            let depth = server.options.maximumConcordanceDepth
            guard page <= depth / limit else {
                throw APIError(
                    .badRequest, "too_deep",
                    "pages of \(limit) reach at most result \(depth) (page \(max(1, depth / limit))); narrow the query instead"
                )
            }
            var options = LookupOptions(
                from: try MemoryServer.language(query["from"]), mode: .concordance, minimumScore: 0,
                limit: page * limit + 1, relations: try MemoryServer.relations(query["relation"]))
            options.penalties = server.options.penalties
            let first = (page - 1) * limit
            let answer = try await server.admitted {
                options.deadline = .now + server.options.lookupBudget
                return try await server.phrases.lookup(text, options: options, linking: first..<(first + limit))
            }
            let shown = first < answer.matches.count ? Array(first..<min(answer.matches.count, first + limit)) : []
            let hasNext = answer.matches.count > first + limit
            var fields = [
                ("results", JSON.array(shown.map(answer.matchJSON))), ("has_next", hasNext ? "true" : "false"),
            ]
            if answer.truncated { fields.append(("truncated", "true")) }
            return MemoryServer.json(JSON.object(fields))
        }

        router.get("/api/v1/units/:id") { _, context -> Response in
            let id = try MemoryServer.unitID(context)
            return try await server.admitted { try await server.currentUnit(id) }
        }

        router.get("/api/v1/stats") { _, _ -> Response in
            let s = try await server.statistics()
            func counts(_ d: [String: Int]) -> String { JSON.object(d.keys.sorted().map { ($0, String(d[$0]!)) }) }
            return MemoryServer.json(
                JSON.object([
                    ("units", String(s.units)), ("variants", String(s.variants)), ("by_status", counts(s.byStatus)),
                    ("by_relation", counts(s.byRelation)),
                    ("by_language", counts(s.byLanguage)), ("sources", String(s.sources)),
                    ("file_bytes", String(s.fileBytes)),
                ]))
        }
    }

    /// A language parameter: "en", "ja" (any region or script subtag), or none.
    static func language(_ value: String?) throws -> String? {
        guard let value, !value.isEmpty else { return nil }
        guard let held = heldLanguage(value) else {
            throw APIError.badRequest("'from' must be en or ja, not '\(value.prefix(40))'")
        }
        return held
    }

    /// The memory's language a code names ("en", "ja-JP", "EN_us" → "en"), nil for any other.
    static func heldLanguage(_ code: String) -> String? {
        let base = Variant.baseLanguage(of: code)
        return base == "en" || base == "ja" ? base : nil
    }

    /// `{"id","tuid","status","confidence","method","context","variants":[{"lang","text","props","notes"}],
    /// "provenance":[…],"props":[…],"notes":[…],"created","changed"}`.
    static func unitJSON(_ unit: TranslationUnit, id: Int64, version: Int? = nil) -> String {
        func optional(_ s: String?) -> String { s.map(JSON.string) ?? "null" }
        func props(_ list: [TMXProp]) -> String {
            JSON.array(
                list.map {
                    JSON.object([
                        ("type", JSON.string($0.type)), ("lang", optional($0.lang)), ("value", JSON.string($0.value)),
                    ])
                })
        }
        func notes(_ list: [TMXNote]) -> String {
            JSON.array(list.map { JSON.object([("lang", optional($0.lang)), ("value", JSON.string($0.value))]) })
        }
        let date = ISO8601DateFormatter()
        return JSON.object([
            ("id", String(id)), ("version", version.map(String.init) ?? "null"), ("tuid", optional(unit.tuid)),
            ("status", JSON.string(unit.status.rawValue)),
            ("confidence", unit.confidence.map { String(format: "%.3f", $0) } ?? "null"),
            ("relation", JSON.string(unit.relation.rawValue)),
            ("method", optional(unit.method)),
            ("context", optional(unit.context)),
            (
                "variants",
                JSON.array(
                    unit.variants.map {
                        JSON.object([
                            ("lang", JSON.string($0.language)), ("text", JSON.string($0.text)),
                            ("props", props($0.props)), ("notes", notes($0.notes)),
                        ])
                    })
            ),
            (
                "provenance",
                JSON.array(
                    unit.provenance.map { p in
                        JSON.object([
                            ("file", JSON.string(p.sourceFile)), ("document", optional(p.document)),
                            ("sentences", optional(p.sentences)),
                            ("url", optional(p.url)),
                        ])
                    })
            ),
            ("props", props(unit.props)), ("notes", notes(unit.notes)),
            ("created", optional(unit.creationDate.map { date.string(from: $0) })),
            ("changed", optional(unit.changeDate.map { date.string(from: $0) })),
        ])
    }
}
