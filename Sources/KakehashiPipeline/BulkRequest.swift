import Foundation
public import KakehashiMemory

/// A bulk change as the command line and the server take it: a filter of named fields, an
/// action, and whether it is only a preview. Both parse it here, so they accept the same words.
public struct BulkRequest: Sendable {
    public var selection: UnitSelection
    public var action: BulkAction
    public var dryRun: Bool

    public init(selection: UnitSelection, action: BulkAction, dryRun: Bool) {
        self.selection = selection
        self.action = action
        self.dryRun = dryRun
    }

    /// The filter's field names: `source_file`, `relation` and `status` (comma-separated names),
    /// `min_confidence`, `max_confidence` (0–1), `since` and `before` (dates, `2026-12-01` or ISO 8601).
    public static let filterFields = [
        "source_file", "relation", "status", "min_confidence", "max_confidence", "since", "before",
    ]

    /// The selection the filter's fields describe.
    /// - Throws: `PipelineError` `.usage` naming the field that is not understood.
    public static func selection(_ fields: [String: String]) throws -> UnitSelection {
        if let unknown = fields.keys.sorted().first(where: { !filterFields.contains($0) }) {
            throw PipelineError(
                .usage,
                "unknown filter field '\(unknown.prefix(40))': the fields are \(filterFields.joined(separator: ", "))")
        }
        var selection = UnitSelection()
        if let file = fields["source_file"], !file.isEmpty {
            guard file.count <= 1000 else { throw PipelineError(.usage, "'source_file' has at most 1000 characters") }
            selection.sourceFile = file
        }
        if let text = fields["relation"] {
            guard let set = UnitRelation.set(parsing: text) else {
                throw PipelineError(.usage, "'relation' is translation, partial or related, comma-separated")
            }
            selection.relations = set
        }
        if let text = fields["status"] {
            guard let set = ExportFilter.statuses(parsing: text), !set.contains(.deleted) else {
                throw PipelineError(.usage, "'status' is aligned, imported, approved or rejected, comma-separated")
            }
            selection.statuses = set
        }
        for (name, path) in [
            ("min_confidence", \UnitSelection.minimumConfidence), ("max_confidence", \UnitSelection.maximumConfidence),
        ] {
            guard let text = fields[name] else { continue }
            guard let value = Double(text), (0...1).contains(value) else {
                throw PipelineError(.usage, "'\(name)' is a number from 0 to 1, not '\(text.prefix(40))'")
            }
            selection[keyPath: path] = value
        }
        for (name, path) in [("since", \UnitSelection.changedSince), ("before", \UnitSelection.changedBefore)] {
            guard let text = fields[name] else { continue }
            guard let date = BulkRequest.date(text) else {
                throw PipelineError(.usage, "'\(name)' is a date such as 2026-12-01, not '\(text.prefix(40))'")
            }
            selection[keyPath: path] = date
        }
        return selection
    }

    /// The action a name and its fields describe: `approve`, `reject`, or `replace` with
    /// `language` (en or ja), `pattern` (an ICU regular expression) and `replacement`.
    /// - Throws: `PipelineError` `.usage` naming what is missing or wrong.
    public static func action(
        _ name: String, language: String? = nil, pattern: String? = nil, replacement: String? = nil
    ) throws -> BulkAction {
        switch name {
        case "approve": return .approve
        case "reject": return .reject
        case "replace":
            guard let language, ["en", "ja"].contains(language) else {
                throw PipelineError(.usage, "a replacement names its side: 'language' en or ja")
            }
            guard let pattern, !pattern.isEmpty else { throw PipelineError(.usage, "a replacement needs a 'pattern'") }
            return .replace(language: language, pattern: pattern, replacement: replacement ?? "")
        default:
            throw PipelineError(.usage, "the action is approve, reject or replace, not '\(name.prefix(40))'")
        }
    }

    /// `2026-12-01` (midnight UTC) or a full ISO 8601 date and time.
    static func date(_ text: String) -> Date? {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}

extension BulkResult {
    /// `{"id","count","sample":[{"unit","before","after"}],"skipped":[…]}` (id null for a dry run).
    public var json: String {
        JSON.object([
            ("id", id.map(String.init) ?? "null"), ("dry_run", id == nil ? "true" : "false"), ("count", String(count)),
            (
                "sample",
                JSON.array(
                    sample.map {
                        JSON.object([("unit", String($0.unitID)), ("before", $0.before.json), ("after", $0.after.json)])
                    })
            ),
            ("skipped", "[" + skipped.map(String.init).joined(separator: ",") + "]"),
        ])
    }
}
