import ArgumentParser
import KakehashiPipeline
import KakehashiMemory

/// `kakehashi memory`: whole-memory operations.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory", abstract: "Whole-memory operations.",
                                                    subcommands: [MemoryCopyCommand.self, MemoryUpgradeCommand.self])
}

/// `kakehashi memory upgrade`: scores the aligned units of a memory written before relations.
struct MemoryUpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Give every aligned unit stored before relations its relation and calibrated confidence, from its stored texts.",
        discussion: "Opening the memory upgrades its schema; `ingest` also scores such units before it stores new ones.")

    @OptionGroup var memory: MemoryOption
    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let tm = try memory.open(mustExist: true)
        let status = StatusLine()
        let n = try pipeline { try RelationUpgrade.run(tm, lexicon: try lexicon.load()) { status.show("scored \($0) units") } }
        status.clear()
        print("\(n) units scored again in \(tm.location)")
    }
}
