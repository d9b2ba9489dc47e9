import ArgumentParser

/// `kakehashi memory`: whole-memory operations.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory", abstract: "Whole-memory operations.",
                                                    subcommands: [MemoryCopyCommand.self])
}
