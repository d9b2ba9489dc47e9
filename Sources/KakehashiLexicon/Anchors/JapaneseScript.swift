/// Character classes of Japanese text, by code-point range (no ICU call in the hot loops).
public enum JapaneseScript {
    /// CJK ideographs (URO, extension A, compatibility, extensions B–F) and 々 〆 ヶ.
    @inline(__always) public static func isHan(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x2FA1F).contains(v) || v == 0x3005 || v == 0x3006 || v == 0x30F6
    }

    /// Katakana, including the prolonged sound mark ー and the middle dot ・ that separates
    /// the parts of a foreign name.
    @inline(__always) public static func isKatakana(_ s: Unicode.Scalar) -> Bool {
        (0x30A0...0x30FF).contains(s.value) || (0x31F0...0x31FF).contains(s.value)
    }

    @inline(__always) public static func isHiragana(_ s: Unicode.Scalar) -> Bool { (0x3041...0x309F).contains(s.value) }

    @inline(__always) public static func isKana(_ s: Unicode.Scalar) -> Bool { isKatakana(s) || isHiragana(s) }

    /// Kanji or katakana: the characters dictionary words and names are made of.
    @inline(__always) public static func isKanjiOrKatakana(_ s: Unicode.Scalar) -> Bool { isHan(s) || isKatakana(s) }

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
