import KakehashiText

/// A Japanese anchor and an English anchor with the same key: evidence that two sentences speak
/// of the same thing, weighted by how much it proves.
public struct AnchorPair: Sendable, Hashable {
    public var kind: AnchorKind
    public var key: String
    public var ja: String
    public var en: String
    /// In (0, 1]: a full date or an amount proves more than a bare small number.
    public var weight: Double
}

/// The anchors of one Japanese and one English sentence, and which of them match.
public struct AnchorMatch: Sendable {
    public var pairs: [AnchorPair]
    public var jaOnly: [Anchor]
    public var enOnly: [Anchor]
}

/// Finds the anchors of sentences and pairs them across languages. This is the library API the
/// aligner uses; `kakehashi anchors` prints it.
///
/// Japanese anchors: names (`NameFinder`), numbers and dates (`NumericAnchors`), dictionary
/// terms (`TermFinder`), acronyms, verbatim tokens (`VerbatimAnchors`: Latin words, addresses,
/// emoji). English anchors: names, numbers and dates, acronyms, addresses and emoji, and every
/// phrase of up to four content words (`EnglishTerms`), which the Japanese terms' gloss keys are
/// looked up in. Unmatched English phrases are not reported as `enOnly`: they are every word of
/// the sentence.
///
/// ```swift
/// let matcher = AnchorMatcher(lexicon: try Lexicon())
/// let m = try matcher.match(ja: "10月30日、APECで41分間会談した。", en: "They held 41-minute talks at APEC on October 30.")
/// m.pairs.map(\.key)   // ["date:--10-30", "acronym:apec", "duration:41:minute", "term:talk"] (in Japanese order)
/// ```
/// Not `Sendable` (holds ICU objects): one per task; the `Lexicon` it reads is shared.
public final class AnchorMatcher {
    public let lexicon: Lexicon
    private let names: NameFinder
    private let terms: TermFinder

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        names = NameFinder(lexicon: lexicon)
        terms = TermFinder(lexicon: lexicon)
    }

    /// The anchors of a Japanese sentence, in order. `aboutKorea`: the sentence's document is
    /// about Korea (`NameFinder.isAboutKorea`), so its names read as Korean.
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func anchors(japanese text: String, aboutKorea: Bool = false) throws -> [Anchor] {
        names.koreanDocument = aboutKorea
        let key = try TextNormalizer.key(text)
        let scalarCount = key.unicodeScalars.count
        let length = Double(max(1, scalarCount))
        var claimed = [Bool](repeating: false, count: scalarCount)
        func claim(_ start: Int, _ text: String) {
            for i in start..<(start + text.unicodeScalars.count) where i >= 0 && i < scalarCount { claimed[i] = true }
        }
        var found: [Anchor] = []
        for name in names.names(inJapaneseKey: key) {
            claim(name.offset, name.text)
            // A katakana name's consonant skeletons also meet English words that were not read as
            // names (ビパシャ・ムケルジー ~ "Bipasha").
            let skeletons = name.script == .katakana ? name.alternatives.filter { $0.hasPrefix("~") } : []
            found.append(
                Anchor(
                    kind: .name, key: "name:" + name.key, text: name.text, position: Double(name.offset) / length,
                    alternatives: name.alternatives.map { "name:" + $0 } + skeletons))
        }
        let numeric = NumericAnchors.japanese(key)
        for a in numeric {
            // Numbers claim their characters too (the 日 of 30日 is not the word "Japan").
            claim(Int((a.position * length).rounded()), a.text)
        }
        found += numeric
        found += terms.anchors(inKey: key, claimed: claimed)
        let nfkc = try TextNormalizer.normalize(text, form: .nfkc)
        found += AnchorMatcher.acronyms(nfkc)
        found += VerbatimAnchors.anchors(nfkc, japanese: true)
        return AnchorMatcher.inOrder(found)
    }

    /// The anchors of an English sentence, in order (phrases included).
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func anchors(english text: String) throws -> [Anchor] {
        let key = try TextNormalizer.key(text)
        let characters = Double(max(1, text.unicodeScalars.count))
        var found: [Anchor] = names.names(inEnglish: text).map { name in
            Anchor(
                kind: .name, key: "name:" + name.key, text: name.text, position: Double(name.offset) / characters,
                alternatives: name.alternatives.map { "name:" + $0 })
        }
        found += NumericAnchors.english(key)
        let nfkc = try TextNormalizer.normalize(text, form: .nfkc)
        found += AnchorMatcher.acronyms(nfkc)
        found += VerbatimAnchors.anchors(nfkc, japanese: false)
        for phrase in EnglishTerms.phrases(in: text) {
            var alternatives: [String] = []
            if phrase.words.count == 1 {
                // A possessive's 's is no part of the word katakana writes (Watford's).
                for skeleton in Romaji.skeletons(EnglishTerms.withoutPossessive(phrase.text)) where skeleton.count >= 3
                {
                    alternatives.append("~" + skeleton)
                }
            }
            found.append(
                Anchor(
                    kind: .term, key: "term:" + phrase.key, text: phrase.text, position: phrase.position,
                    alternatives: alternatives, words: phrase.words))
        }
        return AnchorMatcher.inOrder(found)
    }

    /// Anchors sorted by position (stable: keys read from one place keep their order).
    static func inOrder(_ anchors: [Anchor]) -> [Anchor] {
        // Sort indexes, not the anchors themselves (each holds several strings).
        let order = anchors.indices.sorted { a, b in
            anchors[a].position != anchors[b].position ? anchors[a].position < anchors[b].position : a < b
        }
        return order.map { anchors[$0] }
    }

    /// Pairs the anchors of `ja` and `en`, in Japanese order.
    /// - Throws: `ICUError` when ICU fails (a break iterator or normalizer that cannot start).
    public func match(ja: String, en: String) throws -> AnchorMatch {
        AnchorMatcher.match(ja: try anchors(japanese: ja), en: try anchors(english: en))
    }

    /// Pairs anchors by key: each Japanese anchor takes the first unused English anchor that has
    /// its key, or failing that one of its alternatives (in their order: first senses first). An
    /// English phrase cannot share a word with a phrase already used, and a name or number is
    /// used once. A match on an alternative weighs less than on the key.
    public static func match(ja: [Anchor], en: [Anchor]) -> AnchorMatch {
        var available: [String: [Int]] = [:]
        for (i, a) in en.enumerated() {
            available[a.key, default: []].append(i)
            for alternative in a.alternatives { available[alternative, default: []].append(i) }
        }
        var used = Set<Int>()
        var usedWords = Set<Int>()
        var pairs: [AnchorPair] = []
        var jaOnly: [Anchor] = []
        for a in ja {
            var found: (index: Int, rank: Int)?
            search: for (rank, key) in ([a.key] + a.alternatives).enumerated() {
                for i in available[key] ?? [] where !used.contains(i) {
                    if let words = en[i].words, words.contains(where: { usedWords.contains($0) }) { continue }
                    if a.kind != en[i].kind && !(a.kind == .term && en[i].kind == .term)
                        && !((a.kind == .name || a.kind == .verbatim) && en[i].kind == .term)
                    {
                        continue
                    }
                    found = (i, rank)
                    break search
                }
            }
            if let (i, rank) = found {
                used.insert(i)
                if let words = en[i].words { usedWords.formUnion(words) }
                let enAnchor = en[i]
                let exact = rank == 0 && (enAnchor.key == a.key)
                let penalty = exact ? 1.0 : a.kind == .term ? 1.0 / (1.0 + 0.15 * Double(rank)) : 0.6
                pairs.append(
                    AnchorPair(
                        kind: a.kind, key: a.key, ja: a.text, en: enAnchor.text,
                        weight: (weight(a) * penalty * 100).rounded() / 100))
            } else {
                jaOnly.append(a)
            }
        }
        let enOnly = en.enumerated().filter { !used.contains($0.offset) && $0.element.kind != .term }.map(\.element)
        return AnchorMatch(pairs: pairs, jaOnly: jaOnly, enOnly: enOnly)
    }

    /// How much a shared anchor proves: specific values (a full date, an amount, a time, a
    /// multi-digit number) more than small counts, which recur by chance.
    public static func weight(_ a: Anchor) -> Double {
        if let w = a.weight { return w }
        let key = a.key
        if key.hasPrefix("name:") { return key.contains(" ") ? 1.0 : 0.6 }
        if key.hasPrefix("term:") { return 0.6 }
        if key.hasPrefix("date:") { return key.hasPrefix("date:--") ? 0.8 : 1.0 }
        if key.hasPrefix("amount:") || key.hasPrefix("time:") { return 0.9 }
        if key.hasPrefix("anniversary:") || key.hasPrefix("duration:") { return 0.8 }
        if key.hasPrefix("year:") || key.hasPrefix("percent:") { return 0.6 }
        if key.hasPrefix("weekday:") || key.hasPrefix("month:") || key.hasPrefix("day:") { return 0.4 }
        if key.hasPrefix("acronym:") { return 0.7 }
        if key.hasPrefix("number:") || key.hasPrefix("ordinal:") {
            let digits = key.split(separator: ":").last.map { $0.filter(\.isNumber).count } ?? 1
            return min(0.8, 0.2 + 0.15 * Double(digits))
        }
        return 0.5
    }

    /// Acronyms: words of two or more capital letters (digits allowed after the first letter:
    /// G7, G20, APEC, AI), in NFKC text so that full-width ＡＰＥＣ counts.
    static func acronyms(_ text: String) -> [Anchor] {
        var anchors: [Anchor] = []
        var word: [UInt8] = []
        var index = 0, start = 0
        let count = Double(max(1, text.unicodeScalars.count))
        func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        func flush() {
            defer { word.removeAll(keepingCapacity: true) }
            guard word.count >= 2, isUpper(word[0]), word.allSatisfy({ isUpper($0) || isDigit($0) }) else { return }
            let acronym = String(decoding: word, as: UTF8.self)
            anchors.append(
                Anchor(
                    kind: .acronym, key: "acronym:" + acronym.lowercased(), text: acronym,
                    position: Double(start) / count))
        }
        for s in text.unicodeScalars {
            // ASCII letters and digits make words; anything else ends one.
            if s.value < 0x80, s.isAlphabeticScalar || isDigit(UInt8(s.value)) {
                if word.isEmpty { start = index }
                word.append(UInt8(s.value))
            } else {
                flush()
            }
            index += 1
        }
        flush()
        return anchors
    }
}
