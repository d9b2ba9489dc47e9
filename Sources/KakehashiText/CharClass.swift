import ICUKit

/// Character classes used by the rule layer, on UTF-16 units.
enum CharClass {
    @inline(__always) static func isSpace(_ u: UInt16) -> Bool {
        u == 0x20 || u == 0x09 || u == 0x0A || u == 0x0D || u == 0x0B || u == 0x0C || u == 0xA0 || u == 0x3000
            || u == 0x2028 || u == 0x2029 || u == 0x85 || (u >= 0x2000 && u <= 0x200B) || u == 0x202F || u == 0x205F
            || u == 0xFEFF
    }
    @inline(__always) static func isLineBreak(_ u: UInt16) -> Bool {
        u == 0x0A || u == 0x0D || u == 0x2028 || u == 0x85
    }
    @inline(__always) static func isUpper(_ u: UInt16) -> Bool {
        (u >= 0x41 && u <= 0x5A) || (u >= 0xC0 && u <= 0xDE && u != 0xD7)
    }
    @inline(__always) static func isLower(_ u: UInt16) -> Bool {
        (u >= 0x61 && u <= 0x7A) || (u >= 0xDF && u <= 0xFF && u != 0xF7)
    }
    @inline(__always) static func isLetter(_ u: UInt16) -> Bool {
        isUpper(u) || isLower(u) || (u >= 0x100 && u <= 0x24F)
    }
    @inline(__always) static func isDigit(_ u: UInt16) -> Bool {
        (u >= 0x30 && u <= 0x39) || (u >= 0xFF10 && u <= 0xFF19)
    }
    /// `ScriptClass.isWideForBreaks` on a UTF-16 unit (a high surrogate stands for its character).
    @inline(__always) static func isCJK(_ u: UInt16) -> Bool {
        (u >= 0x3040 && u <= 0x30FF) || (u >= 0x3400 && u <= 0x9FFF) || (u >= 0xF900 && u <= 0xFAFF)
            || (u >= 0xFF66 && u <= 0xFF9F) || (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0x3000 && u <= 0x303F)
            || (u >= 0xFF01 && u <= 0xFF0F) || (u >= 0xFF1A && u <= 0xFF20) || (u >= 0xD800 && u <= 0xDBFF)
    }
    /// Sentence-final punctuation of English and Japanese.
    @inline(__always) static func isTerminator(_ u: UInt16) -> Bool {
        u == 0x2E || u == 0x21 || u == 0x3F || u == 0x3002 || u == 0xFF01 || u == 0xFF1F || u == 0xFF0E || u == 0x2026
            || u == 0x203C || u == 0x2047 || u == 0x2048 || u == 0x2049 || u == 0xFF61
    }
    /// Closing quotes and brackets that may follow a terminator.
    @inline(__always) static func isCloser(_ u: UInt16) -> Bool {
        u == 0x22 || u == 0x27 || u == 0x29 || u == 0x5D || u == 0x7D || u == 0x2019 || u == 0x201D || u == 0xBB
            || u == 0x300D || u == 0x300F || u == 0xFF09 || u == 0x3011 || u == 0x3009 || u == 0x300B || u == 0xFF3D
            || u == 0xFF63
    }
    @inline(__always) static func isOpener(_ u: UInt16) -> Bool {
        u == 0x22 || u == 0x27 || u == 0x28 || u == 0x5B || u == 0x7B || u == 0x2018 || u == 0x201C || u == 0xAB
            || u == 0x300C || u == 0x300E || u == 0xFF08 || u == 0x3010 || u == 0x3008 || u == 0x300A
    }
    /// Openers that never close anything: brackets and left quotes, not the ambiguous ASCII quotes.
    /// UAX #29 counts them in its Close class, so ICU leaves them at the end of the sentence before
    /// (`…した。「抗議…` broken after the `「`); the rule layer moves such a break before them.
    @inline(__always) static func isStrictOpener(_ u: UInt16) -> Bool {
        u == 0x28 || u == 0x5B || u == 0x7B || u == 0x2018 || u == 0x201C || u == 0xAB || u == 0x300C || u == 0x300E
            || u == 0xFF08 || u == 0x3010 || u == 0x3008 || u == 0x300A || u == 0x3014 || u == 0xFF3B || u == 0xFF5B
            || u == 0x3016 || u == 0x3018 || u == 0x301A || u == 0xFF62
    }
    /// Bullets that start a list item ("• 9. The first item").
    @inline(__always) static func isBullet(_ u: UInt16) -> Bool {
        u == 0x2022 || u == 0x2043 || u == 0x25E6 || u == 0x25AA || u == 0x25CF || u == 0x2023
    }
    /// Hiragana that continue a sentence after a closing bracket (「…。」と言った, 」は, 」が …).
    @inline(__always) static func isJapaneseContinuation(_ u: UInt16) -> Bool {
        switch u {
        case 0x3068 /* と */, 0x306F /* は */, 0x304C /* が */, 0x306E /* の */, 0x3092 /* を */, 0x306B /* に */,
            0x3067 /* で */, 0x3082 /* も */, 0x3084 /* や */, 0x3078 /* へ */, 0x3063 /* っ */, 0x3088 /* よ */,
            0x304B /* か */, 0x307E /* ま */, 0x3001 /* 、 */, 0xFF0C /* ， */:
            return true
        default:
            return false
        }
    }
}
