/// Which runs of characters are headwords of the lexicon, found by prefix: for a text position,
/// every length at which the glossary, EDICT or ENAMDICT has an entry, with one narrowing search
/// per length and table and none of the entries decoded.
///
/// What the first one and two characters of a run give (the records starting with them, and
/// whether they are headwords themselves) is remembered per character and per pair, so the deep
/// searches over a whole table happen once per distinct character or pair, not once per text
/// position. Not `Sendable` (the memory is unguarded): one per finder.
final class HeadwordProbe {
    /// Which tables a probe searches.
    enum Scope { case allHeadwords, names }

    /// For one table and one prefix: the records that start with it, and which of its own
    /// prefixes (bit n for n characters) are keys.
    private struct Narrowed {
        var records: Range<Int>
        var keys: UInt64
    }

    /// The same for the glossary, EDICT and ENAMDICT.
    private struct Known {
        var glossary: Narrowed
        var term: Narrowed
        var name: Narrowed
    }

    let lexicon: Lexicon
    private var known: [UInt64: Known] = [:]
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// Bit `n` is set when `scalars.prefix(n)` is a headword in `scope` (n < 64).
    func prefixes(_ scalars: ArraySlice<Unicode.Scalar>, scope: Scope) -> UInt64 {
        guard !scalars.isEmpty else { return 0 }
        JapaneseScript.utf8Prefixes(scalars.prefix(63), bytes: &bytes, ends: &ends)
        let depth = min(2, ends.count - 1)
        let head = bytes.withUnsafeBufferPointer { knownPrefix(scalars, depth: depth, bytes: $0) }
        var found = head.glossary.keys | head.name.keys | (scope == .allHeadwords ? head.term.keys : 0)
        guard ends.count - 1 > depth else { return found }
        bytes.withUnsafeBufferPointer { b in
            func longer(_ table: LexiconFile.Table, _ start: Narrowed) -> UInt64 {
                start.records.isEmpty ? 0 : table.keyPrefixes(b, ends: ends, from: depth + 1, records: start.records)
            }
            found |= longer(lexicon.glossaryKeys.table, head.glossary) | longer(lexicon.nameTable, head.name)
            if scope == .allHeadwords { found |= longer(lexicon.termTable, head.term) }
        }
        return found
    }

    /// What the first `depth` (1 or 2) scalars give, from memory or searched now.
    private func knownPrefix(
        _ scalars: ArraySlice<Unicode.Scalar>, depth: Int, bytes: UnsafeBufferPointer<UInt8>
    ) -> Known {
        let first = UInt64(scalars[scalars.startIndex].value)
        let memoryKey =
            depth == 1 ? first << 21 | 0x1F_FFFF : first << 21 | UInt64(scalars[scalars.startIndex + 1].value)
        if let remembered = known[memoryKey] { return remembered }
        let shorter: Known
        if depth == 1 {
            func whole(_ table: LexiconFile.Table) -> Narrowed { Narrowed(records: 0..<table.count, keys: 0) }
            shorter = Known(
                glossary: whole(lexicon.glossaryKeys.table), term: whole(lexicon.termTable),
                name: whole(lexicon.nameTable))
        } else {
            shorter = knownPrefix(scalars, depth: 1, bytes: bytes)
        }
        func narrowed(_ table: LexiconFile.Table, _ start: Narrowed) -> Narrowed {
            guard !start.records.isEmpty else { return start }
            let records = table.narrow(start.records, toPrefix: UnsafeBufferPointer(rebasing: bytes[0..<ends[depth]]))
            let isKey = !records.isEmpty && table.keyLength(of: records.lowerBound, is: ends[depth])
            return Narrowed(records: records, keys: start.keys | (isKey ? 1 << UInt64(depth) : 0))
        }
        let result = Known(
            glossary: narrowed(lexicon.glossaryKeys.table, shorter.glossary),
            term: narrowed(lexicon.termTable, shorter.term),
            name: narrowed(lexicon.nameTable, shorter.name))
        known[memoryKey] = result
        return result
    }
}
