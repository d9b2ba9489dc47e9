/// What an anchor stands for, in the categories the aligner weighs differently.
public enum AnchorKind: String, Sendable, Codable, CaseIterable {
    /// A person.
    case name
    /// A date, a year or month, a weekday or a time of day.
    case date
    /// A count, duration, amount, percentage, ordinal or anniversary.
    case number
    /// A dictionary word, glossary term or place name.
    case term
    /// An acronym identical in both languages after NFKC (APEC, G7, AI).
    case acronym
    /// A token written alike in both languages: a Latin-script word in Japanese text (a product
    /// name), a web or email address, an emoji (`VerbatimAnchors`).
    case verbatim
}

/// A typed, normalized token that an English and a Japanese sentence both produce when they say
/// the same thing: `10月30日` and `October 30` both give the key `date:--10-30`.
///
/// Keys are namespaced by type: `date:--MM-DD`, `date:YYYY-MM-DD`, `year:YYYY`, `month:M`,
/// `weekday:wed`, `time:HH:MM`, `duration:41:minute`, `anniversary:60`,
/// `amount:550000000000:usd`, `percent:3.5`, `ordinal:2`, `number:41`, and for the lexical kinds
/// `name:…`, `term:…`, `acronym:…`, `verbatim:…`.
public struct Anchor: Sendable, Hashable, Codable {
    public var kind: AnchorKind
    /// The canonical key both languages share.
    public var key: String
    /// The text it was read from, as it appears in the (key-normalized) sentence.
    public var text: String
    /// Where it starts, as a fraction of the sentence's length in [0, 1): anchors keep their
    /// order, and the aligner compares relative positions.
    public var position: Double
    /// Other keys this anchor may match, best first: the other senses of a Japanese word
    /// (`term:presi` before `term:boss`), the other readings of a name, the family name alone.
    public var alternatives: [String]
    /// For English phrases: the content words covered, so that two matches cannot use one word.
    public var words: Range<Int>?
    /// How much a match on this anchor proves, when the anchor knows better than its kind (a
    /// glossary term more than a single kanji); nil for the kind's default.
    public var weight: Double?

    public init(
        kind: AnchorKind, key: String, text: String, position: Double = 0, alternatives: [String] = [],
        words: Range<Int>? = nil, weight: Double? = nil
    ) {
        self.weight = weight
        self.kind = kind
        self.key = key
        self.text = text
        self.position = position
        self.alternatives = alternatives
        self.words = words
    }
}
