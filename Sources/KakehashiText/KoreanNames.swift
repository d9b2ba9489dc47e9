/// Hangul to Revised Romanization of Korean (2000), computed from the syllable arithmetic of the
/// Unicode Hangul block (U+AC00 + (initial × 21 + medial) × 28 + final), not ICU's `Hangul-Latin`,
/// which spells letter by letter and runs syllables together (이재명 → "ijaemyeong").
///
/// ```swift
/// HangulRomanizer.romanize("대한민국")          // "daehanminguk"
/// HangulRomanizer.romanizeName("이재명")         // "I Jae-myeong"
/// ```
/// Within a word, consonant assimilation across syllables is applied the way RR spells it
/// (ㄱ+ㄴ → ngn, ㄹ+ㄴ/ㄴ+ㄹ → ll, a final before ㅇ carried over: 한국어 → hangugeo). For personal
/// names RR does not reflect sound changes, so `romanizeName` spells each syllable on its own.
public enum HangulRomanizer {
    static let initials = [
        "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
    ]
    static let medials = [
        "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
        "yu", "eu", "ui", "i",
    ]
    /// Finals as pronounced at the end of a syllable (RR spells the representative sound).
    static let finals = [
        "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
        "ng", "t", "t", "k", "t", "p", "t",
    ]
    /// Finals as carried onto a following ㅇ-initial syllable (liaison): 한국어 → han-gu-geo.
    static let liaisonFinals = [
        "", "g", "kk", "ks", "n", "nj", "nh", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "lh", "m",
        "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", "h",
    ]

    /// The (initial, medial, final) indexes of a precomposed Hangul syllable.
    @inline(__always)
    public static func decompose(_ scalar: Unicode.Scalar) -> (Int, Int, Int)? {
        let v = Int(scalar.value)
        guard (0xAC00...0xD7A3).contains(v) else { return nil }
        let s = v - 0xAC00
        return (s / (21 * 28), (s % (21 * 28)) / 28, s % 28)
    }

    /// Whether the text contains precomposed Hangul syllables.
    public static func containsHangul(_ text: String) -> Bool {
        text.unicodeScalars.contains { decompose($0) != nil }
    }

    /// One syllable on its own, as RR spells it in names: 명 → "myeong", 석 → "seok".
    public static func romanizeSyllable(_ scalar: Unicode.Scalar) -> String? {
        guard let (i, m, f) = decompose(scalar) else { return nil }
        return initials[i] + medials[m] + finals[f]
    }

    /// A word or text in RR with the usual cross-syllable spelling rules; non-Hangul passes through.
    public static func romanize(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            guard let (ini, med, fin) = decompose(scalars[i]) else {
                out.unicodeScalars.append(scalars[i]); i += 1; continue
            }
            var initial = initials[ini]
            // The initial depends on the previous syllable's final: a silent ㅇ takes the carried-over
            // final, and ㄴ/ㄹ meeting ㄹ spell "ll" or "n".
            if i > 0, let (_, _, prevFinal) = decompose(scalars[i - 1]) {
                if ini == 11 {
                    initial = ""
                }  // ㅇ initial: silent, the previous final was carried over
                else if ini == 2 && (prevFinal == 8) {
                    initial = "l"
                }  // ㄹ+ㄴ → ll
                else if ini == 5 && (prevFinal == 4 || prevFinal == 8) {
                    initial = "l"
                }  // ㄴ/ㄹ+ㄹ → ll
                else if ini == 5 {
                    initial = "n"
                }  // other final + ㄹ → n
            }
            var final = finals[fin]
            if i + 1 < scalars.count, let (nextIni, _, _) = decompose(scalars[i + 1]) {
                if nextIni == 11 && fin != 0 && fin != 21 {
                    final = liaisonFinals[fin]
                }  // carried over
                else if nextIni == 2 || nextIni == 6 {  // before ㄴ/ㅁ: nasalize
                    switch finals[fin] {
                    case "k": final = "ng";
                    case "t": final = "n";
                    case "p": final = "m";
                    default: break
                    }
                } else if nextIni == 5 {
                    switch finals[fin] {
                    case "k": final = "ng";
                    case "p": final = "m";
                    case "n": final = "l";
                    default: break
                    }
                }
                // RR separates syllables with a hyphen where the spelling would be ambiguous (jung-ang).
                if nextIni == 11 && fin == 21 {
                    out += initial + medials[med] + final + "-"
                    i += 1
                    continue
                }
            }
            out += initial + medials[med] + final
            i += 1
        }
        return out
    }

    /// A Hangul personal name as RR writes names: family name, space, given name with a hyphen
    /// between its syllables when it has several ("이재명" → "I Jae-myeong"). Returns nil for
    /// text that is not one to four Hangul syllables.
    public static func romanizeName(_ hangul: String) -> String? {
        let scalars = Array(hangul.unicodeScalars)
        guard (2...4).contains(scalars.count), scalars.allSatisfy({ decompose($0) != nil }) else { return nil }
        let surnameLength =
            KoreanSurnames.twoSyllable.contains(String(scalars: scalars.prefix(2))) && scalars.count >= 3 ? 2 : 1
        let surname = scalars.prefix(surnameLength).compactMap(romanizeSyllable).joined()
        let given = scalars.dropFirst(surnameLength).compactMap(romanizeSyllable).joined(separator: "-")
        return surname.prefix(1).uppercased() + surname.dropFirst() + " " + given.prefix(1).uppercased()
            + given.dropFirst()
    }
}

/// Korean family names with the spellings the press uses for them, and the one key each maps to.
enum KoreanSurnames {
    /// Canonical key ← Hangul and Latin spellings. The key is the most common press spelling, lower-cased.
    static let table: [(key: String, hangul: [String], latin: [String])] = [
        ("lee", ["이", "리"], ["lee", "yi", "rhee", "i", "ri", "rhie", "yee", "reagh"]),
        ("kim", ["김"], ["kim", "gim", "ghim"]),
        ("park", ["박"], ["park", "pak", "bak", "bahk", "pag"]),
        ("choi", ["최"], ["choi", "choe", "chey", "choy"]),
        ("jung", ["정"], ["jung", "jeong", "chung", "cheong", "joung", "jong"]),
        ("kang", ["강"], ["kang", "gang"]),
        ("cho", ["조"], ["cho", "jo", "joe", "jou"]),
        ("yoon", ["윤"], ["yoon", "yun", "youn", "yune"]),
        ("jang", ["장"], ["jang", "chang"]),
        ("lim", ["임", "림"], ["lim", "im", "rim", "leem", "yim"]),
        ("han", ["한"], ["han", "hahn"]),
        ("oh", ["오"], ["oh", "o"]),
        ("seo", ["서"], ["seo", "suh", "sur", "so"]),
        ("shin", ["신"], ["shin", "sin", "shinn", "sheen"]),
        ("kwon", ["권"], ["kwon", "gwon", "kweon"]),
        ("hwang", ["황"], ["hwang", "whang"]),
        ("ahn", ["안"], ["ahn", "an"]),
        ("song", ["송"], ["song"]),
        ("yoo", ["유", "류"], ["yoo", "yu", "you", "ryu", "rhyu", "ryoo", "yeu"]),
        ("hong", ["홍"], ["hong"]),
        ("jeon", ["전"], ["jeon", "jun", "chun", "chon", "jon"]),
        ("ko", ["고"], ["ko", "go", "koh"]),
        ("moon", ["문"], ["moon", "mun", "moun"]),
        ("yang", ["양"], ["yang"]),
        ("son", ["손"], ["son", "sohn"]),
        ("bong", ["봉"], ["bong", "pong"]),
        ("bae", ["배"], ["bae", "pae", "bai"]),
        ("baek", ["백"], ["baek", "paik", "paek", "back", "baik", "paig"]),
        ("heo", ["허"], ["heo", "huh", "hur", "her"]),
        ("nam", ["남"], ["nam"]),
        ("noh", ["노", "로"], ["noh", "roh", "no", "rho", "ro"]),
        ("ha", ["하"], ["ha"]),
        ("kwak", ["곽"], ["kwak", "gwak"]),
        ("sung", ["성"], ["sung", "seong", "song"]),
        ("cha", ["차"], ["cha"]),
        // Choo and Chu are 추 in the press (Choo Mi-ae, Choo Shin-soo); 주 is Joo or Ju.
        ("joo", ["주"], ["joo", "ju"]),
        ("woo", ["우"], ["woo", "u", "wu"]),
        ("koo", ["구"], ["koo", "ku", "gu", "goo"]),
        ("min", ["민"], ["min"]),
        ("na", ["나", "라"], ["na", "ra", "rha", "nah"]),
        ("jin", ["진"], ["jin", "chin"]),
        ("ji", ["지"], ["ji", "chi"]),
        ("um", ["엄"], ["um", "eom", "uhm"]),
        ("chae", ["채"], ["chae", "chai"]),
        ("won", ["원"], ["won"]),
        ("cheon", ["천"], ["cheon", "chun", "chon"]),
        ("bang", ["방"], ["bang", "pang"]),
        ("kong", ["공"], ["kong", "gong"]),
        ("hyun", ["현"], ["hyun", "hyeon"]),
        ("ham", ["함"], ["ham", "hahm"]),
        ("byun", ["변"], ["byun", "byeon", "pyun", "pyon"]),
        ("yeom", ["염"], ["yeom", "yum", "yeum"]),
        ("yeo", ["여"], ["yeo", "yuh", "yo"]),
        ("choo", ["추"], ["choo", "chu"]),
        ("do", ["도"], ["do", "doh", "toh"]),
        ("so", ["소"], ["so"]),
        ("seok", ["석"], ["seok", "suk", "sok"]),
        ("sun", ["선"], ["sun", "seon"]),
        ("seol", ["설"], ["seol", "sul", "sol"]),
        ("ma", ["마"], ["ma"]),
        ("gil", ["길"], ["gil", "kil"]),
        ("wi", ["위"], ["wi", "wee", "we"]),
        ("pyo", ["표"], ["pyo", "pyoe"]),
        ("myung", ["명"], ["myung", "myeong"]),
        ("ki", ["기"], ["ki", "gi", "kee"]),
        ("ban", ["반"], ["ban", "pan"]),
        ("wang", ["왕"], ["wang"]),
        ("keum", ["금"], ["keum", "geum", "kum"]),
        ("ok", ["옥"], ["ok"]),
        ("yook", ["육"], ["yook", "yuk"]),
        ("in", ["인"], ["in"]),
        ("maeng", ["맹"], ["maeng"]),
        ("je", ["제"], ["je"]),
        ("mo", ["모"], ["mo"]),
        ("tak", ["탁"], ["tak"]),
        ("kook", ["국"], ["kook", "guk", "kuk"]),
        ("eun", ["은"], ["eun"]),
        ("kyung", ["경"], ["kyung", "gyeong"]),
        ("hwangbo", ["황보"], ["hwangbo"]),
        ("namgung", ["남궁"], ["namgung", "namkung"]),
        ("jegal", ["제갈"], ["jegal", "chegal"]),
        ("sunwoo", ["선우"], ["sunwoo", "seonu", "sunwu"]),
        ("dokgo", ["독고"], ["dokgo", "tokko"]),
        ("sagong", ["사공"], ["sagong"]),
        ("seomun", ["서문"], ["seomun"]),
    ]

    static let twoSyllable: Set<String> = Set(table.flatMap { $0.hangul.filter { $0.unicodeScalars.count == 2 } })

    /// Latin spelling → key. Where one spelling serves two names ("chun": 전 and 천, "song": 송 and
    /// 성) the first, more frequent, wins.
    static let byLatin: [String: String] = {
        var map: [String: String] = [:]
        for entry in table { for latin in entry.latin where map[latin] == nil { map[latin] = entry.key } }
        return map
    }()

    static let byHangul: [String: String] = {
        var map: [String: String] = [:]
        for entry in table { for h in entry.hangul where map[h] == nil { map[h] = entry.key } }
        return map
    }()
}

/// A canonical key for a Korean personal name, the same for every way the press writes it:
/// "Lee Jae-myung", "Lee Jae Myung", "LEE Jae-Myung", "Jae-myung Lee", "Lee Jaemyung" and 이재명
/// all give "lee jamyong".
///
/// The key is the family name's key (`KoreanSurnames`), a space, then the given name folded to a
/// phonetic skeleton that erases the differences between Revised Romanization, McCune–Reischauer
/// and press habits: eo/u/oo → o (myeong = myung, seok = suk), ee/ui → i (hee = hui), ae/ai → a
/// (baek = back = baik), wh → hw (Kyung-wha = 경화), c/ck → k, aspirated and
/// plain stops merged (k=g, t=d, p=b, ch=j), sh → s, r → l. It is a key, not a spelling: two people
/// can share one, but one person's spellings do not diverge. Matching hanja (李在明) comes from the
/// lexicon, which gives the Hangul.
///
/// ```swift
/// KoreanNameKey.key(for: "Jae-myung Lee")   // "lee jamyong"
/// KoreanNameKey.key(for: "이재명")            // "lee jamyong"
/// ```
public enum KoreanNameKey {
    /// The key of a name written in Hangul or Latin letters, or nil when the text does not look
    /// like a name (no letters, or more than five words).
    public static func key(for name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: " \t\n")
        if HangulRomanizer.containsHangul(trimmed) { return keyFromHangul(trimmed) }
        return keyFromLatin(trimmed)
    }

    /// Whether `name` (Hangul, or one romanized word such as "Lee", "Rhee", "Ahn") is a Korean
    /// family name the press uses.
    public static func isFamilyName(_ name: String) -> Bool {
        KoreanSurnames.byHangul[name] != nil || KoreanSurnames.byLatin[name.lowercased()] != nil
    }

    static func keyFromHangul(_ name: String) -> String? {
        let scalars = Array(name.unicodeScalars.filter { HangulRomanizer.decompose($0) != nil })
        guard (2...5).contains(scalars.count) else { return nil }
        let firstTwo = String(scalars: scalars.prefix(2))
        let surnameLength = KoreanSurnames.twoSyllable.contains(firstTwo) && scalars.count >= 3 ? 2 : 1
        let surnameHangul = String(scalars: scalars.prefix(surnameLength))
        let surname =
            KoreanSurnames.byHangul[surnameHangul]
            ?? fold(scalars.prefix(surnameLength).compactMap(HangulRomanizer.romanizeSyllable).joined())
        let given = scalars.dropFirst(surnameLength).compactMap(HangulRomanizer.romanizeSyllable).joined()
        return surname + " " + fold(given)
    }

    static func keyFromLatin(_ name: String) -> String? {
        // Words of letters; hyphens and spaces inside the given name are spelling, not structure.
        let words = name.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "'" })
            .map { $0.filter { $0.isLetter } }.filter { !$0.isEmpty }
        guard (2...5).contains(words.count) else { return nil }
        let originalWords = name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
        var surnameIndex = 0
        let firstIsSurname = KoreanSurnames.byLatin[words[0]] != nil
        let lastIsSurname = KoreanSurnames.byLatin[words[words.count - 1]] != nil
        // "Jae-myung Lee": the family name comes last when the last word is a family name and the
        // first is not one, or the first word is a hyphenated given name; "LEE Jae-myung": the
        // word in capitals is the family name.
        if lastIsSurname && (!firstIsSurname || originalWords.first?.contains("-") == true) {
            surnameIndex = words.count - 1
        }
        if let capsIndex = originalWords.firstIndex(where: { w in
            w.count > 1 && w.allSatisfy { $0.isUppercase || !$0.isLetter }
        }),
            originalWords.count == words.count, KoreanSurnames.byLatin[words[capsIndex]] != nil
        {
            surnameIndex = capsIndex
        }
        let surnameWord = words[surnameIndex]
        let surname = KoreanSurnames.byLatin[surnameWord] ?? fold(surnameWord)
        var givenWords = words
        givenWords.remove(at: surnameIndex)
        return surname + " " + fold(givenWords.joined())
    }

    /// The phonetic skeleton of a romanized Korean given name (see the type's documentation).
    static func fold(_ romanized: String) -> String {
        var s = romanized.lowercased()
        let rules: [(String, String)] = [
            // Sye-kyun (세균): an older spelling of se.
            // Jie-won (지원), Chan-wook (찬욱): press spellings of i and uk.
            ("sye", "se"), ("jie", "ji"), ("wook", "uk"), ("wh", "hw"), ("ae", "a"), ("ai", "a"), ("ck", "k"),
            ("ch", "j"), ("c", "k"), ("sh", "s"), ("ee", "i"),
            ("oo", "u"), ("eo", "o"), ("eu", "u"), ("ui", "i"),
            ("u", "o"), ("k", "g"), ("t", "d"), ("p", "b"), ("r", "l"),
        ]
        for (from, to) in rules { s = s.replacingOccurrences(of: from, with: to) }
        return s
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var sub = self[...]
        while let f = sub.first, chars.contains(f) { sub = sub.dropFirst() }
        while let l = sub.last, chars.contains(l) { sub = sub.dropLast() }
        return String(sub)
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            result += rest[..<r.lowerBound]
            result += replacement
            rest = rest[r.upperBound...]
        }
        result += rest
        return result
    }
}

extension Substring {
    func range(of target: String) -> Range<Substring.Index>? {
        guard !target.isEmpty, count >= target.count else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) { return i..<index(i, offsetBy: target.count) }
            i = index(after: i)
        }
        return nil
    }
}
