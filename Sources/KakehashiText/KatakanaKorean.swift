/// Reads a Korean name written in katakana, as Japanese media write them, back into Hangul:
/// イ・ジェミョン → 이재명, キム・ミンソク → 김민석, ユン・ソンニョル → 윤석열, カン・ギョンファ → 강경화.
///
/// Katakana loses distinctions Hangul makes (ン is ㄴ or ㅇ, ジェ is 재 or 제, voicing depends on
/// the position), so each syllable is read against the Korean syllable inventory: every Hangul
/// syllable whose Japanese rendering fits the katakana is a candidate, and the syllables that
/// Korean family and given names use most win. Japanese renders sound changes between syllables,
/// and so does the reader: a nasalized final before ㄴ (석열 → ソンニョル, with ㄴ inserted before
/// 여) and a final carried over to a vowel-initial syllable (석열 → ソギョル).
///
/// ```swift
/// KatakanaKorean.read("イ・ジェミョン")?.hangul   // "이재명"
/// ```
/// The caller decides whether the text is Korean in the first place (the context, the family
/// name); `read` only answers how it reads if it is.
public enum KatakanaKorean {
    /// A reading: the Hangul, and whether every syllable of the given name is one that Korean given
    /// names commonly use (a weak reading of a non-Korean name fails this).
    public struct Reading: Sendable, Equatable {
        public let hangul: String
        public let familyName: String
        public let givenName: String
        /// Other readings nearly as likely, best first (at most four).
        public let alternatives: [String]
        public let allSyllablesCommon: Bool
        /// How many syllables of the given name are not among the common ones.
        public let uncommonSyllables: Int
        /// Whether the family name is one the Japanese press writes for few other peoples (キム, パク,
        /// チェ, …) rather than one that English or Chinese names share (アン, ソン, ハン, …).
        public let familyNameIsDistinctive: Bool
    }

    /// The Hangul of a katakana name written family name first, its parts separated by ・ (or
    /// ＝, =, a space); nil when it has not two parts or they cannot be read as Korean.
    public static func read(_ katakana: String) -> Reading? {
        let parts = katakana.split(whereSeparator: { $0 == "・" || $0 == "=" || $0 == "＝" || $0 == " " || $0 == "･" })
        guard parts.count == 2 else { return nil }
        let families = best(String(parts[0]), table: Inventory.familyWeights, syllables: 1...2, isFamilyName: true)
        let givens = best(String(parts[1]), table: Inventory.givenWeights, syllables: 1...3)
        guard let family = families.first, let given = givens.first else { return nil }
        let familyText = String(scalars: family.syllables)
        // Other readings close to the best one, for matching: ン is ㄴ or ㅇ (김대중 or 김대준).
        var others: [String] = []
        for f in families where f.score > family.score - 3 {
            for g in givens where g.score > given.score - 3 {
                let hangul = String(scalars: f.syllables) + String(scalars: g.syllables)
                if hangul != familyText + String(scalars: given.syllables) && !others.contains(hangul)
                    && others.count < 4
                {
                    others.append(hangul)
                }
            }
        }
        return Reading(
            hangul: familyText + String(scalars: given.syllables), familyName: familyText,
            givenName: String(scalars: given.syllables), alternatives: others,
            allSyllablesCommon: given.syllables.allSatisfy { Inventory.givenWeights[$0] != nil },
            uncommonSyllables: given.syllables.filter { Inventory.givenWeights[$0] == nil }.count,
            familyNameIsDistinctive: Inventory.distinctiveFamilyNames.contains(familyText))
    }

    // MARK: - Morae

    /// Katakana to reader romaji, the vowels of the Korean transcription (イェ ye, ウォ wo, トゥ tu).
    static func morae(_ katakana: String) -> [String]? {
        let s = Array(katakana.unicodeScalars)
        var out: [String] = []
        var i = 0
        while i < s.count {
            if i + 1 < s.count, let two = Inventory.digraphs[String(scalars: s[i...i + 1])] {
                out.append(two); i += 2; continue
            }
            if s[i] == "ー" { return nil }  // a long vowel: Japanese writes Korean without one (ジョー is Joe)
            guard let one = Inventory.monographs[s[i]] else { return nil }
            out.append(one)
            i += 1
        }
        return out.isEmpty ? nil : out
    }

    // MARK: - The best reading

    struct Candidate { var syllables: [Unicode.Scalar]; var score: Double }

    /// The sequences of Hangul syllables for one part, best first, by dynamic programming over the morae:
    /// a syllable is a body mora and an optional coda mora.
    static func best(
        _ part: String, table: [Unicode.Scalar: Double], syllables range: ClosedRange<Int>,
        isFamilyName: Bool = false
    ) -> [Candidate] {
        guard let m = morae(part), m.count <= 9 else { return [] }
        struct Path { var syllables: [Unicode.Scalar]; var score: Double; var previousFinal: Int; var carried: Bool }
        var frontier: [Path] = [Path(syllables: [], score: 0, previousFinal: -1, carried: false)]
        var positions = [0]
        var done: [Candidate] = []
        // Breadth-first, one syllable a step; names are short, so the best 60 paths a step suffice.
        for _ in 0...range.upperBound where !frontier.isEmpty {
            var next: [(Path, Int)] = []
            for (path, position) in zip(frontier, positions) {
                if position == m.count {
                    if range.contains(path.syllables.count) && !path.carried {
                        done.append(Candidate(syllables: path.syllables, score: path.score))
                    }
                    continue
                }
                guard path.syllables.count < range.upperBound else { continue }
                let body = m[position]
                for codaLength in 0...1 where position + codaLength < m.count || codaLength == 0 {
                    let coda = codaLength == 1 ? m[position + 1] : nil
                    let after = position + 1 + codaLength
                    let following = after < m.count ? m[after] : nil
                    for option in Inventory.syllables(
                        body: body, coda: coda, following: following,
                        previousFinal: path.previousFinal, carried: path.carried,
                        isFirst: path.syllables.isEmpty,
                        isFamilyStart: path.syllables.isEmpty && isFamilyName)
                    {
                        let weight = table[option.syllable] ?? Inventory.unlistedWeight
                        var new = path
                        new.syllables.append(option.syllable)
                        new.score += weight - option.penalty
                        new.previousFinal = option.final
                        new.carried = option.carriesFinal
                        next.append((new, after))
                    }
                }
            }
            next.sort { $0.0.score > $1.0.score }
            frontier = next.prefix(60).map(\.0)
            positions = next.prefix(60).map(\.1)
        }
        for (path, position) in zip(frontier, positions)
        where position == m.count && range.contains(path.syllables.count) && !path.carried {
            done.append(Candidate(syllables: path.syllables, score: path.score))
        }
        var seen = Set<[Unicode.Scalar]>()
        return done.sorted { $0.score > $1.score }.filter { seen.insert($0.syllables).inserted }
    }
}

/// The tables of `KatakanaKorean`: how Japanese renders each Korean initial, vowel and final, and
/// how often Korean names use each syllable.
enum Inventory {
    static let monographs: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        let rows: [(String, String)] = [
            ("アイウエオ", ""), ("カキクケコ", "k"), ("ガギグゲゴ", "g"), ("サシスセソ", "s"), ("ザジズゼゾ", "j"),
            ("タチツテト", "t"), ("ダヂヅデド", "d"), ("ナニヌネノ", "n"), ("ハヒフヘホ", "h"), ("バビブベボ", "b"),
            ("パピプペポ", "p"), ("マミムメモ", "m"), ("ラリルレロ", "r"),
        ]
        let vowels = ["a", "i", "u", "e", "o"]
        for (kana, consonant) in rows {
            for (k, scalar) in kana.unicodeScalars.enumerated() { table[scalar] = consonant + vowels[k] }
        }
        table["チ"] = "chi"; table["ツ"] = "tu"; table["ジ"] = "ji"; table["ヂ"] = "ji"; table["ズ"] = "ju";
        table["フ"] = "hu"
        table["ヤ"] = "ya"; table["ユ"] = "yu"; table["ヨ"] = "yo"; table["ワ"] = "wa"; table["ヲ"] = "o"
        table["ン"] = "N"; table["ッ"] = "Q"
        return table
    }()

    static let digraphs: [String: String] = {
        var table: [String: String] = [:]
        let yRows: [(String, String)] = [
            ("キ", "k"), ("ギ", "g"), ("シ", "s"), ("ジ", "j"), ("チ", "ch"), ("ニ", "n"), ("ヒ", "h"),
            ("ビ", "b"), ("ピ", "p"), ("ミ", "m"), ("リ", "r"),
        ]
        for (kana, consonant) in yRows {
            let c = consonant == "j" || consonant == "ch" ? consonant : consonant + "y"
            table[kana + "ャ"] = c + "a"; table[kana + "ュ"] = c + "u"; table[kana + "ョ"] = c + "o";
            table[kana + "ェ"] = c + "e"
        }
        table["チャ"] = "cha"; table["チュ"] = "chu"; table["チョ"] = "cho"; table["チェ"] = "che"
        table["ジャ"] = "ja"; table["ジュ"] = "ju"; table["ジョ"] = "jo"; table["ジェ"] = "je"
        table["シャ"] = "sa"; table["シュ"] = "su"; table["ショ"] = "so"; table["シェ"] = "se"
        table["イェ"] = "ye"; table["ウォ"] = "wo"; table["ウェ"] = "we"; table["ウィ"] = "wi"; table["ウイ"] = "wi"
        table["クァ"] = "kwa"; table["クォ"] = "kwo"; table["クェ"] = "kwe"; table["クィ"] = "kwi"
        table["グァ"] = "gwa"; table["グォ"] = "gwo"; table["グェ"] = "gwe"; table["グィ"] = "gwi"
        table["ファ"] = "hwa"; table["フォ"] = "hwo"; table["フェ"] = "hwe"; table["フィ"] = "hwi"
        table["トゥ"] = "tu"; table["ドゥ"] = "du"; table["ティ"] = "ti"; table["ディ"] = "di"; table["スィ"] = "si"
        table["トァ"] = "twa"; table["ドァ"] = "dwa"; table["ソァ"] = "swa"; table["チュィ"] = "chwi"
        return table
    }()

    /// The Japanese consonants of each Hangul initial (ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ).
    static let initialConsonants: [[String]] = [
        ["k", "g"], ["k"], ["n"], ["t", "d"], ["t"], ["r"], ["m"], ["p", "b"], ["p"], ["s"], ["s"], [""], ["ch", "j"],
        ["ch"], ["ch"], ["k"], ["t"], ["p"], ["h"],
    ]
    /// The Japanese vowels of each Hangul medial (ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ).
    static let medialVowels: [[String]] = [
        ["a"], ["e"], ["ya"], ["ye"], ["o"], ["e"], ["yo"], ["ye", "e"], ["o"], ["wa"], ["we"], ["we", "e"], ["yo"],
        ["u"],
        ["wo"], ["we"], ["wi"], ["yu"], ["u"], ["wi", "i"], ["i"],
    ]
    /// The katakana coda of each Hangul final that names use (index → coda morae): ㄱ ク, ㄴ ン,
    /// ㄹ ル, ㅁ ム, ㅂ プ, ㅅ ッ/ト, ㅇ ン.
    static let finalCodas: [Int: [String]] = [
        1: ["ku"], 4: ["N"], 8: ["ru"], 16: ["mu"], 17: ["pu", "bu"], 19: ["Q", "to"], 21: ["N"],
    ]
    /// The consonant a final lends to a following vowel-initial syllable (liaison).
    static let liaisonConsonants: [Int: [String]] = [
        1: ["g", "k"], 4: ["n"], 8: ["r"], 16: ["m"], 17: ["b", "p"], 19: ["s"],
    ]

    /// The reading of a consonant and a vowel as the reader's romaji spells a mora.
    static func mora(_ consonant: String, _ vowel: String) -> String {
        if consonant == "ch" || consonant == "j" {
            if vowel.hasPrefix("y") { return consonant + vowel.dropFirst() }
        }
        if consonant == "s" && vowel.hasPrefix("y") { return "s" + vowel.dropFirst() }
        if consonant == "h" && vowel == "u" { return "hu" }
        return consonant + vowel
    }

    struct Option { var syllable: Unicode.Scalar; var final: Int; var penalty: Double; var carriesFinal: Bool }

    /// Every Hangul syllable whose rendering is this body (and coda), with a penalty for renderings
    /// that need a sound change. `previousFinal` is the previous syllable's final, `carried` when
    /// Japanese wrote it as this syllable's onset instead.
    static func syllables(
        body: String, coda: String?, following: String?, previousFinal: Int, carried: Bool,
        isFirst: Bool, isFamilyStart: Bool
    ) -> [Option] {
        var finals: [(final: Int, penalty: Double, carries: Bool)]
        if let coda {
            finals = []
            for (index, codas) in finalCodas where codas.contains(coda) { finals.append((index, 0, false)) }
            // ㄱ before ㄴ/ㅁ is nasalized: 석열 → ソンニョル.
            if coda == "N", let following, following.hasPrefix("n") || following.hasPrefix("m") {
                finals.append((1, 0.3, false))
            }
            // A coda mora that is a syllable of its own (ク as 구) is read by the body path instead.
            if finals.isEmpty { return [] }
        } else {
            finals = [(0, 0, false)]
            // A final carried over to a following vowel- or ㅎ-initial syllable: 석열 → ソギョル, 근혜 → クネ.
            if following != nil { for final in liaisonConsonants.keys { finals.append((final, 0.5, true)) } }
        }
        var options: [Option] = []
        for (initial, consonants) in initialConsonants.enumerated() {
            for (medial, vowels) in medialVowels.enumerated() {
                var penalty: Double? = nil
                if carried {
                    // The onset is the previous final; this syllable starts with ㅇ, or ㅎ that fell silent.
                    guard initial == 11 || initial == 18, let lent = liaisonConsonants[previousFinal] else { continue }
                    for v in vowels where lent.contains(where: { mora($0, v) == body }) {
                        penalty = initial == 18 ? 0.7 : 0
                    }
                } else {
                    // A family name starts unvoiced (チョン, パク, キム); ジョン and ジョー are John and Joe.
                    let onsets = isFamilyStart ? Array(consonants.prefix(1)) : consonants
                    for c in onsets { for v in vowels where mora(c, v) == body { penalty = 0 } }
                    if penalty == nil && (initial == 11 || initial == 5) && !isFirst
                        && (previousFinal == 1 || previousFinal == 4 || previousFinal == 21)
                    {
                        // ㄴ inserted before a y-vowel after a nasalized ㄱ (석열 → ソンニョル), less often after
                        // ㄴ/ㅇ; ㄹ read as ㄴ after a nasal (종로 → チョンノ).
                        for v in vowels where (initial == 5 || v.hasPrefix("y") || v == "i") && mora("n", v) == body {
                            penalty = previousFinal == 1 ? 0.6 : 2.0
                        }
                    }
                }
                guard let p = penalty else { continue }
                for finalOption in finals {
                    let value = 0xAC00 + (initial * 21 + medial) * 28 + finalOption.final
                    options.append(
                        Option(
                            syllable: Unicode.Scalar(UInt32(value))!, final: finalOption.final,
                            penalty: p + finalOption.penalty, carriesFinal: finalOption.carries))
                }
            }
        }
        return options
    }

    /// Korean family names, most frequent first (from `KoreanSurnames`).
    static let familyWeights: [Unicode.Scalar: Double] = {
        var weights: [Unicode.Scalar: Double] = [:]
        for (rank, entry) in KoreanSurnames.table.enumerated() {
            for hangul in entry.hangul where hangul.unicodeScalars.count == 1 {
                let scalar = hangul.unicodeScalars.first!
                if weights[scalar] == nil { weights[scalar] = rankWeight(rank) }
            }
        }
        return weights
    }()

    /// Family names the Japanese press writes only for Koreans: read as Korean without other context.
    static let distinctiveFamilyNames: Set<String> = [
        "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "권", "황", "홍", "전", "문", "배", "백", "곽", "한", "류",
    ]

    /// Syllables of Korean given names, roughly most frequent first.
    static let givenSyllables = """
        민서지현준영수성정재진우윤은혜희하경호석승상동원명철훈태기용규연예주도혁범환식미숙자순옥선남종인한빈건열근배백웅일국\
        중광덕문병봉세소송신아애양완유의이임창천춘충택표학해헌홍화효휘흥균겸나다래련령례로룡륜률린림만무보복부비사삼섭솔슬시심\
        안야억언엽오왕요욱운율융익장전제조찬채초치탁필항협형황후가강결계곤관구권금길난녀단달담대돈득란랑량려류륭리마목묵박반방\
        번별산생섬술숭실엄여역염외월위을음저적점좌즙증직집차청촌추축출칠탄토판팔평포풍함행향허확회휴흠\
        락낙갑강곡공교귀근기길녕단당덕두둘락량렬로뢰룡륭막매면모몽묘밀발백벽병부빈상색석설성소손송수슬습승시식신악암애앵연열영\
        오온완요용우욱운원유윤율은을의이익인일자작재정조종주준중지진찬창채천철청초춘충치탁태택평표필하학한해행혁현호홍화환회후훈휘희
        """

    static let givenWeights: [Unicode.Scalar: Double] = {
        var weights: [Unicode.Scalar: Double] = [:]
        var rank = 0
        for scalar in givenSyllables.unicodeScalars
        where HangulRomanizer.decompose(scalar) != nil && weights[scalar] == nil {
            weights[scalar] = rankWeight(rank)
            rank += 1
        }
        return weights
    }()

    static let unlistedWeight = rankWeight(2_000)

    /// About -log2(rank + 8): frequent syllables cost little, rare ones more (a linear reading of
    /// the binary mantissa is close enough for ranking).
    static func rankWeight(_ rank: Int) -> Double {
        let x = Double(rank + 8)
        return -(Double(x.exponent) + (x.significand - 1))
    }
}
