public import Foundation

/// The state of a unit in the memory, as translators use the word.
public enum UnitStatus: String, Sendable, Codable, CaseIterable {
    /// Paired by Kakehashi's aligner; not yet checked by a person.
    case aligned
    /// Read from a TMX file.
    case imported
    /// Checked and accepted by a person.
    case approved
    /// Checked and found wrong by a person: kept (so that the same pair ingested or imported
    /// again stays rejected) but never offered by lookups or written to exports.
    case rejected
    /// Deleted by an admin: kept only so that the deletion can be undone and the same pair
    /// ingested or imported again stays out; never offered, exported or queued for review.
    case deleted

    /// Whether lookups, exports and the review queue leave the unit out.
    public var isWithdrawn: Bool { self == .rejected || self == .deleted }

    /// The SQL condition (the same for SQLite and PostgreSQL) that leaves withdrawn units out.
    package static let offeredCondition = "status NOT IN ('rejected', 'deleted')"
}

/// What a unit's two sides are to each other, which decides whether a translator may reuse it.
/// Units imported from a TMX without an `x-relation` prop are translations.
public enum UnitRelation: String, Sendable, Codable, CaseIterable {
    /// The sides say the same thing, completely and faithfully: safe to reuse.
    case translation
    /// One side conveys only part of the other (a condensed or merged summary sentence).
    case partial
    /// The same event or facts stated differently: for wording and terminology, not for reuse.
    case related

    /// Parses a comma-separated list ("translation,partial", or "all"); nil when a name is unknown.
    public static func set(parsing text: String) -> Set<UnitRelation>? {
        var result = Set<UnitRelation>()
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "all" { result.formUnion(allCases); continue }
            guard let r = UnitRelation(rawValue: name) else { return nil }
            result.insert(r)
        }
        return result.isEmpty ? nil : result
    }
}

/// A TMX `<prop type="…">`, kept verbatim.
public struct TMXProp: Sendable, Equatable, Codable {
    public var type: String
    public var lang: String?
    public var value: String

    public init(type: String, lang: String? = nil, value: String) {
        self.type = type
        self.lang = lang
        self.value = value
    }
}

/// A TMX `<note>`, kept verbatim.
public struct TMXNote: Sendable, Equatable, Codable {
    public var lang: String?
    public var value: String

    public init(lang: String? = nil, value: String) {
        self.lang = lang
        self.value = value
    }
}

/// One language version of a unit: its BCP 47 tag, the text a translator reads, and whatever the
/// TMX carried with it (inline codes, attributes, props, notes) so that a round trip loses nothing.
///
/// ```swift
/// let v = Variant(language: "ja", text: "初の首脳会談を行った。")
/// ```
public struct Variant: Sendable, Equatable {
    /// The tag as written ("en", "ja-JP"); matching uses its primary subtag.
    public var language: String
    /// Plain text: the segment without its inline codes.
    public var text: String
    /// The `<seg>` content as XML when it holds inline markup (bpt, ept, it, ph, hi, sub, ut), else nil.
    public var segmentXML: String?
    /// Other `<tuv>` attributes, in order (creationdate, changeid …).
    public var attributes: [TMXAttribute]
    public var props: [TMXProp]
    public var notes: [TMXNote]

    public init(
        language: String, text: String, segmentXML: String? = nil, attributes: [TMXAttribute] = [],
        props: [TMXProp] = [], notes: [TMXNote] = []
    ) {
        self.language = language
        self.text = text
        self.segmentXML = segmentXML
        self.attributes = attributes
        self.props = props
        self.notes = notes
    }

    /// The primary language subtag, lower-cased: "ja-JP" → "ja".
    public var baseLanguage: String { Self.baseLanguage(of: language) }

    public static func baseLanguage(of tag: String) -> String {
        String(tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }
}

/// An XML attribute, name and value, kept in document order.
public struct TMXAttribute: Sendable, Equatable, Codable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Where a unit came from: which file, which document (block) in it, which sentences.
public struct Provenance: Sendable, Hashable {
    public var sourceFile: String
    /// The document or block inside the file, e.g. "lines 3-10".
    public var document: String?
    /// Sentence indexes, e.g. "en 0-1 / ja 0".
    public var sentences: String?
    public var url: String?

    public init(sourceFile: String, document: String? = nil, sentences: String? = nil, url: String? = nil) {
        self.sourceFile = sourceFile
        self.document = document
        self.sentences = sentences
        self.url = url
    }
}

/// A translation unit: two or more variants of one segment, with its provenance, alignment
/// confidence and method, status, notes, context and the TMX attributes and props it came with.
///
/// ```swift
/// var unit = TranslationUnit(variants: [Variant(language: "en", text: "The two leaders met."),
///                                       Variant(language: "ja", text: "両首脳は会談した。")])
/// unit.status = .aligned
/// unit.confidence = 0.93
/// ```
public struct TranslationUnit: Sendable, Equatable {
    public var tuid: String?
    public var variants: [Variant]
    public var status: UnitStatus
    /// Alignment confidence in [0, 1]; nil when unknown (imported without one).
    public var confidence: Double?
    /// What the sides are to each other (an aligned pair's is decided by the aligner).
    public var relation: UnitRelation
    /// How the unit was made ("kakehashi-align 1-1", "tmx-import").
    public var method: String?
    /// The neighbouring segments in the source document, for in-context exact matches.
    public var context: String?
    public var provenance: [Provenance]
    /// When the unit was made: its article's date for an ingested unit, what the TMX said for an
    /// imported one.
    public var creationDate: Date?
    /// Its last change.
    public var changeDate: Date?
    public var creationTool: String?
    public var creationToolVersion: String?
    public var creationID: String?
    public var changeID: String?
    /// Other `<tu>` attributes, in order, kept verbatim.
    public var attributes: [TMXAttribute]
    public var props: [TMXProp]
    public var notes: [TMXNote]

    /// The creation time a memory stores, in seconds since 1970: the creation date, else the Unix
    /// epoch (never the clock, so that the same input makes the same memory and the same TMX).
    public var storedCreationTime: Double { creationDate?.timeIntervalSince1970 ?? 0 }
    /// The change time a memory stores: the change date, else the creation date, else the epoch.
    public var storedChangeTime: Double { (changeDate ?? creationDate)?.timeIntervalSince1970 ?? 0 }

    public init(
        tuid: String? = nil, variants: [Variant], status: UnitStatus = .imported, confidence: Double? = nil,
        relation: UnitRelation = .translation, method: String? = nil, context: String? = nil,
        provenance: [Provenance] = [], creationDate: Date? = nil,
        changeDate: Date? = nil, creationTool: String? = nil, creationToolVersion: String? = nil,
        creationID: String? = nil, changeID: String? = nil, attributes: [TMXAttribute] = [],
        props: [TMXProp] = [], notes: [TMXNote] = []
    ) {
        self.tuid = tuid
        self.variants = variants
        self.status = status
        self.confidence = confidence
        self.relation = relation
        self.method = method
        self.context = context
        self.provenance = provenance
        self.creationDate = creationDate
        self.changeDate = changeDate
        self.creationTool = creationTool
        self.creationToolVersion = creationToolVersion
        self.creationID = creationID
        self.changeID = changeID
        self.attributes = attributes
        self.props = props
        self.notes = notes
    }

    /// The first variant in `language` (primary subtag), if any.
    public func variant(in language: String) -> Variant? {
        let base = Variant.baseLanguage(of: language)
        return variants.first { $0.baseLanguage == base }
    }
}

/// TMX dates: ISO 8601 basic form in UTC, `YYYYMMDDThhmmssZ`.
public enum TMXDate {
    public static func format(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970.rounded(.down))
        var tmv = tm()
        gmtime_r(&t, &tmv)
        return String(
            format: "%04d%02d%02dT%02d%02d%02dZ", Int(tmv.tm_year) + 1900, Int(tmv.tm_mon) + 1, Int(tmv.tm_mday),
            Int(tmv.tm_hour), Int(tmv.tm_min), Int(tmv.tm_sec))
    }

    /// Parses `YYYYMMDDThhmmssZ` (also without the time part, or with separators: 2026-01-13T08:00:00Z).
    public static func parse(_ s: String) -> Date? {
        // ASCII digits only: Character.isNumber also accepts other scripts' digits and fractions
        // (a fuzzed date with "٢" once crashed here).
        let digits = s.unicodeScalars.filter { ("0"..."9").contains($0) }
        guard digits.count == 8 || digits.count == 14 else { return nil }
        let d = digits.map { Int($0.value - 48) }
        func n(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + d[$1] } }
        var tmv = tm()
        tmv.tm_year = Int32(n(0..<4) - 1900)
        tmv.tm_mon = Int32(n(4..<6) - 1)
        tmv.tm_mday = Int32(n(6..<8))
        if digits.count == 14 {
            tmv.tm_hour = Int32(n(8..<10))
            tmv.tm_min = Int32(n(10..<12))
            tmv.tm_sec = Int32(n(12..<14))
        }
        guard (1...12).contains(n(4..<6)), (1...31).contains(n(6..<8)) else { return nil }
        let t = timegm(&tmv)
        return Date(timeIntervalSince1970: TimeInterval(t))
    }
}
