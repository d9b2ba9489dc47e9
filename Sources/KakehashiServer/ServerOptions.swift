import Foundation
public import KakehashiMemory
public import KakehashiPipeline

/// How `kakehashi serve` runs: where it listens, whether it writes, and its limits. Every limit
/// bounds what one anonymous client can make the server do (see `docs/server.md`).
public struct ServerOptions: Sendable {
    public var host: String
    public var port: Int
    /// Write endpoints answer 403 when set (and when there is no token).
    public var readOnly: Bool
    /// The bearer token of the single administrator (`--token-file`); nil for none.
    public var token: String?
    /// Named users with their roles (`--users`): readers, reviewers, administrators.
    public var users = UserAccounts()
    /// Every route but the page's own files and `/healthz` needs a token (`--private`), amaGama
    /// included: CAT tools' amaGama clients, which cannot send one, then cannot use the server.
    public var isPrivate = false
    /// The points matches lose for their units' status, confidence and relation (`--penalties`).
    public var penalties = MatchPenalties()
    /// Largest request body accepted (TMX upload, articles), in bytes.
    public var maximumBodyBytes: Int
    /// Longest query accepted, in characters (Unicode scalars).
    public var maximumQueryCharacters: Int
    /// How long a lookup, concordance or amaGama request gathers matches before it answers with
    /// what it has (`"truncated": true`).
    public var lookupBudget: Duration
    /// The deepest concordance result a page may reach (`page × limit`); deeper pages get 400.
    public var maximumConcordanceDepth: Int
    /// How long a connection may take to send a request's headers, on opening and between requests.
    public var headerTimeout: Duration
    /// How long a connection may stay open without reading or writing anything.
    public var idleTimeout: Duration
    /// Connections open at once; past it the server stops accepting until one closes.
    public var maximumConnections: Int
    /// Requests doing the memory's work at once (the rest wait).
    public var concurrentRequests: Int
    /// Requests that may wait for a turn; past it a request is turned away at once.
    public var waitingRequests: Int
    /// How long a request waits for its turn before it is turned away.
    public var waitLimit: Duration
    /// Host header names accepted besides the defaults (the loopback names when bound to
    /// loopback, the bound address otherwise): the defence against DNS rebinding.
    public var allowedHosts: [String]

    public init(
        host: String = "127.0.0.1", port: Int = 8080, readOnly: Bool = false, token: String? = nil,
        maximumBodyBytes: Int = 100 << 20, maximumQueryCharacters: Int = 2000,
        lookupBudget: Duration = .milliseconds(200), maximumConcordanceDepth: Int = 1000,
        headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60), maximumConnections: Int = 512,
        concurrentRequests: Int = ServerOptions.defaultConcurrency,
        waitingRequests: Int = 256, waitLimit: Duration = .seconds(5), allowedHosts: [String] = []
    ) {
        self.host = host
        self.port = port
        self.readOnly = readOnly
        self.token = token
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumQueryCharacters = maximumQueryCharacters
        self.lookupBudget = lookupBudget
        self.maximumConcordanceDepth = maximumConcordanceDepth
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
        self.concurrentRequests = concurrentRequests
        self.waitingRequests = waitingRequests
        self.waitLimit = waitLimit
        self.allowedHosts = allowedHosts
    }

    /// Two requests per core: one waits on the memory while the other computes.
    public static let defaultConcurrency = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)

    /// Whether write endpoints are on: someone can sign in, and the server is not read-only.
    public var writable: Bool { !readOnly && (token != nil || !users.accounts.isEmpty) }

    /// The Host header names (lowercased, without port) the server answers: the loopback names
    /// when it listens on loopback, the address it listens on otherwise (a name or an address
    /// given with `--host`), and `allowedHosts`. An empty list means any host (listening on every
    /// interface, with nothing added).
    public var acceptedHosts: Set<String> {
        var names = Set(allowedHosts.map { $0.lowercased() })
        let bound = host.lowercased()
        if ["127.0.0.1", "::1", "localhost"].contains(bound) || bound.hasPrefix("127.") {
            names.formUnion(["localhost", "127.0.0.1", "::1", "[::1]", bound])
        } else if bound != "0.0.0.0" && bound != "::" {
            names.insert(bound)
        } else if names.isEmpty {
            return []
        } else {
            names.formUnion(["localhost", "127.0.0.1", "::1", "[::1]"])
        }
        return names
    }
}
