import ArgumentParser
import Foundation
import KakehashiPipeline

/// `kakehashi users …`: the named users of `serve --users FILE`, each with a role and a token.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list and remove the named users of a shared memory (serve --users FILE).",
        discussion: """
            Roles: reader (looks up), reviewer (also approves, rejects, relabels, annotates), admin (also \
            imports, ingests, deletes, manages users). The file holds each token's SHA-256, never the token, \
            and is written readable by its owner only; serve refuses a users file others can read.
            """,
        subcommands: [Add.self, List.self, Remove.self])

    struct FileOption: ParsableArguments {
        @Option(help: "The users file.") var users: String
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; print their new token once.")
        @Argument(help: "The user's name (letters, digits, - _ . @).") var name: String
        @Option(help: "reader, reviewer or admin.") var role: String = "reviewer"
        @OptionGroup var file: FileOption

        func validate() throws {
            guard Role(rawValue: role) != nil else { throw ValidationError("--role is reader, reviewer or admin") }
        }

        func run() throws {
            let token = try pipeline {
                var accounts = try UserAccounts(path: file.users, createIfMissing: true)
                let token = try accounts.add(name: name, role: Role(rawValue: role)!)
                try accounts.write(to: file.users)
                return token
            }
            print(token)
            printError("added \(name) as \(role) to \(file.users); the token above is shown only now")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users and their roles.")
        @OptionGroup var file: FileOption

        func run() throws {
            for a in try pipeline({ try UserAccounts(path: file.users) }).accounts {
                print("\(a.name)\t\(a.role.rawValue)")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (their token stops working).")
        @Argument(help: "The user's name.") var name: String
        @OptionGroup var file: FileOption

        func run() throws {
            try pipeline {
                var accounts = try UserAccounts(path: file.users)
                try accounts.remove(name: name)
                try accounts.write(to: file.users)
            }
            printError("removed \(name) from \(file.users)")
        }
    }
}
