import Foundation
import ICUKit
import KakehashiText

/// Names in English text: runs of capitalized words the lexicon knows as a Korean, Japanese or
/// glossary name, or that follow a title.
extension NameFinder {
    /// Words before a name that are titles or descriptions, not part of it.
    static let englishTitleWords: Set<String> = [
        "president", "prime", "minister", "ministers", "foreign", "defense", "defence", "chief", "cabinet", "secretary",
        "mr", "ms", "mrs", "dr", "chairman", "chairperson", "chair", "governor", "senator", "rep", "sen", "gen",
        "general",
        "adviser", "advisor", "ambassador", "leader", "king", "queen", "emperor", "empress", "pope", "vice", "deputy",
        "acting",
        "lawmaker", "representative", "speaker", "nominee", "premier", "pm", "fm", "chancellor", "mayor",
        "spokesperson",
        "spokesman", "spokeswoman", "former", "new", "then", "special", "state", "treasury", "finance", "trade",
        "economy",
        "national", "security", "party", "policy", "director", "commissioner", "envoy", "official", "officials",
        "affairs", "dept", "department", "second", "first", "senior", "top", "lawmakers", "members", "member",
        // Occupations a name follows in news (Forward Son Heung-min, Author Han Kang).
        "author", "writer", "novelist", "poet", "actor", "actress", "singer", "star", "filmmaker", "host", "chef",
        "forward", "midfielder", "defender", "goalkeeper", "striker", "captain", "pitcher", "outfielder", "infielder",
        "catcher", "player", "coach", "manager", "skater", "athlete", "champion", "ceo", "founder", "executive",
        "spy", "late",
    ]

    /// Whether `word` is a title word, or title words joined by hyphens (Secretary-General).
    static func isEnglishTitleWord(_ word: String) -> Bool {
        let lower = word.lowercased()
        if englishTitleWords.contains(lower) { return true }
        guard lower.contains("-") else { return false }
        let parts = lower.split(separator: "-")
        return parts.count > 1 && parts.allSatisfy { englishTitleWords.contains(String($0)) }
    }

    /// Capitalized words that are never names: articles, weekdays, months, places and adjectives of nationality.
    static let englishNonNames: Set<String> = [
        "the", "a", "an", "in", "on", "at", "and", "but", "for", "of", "to", "by", "with", "after", "as", "it", "he",
        "she",
        "they", "we", "this", "that", "his", "her", "their", "both", "when", "while", "meanwhile", "however", "also",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "south", "north", "east", "west", "korea", "korean", "koreans", "japan", "japanese", "china", "chinese", "us",
        "u", "s", "american", "america", "united", "states", "russia", "russian", "seoul", "tokyo", "beijing",
        "washington", "pyongyang", "moscow", "yonhap", "kyodo", "reuters", "ap", "afp", "news", "agency", "island",
        "liberal", "democratic", "people", "power", "office", "government", "ministry", "committee", "council",
        "research", "assembly", "summit", "apec", "asean", "convention", "center", "centre", "complex", "city",
        "province", "prefecture", "university", "times", "herald", "post", "daily", "press", "key", "takeaways",
    ]

    /// Person names in English text.
    public func names(inEnglish text: String) -> [PersonName] {
        struct Token { var word: String; var offset: Int; var capitalized: Bool; var endsClause: Bool }
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        // Latin letters only: kanji and kana are "alphabetic" too, but not English names.
        func isLatinLetter(_ c: Unicode.Scalar) -> Bool { c.value < 0x250 && c.isAlphabeticScalar }
        func isCapital(_ c: Unicode.Scalar) -> Bool {
            c.value < 0x80 ? c.value >= 65 && c.value <= 90 : c.properties.isUppercase
        }
        var start = -1  // where the word being read starts, -1 between words
        for (n, c) in scalars.enumerated() {
            let isWordChar =
                isLatinLetter(c)
                || (c == "-" || c == "'" || c == "’") && start >= 0
                    && n + 1 < scalars.count && isLatinLetter(scalars[n + 1])
            if isWordChar {
                if start < 0 { start = n }
            } else if start >= 0 {
                let endsClause =
                    c != " " || (n + 1 < scalars.count && !scalars[n + 1].isAlphabeticScalar && scalars[n + 1] != " ")
                tokens.append(
                    Token(
                        word: String(scalars: scalars[start..<n]), offset: start,
                        capitalized: isCapital(scalars[start]), endsClause: endsClause))
                start = -1
            }
        }
        if start >= 0 {
            tokens.append(
                Token(
                    word: String(scalars: scalars[start...]), offset: start, capitalized: isCapital(scalars[start]),
                    endsClause: true))
        }

        var found: [PersonName] = []
        var i = 0
        while i < tokens.count {
            guard tokens[i].capitalized else { i += 1; continue }
            var j = i
            var run: [Token] = []
            while j < tokens.count, tokens[j].capitalized {
                run.append(tokens[j])
                j += 1
                if tokens[j - 1].endsClause { break }
            }
            // The name follows the last title word of the run ("Second Vice Foreign Minister Kim Ji-na").
            if let lastTitle = run.lastIndex(where: { NameFinder.isEnglishTitleWord($0.word) }),
                lastTitle > 0
            {
                run.removeFirst(lastTitle)
            }
            // Drop titles and non-name words from the front; remember whether a title was there.
            var titled =
                i > 0 && !tokens[i - 1].endsClause
                && NameFinder.isEnglishTitleWord(tokens[i - 1].word)
            while let first = run.first,
                NameFinder.isEnglishTitleWord(first.word)
                    || NameFinder.englishNonNames.contains(first.word.lowercased())
            {
                if NameFinder.isEnglishTitleWord(first.word) { titled = true }
                run.removeFirst()
            }
            // Possessive and trailing non-names.
            var words = run.map { EnglishTerms.withoutPossessive($0.word) }
            while let last = words.last,
                NameFinder.englishNonNames.contains(last.lowercased()) || NameFinder.isEnglishTitleWord(last)
            {
                words.removeLast()
            }
            if (1...4).contains(words.count), let name = latinName(words, offset: run[0].offset, titled: titled) {
                found.append(name)
            }
            i = j
        }
        return found
    }

    /// Reads capitalized words as a name, or nil when nothing says they are one. Korean (family
    /// name table) first, then Japanese (ENAMDICT romaji), then glossary persons and titled names.
    func latinName(
        _ words: [String], offset: Int, titled: Bool = true, familyFirstReading: String? = nil
    ) -> PersonName? {
        guard !words.isEmpty else { return nil }
        // The same words read the same way wherever they are: remembered, with the offset set anew.
        let memoryKey = (titled ? "t" : "-") + (familyFirstReading ?? "") + "\u{1F}" + words.joined(separator: "\u{1F}")
        if let remembered = latinNames[memoryKey] {
            return remembered.map {
                var name = $0; name.offset = offset; return name
            }
        }
        let name = readLatinName(words, offset: offset, titled: titled, familyFirstReading: familyFirstReading)
        latinNames.updateValue(name, forKey: memoryKey)
        return name
    }

    private func readLatinName(_ words: [String], offset: Int, titled: Bool, familyFirstReading: String?) -> PersonName?
    {
        let text = words.joined(separator: " ")
        let folded = words.map { Romaji.fold($0) }
        guard folded.allSatisfy({ !$0.isEmpty }) else { return nil }
        var alternatives: [String] = []
        let plain = words.map { $0.lowercased().filter { $0.isLetter } }
        let asWritten = plain.count > 1 ? plain[0] + " " + plain.dropFirst().joined() : plain[0]
        let reversed = plain.count > 1 ? plain[plain.count - 1] + " " + plain.dropLast().joined() : plain[0]

        if words.count == 1 {
            // A family name alone: after a title, and one the lexicon knows as a family name
            // (Korean table, ENAMDICT surname, glossary person), so that "Minister Dies" is not one.
            guard plain[0].count >= 2, titled || lexicon.englishPersonNames.contains(plain[0]),
                KoreanNameKey.isFamilyName(plain[0]) || lexicon.romajiNameTags(folded[0]).contains("s")
                    || lexicon.englishPersonNames.contains(plain[0])
            else { return nil }
            let korean = KoreanNameKey.isFamilyName(plain[0])
            let key =
                korean
                ? (KoreanNameKey.key(for: words[0] + " x").map { String($0.split(separator: " ")[0]) } ?? folded[0])
                : plain[0]
            return PersonName(
                text: text, script: .latin, origin: korean ? .korean : .foreign, key: key,
                alternatives: unique(([folded[0]] + Romaji.skeletons(words[0]).map { "~" + $0 }).filter { $0 != key }),
                offset: offset)
        }

        // Japanese: a full name ENAMDICT knows, or family name + given name parts, in Hepburn letters.
        var japaneseKey: String?
        let hepburn = folded.allSatisfy {
            !$0.contains(where: { "lqvxc".contains($0) })
                || $0.contains("ch") && !$0.contains(where: { "lqvx".contains($0) })
        }
        if !hepburn {
            japaneseKey = nil
        } else if let known = lexicon.japaneseFullNameKey(folded) {
            japaneseKey = known
        } else if folded.count == 2 {
            let a = lexicon.romajiNameTags(folded[0]), b = lexicon.romajiNameTags(folded[1])
            let aGiven = a.contains(where: { "gfm".contains($0) }), bGiven = b.contains(where: { "gfm".contains($0) })
            if let reading = familyFirstReading {
                let spoken = Romaji.fold(kana.romanize(reading))
                japaneseKey =
                    spoken.hasPrefix(folded[0]) || !spoken.hasPrefix(folded[1])
                    ? folded.joined(separator: " ") : folded[1] + " " + folded[0]
            } else if a.isEmpty && b.isEmpty && lexicon.kanjiPersonNames.contains(text.lowercased())
                && !KoreanNameKey.isFamilyName(plain[0]) && !KoreanNameKey.isFamilyName(plain[1])
            {
                // A glossary person written in kanji, in English order: given name, family name.
                japaneseKey = folded[1] + " " + folded[0]
            } else if b.contains("s") && aGiven {
                japaneseKey = folded[1] + " " + folded[0]
            } else if a.contains("s") && bGiven {
                japaneseKey = folded[0] + " " + folded[1]
            }
        }
        let hyphenated = words.contains { $0.contains("-") }
        let koreanFamilyAtEnd =
            KoreanNameKey.isFamilyName(plain[0]) || KoreanNameKey.isFamilyName(plain[plain.count - 1])
        let koreanKey = koreanFamilyAtEnd && words.count <= 3 ? KoreanNameKey.key(for: text) : nil

        let key: String
        let origin: PersonName.Origin
        if let koreanKey, hyphenated || japaneseKey == nil {
            key = koreanKey; origin = .korean
            if let japaneseKey { alternatives.append(japaneseKey) }
        } else if let japaneseKey {
            key = japaneseKey; origin = .japanese
            if let koreanKey { alternatives.append(koreanKey) }
        } else if titled || lexicon.glossaryEntries(text).contains(where: { $0.kind == .person })
            || familyFirstReading != nil
            || lexicon.englishPersonNames.contains(text.lowercased())
        {
            key = asWritten; origin = .foreign
        } else {
            return nil
        }
        alternatives += [asWritten, reversed, folded.joined(separator: " "), folded.reversed().joined(separator: " ")]
        alternatives += words.flatMap { Romaji.skeletons($0).map { "~" + $0 } }
        alternatives += folded
        if origin == .korean, let family = key.split(separator: " ").first { alternatives.append(String(family)) }
        return PersonName(
            text: text, script: .latin, origin: origin, key: key,
            alternatives: unique(alternatives.filter { $0 != key }), offset: offset)
    }
}

/// `array` without repeats, first occurrences kept.
func unique<T: Hashable>(_ array: [T]) -> [T] {
    var seen = Set<T>()
    return array.filter { seen.insert($0).inserted }
}
