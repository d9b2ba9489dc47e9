import Foundation

/// Figures about the running process that benchmarks report.
public enum ProcessStatistics {
    /// Peak resident memory of the process so far, in megabytes (Linux reports kilobytes).
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
