/// How an abbreviation behaves at a period followed by a capitalized word.
public enum AbbreviationKind: String, Sendable, CaseIterable {
    /// Comes before a name or a word it belongs to and never ends a sentence there:
    /// "Dr. Park", "Mt. Fuji", "Ma. Theresa Lazaro" (Filipino "Maria"), "vs. Japan".
    case prefix
    /// Comes before a number and never ends a sentence there: "p. 55", "No. 3", "Jan. 8";
    /// before a capitalized word it may end one.
    case number
    /// May end a sentence: a break is kept only when the next word usually starts a sentence
    /// ("… & Co. It closed", but "… Co. Ltd"): "Inc.", "Jr.", "a.m.", "etc.", and "St.", which is
    /// Saint before a name but Street at the end of one ("in Yard St. The man …").
    case ending
}

/// The abbreviations the sentence segmenter knows, by kind; users extend it with a file.
///
/// File format (UTF-8): one abbreviation per line with its final period, optionally a tab and a
/// kind (`prefix`, `number` or `ending`; default `ending`, the safe choice); `#` starts a comment.
/// ```
/// Gov.	prefix
/// Fig.	number
/// Bros.
/// ```
/// Lookup ignores case ("Co." and "co." are one entry) and the final period.
public struct AbbreviationList: Sendable {
    private var kinds: [String: AbbreviationKind] = [:]
    /// The same entries under `PackedWord` keys, for lookups without allocating a String.
    private var packedKinds: [UInt64: AbbreviationKind] = [:]

    public init() {}

    /// Kakehashi's built-in list for English news.
    public static let standard: AbbreviationList = {
        var list = AbbreviationList()
        let prefixes = """
            mr mrs ms mx dr prof mt ma gen sen rep gov pres lt col capt sgt cpl pvt rev hon fr messrs mme mlle mmes \
            adm maj cmdr brig supt insp det amb atty asst gov't ft pt ste vs cf viz e.g i.e eg ie approx \
            sec'y dist mssrs rt lieut comdr sr.lt
            """
        let numbers = """
            p pp no nos art arts fig figs vol vols ch chap para sect sec op ed eds nr tel ext rm jan feb mar apr jun jul \
            aug sep sept oct nov dec est ca c ver v ps
            """
        let endings = """
            st inc co corp ltd llc plc jr sr bros esq etc al dept univ assn ave blvd rd hwy mfg govt intl natl a.m p.m \
            u.s u.k u.n e.u u.s.a d.c n.y l.a b.a m.a ph.d m.d b.s m.s yrs hrs mins secs mon tue tues wed thu thur thurs \
            fri sat sun
            """
        for w in prefixes.split(separator: " ") { list.add(String(w), kind: .prefix) }
        for w in numbers.split(separator: " ") { list.add(String(w), kind: .number) }
        for w in endings.split(separator: " ") { list.add(String(w), kind: .ending) }
        return list
    }()

    public mutating func add(_ abbreviation: String, kind: AbbreviationKind) {
        let key = Self.normalize(abbreviation)
        kinds[key] = kind
        if let packed = PackedWord.pack(key) { packedKinds[packed] = kind }
    }

    /// The kind of a token given as its packed key (see `PackedWord`).
    @inline(__always)
    func kind(packed: UInt64) -> AbbreviationKind? { packedKinds[packed] }

    /// The kind of a token (with or without its final period), or nil if unknown.
    public func kind(of token: String) -> AbbreviationKind? { kinds[Self.normalize(token)] }

    public var count: Int { kinds.count }

    static func normalize(_ s: String) -> String {
        var t = s.lowercased()
        while t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// Adds the entries of a file in the format above; returns how many were read.
    /// Throws `AbbreviationFileError` naming the line of a bad entry.
    @discardableResult
    public mutating func load(contentsOf text: String, source: String) throws -> Int {
        var added = 0
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let fields = line.split(separator: "\t").map { String($0).trimmingCharacters(in: " \r") }.filter {
                !$0.isEmpty
            }
            if fields.isEmpty { continue }
            guard fields.count <= 2, !fields[0].contains(" ") else {
                throw AbbreviationFileError(
                    file: source, line: index + 1, message: "expected 'ABBREV.' or 'ABBREV.<TAB>KIND'")
            }
            var kind = AbbreviationKind.ending
            if fields.count == 2 {
                guard let k = AbbreviationKind(rawValue: fields[1]) else {
                    throw AbbreviationFileError(
                        file: source, line: index + 1,
                        message: "unknown kind '\(fields[1])' (use prefix, number or ending)")
                }
                kind = k
            }
            add(fields[0], kind: kind)
            added += 1
        }
        return added
    }
}

/// A bad line in a user abbreviation file.
public struct AbbreviationFileError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int
    public let message: String
    public var description: String { "\(file):\(line): \(message)" }
}

/// A short ASCII word packed into an integer (6 bits a character, lower-cased, at most 10
/// characters of a–z, 0–9, "." and "'"), so the segmenter can look words up without allocating.
enum PackedWord {
    @inline(__always)
    static func code(_ u: UInt16) -> UInt64? {
        switch u {
        case 0x61...0x7A: return UInt64(u - 0x61 + 1)
        case 0x41...0x5A: return UInt64(u - 0x41 + 1)
        case 0x30...0x39: return UInt64(u - 0x30 + 27)
        case 0x2E: return 37
        case 0x27, 0x2019: return 38
        case 0xB0: return 39
        default: return nil
        }
    }

    /// The packed key of `units[range]`, or nil when it is too long or holds other characters.
    @inline(__always)
    static func pack(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> UInt64? {
        guard range.count <= 10 else { return nil }
        var key: UInt64 = 0
        for i in range {
            guard let c = code(units[i]) else { return nil }
            key = key << 6 | c
        }
        return key
    }

    static func pack(_ s: String) -> UInt64? {
        let units = Array(s.utf16)
        return units.withUnsafeBufferPointer { pack($0, 0..<units.count) }
    }
}

/// Words that usually begin an English sentence. After an abbreviation that may end a sentence
/// ("U.S.", "Inc.", a single initial), the break is kept only before one of these: "I live in the
/// U.S. How about you?" breaks, "the U.S. Government" does not.
enum SentenceStarters {
    static let words: Set<String> = [
        "the", "a", "an", "it", "he", "she", "we", "they", "i", "you", "this", "that", "these", "those", "there",
        "here", "in", "on", "at", "but", "and", "so", "yet", "how", "what", "why", "when", "where", "who", "whom",
        "which", "if", "as", "after", "before", "during", "for", "its", "his", "her", "their", "our", "my", "your",
        "some", "many", "most", "all", "both", "each", "such", "meanwhile", "however", "also", "then", "now",
        "today", "yesterday", "tomorrow", "last", "next", "one", "did", "do", "does", "is", "are", "was", "were",
        "will", "would", "can", "could", "should", "may", "might", "let", "please", "no", "yes", "not", "with",
        "from", "by", "to", "under", "over", "since", "while", "although", "though", "despite", "because",
        "among", "other", "another", "every", "according", "officials", "earlier", "later", "still", "instead",
        "nevertheless", "moreover", "furthermore", "thus", "therefore", "indeed", "even", "only", "just", "first",
        "second", "finally", "again", "once", "until", "unless", "whether", "there's", "it's", "he's", "she's",
        "we're", "they're", "i'm", "that's", "what's", "don't", "let's",
    ]

    static let packed: Set<UInt64> = Set(words.compactMap(PackedWord.pack))
}

/// Verbs of speech: a closing quote followed by "Lee said." or "said Lee" keeps the quote and its
/// speaker in one sentence.
enum SpeechVerbs {
    static let words: Set<String> = [
        "said", "says", "say", "stated", "states", "added", "adds", "told", "tells", "asked", "asks", "noted", "notes",
        "explained", "wrote", "writes", "replied", "continued", "insisted", "stressed", "emphasized", "emphasised",
        "declared", "remarked", "expressed", "urged", "warned", "announced", "argued", "acknowledged", "commented",
        "recalled", "concluded", "pointed", "observed", "affirmed", "responded", "answered", "claimed", "admitted",
        "suggested", "reiterated", "underscored", "highlighted", "maintained", "insists",
    ]

    static let packed: Set<UInt64> = Set(words.compactMap(PackedWord.pack))
}

/// Words after a speech verb that show a reported clause follows ("said that", "said the"), so the
/// words are not a short attribution ("said Lee", "he said on Friday").
enum AttributionStoppers {
    static let words: Set<String> = [
        "that", "it", "this", "these", "those", "there", "we", "they", "he", "she", "i", "you",
        "his", "her", "their", "its", "if", "whether", "how", "what", "why", "when", "to",
    ]

    static let packed: Set<UInt64> = Set(words.compactMap(PackedWord.pack))
}
