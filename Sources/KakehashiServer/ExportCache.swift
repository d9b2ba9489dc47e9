import Foundation
import HTTPTypes
import KakehashiMemory

/// TMX exports written once per memory revision and filter, and shared by every client that asks
/// for the same: the first request writes the file into the server's private folder, requests
/// arriving meanwhile wait for that same file, and later ones read it as it is. Each client reads
/// through its own open handle, so a file replaced by a newer revision (or evicted: at most
/// `capacity` are kept) is removed at once, while clients still reading it finish their copy.
actor ExportCache {
    /// Files kept at once (the feed's relations and a few filtered exports).
    let capacity: Int
    private let scratch: ScratchFolder
    /// An export: the memory's revision and the filter's signature (`ExportFilter.signature`).
    struct Key: Hashable, Sendable {
        var revision: String
        var filter: String
    }
    private var files: [Key: String] = [:]
    /// Keys, least recently used first.
    private var order: [Key] = []
    private var writing: [Key: Task<String, any Error>] = [:]
    /// One export is written at a time: a client asking for export after export with ever new
    /// filters holds one thread at most, and waits (or gets 503) for the rest.
    private let writers = RequestGate(capacity: 1, queueLength: 16, patience: .seconds(120))

    init(scratch: ScratchFolder, capacity: Int = 4) {
        self.scratch = scratch
        self.capacity = capacity
    }

    /// An open handle on the export under `key` and its size, writing it with `write` first when
    /// no client has asked for it yet.
    /// - Throws: what `write` throws (nothing is kept then), or `APIError` (500) when the file
    ///   cannot be made or opened.
    func open(
        key: Key, write: @escaping @Sendable (FileHandle) async throws -> Void
    ) async throws -> (
        FileHandle, Int
    ) {
        let path: String
        if let done = files[key] {
            path = done
        } else if let task = writing[key] {
            path = try await task.value
        } else {
            let scratch = self.scratch, writers = self.writers
            let task = Task<String, any Error> {
                guard let path = try await writers.run({ try await ExportCache.write(write, in: scratch) }) else {
                    throw APIError.busy
                }
                return path
            }
            writing[key] = task
            defer { writing[key] = nil }
            path = try await task.value
            keep(path, under: key)
        }
        order.removeAll { $0 == key }
        order.append(key)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            forget(key)
            throw APIError(.internalServerError, "internal", "the export file vanished")
        }
        let size = (try? handle.seekToEnd()).map(Int.init) ?? 0
        try? handle.seek(toOffset: 0)
        return (handle, size)
    }

    /// A new file in `scratch` holding what `write` writes; removed if it fails.
    private static func write(
        _ write: @Sendable (FileHandle) async throws -> Void, in scratch: ScratchFolder
    ) async throws -> String {
        let path = try scratch.newFile(prefix: "export", suffix: ".tmx")
        do {
            guard let out = FileHandle(forWritingAtPath: path) else {
                throw APIError(.internalServerError, "internal", "cannot write a temporary export file")
            }
            defer { try? out.close() }
            try await write(out)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
        return path
    }

    /// Keeps `path` under `key`, removing the file of an older revision of the same export and
    /// the least recently used ones past `capacity`.
    private func keep(_ path: String, under key: Key) {
        for old in files.keys where old != key && old.filter == key.filter { forget(old) }
        files[key] = path
        while files.count > capacity, let oldest = order.first(where: { $0 != key }) { forget(oldest) }
    }

    private func forget(_ key: Key) {
        if let path = files.removeValue(forKey: key) { try? FileManager.default.removeItem(atPath: path) }
        order.removeAll { $0 == key }
    }
}
