public import Foundation
import ICUKit

/// Which units a bulk change takes: every condition given must hold. Deleted units are never
/// taken; rejected ones only when `statuses` names `rejected`.
public struct UnitSelection: Sendable, Equatable {
    /// Units with a source file whose path contains this text.
    public var sourceFile: String?
    public var relations: Set<UnitRelation>?
    /// Units of these statuses (nil: every status but `rejected` and `deleted`).
    public var statuses: Set<UnitStatus>?
    /// Confidence at least this (units without one, such as imports, count as 1).
    public var minimumConfidence: Double?
    /// Confidence at most this.
    public var maximumConfidence: Double?
    /// Changed at or after this date.
    public var changedSince: Date?
    /// Changed before this date.
    public var changedBefore: Date?
    /// Units with one of these de-duplication keys (`PreparedUnit.dedup`): the units that an
    /// ingest or import met again.
    public var dedupKeys: [Int64]?

    public init(
        sourceFile: String? = nil, relations: Set<UnitRelation>? = nil, statuses: Set<UnitStatus>? = nil,
        minimumConfidence: Double? = nil, maximumConfidence: Double? = nil, changedSince: Date? = nil,
        changedBefore: Date? = nil, dedupKeys: [Int64]? = nil
    ) {
        self.dedupKeys = dedupKeys
        self.sourceFile = sourceFile
        self.relations = relations
        self.statuses = statuses
        self.minimumConfidence = minimumConfidence
        self.maximumConfidence = maximumConfidence
        self.changedSince = changedSince
        self.changedBefore = changedBefore
    }

    /// The SQL conditions on `unit` of everything but `sourceFile` (which the backend binds as a
    /// parameter): closed sets of names and numbers, the same text for SQLite and PostgreSQL.
    package var conditions: [String] {
        var result: [String] = []
        let statuses = (self.statuses ?? [.aligned, .imported, .approved]).subtracting([.deleted])
        let names = UnitStatus.allCases.filter(statuses.contains).map { "'\($0.rawValue)'" }
        result.append(names.isEmpty ? "FALSE" : "status IN (\(names.joined(separator: ", ")))")
        if let relations {
            let names = UnitRelation.allCases.filter(relations.contains).map { "'\($0.rawValue)'" }
            result.append(
                names.isEmpty ? "FALSE" : "coalesce(relation, 'related') IN (\(names.joined(separator: ", ")))")
        }
        if let minimumConfidence { result.append("coalesce(confidence, 1) >= \(minimumConfidence)") }
        if let maximumConfidence { result.append("coalesce(confidence, 1) <= \(maximumConfidence)") }
        if let changedSince { result.append("changed_at >= \(changedSince.timeIntervalSince1970)") }
        if let changedBefore { result.append("changed_at < \(changedBefore.timeIntervalSince1970)") }
        if let dedupKeys {
            result.append(
                dedupKeys.isEmpty ? "FALSE" : "dedup IN (\(dedupKeys.map(String.init).joined(separator: ",")))")
        }
        return result
    }

    /// The selection as JSON (what the bulk change's record keeps).
    public var json: String {
        var fields: [(String, Any)] = []
        if let sourceFile { fields.append(("source_file", sourceFile)) }
        if let relations {
            fields.append(("relation", UnitRelation.allCases.filter(relations.contains).map(\.rawValue)))
        }
        if let statuses { fields.append(("status", UnitStatus.allCases.filter(statuses.contains).map(\.rawValue))) }
        if let minimumConfidence { fields.append(("min_confidence", minimumConfidence)) }
        if let maximumConfidence { fields.append(("max_confidence", maximumConfidence)) }
        let iso = ISO8601DateFormatter()
        if let changedSince { fields.append(("since", iso.string(from: changedSince))) }
        if let changedBefore { fields.append(("before", iso.string(from: changedBefore))) }
        if let dedupKeys { fields.append(("units_met_again", dedupKeys.count)) }
        let object = Dictionary(fields, uniquingKeysWith: { a, _ in a })
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// What a bulk change does to each unit it takes.
public enum BulkAction: Sendable, Equatable {
    case approve
    case reject
    /// Every match of `pattern` (an ICU regular expression) in the `language` side replaced by
    /// `replacement` (`$1` for a group); units whose side does not match are left alone.
    case replace(language: String, pattern: String, replacement: String)
    /// Status `status` again for a rejected unit that an ingest or import met again, when told
    /// to reconsider rejections (`--reconsider-rejected`).
    case reconsider(as: UnitStatus)

    /// The action's name in the history ("bulk approve", …).
    public var name: String {
        switch self {
        case .approve: "bulk approve"
        case .reject: "bulk reject"
        case .replace: "bulk replace"
        case .reconsider: "reconsider"
        }
    }

    /// The longest pattern or replacement accepted, in characters.
    public static let maximumPatternCharacters = 1000

    /// Makes the per-unit work of the action: a function from a unit's state to its changed state,
    /// or nil when the action leaves the unit as it is.
    /// - Throws: `BulkError.badPattern` for a pattern ICU does not compile.
    public func prepared() throws -> @Sendable (ReviewState) throws -> ReviewState? {
        switch self {
        case .approve:
            return { $0.status == .approved ? nil : try UnitChange.approve.applied(to: $0) }
        case .reject:
            return { $0.status == .rejected ? nil : try UnitChange.reject.applied(to: $0) }
        case .reconsider(let status):
            return { state in
                guard state.status == .rejected else { return nil }
                var next = state
                next.status = status
                return next
            }
        case .replace(let language, let pattern, let replacement):
            guard pattern.count <= Self.maximumPatternCharacters, replacement.count <= Self.maximumPatternCharacters
            else {
                throw BulkError.badPattern(
                    "a pattern or replacement has at most \(Self.maximumPatternCharacters) characters")
            }
            do { _ = try ICURegex(pattern) } catch { throw BulkError.badPattern("\(error)") }
            return { state in
                guard let text = state.texts[language] else { return nil }
                // One regex per call: ICU's are stateful. A pattern that backtracks without end stops.
                let regex = try ICURegex(pattern)
                try regex.limitTime(steps: 200)
                let replaced: String
                do { replaced = try regex.replacingMatches(in: text, with: replacement) } catch {
                    throw BulkError.badPattern("the pattern takes too long on some unit's text: \(error)")
                }
                guard replaced != text else { return nil }
                return try UnitChange.edit(language: language, text: replaced).applied(to: state)
            }
        }
    }
}

/// One unit a bulk change changes (or would change): its state before and after.
public struct BulkItem: Sendable, Equatable {
    public var unitID: Int64
    public var before: ReviewState
    public var after: ReviewState

    public init(unitID: Int64, before: ReviewState, after: ReviewState) {
        self.unitID = unitID
        self.before = before
        self.after = after
    }
}

/// What a bulk change did, or would do in a dry run: how many units it changes and the first
/// of them (`sampleSize`), with the bulk change's id when it was made.
public struct BulkResult: Sendable, Equatable {
    /// The bulk change's id, for its undo; nil for a dry run.
    public var id: Int64?
    public var count: Int
    public var sample: [BulkItem]
    /// Units an undo left alone because a reviewer changed them after the bulk change.
    public var skipped: [Int64] = []

    public init(id: Int64?, count: Int, sample: [BulkItem], skipped: [Int64] = []) {
        self.id = id
        self.count = count
        self.sample = sample
        self.skipped = skipped
    }

    /// Units shown as a sample.
    public static let sampleSize = 20

    /// Counts one unit the change takes; the first `sampleSize` are kept as the sample.
    package mutating func add(unit id: Int64, before: ReviewState, after: ReviewState) {
        count += 1
        if sample.count < BulkResult.sampleSize { sample.append(BulkItem(unitID: id, before: before, after: after)) }
    }
}

/// Why a bulk change was not made. Nothing is changed then.
public enum BulkError: Error, Equatable, CustomStringConvertible {
    case badPattern(String)
    /// More units match than one bulk change may take.
    case tooMany(maximum: Int)
    case noSuchBulkChange(Int64)
    case alreadyUndone(Int64)
    /// A unit's change failed (an edit making it a duplicate, a text too long).
    case unit(Int64, ReviewError)

    public var description: String {
        switch self {
        case .badPattern(let why): "bad pattern: \(why)"
        case .tooMany(let maximum): "more than \(maximum) units match: narrow the filter"
        case .noSuchBulkChange(let id): "no bulk change \(id)"
        case .alreadyUndone(let id): "bulk change \(id) is already undone"
        case .unit(let id, let error): "unit \(id): \(error)"
        }
    }

    /// The most units one bulk change takes (one transaction).
    public static let maximumUnits = 100_000
}

/// A reviewable memory that also takes bulk changes: each is one transaction, recorded in the
/// history of every unit it changes under one bulk id, and undone as one.
public protocol BulkReviewableMemory: ReviewableMemory {
    /// Makes `action` on every unit `selection` takes (or, with `dryRun`, only says what it would do).
    /// - Throws: `BulkError` (nothing changes then), or the backend's `MemoryBackendError`.
    func bulkChange(
        _ selection: UnitSelection, _ action: BulkAction, dryRun: Bool, by user: String, at date: Date
    ) async throws -> BulkResult
    /// Restores every unit bulk change `id` changed as it was before, but those a later change
    /// touched (`BulkResult.skipped`); one transaction, itself a bulk change.
    /// - Throws: `BulkError` (nothing changes then), or the backend's `MemoryBackendError`.
    func undoBulkChange(_ id: Int64, by user: String, at date: Date) async throws -> BulkResult
}
