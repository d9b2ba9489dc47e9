import ArgumentParser
import Foundation
import KakehashiPipeline
import KakehashiServer
import Logging
import KakehashiMemory
import Hummingbird

/// `kakehashi serve`: the memory over HTTP for CAT tools and browsers.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Serve the memory over HTTP: JSON API, amaGama (Weblate, Virtaal), TMX feed (OmegaT), concordance page.",
        discussion: """
            Binds to loopback unless --host says otherwise. Reads are open; POST /api/v1/import and \
            /api/v1/ingest need 'Authorization: Bearer TOKEN' with the token in --token-file (they answer 403 \
            without one, or with --read-only). The token file must not be readable by other users. \
            SIGTERM or SIGINT stops the server after the requests in flight. The API is described at \
            /api/openapi.yaml. With --users, readers look up, reviewers also change units (PATCH /api/v1/units/ID), \
            admins also import, ingest and delete; --private makes every route need a token.

            Limits: a lookup answers within --lookup-budget-ms with what it found; concordance pages reach \
            1,000 results deep; request heads must arrive within --header-timeout, and idle connections close \
            after --idle-timeout; at most --max-connections are open; at most --concurrent-requests use the \
            memory at once and --waiting-requests more wait, each up to --wait-seconds (then 503; amaGama \
            gets an empty list). Only Host headers naming this server are answered (the loopback names when \
            bound to loopback); --allowed-host adds names.
            """)

    @OptionGroup var memory: MemoryOption

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Flag(help: "Refuse every write.")
    var readOnly = false

    @Option(help: "File holding the bearer token of the administrator (its first line).")
    var tokenFile: String?

    @Option(help: "The named users' file (kakehashi users add): readers, reviewers and administrators.")
    var users: String?

    @Flag(
        help: ArgumentHelp(
            "Every route needs a token, amaGama included (needs --users or --token-file).",
            discussion: "CAT tools' amaGama clients (Weblate, Virtaal) send no token: they cannot use a private server."
        ))
    var `private` = false

    @Option(
        help: ArgumentHelp(
            "Match penalties in points, comma-separated name=points (approved, imported, aligned, confidence, translation, partial, related).",
            discussion: "Default: aligned=3,confidence=10,partial=15,related=30, the others 0."))
    var penalties: String?

    @Option(help: "Largest request body, in megabytes.")
    var maxBodyMegabytes = 100

    @Option(help: "Milliseconds a lookup gathers matches before it answers with what it has.")
    var lookupBudgetMs = 200

    @Option(help: "Seconds a connection may take to send a request's headers.")
    var headerTimeout = 10

    @Option(help: "Seconds a connection may stay idle before it is closed.")
    var idleTimeout = 60

    @Option(help: "Connections open at once.")
    var maxConnections = 512

    @Option(help: "Requests using the memory at once (default: two per core).")
    var concurrentRequests = ServerOptions.defaultConcurrency

    @Option(help: "Requests that may wait for their turn.")
    var waitingRequests = 256

    @Option(help: "Seconds a request may wait for its turn.")
    var waitSeconds = 5

    @Option(help: "A Host header name to answer besides the defaults (repeatable).")
    var allowedHost: [String] = []

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535") }
        if maxBodyMegabytes < 1 { throw ValidationError("--max-body-megabytes must be at least 1") }
        for (name, value) in [
            ("--lookup-budget-ms", lookupBudgetMs), ("--header-timeout", headerTimeout),
            ("--idle-timeout", idleTimeout),
            ("--max-connections", maxConnections), ("--concurrent-requests", concurrentRequests),
            ("--wait-seconds", waitSeconds),
        ] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        if waitingRequests < 0 { throw ValidationError("--waiting-requests must be 0 or more") }
        if `private` && users == nil && tokenFile == nil {
            throw ValidationError("--private needs --users or --token-file: nobody could read the memory")
        }
        if let penalties {
            do { _ = try MatchPenalties(parsing: penalties) } catch { throw ValidationError("--penalties: \(error)") }
        }
    }

    func run() async throws {
        var token: String?
        if let tokenFile {
            // As ssh does with its keys: a secret others can read is refused, not used.
            do { try SecretFile.checkPrivate(tokenFile) } catch let error as PipelineError {
                printError(error.message)
                throw ExitCode(77)
            }
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8),
                let line = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }
                ), line.count >= 16
            else {
                printError("\(tokenFile): cannot read a token of at least 16 characters from its first line")
                throw ExitCode(66)
            }
            token = line
        }
        var accounts = UserAccounts()
        if let users {
            do { accounts = try UserAccounts(path: users) } catch let error as PipelineError {
                printError(error.message)
                throw ExitCode(error.kind == .usage ? 77 : error.kind.exitStatus)
            }
        }
        let memory = try self.memory.open(readOnly: readOnly)
        let lexicon = try self.lexicon.load()
        var options = ServerOptions(
            host: host, port: port, readOnly: readOnly || memory.isReadOnly, token: token,
            maximumBodyBytes: maxBodyMegabytes << 20, lookupBudget: .milliseconds(lookupBudgetMs),
            headerTimeout: .seconds(headerTimeout), idleTimeout: .seconds(idleTimeout),
            maximumConnections: maxConnections, concurrentRequests: concurrentRequests,
            waitingRequests: waitingRequests, waitLimit: .seconds(waitSeconds), allowedHosts: allowedHost)
        options.users = accounts
        options.isPrivate = `private`
        if let penalties { options.penalties = try MatchPenalties(parsing: penalties) }
        var logger = Logger(label: "kakehashi.serve")
        logger.logLevel = .info
        printError(
            "serving \(memory.location) on http://\(host):\(port)/ (\(options.writable ? "writes with a token" : "read-only"))"
        )
        let server = MemoryServer(memory: memory, lexicon: lexicon, options: options)
        let application = server.application(logger: logger)
        defer { server.removeTemporaryFiles() }
        try await pipeline { try await application.runService() }
    }
}
