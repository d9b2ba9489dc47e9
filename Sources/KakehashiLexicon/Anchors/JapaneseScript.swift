/// Helpers for reading Japanese text against the lexicon (the character classes themselves are
/// `ScriptClass`, in KakehashiText).
public enum JapaneseScript {
    /// Fills `bytes` with the UTF-8 of `scalars` and `ends` with the byte length of each prefix
    /// (`ends[k]` for the first k scalars, `ends[0] == 0`): every candidate word starting at one
    /// place, ready for the lexicon's byte-level lookups. Both buffers are reused.
    static func utf8Prefixes(_ scalars: ArraySlice<Unicode.Scalar>, bytes: inout [UInt8], ends: inout [Int]) {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        ends.append(0)
        for c in scalars {
            UTF8.encode(c) { bytes.append($0) }
            ends.append(bytes.count)
        }
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    func trimmed(_ characters: Set<Character>) -> String {
        var sub = self[...]
        while let f = sub.first, characters.contains(f) { sub = sub.dropFirst() }
        while let l = sub.last, characters.contains(l) { sub = sub.dropLast() }
        return String(sub)
    }
}

extension Unicode.Scalar {
    /// `properties.isAlphabetic`, answered without a property lookup for ASCII (most of an
    /// English sentence).
    @inline(__always) var isAlphabeticScalar: Bool {
        value < 0x80 ? (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A : properties.isAlphabetic
    }
}
