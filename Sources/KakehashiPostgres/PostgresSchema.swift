import Foundation
import KakehashiMemory
import Logging
import PostgresNIO

/// The PostgreSQL memory's schema, created and upgraded by versioned migrations recorded in
/// `kakehashi_schema`. Migrations run in one transaction under an advisory lock, so many processes
/// may open a new database at once; a database with a migration this build does not know (written
/// by a newer Kakehashi) is refused.
///
/// The tables mirror the SQLite memory's (`unit`, `variant`, `provenance`, `ingested_file`), with
/// PostgreSQL's own candidate indexes on `variant`, all GIN over integers (v3: GIN compares
/// integers several times faster than text, which made building the text indexes after a bulk
/// load take longer than the load itself):
/// - `term_hashes` (`bigint[]`): the key's index words (`TermIndex`: words, CJK trigrams, short
///   CJK runs), hashed as SQLite's posting lists hash them (`TermHashing`), for fuzzy candidates
///   (`@>`: the terms a candidate must hold) and concordance phrases (the phrase's rarest words,
///   or the words a prefix stands for);
/// - `char_codes` (`integer[]`) and `pair_codes` (`bigint[]`): every CJK character and every pair
///   of adjacent ones (`TermIndex.characterCodes`, `pairCodes`), for one- and two-character
///   concordance queries, which words cannot serve;
/// - `words_spaced` (text, not indexed): the words between spaces, so that a concordance phrase
///   is confirmed on the rows found with `LIKE '% a b %'`;
/// - `(lang_base, key_length, id)` for short fuzzy queries and `key_hash` for exact ones.
/// The GIN indexes keep a small pending list (256 kB, PostgreSQL's default is 4 MB): every lookup
/// scans the list of entries not yet merged, and a full 4 MB list made fuzzy candidates a hundred
/// times slower until autovacuum ran. A bulk write merges it at once (`PostgresMemory`).
/// De-duplication is a UNIQUE key on `unit.dedup` and `INSERT … ON CONFLICT DO NOTHING`, so it
/// holds across concurrent writers. `term_count` (v2) holds how many variants hold each word, kept
/// by the writers in their transactions: counting a common word through its GIN posting list read
/// the whole list (0.4 s cold at 1M units), the table answers in one index probe; its
/// `text_pattern_ops` index (v3) lists the words that begin with a concordance prefix.
enum PostgresSchema {
    /// One step of a migration: a statement, or the v3 computation of the integer candidate
    /// columns from each variant's key (done in Swift, as the writers do it).
    enum Step {
        case sql(String)
        case fillCandidateCodes
        case deferStructuresOfEmptyMemory
    }

    /// Migrations in order: a name, then the steps.
    static let migrations: [(name: String, steps: [Step])] = [
        (
            "v1: units, variants with candidate indexes, provenance, ingested files",
            [
                """
                CREATE TABLE unit (
                  id bigserial PRIMARY KEY, tuid text, status text NOT NULL, confidence double precision, method text,
                  context text, context_key text, created_at double precision, changed_at double precision,
                  creation_tool text, creation_tool_version text, creation_id text, change_id text,
                  attributes_json text, props_json text, notes_json text, dedup bigint NOT NULL UNIQUE)
                """,
                "CREATE INDEX unit_changed_at ON unit (changed_at)",
                """
                CREATE TABLE variant (
                  id bigserial PRIMARY KEY, unit_id bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
                  position integer NOT NULL, lang text NOT NULL, lang_base text NOT NULL, text text NOT NULL,
                  key text NOT NULL, key_length integer NOT NULL, key_hash bigint NOT NULL, seg_xml text,
                  attributes_json text, props_json text, notes_json text,
                  words text[] NOT NULL, words_spaced text NOT NULL, chars text[] NOT NULL, bigrams text[] NOT NULL)
                """,
                "CREATE INDEX variant_unit ON variant (unit_id, position)",
                "CREATE INDEX variant_key_hash ON variant (key_hash)",
                "CREATE INDEX variant_lang_length ON variant (lang_base, key_length, id)",
                """
                CREATE TABLE provenance (
                  seq bigserial PRIMARY KEY, unit_id bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
                  source_file text NOT NULL, document text, sentences text, url text,
                  UNIQUE NULLS NOT DISTINCT (unit_id, source_file, document, sentences))
                """,
                """
                CREATE TABLE ingested_file (content_hash text PRIMARY KEY, name text NOT NULL, bytes bigint NOT NULL,
                                            ingested_at text NOT NULL)
                """,
            ].map(Step.sql)
        ),
        (
            "v2: how many variants hold each word, kept up to date by the writers",
            [
                "CREATE TABLE term_count (term text PRIMARY KEY, n bigint NOT NULL)",
                """
                INSERT INTO term_count (term, n)
                SELECT w, count(*) FROM variant v CROSS JOIN LATERAL (SELECT DISTINCT unnest(v.words) AS w) d GROUP BY w
                """,
            ].map(Step.sql)
        ),
        // Until v3, `words`, `chars` and `bigrams` were text arrays with GIN indexes, and
        // `words_spaced` had a pg_trgm index for concordance prefixes (the extension, created by
        // v1 then, stays where it is).
        (
            "v3: candidate words and characters as integers, prefixes through term_count",
            [
                .sql("DROP INDEX IF EXISTS variant_words, variant_chars, variant_bigrams, variant_words_trgm"),
                .sql(
                    "ALTER TABLE variant ADD COLUMN term_hashes bigint[], ADD COLUMN char_codes integer[], ADD COLUMN pair_codes bigint[]"
                ),
                .fillCandidateCodes,
                .sql(
                    """
                    ALTER TABLE variant DROP COLUMN words, DROP COLUMN chars, DROP COLUMN bigrams,
                      ALTER COLUMN term_hashes SET NOT NULL, ALTER COLUMN char_codes SET NOT NULL, ALTER COLUMN pair_codes SET NOT NULL
                    """),
                .sql("CREATE INDEX term_count_prefix ON term_count (term text_pattern_ops)"),
            ] + candidateIndexes.map { Step.sql($0.create) }
        ),
        // From v4 a new memory has no candidate indexes and no foreign keys to `unit` until its
        // first write makes them (`ensureStructures`): a bulk load then needs to drop nothing,
        // and dropping takes a lock that readers wait for.
        ("v4: candidate indexes and foreign keys made by the first write", [.deferStructuresOfEmptyMemory]),
        // Aligned units of a memory written before relations keep a NULL relation until
        // `kakehashi memory upgrade` (or the next ingest) scores them again from their texts.
        (
            "v5: what each unit's sides are to each other (translation, partial, related)",
            [
                "ALTER TABLE unit ADD COLUMN relation text",
                "UPDATE unit SET relation = 'translation' WHERE status <> 'aligned'",
            ].map(Step.sql)
        ),
        // Every change a reviewer makes raises the unit's version and is kept with the unit's
        // reviewable state before and after; `seq` orders all changes of the memory. History
        // outlives a deleted unit (no foreign key).
        (
            "v6: versions and the history of reviewers' changes",
            [
                "ALTER TABLE unit ADD COLUMN version integer NOT NULL DEFAULT 1",
                """
                CREATE TABLE unit_change (
                  seq bigserial PRIMARY KEY, unit_id bigint NOT NULL, version integer NOT NULL, "user" text NOT NULL,
                  at double precision NOT NULL, change text NOT NULL, before_json text NOT NULL,
                  after_json text NOT NULL, undone_by bigint)
                """,
                "CREATE INDEX unit_change_unit ON unit_change (unit_id, seq)",
            ].map(Step.sql)
        ),
        // A bulk change is one transaction; each unit it changes has its own history entry,
        // carrying the bulk change's id, so that the whole change is undone as one.
        (
            "v7: bulk changes",
            [
                """
                CREATE TABLE bulk_change (
                  id bigserial PRIMARY KEY, "user" text NOT NULL, at double precision NOT NULL, action text NOT NULL,
                  filter_json text NOT NULL, count integer NOT NULL DEFAULT 0, undone_by bigint)
                """,
                "ALTER TABLE unit_change ADD COLUMN bulk_id bigint",
                "CREATE INDEX unit_change_bulk ON unit_change (bulk_id) WHERE bulk_id IS NOT NULL",
                // The review queue (least confident first, by status) and a unit's neighbours in its articles.
                "CREATE INDEX unit_queue ON unit (status, confidence NULLS FIRST, id)",
                "CREATE INDEX provenance_source ON provenance (source_file)",
            ].map(Step.sql)
        ),
        (
            "v8: the documents of ingested files",
            [
                """
                CREATE TABLE ingested_document (
                  content_hash text NOT NULL, position bigint NOT NULL, file text NOT NULL, first_line bigint NOT NULL,
                  last_line bigint NOT NULL, language text NOT NULL, date double precision, url text,
                  sentences_json text NOT NULL, reader_version text NOT NULL, paired boolean NOT NULL DEFAULT false,
                  PRIMARY KEY (content_hash, position))
                """,
                "CREATE INDEX ingested_document_date ON ingested_document (date)",
            ].map(Step.sql)
        ),
        (
            "v9: the partners of kept documents",
            [
                """
                ALTER TABLE ingested_document ADD COLUMN partner_hash text, ADD COLUMN partner_position bigint,
                  ADD COLUMN pair_rank double precision
                """,
                "CREATE INDEX ingested_document_partner ON ingested_document (partner_hash, partner_position)",
            ].map(Step.sql)
        ),
        (
            "v10: the ingest work queue",
            [
                """
                CREATE TABLE ingest_work (
                  id bigserial PRIMARY KEY, batch_id bigint NOT NULL, kind text NOT NULL, payload text NOT NULL,
                  enqueued_at double precision NOT NULL, claim text, claimed_by text, lease_until double precision,
                  attempts integer NOT NULL DEFAULT 0, done_at double precision, error text)
                """,
                "CREATE SEQUENCE ingest_batch_id",
                "CREATE INDEX ingest_work_open ON ingest_work (batch_id, id) WHERE done_at IS NULL",
                "CREATE INDEX ingested_document_content ON ingested_document (content_hash)",
            ].map(Step.sql)
        ),
    ]

    /// The foreign keys to `unit` (PostgreSQL's default names), made by the first write.
    static let foreignKeys = [("variant", "variant_unit_id_fkey"), ("provenance", "provenance_unit_id_fkey")]

    /// Drops the candidate indexes and foreign keys of a memory that holds no unit yet.
    static func deferStructuresOfEmptyMemory(_ c: PostgresConnection, logger: Logger) async throws {
        guard try await c.rows("SELECT NOT EXISTS (SELECT 1 FROM unit)", logger)[0].decode(Bool.self) else { return }
        for index in candidateIndexes { try await c.execute("DROP INDEX IF EXISTS \(index.name)", logger) }
        for (table, key) in foreignKeys {
            try await c.execute("ALTER TABLE \(table) DROP CONSTRAINT IF EXISTS \(key)", logger)
        }
    }

    /// Makes the candidate indexes and foreign keys that are missing, at the end of a write
    /// transaction: after its rows, which is how PostgreSQL builds an index fastest. Making them
    /// locks out other writers until the transaction ends, never readers. Writers that find them
    /// missing at the same time take turns (an advisory lock). True when none was missing.
    @discardableResult
    static func ensureStructures(_ c: PostgresConnection, logger: Logger) async throws -> Bool {
        func missing() async throws -> (indexes: [(name: String, create: String)], keys: [(String, String)]) {
            let indexes = Set(
                try await c.rows(
                    """
                    SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'variant'
                    """, logger
                ).map { try $0.decode(String.self) })
            let keys = Set(
                try await c.rows(
                    """
                    SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('variant'::regclass, 'provenance'::regclass)
                    """, logger
                ).map { try $0.decode(String.self) })
            return (candidateIndexes.filter { !indexes.contains($0.name) }, foreignKeys.filter { !keys.contains($0.1) })
        }
        let seen = try await missing()
        guard !seen.indexes.isEmpty || !seen.keys.isEmpty else { return true }
        _ = try await c.rows("SELECT pg_advisory_xact_lock(\(lockKey + 1))", logger)
        let (indexes, keys) = try await missing()
        try await c.execute("SET LOCAL maintenance_work_mem = '256MB'", logger)
        for (table, key) in keys {
            try await c.execute(
                "ALTER TABLE \(table) ADD CONSTRAINT \(key) FOREIGN KEY (unit_id) REFERENCES unit (id) ON DELETE CASCADE",
                logger)
        }
        for index in indexes { try await c.execute(index.create, logger) }
        return false
    }

    /// The GIN indexes that find lookup candidates (names and definitions). A new memory gets them
    /// at the end of its first write (`ensureStructures`), which is several times faster than
    /// keeping them up to date row by row during a bulk load.
    static let candidateIndexes: [(name: String, create: String)] = [
        (
            "variant_term_hashes",
            "CREATE INDEX variant_term_hashes ON variant USING gin (term_hashes) WITH (gin_pending_list_limit = 256)"
        ),
        (
            "variant_char_codes",
            "CREATE INDEX variant_char_codes ON variant USING gin (char_codes) WITH (gin_pending_list_limit = 256)"
        ),
        (
            "variant_pair_codes",
            "CREATE INDEX variant_pair_codes ON variant USING gin (pair_codes) WITH (gin_pending_list_limit = 256)"
        ),
    ]

    /// Fills v3's integer columns from each variant's key, a batch at a time.
    static func fillCandidateCodes(_ c: PostgresConnection, logger: Logger) async throws {
        var last: Int64 = 0
        while true {
            let rows = try await c.rows("SELECT id, key FROM variant WHERE id > \(last) ORDER BY id LIMIT 5000", logger)
            guard !rows.isEmpty else { return }
            var ids: [Int64] = [], terms: [String] = [], characters: [String] = [], pairs: [String] = []
            for row in rows {
                let (id, key) = try row.decode((Int64, String).self)
                ids.append(id)
                terms.append(arrayLiteral(TermHashing.hashes(ofWords: TermIndex.columns(ofKey: key).words)))
                characters.append(arrayLiteral(TermIndex.characterCodes(ofKey: key)))
                pairs.append(arrayLiteral(TermIndex.pairCodes(ofKey: key)))
            }
            last = ids[ids.count - 1]
            _ = try await c.rows(
                """
                UPDATE variant v SET term_hashes = f.t::bigint[], char_codes = f.c::integer[], pair_codes = f.p::bigint[]
                FROM unnest(\(ids)::bigint[], \(terms)::text[], \(characters)::text[], \(pairs)::text[]) AS f (id, t, c, p)
                WHERE v.id = f.id
                """, logger)
        }
    }

    /// An array of integers as PostgreSQL writes it: `{1,2,3}`.
    static func arrayLiteral(_ values: [some FixedWidthInteger]) -> String {
        "{" + values.map { String($0) }.joined(separator: ",") + "}"
    }

    /// An arbitrary constant: the advisory lock that makes migrations take turns.
    static let lockKey: Int64 = 0x4B_616B_6568_6173

    /// Brings the database up to date (or checks that it is, when `readOnly`).
    static func migrate(_ c: PostgresConnection, readOnly: Bool, location: String, logger: Logger) async throws {
        let known = migrations.map(\.name)
        func applied() async throws -> [String] {
            let exists = try await c.rows("SELECT to_regclass('kakehashi_schema') IS NOT NULL", logger)
            guard try exists.first?.decode(Bool.self) == true else { return [] }
            return try await c.rows("SELECT name FROM kakehashi_schema ORDER BY position", logger).map {
                try $0.decode(String.self)
            }
        }
        func check(_ done: [String]) async throws -> Bool {
            if let unknown = done.first(where: { !known.contains($0) }) {
                throw PostgresStoreError.newerSchema(location: location, migration: unknown)
            }
            return done.count == known.count
        }
        if try await check(applied()) { return }
        if readOnly {
            throw PostgresStoreError.readOnly(
                location: location, detail: "the schema needs an upgrade; open it once writable")
        }
        try await c.execute("BEGIN", logger)
        do {
            _ = try await c.rows("SELECT pg_advisory_xact_lock(\(lockKey))", logger)
            try await c.execute(
                """
                CREATE TABLE IF NOT EXISTS kakehashi_schema (position integer PRIMARY KEY, name text NOT NULL UNIQUE,
                                                             applied_at timestamptz NOT NULL DEFAULT now())
                """, logger)
            let done = try await applied()
            if try await !check(done) {
                for (position, migration) in migrations.enumerated() where !done.contains(migration.name) {
                    for step in migration.steps {
                        switch step {
                        case .sql(let statement): try await c.execute(statement, logger)
                        case .fillCandidateCodes: try await fillCandidateCodes(c, logger: logger)
                        case .deferStructuresOfEmptyMemory: try await deferStructuresOfEmptyMemory(c, logger: logger)
                        }
                    }
                    _ = try await c.rows(
                        "INSERT INTO kakehashi_schema (position, name) VALUES (\(position), \(migration.name))", logger)
                }
            }
            try await c.execute("COMMIT", logger)
        } catch {
            try? await c.execute("ROLLBACK", logger)
            throw error
        }
    }
}
