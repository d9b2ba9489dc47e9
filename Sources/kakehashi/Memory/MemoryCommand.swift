import ArgumentParser
import KakehashiPipeline
import KakehashiMemory

/// `kakehashi memory`: whole-memory operations.
struct MemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory", abstract: "Whole-memory operations.",
        subcommands: [MemoryCopyCommand.self, MemoryUpgradeCommand.self])
}

/// `kakehashi memory upgrade`: scores the aligned units of a memory written before relations.
struct MemoryUpgradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract:
            "Give every aligned unit stored before relations its relation and calibrated confidence, from its stored texts.",
        discussion: "Opening the memory upgrades its schema; `ingest` also scores such units before it stores new ones."
    )

    @OptionGroup var memory: MemoryOption
    @OptionGroup var lexicon: LexiconOptions

    func run() async throws {
        let status = StatusLine()
        let loaded = try lexicon.load()
        let (n, location) = try await memory.with(mustExist: true) { tm in
            (try await RelationUpgrade.run(tm, lexicon: loaded) { status.show("scored \($0) units") }, tm.location)
        }
        status.clear()
        print("\(n) units scored again in \(location)")
    }
}
