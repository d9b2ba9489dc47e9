import Foundation
import GRDB
import GRDBSQLite

/// A time limit on the statements of one database access: SQLite calls a progress handler every
/// few thousand virtual-machine steps, and the handler stops the running statement once the
/// deadline has passed (the statement then fails with SQLITE_INTERRUPT, which the lookup engine
/// answers with the matches it has). The handler is removed when the access ends, so the pooled
/// connection goes back as it came.
enum StatementDeadline {
    /// SQLite's steps between two reads of the clock (a few microseconds of work).
    static let stepsBetweenChecks: Int32 = 4000

    /// Runs `body` with statements on `db` stopped past `deadline` (no limit when nil).
    static func run<T>(on db: Database, until deadline: ContinuousClock.Instant?, _ body: () throws -> T) throws -> T {
        guard let deadline, let connection = db.sqliteConnection else { return try body() }
        let box = Unmanaged.passRetained(DeadlineBox(deadline))
        sqlite3_progress_handler(
            connection, stepsBetweenChecks,
            { context in
                guard let context else { return 0 }
                let box = Unmanaged<DeadlineBox>.fromOpaque(context).takeUnretainedValue()
                return ContinuousClock.now >= box.deadline ? 1 : 0
            }, box.toOpaque())
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            box.release()
        }
        return try body()
    }

    /// Whether `error` is a statement stopped by the handler.
    static func isInterruption(_ error: any Error) -> Bool {
        (error as? DatabaseError)?.resultCode == .SQLITE_INTERRUPT
    }

    private final class DeadlineBox {
        let deadline: ContinuousClock.Instant
        init(_ deadline: ContinuousClock.Instant) { self.deadline = deadline }
    }
}
