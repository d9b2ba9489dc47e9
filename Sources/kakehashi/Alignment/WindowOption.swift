import ArgumentParser
import Foundation
import KakehashiPipeline

/// `--window`: how far apart two dated documents may be and still be paired.
struct WindowOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Pair two documents that both state a date only when the dates lie this far apart at most: Nd (days), Nw (weeks), or 'all'. A document without a date is compared with every document.",
            valueName: "Nd|Nw|all"))
    var window: String = "14d"

    func validate() throws { _ = try interval }

    /// The window in seconds; nil for `all`.
    var interval: TimeInterval? {
        get throws {
            let text = window.lowercased()
            if text == "all" { return nil }
            guard let unit = text.last, unit == "d" || unit == "w", let count = Int(text.dropLast()), count >= 0
            else { throw ValidationError("--window must be Nd, Nw or all (for example 14d), not '\(window)'") }
            let days = count.multipliedReportingOverflow(by: unit == "w" ? 7 : 1)
            guard !days.overflow, days.partialValue <= 36_500 else {
                throw ValidationError("--window is at most 36500d (a hundred years); use 'all' for no window")
            }
            return TimeInterval(days.partialValue * 86_400)
        }
    }
}
