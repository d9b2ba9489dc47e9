import Foundation
import KakehashiLexicon
import Testing

/// One Korean public figure of `Evaluation/names/korean-public-figures.tsv`, in four spellings.
struct KoreanFigure: CustomStringConvertible {
    var hanja: String?
    var hangul: String
    var katakana: String
    var romanized: String
    var titles: (ja: String, ko: String, en: String)

    var description: String { romanized }

    /// The list, as committed before the name code was changed for it.
    static let all: [KoreanFigure] = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = repository.appendingPathComponent("Evaluation/names/korean-public-figures.tsv").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> KoreanFigure? in
            guard !line.hasPrefix("#") else { return nil }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 8 else { return nil }
            return KoreanFigure(
                hanja: f[1] == "-" ? nil : f[1], hangul: f[2], katakana: f[3], romanized: f[4],
                titles: (f[5], f[6], f[7]))
        }
    }()

    /// The topic particle after a Korean word: 은 after a final consonant, 는 after a vowel.
    static func topic(after word: String) -> String {
        guard let last = word.unicodeScalars.last, (0xAC00...0xD7A3).contains(last.value) else { return "은" }
        return (last.value - 0xAC00) % 28 == 0 ? "는" : "은"
    }

    /// News sentences naming the figure, with its titles and no other hint that it is Korean:
    /// (language, sentence). English puts the title first, as English news does.
    var sentences: [(language: String, text: String)] {
        var result: [(String, String)] = []
        if let hanja { result.append(("ja", "\(hanja)\(titles.ja)は2日、記者団に語った。")) }
        result.append(("ja", "\(katakana)\(titles.ja)は2日、記者団に語った。"))
        result.append(("ko", "\(hangul) \(titles.ko)\(KoreanFigure.topic(after: titles.ko)) 2일 기자들에게 말했다."))
        let title = titles.en.prefix(1).uppercased() + titles.en.dropFirst()
        result.append(("en", "\(title) \(romanized) told reporters on Tuesday."))
        return result
    }
}

/// What the name finder made of one figure's spellings.
struct FigureReading {
    /// Per sentence: the names found, with their keys and alternatives.
    var found: [(sentence: String, names: [PersonName])]

    /// A key every spelling has, first or as an alternative (nil when none is shared).
    var sharedKey: String? {
        var shared: Set<String>?
        for (_, names) in found {
            let keys = Set(names.flatMap { [$0.key] + $0.alternatives })
            shared = shared.map { $0.intersection(keys) } ?? keys
        }
        return shared?.sorted().first
    }

    /// True when every spelling's first key is the same.
    var sameFirstKey: Bool {
        Set(found.map { $0.names.first?.key ?? "-" }).count == 1 && !found.contains { $0.names.isEmpty }
    }

    /// Names that hold a title word or are a title word (院内, 선수, Secretary-General).
    func titleWords(_ figure: KoreanFigure) -> [String] {
        var titleParts: [String] = []
        for title in [figure.titles.ja, figure.titles.ko, figure.titles.en] {
            for part in title.split(whereSeparator: { $0 == " " || $0 == "-" }) where part.count >= 2 {
                if !["former", "late", "the"].contains(part.lowercased()) { titleParts.append(String(part)) }
            }
        }
        var names: [String] = []
        for (_, found) in found { names += found.map(\.text) }
        return names.filter { name in titleParts.contains { name.contains($0) } }
    }
}

func read(_ figure: KoreanFigure, with finder: NameFinder) -> FigureReading {
    FigureReading(
        found: figure.sentences.map { s in
            (s.text, s.language == "en" ? finder.names(inEnglish: s.text) : finder.names(inJapanese: s.text))
        })
}

@Suite(
    "Korean public figures in every script",
    .enabled(if: InstalledDictionaries.installed, "edict, enamdict, kanjidic-xml and unicode-data are not installed"))
struct KoreanFiguresTests {
    @Test(
        "each figure of the list gets one key across hanja, Hangul, katakana and romanized spellings, no title read as a name"
    )
    func oneKeyEach() throws {
        let figures = KoreanFigure.all
        #expect(figures.count >= 40)
        let finder = NameFinder(lexicon: try #require(InstalledDictionaries.lexicon))
        var met: [String] = [], missed: [String] = []
        for figure in figures {
            let reading = read(figure, with: finder)
            let titles = reading.titleWords(figure)
            if reading.sharedKey != nil && titles.isEmpty {
                met.append(figure.romanized)
            } else {
                var detail: [String] = []
                for (sentence, names) in reading.found {
                    let shown = names.map { name -> String in
                        let others =
                            name.alternatives.isEmpty
                            ? "" : " [\(name.alternatives.prefix(4).joined(separator: ", "))…]"
                        return "\(name.text)=\(name.key)\(others)"
                    }
                    detail.append("\(sentence) → \(shown)")
                }
                missed.append(
                    "\(figure.romanized): \(detail.joined(separator: " | "))"
                        + (titles.isEmpty ? "" : " titles as names: \(titles)"))
            }
        }
        print("Korean figures with one key: \(met.count) of \(figures.count)")
        for line in missed { print("  missed \(line)") }
        #expect(
            met.count * 40 >= 36 * figures.count, "\(met.count) of \(figures.count): \(missed.joined(separator: "\n"))")
    }

    @Test(
        "Japanese persons and Western names in katakana keep their own keys",
        arguments: [
            ("佐藤健氏は2日、記者団に語った。", "sato ken", PersonName.Origin.japanese),
            ("安倍晋三元首相は2日、記者団に語った。", "abe shinzo", .japanese),
            ("ジョン・マン氏は2日、記者団に語った。", "jon man", .foreign),
            ("アン・ハサウェイ氏は2日、記者団に語った。", "an hasau~ei", .foreign),
        ])
    func othersKeepTheirKeys(sentence: String, key: String, origin: PersonName.Origin) throws {
        let finder = NameFinder(lexicon: try #require(InstalledDictionaries.lexicon))
        let name = try #require(finder.names(inJapanese: sentence).first)
        #expect(name.key == key && name.origin == origin, "\(name)")
    }

    @Test(
        "a katakana name shaped as a Korean one takes its Korean key first with no Korean word around it; others stay foreign",
        arguments: [
            ("ク・グァンモ会長は2日、記者団に語った。", PersonName.Origin.korean, "koo gwangmo"),
            ("ペク・ジョンウォン代表は2日、記者団に語った。", .korean, "baek jongwon"),
            ("ハンナ・スミス氏は2日、記者団に語った。", .foreign, "han'na sumisu"),
            ("マイク・ソン氏は2日、記者団に語った。", .foreign, "maiku son"),
        ])
    func katakanaShapedAsKorean(sentence: String, origin: PersonName.Origin, key: String) throws {
        let finder = NameFinder(lexicon: try #require(InstalledDictionaries.lexicon))
        let name = try #require(finder.names(inJapanese: sentence).first)
        #expect(name.origin == origin && name.key == key, "\(name)")
    }
}
