import Foundation

/// The compiled lexicon on disk: a few tables of `key TAB value` records, each sorted by the
/// key's UTF-8 bytes, with an array of record offsets in front of each table so that a lookup is
/// a binary search in the memory-mapped file. Nothing is parsed at load time, which is why loading
/// takes milliseconds whatever the size.
///
/// Layout (all integers little-endian UInt32):
/// ```
/// "KKLEX006"                                     magic and format version
/// tableCount
/// tableCount × (nameOffset, nameLength, recordCount, offsetsStart, dataStart)
/// names, then per table: (recordCount + 1) offsets relative to dataStart, then the records
/// ```
/// A key may have several records (one per dictionary line); they keep the order they were added in.
final class LexiconFile: @unchecked Sendable {
    static let magic = Array("KKLEX006".utf8)

    /// One table of the file.
    struct Table: @unchecked Sendable {
        let count: Int
        let offsets: UnsafePointer<UInt32>
        let data: UnsafePointer<UInt8>

        static let empty = Table(count: 0, offsets: UnsafePointer(bitPattern: 4)!, data: UnsafePointer(bitPattern: 1)!)

        /// The bytes of record `i` (key, tab, value).
        @inline(__always) func record(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            let start = Int(UInt32(littleEndian: offsets[i])), end = Int(UInt32(littleEndian: offsets[i + 1]))
            return UnsafeBufferPointer(start: data + start, count: end - start)
        }

        /// Compares a record's key with `key`: <0, 0, >0.
        @inline(__always) static func compare(
            _ record: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>
        ) -> Int {
            var i = 0
            while true {
                let r: Int = i < record.count && record[i] != 9 ? Int(record[i]) : -1
                let k: Int = i < key.count ? Int(key[i]) : -1
                if r != k || r == -1 { return r - k }
                i += 1
            }
        }

        /// The index of the first record whose key is not below `key`.
        func lowerBound(_ key: UnsafeBufferPointer<UInt8>) -> Int {
            var low = 0, high = count
            while low < high {
                let mid = (low + high) / 2
                if Table.compare(record(mid), key) < 0 { low = mid + 1 } else { high = mid }
            }
            return low
        }

        /// The values of every record whose key is `key`, in the order they were added.
        func values(_ key: String) -> [Substring] {
            var key = key
            return key.withUTF8 { k -> [Substring] in
                var result: [Substring] = []
                var i = lowerBound(k)
                while i < count {
                    let r = record(i)
                    guard Table.compare(r, k) == 0 else { break }
                    let value = UnsafeBufferPointer(rebasing: r[(k.count + 1)...])
                    result.append(Substring(String(decoding: value, as: UTF8.self)))
                    i += 1
                }
                return result
            }
        }

        /// Compares the first `prefix.count` bytes of a record's key with `prefix`: <0, 0 (the key
        /// starts with `prefix`), >0. A key shorter than the prefix compares as smaller.
        @inline(__always) static func comparePrefix(
            _ record: UnsafeBufferPointer<UInt8>, _ prefix: UnsafeBufferPointer<UInt8>
        ) -> Int {
            var i = 0
            while i < prefix.count {
                let r: Int = i < record.count && record[i] != 9 ? Int(record[i]) : -1
                let k = Int(prefix[i])
                if r != k { return r - k }
                i += 1
            }
            return 0
        }

        /// The records within `range` whose key starts with `prefix`. `range` must hold every
        /// such record (the whole table does; so does the answer for a shorter prefix), which is
        /// what lets a caller trying ever longer prefixes search ever smaller ranges.
        func narrow(_ range: Range<Int>, toPrefix prefix: UnsafeBufferPointer<UInt8>) -> Range<Int> {
            var low = range.lowerBound, high = range.upperBound
            while low < high {
                let mid = (low + high) / 2
                if Table.comparePrefix(record(mid), prefix) < 0 { low = mid + 1 } else { high = mid }
            }
            let first = low
            // The matching records are usually few: gallop from the first before bisecting.
            var matching = first, step = 1
            high = first
            while high < range.upperBound, Table.comparePrefix(record(high), prefix) == 0 {
                matching = high + 1
                high = first + step
                step <<= 1
            }
            low = matching
            high = min(high, range.upperBound)
            while low < high {
                let mid = (low + high) / 2
                if Table.comparePrefix(record(mid), prefix) <= 0 { low = mid + 1 } else { high = mid }
            }
            return first..<low
        }

        /// Whether record `i`'s key is exactly `length` bytes long (given that it starts with a
        /// prefix of that length, this says the key is the prefix).
        @inline(__always) func keyLength(of i: Int, is length: Int) -> Bool {
            let r = record(i)
            return r.count == length || r.count > length && r[length] == 9
        }

        /// Which prefixes of `bytes` from the `from`-th on are keys: bit `n` is set when
        /// `bytes[0..<ends[n]]` is one (`ends` ascending from 0, `ends.count` ≤ 64). `records`
        /// holds the records that start with prefix `from - 1` (the whole table for `from == 1`);
        /// each longer prefix is searched within the previous one's records, stopping at the first
        /// that no key starts with.
        func keyPrefixes(_ bytes: UnsafeBufferPointer<UInt8>, ends: [Int], from: Int, records: Range<Int>) -> UInt64 {
            var found: UInt64 = 0
            var range = records
            var n = from
            while n < min(ends.count, 64), !range.isEmpty {
                range = narrow(range, toPrefix: UnsafeBufferPointer(rebasing: bytes[0..<ends[n]]))
                if !range.isEmpty, keyLength(of: range.lowerBound, is: ends[n]) { found |= 1 << UInt64(n) }
                n += 1
            }
            return found
        }

        /// Every record as (key, value), in key order.
        func forEach(_ body: (Substring, Substring) -> Void) {
            for i in 0..<count {
                let line = String(decoding: record(i), as: UTF8.self)
                if let tab = line.firstIndex(of: "\t") {
                    body(line[..<tab], line[line.index(after: tab)...])
                }
            }
        }
    }

    let path: String
    let tables: [String: Table]
    let byteCount: Int
    private let base: UnsafeMutableRawPointer

    /// Maps the file at `path`; throws when it is not a lexicon of this format version.
    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DictionaryReadError(path: path, reason: "cannot be opened") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 12 else {
            throw DictionaryReadError(path: path, reason: "is not a lexicon file")
        }
        let size = Int(info.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw DictionaryReadError(path: path, reason: "cannot be mapped")
        }
        base = mapped
        byteCount = size
        self.path = path
        let bytes = UnsafeRawBufferPointer(start: mapped, count: size)
        func u32(_ at: Int) throws -> Int {
            guard at >= 0, at + 4 <= size else { throw DictionaryReadError(path: path, reason: "is truncated") }
            return Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        }
        guard Array(bytes[0..<8]) == LexiconFile.magic else {
            munmap(mapped, size)
            throw DictionaryReadError(
                path: path, reason: "is not a lexicon of this version (rebuild it with `kakehashi lexicon build`)")
        }
        var tables: [String: Table] = [:]
        do {
            let tableCount = try u32(8)
            for t in 0..<tableCount {
                let h = 12 + t * 20
                let nameOffset = try u32(h), nameLength = try u32(h + 4), count = try u32(h + 8)
                let offsetsStart = try u32(h + 12), dataStart = try u32(h + 16)
                guard nameOffset + nameLength <= size, offsetsStart % 4 == 0, offsetsStart + 4 * (count + 1) <= size,
                    dataStart <= size, dataStart + (try u32(offsetsStart + 4 * count)) <= size
                else {
                    throw DictionaryReadError(path: path, reason: "is truncated")
                }
                let name = String(decoding: bytes[nameOffset..<nameOffset + nameLength], as: UTF8.self)
                tables[name] = Table(
                    count: count,
                    offsets: (mapped + offsetsStart).assumingMemoryBound(to: UInt32.self),
                    data: (mapped + dataStart).assumingMemoryBound(to: UInt8.self))
            }
        } catch {
            munmap(mapped, size)
            throw error
        }
        self.tables = tables
    }

    deinit { munmap(base, byteCount) }

    func table(_ name: String) -> Table { tables[name] ?? .empty }

    /// Writes `tables` (name → records as key and value) to `path` atomically: a temporary file
    /// in the same folder, renamed over the old one only when complete.
    static func write(_ tables: [(name: String, records: [(key: String, value: String)])], to path: String) throws {
        var out: [UInt8] = magic
        func put(_ v: Int, at: Int? = nil) {
            let le = UInt32(v).littleEndian
            withUnsafeBytes(of: le) { b in
                if let at { for i in 0..<4 { out[at + i] = b[i] } } else { out.append(contentsOf: b) }
            }
        }
        put(tables.count)
        let headerStart = out.count
        out.append(contentsOf: [UInt8](repeating: 0, count: 20 * tables.count))
        for (t, table) in tables.enumerated() {
            let nameOffset = out.count
            out.append(contentsOf: Array(table.name.utf8))
            while out.count % 4 != 0 { out.append(0) }
            // Stable sort by key bytes: records of one key keep their order.
            let sorted = table.records.enumerated().sorted { a, b in
                let c = a.element.key.utf8.lexicographicallyPrecedes(b.element.key.utf8)
                if c { return true }
                if b.element.key.utf8.lexicographicallyPrecedes(a.element.key.utf8) { return false }
                return a.offset < b.offset
            }.map(\.element)
            let offsetsStart = out.count
            out.append(contentsOf: [UInt8](repeating: 0, count: 4 * (sorted.count + 1)))
            let dataStart = out.count
            for (i, record) in sorted.enumerated() {
                put(out.count - dataStart, at: offsetsStart + 4 * i)
                out.append(contentsOf: record.key.utf8)
                out.append(9)
                out.append(contentsOf: record.value.utf8)
            }
            put(out.count - dataStart, at: offsetsStart + 4 * sorted.count)
            let h = headerStart + 20 * t
            put(nameOffset, at: h); put(table.name.utf8.count, at: h + 4); put(sorted.count, at: h + 8)
            put(offsetsStart, at: h + 12); put(dataStart, at: h + 16)
            while out.count % 4 != 0 { out.append(0) }
        }
        guard out.count < Int(UInt32.max) else {
            throw DictionaryReadError(path: path, reason: "lexicon would exceed 4 GB")
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(out).write(to: temporary)
            guard rename(temporary.path, path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw DictionaryReadError(path: path, reason: "cannot be written: \(error.localizedDescription)")
        }
    }
}

/// A `LexiconFile.Table` of keys only, built in memory (the glossary's headwords), so that the
/// glossary is searched by prefix the same way as the compiled tables.
final class InMemoryKeyTable: @unchecked Sendable {
    let table: LexiconFile.Table
    private let offsets: UnsafeMutablePointer<UInt32>
    private let data: UnsafeMutablePointer<UInt8>

    init<Keys: Sequence>(keys: Keys) where Keys.Element == String {
        let sorted = Set(keys).map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        let byteCount = sorted.reduce(0) { $0 + $1.count }
        offsets = .allocate(capacity: sorted.count + 1)
        data = .allocate(capacity: max(1, byteCount))
        var position = 0
        for (i, key) in sorted.enumerated() {
            offsets[i] = UInt32(position).littleEndian
            for byte in key { data[position] = byte; position += 1 }
        }
        offsets[sorted.count] = UInt32(position).littleEndian
        table = LexiconFile.Table(count: sorted.count, offsets: UnsafePointer(offsets), data: UnsafePointer(data))
    }

    deinit {
        offsets.deallocate()
        data.deallocate()
    }
}
