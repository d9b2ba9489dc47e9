public import Foundation

/// A reviewer's change to one unit.
public enum UnitChange: Sendable, Equatable {
    /// Status `approved`.
    case approve
    /// Status `rejected`: the pair is wrong, and stays out of lookups and exports.
    case reject
    /// A new relation between the sides.
    case relabel(UnitRelation)
    /// A note added to the unit.
    case note(String)
    /// New text for the side in `language` (its primary subtag, "en" or "ja"): its match key,
    /// index entries and the unit's de-duplication key follow.
    case edit(language: String, text: String)
    /// Status `deleted` (an admin's change): the unit leaves lookups, exports and the review
    /// queue, and the same pair ingested or imported again stays deleted. Its history stays, so
    /// that the deletion can be undone.
    case delete
    /// Several of the above, in order, as one change.
    indirect case several([UnitChange])

    /// The change's name in the history ("approve", "relabel", …).
    public var name: String {
        switch self {
        case .approve: "approve"
        case .reject: "reject"
        case .relabel: "relabel"
        case .note: "note"
        case .edit: "edit"
        case .delete: "delete"
        case .several(let changes): changes.map(\.name).joined(separator: "+")
        }
    }

    private var isSeveral: Bool {
        if case .several = self { return true }
        return false
    }

    /// True when the change deletes the unit (what only an admin may do).
    public var deletes: Bool {
        switch self {
        case .delete: true
        case .several(let changes): changes.contains { $0.deletes }
        default: false
        }
    }

    /// The longest note or side accepted, in characters.
    public static let maximumNoteCharacters = 10_000

    /// `state` with the change made.
    /// - Throws: `ReviewError.tooLong` for a note over `maximumNoteCharacters`.
    public func applied(to state: ReviewState) throws -> ReviewState {
        var next = state
        if state.status == .deleted, !isSeveral { throw ReviewError.unitDeleted }
        switch self {
        case .delete: next.status = .deleted
        case .approve: next.status = .approved
        case .reject: next.status = .rejected
        case .relabel(let relation): next.relation = relation
        case .note(let text):
            guard text.count <= UnitChange.maximumNoteCharacters else {
                throw ReviewError.tooLong(characters: text.count, maximum: UnitChange.maximumNoteCharacters)
            }
            next.notes.append(TMXNote(value: text))
        case .edit(let language, let text):
            guard next.texts[language] != nil else { throw ReviewError.noSuchSide(language) }
            guard text.count <= UnitChange.maximumNoteCharacters else {
                throw ReviewError.tooLong(characters: text.count, maximum: UnitChange.maximumNoteCharacters)
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ReviewError.emptyText }
            next.texts[language] = text
        case .several(let changes):
            for change in changes { next = try change.applied(to: next) }
        }
        return next
    }
}

/// What a review can change of a unit, kept before and after every change in the unit's history,
/// so that any change can be undone by restoring its `before`.
public struct ReviewState: Sendable, Equatable, Codable {
    public var status: UnitStatus
    /// Nil for an aligned unit of a release before relations, not scored again yet.
    public var relation: UnitRelation?
    public var notes: [TMXNote]
    /// The text of each side, by primary language subtag (the first variant of each language).
    public var texts: [String: String]

    public init(status: UnitStatus, relation: UnitRelation?, notes: [TMXNote], texts: [String: String]) {
        self.status = status
        self.relation = relation
        self.notes = notes
        self.texts = texts
    }

    /// The state as the memory's columns hold it: the stored names of status and relation (an
    /// unknown status reads as `imported`) and the notes as JSON (`notesJSON`).
    public init(status: String, relation: String?, notesJSON: String?, texts: [String: String]) {
        self.init(
            status: UnitStatus(rawValue: status) ?? .imported, relation: relation.flatMap(UnitRelation.init(rawValue:)),
            notes: notesJSON.flatMap { try? JSONDecoder().decode([TMXNote].self, from: Data($0.utf8)) } ?? [],
            texts: texts)
    }

    /// The notes as the `notes_json` column holds them (nil for none, as an import stores them).
    public var notesJSON: String? {
        guard !notes.isEmpty, let data = try? JSONEncoder().encode(notes) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The state as one line of JSON (what the history stores).
    public var json: String {
        String(decoding: (try? JSONEncoder.sorted.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The state a history's JSON holds.
    /// - Throws: `DecodingError` for JSON that is not a state.
    public init(json: String) throws {
        self = try JSONDecoder().decode(ReviewState.self, from: Data(json.utf8))
    }
}

extension JSONEncoder {
    /// Keys in sorted order: one state, one text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// One change in a unit's history: who made it, when, on which version, and the unit before and after.
public struct UnitHistoryEntry: Sendable, Equatable {
    /// The change's place in the memory's sequence of changes (increasing, never reused).
    public var sequence: Int64
    public var unitID: Int64
    /// The unit's version the change made (the first change of a unit makes version 2).
    public var version: Int
    public var user: String
    public var date: Date
    /// The change's name ("approve", "reject", "relabel", "note", "undo").
    public var change: String
    public var before: ReviewState
    public var after: ReviewState
    /// The sequence number of the undo that reversed this change, if one did.
    public var undoneBy: Int64?

    public init(
        sequence: Int64, unitID: Int64, version: Int, user: String, date: Date, change: String, before: ReviewState,
        after: ReviewState, undoneBy: Int64? = nil
    ) {
        self.sequence = sequence
        self.unitID = unitID
        self.version = version
        self.user = user
        self.date = date
        self.change = change
        self.before = before
        self.after = after
        self.undoneBy = undoneBy
    }
}

/// Why a review change was not made. Nothing is changed then.
public enum ReviewError: Error, Equatable, CustomStringConvertible {
    /// No unit has this id.
    case noSuchUnit(Int64)
    /// The change was made on version `expected`, but the unit is at `current` now: another
    /// reviewer changed it meanwhile.
    case staleVersion(expected: Int, current: Int)
    /// The unit has no change left to undo.
    case nothingToUndo(Int64)
    /// A text over the limit.
    case tooLong(characters: Int, maximum: Int)
    /// An edit that leaves a side without text (or without anything a lookup could match).
    case emptyText
    /// An edit of a language the unit has no side in.
    case noSuchSide(String)
    /// An edit that makes the unit the same as unit `other` (languages, match keys and context).
    case duplicate(of: Int64)
    /// A change of a deleted unit other than undoing its deletion.
    case unitDeleted

    public var description: String {
        switch self {
        case .noSuchUnit(let id): "no unit \(id)"
        case .staleVersion(let expected, let current):
            "the unit changed meanwhile: the change was made on version \(expected), the unit is at version \(current)"
        case .nothingToUndo(let id): "unit \(id) has no change to undo"
        case .tooLong(let n, let maximum): "the text has \(n) characters; at most \(maximum) are accepted"
        case .emptyText: "a side cannot be left without text"
        case .noSuchSide(let language): "the unit has no '\(language.prefix(20))' side"
        case .duplicate(let other): "the edit would make the unit the same as unit \(other)"
        case .unitDeleted: "the unit is deleted; undo the deletion first"
        }
    }
}

/// A memory whose units reviewers change: every change names the version it was made on (a
/// stale one is refused), makes a new version, and is kept in the unit's history with its user,
/// date and the unit before and after, so that it can be undone.
public protocol ReviewableMemory: MemoryStore {
    /// The unit's current version (1 until its first change), or nil when there is no such unit.
    func version(ofUnit id: Int64) async throws -> Int?
    /// Makes `change` on unit `id`, which must be at `version`; returns the new version.
    /// - Throws: `ReviewError` (nothing changes then), or the backend's `MemoryBackendError`.
    func change(
        unit id: Int64, at version: Int, _ change: UnitChange, by user: String, at date: Date
    ) async throws
        -> Int
    /// Restores the unit as it was before its latest change not undone yet (undoing again undoes
    /// the change before that); the undo is itself a change, with a new version.
    /// - Throws: `ReviewError` (nothing changes then), or the backend's `MemoryBackendError`.
    func undo(unit id: Int64, at version: Int, by user: String, at date: Date) async throws -> Int
    /// The unit's changes, newest first.
    /// - Throws: the backend's `MemoryBackendError`.
    func history(ofUnit id: Int64) async throws -> [UnitHistoryEntry]
    /// The memory's changes after sequence number `sequence`, oldest first, at most `limit`, and
    /// the latest sequence number (0 when nothing was ever changed): what another system follows.
    /// - Throws: the backend's `MemoryBackendError`.
    func changes(after sequence: Int64, limit: Int) async throws -> (changes: [UnitHistoryEntry], latest: Int64)
    /// The ids of the units `selection` takes, least confident first (units without a confidence
    /// before them), then by id: a reviewers' queue, `limit` from `offset`. For one status the
    /// order is an index's, so a page costs its own units only.
    /// - Throws: the backend's `MemoryBackendError`.
    func reviewQueue(_ selection: UnitSelection, limit: Int, offset: Int) async throws -> [Int64]
    /// The provenance of at most `limit` units that came from the source file `file` (exactly
    /// that path), by unit id: what a unit's neighbouring sentences are found from.
    /// - Throws: the backend's `MemoryBackendError`.
    func provenance(ofSourceFile file: String, limit: Int) async throws -> [SourcedUnit]
    /// The de-duplication keys of these units (those that exist): how a copy finds them in
    /// another memory.
    /// - Throws: the backend's `MemoryBackendError`.
    func dedupKeys(ofUnits ids: [Int64]) async throws -> [Int64: Int64]
    /// The ids of the units with these de-duplication keys (those that exist).
    /// - Throws: the backend's `MemoryBackendError`.
    func unitIDs(withDedupKeys keys: [Int64]) async throws -> [Int64: Int64]
    /// Appends another memory's history entries (their `unitID`s this memory's, oldest first) in
    /// one transaction, raising each unit's version to the entry's; returns each entry's new
    /// sequence number by its old one. `undoneBy` is left for `markUndone`.
    /// - Throws: the backend's `MemoryBackendError`.
    func appendHistory(_ entries: [UnitHistoryEntry]) async throws -> [Int64: Int64]
    /// Records which undo reversed which change, by this memory's sequence numbers.
    /// - Throws: the backend's `MemoryBackendError`.
    func markUndone(_ pairs: [(change: Int64, undo: Int64)]) async throws
}

/// One unit's provenance in one source file.
public struct SourcedUnit: Sendable, Equatable {
    public var unitID: Int64
    public var provenance: Provenance

    public init(unitID: Int64, provenance: Provenance) {
        self.unitID = unitID
        self.provenance = provenance
    }
}

extension UnitHistoryEntry {
    /// The change an undo of `history` (newest first) reverses: the newest change that is not an
    /// undo and was not undone.
    public static func undoable(in history: [UnitHistoryEntry]) -> UnitHistoryEntry? {
        history.first { $0.change != "undo" && $0.undoneBy == nil }
    }
}
