public import Foundation
public import ServiceLifecycle

/// A translation memory, whatever stores it: `TranslationMemory` (one SQLite file, the embedded
/// default, in KakehashiSQLite) or `PostgresMemory` (a shared PostgreSQL database, in KakehashiPostgres).
///
/// Both behave the same: units are de-duplicated on their languages, match keys and context
/// (also between concurrent writers), every `add` is one transaction, and lookups give the same
/// matches, order and scores, because the backends only find candidates and `LookupEngine`
/// scores them.
///
/// Every call is async and safe from many tasks at once. The backends run on their libraries'
/// own machinery: GRDB's async reads and writes on a pool of SQLite connections, and
/// postgres-nio's pooled `PostgresClient`. A memory may need services running while it is used
/// (PostgreSQL's client): run `services` in the caller's service group and call `prepare()` once
/// they run, or let `MemoryLocation.withMemory` do both.
public protocol MemoryStore: IngestLedger, DocumentArchive, AnyObject, Sendable {
    /// Where the memory is, for messages: a file path, or a URL without its password.
    var location: String { get }
    /// True when this process may only read.
    var isReadOnly: Bool { get }
    /// What must run while the memory is used (PostgreSQL's pooled client); none for SQLite.
    var services: [any Service] { get }

    /// Readies the memory once its services run: PostgreSQL checks the database's encoding and
    /// creates or upgrades the schema. SQLite did that on opening.
    func prepare() async throws
    /// Adds units and records the article files they complete as ingested, in one transaction.
    func add(_ units: [TranslationUnit], completing files: [IngestedFile], at date: Date) async throws -> AddResult
    /// Imports one TMX file, read as a stream, in one transaction: on any error nothing from the
    /// file is kept. Skipped units are reported with the line of their `<tu>`.
    func importTMX(path: String) async throws -> AddResult
    /// Counts by status and language.
    func statistics() async throws -> MemoryStatistics
    /// Exact, fuzzy and concordance matches for `query`, in both directions (see `LookupEngine`),
    /// and whether `options.deadline` cut the lookup short.
    func matches(for query: String, options: LookupOptions) async throws -> LookupResult
    /// The unit with id `id` (as `LookupMatch.unitID` gives it), or nil.
    func unit(id: Int64) async throws -> TranslationUnit?
    /// A string that changes whenever units are added or changed (an HTTP entity tag).
    func revision() async throws -> String
    /// The latest change date of any unit (nil for an empty memory): the date of an export.
    func latestChange() async throws -> Date?
    /// Streams every unit that passes `filter`, in the order they were added, on one snapshot of
    /// the memory; returns how many. For SQLite `body` runs on GRDB's reader thread, so it
    /// should only write or collect.
    func forEachUnit(_ filter: ExportFilter, _ body: @Sendable (TranslationUnit) throws -> Void) async throws -> Int
    /// ["ok"] when the store is sound, else the problems found.
    func integrityCheck() async throws -> [String]
    /// Aligned units stored by a release before relations (no relation yet), with their English
    /// and Japanese texts: the first `limit` whose id is above `after`, by id.
    func unitsWithoutRelation(after: Int64, limit: Int) async throws -> [UnscoredUnit]
    /// Sets units' relations and confidences, in one transaction (their change date becomes now).
    func setRelations(_ changes: [(id: Int64, relation: UnitRelation, confidence: Double)]) async throws
}

/// An aligned unit stored before relations, to be scored again from its texts.
public struct UnscoredUnit: Sendable {
    public var id: Int64
    public var english: String
    public var japanese: String

    public init(id: Int64, english: String, japanese: String) {
        self.id = id
        self.english = english
        self.japanese = japanese
    }
}

extension MemoryStore {
    /// Adds units and records the files they complete, now.
    /// - Throws: the backend's `MemoryBackendError`; nothing is stored then.
    @discardableResult
    public func add(_ units: [TranslationUnit], completing files: [IngestedFile]) async throws -> AddResult {
        try await add(units, completing: files, at: Date())
    }

    /// Looks `query` up with the default options (all modes, 70 % and up, five matches).
    /// - Throws: the backend's `MemoryBackendError`.
    public func lookup(_ query: String) async throws -> [LookupMatch] {
        try await lookup(query, options: LookupOptions())
    }

    /// The matches of `matches(for:options:)`, without the truncation flag.
    /// - Throws: the backend's `MemoryBackendError`.
    public func lookup(_ query: String, options: LookupOptions) async throws -> [LookupMatch] {
        try await matches(for: query, options: options).matches
    }

    /// Streams every unit.
    /// - Throws: the backend's `MemoryBackendError`, or what `body` throws (which ends the stream).
    public func forEachUnit(_ body: @Sendable (TranslationUnit) throws -> Void) async throws -> Int {
        try await forEachUnit(ExportFilter(), body)
    }

    /// Adds units in one transaction: either all are stored or, on any error, none.
    /// - Throws: the backend's `MemoryBackendError`; nothing is stored then.
    @discardableResult
    public func add(_ units: [TranslationUnit]) async throws -> AddResult {
        try await add(units, completing: [], at: Date())
    }

    /// Writes the memory as TMX 1.4b to `output`; returns how many units were written. `observe`
    /// sees each unit as it is written (on the backend's thread, as `forEachUnit`'s body does).
    /// - Throws: the backend's `MemoryBackendError`, or the output's write error.
    @discardableResult
    public func exportTMX(
        to output: FileHandle, filter: ExportFilter = ExportFilter(), sourceLanguage: String = "en",
        observe: @Sendable (TranslationUnit) -> Void = { _ in }
    ) async throws -> Int {
        let writer = TMXWriter(output: output, sourceLanguage: sourceLanguage)
        // The header's date is the memory's latest change, so that one memory exports one file.
        try writer.begin(date: try await latestChange() ?? Date(timeIntervalSince1970: 0))
        let n = try await forEachUnit(filter) { unit in
            observe(unit)
            try writer.write(unit)
        }
        try writer.finish()
        return n
    }
}
