import Foundation
import GRDB
import GRDBSQLite

/// The index fuzzy lookup reads its candidates from: for every token of the `words` column (see
/// `TermIndex`), the ids of the variants that hold it, as delta-coded varints in blobs.
///
/// FTS5 holds the same postings, with positions, for phrases; reading a list through it costs
/// one step of SQLite's virtual machine per variant (about 0.25 µs), and a fuzzy query reads six
/// lists of up to 4,096 ids. Here a list is one row per segment, decoded in Swift (a few ns an id).
///
/// Layout: `term_posting(segment, term, count, ids)`, keyed by (segment, term), where `term` is
/// the token's 64-bit hash (`hash`). A write transaction gathers its postings and writes them as
/// segments in key order (one per million postings, so an import's memory stays bounded), which
/// appends to the B-tree instead of touching every term's row; at its end they become one segment,
/// each posting rewritten once. Segments are numbered in the order their ids were written, so
/// reading a term's rows by segment gives its ids in order. Then the two newest segments are
/// merged while the newer holds as many postings as the older (a binary counter): at most about
/// log₂(postings) segments remain, whether the memory was filled by one import (one segment) or
/// by thousands of small ingests.
package enum TermPostings {
    /// FNV-1a, 64 bits, of a token's UTF-8: the `term` column.
    package static func hash(_ token: some StringProtocol) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in token.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return Int64(bitPattern: h)
    }

    /// The schema (migration v6).
    static func create(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE term_segment (id INTEGER PRIMARY KEY, postings INTEGER NOT NULL)")
        try db.execute(sql: """
            CREATE TABLE term_posting (segment INTEGER NOT NULL, term INTEGER NOT NULL, count INTEGER NOT NULL,
                                       ids BLOB NOT NULL, PRIMARY KEY (segment, term)) WITHOUT ROWID
            """)
    }

    /// The segments, oldest first.
    static func segments(_ db: Database) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: "SELECT id FROM term_segment ORDER BY id"))
    }

    /// Appends the variant ids that hold `term`, in order, each as `id << 6 | tag`; false (and
    /// nothing appended) when more than `cap` variants hold it. Read through SQLite's C API, the
    /// blob decoded in place.
    static func appendPostings(of term: Int64, tag: Int64, segments: [Int64], cap: Int, to hits: inout [Int64], in db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT count, ids FROM term_posting WHERE segment = ? AND term = ?")
        let handle = statement.sqliteStatement
        let start = hits.count
        var found = 0
        defer { sqlite3_reset(handle) }
        for segment in segments {
            sqlite3_reset(handle)
            sqlite3_bind_int64(handle, 1, segment)
            sqlite3_bind_int64(handle, 2, term)
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { continue }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            found += Int(sqlite3_column_int64(handle, 0))
            if found > cap {
                hits.removeSubrange(start...)
                return false
            }
            guard let blob = sqlite3_column_blob(handle, 1) else { continue }
            let bytes = UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, 1)))
            let first = hits.count
            hits.append(contentsOf: repeatElement(0, count: found - (first - start)))
            let written = hits.withUnsafeMutableBufferPointer { out -> Int in
                var n = first
                var previous: Int64 = 0, v: UInt64 = 0, shift: UInt64 = 0
                for b in bytes {
                    v |= UInt64(b & 0x7F) << shift
                    if b & 0x80 != 0 {
                        shift += 7
                    } else {
                        previous += Int64(v)
                        if n < out.count { out[n] = previous << 6 | tag }
                        n += 1
                        v = 0
                        shift = 0
                    }
                }
                return n
            }
            // A row whose count and blob disagree is a damaged file: keep what was decoded.
            if written != hits.count { hits.removeSubrange(min(written, hits.count)...) }
        }
        return true
    }

    /// How many variants hold `term`, counted up to `cap`.
    static func count(of term: Int64, segments: [Int64], cap: Int, in db: Database) throws -> Int {
        let row = try db.cachedStatement(sql: "SELECT count FROM term_posting WHERE segment = ? AND term = ?")
        var total = 0
        for segment in segments {
            total += try Int.fetchOne(row, arguments: [segment, term]) ?? 0
            if total >= cap { return cap }
        }
        return total
    }

    // MARK: Coding

    /// Ids as unsigned LEB128 varints: the first one whole, then the gaps.
    static func encode(_ ids: ArraySlice<Int64>, into bytes: inout [UInt8]) {
        var previous: Int64 = 0
        for id in ids {
            appendVarint(UInt64(id - previous), to: &bytes)
            previous = id
        }
    }

    @inline(__always)
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, _ body: (Int64) -> Void) {
        var previous: Int64 = 0
        var v: UInt64 = 0, shift: UInt64 = 0
        for b in bytes {
            v |= UInt64(b & 0x7F) << shift
            if b & 0x80 != 0 {
                shift += 7
            } else {
                previous += Int64(v)
                body(previous)
                v = 0
                shift = 0
            }
        }
    }

    // MARK: Writing

    /// Gathers the postings of one write transaction and writes them as segments (when
    /// `flushThreshold` postings are pending, which bounds an import's memory: 16 bytes a
    /// posting), merged into one by `finish` before the commit.
    final class Writer {
        private let db: Database
        /// (term, variant id) pairs in the order variants were added.
        private var pending: [(term: Int64, id: Int64)] = []
        private var variantTerms: [Int64] = []
        /// The segments this transaction wrote, oldest first.
        private var written: [Int64] = []
        static let flushThreshold = 1_000_000
        private let flushThreshold: Int

        init(_ db: Database, flushThreshold: Int = Writer.flushThreshold) {
            self.db = db
            self.flushThreshold = flushThreshold
        }

        /// Records the tokens of a variant's `words` column (separated by single spaces), each once.
        func add(variantID: Int64, words: String) throws {
            variantTerms.removeAll(keepingCapacity: true)
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var inToken = false
            for b in words.utf8 {
                if b == 0x20 {
                    if inToken { variantTerms.append(Int64(bitPattern: h)) }
                    h = 0xcbf2_9ce4_8422_2325
                    inToken = false
                } else {
                    h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
                    inToken = true
                }
            }
            if inToken { variantTerms.append(Int64(bitPattern: h)) }
            variantTerms.sort()
            var last: Int64? = nil
            for t in variantTerms where t != last {
                pending.append((t, variantID))
                last = t
            }
            if pending.count >= flushThreshold { try flush() }
        }

        /// Writes the pending postings as a new segment.
        func flush() throws {
            guard !pending.isEmpty else { return }
            pending.sort { $0.term != $1.term ? $0.term < $1.term : $0.id < $1.id }
            let segment = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM term_segment") ?? 0) + 1
            let insert = try db.cachedStatement(sql: "INSERT INTO term_posting (segment, term, count, ids) VALUES (?, ?, ?, ?)")
            var bytes: [UInt8] = []
            var ids: [Int64] = []
            var i = 0
            while i < pending.count {
                let term = pending[i].term
                ids.removeAll(keepingCapacity: true)
                while i < pending.count && pending[i].term == term {
                    ids.append(pending[i].id)
                    i += 1
                }
                bytes.removeAll(keepingCapacity: true)
                encode(ids[...], into: &bytes)
                try FastBinding.execute(insert, .integer(segment), .integer(term), .integer(Int64(ids.count)), .blob(bytes))
            }
            try db.execute(sql: "INSERT INTO term_segment (id, postings) VALUES (?, ?)", arguments: [segment, pending.count])
            written.append(segment)
            pending.removeAll(keepingCapacity: true)
        }

        /// Ends the transaction's writing: what is pending is written, the transaction's segments
        /// become one (each posting rewritten once, however many the import wrote), and the two
        /// newest segments are merged while the newer holds at least as many postings as the older.
        func finish() throws {
            try flush()
            if written.count > 1 { try merge(written) }
            written = []
            while true {
                let newest = try Row.fetchAll(db, sql: "SELECT id, postings FROM term_segment ORDER BY id DESC LIMIT 2")
                guard newest.count == 2, newest[0][1] as Int >= newest[1][1] as Int else { return }
                try merge([newest[1][0], newest[0][0]])
            }
        }

        /// Writes the postings of `segments` (oldest first) as one new segment, term by term, in 64
        /// slices of the hash space (a slice of every segment is read whole, so no cursor is open
        /// on the table while it is written), then removes them.
        private func merge(_ segments: [Int64]) throws {
            let merged = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM term_segment") ?? 0) + 1
            let slice = try db.cachedStatement(sql: "SELECT term, ids FROM term_posting WHERE segment = ? AND term BETWEEN ? AND ?")
            let handle = slice.sqliteStatement
            let insert = try db.cachedStatement(sql: "INSERT INTO term_posting (segment, term, count, ids) VALUES (?, ?, ?, ?)")
            let slices = 64
            let width = UInt64.max / UInt64(slices) + 1
            var rows: [(term: Int64, order: Int, ids: Range<Int>)] = []
            var ids: [Int64] = []
            var bytes: [UInt8] = []
            var total = 0
            for k in 0..<slices {
                let low = Int64(bitPattern: UInt64(k) &* width ^ (1 << 63))
                let high = k == slices - 1 ? Int64.max : Int64(bitPattern: (UInt64(k + 1) &* width ^ (1 << 63))) - 1
                rows.removeAll(keepingCapacity: true)
                ids.removeAll(keepingCapacity: true)
                for (order, segment) in segments.enumerated() {
                    sqlite3_reset(handle)
                    sqlite3_bind_int64(handle, 1, segment)
                    sqlite3_bind_int64(handle, 2, low)
                    sqlite3_bind_int64(handle, 3, high)
                    while true {
                        let code = sqlite3_step(handle)
                        if code == SQLITE_DONE { break }
                        guard code == SQLITE_ROW else {
                            sqlite3_reset(handle)
                            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                        }
                        let start = ids.count
                        if let blob = sqlite3_column_blob(handle, 1) {
                            decode(UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, 1)))) { ids.append($0) }
                        }
                        rows.append((sqlite3_column_int64(handle, 0), order, start..<ids.count))
                    }
                }
                sqlite3_reset(handle)
                // A term's rows in segment order: its ids stay in order.
                rows.sort { $0.term != $1.term ? $0.term < $1.term : $0.order < $1.order }
                var i = 0
                while i < rows.count {
                    let term = rows[i].term
                    bytes.removeAll(keepingCapacity: true)
                    var previous: Int64 = 0, count = 0
                    while i < rows.count && rows[i].term == term {
                        for id in ids[rows[i].ids] { appendVarint(UInt64(id - previous), to: &bytes); previous = id }
                        count += rows[i].ids.count
                        i += 1
                    }
                    total += count
                    try FastBinding.execute(insert, .integer(merged), .integer(term), .integer(Int64(count)), .blob(bytes))
                }
            }
            for segment in segments {
                try db.execute(sql: "DELETE FROM term_posting WHERE segment = ?", arguments: [segment])
                try db.execute(sql: "DELETE FROM term_segment WHERE id = ?", arguments: [segment])
            }
            try db.execute(sql: "INSERT INTO term_segment (id, postings) VALUES (?, ?)", arguments: [merged, total])
        }
    }
}
