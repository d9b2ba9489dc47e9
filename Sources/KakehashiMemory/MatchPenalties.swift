import Foundation

/// The points a match loses for what its unit is, as commercial CAT tools' translation-memory
/// penalties: by status and confidence (fuzzy matches) and by relation (every match).
///
/// The defaults keep human memories whole: an `imported` or `approved` unit loses nothing. An
/// `aligned` unit loses 3 points plus `10 · (1 − confidence)`, its confidence being the calibrated
/// probability that it is right. A `partial` unit loses 15 more and a `related` one 30 more
/// (they are offered only when asked for). Status penalties leave exact matches alone, so that
/// an exact match stays 100 % (or 101 % in context) whatever made its unit.
public struct MatchPenalties: Sendable, Equatable {
    public var approved = 0
    public var imported = 0
    public var aligned = 3
    /// Points an aligned unit loses at confidence 0, in proportion to its missing confidence.
    public var confidence = 10
    public var translation = 0
    public var partial = 15
    public var related = 30

    public init() {}

    /// The defaults with the penalties `text` names changed: comma-separated `name=points`, the
    /// names being `approved`, `imported`, `aligned`, `confidence`, `translation`, `partial` and
    /// `related`, the points 0–100 ("aligned=5,related=40").
    /// - Throws: `MatchPenalties.ParseError` naming the part that is not understood.
    public init(parsing text: String) throws {
        self.init()
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, let points = Int(pair[1]), (0...100).contains(points) else {
                throw ParseError(part: String(part.prefix(40)))
            }
            switch pair[0] {
            case "approved": approved = points
            case "imported": imported = points
            case "aligned": aligned = points
            case "confidence": confidence = points
            case "translation": translation = points
            case "partial": partial = points
            case "related": related = points
            default: throw ParseError(part: String(part.prefix(40)))
            }
        }
    }

    /// A part of a penalties text that is not `name=points` with a known name and 0–100 points.
    public struct ParseError: Error, CustomStringConvertible {
        public var part: String
        public var description: String {
            "'\(part)' is not a penalty: expected name=points (0–100), the names being approved, imported, aligned, confidence, translation, partial and related"
        }
    }

    /// The points a fuzzy match of a unit with this status, confidence and relation loses.
    public func points(status: UnitStatus, confidence: Double?, relation: UnitRelation) -> Int {
        let forStatus: Int
        switch status {
        case .approved: forStatus = approved
        case .imported: forStatus = imported
        case .aligned:
            forStatus = aligned + Int((Double(self.confidence) * (1 - min(1, max(0, confidence ?? 1)))).rounded())
        case .rejected, .deleted: forStatus = 100
        }
        return forStatus + points(relation: relation)
    }

    /// The points any match of a unit with this relation loses, exact matches included.
    public func points(relation: UnitRelation) -> Int {
        switch relation {
        case .translation: translation
        case .partial: partial
        case .related: related
        }
    }
}
