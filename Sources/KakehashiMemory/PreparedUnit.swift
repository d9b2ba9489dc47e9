import Foundation
import KakehashiText

/// A unit made ready for the store: variants without text or language dropped, match keys with
/// their lengths and hashes, full-text columns, the de-duplication hash and the JSON of verbatim
/// attributes. Pure work with no database, so an import does it on a second thread while the
/// writer inserts.
package struct PreparedUnit: Sendable {
    package struct PreparedVariant: Sendable {
        package var variant: Variant
        package var key: String
        package var keyLength: Int
        package var keyHash: Int64
        package var terms: (words: String, chars: String)
        /// The distinct terms of `terms.words`, hashed (see `TermPostings`).
        package var termHashes: [Int64]
        package var attributesJSON: String?
        package var propsJSON: String?
        package var notesJSON: String?
    }

    package var unit: TranslationUnit
    /// The line of its `<tu>`, when read from TMX.
    package var line: Int?
    package var variants: [PreparedVariant]
    package var contextKey: String?
    package var dedup: Int64
    package var attributesJSON: String?
    package var propsJSON: String?
    package var notesJSON: String?

    package init(_ unit: TranslationUnit) throws {
        self.unit = unit
        func json<T: Encodable>(_ value: [T]) -> String? {
            guard !value.isEmpty, let data = try? JSONEncoder().encode(value) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
        variants = try unit.variants.filter { !$0.text.isEmpty && !$0.baseLanguage.isEmpty }.map { v in
            let key = try TextNormalizer.key(v.text)
            let terms = TermIndex.columns(ofKey: key)
            return PreparedVariant(
                variant: v, key: key, keyLength: key.unicodeScalars.count, keyHash: UnitHashing.keyHash(key),
                terms: terms, termHashes: TermHashing.hashes(ofWords: terms.words),
                attributesJSON: json(v.attributes), propsJSON: json(v.props), notesJSON: json(v.notes))
        }
        contextKey = try unit.context.map { try TextNormalizer.key($0) }
        dedup = UnitHashing.dedupHash(variants.map { ($0.variant.baseLanguage, $0.key) }, context: contextKey)
        attributesJSON = json(unit.attributes)
        propsJSON = json(unit.props)
        notesJSON = json(unit.notes)
    }
}

/// How many segments hold each index term, as lookups counted them (thread-safe, bounded):
/// - terms found common (counted up to the cap) stay common, since a term's count only grows;
/// - other counts hold while the memory's newest unit stays the same (its `generation`): a lookup
///   that finds a newer one forgets them.
/// A fuzzy lookup counts up to 32 terms; in a server most of them were counted before.
package final class TermCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var common = Set<String>()
    private var counts: [String: Int] = [:]
    private var generation: Int64 = -1
    /// Past these sizes the common set stops growing and the counts start again.
    static let commonCapacity = 50_000
    static let countCapacity = 200_000

    package init() {}

    /// The known count of `term` (`cap` for a common term), for a memory at `generation`.
    package func count(_ term: String, cap: Int, generation: Int64) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if common.contains(term) { return cap }
        return generation == self.generation ? counts[term] : nil
    }

    /// Remembers that `n` segments (counted up to `cap`) hold `term` at `generation`.
    package func record(_ term: String, _ n: Int, cap: Int, generation: Int64) {
        lock.lock()
        defer { lock.unlock() }
        if n >= cap {
            if common.count < Self.commonCapacity { common.insert(term) }
            return
        }
        if generation != self.generation || counts.count >= Self.countCapacity {
            counts.removeAll(keepingCapacity: true)
            self.generation = generation
        }
        counts[term] = n
    }
}
