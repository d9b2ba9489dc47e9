import Foundation
import KakehashiText

/// One line of a glossary: a Japanese term, its English renderings (most usual first), what kind
/// of thing it is and where the pairing comes from.
public struct GlossaryEntry: Sendable, Hashable {
    /// What a glossary entry names; persons and places become `name` and `term` anchors.
    public enum Kind: String, Sendable, CaseIterable {
        case term, title, country, place, person, org
    }

    public var japanese: String
    public var english: [String]
    public var kind: Kind
    public var source: String
}

/// A malformed line of a glossary file, with the file and the 1-based line.
public struct GlossaryError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var reason: String
    public var description: String { "\(file):\(line): \(reason)" }
}

/// A Japanese word of the lexicon with its English senses, first senses first.
public struct LexiconTerm: Sendable, Hashable {
    /// Where an entry comes from; the glossary is consulted first and outranks EDICT.
    public enum Origin: String, Sendable { case glossary, edict }

    public var headword: String
    /// Senses in dictionary order, each a list of glosses.
    public var senses: [[String]]
    /// EDICT's (P): a common word.
    public var common: Bool
    public var origin: Origin
    /// For glossary entries, what kind of thing the term names.
    public var kind: GlossaryEntry.Kind?
}

/// An ENAMDICT entry: a Japanese name (person or place) with its reading and romanization.
public struct LexiconName: Sendable, Hashable {
    public var headword: String
    /// ENAMDICT tags: s surname, g given name, f female, m male, h full name, p place.
    public var tags: [String]
    public var reading: String
    public var romaji: String
}

/// The bilingual lexicon: the curated news glossary (always there, built into the code), the
/// user's glossary files, and the compiled Debian dictionaries when they have been built (see
/// `LexiconBuilder`). Immutable and safe to share between tasks.
///
/// ```swift
/// let lexicon = try Lexicon.loadOrBuild(at: "memory/lexicon.kklex").lexicon
/// lexicon.terms("首相").first?.senses.first   // ["prime minister", "premier", "PM"] (glossary)
/// lexicon.hangulReadings("李")                 // ["리", "이"] with the dictionaries
/// ```
public final class Lexicon: Sendable {
    let file: LexiconFile?
    let glossary: [String: [GlossaryEntry]]
    /// The glossary's headwords, sorted by UTF-8 bytes, for allocation-free prefix searches.
    let glossaryKeys: InMemoryKeyTable
    /// The compiled file's EDICT words and ENAMDICT names (empty tables without a file).
    let termTable: LexiconFile.Table
    let nameTable: LexiconFile.Table
    /// EDICT headwords' precomputed gloss keys.
    let glossKeyTable: LexiconFile.Table
    /// English spellings of the glossary's persons, lower-cased ("donald trump", "trump").
    public let englishPersonNames: Set<String>
    /// English spellings (lower-cased) of the glossary's persons whose Japanese is kanji: names
    /// that the press writes given name first for Japanese people.
    let kanjiPersonNames: Set<String>
    /// Longest headword, in Unicode scalars, that longest-match segmentation tries.
    public let maxHeadwordLength: Int

    /// The lexicon made of the built-in glossary and `userGlossaries` (TSV files) only.
    /// - Throws: `GlossaryError` naming the file and line of a glossary that cannot be read or has a bad line.
    public convenience init(userGlossaries: [String] = []) throws {
        try self.init(file: nil, userGlossaries: userGlossaries)
    }

    init(file: LexiconFile?, userGlossaries: [String]) throws {
        self.file = file
        var entries = try Lexicon.parseGlossary(NewsGlossary.tsv, file: "built-in news glossary")
        for path in userGlossaries {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw GlossaryError(file: path, line: 0, reason: "cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw GlossaryError(file: path, line: 0, reason: "is not UTF-8")
            }
            // User entries come first: they outrank the built-in ones for the same term.
            entries = try Lexicon.parseGlossary(text, file: path) + entries
        }
        var glossary: [String: [GlossaryEntry]] = [:]
        for entry in entries { glossary[LexiconBuilder.matchKey(entry.japanese), default: []].append(entry) }
        self.glossary = glossary
        glossaryKeys = InMemoryKeyTable(keys: glossary.keys)
        termTable = file?.table("term") ?? .empty
        nameTable = file?.table("name") ?? .empty
        glossKeyTable = file?.table("glosskey") ?? .empty
        englishPersonNames = Set(entries.filter { $0.kind == .person }.flatMap { $0.english.map { $0.lowercased() } })
        kanjiPersonNames = Set(
            entries.filter { $0.kind == .person && $0.japanese.unicodeScalars.allSatisfy(ScriptClass.isHan) }
                .flatMap { $0.english.map { $0.lowercased() } })
        maxHeadwordLength = file == nil ? glossary.keys.map(\.unicodeScalars.count).max() ?? 1 : 16
    }

    /// Opens a compiled lexicon file (and the glossaries).
    /// - Throws: `DictionaryReadError` for a file that is missing, truncated or of another version;
    ///   `GlossaryError` as `init(userGlossaries:)`.
    public convenience init(path: String, userGlossaries: [String] = []) throws {
        try self.init(file: LexiconFile(path: path), userGlossaries: userGlossaries)
    }

    /// Whether a compiled dictionary file is loaded (otherwise only the glossaries are).
    public var hasDictionaries: Bool { file != nil }

    /// The compiled file in use, if any.
    public var path: String? { file?.path }

    /// Parses glossary TSV: `Japanese<TAB>English | English<TAB>kind<TAB>source`; kind and
    /// source may be omitted (term, and the file's name).
    /// - Throws: `GlossaryError` naming `file` and the line of the first malformed line.
    public static func parseGlossary(_ text: String, file: String) throws -> [GlossaryEntry] {
        var entries: [GlossaryEntry] = []
        for (i, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmed([" "]) }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw GlossaryError(
                    file: file, line: i + 1, reason: "expected Japanese<TAB>English[<TAB>kind<TAB>source]")
            }
            var kind = GlossaryEntry.Kind.term
            if fields.count > 2, !fields[2].isEmpty {
                guard let k = GlossaryEntry.Kind(rawValue: fields[2]) else {
                    throw GlossaryError(
                        file: file, line: i + 1,
                        reason:
                            "unknown kind \"\(fields[2])\" (one of \(GlossaryEntry.Kind.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                }
                kind = k
            }
            let english = fields[1].split(separator: "|").map { $0.trimmed([" "]) }.filter { !$0.isEmpty }
            entries.append(
                GlossaryEntry(
                    japanese: fields[0], english: english, kind: kind,
                    source: fields.count > 3 && !fields[3].isEmpty ? fields[3] : file))
        }
        return entries
    }

    // MARK: Lookups

    /// The glossary entries for a headword (match-key form).
    public func glossaryEntries(_ headword: String) -> [GlossaryEntry] { glossary[headword] ?? [] }

    /// Every sense of `headword` (in match-key form, as `TextNormalizer.key` gives it): glossary
    /// entries first, then EDICT's lines for it.
    public func terms(_ headword: String) -> [LexiconTerm] {
        var result = glossaryEntries(headword).map {
            LexiconTerm(headword: headword, senses: [$0.english], common: true, origin: .glossary, kind: $0.kind)
        }
        for value in termTable.values(headword) {
            let parts = value.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let senses = parts[1].split(separator: "|").map { $0.split(separator: ";").map(String.init) }
            result.append(
                LexiconTerm(headword: headword, senses: senses, common: parts[0] == "P", origin: .edict, kind: nil))
        }
        return result
    }

    /// The gloss keys of a headword's EDICT entries, common entries first (see
    /// `LexiconBuilder.glossKeyRecords`); nil when EDICT has no entry for it.
    public func edictGlossKeys(_ headword: String) -> [String]? {
        guard let value = glossKeyTable.values(headword).first else { return nil }
        return value.split(separator: "\t").map(String.init)
    }

    /// ENAMDICT entries (persons and places) for a headword.
    public func names(_ headword: String) -> [LexiconName] {
        nameTable.values(headword).compactMap { value in
            let parts = value.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return LexiconName(
                headword: headword, tags: parts[0].split(separator: ",").map(String.init),
                reading: String(parts[1]), romaji: String(parts[2]))
        }
    }

    /// Korean (Hangul) readings of one hanja, the ones used in names first.
    public func hangulReadings(_ hanja: Character) -> [String] {
        (file?.table("hangul").values(String(hanja)).first).map { $0.split(separator: " ").map(String.init) } ?? []
    }

    /// Whether the compiled file has Mandarin readings (built with ICU, so that reading a Chinese
    /// name needs no transliterator at run time).
    public var hasMandarinReadings: Bool { (file?.table("pinyin").count ?? 0) > 0 }

    /// ICU's Han-Latin reading of one character, accents folded ("习" → "xi"); nil when ICU leaves
    /// the character as it is.
    public func mandarinReading(_ han: Unicode.Scalar) -> Substring? {
        file?.table("pinyin").values(String(han)).first
    }

    /// The family-first key of a Japanese full name known to ENAMDICT, from its folded romaji
    /// words in any order: ["sanae", "takaichi"] → "takaichi sanae".
    public func japaneseFullNameKey(_ foldedWords: [String]) -> String? {
        file?.table("fullname").values(foldedWords.sorted().joined(separator: " ")).first.map(String.init)
    }

    /// ENAMDICT's tags for a folded romaji word used as a name part: "s" (surname), "g", "f", "m" (given).
    public func romajiNameTags(_ foldedWord: String) -> String {
        file?.table("romaji").values(foldedWord).first.map(String.init) ?? ""
    }

    /// Entries per table and the build's metadata, for `kakehashi lexicon stats`.
    public var statistics: (tables: [(String, Int)], meta: [(String, String)], bytes: Int) {
        var tables: [(String, Int)] = [("glossary", glossary.values.reduce(0) { $0 + $1.count })]
        var meta: [(String, String)] = []
        if let file {
            for name in ["term", "glosskey", "name", "hangul", "fullname", "romaji", "pinyin"] {
                tables.append((name, file.table(name).count))
            }
            file.table("meta").forEach { meta.append((String($0), String($1))) }
        }
        return (tables, meta, file?.byteCount ?? 0)
    }

    // MARK: Loading

    /// Whether the file at `path` must be (re)built: missing, of another format, older than one of
    /// the sources, or built while a source that now exists was missing.
    public static func needsBuild(at path: String, sources: [DictionarySource] = DictionarySource.debian) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let built = attributes[.modificationDate] as? Date,
            let file = try? LexiconFile(path: path)
        else { return true }
        if sources.contains(where: { ($0.modified ?? .distantPast) > built }) { return true }
        var missingThen: [String] = []
        file.table("meta").forEach { key, value in if key == "missing" { missingThen.append(String(value)) } }
        return sources.contains { source in source.exists && missingThen.contains { $0.contains(" \(source.path) ") } }
    }

    /// Opens the lexicon at `path`, building it first when `needsBuild` says so. When no source
    /// is installed at all, returns the glossary-only lexicon and the report naming the packages.
    public static func loadOrBuild(
        at path: String, sources: [DictionarySource] = DictionarySource.debian,
        userGlossaries: [String] = [],
        progress: (String) -> Void = { _ in }
    ) throws -> (lexicon: Lexicon, build: LexiconBuildReport?) {
        var report: LexiconBuildReport?
        if needsBuild(at: path, sources: sources) {
            if !sources.contains(where: \.exists) {
                return (
                    try Lexicon(userGlossaries: userGlossaries),
                    LexiconBuildReport(path: path, tableCounts: [:], read: [], missing: sources, seconds: 0, bytes: 0)
                )
            }
            report = try LexiconBuilder.build(sources: sources, to: path, progress: progress)
        }
        return (try Lexicon(path: path, userGlossaries: userGlossaries), report)
    }
}
