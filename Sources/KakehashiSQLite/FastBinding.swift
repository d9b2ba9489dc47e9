import GRDB
import KakehashiMemory
import GRDBSQLite

/// Runs a prepared GRDB statement with values bound through SQLite's C API. An import executes
/// five statements per unit; GRDB's general argument path (an array of `DatabaseValue`s, checks,
/// observers) cost about as much as SQLite's own work there. Only for the importer's INSERTs,
/// inside a transaction GRDB opened; errors are still reported as GRDB's `DatabaseError`.
struct FastBinding {
    /// A value to bind.
    enum Value {
        case text(String)
        case integer(Int64)
        case real(Double)
        case blob([UInt8])
        case null

        init(_ s: String?) { self = s.map(Value.text) ?? .null }
        init(_ d: Double?) { self = d.map(Value.real) ?? .null }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds `values` to parameters 1…n of `statement`, steps it once, and resets it.
    static func execute(_ statement: Statement, _ values: Value...) throws {
        let handle = statement.sqliteStatement
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let code: Int32
            switch value {
            case .text(var s):
                code = s.withUTF8 { bytes in
                    guard let base = bytes.baseAddress, bytes.count > 0 else {
                        return sqlite3_bind_text(handle, index, "", 0, transient)
                    }
                    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        sqlite3_bind_text(handle, index, $0, Int32(bytes.count), transient)
                    }
                }
            case .integer(let n): code = sqlite3_bind_int64(handle, index, n)
            case .real(let d): code = sqlite3_bind_double(handle, index, d)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes {
                    sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient)
                }
            case .null: code = sqlite3_bind_null(handle, index)
            }
            if code != SQLITE_OK { throw failure(statement, code) }
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        if code != SQLITE_DONE && code != SQLITE_ROW { throw failure(statement, code) }
    }

    /// SQLite's error for `code` from `statement`, as GRDB reports it (also for statements
    /// stepped through the C API elsewhere).
    static func failure(_ statement: Statement, _ code: Int32) -> DatabaseError {
        let db = sqlite3_db_handle(statement.sqliteStatement)
        let message = db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}
