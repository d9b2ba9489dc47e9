import ICUKit

/// Spellings of Japanese names in Latin letters, folded so that the variants of one name meet:
/// long vowels written ou / oo / oh / ō / uu collapse ("Shinjirou" = "Shinjiro", "Ohno" = "Ono",
/// "Yūko" = "Yuko"), apostrophes and hyphens go ("Shun'ichi" = "Shunichi"), m before b, p, m is n
/// ("Shimbun" = "Shinbun"), and case is ignored.
///
/// ```swift
/// Romaji.fold("Shinjirou")   // "shinjiro"
/// Romaji.fold("Ōno")         // "ono"
/// ```
public enum Romaji {
    public static func fold(_ word: String) -> String {
        let letters = lowercaseLetters(word)
        var out: [UInt8] = []
        out.reserveCapacity(letters.count)
        var i = 0
        while i < letters.count {
            let c = letters[i]
            let next: UInt8 = i + 1 < letters.count ? letters[i + 1] : 0
            let afterNext: UInt8 = i + 2 < letters.count ? letters[i + 2] : 0
            if c == UInt8(ascii: "o"), next == UInt8(ascii: "u") || next == UInt8(ascii: "o") {
                out.append(c); i += 2; continue
            }
            if c == UInt8(ascii: "o"), next == UInt8(ascii: "h"), afterNext == 0 || !isVowel(afterNext) {
                out.append(c); i += 2; continue
            }
            if isVowel(c), next == c { out.append(c); i += 2; continue }
            if c == UInt8(ascii: "m"),
                next == UInt8(ascii: "b") || next == UInt8(ascii: "p") || next == UInt8(ascii: "m")
            {
                out.append(UInt8(ascii: "n")); i += 1; continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The Latin letters of `text`, lower-cased ASCII, long and circumflexed vowels as plain
    /// ones (ō → o); anything else dropped.
    static func lowercaseLetters(_ text: String) -> [UInt8] {
        var letters: [UInt8] = []
        letters.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "a"..."z": letters.append(UInt8(scalar.value))
            case "A"..."Z": letters.append(UInt8(scalar.value) + 32)
            case "ā", "â", "Ā", "Â": letters.append(UInt8(ascii: "a"))
            case "ē", "ê", "Ē", "Ê": letters.append(UInt8(ascii: "e"))
            case "ī", "î", "Ī", "Î": letters.append(UInt8(ascii: "i"))
            case "ō", "ô", "Ō", "Ô": letters.append(UInt8(ascii: "o"))
            case "ū", "û", "Ū", "Û": letters.append(UInt8(ascii: "u"))
            default: continue
            }
        }
        return letters
    }

    @inline(__always) static func isVowel(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "a") || c == UInt8(ascii: "e") || c == UInt8(ascii: "i") || c == UInt8(ascii: "o")
            || c == UInt8(ascii: "u")
    }

    /// A consonant skeleton that a foreign name keeps when Japanese writes it in katakana:
    /// トランプ (toranpu) and Trump both give "trnp", プーチン (puuchin) and Putin both "ptn",
    /// ゼレンスキー and Zelensky "zrnsk". Vowels (including the ones katakana adds after every
    /// consonant) are dropped, l = r, v = b, f = h, th = s, ch = ts = t, c and q = k, doubled letters
    /// count once, and m before b/p is n. With `silentR`, r after a vowel and before a consonant
    /// or the end is dropped, as katakana drops English r (Ford フォード, Carter カーター) but not
    /// German r (Merkel メルケル); kana never gives such an r.
    public static func skeleton(_ latin: String, silentR: Bool = false) -> String {
        let s = lowercaseLetters(latin)
        // Byte values of the letters the rules name.
        let a = UInt8(ascii: "a"), b = UInt8(ascii: "b"), c = UInt8(ascii: "c"), d = UInt8(ascii: "d")
        let e = UInt8(ascii: "e"), f = UInt8(ascii: "f"), g = UInt8(ascii: "g"), h = UInt8(ascii: "h")
        let i_ = UInt8(ascii: "i"), j = UInt8(ascii: "j"), k = UInt8(ascii: "k"), l = UInt8(ascii: "l")
        let m = UInt8(ascii: "m"), n = UInt8(ascii: "n"), o = UInt8(ascii: "o"), p = UInt8(ascii: "p")
        let q = UInt8(ascii: "q"), r = UInt8(ascii: "r"), s_ = UInt8(ascii: "s"), t = UInt8(ascii: "t")
        let u = UInt8(ascii: "u"), v = UInt8(ascii: "v"), w = UInt8(ascii: "w"), x = UInt8(ascii: "x")
        let y = UInt8(ascii: "y"), z = UInt8(ascii: "z")
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        func emit(_ byte: UInt8) { if out.last != byte { out.append(byte) } }
        var index = 0
        while index < s.count {
            let ch = s[index]
            let next: UInt8 = index + 1 < s.count ? s[index + 1] : 0
            switch ch {
            case a, e, i_, o, u, y, w: break
            case t where next == h, s_ where next == h: emit(s_); index += 1
            case c where next == h, t where next == s_: emit(t); index += 1
            case p where next == h: emit(h); index += 1
            case c where next == k: emit(k); index += 1
            case c where next == e || next == i_ || next == y: emit(s_)
            case g where next == h: emit(g); index += 1
            case c, q, k: emit(k)
            case x: emit(k); emit(s_)
            case r where silentR && index > 0 && isVowel(s[index - 1]) && !isVowel(next) && next != y:
                break
            case l, r: emit(r)
            case v, b: emit(b)
            case f, h:
                // h after a consonant is part of a digraph handled above or silent (Ahn, Rhee).
                if out.isEmpty || index == 0 || isVowel(s[index - 1]) || s[index - 1] == y || ch == f { emit(h) }
            case m where next == b || next == p: emit(n)
            case j, z: emit(z)
            case d where next == z: emit(z); index += 1
            default: emit(ch)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Romaji {
    /// The skeletons a Latin spelling may have in katakana: with its r after a vowel, and, when
    /// that differs, without it.
    public static func skeletons(_ latin: String) -> [String] {
        let full = skeleton(latin), silent = skeleton(latin, silentR: true)
        return full == silent ? [full] : [full, silent]
    }
}

/// Kana to Latin letters through ICU (`Katakana-Hiragana; Hiragana-Latin; Latin-ASCII`): トランプ
/// → "toranpu", こいずみ → "koizumi". Not `Sendable` (an ICU transliterator): one per task.
final class KanaRomanizer {
    /// Compiled on first use, so finders that never meet kana do not pay for ICU's rules.
    private lazy var transliterator: Transliterator? = try? Transliterator(
        "Katakana-Hiragana; Hiragana-Latin; Latin-ASCII")

    func romanize(_ kana: String) -> String {
        (try? transliterator?.transliterate(kana)) ?? kana
    }
}
