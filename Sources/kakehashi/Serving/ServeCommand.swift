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
            without one, or with --read-only). SIGTERM or SIGINT stops the server after the requests in flight. \
            The API is described at /api/openapi.yaml.
            """)

    @OptionGroup var memory: MemoryOption

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Flag(help: "Refuse every write.")
    var readOnly = false

    @Option(help: "File holding the bearer token for write endpoints (its first line).")
    var tokenFile: String?

    @Option(help: "Largest request body, in megabytes.")
    var maxBodyMegabytes = 100

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535") }
        if maxBodyMegabytes < 1 { throw ValidationError("--max-body-megabytes must be at least 1") }
    }

    func run() async throws {
        var token: String?
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8),
                let line = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }
                ), line.count >= 16
            else {
                printError("\(tokenFile): cannot read a token of at least 16 characters from its first line")
                throw ExitCode(66)
            }
            token = line
        }
        let memory = try self.memory.open(readOnly: readOnly)
        let lexicon = try self.lexicon.load()
        let options = ServerOptions(
            host: host, port: port, readOnly: readOnly || memory.isReadOnly, token: token,
            maximumBodyBytes: maxBodyMegabytes << 20)
        var logger = Logger(label: "kakehashi.serve")
        logger.logLevel = .info
        printError(
            "serving \(memory.location) on http://\(host):\(port)/ (\(options.writable ? "writes with the token" : "read-only"))"
        )
        let application = MemoryServer(memory: memory, lexicon: lexicon, options: options).application(logger: logger)
        try await pipeline { try await application.runService() }
    }
}
