/// Finding a byte string in another: the plain scan that is fastest on the short texts and
/// vocabularies the readers test (labels, prompts, a page's first kilobytes), without Foundation.
///
/// ```swift
/// ByteSearch.firstIndex(of: Array("<meta".utf8), in: head[...], from: 0)
/// ```
public enum ByteSearch {
    /// The first index at or after `from` where `needle` starts in `haystack` (an array slice or
    /// raw bytes), or nil. Linear when the needle's first byte does not occur again in it: a
    /// failed comparison then never reads past the next occurrence of that byte.
    @inlinable
    public static func firstIndex<Bytes: RandomAccessCollection<UInt8>>(
        of needle: [UInt8], in haystack: Bytes, from: Int
    ) -> Int? where Bytes.Index == Int {
        guard let first = needle.first else { return nil }
        var i = max(from, haystack.startIndex)
        let last = haystack.endIndex - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether `needle` occurs in `haystack` (an empty needle always does).
    public static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        needle.isEmpty || firstIndex(of: needle, in: haystack[...], from: 0) != nil
    }
}
