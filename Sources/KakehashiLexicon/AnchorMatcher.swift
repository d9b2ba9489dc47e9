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
/// Kinds available now: numbers and dates (`NumericAnchors`) and acronyms. Names and dictionary
/// terms come from the compiled lexicon.
///
/// ```swift
/// let m = try AnchorMatcher.match(ja: "10月30日、APECで41分間会談した。", en: "They met for 41 minutes at APEC on October 30.")
/// m.pairs.map(\.key)   // ["date:--10-30", "acronym:apec", "duration:41:minute"] (in Japanese order)
/// ```
public enum AnchorMatcher {
    /// The anchors of a Japanese sentence.
    public static func anchors(japanese text: String) throws -> [Anchor] {
        let key = try TextNormalizer.key(text)
        return inOrder(NumericAnchors.japanese(key) + acronyms(try TextNormalizer.normalize(text, form: .nfkc)))
    }

    /// The anchors of an English sentence.
    public static func anchors(english text: String) throws -> [Anchor] {
        let key = try TextNormalizer.key(text)
        return inOrder(NumericAnchors.english(key) + acronyms(try TextNormalizer.normalize(text, form: .nfkc)))
    }

    /// Anchors sorted by position (stable: keys read from one place keep their order).
    static func inOrder(_ anchors: [Anchor]) -> [Anchor] {
        anchors.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }.map(\.element)
    }

    /// Pairs the anchors of `ja` and `en` by key, each anchor used once, in Japanese order.
    public static func match(ja: String, en: String) throws -> AnchorMatch {
        match(ja: try anchors(japanese: ja), en: try anchors(english: en))
    }

    public static func match(ja: [Anchor], en: [Anchor]) -> AnchorMatch {
        var available: [String: [Int]] = [:]
        for (i, a) in en.enumerated() { available[a.key, default: []].append(i) }
        var used = Set<Int>()
        var pairs: [AnchorPair] = []
        var jaOnly: [Anchor] = []
        for a in ja {
            if var list = available[a.key], !list.isEmpty {
                let i = list.removeFirst()
                available[a.key] = list
                used.insert(i)
                pairs.append(AnchorPair(kind: a.kind, key: a.key, ja: a.text, en: en[i].text, weight: weight(a)))
            } else {
                jaOnly.append(a)
            }
        }
        let enOnly = en.enumerated().filter { !used.contains($0.offset) }.map(\.element)
        return AnchorMatch(pairs: pairs, jaOnly: jaOnly, enOnly: enOnly)
    }

    /// How much a shared anchor proves: specific values (a full date, an amount, a time, a
    /// multi-digit number) more than small counts, which recur by chance.
    static func weight(_ a: Anchor) -> Double {
        let key = a.key
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
        var word = String.UnicodeScalarView()
        var index = 0, start = 0
        let count = Double(max(1, text.unicodeScalars.count))
        func flush() {
            defer { word = String.UnicodeScalarView() }
            guard word.count >= 2, let first = word.first, ("A"..."Z").contains(first) else { return }
            guard word.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else { return }
            let acronym = String(word)
            anchors.append(Anchor(kind: .acronym, key: "acronym:" + acronym.lowercased(), text: acronym, position: Double(start) / count))
        }
        for s in text.unicodeScalars {
            if s.properties.isAlphabetic && s.value < 0x80 || ("0"..."9").contains(s) {
                if word.isEmpty { start = index }
                word.append(s)
            } else {
                flush()
            }
            index += 1
        }
        flush()
        return anchors
    }
}
