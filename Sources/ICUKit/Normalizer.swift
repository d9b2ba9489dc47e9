import CICU

/// One of ICU's Unicode normalization forms, with a fast UTF-8 path.
///
/// The instances are ICU singletons (shareable across threads, never closed), so `Normalizer` is a
/// `Sendable` value. Already-normalized input is returned as-is without copying.
///
/// ```swift
/// try Normalizer.nfkc.normalize("ＡＰＥＣ ｶﾀｶﾅ ①")          // "APEC カタカナ 1"
/// try Normalizer.nfkcCasefold.normalize("Straße")      // "strasse"
/// ```
public struct Normalizer: @unchecked Sendable {
    /// Which Unicode normalization form (UAX #15); `nfkcCasefold` is ICU's NFKC_Casefold.
    public enum Form: Sendable, CaseIterable {
        case nfc, nfd, nfkc, nfkcCasefold
        var code: Int32 {
            switch self {
            case .nfc: return Int32(CICU_NORM_NFC)
            case .nfd: return Int32(CICU_NORM_NFD)
            case .nfkc: return Int32(CICU_NORM_NFKC)
            case .nfkcCasefold: return Int32(CICU_NORM_NFKC_CASEFOLD)
            }
        }
    }

    public let form: Form
    private let instance: OpaquePointer

    /// - Throws: `ICUError` carrying ICU's error name.
    public init(_ form: Form) throws {
        var status: Int32 = 0
        guard let p = cicu_norm2_instance(form.code, &status), status <= 0 else {
            throw ICUError(code: max(status, 1), operation: "loading normalizer \(form)")
        }
        self.form = form
        self.instance = p
    }

    // ICU ships these data with libicudata; failing to load them means a broken installation.
    // swiftlint:disable force_try
    public static let nfc = try! Normalizer(.nfc)
    public static let nfd = try! Normalizer(.nfd)
    public static let nfkc = try! Normalizer(.nfkc)
    public static let nfkcCasefold = try! Normalizer(.nfkcCasefold)
    // swiftlint:enable force_try

    /// Whether `text` is already in this form (ICU's full check over UTF-8, no copy).
    /// - Throws: `ICUError` carrying ICU's error name.
    public func isNormalized(_ text: String) throws -> Bool {
        var text = text
        return try text.withUTF8 { try isNormalized(utf8: $0) }
    }

    /// - Throws: `ICUError` carrying ICU's error name.
    public func isNormalized(utf8: UnsafeBufferPointer<UInt8>) throws -> Bool {
        var status: Int32 = 0
        let yes = utf8.withMemoryRebound(to: CChar.self) {
            cicu_norm2_is_normalized_utf8(instance, $0.baseAddress, Int32($0.count), &status)
        }
        try ICUError.check(status, "normalization check")
        return yes != 0
    }

    /// The normalized form of `text`, through ICU's UTF-8 normalizer (no UTF-16 round trip).
    /// - Throws: `ICUError` carrying ICU's error name.
    public func normalize(_ text: String) throws -> String {
        var text = text
        let original = text
        return try text.withUTF8 { utf8 -> String in
            if try isNormalized(utf8: utf8) { return original }
            return try normalize(utf8: utf8)
        }
    }

    /// Normalizes UTF-8 bytes without the quick check.
    /// - Throws: `ICUError` carrying ICU's error name.
    public func normalize(utf8: UnsafeBufferPointer<UInt8>) throws -> String {
        if utf8.isEmpty { return "" }
        guard utf8.count < Int(Int32.max) / 4 else {
            throw ICUError(code: 1, operation: "normalizing (input over 512 MB)")
        }
        var capacity = utf8.count + utf8.count / 4 + 16
        while true {
            var status: Int32 = 0
            var needed: Int32 = 0
            let result = try String(unsafeUninitializedCapacity: capacity) { out -> Int in
                needed = utf8.withMemoryRebound(to: CChar.self) { src in
                    out.withMemoryRebound(to: CChar.self) { dst in
                        cicu_norm2_normalize_utf8(
                            instance, src.baseAddress, Int32(src.count),
                            dst.baseAddress, Int32(dst.count), &status)
                    }
                }
                if status == Int32(CICU_BUFFER_OVERFLOW) { return 0 }
                try ICUError.check(status, "normalizing to \(form)")
                return Int(needed)
            }
            if status == Int32(CICU_BUFFER_OVERFLOW) {
                capacity = Int(needed) + 16
                continue
            }
            return result
        }
    }

    /// Normalizes UTF-8 bytes into a reusable byte buffer (replacing its contents), no String made.
    /// - Throws: `ICUError` carrying ICU's error name.
    public func normalize(utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) throws {
        var capacity = max(utf8.count * 3 / 2 + 16, out.capacity)
        while true {
            if out.count < capacity { out.append(contentsOf: repeatElement(0, count: capacity - out.count)) }
            var status: Int32 = 0
            let needed = utf8.withMemoryRebound(to: CChar.self) { src in
                out.withUnsafeMutableBufferPointer { dst in
                    dst.withMemoryRebound(to: CChar.self) { d in
                        cicu_norm2_normalize_utf8(
                            instance, src.baseAddress, Int32(src.count), d.baseAddress, Int32(d.count), &status)
                    }
                }
            }
            if status == Int32(CICU_BUFFER_OVERFLOW) { capacity = Int(needed) + 16; continue }
            try ICUError.check(status, "normalizing to \(form)")
            out.removeSubrange(Int(needed)...)
            return
        }
    }

    /// Normalizes a UTF-16 buffer (used where offsets are tracked unit by unit).
    /// - Throws: `ICUError` carrying ICU's error name.
    public func normalize(utf16 src: UnsafeBufferPointer<UInt16>, into dst: inout [UInt16]) throws {
        var capacity = max(src.count * 2 + 8, dst.count)
        while true {
            if dst.count < capacity { dst = [UInt16](repeating: 0, count: capacity) }
            var status: Int32 = 0
            let n = dst.withUnsafeMutableBufferPointer { d in
                cicu_norm2_normalize_utf16(
                    instance, src.baseAddress, Int32(src.count), d.baseAddress,
                    Int32(d.count), &status)
            }
            if status == Int32(CICU_BUFFER_OVERFLOW) { capacity = Int(n) + 8; continue }
            try ICUError.check(status, "normalizing to \(form)")
            dst.removeSubrange(Int(n)...)
            return
        }
    }

    /// Whether normalization never combines across a boundary placed before `scalar`; text can
    /// be normalized piece by piece between such boundaries (this is how offsets are tracked).
    @inline(__always)
    public func hasBoundary(before scalar: Unicode.Scalar) -> Bool {
        cicu_norm2_has_boundary_before(instance, scalar.value) != 0
    }
}
