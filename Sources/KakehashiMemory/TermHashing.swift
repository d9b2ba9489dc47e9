import Foundation

/// The 64-bit hashes of index terms that fuzzy lookup's postings are keyed by, the same in every
/// backend (SQLite's `TermPostings`, PostgreSQL's term table).
package enum TermHashing {
    /// FNV-1a, 64 bits, of a token's UTF-8: the `term` column.
    package static func hash(_ token: some StringProtocol) -> Int64 {
        FNV1a.hash(token)
    }

    /// The distinct terms of a `words` column (tokens separated by single spaces), hashed and
    /// sorted: what a variant adds to the index. Computed where the unit is prepared, off the
    /// writer's thread.
    package static func hashes(ofWords words: String) -> [Int64] {
        var terms: [Int64] = []
        var h = FNV1a()
        var inToken = false
        for b in words.utf8 {
            if b == 0x20 {
                if inToken { terms.append(h.value) }
                h = FNV1a()
                inToken = false
            } else {
                h.add(b)
                inToken = true
            }
        }
        if inToken { terms.append(h.value) }
        terms.sortAndRemoveDuplicates()
        return terms
    }
}
