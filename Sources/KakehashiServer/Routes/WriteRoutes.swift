import Foundation
import Hummingbird
import NIOPosix
import KakehashiMemory
import KakehashiPipeline

extension MemoryServer {
    /// `POST /api/v1/import` (a TMX body) and `POST /api/v1/ingest` (articles as JSON, plain
    /// text or a multipart upload of files). Both need the bearer token; bodies are read as a
    /// stream up to `maximumBodyBytes` (413 past it).
    func addWriteRoutes(to router: Router<BasicRequestContext>) {
        let server = self
        router.post("/api/v1/import") { request, _ -> Response in
            _ = try server.authorize(request, as: .admin)
            let type = MemoryServer.mediaType(request)
            guard
                type == nil
                    || ["application/xml", "text/xml", "application/x-tmx+xml", "application/octet-stream"].contains(
                        type!)
            else {
                throw APIError(
                    .unsupportedMediaType, "unsupported_media_type",
                    "send TMX as application/xml (or application/x-tmx+xml), not \(type!)")
            }
            let path = try server.scratch.newFile(prefix: "import", suffix: ".tmx")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await server.save(request.body, to: path)
            let memory = server.memory
            let result: AddResult
            do {
                result = try await memory.importTMX(path: path)
            } catch let error as XMLInputError {
                throw APIError.badRequest(
                    "line \(error.line), column \(error.column): \(error.message); nothing was imported")
            } catch let error as MemoryError where error.kind != .writeFailed {
                throw APIError.badRequest("\(error.detail); nothing was imported")
            }
            // The reader stops at malformed XML (the upload is one transaction), so the units
            // left out are those with fewer than two languages, each listed with its line.
            let skipped = result.skippedUnits.map {
                JSON.object([("line", $0.line.map(String.init) ?? "null"), ("reason", JSON.string($0.reason))])
            }
            return MemoryServer.json(
                JSON.object([
                    ("added", String(result.added)), ("already_present", String(result.alreadyPresent)),
                    ("skipped", JSON.array(skipped)),
                ]))
        }

        router.post("/api/v1/ingest") { request, _ -> Response in
            _ = try server.authorize(request, as: .admin)
            let inputs = try await server.articles(request)
            guard !inputs.isEmpty else { throw APIError.badRequest("no article in the request") }
            let lexicon = server.lexicon, memory = server.memory
            let summary = try await Ingestor(lexicon: lexicon).ingest(try Corpus(inputs: inputs), into: memory)
            return MemoryServer.json(
                JSON.object([
                    ("files", String(summary.files)), ("unchanged_files", String(summary.unchangedFiles)),
                    ("blocks", String(summary.blocks)),
                    ("documents", String(summary.documents)), ("document_pairs", String(summary.documentPairs)),
                    ("unchanged_pairs", String(summary.unchangedPairs)),
                    ("same_story_pairs", String(summary.sameStoryPairs)),
                    ("sentence_pairs", String(summary.sentencePairs)), ("stored", String(summary.stored)),
                    ("added", String(summary.added)),
                    ("already_present", String(summary.alreadyPresent)),
                    ("seconds", String(format: "%.3f", summary.seconds)),
                ]))
        }
    }

    /// The media type of the request body, lowercased, without parameters.
    static func mediaType(_ request: Request) -> String? {
        request.headers[.contentType].map {
            $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    /// Writes a request body to `path` as it arrives, refusing it past `maximumBodyBytes`.
    /// Streams `body` into the file at `path` (made by `ScratchFolder.newFile`), up to `maximumBodyBytes`.
    func save(_ body: RequestBody, to path: String) async throws {
        guard let out = FileHandle(forWritingAtPath: path) else {
            throw APIError(.internalServerError, "internal", "cannot write a temporary upload file")
        }
        defer { try? out.close() }
        var total = 0
        for try await buffer in body {
            total += buffer.readableBytes
            guard total <= options.maximumBodyBytes else { throw MemoryServer.tooLarge(options.maximumBodyBytes) }
            try out.write(contentsOf: Data(buffer.readableBytesView))
        }
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "too_large", "the request body is over \(limit) bytes")
    }

    /// The articles of an ingest request:
    /// - `application/json`: `{"articles":[{"name":"a.en.txt","text":"…"}]}`;
    /// - `text/plain`: one article (named by `?name=`, "article.txt" otherwise);
    /// - `multipart/form-data`: every part with a file name.
    ///
    /// The body is streamed to a temporary file (up to `maximumBodyBytes`) and read from there
    /// memory-mapped, so an upload is never held whole in the server's buffers: only the
    /// articles themselves are kept, as the pairing needs them all at once.
    func articles(_ request: Request) async throws -> [CorpusInput] {
        let type = MemoryServer.mediaType(request) ?? "application/octet-stream"
        var boundary = ""
        switch type {
        case "application/json", "text/plain": break
        case "multipart/form-data":
            guard let header = request.headers[.contentType], let found = MultipartForm.boundary(header) else {
                throw APIError.badRequest("multipart/form-data without a boundary")
            }
            boundary = found
        default:
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type",
                "send articles as application/json, text/plain or multipart/form-data, not \(type)")
        }
        let name = try QueryParameters(request)["name"] ?? "article.txt"
        let path = try scratch.newFile(prefix: "ingest")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await save(request.body, to: path)
        let body: Data
        do { body = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw APIError(.internalServerError, "internal", "cannot read the temporary upload file")
        }
        switch type {
        case "application/json":
            struct Upload: Decodable {
                struct Article: Decodable { var name: String?; var text: String }
                var articles: [Article]
            }
            let upload: Upload
            do { upload = try JSONDecoder().decode(Upload.self, from: body) } catch {
                throw APIError.badRequest("expected {\"articles\":[{\"name\":\"…\",\"text\":\"…\"}]}: \(error)")
            }
            return upload.articles.enumerated().map { k, a in
                CorpusInput(name: a.name ?? "article-\(k + 1).txt", bytes: Array(a.text.utf8))
            }
        case "text/plain":
            return [CorpusInput(name: name, bytes: Array(body))]
        default:
            // Off Swift's shared threads: a large upload takes a while to split.
            let boundary = boundary
            return try await NIOThreadPool.singleton.runIfActive {
                try body.withUnsafeBytes { try MultipartForm.files($0, boundary: boundary) }.map {
                    CorpusInput(name: $0.name, bytes: $0.bytes)
                }
            }
        }
    }
}
