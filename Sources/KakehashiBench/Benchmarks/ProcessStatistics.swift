import Foundation

/// Figures about the running process that benchmarks report.
public enum ProcessStatistics {
    /// Peak resident memory of the process so far, in megabytes (Linux reports kilobytes).
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// Starts the process's peak resident memory again from its present size (Linux's
    /// `clear_refs` 5), so that a phase's own peak can be read after it (`phasePeakMegabytes`);
    /// false where the kernel does not allow it.
    @discardableResult
    public static func resetPeakResident() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// Peak resident memory since the last `resetPeakResident` (VmHWM), in megabytes.
    public static func phasePeakMegabytes() -> Double {
        peakResidentMegabytes(of: getpid())
    }

    /// Peak resident memory of another process (its VmHWM), in megabytes; 0 when unreadable.
    public static func peakResidentMegabytes(of pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        return 0
    }
}
