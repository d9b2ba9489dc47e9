import GRDB
import KakehashiMemory

/// The memory file's schema, created and upgraded by GRDB migrations. A file written by a newer
/// Kakehashi (with migrations this build does not know) is refused rather than misread.
///
/// Tables:
/// - `unit`: one row per translation unit — status, confidence, method, context, dates, ids,
///   verbatim TMX attributes/props/notes (JSON), and `dedup`, a 64-bit hash of (variant languages
///   and keys, context) under a UNIQUE index.
/// - `variant`: one row per language version — tag and primary subtag, display text, match key,
///   its length and its 64-bit hash (`key_hash`, indexed, for exact matches), the `<seg>` XML when it had inline
/// codes, verbatim attributes/props/notes.
/// - `provenance`: where a unit came from (file, document, sentences, URL); several rows when
///   one story was found in several files.
/// - `variant_terms`: the one full-text index, contentless FTS5 over each key's words and CJK
///   trigrams (column `words`) and single CJK characters (column `chars`); see `TermIndex`. It
///   answers concordance and selects fuzzy candidates. (An fts5vocab table gave document
///   frequencies until v4, but it reads a term's whole posting list: 28 ms a query at 1M units.)
///   (v1–v3 had a trigram index and a per-character index instead; v4 replaced both.)
/// - `ingested_file` (v5): the content hash (SHA-256) of every article file an ingest has fully
///   stored, with its name, size and date, so that a re-run skips the pairs of unchanged files.
/// - `unit.relation` (v7): `translation`, `partial` or `related` (NULL: an aligned unit of a
///   release before relations, not scored again yet).
/// - `unit.version`, `unit_change` (v8): each unit's version, and every change reviewers made,
///   with the unit's reviewable state before and after (see `ReviewableMemory`).
/// - `bulk_change`, `unit_change.bulk_id` (v9): bulk changes, undone as one.
/// - `ingested_document` (v10): the documents of ingested files, with their sentences, lines and
///   dates, so that a later ingest pairs and aligns them without the files (`DocumentArchive`).
/// - `term_segment`, `term_posting` (v6): the `words` tokens' posting lists without positions,
///   from which fuzzy lookup reads its candidates (see `TermPostings`).
enum MemorySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: units, variants, provenance, indexes") { db in
            try db.create(table: "unit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("tuid", .text)
                t.column("status", .text).notNull()
                t.column("confidence", .double)
                t.column("method", .text)
                t.column("context", .text)
                t.column("context_key", .text)
                t.column("created_at", .double)  // seconds since 1970, UTC
                t.column("changed_at", .double).indexed()
                t.column("creation_tool", .text)
                t.column("creation_tool_version", .text)
                t.column("creation_id", .text)
                t.column("change_id", .text)
                t.column("attributes_json", .text)
                t.column("props_json", .text)
                t.column("notes_json", .text)
                t.column("dedup", .integer).notNull().unique()
            }
            try db.create(table: "variant") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("unit_id", .integer).notNull().references("unit", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("lang", .text).notNull()
                t.column("lang_base", .text).notNull()
                t.column("text", .text).notNull()
                t.column("key", .text).notNull()
                t.column("key_length", .integer).notNull()
                t.column("seg_xml", .text)
                t.column("attributes_json", .text)
                t.column("props_json", .text)
                t.column("notes_json", .text)
            }
            try db.create(index: "variant_unit", on: "variant", columns: ["unit_id"])
            try db.create(index: "variant_lang_key", on: "variant", columns: ["lang_base", "key"])
            try db.create(index: "variant_lang_length", on: "variant", columns: ["lang_base", "key_length"])
            try db.create(table: "provenance") { t in
                t.column("unit_id", .integer).notNull().references("unit", onDelete: .cascade)
                t.column("source_file", .text).notNull()
                t.column("document", .text)
                t.column("sentences", .text)
                t.column("url", .text)
                t.uniqueKey(["unit_id", "source_file", "document", "sentences"], onConflict: .ignore)
            }
            try db.create(virtualTable: "variant_fts", using: FTS5()) { t in
                t.tokenizer = FTS5TokenizerDescriptor(components: ["trigram"])
                t.synchronize(withTable: "variant")
                t.column("key")
            }
            try db.execute(
                sql:
                    "CREATE VIRTUAL TABLE variant_chars USING fts5(chars, content='', tokenize='unicode61 remove_diacritics 0')"
            )
            try db.execute(sql: "CREATE VIRTUAL TABLE variant_fts_vocab USING fts5vocab('variant_fts', 'row')")
        }
        migrator.registerMigration("v2: vocabulary of the per-character index") { db in
            // Document frequencies of words (English) and characters (Japanese), so fuzzy lookup
            // can pick the rarest terms of a query.
            try db.execute(sql: "CREATE VIRTUAL TABLE variant_chars_vocab USING fts5vocab('variant_chars', 'row')")
        }
        migrator.registerMigration("v3: trigrams for CJK segments only") { db in
            // Trigrams were the largest cost of an import. Substring search needs them only where
            // words are not separated (Japanese, Chinese); Latin segments are found through the
            // word index. UnitInserter now feeds variant_fts itself.
            for suffix in ["ai", "ad", "au"] { try db.execute(sql: "DROP TRIGGER IF EXISTS __variant_fts_\(suffix)") }
        }
        migrator.registerMigration("v4: one index of words, CJK trigrams and characters; keys found by hash") { db in
            // Two FTS5 indexes (trigrams, characters) were two thirds of an import's time, and
            // the B-tree of whole keys for exact matches outgrew the page cache at a million
            // units; a 64-bit hash of the key indexes the same lookups in a tenth of the space.
            for table in ["variant_chars_vocab", "variant_fts_vocab", "variant_chars", "variant_fts"] {
                try db.execute(sql: "DROP TABLE IF EXISTS \(table)")
            }
            try db.execute(
                sql: """
                    CREATE VIRTUAL TABLE variant_terms USING fts5(words, chars, content='', columnsize=0, tokenize='ascii')
                    """)
            // A 32 MB buffer of pending terms (FTS5's default is 1 MB): fewer, larger segments on
            // a bulk import, so less merging.
            try db.execute(sql: "INSERT INTO variant_terms(variant_terms, rank) VALUES('hashsize', 33554432)")
            try db.execute(sql: "ALTER TABLE variant ADD COLUMN key_hash INTEGER")
            try db.execute(sql: "DROP INDEX IF EXISTS variant_lang_key")
            let insert = try db.makeStatement(sql: "INSERT INTO variant_terms (rowid, words, chars) VALUES (?, ?, ?)")
            let setHash = try db.makeStatement(sql: "UPDATE variant SET key_hash = ? WHERE id = ?")
            try forEachVariantKey(db) { id, key in
                let columns = TermIndex.columns(ofKey: key)
                try insert.execute(arguments: [id, columns.words, columns.chars])
                try setHash.execute(arguments: [UnitHashing.keyHash(key), id])
            }
            try db.execute(sql: "CREATE INDEX variant_key_hash ON variant(key_hash)")
        }
        migrator.registerMigration("v5: article files already ingested, by content hash") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ingested_file (content_hash TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL,
                                                bytes INTEGER NOT NULL, ingested_at TEXT NOT NULL)
                    """)
        }
        migrator.registerMigration("v6: posting lists of index words for fuzzy candidates") { db in
            try TermPostings.create(db)
            let writer = TermPostings.Writer(db)
            try forEachVariantKey(db) { id, key in
                try writer.add(variantID: id, words: TermIndex.columns(ofKey: key).words)
            }
            try writer.finish()
        }
        migrator.registerMigration("v7: what each unit's sides are to each other") { db in
            // Aligned units of a memory written before relations keep a NULL relation until
            // `kakehashi memory upgrade` (or the next ingest) scores them again from their texts;
            // until then lookups treat them as `related`, never offered for reuse.
            try db.execute(sql: "ALTER TABLE unit ADD COLUMN relation TEXT")
            try db.execute(sql: "UPDATE unit SET relation = 'translation' WHERE status <> 'aligned'")
        }
        migrator.registerMigration("v8: versions and the history of reviewers' changes") { db in
            // Every change a reviewer makes raises the unit's version and is kept, with the unit's
            // reviewable state before and after, in `unit_change`; `seq` orders all changes of the
            // memory. History outlives a deleted unit.
            try db.execute(sql: "ALTER TABLE unit ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
            try db.execute(
                sql: """
                    CREATE TABLE unit_change (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT, unit_id INTEGER NOT NULL, version INTEGER NOT NULL,
                      user TEXT NOT NULL, at REAL NOT NULL, change TEXT NOT NULL,
                      before_json TEXT NOT NULL, after_json TEXT NOT NULL, undone_by INTEGER)
                    """)
            try db.execute(sql: "CREATE INDEX unit_change_unit ON unit_change(unit_id, seq)")
        }
        migrator.registerMigration("v9: bulk changes") { db in
            // A bulk change is one transaction; each unit it changes has its own history entry,
            // carrying the bulk change's id, so that the whole change is undone as one.
            try db.execute(
                sql: """
                    CREATE TABLE bulk_change (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, at REAL NOT NULL, action TEXT NOT NULL,
                      filter_json TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 0, undone_by INTEGER)
                    """)
            try db.execute(sql: "ALTER TABLE unit_change ADD COLUMN bulk_id INTEGER")
            try db.execute(sql: "CREATE INDEX unit_change_bulk ON unit_change(bulk_id) WHERE bulk_id IS NOT NULL")
            // The review queue (least confident first, by status) and a unit's neighbours in its articles.
            try db.execute(sql: "CREATE INDEX unit_queue ON unit(status, confidence)")
            try db.execute(sql: "CREATE INDEX provenance_source ON provenance(source_file)")
        }
        migrator.registerMigration("v10: the documents of ingested files") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ingested_document (
                      content_hash TEXT NOT NULL, position INTEGER NOT NULL, file TEXT NOT NULL,
                      first_line INTEGER NOT NULL, last_line INTEGER NOT NULL, language TEXT NOT NULL, date REAL,
                      url TEXT, sentences_json TEXT NOT NULL, reader_version TEXT NOT NULL,
                      paired INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (content_hash, position))
                    """)
            try db.execute(sql: "CREATE INDEX ingested_document_date ON ingested_document(date)")
        }
        migrator.registerMigration("v11: the partners of kept documents") { db in
            try db.execute(sql: "ALTER TABLE ingested_document ADD COLUMN partner_hash TEXT")
            try db.execute(sql: "ALTER TABLE ingested_document ADD COLUMN partner_position INTEGER")
            try db.execute(sql: "ALTER TABLE ingested_document ADD COLUMN pair_rank REAL")
            try db.execute(
                sql: "CREATE INDEX ingested_document_partner ON ingested_document(partner_hash, partner_position)")
        }
        return migrator
    }

    /// Every variant's id and match key, in id order, read in pages of 10,000 rows: an upgraded
    /// memory of a million units never holds all its keys at once, and no cursor is open on the
    /// table while `body` writes.
    private static func forEachVariantKey(_ db: Database, _ body: (Int64, String) throws -> Void) throws {
        let page = try db.makeStatement(sql: "SELECT id, key FROM variant WHERE id > ? ORDER BY id LIMIT 10000")
        var last: Int64 = 0
        while true {
            let rows = try Row.fetchAll(page, arguments: [last])
            guard let final = rows.last else { break }
            for row in rows { try body(row[0], row[1]) }
            last = final[0]
        }
    }
}
