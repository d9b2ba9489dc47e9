import ArgumentParser
import Foundation
import KakehashiMemory
import KakehashiPipeline

/// `kakehashi bulk …`: one change to every unit a filter takes, previewed first, undone as one.
struct BulkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk",
        abstract: "Approve, reject or search-and-replace every unit a filter takes; undo a bulk change as one.",
        discussion: """
            A bulk change is one transaction: it is made whole or not at all (a kill -9 included). Each unit it \
            changes gets an entry in its history under the bulk change's id, which 'kakehashi bulk undo ID' \
            undoes as one (units changed again since keep their later change). --dry-run prints what would \
            change and changes nothing. Deleted units are never taken; rejected ones only with --status rejected.
            """,
        subcommands: [Approve.self, Reject.self, Replace.self, Undo.self])

    /// The filter and what every bulk change takes.
    struct Filter: ParsableArguments {
        @OptionGroup var memory: MemoryOption

        @Option(help: "Units with a source file whose path contains this text.")
        var sourceFile: String?

        @Option(help: "Relations, comma-separated: translation, partial, related.")
        var relation: String?

        @Option(help: "Statuses, comma-separated: aligned, imported, approved, rejected (default: all but rejected).")
        var status: String?

        @Option(help: "Least confidence (0–1); units without one count as 1.")
        var minConfidence: String?

        @Option(help: "Greatest confidence (0–1).")
        var maxConfidence: String?

        @Option(help: "Units changed on or after this date (2026-12-01 or ISO 8601).")
        var since: String?

        @Option(help: "Units changed before this date.")
        var before: String?

        @Flag(help: "Print what would change; change nothing.")
        var dryRun = false

        @Option(name: .customLong("as"), help: "Who makes the change (default: the login name).")
        var user: String = NSUserName()

        @Option(help: "Output format.")
        var format: OutputFormat = .text

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

        func selection() throws -> UnitSelection {
            var fields: [String: String] = [:]
            for (name, value) in [
                ("source_file", sourceFile), ("relation", relation), ("status", status),
                ("min_confidence", minConfidence), ("max_confidence", maxConfidence), ("since", since),
                ("before", before),
            ] {
                if let value { fields[name] = value }
            }
            do { return try BulkRequest.selection(fields) } catch let error as PipelineError {
                throw ValidationError(error.message)
            }
        }

        /// Runs the bulk change and prints its result.
        func run(_ action: BulkAction) async throws {
            let selection = try selection(), dryRun = self.dryRun, user = self.user
            let result = try await bulkReviewing(memory) { memory in
                try await memory.bulkChange(selection, action, dryRun: dryRun, by: user, at: Date())
            }
            BulkCommand.print(result, format: format)
        }
    }

    static func print(_ result: BulkResult, format: Filter.OutputFormat) {
        let out = OutputBuffer()
        switch format {
        case .json: out.line(result.json)
        case .text:
            if let id = result.id {
                out.line("bulk change \(id): \(result.count) units changed (undo: kakehashi bulk undo \(id))")
            } else {
                out.line("dry run: \(result.count) units would change")
            }
            for item in result.sample {
                out.line("  unit \(item.unitID): \(item.before.json) -> \(item.after.json)")
            }
            if result.count > result.sample.count { out.line("  … and \(result.count - result.sample.count) more") }
            if !result.skipped.isEmpty {
                out.line(
                    "left as they are, changed since: units "
                        + result.skipped.prefix(20).map(String.init).joined(separator: ", "))
            }
        }
        out.flush()
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve every unit the filter takes.")
        @OptionGroup var filter: Filter
        func run() async throws { try await filter.run(.approve) }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject every unit the filter takes.")
        @OptionGroup var filter: Filter
        func run() async throws { try await filter.run(.reject) }
    }

    struct Replace: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a regular expression's matches in one side of every unit the filter takes.",
            discussion: "The pattern is an ICU regular expression; in the replacement, $1 stands for group 1.")
        @Argument(help: "The side: en or ja.") var language: String
        @Argument(help: "An ICU regular expression.") var pattern: String
        @Argument(help: "The replacement ($0–$9 for the match and its groups).") var replacement: String
        @OptionGroup var filter: Filter

        func run() async throws {
            let action: BulkAction
            do {
                action = try BulkRequest.action(
                    "replace", language: language, pattern: pattern, replacement: replacement)
            } catch let error as PipelineError { throw ValidationError(error.message) }
            try await filter.run(action)
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo a bulk change as one (units changed again since keep their later change).")
        @Argument(help: "The bulk change's id.") var id: Int64
        @OptionGroup var memory: MemoryOption
        @Option(name: .customLong("as"), help: "Who makes the change (default: the login name).")
        var user: String = NSUserName()
        @Option(help: "Output format.") var format: Filter.OutputFormat = .text

        func run() async throws {
            let id = self.id, user = self.user
            let result = try await bulkReviewing(memory) { memory in
                try await memory.undoBulkChange(id, by: user, at: Date())
            }
            BulkCommand.print(result, format: format)
        }
    }
}

/// Runs `body` on the memory as one that takes bulk changes; their errors become messages and
/// exit statuses: no such bulk change 66, a bad pattern or too many units 64, a unit's failure 65.
func bulkReviewing<T: Sendable>(
    _ option: MemoryOption, _ body: @escaping @Sendable (any BulkReviewableMemory) async throws -> T
) async throws -> T {
    do {
        return try await reviewing(option) { memory in
            guard let bulk = memory as? any BulkReviewableMemory else {
                throw PipelineError(.usage, "\(memory.location): this memory takes no bulk changes")
            }
            return try await body(bulk)
        }
    } catch let error as BulkError {
        switch error {
        case .noSuchBulkChange: throw fail(error.description, code: ExitStatus.noInput)
        case .badPattern, .tooMany: throw fail(error.description, code: ExitStatus.usage)
        case .alreadyUndone, .unit: throw fail(error.description, code: ExitStatus.dataError)
        }
    }
}
