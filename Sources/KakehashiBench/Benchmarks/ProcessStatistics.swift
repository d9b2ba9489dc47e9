import Foundation

/// Figures about the running process that benchmarks report.
public enum ProcessStatistics {
    /// Peak resident memory of the process so far, in megabytes (Linux reports kilobytes).
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
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
