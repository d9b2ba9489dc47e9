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

/// How a unit met again merges with the stored one: its sources are added, and while neither is
/// reviewed (both `aligned`), the stored one takes the higher confidence with its relation and
/// method (ties broken by relation, then method), so that the memory is the same whatever order
/// the document pairs that make a unit are stored in (workers, resumed ingests).
public enum UnitMerging {
    /// Arguments: the confidence, method, relation and the stored unit's id.
    public static let improveSQL = """
        UPDATE unit SET confidence = ?1, method = ?2, relation = ?3
        WHERE id = ?4 AND status = 'aligned'
          AND (confidence IS NULL OR (confidence, relation, coalesce(method, '')) < (?1, ?3, coalesce(?2, '')))
        """
}
