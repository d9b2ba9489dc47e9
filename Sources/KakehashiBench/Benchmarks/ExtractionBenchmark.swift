import Foundation
import KakehashiHTML
import KakehashiPipeline

/// Speed and memory of HTML reading: pages per second on the benchmark pages against trafilatura
/// and readability run on the same pages in the same run, and the peak memory of `kakehashi extract`
/// on synthetic pages of growing size (it must grow linearly).
public enum ExtractionBenchmark {
    /// One extractor's speed.
    public struct Speed: Sendable {
        public let name: String
        public let millisecondsPerPage: Double
        public var pagesPerSecond: Double { 1000 / millisecondsPerPage }
    }

    /// Peak memory of one `extract` process on a page of `megabytes`.
    public struct MemoryPoint: Sendable {
        public let megabytes: Double
        public let peakResidentMegabytes: Double
        public let seconds: Double
    }

    /// Kakehashi's time per page over `folder` (median of `repetitions` passes).
    public static func kakehashi(folder: String, repetitions: Int) throws -> Speed {
        let pages = try ExtractionEvaluation.pages(folder)
        let seconds = ExtractionEvaluation.extract(pages, repetitions: repetitions).seconds
        return Speed(name: "kakehashi", millisecondsPerPage: seconds * 1000 / Double(max(1, pages.count)))
    }

    /// The peers' times per page, from `Evaluation/peers/extraction_peers.py` run with `python`.
    public static func peers(python: String, script: String, folder: String, repetitions: Int) throws -> [Speed] {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kakehashi-peers-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, out.path, "--pages", folder, "--repetitions", String(repetitions)]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            throw PipelineError(
                .noInput,
                "\(python): cannot run the peers (\(error)); `bash Evaluation/extraction/compare` installs them")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PipelineError(
                .noInput,
                "\(script) failed (exit \(process.terminationStatus)); are trafilatura and readability-lxml installed for \(python)?"
            )
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            // "trafilatura: 17.24 ms/page"
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let ms = Double(parts[1]) else { return nil }
            return Speed(name: String(parts[0].dropLast()), millisecondsPerPage: ms)
        }
    }

    /// Runs a command with stdout to /dev/null and waits for it with `wait4`, which returns that
    /// child's own resource usage: (wait status, peak resident megabytes).
    static func spawnAndMeasure(_ arguments: [String]) throws -> (status: Int32, peakMegabytes: Double) {
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in cArguments { free(a) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, &cArguments, environ)
        guard rc == 0 else { throw PipelineError(.io, "\(arguments[0]): cannot start (error \(rc))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return (status, Double(usage.ru_maxrss) / 1024)
    }

    /// Runs `binary extract --format json` on synthetic pages of the given sizes and reads each
    /// child's peak resident memory.
    public static func memory(binary: String, sizesInMegabytes: [Int]) throws -> [MemoryPoint] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kakehashi-extract-mem-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paragraph =
            "<div class=\"ad\"><a href=\"/x\">Sponsored</a></div><p>"
            + String(
                repeating:
                    "The committee met on Tuesday, and its members agreed, after a long debate, to publish the figures. ",
                count: 8) + "</p>\n"
        var points: [MemoryPoint] = []
        for size in sizesInMegabytes.sorted() {
            let count = size * 1_000_000 / paragraph.utf8.count
            let html =
                "<!DOCTYPE html><html><head><title>Memory</title></head><body><nav><a href=\"/\">Home</a></nav><article>"
                + String(repeating: paragraph, count: count) + "</article></body></html>"
            let path = folder.appendingPathComponent("page-\(size).html").path
            guard FileManager.default.createFile(atPath: path, contents: Data(html.utf8)) else {
                throw PipelineError(.io, "\(path): cannot write")
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let (status, peak) = try spawnAndMeasure([binary, "extract", "--format", "json", path])
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard status == 0 else {
                throw PipelineError(.badData, "extract failed on a \(size) MB page (status \(status))")
            }
            points.append(
                MemoryPoint(megabytes: Double(html.utf8.count) / 1e6, peakResidentMegabytes: peak, seconds: seconds))
        }
        return points
    }
}
