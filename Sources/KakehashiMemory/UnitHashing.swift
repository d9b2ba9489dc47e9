import Foundation

/// The hashes a memory keys units by, the same in every backend: a match key's (the exact-match
/// index) and a unit's de-duplication hash.
package enum UnitHashing {
    /// FNV-1a, 64 bits, of a match key: what the exact-match index holds.
    package static func keyHash(_ key: String) -> Int64 {
        FNV1a.hash(key)
    }

    /// FNV-1a, 64 bits, over the sorted (language, key) pairs and the context key. Two different
    /// units collide with probability about n²/2⁶⁵ (3·10⁻⁸ at a million units).
    package static func dedupHash(_ pairs: [(String, String)], context: String?) -> Int64 {
        var h = FNV1a()
        func mix(_ s: String) {
            h.add(s)
            h.add(0x1F)
        }
        for (lang, key) in pairs.sorted(by: { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }) { mix(lang); mix(key) }
        mix("\u{1E}")
        mix(context ?? "")
        return h.value
    }
}
