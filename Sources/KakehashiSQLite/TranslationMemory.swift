public import Foundation
import GRDB
public import KakehashiMemory
import KakehashiText
public import ServiceLifecycle

/// A translation memory in one SQLite file (WAL mode), through GRDB.
///
/// ```swift
/// let memory = try TranslationMemory(path: "memory/kakehashi.sqlite")
/// let result = try await memory.add([unit])    // one transaction: all or nothing
/// print(result.summary)                         // "1 new, 0 already present"
/// ```
/// Readers never block the writer (WAL): lookups keep answering during an import. A file that
/// cannot be written is opened read-only and still answers lookups. Every call runs on GRDB's
/// own threads through its async API (a writer and a pool of readers), so a caller's task waits
/// without holding a thread, and CPU work inside a read (decoding rows) stays on GRDB's threads.
public final class TranslationMemory: MemoryStore {
    /// Where `kakehashi` keeps its memory unless told otherwise.
    public static let defaultPath = "memory/kakehashi.sqlite"

    public let path: String
    public let isReadOnly: Bool
    public var location: String { path }
    let database: any DatabaseWriter & DatabaseReader
    /// Index terms' counts remembered between lookups (see `TermCounts`).
    let termCounts = TermCounts()
    /// None: GRDB's pool needs nothing running.
    public var services: [any Service] { [] }

    /// - Throws: `MemoryError`: `.newerSchema` for a file of a newer Kakehashi, `.notAMemory` for
    ///   another SQLite file or junk, `.cannotOpen` when it cannot be opened or created.
    public init(path: String = TranslationMemory.defaultPath, readOnly: Bool = false) throws {
        self.path = path
        let fm = FileManager.default
        let exists = fm.fileExists(atPath: path)
        var readOnly = readOnly
        if exists && !fm.isWritableFile(atPath: path) { readOnly = true }
        if !exists && readOnly {
            throw MemoryError(kind: .cannotOpen, path: path, detail: "no such file")
        }
        if !exists {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty && !fm.fileExists(atPath: folder) {
                do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw MemoryError(
                        kind: .cannotOpen, path: path,
                        detail: "cannot create folder \(folder): \(error.localizedDescription)")
                }
            }
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.readonly = readOnly
        // Writers wait for each other: an import holds the write lock for its whole file.
        config.busyMode = .timeout(600)
        // A lookup keeps a reader busy on the CPU (its pages are cached), so more readers than
        // cores only add page caches of 64 MB each; lookups beyond them wait for a reader.
        config.maximumReaderCount = max(2, ProcessInfo.processInfo.activeProcessorCount)
        config.label = "kakehashi-memory"
        config.prepareDatabase { db in
            // A 64 MB page cache per connection (SQLite's default is 2 MB): bulk imports and FTS5
            // merges stop thrashing the B-trees, and peak memory stays well under 300 MB.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        // Opening can meet another process's brief exclusive lock that SQLite does not wait for
        // (WAL set-up and recovery when a file is new or its last connection just closed): such a
        // "database is locked" is tried again, for up to a minute.
        var attempt = 0
        while true {
            do {
                database = try Self.openChecked(path: path, configuration: config, readOnly: readOnly)
                break
            } catch  where Self.isBusy(error) && attempt < 600 {
                attempt += 1
                usleep(100_000)
            }
        }
        isReadOnly = readOnly
    }

    /// Nothing to do: opening checked (or created) the schema.
    public func prepare() async throws {}

    /// SQLite's "database is locked" (busy or locked), which opening tries again.
    private static func isBusy(_ error: any Error) -> Bool {
        guard let e = error as? DatabaseError else { return false }
        return e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED
    }

    /// Opens the pool and checks (or creates) the schema; SQLite's busy errors pass through for
    /// the caller to try again, every other error becomes a `MemoryError`.
    private static func openChecked(path: String, configuration: Configuration, readOnly: Bool) throws -> DatabasePool {
        let database: DatabasePool
        do {
            database = try DatabasePool(path: path, configuration: configuration)
        } catch {
            if isBusy(error) { throw error }
            throw MemoryError(kind: .cannotOpen, path: path, detail: Self.describe(error))
        }
        let migrator = MemorySchema.migrator
        do {
            let (superseded, complete) = try database.read { db in
                (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db))
            }
            if superseded {
                let applied = try database.read { try migrator.appliedMigrations($0) }
                throw MemoryError(kind: .newerSchema, path: path, detail: applied.last ?? "unknown")
            }
            if !complete {
                if readOnly {
                    throw MemoryError(
                        kind: .readOnly, path: path, detail: "the schema needs an upgrade; open it once writable")
                }
                // Several processes may open a new file at once (four imports started together):
                // one creates the schema while the others wait, then find it complete.
                try FileLock.exclusive(path) {
                    if try database.read({ try !migrator.hasCompletedMigrations($0) }) {
                        try migrator.migrate(database)
                    }
                }
            }
        } catch let e as MemoryError {
            throw e
        } catch {
            if isBusy(error) { throw error }
            throw MemoryError(kind: .notAMemory, path: path, detail: Self.describe(error))
        }
        return database
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? e.description }
        return "\(error)"
    }

    /// Adds units and records the article files they complete as ingested, in one transaction:
    /// a file is recorded only together with its units, so an ingest stopped half-way leaves each
    /// file stored whole or not at all.
    /// - Throws: `MemoryError` naming the file: `.readOnly`, or `.writeFailed` when SQLite fails; nothing is stored
    /// then.
    @discardableResult
    public func add(
        _ units: [TranslationUnit], completing files: [IngestedFile],
        at date: Date
    ) async throws -> AddResult {
        try await batch(recording: files, at: date) { inserter in for u in units { try inserter.add(u) } }
    }

    /// Runs `body` in one write transaction with an `UnitInserter`; an error thrown anywhere rolls
    /// everything back (one transaction per imported file). `recording` files are recorded as
    /// ingested in the same transaction.
    /// - Throws: `MemoryError` naming the file: `.readOnly`, or `.writeFailed` when SQLite fails;
    ///   or what `body` throws. Nothing is stored then.
    public func batch(
        recording files: [IngestedFile] = [], at date: Date = Date(),
        _ body: @Sendable (UnitInserter) throws -> Void
    ) async throws -> AddResult {
        return try await write(refusing: "cannot add units") { db -> AddResult in
            let inserter = try UnitInserter(db)
            try body(inserter)
            try inserter.finish()
            try TranslationMemory.insertIngested(files, at: date, into: db)
            return inserter.result
        }
    }

    /// Which of `hashes` (content hashes of article files) an earlier ingest recorded as stored.
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func ingestedContent(among hashes: [String]) async throws -> Set<String> {
        try await read { db in
            var found = Set<String>()
            for chunk in stride(from: 0, to: hashes.count, by: 500) {
                let part = Array(hashes[chunk..<min(hashes.count, chunk + 500)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                found.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT content_hash FROM ingested_file WHERE content_hash IN (\(marks))",
                        arguments: StatementArguments(part)))
            }
            return found
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func ingestedFiles() async throws -> [(file: IngestedFile, at: Date)] {
        try await read { db in
            let parser = ISO8601DateFormatter()
            let sql =
                "SELECT content_hash, name, bytes, ingested_at FROM ingested_file ORDER BY ingested_at, content_hash"
            return try Row.fetchAll(db, sql: sql).map { row in
                let stamp: String = row["ingested_at"]
                return (
                    (row["content_hash"], row["name"], row["bytes"]),
                    parser.date(from: stamp) ?? Date(timeIntervalSince1970: 0)
                )
            }
        }
    }

    /// Records article files as fully ingested (in one transaction; a hash already there keeps
    /// its first name and date).
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func recordIngested(_ files: [IngestedFile], at date: Date) async throws {
        guard !files.isEmpty else { return }
        try await write(refusing: "cannot record ingested files") { db in
            try TranslationMemory.insertIngested(files, at: date, into: db)
        }
    }

    private static func insertIngested(_ files: [IngestedFile], at date: Date, into db: Database) throws {
        guard !files.isEmpty else { return }
        let stamp = ISO8601DateFormatter().string(from: date)
        let insert = try db.makeStatement(
            sql: "INSERT OR IGNORE INTO ingested_file (content_hash, name, bytes, ingested_at) VALUES (?, ?, ?, ?)")
        for f in files { try insert.execute(arguments: [f.contentHash, f.name, f.bytes, stamp]) }
    }

    /// Keeps documents of ingested files, in one transaction.
    /// - Throws: `MemoryError` naming the file: `.readOnly`, or `.writeFailed` when SQLite fails.
    public func archive(_ documents: [ArchivedDocument]) async throws {
        guard !documents.isEmpty else { return }
        try await write(refusing: "cannot archive documents") { db in
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO ingested_document (content_hash, position, file, first_line, last_line,
                      language, date, url, sentences_json, reader_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (content_hash, position) DO UPDATE SET file = excluded.file,
                      first_line = excluded.first_line, last_line = excluded.last_line, language = excluded.language,
                      date = excluded.date, url = excluded.url, sentences_json = excluded.sentences_json,
                      reader_version = excluded.reader_version
                    """)
            for d in documents {
                try insert.execute(arguments: [
                    d.contentHash, d.position, d.file, d.firstLine, d.lastLine, d.language,
                    d.date?.timeIntervalSince1970, d.url, d.sentencesJSON, d.readerVersion,
                ])
            }
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func archivedDocuments(
        excludingHashes hashes: Set<String>, names: Set<String>, dates: ClosedRange<Date>?, unpairedOnly: Bool
    ) async throws -> [ArchivedDocument] {
        try await read { db in
            var sql = """
                SELECT d.* FROM ingested_document d JOIN ingested_file f ON f.content_hash = d.content_hash
                """
            var arguments: StatementArguments = []
            sql += unpairedOnly ? " WHERE d.paired = 0" : " WHERE 1"
            if let dates {
                sql += " AND (d.date IS NULL OR d.date BETWEEN ? AND ?)"
                arguments = [dates.lowerBound.timeIntervalSince1970, dates.upperBound.timeIntervalSince1970]
            }
            sql += " ORDER BY d.file, d.content_hash, d.position"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                let document = TranslationMemory.archivedDocument(row)
                return hashes.contains(document.contentHash) || names.contains(document.file) ? nil : document
            }
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func archivedDocuments(_ references: [DocumentReference]) async throws -> [ArchivedDocument] {
        guard !references.isEmpty else { return [] }
        return try await read { db in
            let select = try db.makeStatement(
                sql: """
                    SELECT d.* FROM ingested_document d JOIN ingested_file f ON f.content_hash = d.content_hash
                    WHERE d.content_hash = ? AND d.position = ?
                    """)
            return try Set(references).compactMap { r in
                try Row.fetchOne(select, arguments: [r.contentHash, r.position]).map(TranslationMemory.archivedDocument)
            }.sorted { ($0.file, $0.contentHash, $0.position) < ($1.file, $1.contentHash, $1.position) }
        }
    }

    /// A row of `ingested_document` as the document it keeps.
    private static func archivedDocument(_ row: Row) -> ArchivedDocument {
        let date: Double? = row["date"]
        var document = ArchivedDocument(
            contentHash: row["content_hash"], file: row["file"], position: row["position"],
            firstLine: row["first_line"], lastLine: row["last_line"], language: row["language"],
            date: date.map { Date(timeIntervalSince1970: $0) }, url: row["url"],
            sentences: ArchivedDocument.sentences(fromJSON: row["sentences_json"]),
            readerVersion: row["reader_version"])
        document.paired = row["paired"] != 0
        if let partner: String = row["partner_hash"], let position: Int = row["partner_position"] {
            document.partner = DocumentReference(contentHash: partner, position: position)
            document.pairRank = row["pair_rank"]
        }
        return document
    }

    /// - Throws: `MemoryError` naming the file: `.readOnly`, or `.writeFailed` when SQLite fails.
    public func recordPairs(_ pairs: [ArchivedPair]) async throws {
        guard !pairs.isEmpty else { return }
        try await write(refusing: "cannot record document pairs") { db in
            // Those whose partner pairs with another now are unpaired first.
            let unpair = try db.makeStatement(
                sql: """
                    UPDATE ingested_document SET paired = 0, partner_hash = NULL, partner_position = NULL,
                      pair_rank = NULL WHERE partner_hash = ? AND partner_position = ?
                      AND NOT (content_hash = ? AND position = ?)
                    """)
            let update = try db.makeStatement(
                sql: """
                    UPDATE ingested_document SET paired = 1, partner_hash = ?, partner_position = ?, pair_rank = ?
                    WHERE content_hash = ? AND position = ?
                    """)
            for pair in pairs {
                for (d, partner) in [(pair.en, pair.ja), (pair.ja, pair.en)] {
                    try unpair.execute(arguments: [d.contentHash, d.position, partner.contentHash, partner.position])
                }
            }
            for pair in pairs {
                for (d, partner) in [(pair.en, pair.ja), (pair.ja, pair.en)] {
                    try update.execute(arguments: [
                        partner.contentHash, partner.position, pair.rank, d.contentHash, d.position,
                    ])
                }
            }
        }
    }

    /// - Throws: `MemoryError` naming the file: `.readOnly`, or `.writeFailed` when SQLite fails.
    public func forgetPairs(ofFiles hashes: [String]) async throws {
        guard !hashes.isEmpty else { return }
        try await write(refusing: "cannot forget document pairs") { db in
            let forget = try db.makeStatement(
                sql: """
                    UPDATE ingested_document SET paired = 0, partner_hash = NULL, partner_position = NULL,
                      pair_rank = NULL WHERE content_hash = ? OR partner_hash = ?
                    """)
            for hash in Set(hashes) { try forget.execute(arguments: [hash, hash]) }
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func archiveCounts() async throws -> (documents: Int, unpaired: Int, bytes: Int) {
        try await read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS n, coalesce(sum(paired = 0), 0) AS unpaired,
                      coalesce(sum(length(CAST(sentences_json AS BLOB))), 0) AS bytes FROM ingested_document d
                    JOIN ingested_file f ON f.content_hash = d.content_hash
                    """)
            return (row?["n"] ?? 0, row?["unpaired"] ?? 0, row?["bytes"] ?? 0)
        }
    }

    /// Counts by status and language.
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func statistics() async throws -> MemoryStatistics {
        var s = try await read { db in
            var s = MemoryStatistics()
            s.units = try Int.fetchOne(db, sql: "SELECT count(*) FROM unit") ?? 0
            s.variants = try Int.fetchOne(db, sql: "SELECT count(*) FROM variant") ?? 0
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) FROM unit GROUP BY status") {
                s.byStatus[row[0]] = row[1]
            }
            for row in try Row.fetchAll(db, sql: "SELECT coalesce(relation, 'unscored'), count(*) FROM unit GROUP BY 1")
            {
                s.byRelation[row[0]] = row[1]
            }
            for row in try Row.fetchAll(db, sql: "SELECT lang_base, count(*) FROM variant GROUP BY lang_base") {
                s.byLanguage[row[0]] = row[1]
            }
            s.sources = try Int.fetchOne(db, sql: "SELECT count(DISTINCT source_file) FROM provenance") ?? 0
            return s
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        s.fileBytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return s
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func unitsWithoutRelation(after: Int64, limit: Int) async throws -> [UnscoredUnit] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT u.id,
                      (SELECT text FROM variant WHERE unit_id = u.id AND lang_base = 'en' ORDER BY position LIMIT 1),
                      (SELECT text FROM variant WHERE unit_id = u.id AND lang_base = 'ja' ORDER BY position LIMIT 1)
                    FROM unit u WHERE u.relation IS NULL AND u.id > ? ORDER BY u.id LIMIT ?
                    """, arguments: [after, limit]
            ).map { row in
                UnscoredUnit(id: row[0], english: row[1] ?? "", japanese: row[2] ?? "")
            }
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func setRelations(_ changes: [(id: Int64, relation: UnitRelation, confidence: Double)]) async throws {
        guard !changes.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        let changes = changes.map { Change(id: $0.id, relation: $0.relation, confidence: $0.confidence) }
        try await write(refusing: "cannot set relations") { db in
            let update = try db.makeStatement(
                sql: "UPDATE unit SET relation = ?, confidence = ?, changed_at = ? WHERE id = ?")
            for c in changes { try update.execute(arguments: [c.relation.rawValue, c.confidence, now, c.id]) }
        }
    }

    /// SQLite's `PRAGMA integrity_check`: ["ok"] for a sound file, else the problems found.
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func integrityCheck() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// One relation to set (a tuple cannot cross to GRDB's thread).
    private struct Change: Sendable {
        var id: Int64
        var relation: UnitRelation
        var confidence: Double
    }

    /// Runs a read on a snapshot, on one of GRDB's reader threads.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do { return try await database.read(body) } catch let e as DatabaseError {
            throw MemoryError(kind: .cannotOpen, path: path, detail: e.message ?? e.description)
        }
    }

    /// Runs `body` in a write transaction; a read-only memory refuses with `refusal`, and SQLite's
    /// errors become `MemoryError`s naming the file.
    func write<T: Sendable>(refusing refusal: String, _ body: @Sendable (Database) throws -> T) async throws -> T {
        guard !isReadOnly else { throw MemoryError(kind: .readOnly, path: path, detail: refusal) }
        do { return try await database.write(body) } catch let e as DatabaseError {
            throw MemoryError(kind: .writeFailed, path: path, detail: e.message ?? e.description)
        }
    }

    /// `read` for a closure that may escape, through GRDB's `asyncRead`: one hand-off to a reader
    /// thread and back, where `read`'s async form makes two. Most of a short lookup's time is
    /// that hand-off, so lookups use this.
    func readEscaping<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
                database.asyncRead { db in done.resume(with: Result { try body(db.get()) }) }
            }
        } catch let e as DatabaseError {
            throw MemoryError(kind: .cannotOpen, path: path, detail: e.message ?? e.description)
        }
    }
}

/// Adds units inside one write transaction, with prepared statements; a duplicate (same languages,
/// keys and context) adds only its provenance to the unit already stored, and only the sources
/// not yet recorded for it.
public final class UnitInserter {
    let db: Database
    private let insertUnit: Statement
    private let findUnit: Statement
    private let improveUnit: Statement
    private let insertVariant: Statement
    private let insertTerms: Statement
    private let insertProvenance: Statement
    private let findProvenance: Statement
    private let postings: TermPostings.Writer
    public private(set) var result = AddResult()

    init(_ db: Database) throws {
        self.db = db
        postings = TermPostings.Writer(db)
        insertUnit = try db.makeStatement(
            sql: """
                INSERT INTO unit (tuid, status, confidence, method, context, context_key, created_at, changed_at,
                  creation_tool, creation_tool_version, creation_id, change_id, attributes_json, props_json, notes_json, dedup, relation)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedup) DO NOTHING
                """)
        findUnit = try db.makeStatement(sql: "SELECT id FROM unit WHERE dedup = ?")
        improveUnit = try db.makeStatement(sql: UnitMerging.improveSQL)
        insertVariant = try db.makeStatement(
            sql: """
                INSERT INTO variant (unit_id, position, lang, lang_base, text, key, key_length, key_hash, seg_xml, attributes_json, props_json, notes_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        insertTerms = try db.makeStatement(sql: "INSERT INTO variant_terms (rowid, words, chars) VALUES (?, ?, ?)")
        insertProvenance = try db.makeStatement(
            sql: """
                INSERT INTO provenance (unit_id, source_file, document, sentences, url) VALUES (?, ?, ?, ?, ?)
                """)
        findProvenance = try db.makeStatement(
            sql: """
                SELECT 1 FROM provenance WHERE unit_id = ? AND source_file = ? AND document IS ? AND sentences IS ? AND url IS ? LIMIT 1
                """)
    }

    /// Adds one unit (or, when it is already present, its provenance). Units with fewer than two
    /// non-empty variants are skipped.
    /// - Throws: GRDB's `DatabaseError` when the insert fails; the caller's transaction rolls back.
    @discardableResult
    public func add(_ unit: TranslationUnit) throws -> Bool {
        try add(try PreparedUnit(unit))
    }

    /// Adds a unit prepared (perhaps on another thread) by `PreparedUnit.init`.
    @discardableResult
    func add(_ prepared: PreparedUnit) throws -> Bool {
        if result.skipsIncomplete(prepared) { return false }
        let unit = prepared.unit
        typealias V = FastBinding.Value
        try FastBinding.execute(
            insertUnit,
            V(unit.tuid), .text(unit.status.rawValue), V(unit.confidence), V(unit.method), V(unit.context),
            V(prepared.contextKey),
            .real(unit.storedCreationTime), .real(unit.storedChangeTime),
            V(unit.creationTool), V(unit.creationToolVersion), V(unit.creationID), V(unit.changeID),
            V(prepared.attributesJSON), V(prepared.propsJSON), V(prepared.notesJSON), .integer(prepared.dedup),
            .text(unit.relation.rawValue))
        let unitID: Int64
        let isNew = db.changesCount > 0
        if isNew {
            unitID = db.lastInsertedRowID
            for (position, variant) in prepared.variants.enumerated() {
                try FastBinding.execute(
                    insertVariant,
                    .integer(unitID), .integer(Int64(position)), .text(variant.variant.language),
                    .text(variant.variant.baseLanguage),
                    .text(variant.variant.text), .text(variant.key), .integer(Int64(variant.keyLength)),
                    .integer(variant.keyHash), V(variant.variant.segmentXML),
                    V(variant.attributesJSON), V(variant.propsJSON), V(variant.notesJSON))
                let variantID = db.lastInsertedRowID
                try FastBinding.execute(
                    insertTerms, .integer(variantID), .text(variant.terms.words), .text(variant.terms.chars))
                try postings.add(variantID: variantID, terms: variant.termHashes)
            }
            result.added += 1
        } else {
            unitID = try Int64.fetchOne(findUnit, arguments: [prepared.dedup]) ?? 0
            result.alreadyPresent += 1
            if unit.status == .aligned, let confidence = unit.confidence {
                try improveUnit.execute(arguments: [confidence, unit.method, unit.relation.rawValue, unitID])
            }
        }
        // A source already recorded for this unit is not recorded twice (adding the same input
        // again changes nothing).
        for (k, p) in unit.provenance.enumerated() where !unit.provenance[..<k].contains(p) {
            let arguments: StatementArguments = [unitID, p.sourceFile, p.document, p.sentences, p.url]
            if !isNew, try Int.fetchOne(findProvenance, arguments: arguments) != nil { continue }
            try insertProvenance.execute(arguments: arguments)
        }
        return isNew
    }

    /// Writes what is still pending (the fuzzy index's last segment); before the commit.
    func finish() throws {
        try postings.finish()
    }

}

/// An advisory lock (flock) held on a file while `body` runs, so that processes take turns.
/// flock and SQLite's own (fcntl) locks are independent on Linux and macOS.
enum FileLock {
    static func exclusive(_ path: String, _ body: () throws -> Void) throws {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        try body()
    }
}
