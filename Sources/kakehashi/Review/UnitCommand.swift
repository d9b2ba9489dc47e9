import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi unit …`: one unit as reviewers see it, and their changes to it.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract:
            "Show, approve, reject, relabel, edit, annotate or delete a unit; see its history; undo its latest change.",
        discussion: """
            Unit ids are those lookups give ("id" in --format json). Every change makes a new version of the \
            unit, recorded in its history with the user (--as, default: the login name); a change names the \
            version it was made on (--on-version, default: the current one) and is refused when the unit has \
            changed since (exit 75). Rejected and deleted units leave lookups and exports, and ingesting or \
            importing the same pair again does not bring them back (unless --reconsider-rejected says so).
            """,
        subcommands: [
            Show.self, Approve.self, Reject.self, Relabel.self, Edit.self, Note.self, Delete.self, History.self,
            Undo.self,
        ])

    /// What every change command takes: the unit, the memory, who, and on which version.
    struct Target: ParsableArguments {
        @Argument(help: "The unit's id.")
        var id: Int64

        @OptionGroup var memory: MemoryOption

        @Option(name: .customLong("as"), help: "Who makes the change (default: the login name).")
        var user: String = NSUserName()

        @Option(help: "The version the change is made on (default: the unit's current version).")
        var onVersion: Int?

        /// Runs `change` on the reviewable memory at the version to change, and prints the result.
        func run(
            _ change: @escaping @Sendable (any ReviewableMemory, Int, String) async throws -> Int
        ) async throws {
            let id = self.id, user = self.user, onVersion = self.onVersion
            let (version, unit) = try await reviewing(memory) { memory in
                var current = onVersion
                if current == nil { current = try await memory.version(ofUnit: id) }
                guard let current else { throw ReviewError.noSuchUnit(id) }
                let version = try await change(memory, current, user)
                return (version, try await memory.unit(id: id))
            }
            print("unit \(id): version \(version), \(unit.map(UnitCommand.summary) ?? "deleted")")
        }
    }

    /// "approved translation, 2 notes".
    static func summary(_ unit: TranslationUnit) -> String {
        "\(unit.status.rawValue) \(unit.relation.rawValue)"
            + (unit.notes.isEmpty ? "" : ", \(unit.notes.count) note" + (unit.notes.count == 1 ? "" : "s"))
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a unit: its sides, status, relation, version, notes and sources.")
        @Argument(help: "The unit's id.") var id: Int64
        @OptionGroup var memory: MemoryOption

        func run() async throws {
            let id = self.id
            let (unit, version) = try await reviewing(memory) { memory in
                guard let unit = try await memory.unit(id: id), let version = try await memory.version(ofUnit: id)
                else {
                    throw ReviewError.noSuchUnit(id)
                }
                return (unit, version)
            }
            print("unit \(id) (version \(version)): \(UnitCommand.summary(unit))")
            for v in unit.variants { print("  \(v.language): \(v.text)") }
            for n in unit.notes { print("  note: \(n.value)") }
            for p in unit.provenance { print("  from: \(p.sourceFile)" + (p.document.map { " (\($0))" } ?? "")) }
            if let by = unit.changeID { print("  last changed by: \(by)") }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a unit approved.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.run { m, v, user in
                try await m.change(unit: target.id, at: v, .approve, by: user, at: Date())
            }
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a unit's pair wrong: it leaves lookups and exports.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.run { m, v, user in
                try await m.change(unit: target.id, at: v, .reject, by: user, at: Date())
            }
        }
    }

    struct Relabel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set what a unit's sides are to each other.")
        @OptionGroup var target: Target
        @Argument(help: "translation, partial or related.") var relation: String
        func validate() throws {
            guard UnitRelation(rawValue: relation) != nil else {
                throw ValidationError("the relation is translation, partial or related, not '\(relation)'")
            }
        }
        func run() async throws {
            let relation = UnitRelation(rawValue: self.relation)!
            try await target.run { m, v, user in
                try await m.change(unit: target.id, at: v, .relabel(relation), by: user, at: Date())
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give one side of a unit new text (its match key and index entries follow).")
        @OptionGroup var target: Target
        @Argument(help: "The side: en or ja.") var language: String
        @Argument(help: "The new text.") var text: String
        func run() async throws {
            let language = self.language, text = self.text
            try await target.run { m, v, user in
                try await m.change(unit: target.id, at: v, .edit(language: language, text: text), by: user, at: Date())
            }
        }
    }

    struct Note: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a note to a unit.")
        @OptionGroup var target: Target
        @Argument(help: "The note's text.") var text: String
        func run() async throws {
            let text = self.text
            try await target.run { m, v, user in
                try await m.change(unit: target.id, at: v, .note(text), by: user, at: Date())
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a unit: it leaves lookups, exports and the review queue; undo brings it back.")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.run { m, v, user in
                try await m.change(unit: target.id, at: v, .delete, by: user, at: Date())
            }
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a unit as it was before its latest change (again: before the change before that).")
        @OptionGroup var target: Target
        func run() async throws {
            try await target.run { m, v, user in try await m.undo(unit: target.id, at: v, by: user, at: Date()) }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A unit's changes, newest first: version, date, user, change, before and after.")
        @Argument(help: "The unit's id.") var id: Int64
        @OptionGroup var memory: MemoryOption

        func run() async throws {
            let id = self.id
            let history = try await reviewing(memory) { memory in
                let history = try await memory.history(ofUnit: id)
                if history.isEmpty, try await memory.version(ofUnit: id) == nil { throw ReviewError.noSuchUnit(id) }
                return history
            }
            if history.isEmpty { print("unit \(id) has not been changed") }
            let date = ISO8601DateFormatter()
            for h in history {
                print(
                    "v\(h.version)  \(date.string(from: h.date))  \(h.user)  \(h.change)"
                        + (h.undoneBy != nil ? " (undone)" : "") + ": \(h.before.json) -> \(h.after.json)")
            }
        }
    }
}

/// Runs `body` on the memory as a reviewable one; review errors become messages and exit statuses:
/// no such unit 66, a stale version 75 (try again), nothing to undo or a text too long 65.
func reviewing<T: Sendable>(
    _ option: MemoryOption, _ body: @escaping @Sendable (any ReviewableMemory) async throws -> T
) async throws -> T {
    do {
        return try await option.with(mustExist: true) { memory in
            guard let reviewable = memory as? any ReviewableMemory else {
                throw PipelineError(.usage, "\(memory.location): this memory cannot be reviewed")
            }
            return try await body(reviewable)
        }
    } catch let error as ReviewError {
        switch error {
        case .noSuchUnit: throw fail(error.description, code: ExitStatus.noInput)
        case .staleVersion: throw fail(error.description, code: ExitStatus.tryAgain)
        case .nothingToUndo, .tooLong, .emptyText, .noSuchSide, .duplicate, .unitDeleted:
            throw fail(error.description, code: ExitStatus.dataError)
        }
    }
}
