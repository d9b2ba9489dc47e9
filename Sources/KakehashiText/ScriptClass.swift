/// The character classes of English, Japanese and Korean text, by code-point range (no ICU call:
/// they are asked about every character), in one place. Where stages need different answers the
/// variants are named here, each with what it is for:
///
/// | predicate | holds | used by |
/// |---|---|---|
/// | `isHan` | ideographs (URO, A, compatibility, B–F), 々 〆 〇 ヶ | lexicon, language checks |
/// | `isHiragana`, `isKatakana`, `isKana` | the kana blocks, with ー, ・ and ゠ | lexicon (names keep ・ and ー) |
/// | `isKanaLetter` | kana without ゠ ・ ー, which also appear in other scripts' text | language identification |
/// | `isHangul` | syllables and jamo | language identification |
/// | `isCJKPunctuation` | U+3000–U+303F and the fullwidth ASCII punctuation | segmentation |
/// | `isIndexedCJK` | characters of a CJK run for indexing: kana letters and ー, ideographs, 々〆〇, Hangul syllables |
/// the memory's index and fuzzy scores |
/// | `isWideForBreaks` | every character around which a line break needs no space: CJK letters, punctuation, halfwidth
/// kana | segmentation (UTF-16 fast path in `CharClass.isCJK`) |
/// | `joinsAcrossSourceLines` | Chinese and Japanese characters, CJK punctuation and the fullwidth forms, not Hangul
/// (Korean spaces its words) | HTML reading: a line break in the markup between two of them is no space |
///
/// `ScriptCounts.add` and `CharClass.isCJK` work on UTF-16 units for speed; tests check that they
/// agree with these definitions on every code point of the Basic Multilingual Plane.
public enum ScriptClass {
    /// CJK ideographs (URO, extension A, compatibility, extensions B–F), 々 〆 〇 (Han in Unicode's
    /// Script property) and ヶ (a katakana letter that kanji compounds use as one of theirs: 霞ヶ関).
    @inline(__always) public static func isHan(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x2FA1F).contains(v) || (0x3005...0x3007).contains(v) || v == 0x30F6
    }

    @inline(__always) public static func isHiragana(_ s: Unicode.Scalar) -> Bool { (0x3041...0x309F).contains(s.value) }

    /// Katakana, including the prolonged sound mark ー and the middle dot ・ that separates the
    /// parts of a foreign name, and the phonetic extensions.
    @inline(__always) public static func isKatakana(_ s: Unicode.Scalar) -> Bool {
        (0x30A0...0x30FF).contains(s.value) || (0x31F0...0x31FF).contains(s.value)
    }

    @inline(__always) public static func isKana(_ s: Unicode.Scalar) -> Bool { isKatakana(s) || isHiragana(s) }

    /// Kana that only Japanese writes: not ゠ (U+30A0), ・ (U+30FB) or ー (U+30FC), which bullet
    /// lists and transliterations use in other text. Halfwidth katakana count.
    @inline(__always) public static func isKanaLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x3041...0x309F).contains(v) || (0x30A1...0x30FA).contains(v) || (0x30FD...0x30FF).contains(v)
            || (0x31F0...0x31FF).contains(v) || (0xFF66...0xFF9D).contains(v)
    }

    /// Kanji or katakana: the characters dictionary words and names are made of.
    @inline(__always) public static func isKanjiOrKatakana(_ s: Unicode.Scalar) -> Bool { isHan(s) || isKatakana(s) }

    /// Hangul syllables, jamo and compatibility jamo.
    @inline(__always) public static func isHangul(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0xAC00...0xD7A3).contains(v) || (0x1100...0x11FF).contains(v) || (0x3131...0x318E).contains(v)
    }

    /// Latin letters, ASCII, Latin-1 and Latin Extended-A/B, and fullwidth.
    @inline(__always) public static func isLatinLetter(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
            || ((0xC0...0x24F).contains(v) && v != 0xD7 && v != 0xF7)
            || (0xFF21...0xFF3A).contains(v) || (0xFF41...0xFF5A).contains(v)
    }

    /// CJK symbols and punctuation (U+3000–U+303F, the ideographic space included) and the
    /// fullwidth forms of ASCII punctuation.
    @inline(__always) public static func isCJKPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x3000...0x303F).contains(v) || (0xFF01...0xFF0F).contains(v) || (0xFF1A...0xFF20).contains(v)
    }

    /// A character of a CJK run as the memory indexes it: kana (ー included, not ゠ or ・),
    /// ideographs, 々 〆 〇 and Hangul syllables; no punctuation.
    @inline(__always) public static func isIndexedCJK(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x3005 { return false }
        if v <= 0x3007 { return true }
        if (0x3041...0x30FF).contains(v) { return v != 0x30A0 && v != 0x30FB }
        return (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0x20000...0x3FFFF).contains(v)
    }

    /// A character next to which a line break joins without a space (and after which a sentence
    /// may start without one): kana, ideographs, Hangul syllables, CJK punctuation, halfwidth
    /// katakana, and anything outside the Basic Multilingual Plane.
    @inline(__always) public static func isWideForBreaks(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x3040...0x30FF).contains(v) || (0x3400...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFF66...0xFF9F).contains(v) || (0xAC00...0xD7A3).contains(v) || isCJKPunctuation(s) || v >= 0x10000
    }

    /// A character between two of which a line break in HTML source is no space when the text is
    /// laid out: U+3000–U+9FFF (CJK punctuation, kana, ideographs), compatibility ideographs and
    /// the fullwidth and halfwidth forms. Not Hangul: Korean puts spaces between its words, so a
    /// line break there is one. Takes a scalar value (the HTML reader works on UTF-8 bytes).
    @inline(__always) public static func joinsAcrossSourceLines(_ v: UInt32) -> Bool {
        (0x3000..<0xA000).contains(v) || (0xF900..<0xFB00).contains(v) || (0xFF00..<0xFFF0).contains(v)
    }
}
