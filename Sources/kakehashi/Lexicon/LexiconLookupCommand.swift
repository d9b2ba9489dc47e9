import ArgumentParser
import Foundation
import KakehashiLexicon
import KakehashiText

/// `kakehashi lexicon lookup WORD`: a Japanese word's senses and names, or an English word's
/// stem, or a hanja's Korean readings.
struct LexiconLookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup", abstract: "Show what the lexicon knows about a word (Japanese or English).")

    @OptionGroup var lexicon: LexiconOptions

    @Argument(help: "The word.")
    var word: String

    func run() throws {
        let loaded = try lexicon.load()
        let key = try TextNormalizer.key(word)
        var found = false
        for term in loaded.terms(key) {
            found = true
            let label =
                term.origin == .glossary
                ? "glossary" + (term.kind.map { " (\($0.rawValue))" } ?? "") : "edict" + (term.common ? " (P)" : "")
            let senses = term.senses.enumerated().map { "(\($0.offset + 1)) " + $0.element.joined(separator: "; ") }
            print("\(term.headword)\t\(label)\t\(senses.joined(separator: " "))")
        }
        for name in loaded.names(key) {
            found = true
            print("\(name.headword)\tenamdict (\(name.tags.joined(separator: ",")))\t\(name.reading)\t\(name.romaji)")
        }
        if word.count == 1, let hanja = word.first {
            let readings = loaded.hangulReadings(hanja)
            if !readings.isEmpty { found = true; print("\(word)\tkorean\t\(readings.joined(separator: " "))") }
        }
        if word.unicodeScalars.allSatisfy({ $0.isASCII }) {
            // An English or romaji word: its name tags and its stem (always answered).
            let folded = Romaji.fold(word)
            let tags = loaded.romajiNameTags(folded)
            if !tags.isEmpty { print("\(word)\tname part (\(tags))\t\(folded)") }
            let stem = EnglishTerms.stem(word)
            if !stem.isEmpty { print("\(word)\tenglish stem\t\(stem)") }
            found = true
        }
        if !found { throw fail("\(word): not in the lexicon", code: 1) }
    }
}
