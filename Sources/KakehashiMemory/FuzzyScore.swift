import KakehashiText

/// The fuzzy match percentage, OmegaT-style: `100 · (max(n, m) − d) / max(n, m)` where d is the
/// Levenshtein distance between the query and the stored segment, both in key form.
///
/// - English (and any query without Japanese): d is counted in **word tokens**, as OmegaT does, so
///   one changed word in ten costs 10 %. Punctuation is ignored.
/// - Japanese: d is counted in **characters** (spaces ignored). Japanese has no spaces and ICU's
///   dictionary splits unknown names, so tokens would make the score depend on the tokenizer;
///   characters are what Translate Toolkit and amaGama use for every language.
/// - Numbers count **by value**: "1,000" and "1000" are one token; NFKC has already made
///   full-width digits ASCII.
///
/// The score is then lowered for units a person has not approved: 3 points for status `aligned`,
/// plus up to 10 points for low confidence (`round(10 · (1 − confidence))`, the confidence being
/// the calibrated probability that the pair is right); and for units that are not translations,
/// when a lookup asks for them: 15 points for `partial`, 30 for `related`. Imported units without
/// a confidence are not lowered. The differing words are reported alongside.
///
/// ```swift
/// FuzzyScore.score(query: "the two leaders met", candidate: "the two ministers met", japanese: false).score  // 75
/// ```
public enum FuzzyScore {
    /// A difference between the query and a match: words (or characters) only in the query,
    /// only in the match, or replaced.
    public struct Difference: Sendable, Equatable {
        public var query: String
        public var match: String
    }

    public struct Result: Sendable, Equatable {
        public var score: Int
        public var differences: [Difference]
    }

    /// Word tokens of a key (letters and digits; CJK characters one token each), with numbers
    /// reduced to their value's digits.
    public static func tokens(_ key: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { tokens.append(String(current)); current = String.UnicodeScalarView() }
        }
        let scalars = Array(key.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if TermIndex.isWordCharacter(s) {
                if ScriptClass.isIndexedCJK(s) { flush(); tokens.append(String(s)) } else { current.append(s) }
            } else if (s == "," || s == ".") && !current.isEmpty && isNumeric(current.last!)
                && i + 1 < scalars.count && isNumeric(scalars[i + 1])
            {
                // A thousands separator or decimal point inside a number: "1,000" = "1000".
                if s == "." { current.append(s) }
            } else {
                flush()
            }
            i += 1
        }
        flush()
        return tokens
    }

    /// A digit (ASCII answered without Unicode's property tables, which cost more than the rest
    /// of the scoring).
    @inline(__always) static func isNumeric(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? s.value >= 0x30 && s.value <= 0x39 : s.properties.numericType != nil
    }

    /// Characters of a key without spaces.
    static func characters(_ key: String) -> [String] {
        key.unicodeScalars.filter { $0 != " " }.map { String($0) }
    }

    public static func score(query: String, candidate: String, japanese: Bool) -> Result {
        Query(query, japanese: japanese).score(candidate, atLeast: 0)!
    }

    /// A query's tokens, cut once for all the candidates of a lookup, each numbered so that the
    /// edit distance compares integers.
    public struct Query: Sendable {
        let japanese: Bool
        let tokens: [String]
        let numbers: [String: Int32]
        let tokenNumbers: [Int32]

        public init(_ key: String, japanese: Bool) {
            self.japanese = japanese
            tokens = japanese ? FuzzyScore.characters(key) : FuzzyScore.tokens(key)
            var numbers: [String: Int32] = [:]
            tokenNumbers = tokens.map { t in
                if let n = numbers[t] { return n }
                let n = Int32(numbers.count)
                numbers[t] = n
                return n
            }
            self.numbers = numbers
        }

        /// The score of `candidate`, or nil when it is certainly below `minimum`: the words the
        /// two share (as multisets) bound the score from above, `100 · shared / max(n, m)`, and
        /// the edit distance is computed only for candidates that can reach `minimum`.
        public func score(_ candidate: String, atLeast minimum: Int) -> Result? {
            let other = japanese ? FuzzyScore.characters(candidate) : FuzzyScore.tokens(candidate)
            let longest = max(tokens.count, other.count)
            if longest == 0 { return Result(score: 100, differences: []) }
            // A token the query does not have is -1: it equals no query token.
            let otherNumbers = other.map { numbers[$0] ?? -1 }
            if minimum > 0 {
                var available = [Int32](repeating: 0, count: numbers.count)
                for n in tokenNumbers { available[Int(n)] += 1 }
                var shared = 0
                for n in otherNumbers where n >= 0 && available[Int(n)] > 0 {
                    available[Int(n)] -= 1
                    shared += 1
                }
                if Int((100.0 * Double(shared) / Double(longest)).rounded(.down)) < minimum { return nil }
            }
            let (distance, differences) = levenshtein(
                tokens, tokenNumbers, other, otherNumbers, joiner: japanese ? "" : " ")
            return Result(
                score: Int((100.0 * Double(longest - distance) / Double(longest)).rounded(.down)),
                differences: differences)
        }
    }

    /// Edit distance with the edits grouped into differences (runs of changed tokens), computed on
    /// the tokens' numbers (`an`, `bn`) in one flat table.
    static func levenshtein(
        _ a: [String], _ an: [Int32], _ b: [String], _ bn: [Int32], joiner: String
    ) -> (Int, [Difference]) {
        let n = a.count, m = b.count, width = m + 1
        var table = [Int32](repeating: 0, count: (n + 1) * width)
        table.withUnsafeMutableBufferPointer { d in
            for i in 0...n { d[i * width] = Int32(i) }
            for j in 0...m { d[j] = Int32(j) }
            if n > 0 && m > 0 {
                for i in 1...n {
                    let row = i * width, above = row - width, x = an[i - 1]
                    for j in 1...m {
                        d[row + j] =
                            x == bn[j - 1] ? d[above + j - 1] : 1 + min(d[above + j - 1], d[above + j], d[row + j - 1])
                    }
                }
            }
        }
        func d(_ i: Int, _ j: Int) -> Int32 { table[i * width + j] }
        // Walk back, collecting runs of edits.
        var differences: [Difference] = []
        var runA: [String] = [], runB: [String] = []
        func close() {
            if !runA.isEmpty || !runB.isEmpty {
                differences.append(
                    Difference(
                        query: runA.reversed().joined(separator: joiner),
                        match: runB.reversed().joined(separator: joiner)))
                runA = []; runB = []
            }
        }
        var i = n, j = m
        while i > 0 || j > 0 {
            if i > 0 && j > 0 && an[i - 1] == bn[j - 1] && d(i, j) == d(i - 1, j - 1) {
                close(); i -= 1; j -= 1
            } else if i > 0 && j > 0 && d(i, j) == d(i - 1, j - 1) + 1 {
                runA.append(a[i - 1]); runB.append(b[j - 1]); i -= 1; j -= 1
            } else if i > 0 && d(i, j) == d(i - 1, j) + 1 {
                runA.append(a[i - 1]); i -= 1
            } else {
                runB.append(b[j - 1]); j -= 1
            }
        }
        close()
        return (Int(d(n, m)), differences.reversed())
    }
}
