public import Foundation
public import KakehashiMemory
import Logging
import NIOPosix
import PostgresNIO
public import ServiceLifecycle
import Synchronization

/// Whether a pooled connection was handed out (set once, read by the wait's timer).
private final class StartFlag: Sendable {
    let state = Mutex(false)
}

/// A non-escaping body carried into a child task that its caller awaits before returning.
private struct UnsafeBody<T: Sendable>: @unchecked Sendable {
    let body: (PostgresConnection) async throws -> T
    init(_ body: @escaping (PostgresConnection) async throws -> T) { self.body = body }
}

/// Why a PostgreSQL memory could not be opened, read or written. Messages name the database by
/// its URL without the password.
public enum PostgresStoreError: MemoryBackendError, Sendable {
    case cannotConnect(location: String, detail: String)
    case newerSchema(location: String, migration: String)
    case notUTF8(location: String, detail: String)
    case readOnly(location: String, detail: String)
    case failed(location: String, detail: String)

    public var failure: MemoryFailure {
        switch self {
        case .newerSchema, .notUTF8: return .badData
        case .cannotConnect, .readOnly, .failed: return .io
        }
    }

    public var description: String {
        switch self {
        case .cannotConnect(let l, let d): return "\(l): cannot connect: \(d)"
        case .newerSchema(let l, let m):
            return "\(l): this memory was written by a newer Kakehashi (schema '\(m)'); upgrade Kakehashi to open it"
        case .notUTF8(let l, let d):
            return "\(l): the database must use UTF-8 (\(d)); create it with ENCODING 'UTF8'"
        case .readOnly(let l, let d): return "\(l): the memory is read-only here: \(d)"
        case .failed(let l, let d): return "\(l): \(d)"
        }
    }
}

/// A translation memory in a PostgreSQL database, shared by a team: ingest workers on several
/// machines write to it while the server and translators read. It behaves as the SQLite memory
/// does (see `MemoryStore`): the same de-duplication (a UNIQUE key and `ON CONFLICT DO NOTHING`,
/// so concurrent writers store each unit once), one transaction per `add` and per imported file,
/// and the same lookup answers, because PostgreSQL only finds the candidates (`PostgresSchema`)
/// and `LookupEngine` scores them.
///
/// Connections come from postgres-nio's pooled `PostgresClient`, which runs as a service: put
/// `services` in the caller's service group (or use `MemoryLocation.withMemory`), then call
/// `prepare()`.
///
/// ```swift
/// let memory = try PostgresMemory(url: "postgres://kakehashi@db.example/memory")
/// // with memory.services running:
/// try await memory.prepare()
/// try await memory.add([unit])
/// ```
public final class PostgresMemory: MemoryStore {
    public let location: String
    public let isReadOnly: Bool
    let client: PostgresClient
    let logger: Logger
    /// Seconds to wait for a free connection (the location's `pool_timeout`).
    let poolTimeout: Int
    private let termCounts = TermCounts()

    /// The pooled client, which must run while the memory is used.
    public var services: [any Service] { [client] }

    /// A memory at `url` (see `PostgresLocation`), with at most `connections` connections. Nothing
    /// connects until the client runs and `prepare()` is called.
    /// - Throws: `PostgresMemoryError` for a malformed URL.
    public init(url: String, readOnly: Bool = false, connections: Int = 8) throws {
        let place = try PostgresLocation(url: url)
        location = place.displayURL
        poolTimeout = place.poolTimeout
        isReadOnly = readOnly
        var logger = Logger(label: "kakehashi.postgres")
        logger.logLevel = .critical
        self.logger = logger
        client = try place.client(connections: connections, logger: logger)
    }

    /// Checks the database's encoding and creates or upgrades the schema (unless read-only).
    /// - Throws: `PostgresStoreError` `.cannotConnect`, `.newerSchema` for a database of a newer
    ///   Kakehashi, `.notUTF8` for a database in another encoding.
    public func prepare() async throws {
        do {
            try await client.withConnection { c in
                let server = try await c.rows("SELECT current_setting('server_encoding')", logger)[0].decode(
                    String.self)
                guard server.uppercased() == "UTF8" else {
                    throw PostgresStoreError.notUTF8(location: location, detail: "its encoding is \(server)")
                }
                try await PostgresSchema.migrate(c, readOnly: isReadOnly, location: location, logger: logger)
                // The planner's estimate of the memory's size: statistics are refreshed when it grows by a tenth.
                let estimate = try await c.rows(
                    "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'unit'::regclass", logger)
                let units = Int(try estimate.first?.decode(Int64.self) ?? 0)
                growth.withLock { $0.unitsAtRefresh = units }
            }
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            throw PostgresStoreError.cannotConnect(location: location, detail: Self.describe(error))
        }
    }

    /// The server's own words for an error (PSQLError hides them from `description`).
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] {
                return message + (e.serverInfo?[.detail].map { " (\($0))" } ?? "")
            }
            if let underlying = e.underlying { return "\(e.code): \(underlying)" }
            return "\(e.code)"
        }
        return "\(error)"
    }

    /// True for errors after which the same transaction may simply run again (a deadlock
    /// between writers, a serialization failure).
    static func isRetryable(_ error: any Error) -> Bool {
        guard let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// Runs `body` on one connection of the pool, mapping errors to `PostgresStoreError`. Waiting
    /// for a free connection lasts at most the location's `pool_timeout`.
    func reading<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do { return try await withPooledConnection(body) } catch let error as PostgresStoreError {
            throw error
        } catch let error as MemoryError {
            throw error
        } catch let error as XMLInputError {
            throw error
        } catch let error as ReviewError {
            throw error
        } catch let error as BulkError {
            throw error
        } catch {
            throw PostgresStoreError.failed(location: location, detail: Self.describe(error))
        }
    }

    /// `client.withConnection`, given up with `.failed` when no connection is free within
    /// `poolTimeout` seconds (the wait is cancelled; a connection already given runs to the end).
    private func withPooledConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let started = StartFlag()
        let client = self.client, seconds = poolTimeout, location = self.location
        return try await withoutActuallyEscaping(body) { body in
            try await withThrowingTaskGroup(of: T?.self) { group in
                let unsafeBody = UnsafeBody(body)
                group.addTask {
                    try await client.withConnection { c in
                        started.state.withLock { $0 = true }
                        return try await unsafeBody.body(c)
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(seconds))
                    if started.state.withLock({ $0 }) { return nil }
                    throw PostgresStoreError.failed(
                        location: location,
                        detail:
                            "no connection of the pool was free within \(seconds) s (pool_timeout); the server is overloaded"
                    )
                }
                while let next = try await group.next() {
                    if let value = next {
                        group.cancelAll()
                        return value
                    }
                }
                throw CancellationError()
            }
        }
    }

    /// Runs `body` in one transaction; on a deadlock with another writer it runs again (the
    /// other writer's units are then already there).
    func transaction<T: Sendable>(
        readOnly: Bool = false, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        if !readOnly && isReadOnly { throw PostgresStoreError.readOnly(location: location, detail: "cannot write") }
        return try await reading { c in
            var attempt = 0
            while true {
                attempt += 1
                try await c.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", logger)
                do {
                    let result = try await body(c)
                    try await c.execute("COMMIT", logger)
                    return result
                } catch {
                    if !c.isClosed { try? await c.execute("ROLLBACK", logger) }
                    if attempt < 8 && Self.isRetryable(error) {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 10...50) * attempt))
                        continue
                    }
                    throw error
                }
            }
        }
    }

    // MARK: Writing

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func add(
        _ units: [TranslationUnit], completing files: [IngestedFile], at date: Date
    ) async throws -> AddResult {
        let prepared = try units.map { try PreparedUnit($0) }
        let result = try await transaction { c in
            var writer = PostgresUnitWriter(connection: c, logger: logger, location: location)
            try await writer.add(prepared)
            try await writer.finish()
            try await Self.insertIngested(files, at: date, on: c, logger: logger)
            try await ensureStructures(c)
            return writer.result
        }
        await refreshStatisticsAfter(adding: result.added)
        return result
    }

    /// True once this process has seen the candidate indexes and foreign keys in place.
    private let structuresSeen = Mutex(false)

    /// Makes the candidate indexes and foreign keys a new memory lacks until its first write
    /// (see `PostgresSchema.ensureStructures`), at the end of a write transaction.
    private func ensureStructures(_ c: PostgresConnection) async throws {
        // Seen in place before this transaction, they stay; made by it, they count once it commits.
        if structuresSeen.withLock({ $0 }) { return }
        let inPlace = try await PostgresSchema.ensureStructures(c, logger: logger)
        structuresSeen.withLock { $0 = inPlace }
    }

    /// Units added since the statistics were last refreshed, and the table's size then.
    private let growth = Mutex((added: 0, unitsAtRefresh: 0))

    /// Refreshes the statistics once the memory has grown by a tenth (at least 1,000 units) since
    /// the last refresh: after a bulk import, not after every batch of an ingest.
    private func refreshStatisticsAfter(adding added: Int) async {
        let due = growth.withLock { g in
            g.added += added
            let due = g.added >= max(1000, g.unitsAtRefresh / 10)
            if due { g.unitsAtRefresh += g.added; g.added = 0 }
            return due
        }
        if due { await refreshStatistics() }
    }

    /// After a bulk write: merges the GIN indexes' pending entries and updates the planner's
    /// statistics, so that it knows how selective the index terms are (until autovacuum gets
    /// round to it, a grown table may be read whole).
    private func refreshStatistics() async {
        _ = try? await reading { c in
            for index in PostgresSchema.candidateIndexes.map(\.name) {
                _ = try await c.rows(
                    PostgresQuery(unsafeSQL: "SELECT gin_clean_pending_list('\(index)'::regclass)"), logger)
            }
            try await c.execute("ANALYZE unit, variant, provenance", logger)
        }
    }

    /// Imports one TMX file in one transaction, reading and preparing a batch of units between
    /// the writes of the one before.
    /// - Throws: `XMLInputError` naming the file, line and column of malformed or hostile TMX, or
    ///   `PostgresStoreError`; nothing from the file is kept either way.
    public func importTMX(path: String) async throws -> AddResult {
        try await addPrepared { add in
            let units = try TMXUnitStream(path: path)
            var chunk: [PreparedUnit] = []
            while let (unit, line) = try units.next() {
                var prepared = try PreparedUnit(unit)
                prepared.line = line
                chunk.append(prepared)
                if chunk.count == PostgresUnitWriter.unitsPerStatement {
                    try await add(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            try await add(chunk)
        }
    }

    /// Adds the units `feed` hands over, in one transaction. `feed` may run more than once (a
    /// transaction that deadlocked with another writer runs again), so it must produce the
    /// same units each time. Into an empty memory they are bulk-loaded (`PostgresBulkLoader`;
    /// other writers wait until it commits, readers do not); otherwise added with
    /// `INSERT … ON CONFLICT DO NOTHING` beside concurrent writers (`PostgresUnitWriter`). Either
    /// way the transaction ends by making the indexes and keys a new memory lacks.
    private func addPrepared(
        _ feed: (_ add: ([PreparedUnit]) async throws -> Void) async throws -> Void
    ) async throws -> AddResult {
        let result = try await transaction { c in
            var empty = try await c.rows("SELECT NOT EXISTS (SELECT 1 FROM unit)", logger)[0].decode(Bool.self)
            if empty {
                try await c.execute("LOCK TABLE unit, variant, provenance IN SHARE ROW EXCLUSIVE MODE", logger)
                empty = try await c.rows("SELECT NOT EXISTS (SELECT 1 FROM unit)", logger)[0].decode(Bool.self)
            }
            if empty {
                var loader = try await PostgresBulkLoader(connection: c, logger: logger)
                let result: AddResult
                do {
                    try await feed { try await loader.add($0) }
                    result = try await loader.finish()
                } catch {
                    await loader.abandon()
                    throw error
                }
                try await ensureStructures(c)
                return result
            }
            var writer = PostgresUnitWriter(connection: c, logger: logger, location: location)
            try await feed { try await writer.add($0) }
            try await writer.finish()
            try await ensureStructures(c)
            return writer.result
        }
        await refreshStatisticsAfter(adding: result.added)
        return result
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func ingestedContent(among hashes: [String]) async throws -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try await reading { c in
            Set(
                try await c.rows("SELECT content_hash FROM ingested_file WHERE content_hash = ANY(\(hashes))", logger)
                    .map { try $0.decode(String.self) })
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func ingestedFiles() async throws -> [(file: IngestedFile, at: Date)] {
        let parser = ISO8601DateFormatter()
        return try await reading { c in
            try await c.rows(
                "SELECT content_hash, name, bytes, ingested_at FROM ingested_file ORDER BY ingested_at, content_hash",
                logger
            ).map { row in
                let (hash, name, bytes, stamp) = try row.decode((String, String, Int64, String).self)
                return ((hash, name, Int(bytes)), parser.date(from: stamp) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func recordIngested(_ files: [IngestedFile], at date: Date) async throws {
        guard !files.isEmpty else { return }
        try await transaction { c in try await Self.insertIngested(files, at: date, on: c, logger: logger) }
    }

    private static func insertIngested(
        _ files: [IngestedFile], at date: Date, on c: PostgresConnection, logger: Logger
    ) async throws {
        guard !files.isEmpty else { return }
        let stamp = ISO8601DateFormatter().string(from: date)
        _ = try await c.rows(
            """
            INSERT INTO ingested_file (content_hash, name, bytes, ingested_at)
            SELECT h, n, b, \(stamp) FROM unnest(\(files.map(\.contentHash)), \(files.map(\.name)), \(files.map { Int64($0.bytes) })) AS f (h, n, b)
            ON CONFLICT (content_hash) DO NOTHING
            """, logger)
    }

    /// Keeps documents of ingested files, in one transaction (a kept one is replaced).
    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func archive(_ documents: [ArchivedDocument]) async throws {
        guard !documents.isEmpty else { return }
        // Arrays of one column each; a missing date is NaN and a missing address empty.
        let hashes = documents.map(\.contentHash), positions = documents.map { Int64($0.position) }
        let files = documents.map(\.file), firsts = documents.map { Int64($0.firstLine) }
        let lasts = documents.map { Int64($0.lastLine) }, languages = documents.map(\.language)
        let dates = documents.map { $0.date?.timeIntervalSince1970 ?? .nan }, urls = documents.map { $0.url ?? "" }
        let sentences = documents.map(\.sentencesJSON), versions = documents.map(\.readerVersion)
        try await transaction { c in
            _ = try await c.rows(
                """
                INSERT INTO ingested_document (content_hash, position, file, first_line, last_line, language, date, url,
                  sentences_json, reader_version)
                SELECT h, p, f, a, b, l, NULLIF(d, 'NaN'), NULLIF(u, ''), s, v
                FROM unnest(\(hashes), \(positions), \(files), \(firsts), \(lasts), \(languages), \(dates), \(urls),
                  \(sentences), \(versions)) AS x (h, p, f, a, b, l, d, u, s, v)
                ON CONFLICT (content_hash, position) DO UPDATE SET file = excluded.file, first_line = excluded.first_line,
                  last_line = excluded.last_line, language = excluded.language, date = excluded.date, url = excluded.url,
                  sentences_json = excluded.sentences_json, reader_version = excluded.reader_version
                """, logger)
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func archivedDocuments(
        excludingHashes hashes: Set<String>, names: Set<String>, dates: ClosedRange<Date>?, unpairedOnly: Bool
    ) async throws -> [ArchivedDocument] {
        let from = dates?.lowerBound.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude
        let to = dates?.upperBound.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude
        return try await reading { c in
            try await c.rows(
                """
                SELECT \(unescaped: PostgresMemory.archivedColumns)
                FROM ingested_document d JOIN ingested_file f ON f.content_hash = d.content_hash
                WHERE (d.date IS NULL OR d.date BETWEEN \(from) AND \(to)) AND (NOT d.paired OR NOT \(unpairedOnly))
                ORDER BY d.file, d.content_hash, d.position
                """, logger
            ).compactMap { row in
                let document = try PostgresMemory.archivedDocument(row)
                return hashes.contains(document.contentHash) || names.contains(document.file) ? nil : document
            }
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func archivedDocuments(_ references: [DocumentReference]) async throws -> [ArchivedDocument] {
        guard !references.isEmpty else { return [] }
        let hashes = references.map(\.contentHash), positions = references.map { Int64($0.position) }
        return try await reading { c in
            try await c.rows(
                """
                SELECT DISTINCT \(unescaped: PostgresMemory.archivedColumns)
                FROM ingested_document d JOIN ingested_file f ON f.content_hash = d.content_hash
                JOIN unnest(\(hashes), \(positions)) AS x (h, p) ON d.content_hash = x.h AND d.position = x.p
                ORDER BY d.file, d.content_hash, d.position
                """, logger
            ).map(PostgresMemory.archivedDocument)
        }
    }

    /// The columns of `ingested_document` that `archivedDocument` decodes.
    static let archivedColumns = """
        d.content_hash, d.position, d.file, d.first_line, d.last_line, d.language, d.date, d.url, d.sentences_json,
          d.reader_version, d.paired, d.partner_hash, d.partner_position, d.pair_rank
        """

    /// A row of `archivedColumns` as the document it keeps.
    static func archivedDocument(_ row: PostgresRow) throws -> ArchivedDocument {
        let (
            hash, position, file, first, last, language, date, url, json, version, paired, partner, partnerPosition,
            rank
        ) =
            try row.decode(
                (
                    String, Int64, String, Int64, Int64, String, Double?, String?, String, String, Bool, String?,
                    Int64?,
                    Double?
                ).self)
        var document = ArchivedDocument(
            contentHash: hash, file: file, position: Int(position), firstLine: Int(first), lastLine: Int(last),
            language: language, date: date.map { Date(timeIntervalSince1970: $0) }, url: url,
            sentences: ArchivedDocument.sentences(fromJSON: json), readerVersion: version)
        document.paired = paired
        if let partner, let partnerPosition {
            document.partner = DocumentReference(contentHash: partner, position: Int(partnerPosition))
            document.pairRank = rank
        }
        return document
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func recordPairs(_ pairs: [ArchivedPair]) async throws {
        guard !pairs.isEmpty else { return }
        // Each pair twice, once from each side.
        let hashes = pairs.flatMap { [$0.en.contentHash, $0.ja.contentHash] }
        let positions = pairs.flatMap { [Int64($0.en.position), Int64($0.ja.position)] }
        let partners = pairs.flatMap { [$0.ja.contentHash, $0.en.contentHash] }
        let partnerPositions = pairs.flatMap { [Int64($0.ja.position), Int64($0.en.position)] }
        let ranks = pairs.flatMap { [$0.rank, $0.rank] }
        try await transaction { c in
            // Those whose partner pairs with another now are unpaired first.
            _ = try await c.rows(
                """
                UPDATE ingested_document d SET paired = false, partner_hash = NULL, partner_position = NULL,
                  pair_rank = NULL
                FROM unnest(\(hashes), \(positions), \(partners), \(partnerPositions)) AS x (h, p, ph, pp)
                WHERE d.partner_hash = x.h AND d.partner_position = x.p
                  AND NOT (d.content_hash = x.ph AND d.position = x.pp)
                """, logger)
            _ = try await c.rows(
                """
                UPDATE ingested_document d SET paired = true, partner_hash = x.ph, partner_position = x.pp,
                  pair_rank = x.r
                FROM unnest(\(hashes), \(positions), \(partners), \(partnerPositions), \(ranks)) AS x (h, p, ph, pp, r)
                WHERE d.content_hash = x.h AND d.position = x.p
                """, logger)
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func forgetPairs(ofFiles hashes: [String]) async throws {
        guard !hashes.isEmpty else { return }
        let distinct = Array(Set(hashes))
        try await transaction { c in
            _ = try await c.rows(
                """
                UPDATE ingested_document SET paired = false, partner_hash = NULL, partner_position = NULL,
                  pair_rank = NULL WHERE content_hash = ANY(\(distinct)) OR partner_hash = ANY(\(distinct))
                """, logger)
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func archiveCounts() async throws -> (documents: Int, unpaired: Int, bytes: Int) {
        try await reading { c in
            let (n, unpaired, bytes) = try await c.rows(
                """
                SELECT count(*), count(*) FILTER (WHERE NOT d.paired), coalesce(sum(octet_length(d.sentences_json)), 0)::bigint
                FROM ingested_document d JOIN ingested_file f ON f.content_hash = d.content_hash
                """, logger)[0].decode((Int64, Int64, Int64).self)
            return (Int(n), Int(unpaired), Int(bytes))
        }
    }

    // MARK: Reading

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func statistics() async throws -> MemoryStatistics {
        try await transaction(readOnly: true) { c in
            var s = MemoryStatistics()
            s.units = Int(try await c.rows("SELECT count(*) FROM unit", logger)[0].decode(Int64.self))
            s.variants = Int(try await c.rows("SELECT count(*) FROM variant", logger)[0].decode(Int64.self))
            for row in try await c.rows("SELECT status, count(*) FROM unit GROUP BY status", logger) {
                let (status, n) = try row.decode((String, Int64).self)
                s.byStatus[status] = Int(n)
            }
            for row in try await c.rows("SELECT coalesce(relation, 'unscored'), count(*) FROM unit GROUP BY 1", logger)
            {
                let (relation, n) = try row.decode((String, Int64).self)
                s.byRelation[relation] = Int(n)
            }
            for row in try await c.rows("SELECT lang_base, count(*) FROM variant GROUP BY lang_base", logger) {
                let (language, n) = try row.decode((String, Int64).self)
                s.byLanguage[language] = Int(n)
            }
            s.sources = Int(
                try await c.rows("SELECT count(DISTINCT source_file) FROM provenance", logger)[0].decode(Int64.self))
            s.fileBytes = try await c.rows(
                """
                SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
                WHERE c.relname IN ('unit', 'variant', 'provenance', 'ingested_file') AND c.relnamespace = current_schema()::regnamespace
                """, logger)[0].decode(Int64.self)
            return s
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    ///
    /// The engine asks its candidate queries one after the other, each depending on the last, and
    /// scores on the CPU; it runs on NIO's thread pool (`NIOThreadPool.singleton`, the pool NIO
    /// keeps for blocking work) and waits there for each answer, so neither an event loop nor a
    /// thread of Swift's concurrency pool is held, and SQLite and PostgreSQL share one engine.
    ///
    /// Past `options.deadline` (and `LookupEngine.grace`), PostgreSQL cancels the running
    /// statement (a `statement_timeout` local to the lookup's transaction), and the lookup answers
    /// with what it had.
    public func matches(for query: String, options: LookupOptions) async throws -> LookupResult {
        guard let prepared = try LookupEngine.Query(query, options: options) else { return LookupResult(matches: []) }
        let logger = self.logger, termCounts = self.termCounts
        return try await transaction(readOnly: true) { c in
            if let deadline = options.deadline {
                let left = deadline + LookupEngine.grace - ContinuousClock.now
                let milliseconds = max(
                    1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
                _ = try await c.rows("SET LOCAL statement_timeout = \(unescaped: String(milliseconds))", logger)
            }
            return try await NIOThreadPool.singleton.runIfActive {
                try LookupEngine.lookup(
                    prepared, options: options, reader: PostgresLookupReader(connection: c, logger: logger),
                    termCounts: termCounts)
            }
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func unit(id: Int64) async throws -> TranslationUnit? {
        try await transaction(readOnly: true) { c in
            let rows = try await c.rows(
                "SELECT \(unescaped: StoredUnit.unitColumns) FROM unit WHERE id = \(id)", logger)
            guard let row = rows.first else { return nil }
            var unit = try StoredUnit.unit(row).unit
            unit.variants = try await c.rows(
                "SELECT \(unescaped: StoredUnit.variantColumns) FROM variant WHERE unit_id = \(id) ORDER BY position",
                logger
            )
            .map { try StoredUnit.variant($0).variant }
            unit.provenance = try await c.rows(
                "SELECT \(unescaped: StoredUnit.provenanceColumns) FROM provenance WHERE unit_id = \(id) ORDER BY seq",
                logger
            )
            .map { try StoredUnit.provenance($0).provenance }
            return unit
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func revision() async throws -> String {
        try await reading { c in
            let (n, last, changed, reviewed, confidence) = try await c.rows(
                """
                SELECT count(*), coalesce(max(id), 0), coalesce(max(changed_at), 0),
                  (SELECT coalesce(max(seq), 0) FROM unit_change), coalesce(sum(confidence), 0) FROM unit
                """, logger
            )[0]
            .decode((Int64, Int64, Double, Int64, Double).self)
            // Every reviewer's change counts, even two within one millisecond; and an ingest that
            // only raised confidences (`UnitMerging`).
            return "\(n)-\(last)-\(Int64(changed * 1000))-c\(Int64((confidence * 1000).rounded()))"
                + (reviewed > 0 ? "-r\(reviewed)" : "")
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func latestChange() async throws -> Date? {
        try await reading { c in
            try await c.rows("SELECT max(changed_at) FROM unit", logger)[0].decode(Double?.self).map {
                Date(timeIntervalSince1970: $0)
            }
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func unitsWithoutRelation(after: Int64, limit: Int) async throws -> [UnscoredUnit] {
        try await reading { c in
            try await c.rows(
                """
                SELECT u.id,
                  (SELECT text FROM variant WHERE unit_id = u.id AND lang_base = 'en' ORDER BY position LIMIT 1),
                  (SELECT text FROM variant WHERE unit_id = u.id AND lang_base = 'ja' ORDER BY position LIMIT 1)
                FROM unit u WHERE u.relation IS NULL AND u.id > \(after) ORDER BY u.id LIMIT \(limit)
                """, logger
            ).map { row in
                let (id, english, japanese) = try row.decode((Int64, String?, String?).self)
                return UnscoredUnit(id: id, english: english ?? "", japanese: japanese ?? "")
            }
        }
    }

    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func setRelations(_ changes: [(id: Int64, relation: UnitRelation, confidence: Double)]) async throws {
        guard !changes.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try await transaction { c in
            for chunk in stride(from: 0, to: changes.count, by: 1000).map({
                changes[$0..<min(changes.count, $0 + 1000)]
            }) {
                let ids = chunk.map(\.id), relations = chunk.map(\.relation.rawValue),
                    confidences = chunk.map(\.confidence)
                _ = try await c.rows(
                    """
                    UPDATE unit SET relation = n.relation, confidence = n.confidence, changed_at = \(now)
                    FROM unnest(\(ids)::bigint[], \(relations)::text[], \(confidences)::float8[]) AS n(id, relation, confidence)
                    WHERE unit.id = n.id
                    """, logger)
            }
        }
    }

    /// Units with fewer than two variants, and provenance or variants of no unit, would be damage.
    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    public func integrityCheck() async throws -> [String] {
        try await transaction(readOnly: true) { c in
            let (thin, orphans) = try await c.rows(
                """
                SELECT (SELECT count(*) FROM unit u WHERE (SELECT count(*) FROM variant v WHERE v.unit_id = u.id) < 2),
                       (SELECT count(*) FROM variant v WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.id = v.unit_id))
                """, logger)[0].decode((Int64, Int64).self)
            var problems: [String] = []
            if thin > 0 { problems.append("\(thin) units with fewer than two variants") }
            if orphans > 0 { problems.append("\(orphans) variants of no unit") }
            return problems.isEmpty ? ["ok"] : problems
        }
    }

    /// Units a page at a time (keyset pages by id, on one snapshot), so memory stays flat.
    /// - Throws: `PostgresStoreError`: `.cannotConnect`, `.failed` (the statement and PostgreSQL's message),
    /// `.readOnly`.
    ///   Or what `body` throws.
    public func forEachUnit(
        _ filter: ExportFilter, _ body: @Sendable (TranslationUnit) throws -> Void
    ) async throws -> Int {
        let languages = filter.languages.map { Set($0.map(Variant.baseLanguage(of:))) }
        return try await transaction(readOnly: true) { c in
            var written = 0
            var last: Int64 = 0
            while true {
                var query = PostgresQuery(unsafeSQL: "SELECT \(StoredUnit.unitColumns) FROM unit WHERE id > $1")
                query.binds.append(last)
                if let confidence = filter.minimumConfidence {
                    query.binds.append(confidence)
                    query.sql += " AND coalesce(confidence, 1.0) >= $\(query.binds.count)"
                }
                if let since = filter.since {
                    query.binds.append(since.timeIntervalSince1970)
                    query.sql += " AND changed_at >= $\(query.binds.count)"
                }
                if let relations = filter.relationCondition { query.sql += " AND \(relations)" }
                if let statuses = filter.statusCondition { query.sql += " AND \(statuses)" }
                query.sql += " ORDER BY id LIMIT 500"
                let units = try await c.rows(query, logger).map { try StoredUnit.unit($0) }
                guard let final = units.last else { break }
                last = final.id
                let ids = units.map(\.id)
                var variants: [Int64: [Variant]] = [:], provenance: [Int64: [Provenance]] = [:]
                for row in try await c.rows(
                    "SELECT \(unescaped: StoredUnit.variantColumns) FROM variant WHERE unit_id = ANY(\(ids)) ORDER BY unit_id, position",
                    logger)
                {
                    let v = try StoredUnit.variant(row)
                    if languages == nil || languages!.contains(v.variant.baseLanguage) {
                        variants[v.unitID, default: []].append(v.variant)
                    }
                }
                for row in try await c.rows(
                    "SELECT \(unescaped: StoredUnit.provenanceColumns) FROM provenance WHERE unit_id = ANY(\(ids)) ORDER BY unit_id, seq",
                    logger)
                {
                    let p = try StoredUnit.provenance(row)
                    provenance[p.unitID, default: []].append(p.provenance)
                }
                for (id, stored) in units {
                    var unit = stored
                    unit.variants = variants[id] ?? []
                    unit.provenance = provenance[id] ?? []
                    if unit.variants.count < 2 { continue }
                    try body(unit)
                    written += 1
                }
            }
            return written
        }
    }
}

/// Rows of the unit, variant and provenance tables as values.
enum StoredUnit {
    static let unitColumns = """
        id, tuid, status, confidence, method, context, created_at, changed_at, creation_tool, creation_tool_version,
        creation_id, change_id, attributes_json, props_json, notes_json, relation
        """
    static let variantColumns = "unit_id, lang, text, seg_xml, attributes_json, props_json, notes_json"
    static let provenanceColumns = "unit_id, source_file, document, sentences, url"

    static func unit(_ row: PostgresRow) throws -> (id: Int64, unit: TranslationUnit) {
        let decoder = RowDecoder()
        let (
            id, tuid, status, confidence, method, context, created, changed, tool, toolVersion, creationID, changeID,
            attributes, props, notes,
            relation
        ) =
            try row.decode(
                (
                    Int64, String?, String, Double?, String?, String?, Double?, Double?, String?, String?, String?,
                    String?,
                    String?, String?, String?, String?
                ).self)
        let unit = TranslationUnit(
            tuid: tuid, variants: [], status: UnitStatus(rawValue: status) ?? .imported, confidence: confidence,
            relation: relation.flatMap(UnitRelation.init(rawValue:)) ?? .related, method: method,
            context: context, creationDate: created.map { Date(timeIntervalSince1970: $0) },
            changeDate: changed.map { Date(timeIntervalSince1970: $0) }, creationTool: tool,
            creationToolVersion: toolVersion,
            creationID: creationID, changeID: changeID, attributes: decoder.decode(attributes, [TMXAttribute].self),
            props: decoder.decode(props, [TMXProp].self), notes: decoder.decode(notes, [TMXNote].self))
        return (id, unit)
    }

    static func variant(_ row: PostgresRow) throws -> (unitID: Int64, variant: Variant) {
        let decoder = RowDecoder()
        let (unitID, lang, text, segment, attributes, props, notes) = try row.decode(
            (Int64, String, String, String?, String?, String?, String?).self)
        return (
            unitID,
            Variant(
                language: lang, text: text, segmentXML: segment,
                attributes: decoder.decode(attributes, [TMXAttribute].self),
                props: decoder.decode(props, [TMXProp].self), notes: decoder.decode(notes, [TMXNote].self))
        )
    }

    static func provenance(_ row: PostgresRow) throws -> (unitID: Int64, provenance: Provenance) {
        let (unitID, file, document, sentences, url) = try row.decode((Int64, String, String?, String?, String?).self)
        return (unitID, Provenance(sourceFile: file, document: document, sentences: sentences, url: url))
    }
}
