import Foundation

/// What a user of a shared memory may do; each role may do what the roles before it may.
public enum Role: String, Sendable, CaseIterable, Comparable {
    /// Looks up.
    case reader
    /// Also approves, rejects, relabels and annotates units.
    case reviewer
    /// Also imports, ingests, deletes and manages users.
    case admin

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One named user: a role and the SHA-256 of their token (the token itself is never stored).
public struct UserAccount: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var tokenHash: String

    public init(name: String, role: Role, tokenHash: String) {
        self.name = name
        self.role = role
        self.tokenHash = tokenHash
    }
}

/// The users file: one line per user, `name role sha256-of-token`, `#` for comments. It must be
/// readable by its owner only, as the token file must; `kakehashi users add` writes it so.
public struct UserAccounts: Sendable {
    public private(set) var accounts: [UserAccount] = []

    public init() {}

    /// The accounts of the file at `path`; an empty set when `createIfMissing` and there is none.
    /// - Throws: `PipelineError`: `.noInput` (no file), `.usage` (a file others can read), `.badData`
    ///   (a malformed line, named by its number).
    public init(path: String, createIfMissing: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            if createIfMissing { return }
            throw PipelineError(.noInput, "\(path): no such users file")
        }
        try SecretFile.checkPrivate(path)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PipelineError(.noInput, "\(path): cannot read the users file")
        }
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            guard fields.count == 3, let role = Role(rawValue: fields[1]), fields[2].count == 64,
                fields[2].allSatisfy(\.isHexDigit)
            else {
                throw PipelineError(
                    .badData, "\(path):\(number + 1): expected 'name role sha256', not '\(line.prefix(80))'")
            }
            accounts.append(UserAccount(name: fields[0], role: role, tokenHash: fields[2].lowercased()))
        }
    }

    /// Adds `name` with `role` and a new random token, which is returned (and shown once).
    /// - Throws: `PipelineError.usage` for a name in use or not a plain word.
    public mutating func add(name: String, role: Role) throws -> String {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@".contains($0) })
        else {
            throw PipelineError(
                .usage, "a user name is letters, digits and - _ . @ (at most 64), not '\(name.prefix(80))'")
        }
        guard !accounts.contains(where: { $0.name == name }) else {
            throw PipelineError(.usage, "there is already a user '\(name)'")
        }
        var random = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
        let token = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        accounts.append(UserAccount(name: name, role: role, tokenHash: UserAccounts.hash(token)))
        return token
    }

    /// Removes `name`.
    /// - Throws: `PipelineError.noInput` when there is no such user.
    public mutating func remove(name: String) throws {
        guard let k = accounts.firstIndex(where: { $0.name == name }) else {
            throw PipelineError(.noInput, "there is no user '\(name)'")
        }
        accounts.remove(at: k)
    }

    /// Writes the file at `path`, readable by its owner only, replacing it whole.
    /// - Throws: `PipelineError.io` when it cannot be written.
    public func write(to path: String) throws {
        var text = "# kakehashi users: name role sha256-of-token (kakehashi users add|list|remove)\n"
        for a in accounts { text += "\(a.name) \(a.role.rawValue) \(a.tokenHash)\n" }
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw PipelineError(.io, "\(path): cannot write the users file") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw PipelineError(.io, "\(path): cannot write the users file")
        }
    }

    /// The account whose token is `token`, compared by hash in constant time with every account.
    public func account(token: String) -> UserAccount? {
        let hash = Array(UserAccounts.hash(token).utf8)
        var found: UserAccount?
        for a in accounts where ConstantTime.equal(hash, Array(a.tokenHash.utf8)) { found = a }
        return found
    }

    /// The SHA-256 of a token, in hex.
    public static func hash(_ token: String) -> String { ContentHash.sha256Hex(Array(token.utf8)) }
}

/// Comparison whose time does not depend on where two byte strings differ (tokens, their hashes).
public enum ConstantTime {
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        // The whole length difference counts (folding it into 8 bits would let lengths 256 apart pass).
        var difference = UInt(bitPattern: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            difference |= UInt((i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0))
        }
        return difference == 0
    }
}

/// Files that hold secrets (tokens, their hashes).
public enum SecretFile {
    /// Refuses a file other users can read or write, as ssh refuses such a key.
    /// - Throws: `PipelineError.usage` naming the file, its mode and the fix.
    public static func checkPrivate(_ path: String) throws {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
            throw PipelineError(
                .usage,
                "\(path): other users can read this file (mode \(String(status.st_mode & 0o777, radix: 8))); run 'chmod 600 \(path)'"
            )
        }
    }
}
