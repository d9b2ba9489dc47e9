import Foundation
import ICUKit
import KakehashiText

/// What `LexiconBuilder.build` did: entries per table, the sources it read and the ones missing.
public struct LexiconBuildReport: Sendable {
    public var path: String
    public var tableCounts: [String: Int]
    public var read: [DictionarySource]
    public var missing: [DictionarySource]
    public var seconds: Double
    public var bytes: Int
}

/// Compiles the Debian dictionaries into one `LexiconFile`:
///
/// | table | key | value | from |
/// |---|---|---|---|
/// | `term` | headword (match key) | `P` or `-`, tab, senses separated by `|`, glosses by `;` | EDICT |
/// | `glosskey` | headword (match key) | the `EnglishTerms.glossKey` of its glosses, tab-separated: common (P) entries
/// first, each in dictionary order, no repeats | EDICT |
/// | `name` | headword (match key) | tags, tab, reading, tab, romaji | ENAMDICT persons and places |
/// | `hangul` | one hanja | Hangul readings, space-separated, best first | Unihan kHangul, its variants, KANJIDIC2 |
/// | `fullname` | folded romaji words, sorted | family-first key | ENAMDICT `(h)` entries |
/// | `romaji` | one folded romaji word | tags (s, g, f, m) | ENAMDICT |
/// | `meta` | field | value | the build itself |
///
/// A missing source is skipped and reported; the tables it feeds stay empty.
public enum LexiconBuilder {
    public static func build(
        sources: [DictionarySource] = DictionarySource.debian, to path: String,
        progress: (String) -> Void = { _ in }
    ) throws -> LexiconBuildReport {
        let start = Date()
        var read: [DictionarySource] = [], missing: [DictionarySource] = []
        var terms: [(key: String, value: String)] = []
        var names: [(key: String, value: String)] = []
        var fullNames: [String: String] = [:]
        var romajiTags: [String: Set<Character>] = [:]
        var hangul: [String: [String]] = [:]
        var variants: [String: [String]] = [:]
        var kanjidicHangul: [String: [String]] = [:]

        for source in sources {
            guard source.exists else { missing.append(source); continue }
            progress("reading \(source.path)")
            let text = try DictionaryReader.text(of: source)
            read.append(source)
            switch source.role {
            case .edict: terms += parseEdict(text)
            case .enamdict: parseEnamdict(text, names: &names, fullNames: &fullNames, romajiTags: &romajiTags)
            case .kanjidic2: kanjidicHangul = parseKanjidic2(text)
            case .unihanReadings: hangul = parseUnihanHangul(text)
            case .unihanVariants: variants = parseUnihanVariants(text)
            }
        }
        progress("merging Korean readings")
        let hangulTable = mergeHangul(unihan: hangul, variants: variants, kanjidic: kanjidicHangul)
        progress("reading Han characters in Mandarin")
        let pinyin = try mandarinReadings()
        let formatter = ISO8601DateFormatter()
        var meta: [(key: String, value: String)] = [("built", formatter.string(from: Date()))]
        for source in read { meta.append(("source", "\(source.role.rawValue) \(source.path)")) }
        for source in missing {
            meta.append(("missing", "\(source.role.rawValue) \(source.path) (apt package \(source.package))"))
        }
        let tables: [(name: String, records: [(key: String, value: String)])] = [
            ("term", terms),
            ("glosskey", glossKeyRecords(terms)),
            ("name", names),
            ("hangul", hangulTable.map { ($0.key, $0.value.joined(separator: " ")) }),
            ("fullname", fullNames.map { ($0.key, $0.value) }),
            ("romaji", romajiTags.map { ($0.key, String($0.value.sorted())) }),
            ("pinyin", pinyin),
            ("meta", meta),
        ]
        progress("writing \(path)")
        try LexiconFile.write(tables, to: path)
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        return LexiconBuildReport(
            path: path, tableCounts: Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0.records.count) }),
            read: read, missing: missing, seconds: Date().timeIntervalSince(start), bytes: bytes)
    }

    // MARK: Mandarin

    /// The Han characters (CJK Unified Ideographs and Extension A, compatibility ideographs) ICU
    /// reads in Mandarin, each with its `Han-Latin; Latin-ASCII` reading. A name is read one
    /// character at a time, which gives what ICU gives the whole name (checked on 30,000 random
    /// strings), without compiling ICU's Han-Latin rules in every process (about 0.1 s).
    static func mandarinReadings() throws -> [(key: String, value: String)] {
        let transliterator = try Transliterator("Han-Latin; Latin-ASCII")
        var records: [(key: String, value: String)] = []
        for block: ClosedRange<UInt32> in [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF] {
            for value in block {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let han = String(Character(scalar))
                let latin = try transliterator.transliterate(han)
                if latin != han { records.append((han, latin)) }
            }
        }
        return records
    }

    // MARK: EDICT

    /// `KANJI [KANA] /(pos) (1) gloss/gloss/(2) gloss/(P)/` → (headword, "P\tgloss;gloss|gloss").
    /// Kana-only headwords are kept only when they contain katakana (loanwords such as シャトル);
    /// hiragana words are grammar and particles, no use as anchors.
    static func parseEdict(_ text: String) -> [(key: String, value: String)] {
        var records: [(key: String, value: String)] = []
        records.reserveCapacity(260_000)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let head = line[..<slash].split(separator: " ")
            guard let headword = head.first, !headword.hasPrefix("　") else { continue }
            guard headword.unicodeScalars.contains(where: ScriptClass.isKanjiOrKatakana) else { continue }
            var common = false
            var senses: [[String]] = [[]]
            for field in line[line.index(after: slash)...].split(separator: "/") {
                if field == "(P)" { common = true; continue }
                var gloss = Substring(field)
                // Leading tags: (n,vs) (1) (abbr) … ; a new sense number starts a new sense.
                while gloss.hasPrefix("("), let close = gloss.firstIndex(of: ")") {
                    let tag = gloss[gloss.index(after: gloss.startIndex)..<close]
                    if tag.allSatisfy(\.isNumber), !(senses.last?.isEmpty ?? true) { senses.append([]) }
                    gloss = gloss[gloss.index(after: close)...].drop(while: { $0 == " " })
                }
                if gloss.hasPrefix("EntL") || gloss.isEmpty { continue }
                senses[senses.count - 1].append(
                    String(gloss).replacingOccurrences(of: ";", with: ",")
                        .replacingOccurrences(of: "|", with: "/"))
            }
            let value =
                (common ? "P\t" : "-\t")
                + senses.filter { !$0.isEmpty }.map { $0.joined(separator: ";") }.joined(separator: "|")
            records.append((matchKey(headword), value))
        }
        return records
    }

    /// Per headword, the gloss keys of its EDICT entries in the order the term finder ranks
    /// them (common entries first, then dictionary order), computed once here rather than for
    /// every headword met while aligning. Changing `EnglishTerms.glossKey` changes these keys:
    /// bump `LexiconFile.magic` with it so that lexicons are rebuilt.
    static func glossKeyRecords(_ terms: [(key: String, value: String)]) -> [(key: String, value: String)] {
        var order: [String] = []
        var entries: [String: [Substring]] = [:]
        for term in terms {
            if entries[term.key] == nil { order.append(term.key) }
            entries[term.key, default: []].append(Substring(term.value))
        }
        return order.map { headword in
            let values = entries[headword] ?? []
            var keys: [String] = []
            for value in values.filter({ $0.hasPrefix("P\t") }) + values.filter({ !$0.hasPrefix("P\t") }) {
                for sense in value.dropFirst(2).split(separator: "|") {
                    for gloss in sense.split(separator: ";") {
                        if let k = EnglishTerms.glossKey(String(gloss)) { keys.append(k) }
                    }
                }
            }
            return (headword, unique(keys).joined(separator: "\t"))
        }
    }

    /// The form headwords are stored and looked up in: the sentence key form (NFKC, case folded),
    /// computed cheaply for the usual all-kanji, all-kana headword.
    static func matchKey<S: StringProtocol>(_ headword: S) -> String {
        if headword.unicodeScalars.allSatisfy({ ScriptClass.isHan($0) || ScriptClass.isKana($0) }) {
            return String(headword)
        }
        return (try? TextNormalizer.key(String(headword))) ?? String(headword)
    }

    // MARK: ENAMDICT

    /// Persons and places: `高市早苗 [たかいちさなえ] /(h) Takaichi Sanae (1961.3-)/`.
    static func parseEnamdict(
        _ text: String, names: inout [(key: String, value: String)],
        fullNames: inout [String: String], romajiTags: inout [String: Set<Character>]
    ) {
        let kana = KanaRomanizer()
        let personTags: Set<Substring> = ["s", "g", "f", "m", "h", "p"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let slash = line.firstIndex(of: "/") else { continue }
            let head = line[..<slash].split(separator: " ")
            guard let headword = head.first, !headword.hasPrefix("　") else { continue }
            let reading = head.count > 1 ? head[1].trimmed(["[", "]"]) : String(headword)
            let fields = line[line.index(after: slash)...].split(separator: "/")
            guard let first = fields.first, first.hasPrefix("("), let close = first.firstIndex(of: ")") else {
                continue
            }
            let tags = first[first.index(after: first.startIndex)..<close].split(separator: ",")
            guard tags.contains(where: { personTags.contains($0) }) else { continue }
            guard headword.unicodeScalars.contains(where: ScriptClass.isKanjiOrKatakana) else { continue }
            let romaji = cleanRomaji(first[first.index(after: close)...])
            guard !romaji.isEmpty else { continue }
            let tagString = tags.joined(separator: ",")
            names.append((matchKey(headword), tagString + "\t" + reading + "\t" + romaji))
            let words = romaji.split(separator: " ").map { Romaji.fold(String($0)) }.filter { !$0.isEmpty }
            if tags.contains("h"), words.count == 2 {
                // Family name first, decided by the reading: こいずみしんじろう starts with "koizumi".
                let spokenReading = Romaji.fold(kana.romanize(reading))
                let ordered =
                    spokenReading.hasPrefix(words[0]) || !spokenReading.hasPrefix(words[1])
                    ? words : [words[1], words[0]]
                fullNames[words.sorted().joined(separator: " ")] = ordered.joined(separator: " ")
            } else if words.count == 1 {
                for tag in tags where ["s", "g", "f", "m"].contains(tag) {
                    romajiTags[words[0], default: []].insert(tag.first!)
                }
            }
        }
    }

    /// "Moon Jae-in (1953.1.24-), President of South Korea" → "Moon Jae-in".
    static func cleanRomaji<S: StringProtocol>(_ gloss: S) -> String {
        var s = String(gloss)
        if let p = s.firstIndex(of: "(") { s = String(s[..<p]) }
        if let c = s.firstIndex(of: ",") { s = String(s[..<c]) }
        return s.trimmed([" "])
    }

    // MARK: Korean readings

    /// KANJIDIC2: `<literal>李</literal> … <reading r_type="korean_h">리</reading>`, one element per line.
    static func parseKanjidic2(_ text: String) -> [String: [String]] {
        var table: [String: [String]] = [:]
        var literal = ""
        let open = "<reading r_type=\"korean_h\">"
        for line in text.split(separator: "\n") {
            if line.hasPrefix("<literal>"), let end = line.range(of: "</literal>") {
                literal = String(line[line.index(line.startIndex, offsetBy: 9)..<end.lowerBound])
            } else if line.hasPrefix(open), let end = line.range(of: "</reading>") {
                table[literal, default: []].append(
                    String(line[line.index(line.startIndex, offsetBy: open.count)..<end.lowerBound]))
            }
        }
        return table
    }

    /// Unihan `U+674E<TAB>kHangul<TAB>리:0E 이:0`: readings used in names (`N`) first.
    static func parseUnihanHangul(_ text: String) -> [String: [String]] {
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.contains("\tkHangul\t") {
            let fields = line.split(separator: "\t")
            guard fields.count == 3, let character = unihanCharacter(fields[0]) else { continue }
            let readings = fields[2].split(separator: " ").map { r -> (String, Bool) in
                let parts = r.split(separator: ":")
                return (String(parts[0]), parts.count > 1 && parts[1].contains("N"))
            }
            table[character] = readings.filter(\.1).map(\.0) + readings.filter { !$0.1 }.map(\.0)
        }
        return table
    }

    /// Unihan variants: traditional, Z and semantic (悦 → 悅), so that Japanese shinjitai reach a
    /// character that has a Korean reading.
    static func parseUnihanVariants(_ text: String) -> [String: [String]] {
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 3, ["kTraditionalVariant", "kZVariant", "kSemanticVariant"].contains(fields[1]),
                let character = unihanCharacter(fields[0])
            else { continue }
            for target in fields[2].split(separator: " ") {
                let code = target.split(separator: "<").first ?? target
                if let variant = unihanCharacter(code), variant != character {
                    table[character, default: []].append(variant)
                }
            }
        }
        return table
    }

    static func unihanCharacter<S: StringProtocol>(_ code: S) -> String? {
        guard code.hasPrefix("U+"), let value = UInt32(code.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value)
        else { return nil }
        return String(Character(scalar))
    }

    /// Per hanja: its own Unihan readings, then its variants', then KANJIDIC2's, without repeats.
    static func mergeHangul(
        unihan: [String: [String]], variants: [String: [String]], kanjidic: [String: [String]]
    ) -> [String: [String]] {
        var merged: [String: [String]] = [:]
        for character in Set(unihan.keys).union(kanjidic.keys).union(variants.keys) {
            var readings: [String] = unihan[character] ?? []
            for variant in variants[character] ?? [] { readings += unihan[variant] ?? [] }
            readings += kanjidic[character] ?? []
            readings = unique(readings)
            if !readings.isEmpty { merged[character] = readings }
        }
        return merged
    }
}
