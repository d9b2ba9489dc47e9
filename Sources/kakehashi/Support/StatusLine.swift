import Foundation

/// One line of progress on stderr, rewritten in place, shown only when stderr is a terminal (so
/// logs and pipes stay clean).
struct StatusLine: Sendable {
    let enabled = isatty(STDERR_FILENO) == 1

    func show(_ message: String) {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K\(message)".utf8)) }
    }

    func clear() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    /// A progress bar: "[#####·····] 5/10".
    static func bar(_ done: Int, of total: Int, width: Int = 20) -> String {
        let filled = total > 0 ? min(width, done * width / total) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
            + "] \(done)/\(total)"
    }
}

/// Rate and time left of a long step, for a status line: ", 42/s, 12 s left".
final class ProgressClock: @unchecked Sendable {
    private let lock = NSLock()
    private var start: Date?
    private var startCount = 0

    /// The rate since the first call and the time the rest will take at that rate.
    func rate(_ done: Int, of total: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let start else { self.start = Date(); startCount = done; return "" }
        let seconds = Date().timeIntervalSince(start)
        guard seconds > 0.5, done > startCount else { return "" }
        let perSecond = Double(done - startCount) / seconds
        return String(format: ", %.0f/s, %.0f s left", perSecond, Double(total - done) / perSecond)
    }
}
