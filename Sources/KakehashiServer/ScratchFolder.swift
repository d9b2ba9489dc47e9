import Foundation
import HTTPTypes
import Synchronization

/// The server's private temporary folder: made on first use inside the system's temporary folder
/// with mode 0700, its files created 0600, and removed with everything in it when the server
/// stops. Nothing the server writes (uploads being read, exports) is readable by other users.
final class ScratchFolder: Sendable {
    private let made = Mutex<String?>(nil)

    /// The folder, made now if it does not exist yet.
    /// - Throws: `APIError` (500) when it cannot be made.
    func path() throws -> String {
        try made.withLock { path in
            if let path { return path }
            var template = Array(
                (FileManager.default.temporaryDirectory.path + "/kakehashi-serve-XXXXXX").utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw APIError(.internalServerError, "internal", "cannot make the server's temporary folder")
            }
            path = String(cString: made)
            return path!
        }
    }

    /// A new empty file in the folder, mode 0600, named with `prefix` and a random part.
    /// - Throws: `APIError` (500) when it cannot be made.
    func newFile(prefix: String, suffix: String = "") throws -> String {
        let file = try path() + "/" + prefix + "-" + UUID().uuidString + suffix
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw APIError(.internalServerError, "internal", "cannot make a temporary file") }
        close(fd)
        return file
    }

    /// Removes the folder and everything in it (made again if used later).
    func remove() {
        if let path = made.withLock({ folder in folder.take() }) { try? FileManager.default.removeItem(atPath: path) }
    }

    deinit { remove() }
}
