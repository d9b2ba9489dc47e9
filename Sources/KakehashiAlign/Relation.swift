/// What a stored sentence pair is, as a translator needs to know before reusing it.
public enum Relation: String, Sendable, CaseIterable, Codable {
    /// The two sides say the same thing, completely and faithfully: safe to reuse. A merged bead
    /// (two sentences rendered as one) of a translated document is a translation too.
    case translation
    /// One side conveys only part of the other: a condensed or merged summary sentence.
    case partial
    /// The same event or facts stated differently: useful for wording and terminology, not for
    /// reuse.
    case related
}

/// A link between sentences of an English and a Japanese document, with what it is and how sure
/// the aligner is: `confidence` is the calibrated probability that the two sides are a correct
/// pair of the stated relation.
public struct RelationLink: Sendable, Equatable {
    /// 0-based indexes of the English sentences, ascending (not necessarily consecutive).
    public var en: [Int]
    /// 0-based indexes of the Japanese sentences, ascending (not necessarily consecutive).
    public var ja: [Int]
    public var relation: Relation
    /// In [0, 1]: among links stated with confidence c, a share of about c is right.
    public var confidence: Double

    public init(en: [Int], ja: [Int], relation: Relation, confidence: Double) {
        self.en = en
        self.ja = ja
        self.relation = relation
        self.confidence = confidence
    }
}
