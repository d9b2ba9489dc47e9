import Foundation
import GRDB

/// Which units an export takes.
public struct ExportFilter: Sendable {
    /// Units whose alignment confidence is at least this (units without one, such as imports, count as 1).
    public var minimumConfidence: Double?
    /// Only variants in these languages (primary subtags); units left with fewer than two are skipped.
    public var languages: [String]?
    /// Only units changed at or after this date.
    public var since: Date?
    /// Only units of these relations (nil: every relation). An aligned unit of a release before
    /// relations, not scored again yet, counts as `related`.
    public var relations: Set<UnitRelation>?

    public init(minimumConfidence: Double? = nil, languages: [String]? = nil, since: Date? = nil, relations: Set<UnitRelation>? = nil) {
        self.minimumConfidence = minimumConfidence
        self.languages = languages
        self.since = since
        self.relations = relations
    }

    /// The SQL condition on `unit.relation` (the same text for SQLite and PostgreSQL: the names
    /// are a closed set, quoted here), or nil when every relation passes.
    package var relationCondition: String? {
        guard let relations, relations.count < UnitRelation.allCases.count else { return nil }
        let names = UnitRelation.allCases.filter(relations.contains).map { "'\($0.rawValue)'" }
        return names.isEmpty ? "FALSE" : "coalesce(relation, 'related') IN (\(names.joined(separator: ", ")))"
    }
}

extension TranslationMemory {
    /// Streams every unit that passes `filter`, in the order they were added, to `body`. Units,
    /// variants and provenance are read by three cursors walked side by side, so memory stays flat.
    public func forEachUnit(_ filter: ExportFilter, _ body: (TranslationUnit) throws -> Void) throws -> Int {
        let decoder = RowDecoder()
        let languages = filter.languages.map { Set($0.map(Variant.baseLanguage(of:))) }
        var written = 0
        try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let c = filter.minimumConfidence { conditions.append("coalesce(confidence, 1.0) >= ?"); arguments.append(c) }
            if let d = filter.since { conditions.append("changed_at >= ?"); arguments.append(d.timeIntervalSince1970) }
            if let r = filter.relationCondition { conditions.append(r) }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let units = try Row.fetchCursor(db, sql: "SELECT * FROM unit \(whereClause) ORDER BY id",
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
                        if languages == nil || languages!.contains(variant.baseLanguage) { unit.variants.append(variant) }
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
        }
        return written
    }

    /// The unit with database id `id` (as lookups give it in `LookupMatch.unitID`), with its
    /// variants, provenance, notes and props; nil when there is none.
    public func unit(id: Int64) throws -> TranslationUnit? {
        let decoder = RowDecoder()
        return try read { db -> TranslationUnit? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE id = ?", arguments: [id]) else { return nil }
            var unit = decoder.unit(row)
            unit.variants = try Row.fetchAll(db, sql: "SELECT * FROM variant WHERE unit_id = ? ORDER BY position", arguments: [id]).map(decoder.variant)
            unit.provenance = try Row.fetchAll(db, sql: "SELECT * FROM provenance WHERE unit_id = ? ORDER BY rowid", arguments: [id]).map(decoder.provenance)
            return unit
        }
    }

    /// A string that changes whenever units are added or changed (count, newest id, latest
    /// change): an HTTP entity tag for the exported memory.
    public func revision() throws -> String {
        try read { db -> String in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, max(id) AS last, max(changed_at) AS changed FROM unit")
            let n: Int64 = row?["n"] ?? 0, last: Int64 = row?["last"] ?? 0, changed: Double = row?["changed"] ?? 0
            return "\(n)-\(last)-\(Int64(changed * 1000))"
        }
    }

    public func latestChange() throws -> Date? {
        try read { db -> Date? in
            try Double.fetchOne(db, sql: "SELECT max(changed_at) FROM unit").map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// Imports one TMX file in one transaction: on any error (malformed XML, a refused entity,
    /// a full disk) nothing from this file is kept.
    ///
    /// Two threads: one reads the XML and prepares units (keys, index columns), the other
    /// writes them, so parsing overlaps with SQLite's work.
    public func importTMX(path: String) throws -> AddResult {
        try PreparedUnit.reading(tmx: path) { units in
            try batch { inserter in
                while let chunk = try units.take() {
                    for unit in chunk { try inserter.add(unit) }
                }
            }
        }
    }
}

extension PreparedUnit {
    /// Runs `body` while a thread of its own reads the TMX file at `path` and prepares its units
    /// (`PreparedUnit.init`, with their lines), handing them over in order, a chunk at a time:
    /// parsing and preparing overlap with the caller's writing. An error in the file reaches
    /// `body` from `take`, after the units before it.
    package static func reading<T>(tmx path: String, _ body: (Handoff<[PreparedUnit]>) throws -> T) throws -> T {
        let handoff = Handoff<[PreparedUnit]>(capacity: 16)
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            do {
                var chunk: [PreparedUnit] = []
                chunk.reserveCapacity(256)
                _ = try TMXReader.read(path: path, withLines: { unit, line in
                    var prepared = try PreparedUnit(unit)
                    prepared.line = line
                    chunk.append(prepared)
                    if chunk.count == 256 {
                        guard handoff.put(chunk) else { throw Handoff<[PreparedUnit]>.Cancelled() }
                        chunk.removeAll(keepingCapacity: true)
                    }
                })
                if !chunk.isEmpty { _ = handoff.put(chunk) }
                handoff.finish(failure: nil)
            } catch {
                handoff.finish(failure: error)
            }
            done.signal()
        }
        reader.stackSize = 8 << 20
        reader.start()
        defer {
            handoff.cancel()
            done.wait()
        }
        return try body(handoff)
    }
}

/// A bounded hand-over of work from one producer thread to one consumer: `put` blocks while
/// `capacity` items wait; `take` returns the items in order, then nil at the end, or rethrows
/// the producer's error after the items it sent before failing.
package final class Handoff<Element: Sendable>: @unchecked Sendable {
    /// Thrown by a producer whose consumer has gone.
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Hands `item` over; false when the consumer has cancelled.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        if head > 64 { items.removeFirst(head); head = 0 }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The producer is done, successfully or with `failure`.
    func finish(failure: (any Error)?) {
        condition.lock()
        finished = true
        self.failure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops taking: a blocked or later `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, nil at the end; rethrows the producer's error after its items.
    package func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.count == head && !finished { condition.wait() }
        if items.count > head {
            let item = items[head]
            head += 1
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }
}

/// Rows of the unit, variant and provenance tables as values (variants and provenance are left
/// to the caller, who reads them by unit).
package struct RowDecoder {
    private let json = JSONDecoder()

    package init() {}

    /// A JSON array column (attributes, props, notes) as values; empty when NULL or unreadable.
    package func decode<T: Decodable>(_ text: String?, _ type: [T].Type) -> [T] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? json.decode(type, from: data)) ?? []
    }

    func unit(_ row: Row) -> TranslationUnit {
        TranslationUnit(
            tuid: row["tuid"], variants: [], status: UnitStatus(rawValue: row["status"]) ?? .imported,
            confidence: row["confidence"], relation: (row["relation"] as String?).flatMap(UnitRelation.init(rawValue:)) ?? .related,
            method: row["method"], context: row["context"],
            creationDate: (row["created_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
            changeDate: (row["changed_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
            creationTool: row["creation_tool"], creationToolVersion: row["creation_tool_version"],
            creationID: row["creation_id"], changeID: row["change_id"],
            attributes: decode(row["attributes_json"], [TMXAttribute].self),
            props: decode(row["props_json"], [TMXProp].self), notes: decode(row["notes_json"], [TMXNote].self))
    }

    func variant(_ row: Row) -> Variant {
        Variant(language: row["lang"], text: row["text"], segmentXML: row["seg_xml"],
                attributes: decode(row["attributes_json"], [TMXAttribute].self),
                props: decode(row["props_json"], [TMXProp].self), notes: decode(row["notes_json"], [TMXNote].self))
    }

    func provenance(_ row: Row) -> Provenance {
        Provenance(sourceFile: row["source_file"], document: row["document"], sentences: row["sentences"], url: row["url"])
    }
}
