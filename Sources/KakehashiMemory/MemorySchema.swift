import GRDB

/// The memory file's schema, created and upgraded by GRDB migrations. A file written by a newer
/// Kakehashi (with migrations this build does not know) is refused rather than misread.
///
/// Tables:
/// - `unit`: one row per translation unit — status, confidence, method, context, dates, ids,
///   verbatim TMX attributes/props/notes (JSON), and `dedup`, a 64-bit hash of (variant languages
///   and keys, context) under a UNIQUE index.
/// - `variant`: one row per language version — tag and primary subtag, display text, match key
///   and its length, the `<seg>` XML when it had inline codes, verbatim attributes/props/notes.
/// - `provenance`: where a unit came from (file, document, sentences, URL); several rows when
///   one story was found in several files.
/// - `variant_fts`: FTS5 trigram index over `variant.key` of segments with CJK characters
///   (substring concordance, Japanese fuzzy candidates).
/// - `variant_chars`: contentless FTS5 index over the key with every CJK character a token (and
///   Latin words as tokens), for one- and two-character queries, which a trigram index cannot
///   answer, and for the rare words that select fuzzy candidates.
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
                t.column("created_at", .double)      // seconds since 1970, UTC
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
            try db.execute(sql: "CREATE VIRTUAL TABLE variant_chars USING fts5(chars, content='', tokenize='unicode61 remove_diacritics 0')")
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
        return migrator
    }
}
