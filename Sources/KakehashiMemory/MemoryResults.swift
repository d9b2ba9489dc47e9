import Foundation

/// What adding units did: how many were new, how many were already there (de-duplicated on their
/// languages, match keys and context), how many could not be used.
public struct AddResult: Sendable, Equatable {
    public var added = 0
    public var alreadyPresent = 0
    public var skipped = 0
    /// Where the skipped units were (the line of their `<tu>` when read from TMX) and why; the
    /// first `SkippedUnit.listed` of them.
    public var skippedUnits: [SkippedUnit] = []

    public init(added: Int = 0, alreadyPresent: Int = 0, skipped: Int = 0) {
        self.added = added
        self.alreadyPresent = alreadyPresent
        self.skipped = skipped
    }

    public static func += (a: inout AddResult, b: AddResult) {
        a.added += b.added
        a.alreadyPresent += b.alreadyPresent
        a.skipped += b.skipped
        a.skippedUnits += b.skippedUnits.prefix(max(0, SkippedUnit.listed - a.skippedUnits.count))
    }

    public var summary: String {
        "\(added) new, \(alreadyPresent) already present" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }

    /// Counts `unit` as skipped, with its line, when it has fewer than two languages with text
    /// (every backend's rule); true when it was.
    package mutating func skipsIncomplete(_ unit: PreparedUnit) -> Bool {
        guard unit.variants.count < 2 else { return false }
        skipped += 1
        if skippedUnits.count < SkippedUnit.listed {
            skippedUnits.append(SkippedUnit(line: unit.line, reason: "fewer than two languages with text"))
        }
        return true
    }
}

/// A unit the memory did not store, and why.
public struct SkippedUnit: Sendable, Equatable {
    /// The line of its `<tu>` in the TMX it came from; nil for units not read from a file.
    public var line: Int?
    public var reason: String

    package init(line: Int?, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// How many skipped units a result lists (all are counted).
    public static let listed = 1000
}

/// Counts for `kakehashi stats`.
public struct MemoryStatistics: Sendable {
    public var units = 0
    public var variants = 0
    public var byStatus: [String: Int] = [:]
    /// Units per relation; "unscored" counts aligned units of a release before relations.
    public var byRelation: [String: Int] = [:]
    public var byLanguage: [String: Int] = [:]
    public var sources = 0
    public var fileBytes: Int64 = 0

    public init() {}
}
