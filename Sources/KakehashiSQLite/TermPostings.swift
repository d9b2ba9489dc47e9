import Foundation
import KakehashiMemory
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

    /// The schema (migration v6).
    static func create(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE term_segment (id INTEGER PRIMARY KEY, postings INTEGER NOT NULL)")
        try db.execute(
            sql: """
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
    static func appendPostings(
        of term: Int64, tag: Int64, segments: [Int64], cap: Int, to hits: inout [Int64], in db: Database
    ) throws -> Bool {
        let statement = try db.cachedStatement(
            sql: "SELECT count, ids FROM term_posting WHERE segment = ? AND term = ?")
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
            guard code == SQLITE_ROW else { throw FastBinding.failure(statement, code) }
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
                decode(bytes) { id in
                    if n < out.count { out[n] = id << 6 | tag }
                    n += 1
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

    /// Calls `body` with each id of a blob `encode` wrote, in order.
    @inline(__always)
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

    /// Sorts postings by term, keeping the order of each term's ids (they were added in id
    /// order): a least-significant-digit radix sort, four passes of 16 bits (a comparison sort
    /// of a million pairs took five times as long).
    static func sortByTerm(_ items: inout [(term: Int64, id: Int64)]) {
        guard items.count > 1 else { return }
        var other = items
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            // The sign bit flipped: signed order.
            func digit(_ t: Int64) -> Int { Int((UInt64(bitPattern: t) ^ (1 << 63)) >> shift & 0xFFFF) }
            for k in counts.indices { counts[k] = 0 }
            for item in items { counts[digit(item.term)] += 1 }
            var sum = 0
            for k in counts.indices { let c = counts[k]; counts[k] = sum; sum += c }
            items.withUnsafeBufferPointer { source in
                other.withUnsafeMutableBufferPointer { target in
                    for item in source {
                        let d = digit(item.term)
                        target[counts[d]] = item
                        counts[d] += 1
                    }
                }
            }
            swap(&items, &other)
        }
    }

    // MARK: Writing

    /// Gathers the postings of one write transaction. They are sorted and delta-coded every
    /// `flushThreshold` postings (16 bytes each while pending, which bounds an import's memory)
    /// into a run of a temporary file; `finish` merges the runs, in order, into one new segment
    /// before the commit, so a bulk import writes each term's row once. A transaction with
    /// one run's worth of postings writes its segment directly.
    final class Writer {
        private let db: Database
        /// (term, variant id) pairs in the order variants were added.
        private var pending: [(term: Int64, id: Int64)] = []
        private var runs: RunFile?
        static let flushThreshold = 1_000_000
        private let flushThreshold: Int

        init(_ db: Database, flushThreshold: Int = Writer.flushThreshold) {
            self.db = db
            self.flushThreshold = flushThreshold
        }

        /// Records the tokens of a variant's `words` column (separated by single spaces), each
        /// once. Variants come in increasing id order.
        func add(variantID: Int64, words: String) throws {
            try add(variantID: variantID, terms: TermHashing.hashes(ofWords: words))
        }

        /// Records a variant's terms, as `hashes(ofWords:)` gives them.
        func add(variantID: Int64, terms: [Int64]) throws {
            for t in terms { pending.append((t, variantID)) }
            if pending.count >= flushThreshold {
                if runs == nil { runs = try RunFile() }
                try runs!.write(sortedRecords())
            }
        }

        /// The pending postings as records, in term order: term, count, last id, byte length,
        /// then the ids as varints (the first whole, then the gaps); pending is emptied.
        private func sortedRecords() -> [UInt8] {
            TermPostings.sortByTerm(&pending)
            var out: [UInt8] = []
            out.reserveCapacity(pending.count * 3)
            var bytes: [UInt8] = []
            var i = 0
            while i < pending.count {
                let term = pending[i].term
                bytes.removeAll(keepingCapacity: true)
                var previous: Int64 = 0, count: UInt32 = 0
                while i < pending.count && pending[i].term == term {
                    appendVarint(UInt64(pending[i].id - previous), to: &bytes)
                    previous = pending[i].id
                    count += 1
                    i += 1
                }
                RunFile.appendHeader(term: term, count: count, last: previous, length: UInt32(bytes.count), to: &out)
                out.append(contentsOf: bytes)
            }
            pending.removeAll(keepingCapacity: true)
            return out
        }

        /// Ends the transaction's writing: its postings become one new segment, and the two
        /// newest segments are merged while the newer holds at least as many postings as the older.
        func finish() throws {
            if var file = runs {
                if !pending.isEmpty { try file.write(sortedRecords()) }
                runs = nil
                try writeSegment(from: file.readers())
            } else if !pending.isEmpty {
                var reader = RunFile.Reader(records: sortedRecords())
                try reader.advance()
                try writeSegment(from: [reader])
            }
            while true {
                let newest = try Row.fetchAll(db, sql: "SELECT id, postings FROM term_segment ORDER BY id DESC LIMIT 2")
                guard newest.count == 2, newest[0][1] as Int >= newest[1][1] as Int else { return }
                try merge([newest[1][0], newest[0][0]])
            }
        }

        /// Writes the records of `runs` (oldest first, each in term order) as one new segment: a
        /// term's records are joined in run order, the first id of each later one re-coded as a
        /// gap from the last id of the one before.
        private func writeSegment(from runs: [RunFile.Reader]) throws {
            var runs = runs
            let segment = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM term_segment") ?? 0) + 1
            let insert = try db.cachedStatement(
                sql: "INSERT INTO term_posting (segment, term, count, ids) VALUES (?, ?, ?, ?)")
            var bytes: [UInt8] = []
            var total = 0
            while true {
                var term = Int64.max, any = false
                for r in runs where r.hasRecord && (!any || r.term < term) { term = r.term; any = true }
                guard any else { break }
                bytes.removeAll(keepingCapacity: true)
                var count = 0
                var previousLast: Int64? = nil
                for k in runs.indices where runs[k].hasRecord && runs[k].term == term {
                    let record = runs[k].bytes
                    if let previousLast {
                        // The record's first id is whole: re-code it as a gap.
                        var v: UInt64 = 0, shift: UInt64 = 0, n = record.startIndex
                        while n < record.endIndex {
                            let b = record[n]
                            v |= UInt64(b & 0x7F) << shift
                            n += 1
                            if b & 0x80 == 0 { break }
                            shift += 7
                        }
                        appendVarint(UInt64(Int64(v) - previousLast), to: &bytes)
                        bytes.append(contentsOf: record[n...])
                    } else {
                        bytes.append(contentsOf: record)
                    }
                    previousLast = runs[k].last
                    count += Int(runs[k].count)
                    try runs[k].advance()
                }
                total += count
                try FastBinding.execute(insert, .integer(segment), .integer(term), .integer(Int64(count)), .blob(bytes))
            }
            try db.execute(sql: "INSERT INTO term_segment (id, postings) VALUES (?, ?)", arguments: [segment, total])
        }

        /// Writes the postings of `segments` (oldest first) as one new segment, term by term, in 64
        /// slices of the hash space (a slice of every segment is read whole, so no cursor is open
        /// on the table while it is written), then removes them.
        private func merge(_ segments: [Int64]) throws {
            let merged = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM term_segment") ?? 0) + 1
            let slice = try db.cachedStatement(
                sql: "SELECT term, ids FROM term_posting WHERE segment = ? AND term BETWEEN ? AND ?")
            let handle = slice.sqliteStatement
            let insert = try db.cachedStatement(
                sql: "INSERT INTO term_posting (segment, term, count, ids) VALUES (?, ?, ?, ?)")
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
                            let error = FastBinding.failure(slice, code)
                            sqlite3_reset(handle)
                            throw error
                        }
                        let start = ids.count
                        if let blob = sqlite3_column_blob(handle, 1) {
                            decode(UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(handle, 1)))) {
                                ids.append($0)
                            }
                        }
                        rows.append((sqlite3_column_int64(handle, 0), order, start..<ids.count))
                    }
                }
                sqlite3_reset(handle)
                // A term's rows in segment order: ingest's ids stay in order. A reviewer's edit
                // adds postings of an older variant to a newer segment, and an undo may add one
                // that is there already: such a term's ids are sorted and made unique.
                rows.sort { $0.term != $1.term ? $0.term < $1.term : $0.order < $1.order }
                var termIDs: [Int64] = []
                var i = 0
                while i < rows.count {
                    let term = rows[i].term
                    bytes.removeAll(keepingCapacity: true)
                    termIDs.removeAll(keepingCapacity: true)
                    var ordered = true
                    while i < rows.count && rows[i].term == term {
                        for id in ids[rows[i].ids] {
                            if let last = termIDs.last, id <= last { ordered = false }
                            termIDs.append(id)
                        }
                        i += 1
                    }
                    if !ordered {
                        termIDs.sort()
                        var unique: [Int64] = []
                        unique.reserveCapacity(termIDs.count)
                        for id in termIDs where unique.last != id { unique.append(id) }
                        termIDs = unique
                    }
                    var previous: Int64 = 0
                    for id in termIDs {
                        appendVarint(UInt64(id - previous), to: &bytes)
                        previous = id
                    }
                    let count = termIDs.count
                    total += count
                    try FastBinding.execute(
                        insert, .integer(merged), .integer(term), .integer(Int64(count)), .blob(bytes))
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

/// A temporary file of sorted runs of posting records (see `TermPostings.Writer`). It is unlinked
/// as soon as it is opened, so nothing is left behind whatever happens to the process.
struct RunFile {
    private let handle: FileHandleBox
    private var size = 0
    private var runs: [Range<Int>] = []
    static let headerSize = 24

    /// Closes the file when the last copy goes.
    final class FileHandleBox {
        let fd: Int32
        init(_ fd: Int32) { self.fd = fd }
        deinit { close(fd) }
    }

    init() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kakehashi-postings-\(UUID().uuidString)"
        ).path
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw MemoryError(
                kind: .writeFailed, path: path,
                detail: "cannot create a temporary file: \(String(cString: strerror(errno)))")
        }
        unlink(path)
        handle = FileHandleBox(fd)
    }

    static func appendHeader(term: Int64, count: UInt32, last: Int64, length: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: term.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: count.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: last.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: length.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Appends one run.
    mutating func write(_ records: [UInt8]) throws {
        var done = 0
        try records.withUnsafeBytes { raw in
            while done < raw.count {
                let n = pwrite(handle.fd, raw.baseAddress! + done, raw.count - done, off_t(size + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    throw MemoryError(
                        kind: .writeFailed, path: "temporary postings file", detail: String(cString: strerror(errno)))
                }
                done += n
            }
        }
        runs.append(size..<(size + records.count))
        size += records.count
    }

    /// A reader at the first record of every run, oldest first.
    func readers() throws -> [Reader] {
        try runs.map {
            var r = Reader(file: handle, range: $0); try r.advance(); return r
        }
    }

    /// Reads one run record by record, through a buffer (or from memory).
    struct Reader {
        private let file: FileHandleBox?
        private var offset: Int
        private let end: Int
        private var buffer: [UInt8] = []
        private var position = 0
        private(set) var hasRecord = false
        private(set) var term: Int64 = 0
        private(set) var count: UInt32 = 0
        private(set) var last: Int64 = 0
        private var recordRange = 0..<0
        var bytes: ArraySlice<UInt8> { buffer[recordRange] }

        init(file: FileHandleBox, range: Range<Int>) {
            self.file = file
            offset = range.lowerBound
            end = range.upperBound
        }

        init(records: [UInt8]) {
            file = nil
            buffer = records
            offset = 0
            end = 0
        }

        /// Makes `n` bytes available from `position`.
        private mutating func ensure(_ n: Int) throws -> Bool {
            if buffer.count - position >= n { return true }
            guard let file else { return false }
            buffer.removeSubrange(0..<position)
            position = 0
            let wanted = min(end - offset, max(n - buffer.count, 1 << 18))
            guard wanted > 0 else { return buffer.count >= n }
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: wanted))
            var done = 0
            try buffer.withUnsafeMutableBytes { raw in
                while done < wanted {
                    let got = pread(file.fd, raw.baseAddress! + start + done, wanted - done, off_t(offset + done))
                    if got < 0 && errno == EINTR { continue }
                    guard got > 0 else {
                        throw MemoryError(
                            kind: .writeFailed, path: "temporary postings file", detail: "cannot read it back")
                    }
                    done += got
                }
            }
            offset += wanted
            return buffer.count >= n
        }

        /// Moves to the next record; `hasRecord` is false past the last.
        mutating func advance() throws {
            guard try ensure(RunFile.headerSize) else { hasRecord = false; return }
            func load<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
                var v: T = 0
                withUnsafeMutableBytes(of: &v) {
                    for k in 0..<MemoryLayout<T>.size { $0[k] = buffer[position + at + k] }
                }
                return T(littleEndian: v)
            }
            term = load(0, Int64.self)
            count = load(8, UInt32.self)
            last = load(12, Int64.self)
            let length = Int(load(20, UInt32.self))
            guard try ensure(RunFile.headerSize + length) else { hasRecord = false; return }
            recordRange = (position + RunFile.headerSize)..<(position + RunFile.headerSize + length)
            position = recordRange.upperBound
            hasRecord = true
        }
    }
}
