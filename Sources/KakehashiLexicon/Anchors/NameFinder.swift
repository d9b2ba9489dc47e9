import ICUKit
import KakehashiText

/// A person's name found in a text, with the key that every spelling of that person shares.
public struct PersonName: Sendable, Hashable {
    /// The script the name is written in.
    public enum Script: String, Sendable { case kanji, hangul, katakana, latin }

    /// How the name was read: which naming tradition its key follows.
    public enum Origin: String, Sendable { case japanese, korean, chinese, foreign }

    public var text: String
    public var script: Script
    public var origin: Origin
    /// The canonical romanized key: family name first, folded ("lee jamyong", "takaichi sanae",
    /// "xi jinping", "donald trump"). 李在明, 이재명, Lee Jae-myung and Lee Jae Myung share one.
    public var key: String
    /// Other keys this mention may match on the other side: other readings of its characters,
    /// the other name order, the family name alone, the consonant skeleton of a katakana name.
    public var alternatives: [String]
    /// Where it starts in the text, in Unicode scalars.
    public var offset: Int
}

/// Finds person names in Japanese, Korean and English text and gives them cross-script keys.
///
/// Japanese text: a name is a run of kanji or katakana right before a title (…大統領, …首相,
/// …外相, …氏, with an optional country in between: トランプ米大統領), a kanji name with a katakana
/// gloss (李在明(イ・ジェミョン)), or a full name the lexicon knows (glossary persons, ENAMDICT
/// `(h)`). Candidates are read as Japanese (ENAMDICT), Korean (hanja → Hangul through Unihan and
/// KANJIDIC2, with the initial-sound law), and Chinese (pinyin), and the context picks the
/// reading the key follows (韓国の… → Korean); the other readings stay as alternatives, so an
/// unknown Korean name is not cut into dictionary words (李 "plum" + 在明).
///
/// English text: a run of capitalized words that the lexicon recognizes as a Korean name (family
/// name table), a Japanese name (ENAMDICT romaji) or a glossary person, or that follows a title
/// (President Lee, Prime Minister Kim).
///
/// Not `Sendable` (holds ICU transliterators): one per task.
public final class NameFinder {
    public let lexicon: Lexicon
    /// Set when the whole document is about Korea (`isAboutKorea`): names in a sentence with no
    /// marker of its own then read as Korean (康京和外相 → Kang Kyung-wha, not a Japanese reading).
    public var koreanDocument = false
    /// Compiled on first use, and only without a compiled lexicon (whose `pinyin` table holds the
    /// same readings): ICU's Han-Latin rules take about 0.1 s to compile.
    private lazy var pinyin: Transliterator? = try? Transliterator("Han-Latin; Latin-ASCII")
    let kana = KanaRomanizer()
    private let probe: HeadwordProbe
    /// `latinName`'s answers, by words, title and reading.
    var latinNames: [String: PersonName?] = [:]
    /// `koreanReading`'s answers, by katakana text and context.
    private var katakanaReadings: [String: KoreanKatakanaReading?] = [:]
    /// `reading`'s answers, by candidate, context and title.
    private var readings: [ReadingKey: (PersonName, Int)?] = [:]

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        probe = HeadwordProbe(lexicon: lexicon)
    }

    // MARK: Japanese

    /// Titles that follow a name in Japanese, longest first.
    static let japaneseTitles: [String] = [
        "国務総理候補", "国務総理", "総理大臣", "国家主席", "副大統領", "大統領", "外務大臣", "防衛大臣", "財務大臣", "官房長官", "国務長官",
        "国防長官", "財務長官", "外交部長官", "国防部長官", "政調会長", "幹事長", "委員長", "国会議長", "国会議員", "特別顧問", "報道官",
        "首相", "総理", "外相", "国防相", "防衛相", "財務相", "経済産業相", "経産相", "主席", "総裁", "党首", "代表", "議長",
        "議員", "長官", "大臣", "大使", "知事", "市長", "氏", "さん", "元首相", "前首相", "前大統領", "元大統領", "夫人",
        // Heads of compound titles (国家安保室長, 国連事務総長, 首席秘書官), the word before them
        // taken into the title by `titleStart`, and titles of business, sport and the arts.
        "室長", "院長", "部長", "次長", "総長", "局長", "庁長", "社長", "会長", "副会長", "理事長", "議長", "秘書官", "補佐官",
        "総書記", "副部長", "書記", "法相", "国防相", "統一相", "選手", "投手", "捕手", "外野手", "内野手", "監督", "コーチ",
        "作家", "俳優", "女優", "歌手", "画家", "棋士", "元選手",
    ].sorted { $0.count > $1.count }

    /// Heads of titles that name an office before them (国家安保室長, 国連事務総長, 外交部長官).
    static let compoundTitleHeads: Set<String> = [
        "室長", "院長", "部長", "次長", "総長", "局長", "庁長", "秘書官", "補佐官", "長官", "副部長",
    ]

    /// Characters that end the name of an office inside a compound title (国家安保室, 国家情報院,
    /// 外交部): the word before them belongs to the title too.
    static let officeSuffixes: Set<Unicode.Scalar> = ["室", "院", "部", "省", "庁", "府", "局", "委", "党", "団", "社"]

    /// Countries that may stand between a name and its title (トランプ米大統領, 習近平中国国家主席).
    /// The titles as scalars, grouped by their first scalar (longest first within a group).
    static let japaneseTitlesByFirst: [Unicode.Scalar: [[Unicode.Scalar]]] =
        Dictionary(grouping: japaneseTitles.map { Array($0.unicodeScalars) }, by: { $0[0] })

    static let countriesBeforeTitle = ["北朝鮮", "韓国", "中国", "米国", "日本", "米", "中", "韓", "露", "英", "仏", "独", "朝", "日"]
    static let countriesBeforeTitleScalars = countriesBeforeTitle.map { Array($0.unicodeScalars) }

    /// Person names in Japanese (or Korean) text.
    public func names(inJapanese text: String) -> [PersonName] {
        names(inJapaneseKey: (try? TextNormalizer.key(text)) ?? text)
    }

    /// Person names in Japanese text already in key form (`TextNormalizer.key`); offsets are
    /// in that form's scalars.
    public func names(inJapaneseKey key: String) -> [PersonName] {
        var scan = JapaneseNameScan(finder: self, key: key)
        scan.hangulNames()
        scan.namesBeforeTitles()
        scan.glossedNames()
        scan.knownNames()
        scan.katakanaKoreanNames()
        return scan.found.sorted { $0.offset < $1.offset }
    }

    /// Whether a text is about Korea: a word such as 韓国 or ソウル, or Hangul.
    public static func isAboutKorea(_ text: String) -> Bool {
        koreanMarkers.contains { text.contains($0) }
            || text.unicodeScalars.contains { HangulRomanizer.decompose($0) != nil }
    }

    /// Words that make a Japanese text about Korea.
    static let koreanMarkers = ["韓国", "北朝鮮", "朝鮮", "ソウル", "平壌", "釜山", "韓", "ハングル"]

    /// Characters before a title that belong to it: 元 (former), 前 (previous), 現 (current), 故
    /// (late), 新 (new).
    static let titlePrefixes: Set<Unicode.Scalar> = ["元", "前", "現", "故", "新"]

    /// Korean titles that may follow a name (김구 대통령).
    static let koreanTitles: Set<String> = [
        "대통령", "총리", "국무총리", "장관", "의원", "대표", "위원장", "씨", "대사", "시장", "지사", "회장", "교수", "대변인",
        "원내대표", "비서실장", "선생", "실장", "차관", "후보", "전", "당선인", "선수", "감독", "사장", "부총리", "의장", "군",
        "배우", "작가", "가수", "투수", "포수", "외야수", "내야수", "코치", "차장", "부장", "원장", "총장", "사무총장", "부부장",
        "국무위원장", "국가안보실장", "박사", "기자", "부회장", "이사장", "현",
    ]

    /// Words naming an office between a name and its title (박진 외교부 장관): a word ending in one
    /// of these syllables.
    static let koreanOfficeEndings: Set<Unicode.Scalar> = ["부", "실", "원", "청", "처", "위", "당", "엔"]

    /// Whether `word` is a Korean title, alone or with a particle after it (선수는, 장관은).
    static func isKoreanTitle(_ word: String) -> Bool {
        if koreanTitles.contains(word) { return true }
        guard let last = word.unicodeScalars.last, koreanParticles.contains(last) else { return false }
        return koreanTitles.contains(String(word.dropLast()))
    }

    /// Common Korean nouns that begin with a family-name syllable (장관 "minister", 정부 "government").
    static let koreanNonNames: Set<String> = [
        "장관", "정부", "한국", "이번", "이후", "이상", "이날", "이어", "이를", "이에", "이는", "이라", "이다", "이미", "이전", "이제",
        "조사", "전날", "전쟁", "전체", "전국", "전략", "정책", "정상", "정치", "정당", "한편", "한미", "한일", "한반도", "고위", "국방",
        "국회", "국가", "국민", "문제", "유엔", "조선", "신문", "안보", "방문", "공동", "강조", "오후", "오전", "주장", "주요", "지난",
        "지역", "최근", "최대", "최고", "하지만", "김치", "박사", "장기", "장소", "정보", "정도", "조치", "조건", "조약", "유지",
        "안전", "안에", "신청", "신속", "강화", "강력", "고려", "공개", "공식", "한다", "하는", "하고", "하며", "오늘", "오는", "우리",
        "위해", "위한", "남북", "북한", "경제", "경찰", "구조", "기자", "기업", "기존", "나라", "노동", "노력", "도시", "도움",
        "문재", "민주", "백만", "변화", "서울", "서명", "성명", "손해", "송환", "양국", "여당", "연합", "염려", "엄격", "원칙",
        "육군", "윤리", "임기", "임무", "전망", "전문", "정식", "정확", "주민", "지원", "진행", "차관", "채택", "천만", "추가",
        "표명", "하루", "함께", "허가", "현재", "현장", "홍보", "황금", "남아", "배치", "반대", "방안", "방식", "변경",
    ]

    /// Particles after a name (이재명은, 김민석이, 안규백 장관의 …).
    static let koreanParticles: Set<Unicode.Scalar> = [
        "은", "는", "이", "가", "을", "를", "의", "에", "도", "와", "과", "로", "께", "만",
    ]

    /// How many syllables of a Hangul word are a name (nil: none).
    static func hangulNameLength(
        _ word: ArraySlice<Unicode.Scalar>, followedBy rest: ArraySlice<Unicode.Scalar>
    ) -> Int? {
        let syllables = Array(word)
        var length = syllables.count
        guard (2...5).contains(length), KoreanNameKey.isFamilyName(String(Character(syllables[0]))) else { return nil }
        // A title is never a name (선수는, 배우는, 차장은).
        if isKoreanTitle(String(scalars: syllables[...])) { return nil }
        let twoSyllableFamily = KoreanNameKey.isFamilyName(String(scalars: syllables.prefix(2))) && length >= 3
        let fullLength = twoSyllableFamily ? 4 : 3
        // A particle after a full name: 이재명은, 남궁민수가.
        if length == fullLength + 1, koreanParticles.contains(syllables[length - 1]) { length -= 1 }
        if length == fullLength + 2,
            String(scalars: syllables.suffix(2)) == "에게" || String(scalars: syllables.suffix(2)) == "에서"
                || String(scalars: syllables.suffix(2)) == "께서"
        {
            length -= 2
        }
        guard length <= fullLength else { return nil }
        // A common noun, alone or with a particle (정부는), is no name; a three-syllable word that
        // begins with one (문재인, but also 국방부, 기자들) is one only before a title.
        var needsTitle = false
        if koreanNonNames.contains(String(scalars: syllables.prefix(2))) {
            if length <= 2 || koreanParticles.contains(syllables[2]) { return nil }
            // An office before a title is the title's (국방부 장관).
            if koreanOfficeEndings.contains(syllables[length - 1]) { return nil }
            needsTitle = true
        }
        if length == fullLength - 1 || length == 2 || needsTitle {
            // 김구: only before a title. A two-syllable word with a particle is a noun (장관은).
            var p = rest.startIndex
            while p < rest.endIndex, rest[p] == " " { p += 1 }
            var q = p
            while q < rest.endIndex, HangulRomanizer.decompose(rest[q]) != nil { q += 1 }
            var next = String(scalars: rest[p..<q])
            // An office between the name and its title: 박진 외교부 장관은.
            if !isKoreanTitle(next), let last = next.unicodeScalars.last, koreanOfficeEndings.contains(last) {
                var p2 = q
                while p2 < rest.endIndex, rest[p2] == " " { p2 += 1 }
                var q2 = p2
                while q2 < rest.endIndex, HangulRomanizer.decompose(rest[q2]) != nil { q2 += 1 }
                next = String(scalars: rest[p2..<q2])
            }
            guard length == syllables.count, isKoreanTitle(next) else { return nil }
        }
        return length
    }

    /// Which naming tradition the words before a name suggest.
    enum Context { case none, korean, chinese, japanese }

    static func context(before s: [Unicode.Scalar], at start: Int) -> Context {
        let window = String(scalars: s[max(0, start - 5)..<start])
        if window.contains("韓国") || window.contains("北朝鮮") || window.hasSuffix("韓") { return .korean }
        if window.contains("中国") || window.hasSuffix("中") { return .chinese }
        if window.contains("日本") { return .japanese }
        return .none
    }

    /// The best name ending at `end` and starting at or after `start`: the longest suffix that
    /// reads as a name (two characters at least for kanji).
    private func bestJapaneseName(
        in s: [Unicode.Scalar], start: Int, end: Int, katakanaGloss: String? = nil,
        koreanText: Bool
    ) -> (range: Range<Int>, name: PersonName)? {
        let allKatakana = s[start..<end].allSatisfy { ScriptClass.isKatakana($0) }
        if allKatakana {
            var katakanaStart = start
            while katakanaStart < end, s[katakanaStart] == "・" { katakanaStart += 1 }
            guard end - katakanaStart >= 2 else { return nil }
            let text = String(scalars: s[katakanaStart..<end])
            return (katakanaStart..<end, katakanaName(text, offset: katakanaStart, koreanContext: koreanText))
        }
        // Kanji: the Han part just before the title.
        var hanStart = end
        while hanStart > start, ScriptClass.isHan(s[hanStart - 1]) { hanStart -= 1 }
        guard end - hanStart >= 1 else { return nil }
        var context: Context = katakanaGloss != nil ? .korean : NameFinder.context(before: s, at: hanStart)
        if context == .none && koreanDocument { context = .korean }
        // Every suffix that reads as a name; the strongest reading wins, then the longer one.
        var best: (range: Range<Int>, name: PersonName, strength: Int)?
        for length in stride(from: min(6, end - hanStart), through: 1, by: -1) {
            let r = (end - length)..<end
            let candidate = String(scalars: s[r])
            // Inside a common word that ends at the title (与党 of 非与党知事), no name starts.
            if length >= 2 && best == nil && isCommonWord(candidate) { break }
            if let (name, strength) = reading(of: candidate, offset: r.lowerBound, context: context, fromTitle: true),
                strength > (best?.strength ?? 0)
            {
                best = (r, name, strength)
            }
        }
        return best.map { ($0.range, $0.name) }
    }

    /// A katakana name: its key from the glossary when it is there, otherwise its romanization;
    /// the consonant skeleton of each part is an alternative, matched against English spellings.
    func katakanaName(_ text: String, offset: Int, koreanContext: Bool = false) -> PersonName {
        let parts = text.split(whereSeparator: { $0 == "・" || $0 == "=" || $0 == "＝" }).map {
            kana.romanize(String($0))
        }
        let romanized = parts.joined(separator: " ")
        var alternatives = parts.map { "~" + Romaji.skeleton($0) }
        var key = romanized.lowercased()
        var origin = PersonName.Origin.foreign
        if let english = lexicon.glossaryEntries(text).first(where: { $0.kind == .person })?.english.first,
            let name = latinName(english.split(separator: " ").map(String.init), offset: offset)
        {
            key = name.key
            origin = name.origin
            alternatives += name.alternatives
        } else if let korean = koreanReading(text, context: koreanContext) {
            // Read through Hangul: イ・ジェミョン takes the key of 이재명, and so does a name shaped as
            // Korean names are (a family name of the table, one or two common given-name
            // syllables) with no Korean word around it (ソン・フンミン, not ハンナ・スミス); the
            // romanization stays an alternative, matched either way.
            if koreanContext || korean.distinctive || korean.shaped {
                alternatives.append(key)
                key = korean.key
                origin = .korean
            } else {
                alternatives.append(korean.key)
            }
            alternatives += korean.others
        }
        return PersonName(
            text: text, script: .katakana, origin: origin, key: key,
            alternatives: unique(alternatives.filter { $0 != key }), offset: offset)
    }

    /// How a katakana name reads as Korean: its key, other likely keys, whether its family name
    /// is one only Koreans bear (キム, パク, チェ …), and whether it is shaped as Korean names are
    /// (a family name of the table and one or two given-name syllables, each a common one).
    struct KoreanKatakanaReading {
        var key: String
        var others: [String]
        var distinctive: Bool
        var shaped: Bool
    }

    /// The Korean reading of a katakana name, when it reads as Korean (every given-name syllable
    /// a common one; in a Korean context one may be a rarer one: ウィ・ソンラク 위성락).
    func koreanReading(_ text: String, context: Bool) -> KoreanKatakanaReading? {
        let memoryKey = context ? "k:" + text : text
        if let remembered = katakanaReadings[memoryKey] { return remembered }
        var result: KoreanKatakanaReading? = nil
        if let reading = KatakanaKorean.read(text), reading.uncommonSyllables <= (context ? 1 : 0),
            let key = KoreanNameKey.key(for: reading.hangul)
        {
            result = KoreanKatakanaReading(
                key: key,
                others: unique(reading.alternatives.compactMap { KoreanNameKey.key(for: $0) }.filter { $0 != key }),
                distinctive: reading.familyNameIsDistinctive,
                shaped: KoreanNameKey.isFamilyName(reading.familyName)
                    && (1...2).contains(reading.givenName.unicodeScalars.count) && reading.uncommonSyllables == 0)
        }
        katakanaReadings[memoryKey] = .some(result)
        return result
    }

    /// Reads a kanji name (or nil when no reading fits): glossary person, ENAMDICT full name,
    /// Korean, Japanese surname + given name, Chinese; the context chooses the key.
    /// The strength says how sure the reading is: 4 glossary person, 3 ENAMDICT full name, 2 a
    /// reading that fits the context (韓国の + Korean family name), 1 any other reading.
    func reading(of candidate: String, offset: Int, context: Context, fromTitle: Bool = false) -> (PersonName, Int)? {
        let memoryKey = ReadingKey(candidate: candidate, context: context, fromTitle: fromTitle)
        if let remembered = readings[memoryKey] {
            return remembered.map {
                var name = $0.0; name.offset = offset; return (name, $0.1)
            }
        }
        let result = read(candidate, offset: offset, context: context, fromTitle: fromTitle)
        readings.updateValue(result, forKey: memoryKey)
        return result
    }

    /// What `reading` depends on besides the offset.
    private struct ReadingKey: Hashable {
        var candidate: String
        var context: Context
        var fromTitle: Bool
    }

    private func read(_ candidate: String, offset: Int, context: Context, fromTitle: Bool) -> (PersonName, Int)? {
        let count = candidate.unicodeScalars.count
        var keys: [(PersonName.Origin, String)] = []
        var alternatives: [String] = []
        var strength = 0

        if let english = lexicon.glossaryEntries(candidate).first(where: { $0.kind == .person })?.english.first,
            let name = latinName(english.split(separator: " ").map(String.init), offset: offset)
        {
            keys.append((name.origin, name.key))
            alternatives += name.alternatives
            strength = 4
        }
        let enamdict = lexicon.names(candidate)
        for entry in enamdict where entry.tags.contains("h") {
            let words = entry.romaji.split(whereSeparator: { $0 == " " }).map(String.init)
            if let name = latinName(words, offset: offset, familyFirstReading: entry.reading) {
                keys.append((name.origin, name.key))
                alternatives += name.alternatives
                strength = max(strength, 3)
            }
        }
        var korean = (2...4).contains(count) ? koreanKeys(candidate) : []
        if count == 1 {
            // A family name alone before a title: 李大統領 → "lee".
            korean = lexicon.hangulReadings(candidate.first!).flatMap { NameFinder.initialSoundLaw($0, isFirst: true) }
                .filter { KoreanNameKey.isFamilyName($0) }.compactMap {
                    KoreanNameKey.key(for: $0 + "가").map { String($0.split(separator: " ")[0]) }
                }
            korean = unique(korean)
        }
        let japanese = count >= 2 ? japaneseSplitKeys(candidate) : []
        let surnameOnly =
            count <= 3 && fromTitle
            ? unique(
                enamdict.filter { $0.tags.contains("s") }.sorted { $0.tags.count > $1.tags.count }.map {
                    Romaji.fold($0.romaji)
                }) : []
        let chinese = (2...3).contains(count) ? chineseKey(candidate) : nil

        var ordered: [(PersonName.Origin, String)] = []
        switch context {
        case .korean: ordered = korean.map { (.korean, $0) } + japanese.map { (.japanese, $0) }
        case .chinese: ordered = (chinese.map { [(.chinese, $0)] } ?? []) + korean.map { (.korean, $0) }
        case .japanese, .none:
            // A whole candidate that is a Japanese family name (高市首相) reads as that, not as a split.
            let family: [(PersonName.Origin, String)] = surnameOnly.map { (.japanese, $0) }
            ordered =
                count == 1
                ? korean.map { (.korean, $0) } + family
                : family + japanese.map { (.japanese, $0) } + korean.map { (.korean, $0) }
        }
        if context != .chinese, let chinese { ordered.append((.chinese, chinese)) }
        keys += ordered
        if context == .korean || context == .chinese { keys += surnameOnly.map { (.japanese, $0) } }
        guard let primary = keys.first else { return nil }
        if strength == 0 {
            guard fromTitle else { return nil }
            // A common word before a title is the title's qualifier, not a name (非与党知事, 治安当局者).
            if count >= 2 && isCommonWord(candidate) { return nil }
            let fitsContext =
                context == .korean && !korean.isEmpty || context == .chinese && chinese != nil
                || context == .japanese && !japanese.isEmpty
            // Names are two characters or more, except a family name alone (李大統領, 林氏).
            if count == 1 && korean.isEmpty && surnameOnly.isEmpty { return nil }
            if count == 1 && context != .korean && !korean.isEmpty { strength = 1 }
            if count >= 2 && korean.isEmpty && japanese.isEmpty { return nil }
            strength = fitsContext ? 2 : 1
        }
        var all = keys.dropFirst().map(\.1) + alternatives
        // Family names alone, for mentions such as 高市首相 ~ "Takaichi" and 李大統領 ~ "President Lee".
        for key in [primary.1] + all where key.contains(" ") {
            if let family = key.split(separator: " ").first { all.append(String(family)) }
        }
        return (
            PersonName(
                text: candidate, script: .kanji, origin: primary.0, key: primary.1,
                alternatives: unique(all.filter { $0 != primary.1 }), offset: offset), strength
        )
    }

    /// Whether `word` is a common word: a glossary term that names no person, or an EDICT entry
    /// marked (P).
    func isCommonWord(_ word: String) -> Bool {
        lexicon.terms(word).contains { $0.origin == .glossary ? $0.kind != .person : $0.common }
    }

    /// Korean keys of a hanja name: every combination of the characters' Hangul readings (names'
    /// readings first), with the initial-sound law, whose first syllable is a Korean family name.
    func koreanKeys(_ hanja: String) -> [String] {
        let readings = hanja.map { lexicon.hangulReadings($0).prefix(3) }
        guard readings.allSatisfy({ !$0.isEmpty }) else { return [] }
        var combinations: [[String]] = [[]]
        for (index, options) in readings.enumerated() {
            var next: [[String]] = []
            for prefix in combinations {
                for option in options {
                    for syllable in NameFinder.initialSoundLaw(option, isFirst: index == 0) {
                        next.append(prefix + [syllable])
                    }
                }
                // Inside a name the original ㄹ stays (魏聖洛 위성락), where dictionaries list the initial form (낙).
                if index > 0 {
                    for option in options {
                        for syllable in NameFinder.originalInitials(option) { next.append(prefix + [syllable]) }
                    }
                }
            }
            combinations = Array(next.prefix(48))
        }
        var keys: [String] = []
        for combination in combinations where KoreanNameKey.isFamilyName(combination[0]) {
            if let key = KoreanNameKey.key(for: combination.joined()) { keys.append(key) }
        }
        return unique(keys)
    }

    /// A syllable as read, and as the initial-sound law (두음법칙) rewrites it: initial ㄹ before
    /// i/y → ㅇ (리 → 이), other initial ㄹ → ㄴ (로 → 노), ㄴ before i/y → ㅇ (녀 → 여). Family names
    /// take the rewritten form; given names keep both (press spellings vary: 烈 ryeol / yeol).
    static func initialSoundLaw(_ syllable: String, isFirst: Bool) -> [String] {
        guard let scalar = syllable.unicodeScalars.first, let (l, v, t) = HangulRomanizer.decompose(scalar) else {
            return [syllable]
        }
        let iotized: Set<Int> = [2, 3, 6, 7, 12, 17, 20]
        var initial = l
        if l == 5 { initial = iotized.contains(v) ? 11 : 2 } else if l == 2, iotized.contains(v) { initial = 11 }
        guard initial != l, let rewritten = Unicode.Scalar(0xAC00 + UInt32((initial * 21 + v) * 28 + t)) else {
            return [syllable]
        }
        let changed = String(Character(rewritten))
        return isFirst ? [changed] : [syllable, changed]
    }

    /// The syllables the initial-sound law may have rewritten into this one: 낙 ← 락, 여 ← 려, 이 ← 리/니.
    static func originalInitials(_ syllable: String) -> [String] {
        guard let scalar = syllable.unicodeScalars.first, let (l, v, t) = HangulRomanizer.decompose(scalar) else {
            return []
        }
        let iotized: Set<Int> = [2, 3, 6, 7, 12, 17, 20]
        var initials: [Int] = []
        if l == 2 && !iotized.contains(v) { initials = [5] }  // ㄴ ← ㄹ
        if l == 11 && iotized.contains(v) { initials = [5, 2] }  // ㅇ ← ㄹ, ㄴ
        return initials.compactMap {
            Unicode.Scalar(0xAC00 + UInt32(($0 * 21 + v) * 28 + t)).map { String(Character($0)) }
        }
    }

    /// Japanese keys: ENAMDICT family name + given name at every split, family first.
    func japaneseSplitKeys(_ kanji: String) -> [String] {
        let scalars = Array(kanji.unicodeScalars)
        var keys: [(String, Int)] = []
        for split in 1..<scalars.count {
            let family = String(scalars: scalars[..<split])
            let given = String(scalars: scalars[split...])
            let families = lexicon.names(family).filter { $0.tags.contains("s") }
            guard !families.isEmpty else { continue }
            let givens = lexicon.names(given).filter {
                $0.tags.contains("g") || $0.tags.contains("f") || $0.tags.contains("m")
            }
            for f in families.prefix(12) {
                for g in givens.prefix(12) {
                    keys.append((Romaji.fold(f.romaji) + " " + Romaji.fold(g.romaji), f.tags.count + g.tags.count))
                }
            }
        }
        // Entries with more tags (a surname that is also a place: 高市 (p,s)) are the commoner readings.
        return unique(
            keys.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element.0))
    }

    /// Mandarin reading: family syllable, then the given name's syllables joined (习近平 → "xi
    /// jinping").
    func chineseKey(_ hanzi: String) -> String? {
        let latin: String
        if lexicon.hasMandarinReadings {
            latin = hanzi.unicodeScalars.map { lexicon.mandarinReading($0).map(String.init) ?? String(Character($0)) }
                .joined(separator: " ")
        } else {
            guard let pinyin, let read = try? pinyin.transliterate(hanzi) else { return nil }
            latin = read
        }
        let syllables = latin.lowercased().split(separator: " ").map { $0.filter { $0.isLetter } }.filter {
            !$0.isEmpty
        }
        guard syllables.count == hanzi.count, syllables.count >= 2 else { return nil }
        return syllables[0] + " " + syllables.dropFirst().joined()
    }
}

extension NameFinder {
    /// One Japanese (or Korean) text read for person names in five passes, in this order: Hangul
    /// names, names before a title, hanja names glossed in katakana, known full names, Korean
    /// names in katakana. A pass claims the characters of the names it finds; a later pass never
    /// takes a claimed character.
    fileprivate struct JapaneseNameScan {
        let finder: NameFinder
        let s: [Unicode.Scalar]
        /// Whether the text is about Korea: katakana names then read as Korean more readily.
        let koreanText: Bool
        private(set) var found: [PersonName] = []
        private var claimed: [Bool]
        private let isNameChar = ScriptClass.isKanjiOrKatakana

        init(finder: NameFinder, key: String) {
            self.finder = finder
            s = Array(key.unicodeScalars)
            koreanText = finder.koreanDocument || NameFinder.isAboutKorea(key)
            claimed = [Bool](repeating: false, count: s.count)
        }

        private func string(_ r: Range<Int>) -> String { String(scalars: s[r]) }

        private mutating func claim(_ r: Range<Int>, _ name: PersonName) {
            guard !r.contains(where: { claimed[$0] }) else { return }
            for i in r { claimed[i] = true }
            found.append(name)
        }

        /// Hangul names: a word of a family name and one or two syllables, a particle after it
        /// dropped (이재명은); two-syllable words only before a title (김구 대통령), common nouns never.
        mutating func hangulNames() {
            var i = 0
            while i < s.count {
                guard HangulRomanizer.decompose(s[i]) != nil else { i += 1; continue }
                var j = i
                while j < s.count, HangulRomanizer.decompose(s[j]) != nil { j += 1 }
                if let length = NameFinder.hangulNameLength(s[i..<j], followedBy: s[j...]),
                    let k = KoreanNameKey.key(for: string(i..<i + length))
                {
                    claim(
                        i..<i + length,
                        PersonName(
                            text: string(i..<i + length), script: .hangul, origin: .korean, key: k, alternatives: [],
                            offset: i))
                }
                i = j
            }
        }

        /// Names before a title.
        mutating func namesBeforeTitles() {
            var i = 0
            while i < s.count {
                guard let candidates = NameFinder.japaneseTitlesByFirst[s[i]],
                    let title = candidates.first(where: { t in
                        i + t.count <= s.count && s[i..<i + t.count].elementsEqual(t)
                    })
                else { i += 1; continue }
                var end = titleStart(before: i, title: title)
                // A country between the name and the title. A one-character country never comes
                // between a name and 元/前 (金大中元大統領 is 金大中, not 金大 of 中).
                let prefixed = NameFinder.titlePrefixes.contains(s[end]) || end < i
                for c in NameFinder.countriesBeforeTitleScalars where !(prefixed && c.count == 1) {
                    if end - c.count >= 0, Array(s[(end - c.count)..<end]) == c, end - c.count > 0,
                        isNameChar(s[end - c.count - 1])
                    {
                        end -= c.count
                        break
                    }
                }
                // 元外相, 前大統領, 故…氏: "former", "late" belong to the title, not the name; one
                // of them (朴智元元国家情報院長: the name ends in 元).
                if end > 2, NameFinder.titlePrefixes.contains(s[end - 1]) { end -= 1 }
                var start = end
                while start > 0, isNameChar(s[start - 1]), end - start < 8 { start -= 1 }
                // A foreign name in katakana may be longer, its parts joined by ・ (ドナルド・トランプ).
                if start > 0, ScriptClass.isKatakana(s[start - 1]), s[start..<end].contains("・") {
                    while start > 0, ScriptClass.isKatakana(s[start - 1]), end - start < 20 { start -= 1 }
                }
                // A compound title's head after a single kanji is a longer title (支部長), not a
                // family name and its title.
                var han = end
                while han > start, ScriptClass.isHan(s[han - 1]) { han -= 1 }
                let lone = end - han == 1 && NameFinder.compoundTitleHeads.contains(String(scalars: title[...]))
                if end > start, !lone,
                    let name = finder.bestJapaneseName(in: s, start: start, end: end, koreanText: koreanText)
                {
                    claim(name.range, name.name)
                }
                i += title.count
            }
        }

        /// Where a title whose head starts at `head` begins: the words naming an office before the
        /// head belong to it (国家安保室 of 国家安保室長, 国家安保室第1 of …第1次長, 国家情報 of
        /// 国家情報院長, 国連事務 of 国連事務総長), as far as common words and office names go and
        /// while two characters are left before it for a name.
        func titleStart(before head: Int, title: [Unicode.Scalar]) -> Int {
            var start = head
            // A title inside a longer word is that word (支部長 of スミス支部長, 事務総長): the name
            // is before it.
            for k in stride(from: 2, through: 1, by: -1) where head - k >= 0 {
                guard s[(head - k)..<head].allSatisfy(ScriptClass.isHan) else { continue }
                let word = string((head - k)..<(head + title.count))
                if finder.lexicon.terms(word).contains(where: { $0.kind != .person }) {
                    start = head - k
                    break
                }
            }
            // Only a compound title's head takes the words before it (not 大統領 or 首相, before
            // which a given name may be a common word: 高市早苗首相).
            guard NameFinder.compoundTitleHeads.contains(String(scalars: title[...])) else { return start }
            var moved = true
            while moved {
                moved = false
                // 第1 of 第1次長.
                var digits = start
                while digits > 0, ("0"..."9").contains(s[digits - 1]) { digits -= 1 }
                if digits < start, digits > 0, s[digits - 1] == "第" {
                    start = digits - 1
                    moved = true
                    continue
                }
                if start > 2, NameFinder.officeSuffixes.contains(s[start - 1]), ScriptClass.isHan(s[start - 2]) {
                    start -= 1
                    moved = true
                    continue
                }
                // A common word of two to four kanji just before (安保, 国家, 国連, 事務, 外交).
                for length in stride(from: 4, through: 2, by: -1) where start - length >= 2 {
                    let r = (start - length)..<start
                    guard s[r].allSatisfy(ScriptClass.isHan), ScriptClass.isHan(s[start - length - 1]) else {
                        continue
                    }
                    let word = string(r)
                    if finder.isCommonWord(word) {
                        start -= length
                        moved = true
                        break
                    }
                }
            }
            return start
        }

        /// Kanji followed by a katakana gloss in parentheses: 李在明(イ・ジェミョン).
        mutating func glossedNames() {
            var i = 0
            while i < s.count {
                if s[i] == "(", i > 0, ScriptClass.isHan(s[i - 1]) {
                    var j = i + 1
                    while j < s.count, ScriptClass.isKatakana(s[j]) { j += 1 }
                    if j < s.count, s[j] == ")", j > i + 1 {
                        var start = i
                        while start > 0, ScriptClass.isHan(s[start - 1]), i - start < 4 { start -= 1 }
                        if let name = finder.bestJapaneseName(
                            in: s, start: start, end: i, katakanaGloss: string(i + 1..<j), koreanText: koreanText)
                        {
                            claim(name.range, name.name)
                            // The gloss names the same person: it takes the hanja name's key.
                            let gloss = finder.katakanaName(
                                string(i + 1..<j), offset: i + 1, koreanContext: name.name.origin == .korean)
                            if gloss.origin == .korean {
                                var same = gloss
                                same.alternatives = unique(
                                    (gloss.alternatives + [gloss.key]).filter { $0 != name.name.key })
                                same.key = name.name.key
                                claim(i + 1..<j, same)
                            }
                        }
                    }
                }
                i += 1
            }
        }

        /// Known full names anywhere: glossary persons and ENAMDICT (h), three characters or more.
        mutating func knownNames() {
            var i = 0
            while i < s.count {
                guard isNameChar(s[i]), !claimed[i] else { i += 1; continue }
                var matched = 0
                var k = i
                while k < min(i + 8, s.count), isNameChar(s[k]) { k += 1 }
                let present = finder.probe.prefixes(s[i..<k], scope: .names)
                for length in stride(from: k - i, through: 2, by: -1) where present & (1 << UInt64(length)) != 0 {
                    let r = i..<i + length
                    guard !r.contains(where: { claimed[$0] }) else { continue }
                    let candidate = string(r)
                    let isPerson =
                        finder.lexicon.glossaryEntries(candidate).contains { $0.kind == .person }
                        || (length >= 3 && finder.lexicon.names(candidate).contains { $0.tags.contains("h") })
                    if isPerson, let (name, _) = finder.reading(of: candidate, offset: i, context: .none) {
                        claim(r, name)
                        matched = length
                        break
                    }
                }
                i += max(1, matched)
            }
        }

        /// Korean names in katakana with no title (キム・ミンソク), when they read as Korean.
        mutating func katakanaKoreanNames() {
            var i = 0
            while i < s.count {
                guard ScriptClass.isKatakana(s[i]), s[i] != "・", !claimed[i] else { i += 1; continue }
                var j = i
                while j < s.count, ScriptClass.isKatakana(s[j]), !claimed[j] { j += 1 }
                let text = string(i..<j)
                if text.unicodeScalars.filter({ $0 == "・" }).count == 1, s[j - 1] != "・" {
                    let name = finder.katakanaName(text, offset: i, koreanContext: koreanText)
                    if name.origin == .korean { claim(i..<j, name) }
                }
                i = j
            }
        }
    }
}
