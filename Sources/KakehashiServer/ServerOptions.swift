import Foundation

/// How `kakehashi serve` runs: where it listens, whether it writes, and its limits.
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// Write endpoints answer 403 when set (and when there is no token).
    public var readOnly: Bool
    /// The bearer token write endpoints require; nil turns writing off.
    public var token: String?
    /// Largest request body accepted (TMX upload, articles), in bytes.
    public var maximumBodyBytes: Int
    /// Longest query accepted, in characters (Unicode scalars).
    public var maximumQueryCharacters: Int

    public init(
        host: String = "127.0.0.1", port: Int = 8080, readOnly: Bool = false, token: String? = nil,
        maximumBodyBytes: Int = 100 << 20, maximumQueryCharacters: Int = 2000
    ) {
        self.host = host
        self.port = port
        self.readOnly = readOnly
        self.token = token
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumQueryCharacters = maximumQueryCharacters
    }

    /// Whether write endpoints are on: a token is set and the server is not read-only.
    public var writable: Bool { !readOnly && token != nil }
}
