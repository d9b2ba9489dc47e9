public import Foundation

/// Which units an export takes.
public struct ExportFilter: Sendable {
    /// Units whose alignment confidence is at least this (units without one, such as imports, count as 1).
    public var minimumConfidence: Double?
    /// Only variants in these languages (primary subtags); units left with fewer than two are skipped.
    public var languages: [String]?
    /// Only units changed at or after this date.
    public var since: Date?
    /// Only units of these relations (nil: every relation). An aligned unit of a release before
    /// relations, not scored again yet, counts as `related`.
    public var relations: Set<UnitRelation>?
    /// Whether rejected and deleted units are written too (a copy of the whole memory); false for exports.
    public var includesRejected = false
    /// Only units of these statuses (nil: every status but `rejected` and `deleted`, unless `includesRejected`).
    public var statuses: Set<UnitStatus>?

    /// The statuses a comma-separated list names ("approved,imported"); nil when one is unknown.
    public static func statuses(parsing text: String) -> Set<UnitStatus>? {
        var set = Set<UnitStatus>()
        for name in text.split(separator: ",") {
            guard let status = UnitStatus(rawValue: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            set.insert(status)
        }
        return set.isEmpty ? nil : set
    }

    public init(
        minimumConfidence: Double? = nil, languages: [String]? = nil, since: Date? = nil,
        relations: Set<UnitRelation>? = nil
    ) {
        self.minimumConfidence = minimumConfidence
        self.languages = languages
        self.since = since
        self.relations = relations
    }

    /// A text naming the filter, equal for filters that pass the same units (every field counts),
    /// so that an export written for one can serve the other.
    package var signature: String {
        func names<T: RawRepresentable & CaseIterable>(_ set: Set<T>?) -> String where T.RawValue == String {
            set.map { s in T.allCases.filter(s.contains).map(\.rawValue).joined(separator: "+") } ?? "*"
        }
        return [
            minimumConfidence.map { "\($0)" } ?? "*", languages?.joined(separator: ",") ?? "*",
            since.map { "\($0.timeIntervalSince1970)" } ?? "*", names(relations), names(statuses),
            includesRejected ? "with-rejected" : "",
        ].joined(separator: ";")
    }

    /// The SQL condition on `unit.status` (the names are a closed set, quoted here), or nil when
    /// every unit passes.
    package var statusCondition: String? {
        if let statuses {
            let names = UnitStatus.allCases.filter(statuses.contains).map { "'\($0.rawValue)'" }
            return names.isEmpty ? "FALSE" : "status IN (\(names.joined(separator: ", ")))"
        }
        return includesRejected ? nil : UnitStatus.offeredCondition
    }

    /// The SQL condition on `unit.relation` (the same text for SQLite and PostgreSQL: the names
    /// are a closed set, quoted here), or nil when every relation passes.
    package var relationCondition: String? {
        guard let relations, relations.count < UnitRelation.allCases.count else { return nil }
        let names = UnitRelation.allCases.filter(relations.contains).map { "'\($0.rawValue)'" }
        return names.isEmpty ? "FALSE" : "coalesce(relation, 'related') IN (\(names.joined(separator: ", ")))"
    }
}

extension PreparedUnit {
    /// Runs `body` while a thread of its own reads the TMX file at `path` and prepares its units
    /// (`PreparedUnit.init`, with their lines), handing them over in order, a chunk at a time:
    /// parsing and preparing overlap with the caller's writing. An error in the file reaches
    /// `body` from `take`, after the units before it.
    package static func reading<T>(tmx path: String, _ body: (Handoff<[PreparedUnit]>) throws -> T) throws -> T {
        let handoff = Handoff<[PreparedUnit]>(capacity: 16)
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            do {
                var chunk: [PreparedUnit] = []
                chunk.reserveCapacity(256)
                _ = try TMXReader.read(
                    path: path,
                    withLines: { unit, line in
                        var prepared = try PreparedUnit(unit)
                        prepared.line = line
                        chunk.append(prepared)
                        if chunk.count == 256 {
                            guard handoff.put(chunk) else { throw Handoff<[PreparedUnit]>.Cancelled() }
                            chunk.removeAll(keepingCapacity: true)
                        }
                    })
                if !chunk.isEmpty { _ = handoff.put(chunk) }
                handoff.finish(failure: nil)
            } catch {
                handoff.finish(failure: error)
            }
            done.signal()
        }
        reader.stackSize = 8 << 20
        reader.start()
        defer {
            handoff.cancel()
            done.wait()
        }
        return try body(handoff)
    }
}

/// A bounded hand-over of work from one producer thread to one consumer: `put` blocks while
/// `capacity` items wait; `take` returns the items in order, then nil at the end, or rethrows
/// the producer's error after the items it sent before failing.
package final class Handoff<Element: Sendable>: @unchecked Sendable {
    /// Thrown by a producer whose consumer has gone.
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Hands `item` over; false when the consumer has cancelled.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - head >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        if head > 64 { items.removeFirst(head); head = 0 }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// The producer is done, successfully or with `failure`.
    func finish(failure: (any Error)?) {
        condition.lock()
        finished = true
        self.failure = failure
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops taking: a blocked or later `put` returns false.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, nil at the end; rethrows the producer's error after its items.
    package func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.count == head && !finished { condition.wait() }
        if items.count > head {
            let item = items[head]
            head += 1
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }
}

/// Rows of the unit, variant and provenance tables as values (variants and provenance are left
/// to the caller, who reads them by unit).
package struct RowDecoder {
    private let json = JSONDecoder()

    package init() {}

    /// A JSON array column (attributes, props, notes) as values; empty when NULL or unreadable.
    package func decode<T: Decodable>(_ text: String?, _ type: [T].Type) -> [T] {
        guard let text, let data = text.data(using: .utf8) else { return [] }
        return (try? json.decode(type, from: data)) ?? []
    }
}
