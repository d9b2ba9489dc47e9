import ArgumentParser
import KakehashiText

/// `kakehashi normalize`: print the display, NFKC or key form of a text.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Print a normalized form of a text: display (NFC, tidy whitespace), nfkc, or key (match key).",
        discussion: "The key form is applied line by line so that the output keeps the input's lines."
    )

    enum Form: String, ExpressibleByArgument, CaseIterable { case display, nfkc, key }

    @Option(help: "Which form.")
    var form: Form = .display

    @Option(help: "Force the input encoding.")
    var encoding: String?

    @Argument(help: "Input file (stdin when absent or '-').")
    var file: String?

    func run() throws {
        let (decoded, _) = try readInput(file, encoding: encoding)
        let out = OutputBuffer()
        switch form {
        case .display:
            out.write(try TextNormalizer.normalize(decoded.text, form: .display))
        case .nfkc:
            out.write(try TextNormalizer.normalize(decoded.text, form: .nfkc))
        case .key:
            // The key collapses every whitespace run, line breaks included; keep lines apart here.
            for line in decoded.text.split(separator: "\n", omittingEmptySubsequences: false) {
                out.line(try TextNormalizer.normalize(String(line), form: .key))
            }
        }
        out.flush()
    }
}
