/// Drops the attributes of an element past the first `maximum`, before libxml2 reads the page:
/// its HTML parser checks each attribute against all the earlier ones of its element, so one
/// element with 200,000 attributes took a minute. Real pages stay far below the cap; a page above
/// it is read as if the extra attributes were not there. One pass over the bytes, copying only
/// when something is dropped.
enum AttributeCap {
    /// Attributes kept per element (the TMX reader's limit too).
    static let maximum = 256

    /// `bytes` without the attributes past `maximum` in any element, or nil when no element has
    /// that many.
    static func capped(_ bytes: [UInt8], maximum: Int = AttributeCap.maximum) -> [UInt8]? {
        let drops = bytes.withUnsafeBufferPointer { excessRanges(in: $0, maximum: maximum) }
        guard !drops.isEmpty else { return nil }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var from = 0
        for range in drops {
            kept.append(contentsOf: bytes[from..<range.lowerBound])
            from = range.upperBound
        }
        kept.append(contentsOf: bytes[from...])
        return kept
    }

    /// Per element with too many attributes, the bytes from its first attribute past the cap to
    /// the end of its last attribute, in order.
    static func excessRanges(in b: UnsafeBufferPointer<UInt8>, maximum: Int) -> [Range<Int>] {
        var drops: [Range<Int>] = []
        let n = b.count
        var i = 0
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        /// The index after the first occurrence of `needle` from `start` (ASCII, case-insensitive), or n.
        func skip(past needle: [UInt8], from start: Int) -> Int {
            var k = start
            while k + needle.count <= n {
                var j = 0
                while j < needle.count && (b[k + j] | 0x20) == needle[j] { j += 1 }
                if j == needle.count { return k + needle.count }
                k += 1
            }
            return n
        }
        while i < n {
            guard b[i] == 0x3C, i + 1 < n else { i += 1; continue }  // "<"
            let next = b[i + 1]
            if next == 0x21 {  // "<!": a comment or a declaration
                i =
                    b[i + 2 < n ? i + 2 : i] == 0x2D
                    ? skip(past: Array("-->".utf8), from: i + 2) : skip(past: [0x3E], from: i)
                continue
            }
            let closing = next == 0x2F
            guard closing || isLetter(next) else { i += 1; continue }
            // The element's name.
            var k = i + (closing ? 2 : 1)
            let nameStart = k
            while k < n && !isSpace(b[k]) && b[k] != 0x3E && b[k] != 0x2F { k += 1 }
            let name = b[nameStart..<k].map { $0 | 0x20 }
            // Its attributes.
            var count = 0
            var excessStart: Int? = nil
            var lastEnd = k
            while k < n {
                while k < n && (isSpace(b[k]) || b[k] == 0x2F) { k += 1 }
                guard k < n, b[k] != 0x3E else { break }
                let start = k
                while k < n && !isSpace(b[k]) && b[k] != 0x3D && b[k] != 0x3E && b[k] != 0x2F { k += 1 }
                if k == start { k += 1 }  // a stray "=": one byte of junk
                var v = k
                while v < n && isSpace(b[v]) { v += 1 }
                if v < n && b[v] == 0x3D {  // "=" and a value
                    v += 1
                    while v < n && isSpace(b[v]) { v += 1 }
                    if v < n && (b[v] == 0x22 || b[v] == 0x27) {
                        let quote = b[v]
                        v += 1
                        while v < n && b[v] != quote { v += 1 }
                        k = min(n, v + 1)
                    } else {
                        while v < n && !isSpace(b[v]) && b[v] != 0x3E { v += 1 }
                        k = v
                    }
                }
                count += 1
                if count == maximum + 1 { excessStart = start }
                lastEnd = k
            }
            if let excessStart, excessStart < lastEnd { drops.append(excessStart..<lastEnd) }
            i = k
            // Script and style hold text, not elements, up to their end tag.
            if !closing && (name == Array("script".utf8) || name == Array("style".utf8)) {
                let end = skip(past: [0x3C, 0x2F] + name, from: i)
                i = end == n ? n : end - name.count - 2
            }
        }
        return drops
    }
}
