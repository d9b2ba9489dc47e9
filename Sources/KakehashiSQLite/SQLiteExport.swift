public import Foundation
package import GRDB
public import KakehashiMemory

extension TranslationMemory {
    /// Streams every unit that passes `filter`, in the order they were added, to `body`. Units,
    /// variants and provenance are read by three cursors walked side by side, so memory stays flat.
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails; or what `body`
    /// throws.
    public func forEachUnit(
        _ filter: ExportFilter, _ body: @Sendable (TranslationUnit) throws -> Void
    ) async throws -> Int {
        let languages = filter.languages.map { Set($0.map(Variant.baseLanguage(of:))) }
        return try await read { db in
            let decoder = RowDecoder()
            var written = 0
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let c = filter.minimumConfidence {
                conditions.append("coalesce(confidence, 1.0) >= ?"); arguments.append(c)
            }
            if let d = filter.since { conditions.append("changed_at >= ?"); arguments.append(d.timeIntervalSince1970) }
            if let r = filter.relationCondition { conditions.append(r) }
            if let s = filter.statusCondition { conditions.append(s) }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let units = try Row.fetchCursor(
                db, sql: "SELECT * FROM unit \(whereClause) ORDER BY id",
                arguments: StatementArguments(arguments))
            let variants = try Row.fetchCursor(db, sql: "SELECT * FROM variant ORDER BY unit_id, position")
            let provenance = try Row.fetchCursor(db, sql: "SELECT * FROM provenance ORDER BY unit_id, rowid")
            var pendingVariant: Row? = try variants.next()
            var pendingProvenance: Row? = try provenance.next()
            while let row = try units.next() {
                let id: Int64 = row["id"]
                var unit = decoder.unit(row)
                while let v = pendingVariant, (v["unit_id"] as Int64) <= id {
                    if (v["unit_id"] as Int64) == id {
                        let variant = decoder.variant(v)
                        if languages == nil || languages!.contains(variant.baseLanguage) {
                            unit.variants.append(variant)
                        }
                    }
                    pendingVariant = try variants.next()
                }
                while let p = pendingProvenance, (p["unit_id"] as Int64) <= id {
                    if (p["unit_id"] as Int64) == id {
                        unit.provenance.append(decoder.provenance(p))
                    }
                    pendingProvenance = try provenance.next()
                }
                if unit.variants.count < 2 { continue }
                try body(unit)
                written += 1
            }
            return written
        }
    }

    /// The unit with database id `id` (as lookups give it in `LookupMatch.unitID`), with its
    /// variants, provenance, notes and props; nil when there is none.
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func unit(id: Int64) async throws -> TranslationUnit? {
        try await read { db -> TranslationUnit? in
            let decoder = RowDecoder()
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE id = ?", arguments: [id]) else {
                return nil
            }
            var unit = decoder.unit(row)
            unit.variants = try Row.fetchAll(
                db, sql: "SELECT * FROM variant WHERE unit_id = ? ORDER BY position", arguments: [id]
            ).map(decoder.variant)
            unit.provenance = try Row.fetchAll(
                db, sql: "SELECT * FROM provenance WHERE unit_id = ? ORDER BY rowid", arguments: [id]
            ).map(decoder.provenance)
            return unit
        }
    }

    /// A string that changes whenever units are added or changed (count, newest id, latest
    /// change): an HTTP entity tag for the exported memory.
    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func revision() async throws -> String {
        try await read { db -> String in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS n, max(id) AS last, max(changed_at) AS changed,
                      (SELECT coalesce(max(seq), 0) FROM unit_change) AS reviewed, total(confidence) AS confidence
                    FROM unit
                    """)
            let n: Int64 = row?["n"] ?? 0, last: Int64 = row?["last"] ?? 0, changed: Double = row?["changed"] ?? 0
            let reviewed: Int64 = row?["reviewed"] ?? 0, confidence: Double = row?["confidence"] ?? 0
            // Every reviewer's change counts, even two within one millisecond; and an ingest that
            // only raised confidences (`UnitMerging`).
            return "\(n)-\(last)-\(Int64(changed * 1000))-c\(Int64((confidence * 1000).rounded()))"
                + (reviewed > 0 ? "-r\(reviewed)" : "")
        }
    }

    /// - Throws: `MemoryError` naming the file: `.cannotOpen` or `.writeFailed` when SQLite fails.
    public func latestChange() async throws -> Date? {
        try await read { db -> Date? in
            try Double.fetchOne(db, sql: "SELECT max(changed_at) FROM unit").map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// Imports one TMX file in one transaction: on any error (malformed XML, a refused entity,
    /// a full disk) nothing from this file is kept.
    ///
    /// Two threads: one reads the XML and prepares units (keys, index columns), the other
    /// writes them, so parsing overlaps with SQLite's work.
    /// - Throws: `XMLInputError` naming the file, line and column of malformed or hostile TMX, or
    ///   `MemoryError` when writing fails; nothing from the file is kept either way.
    public func importTMX(path: String) async throws -> AddResult {
        try await batch { inserter in
            try PreparedUnit.reading(tmx: path) { units in
                while let chunk = try units.take() {
                    for unit in chunk { try inserter.add(unit) }
                }
            }
        }
    }
}

/// Rows of SQLite's unit, variant and provenance tables as values.
extension RowDecoder {
    package func unit(_ row: Row) -> TranslationUnit {
        TranslationUnit(
            tuid: row["tuid"], variants: [], status: UnitStatus(rawValue: row["status"]) ?? .imported,
            confidence: row["confidence"],
            relation: (row["relation"] as String?).flatMap(UnitRelation.init(rawValue:)) ?? .related,
            method: row["method"], context: row["context"],
            creationDate: (row["created_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
            changeDate: (row["changed_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
            creationTool: row["creation_tool"], creationToolVersion: row["creation_tool_version"],
            creationID: row["creation_id"], changeID: row["change_id"],
            attributes: decode(row["attributes_json"], [TMXAttribute].self),
            props: decode(row["props_json"], [TMXProp].self), notes: decode(row["notes_json"], [TMXNote].self))
    }

    package func variant(_ row: Row) -> Variant {
        Variant(
            language: row["lang"], text: row["text"], segmentXML: row["seg_xml"],
            attributes: decode(row["attributes_json"], [TMXAttribute].self),
            props: decode(row["props_json"], [TMXProp].self), notes: decode(row["notes_json"], [TMXNote].self))
    }

    package func provenance(_ row: Row) -> Provenance {
        Provenance(
            sourceFile: row["source_file"], document: row["document"], sentences: row["sentences"], url: row["url"])
    }
}
