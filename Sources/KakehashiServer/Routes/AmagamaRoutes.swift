import Foundation
import Hummingbird
import KakehashiMemory
import KakehashiPipeline

extension MemoryServer {
    /// The amaGama protocol as Weblate's and Virtaal's clients use it:
    /// `GET /tmserver/{source}/{target}/unit/{text}` (also under `/api/v1/`), `?source=` as an
    /// alternative to the path text, and `GET /tmserver/languages/`. Anonymous reads never get
    /// 401, 403, 429 or 503 (Weblate blocks a service for 30 minutes after those), and an unknown
    /// language pair is `200 []`, which Weblate's settings check expects. A lookup that reaches
    /// its time budget answers the matches it has; one the server is too busy to start, `200 []`.
    func addAmagamaRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        for prefix in ["/tmserver", "/api/v1"] {
            router.get("\(prefix)/:source/:target/unit/**") { request, context -> Response in
                try await server.amagamaUnit(
                    request, source: context.parameters.get("source") ?? "",
                    target: context.parameters.get("target") ?? "")
            }
            // The text may be empty in the path when it comes in `?source=`.
            router.get("\(prefix)/:source/:target/unit") { request, context -> Response in
                try await server.amagamaUnit(
                    request, source: context.parameters.get("source") ?? "",
                    target: context.parameters.get("target") ?? "")
            }
        }
        // The router takes "/tmserver/languages/" (what clients call) here too.
        router.get("/tmserver/languages") { _, _ -> Response in
            MemoryServer.json(#"{"sourceLanguages":["en","ja"],"targetLanguages":["en","ja"]}"#)
        }
    }

    func amagamaUnit(_ request: Request, source: String, target: String) async throws -> Response {
        let query = try QueryParameters(request)
        let text: String
        if let given = query["source"], !given.isEmpty {
            text = given
        } else {
            text = try QueryParameters.decode(MemoryServer.pathText(afterUnitIn: request.uri.path), plusIsSpace: false)
        }
        let minimum = try query.integer("min_similarity", in: 0...100, default: 70)
        let candidates = try query.integer("max_candidates", in: 1...1000, default: 5)
        let from = MemoryServer.heldLanguage(source), to = MemoryServer.heldLanguage(target)
        guard let from, let to, from != to, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return MemoryServer.json("[]")
        }
        let phrase = try searchText(text, name: "text")
        // Translations only unless `relation=` widens the set: a CAT tool reuses what it is offered.
        var options = LookupOptions(
            from: from, mode: .all, minimumScore: minimum, limit: min(30, candidates),
            relations: try MemoryServer.relations(query["relation"]))
        options.penalties = self.options.penalties
        let memory = self.memory, budget = self.options.lookupBudget
        // A server too busy to start the lookup in time answers what it has: nothing. amaGama
        // clients get no 503, and no truncation flag (the protocol has none).
        let found = try await gate.run {
            options.deadline = .now + budget
            return try await memory.matches(for: phrase, options: options)
        }
        let matches = found?.matches ?? []
        let items = matches.filter { $0.kind != .concordance && $0.targetLanguage == to }.map { m -> String in
            let quality = String(min(100, m.score))
            return JSON.object([
                ("source", JSON.string(m.source)), ("target", JSON.string(m.target)), ("quality", quality),
                ("rank", quality),
            ])
        }
        return MemoryServer.json(JSON.array(items))
    }

    /// What follows `/unit/` in the raw (still percent-encoded) path: a `%2F` inside the text is
    /// a slash of the text, and empty segments stay.
    static func pathText(afterUnitIn path: String) -> String {
        guard let range = path.range(of: "/unit/") else { return "" }
        return String(path[range.upperBound...])
    }
}
