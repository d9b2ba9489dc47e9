import CICU

/// A failure reported by ICU, carrying ICU's own error name (for example `U_ILLEGAL_ARGUMENT_ERROR`).
///
/// ```swift
/// do { _ = try Transliterator("No-Such-Thing") } catch let error as ICUError { print(error.name) }
/// ```
public struct ICUError: Error, CustomStringConvertible, Sendable, Equatable {
    /// ICU's `UErrorCode` value (> 0 for failures).
    public let code: Int32
    /// What was being attempted, for the message.
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// ICU's symbolic name for the code, such as `U_BUFFER_OVERFLOW_ERROR`.
    public var name: String { String(cString: cicu_error_name(code)) }

    public var description: String { "\(operation) failed: \(name)" }

    /// Throws when `status` is an ICU failure; ICU warnings (negative codes) are not failures.
    @inlinable
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
        if status > 0 { throw ICUError(code: status, operation: operation()) }
    }
}

/// The ICU library version Kakehashi is linked against, such as "72.1".
public var icuVersion: String { String(cString: cicu_version()) }
