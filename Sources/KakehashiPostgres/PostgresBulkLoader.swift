import Foundation
import KakehashiMemory
import Logging
import NIOCore
import PostgresNIO

/// Loads prepared units into an empty memory with `COPY … FROM STDIN`, inside the caller's
/// transaction, which holds the tables locked (see `PostgresMemory.addPrepared`). The rules are
/// `PostgresUnitWriter`'s: a unit whose languages, keys and context came earlier in the load adds
/// only its provenance; units with fewer than two non-empty variants are skipped.
///
/// For speed, as PostgreSQL's manual advises for a bulk load:
/// - a new memory has no candidate GIN indexes and no foreign keys to `unit` yet: they are made
///   after the rows (`PostgresSchema.ensureStructures`: one index build, one join to check the
///   keys), and nothing is dropped, which would make readers wait;
/// - unit ids are taken from `unit_id_seq` here, so variants name their unit without a round
///   trip; duplicates are found in a dictionary, since COPY has no `ON CONFLICT` (the UNIQUE key
///   stays and would refuse one that slipped through);
/// - each batch is written as COPY text while the previous one is still being copied, so the
///   caller's thread encodes while the server stores.
struct PostgresBulkLoader {
    let connection: PostgresConnection
    let logger: Logger
    private(set) var result = AddResult()
    private var terms = TermCountDeltas()
    /// Each unit added so far, by its de-duplication hash.
    private var unitIDs: [Int64: Int64] = [:]
    private var nextID: Int64
    /// COPY text of the batch being encoded.
    private var units = CopyText(), variants = CopyText(), provenance = CopyText()
    private var unitsInBatch = 0
    /// The batch being copied now.
    private var copying: Task<Void, any Error>?
    /// Provenance that may repeat a stored one (of a duplicate unit, or a second source with the
    /// same file, document and sentences): inserted at the end with `ON CONFLICT DO NOTHING`.
    private var lateProvenance: [(unitID: Int64, provenance: Provenance)] = []

    /// Units per COPY batch.
    static let batchUnits = 5000

    static let unitColumns = [
        "id", "tuid", "status", "confidence", "method", "context", "context_key", "created_at", "changed_at",
        "creation_tool", "creation_tool_version", "creation_id", "change_id", "attributes_json", "props_json",
        "notes_json", "dedup", "relation",
    ]
    static let variantColumns = [
        "unit_id", "position", "lang", "lang_base", "text", "key", "key_length", "key_hash", "seg_xml",
        "attributes_json", "props_json", "notes_json", "term_hashes", "words_spaced", "char_codes", "pair_codes",
    ]
    static let provenanceColumns = ["unit_id", "source_file", "document", "sentences", "url"]

    /// Starts a load into an empty, locked memory.
    init(connection: PostgresConnection, logger: Logger) async throws {
        self.connection = connection
        self.logger = logger
        nextID = try await connection.rows("SELECT nextval('unit_id_seq')", logger)[0].decode(Int64.self)
    }

    mutating func add(_ chunk: [PreparedUnit]) async throws {
        for p in chunk {
            if result.skipsIncomplete(p) { continue }
            if let id = unitIDs[p.dedup] {
                result.alreadyPresent += 1
                for prov in p.unit.provenance { lateProvenance.append((id, prov)) }
                continue
            }
            let id = nextID
            nextID += 1
            unitIDs[p.dedup] = id
            result.added += 1
            encode(p, id: id)
            unitsInBatch += 1
            if unitsInBatch == Self.batchUnits { try await sendBatch() }
        }
    }

    private mutating func encode(_ p: PreparedUnit, id: Int64) {
        let u = p.unit
        units.row { r in
            r.integer(id); r.text(u.tuid); r.text(u.status.rawValue); r.double(u.confidence); r.text(u.method);
            r.text(u.context)
            r.text(p.contextKey); r.double(u.storedCreationTime); r.double(u.storedChangeTime)
            r.text(u.creationTool); r.text(u.creationToolVersion); r.text(u.creationID); r.text(u.changeID)
            r.text(p.attributesJSON); r.text(p.propsJSON); r.text(p.notesJSON); r.integer(p.dedup);
            r.text(u.relation.rawValue)
        }
        for (position, v) in p.variants.enumerated() {
            variants.row { r in
                r.integer(id); r.integer(Int64(position)); r.text(v.variant.language); r.text(v.variant.baseLanguage)
                r.text(v.variant.text); r.text(v.key); r.integer(Int64(v.keyLength)); r.integer(v.keyHash);
                r.text(v.variant.segmentXML)
                r.text(v.attributesJSON); r.text(v.propsJSON); r.text(v.notesJSON); r.integers(v.termHashes)
                r.text(TermIndex.spaced(v.terms.words)); r.integers(TermIndex.characterCodes(ofKey: v.key))
                r.integers(TermIndex.pairCodes(ofKey: v.key))
            }
            terms.count(v)
        }
        // One row per (file, document, sentences), the unique key; a second source that differs
        // only in its URL is left to the end, where the first one wins, as with INSERT.
        var copied: [Provenance] = []
        for prov in u.provenance {
            if copied.contains(where: {
                $0.sourceFile == prov.sourceFile && $0.document == prov.document && $0.sentences == prov.sentences
            }) {
                if !copied.contains(prov) { lateProvenance.append((id, prov)) }
                continue
            }
            copied.append(prov)
            provenance.row { r in
                r.integer(id); r.text(prov.sourceFile); r.text(prov.document); r.text(prov.sentences); r.text(prov.url)
            }
        }
    }

    /// Starts copying the batch encoded so far, once the previous one is stored; the copy runs
    /// in a task of its own while the caller encodes the next batch.
    private mutating func sendBatch() async throws {
        try await waitForCopy()
        let tables = [
            ("unit", Self.unitColumns, units.take()), ("variant", Self.variantColumns, variants.take()),
            ("provenance", Self.provenanceColumns, provenance.take()),
        ]
        unitsInBatch = 0
        let connection = connection, logger = logger
        copying = Task {
            for (table, columns, data) in tables where data.readableBytes > 0 {
                try await connection.answering {
                    try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                        // Messages of at most 1 MB: the server parses one while the next arrives.
                        var rest = data
                        while let slice = rest.readSlice(length: min(rest.readableBytes, 1 << 20)),
                            slice.readableBytes > 0
                        {
                            try await writer.write(slice)
                        }
                    }
                }
            }
        }
    }

    private mutating func waitForCopy() async throws {
        guard let copying else { return }
        self.copying = nil
        try await copying.value
    }

    /// Lets a batch still being copied end before the transaction is rolled back.
    mutating func abandon() async {
        try? await waitForCopy()
    }

    /// Copies the last batch, then moves the unit id sequence past the ids taken and adds the
    /// repeated provenance and the word counts.
    mutating func finish() async throws -> AddResult {
        try await sendBatch()
        try await waitForCopy()
        if !unitIDs.isEmpty { _ = try await connection.rows("SELECT setval('unit_id_seq', \(nextID - 1))", logger) }
        try await PostgresUnitWriter.insertProvenance(lateProvenance, connection: connection, logger: logger)
        try await terms.store(connection: connection, logger: logger)
        return result
    }
}

/// Rows in COPY's text format: fields separated by tabs, `\N` for NULL, backslash escapes for
/// backslashes, tabs and line breaks; arrays of integers as `{1,2,3}`.
struct CopyText {
    private(set) var buffer = ByteBufferAllocator().buffer(capacity: 1 << 20)
    private var fields = 0

    mutating func row(_ body: (inout CopyText) -> Void) {
        fields = 0
        body(&self)
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// The rows written so far, leaving the text empty.
    mutating func take() -> ByteBuffer {
        defer { buffer = ByteBufferAllocator().buffer(capacity: 1 << 20) }
        return buffer
    }

    private mutating func separate() {
        if fields > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        fields += 1
    }

    mutating func text(_ value: String?) {
        separate()
        guard let value else { buffer.writeStaticString("\\N"); return }
        if !value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            buffer.writeString(value)
            return
        }
        for b in value.utf8 {
            switch b {
            case 0x5C: buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(b)
            }
        }
    }

    mutating func integer(_ value: Int64) {
        separate()
        writeDecimal(value)
    }

    /// `value` in decimal digits, without making a String.
    private mutating func writeDecimal(_ value: some FixedWidthInteger) {
        var magnitude = UInt64(value.magnitude)
        if value < 0 { buffer.writeInteger(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(digits)[start...]))
        }
    }

    /// A double as Swift writes it (the shortest text that reads back as the same value; `inf`
    /// and `nan` are words PostgreSQL reads too).
    mutating func double(_ value: Double?) {
        separate()
        guard let value else { buffer.writeStaticString("\\N"); return }
        buffer.writeString(value.description)
    }

    mutating func integers(_ values: [some FixedWidthInteger]) {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        for (i, v) in values.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: ",")) }
            writeDecimal(v)
        }
        buffer.writeInteger(UInt8(ascii: "}"))
    }
}
