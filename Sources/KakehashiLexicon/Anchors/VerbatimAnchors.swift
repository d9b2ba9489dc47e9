/// Tokens that both languages write alike, whatever the language of the text around them: web
/// addresses, email addresses and emoji in either language, and in Japanese text every word in
/// Latin letters (a product name such as "AeroSound", a plan such as "Premium", a tool such as
/// "Xcode"). Short documents (product pages, chats, forum posts) have few names and dates, and
/// these tokens are often the best evidence they have.
///
/// An English text's words are read as phrases already (`EnglishTerms`), so a Japanese Latin word
/// carries the phrase key of its spelling as an alternative and meets the English word that way.
/// All-capital words are acronyms and numbers with units are numbers: neither is read here.
enum VerbatimAnchors {
    /// The verbatim anchors of `text` (NFKC, so that full-width letters are ASCII), in order.
    /// `japanese`: also every Latin-script word.
    static func anchors(_ text: String, japanese: Bool) -> [Anchor] {
        let scalars = Array(text.unicodeScalars)
        let length = Double(max(1, scalars.count))
        var found: [Anchor] = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.value >= 0x2190, c.properties.isEmoji {
                found.append(
                    Anchor(
                        kind: .verbatim, key: "verbatim:" + String(c), text: String(c), position: Double(i) / length,
                        weight: 0.8))
                i += 1
                continue
            }
            guard isTokenCharacter(c) else {
                i += 1
                continue
            }
            var end = i
            while end < scalars.count, isTokenCharacter(scalars[end]) { end += 1 }
            // Punctuation before a token or after it (the end of a sentence) is not part of it.
            var tokenStart = i, tokenEnd = end
            while tokenStart < end, !isLetterOrDigit(scalars[tokenStart]) { tokenStart += 1 }
            while tokenEnd > tokenStart, !isLetterOrDigit(scalars[tokenEnd - 1]), scalars[tokenEnd - 1] != "/" {
                tokenEnd -= 1
            }
            guard tokenStart < tokenEnd else {
                i = end
                continue
            }
            let token = String(String.UnicodeScalarView(scalars[tokenStart..<tokenEnd]))
            let position = Double(tokenStart) / length
            if isAddress(token) {
                found.append(
                    Anchor(
                        kind: .verbatim, key: "verbatim:" + token.lowercased(), text: token, position: position,
                        weight: 1.0))
            } else if japanese {
                found += words(scalars[tokenStart..<tokenEnd], length: length)
            }
            i = end
        }
        return found
    }

    /// The Latin words of a token that is not an address, each with its phrase key as an
    /// alternative: words of two letters or more with at least one lower-case letter, not
    /// starting with a digit (40mm is a number and its unit).
    private static func words(_ token: ArraySlice<Unicode.Scalar>, length: Double) -> [Anchor] {
        var anchors: [Anchor] = []
        var k = token.startIndex
        while k < token.endIndex {
            guard isLetterOrDigit(token[k]) else {
                k += 1
                continue
            }
            var end = k
            // A word's inner hyphens and apostrophes stay (Wi-Fi, T-money, don't).
            while end < token.endIndex,
                isLetterOrDigit(token[end])
                    || ("-'".unicodeScalars.contains(token[end]) && end + 1 < token.endIndex
                        && isLetterOrDigit(token[end + 1]))
            {
                end += 1
            }
            let word = String(String.UnicodeScalarView(token[k..<end]))
            let letters = word.unicodeScalars.filter { $0.properties.isAlphabetic }.count
            if letters >= 2, word.unicodeScalars.contains(where: { $0.properties.isLowercase }),
                !("0"..."9").contains(token[k])
            {
                let alternatives = EnglishTerms.glossKey(word).map { ["term:" + $0] } ?? []
                anchors.append(
                    Anchor(
                        kind: .verbatim, key: "verbatim:" + word.lowercased(), text: word,
                        position: Double(k) / length, alternatives: alternatives,
                        weight: letters >= 4 ? 0.8 : 0.5))
            }
            k = end
        }
        return anchors
    }

    /// A web address (a scheme or "www.") or an email address (a local part, @ and a domain with
    /// a dot).
    static func isAddress(_ token: String) -> Bool {
        let lower = token.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.") {
            return token.count > 8
        }
        guard let at = token.firstIndex(of: "@"), at != token.startIndex else { return false }
        let domain = token[token.index(after: at)...]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.contains("@")
    }

    /// ASCII letters and digits, and the punctuation inside addresses and words.
    @inline(__always) static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        isLetterOrDigit(c) || "-_.@/:%?=&#~+'".unicodeScalars.contains(c)
    }

    @inline(__always) static func isLetterOrDigit(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
}
