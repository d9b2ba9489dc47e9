import CICU

/// An ICU regular expression (`uregex`), for patterns Swift's own regexes do not speak as ICU
/// does, such as `\p{Script=Han}` over UTF-16 offsets that line up with the break iterators.
///
/// Stateful: one per task.
///
/// ```swift
/// let dates = try ICURegex(#"\d{1,2}月\d{1,2}日"#)
/// dates.matches(in: "10月30日の会談")   // [0..<6] (UTF-16 offsets), group ranges per match
/// ```
public final class ICURegex {
    private let handle: OpaquePointer
    public let pattern: String

    /// One match: the whole range and each capture group's range (nil when the group did not take part).
    public struct Match: Sendable, Equatable {
        public let range: Range<Int>
        public let groups: [Range<Int>?]
    }

    /// - Throws: `ICUError` carrying ICU's error name.
    public init(_ pattern: String, caseInsensitive: Bool = false) throws {
        let units = Array(pattern.utf16)
        var status: Int32 = 0
        var errorOffset: Int32 = 0
        let flags: UInt32 = caseInsensitive ? UInt32(CICU_REGEX_CASE_INSENSITIVE) : 0
        let h = units.withUnsafeBufferPointer {
            cicu_regex_open($0.baseAddress, Int32($0.count), flags, &errorOffset, &status)
        }
        if status > 0 || h == nil {
            if let h { cicu_regex_close(h) }
            throw ICUError(code: max(status, 1), operation: "compiling regex /\(pattern)/ (at offset \(errorOffset))")
        }
        handle = h!
        self.pattern = pattern
    }

    deinit { cicu_regex_close(handle) }

    /// Bounds the work of each match, in ICU's steps (roughly milliseconds): a pattern that
    /// backtracks without end then fails with `U_REGEX_TIME_OUT` instead of holding the thread.
    /// - Throws: `ICUError` carrying ICU's error name.
    public func limitTime(steps: Int32) throws {
        var status: Int32 = 0
        cicu_regex_set_time_limit(handle, steps, &status)
        try ICUError.check(status, "setting the regex time limit")
    }

    /// `text` with every match replaced by `template`, in which `$0`–`$9` stand for the match and
    /// its groups and `\$` for a dollar sign (as ICU's and Java's replacement strings).
    /// - Throws: `ICUError` carrying ICU's error name (a time-out included).
    public func replacingMatches(in text: String, with template: String) throws -> String {
        let units = try UTF16Conversion.utf16(text)
        let found = try units.withUnsafeBufferPointer { try matches(in: $0) }
        if found.isEmpty { return text }
        let templateUnits = Array(template.utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var last = 0
        for match in found {
            out += units[last..<match.range.lowerBound]
            var i = 0
            while i < templateUnits.count {
                let u = templateUnits[i]
                if u == 0x5C, i + 1 < templateUnits.count {  // \x → x
                    out.append(templateUnits[i + 1])
                    i += 2
                } else if u == 0x24, i + 1 < templateUnits.count, (0x30...0x39).contains(templateUnits[i + 1]) {
                    let group = Int(templateUnits[i + 1] - 0x30)
                    let range = group == 0 ? match.range : group <= match.groups.count ? match.groups[group - 1] : nil
                    if let range { out += units[range] }
                    i += 2
                } else {
                    out.append(u)
                    i += 1
                }
            }
            last = match.range.upperBound
        }
        out += units[last...]
        return try UTF16Conversion.string(fromUTF16: out[...])
    }

    /// Every non-overlapping match in `text`, as UTF-16 offsets.
    /// - Throws: `ICUError` carrying ICU's error name.
    public func matches(in text: UnsafeBufferPointer<UInt16>) throws -> [Match] {
        var status: Int32 = 0
        cicu_regex_set_utf16(handle, text.baseAddress, Int32(text.count), &status)
        try ICUError.check(status, "setting regex text")
        let groupCount = Int(cicu_regex_group_count(handle, &status))
        var result: [Match] = []
        while cicu_regex_find_next(handle, &status) != 0 {
            try ICUError.check(status, "matching /\(pattern)/")
            let whole = Int(cicu_regex_start(handle, 0, &status))..<Int(cicu_regex_end(handle, 0, &status))
            var groups: [Range<Int>?] = []
            for g in stride(from: 1, through: groupCount, by: 1) {
                let s = cicu_regex_start(handle, Int32(g), &status)
                let e = cicu_regex_end(handle, Int32(g), &status)
                groups.append(s >= 0 && e >= s ? Int(s)..<Int(e) : nil)
            }
            result.append(Match(range: whole, groups: groups))
        }
        try ICUError.check(status, "matching /\(pattern)/")
        // Detach from the caller's buffer.
        cicu_regex_set_utf16(handle, nil, 0, &status)
        return result
    }

    /// Every match in `text` as substrings.
    /// - Throws: `ICUError` carrying ICU's error name.
    public func matchedStrings(in text: String) throws -> [String] {
        let units = try UTF16Conversion.utf16(text)
        return try units.withUnsafeBufferPointer { buf in
            try matches(in: buf).map { try UTF16Conversion.string(fromUTF16: units[$0.range]) }
        }
    }
}
