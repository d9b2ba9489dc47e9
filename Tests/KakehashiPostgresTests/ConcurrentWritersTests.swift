#if PostgreSQL
    import Foundation
    import KakehashiMemory
    import KakehashiSQLite
    import KakehashiPipeline
    import KakehashiBench
    @testable import KakehashiPostgres
    import KakehashiTestSupport
    import Testing
    import PostgresNIO

    /// Writes a TMX of the units `range` (unit i always has the same texts).
    func writeTMX(_ path: String, units range: Range<Int>) throws {
        var text =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"en\" datatype=\"plaintext\" segtype=\"sentence\" "
            + "adminlang=\"en\" o-tmf=\"test\" creationtool=\"test\" creationtoolversion=\"1\"/><body>\n"
        for i in range {
            text +=
                "<tu><tuv xml:lang=\"en\"><seg>Report \(i): the council met on day \(i % 28 + 1).</seg></tuv>"
                + "<tuv xml:lang=\"ja\"><seg>報告\(i)：評議会は\(i % 28 + 1)日に会合した。</seg></tuv></tu>\n"
        }
        try (text + "</body></tmx>\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Suite("Concurrent writers", .serialized)
    struct ConcurrentWritersTests {
        /// Four imports of overlapping files started at once on a new memory: every one succeeds, and
        /// the memory ends with exactly the units one writer would have stored.
        func fourImportsAtOnce(into memory: String, folder: URL) async throws {
            var files: [String] = []
            for k in 0..<4 {
                let path = folder.appendingPathComponent("part\(k).tmx").path
                try writeTMX(path, units: (k * 700)..<(k * 700 + 2000))
                files.append(path)
            }
            let processes = try files.enumerated().map { k, file in
                try BuiltBinary.start(
                    ["import", file, "--memory", memory], log: folder.appendingPathComponent("import\(k).log"))
            }
            for p in processes { #expect(BuiltBinary.waitForExit(p), "an import never ended") }
            for (k, p) in processes.enumerated() {
                let log =
                    (try? String(contentsOf: folder.appendingPathComponent("import\(k).log"), encoding: .utf8)) ?? ""
                #expect(p.terminationStatus == 0, Comment(rawValue: "import \(k) failed: \(log)"))
            }
            let (texts, integrity) = try await MemoryLocation.withMemory(memory, mustExist: true) { store in
                let texts = Collector<String>()
                _ = try await store.forEachUnit { texts.append($0.variants.map(\.text).joined(separator: "|")) }
                return (texts.items, try await store.integrityCheck())
            }
            let expected = 0..<(3 * 700 + 2000)
            #expect(texts.count == expected.count && Set(texts).count == expected.count)
            #expect(
                Set(texts)
                    == Set(
                        expected.map { i in
                            "Report \(i): the council met on day \(i % 28 + 1).|報告\(i)：評議会は\(i % 28 + 1)日に会合した。"
                        }))
            #expect(integrity == ["ok"])
        }

        @Test("four imports at once into a new PostgreSQL database store each unit exactly once")
        func postgres() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kk-writers-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = try await TemporaryCluster.shared.get().createDatabase()
            try await fourImportsAtOnce(into: url, folder: folder)
            // The word counts the writers kept are what the variants hold, word for word.
            let memory = try await PostgresMemory.started(url: url)
            defer { memory.close() }
            let (mismatched, terms) = try await memory.reading { c -> (Int64, Int64) in
                let row = try await c.rows(
                    """
                    SELECT count(*) FILTER (WHERE k.n IS DISTINCT FROM c.n), count(*)
                    FROM (SELECT w AS term, count(*) AS n FROM variant v CROSS JOIN LATERAL (SELECT DISTINCT unnest(string_to_array(btrim(v.words_spaced), ' ')) AS w) d
                          GROUP BY w) k
                    FULL JOIN term_count c ON c.term = k.term
                    """, memory.logger)[0]
                return try row.decode((Int64, Int64).self)
            }
            #expect(terms > 100)
            #expect(mismatched == 0)
        }

        /// Starts an import of `units` into `url` and waits until it is copying or inserting rows.
        func importUnderWay(_ tmx: String, into url: String, watcher: PostgresMemory, log: URL) async throws -> Process
        {
            let process = try BuiltBinary.start(["import", tmx, "--memory", url], log: log)
            let database = String(url.split(separator: "/").last!.split(separator: "?").first!)
            // A transaction that has written (it holds a transaction id): rows (COPY, INSERT) or, for
            // a new memory, the indexes and keys it makes before it commits, also between two of its
            // statements; the window is short on a fast machine.
            for _ in 0..<600 where process.isRunning {
                let busy = try await watcher.reading { c in
                    try await c.rows(
                        """
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = \(database) AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
                        """, watcher.logger)[0].decode(Int64.self)
                }
                if busy > 0 { return process }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("the import never started writing rows")
            return process
        }

        /// The memory's units, and whether its candidate indexes and foreign keys are all there.
        func state(of memory: PostgresMemory) async throws -> (units: Int, whole: Bool) {
            try await memory.reading { c in
                let units = try await c.rows("SELECT count(*) FROM unit", memory.logger)[0].decode(Int64.self)
                let indexes = try await c.rows(
                    "SELECT count(*) FROM pg_indexes WHERE indexname = ANY(\(PostgresSchema.candidateIndexes.map(\.name)))",
                    memory.logger)[0].decode(Int64.self)
                let keys = try await c.rows(
                    "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('variant'::regclass, 'provenance'::regclass)",
                    memory.logger)[0].decode(Int64.self)
                return (Int(units), indexes == Int64(PostgresSchema.candidateIndexes.count) && keys == 2)
            }
        }

        @Test(
            "an import killed with SIGKILL, or cut off from the server, leaves nothing of its file, and running it again completes it; readers never wait for it",
            arguments: ["kill", "disconnect"])
        func interruptedImport(how: String) async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kk-interrupt-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = try await TemporaryCluster.shared.get().createDatabase()
            let watcher = try await PostgresMemory.started(url: url)
            defer { watcher.close() }
            let log = folder.appendingPathComponent("import.log")
            // Into an empty memory (the bulk load, which drops indexes and keys until it commits),
            // then into one that holds units (rows inserted beside other writers).
            for (round, range) in [0..<20_000, 20_000..<40_000].enumerated() {
                let tmx = folder.appendingPathComponent("part\(round).tmx").path
                try writeTMX(tmx, units: range)
                let before = try await state(of: watcher).units
                let process = try await importUnderWay(tmx, into: url, watcher: watcher, log: log)
                // Readers do not wait for the writer, not even for the bulk load of a new memory.
                let during = try await watcher.lookup(
                    "Report 5: the council met on day 6.", options: LookupOptions(mode: .exact))
                #expect(process.isRunning && during.count == (round == 0 ? 0 : 1))
                if how == "kill" {
                    kill(process.processIdentifier, SIGKILL)
                } else {
                    _ = try await watcher.reading { c in
                        try await c.rows(
                            """
                            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                            WHERE pid <> pg_backend_pid() AND datname = current_database() AND application_name = ''
                              AND backend_xid IS NOT NULL
                            """, watcher.logger)
                    }
                }
                #expect(BuiltBinary.waitForExit(process, seconds: 120), "the interrupted import never ended")
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                #expect(process.terminationStatus != 0, Comment(rawValue: output))
                if how == "disconnect" {
                    // A clear message naming the memory (without a password), not a crash.
                    #expect(
                        process.terminationReason == .exit && output.contains("kakehashi_test_"),
                        Comment(rawValue: output))
                }
                var after = try await state(of: watcher)
                // A new memory gets its indexes and keys with its first units.
                #expect(
                    after.units == before && after.whole == (round > 0),
                    Comment(rawValue: "\(how), round \(round): \(after)"))
                let again = try BuiltBinary.start(["import", tmx, "--memory", url], log: log)
                #expect(BuiltBinary.waitForExit(again))
                #expect(again.terminationStatus == 0)
                after = try await state(of: watcher)
                #expect(after.units == before + range.count && after.whole)
            }
        }

        @Test(
            "four imports at once into a new SQLite file: no 'database is locked', no schema race, each unit once",
            arguments: 0..<3)
        func sqlite(round: Int) async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kk-writers-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try await fourImportsAtOnce(into: folder.appendingPathComponent("shared.sqlite").path, folder: folder)
        }

        @Test("memory copy: SQLite to PostgreSQL and back loses nothing, and a second copy adds nothing")
        func copyBothWays() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-copy-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let original = folder.appendingPathComponent("original.sqlite").path
            let tmx = folder.appendingPathComponent("units.tmx").path
            try writeTMX(tmx, units: 0..<3000)
            let sqlite = try TranslationMemory(path: original)
            _ = try await sqlite.importTMX(path: tmx)
            try await sqlite.add(
                [
                    TranslationUnit(
                        variants: [
                            Variant(language: "en", text: "With sources."), Variant(language: "ja", text: "出典付き。"),
                        ],
                        status: .aligned, confidence: 0.83, method: "1-1",
                        provenance: [
                            Provenance(
                                sourceFile: "a.txt", document: "lines 1-4", sentences: "en 0 / ja 0",
                                url: "https://example.com/a")
                        ])
                ],
                completing: [(contentHash: "c0ffee", name: "a.txt", bytes: 120)],
                at: Date(timeIntervalSince1970: 1_700_000_000))
            let url = try await TemporaryCluster.shared.get().createDatabase()
            let back = folder.appendingPathComponent("back.sqlite").path
            for (from, to) in [(original, url), (url, back)] {
                let run = try BuiltBinary.start(
                    ["memory", "copy", from, to], log: folder.appendingPathComponent("copy.log"))
                #expect(BuiltBinary.waitForExit(run))
                let log = (try? String(contentsOf: folder.appendingPathComponent("copy.log"), encoding: .utf8)) ?? ""
                #expect(
                    run.terminationStatus == 0 && log.contains("sample 200/200 found whole"), Comment(rawValue: log))
            }
            let a = Collector<TranslationUnit>(), b = Collector<TranslationUnit>()
            _ = try await sqlite.forEachUnit { a.append($0) }
            _ = try await TranslationMemory(path: back).forEachUnit { b.append($0) }
            #expect(a.items.count == 3001 && a.items == b.items)
            // The ingested-file records travel too, with their dates: an ingest into the copy skips the file.
            let copiedFiles = try await TranslationMemory(path: back).ingestedFiles()
            #expect(copiedFiles.map(\.file.contentHash) == ["c0ffee"] && copiedFiles.map(\.file.name) == ["a.txt"])
            #expect(copiedFiles.first?.at == Date(timeIntervalSince1970: 1_700_000_000))
            let destination = try await PostgresMemory.started(url: url)
            defer { destination.close() }
            let again = try await MemoryCopy.copy(from: sqlite, to: destination)
            #expect(again.added == 0 && again.alreadyPresent == 3001 && again.isComplete)
        }
    }

    @Suite("Commands on a PostgreSQL memory")
    struct PostgresCommandTests {
        /// Runs `kakehashi arguments` to the end; its status and output.
        func run(_ arguments: [String], in folder: URL) async throws -> (status: Int32, output: String) {
            let log = folder.appendingPathComponent("run-\(UUID().uuidString).log")
            let process = try BuiltBinary.start(arguments, log: log)
            #expect(BuiltBinary.waitForExit(process), "kakehashi \(arguments.joined(separator: " ")) never ended")
            return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }

        @Test("an increment pairs with a document of an earlier ingest whose file is gone, in PostgreSQL as in SQLite")
        func increment() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-pginc-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = try await TemporaryCluster.shared.get().createDatabase()
            var exports: [String] = []
            for memory in [url, folder.appendingPathComponent("tm.sqlite").path] {
                let day1 = folder.appendingPathComponent("day1"), day2 = folder.appendingPathComponent("day2")
                for day in [day1, day2] {
                    try FileManager.default.createDirectory(at: day, withIntermediateDirectories: true)
                }
                try """
                Published: October 30, 2025

                Prime Minister Sanae Takaichi met South Korean President Lee Jae-myung in Gyeongju on October 30.
                The two leaders held 41-minute talks on the sidelines of the APEC summit.
                """.write(to: day1.appendingPathComponent("summit.en.txt"), atomically: true, encoding: .utf8)
                try """
                2025年11月2日

                高市早苗首相は10月30日、慶州で韓国の李在明大統領と会談した。
                両首脳はAPEC首脳会議の傍らで41分間会談した。
                """.write(to: day2.appendingPathComponent("summit.ja.txt"), atomically: true, encoding: .utf8)
                let first = try await run(["ingest", day1.path, "--lexicon", "none", "--memory", memory], in: folder)
                #expect(first.status == 0 && first.output.contains("units 0 new"), Comment(rawValue: first.output))
                try FileManager.default.removeItem(at: day1)
                let second = try await run(["ingest", day2.path, "--lexicon", "none", "--memory", memory], in: folder)
                #expect(second.status == 0, Comment(rawValue: second.output))
                #expect(
                    second.output.contains("documents of earlier ingests compared (from the memory, files not read): 1")
                )
                #expect(second.output.contains("document pairs 1") && !second.output.contains("units 0 new"))
                let stats = try await run(["stats", "--memory", memory], in: folder)
                #expect(
                    stats.output.contains("documents of ingested files: 2 kept, 0 not paired yet, ")
                        && stats.output.contains(" bytes each on average"),
                    Comment(rawValue: stats.output))
                let export = try await run(["export", "--memory", memory], in: folder)
                #expect(export.output.contains("day1/summit.en.txt</prop>"))
                exports.append(
                    export.output.replacingOccurrences(
                        of: #"(creation|change)date="[0-9TZ]+""#, with: "", options: .regularExpression))
                try? FileManager.default.removeItem(at: day2)
            }
            #expect(exports[0] == exports[1])
        }

        /// An export as a sorted list of units, each a sorted list of its lines, without dates: the
        /// same units with the same sources, whatever order workers stored them in.
        static func unitsOf(_ export: String) -> [String] {
            export.replacingOccurrences(of: #"(creation|change)date="[0-9TZ]+""#, with: "", options: .regularExpression)
                .components(separatedBy: "<tu ").dropFirst().map {
                    $0.split(separator: "\n").filter { $0 != "</body>" && $0 != "</tmx>" }.sorted().joined(
                        separator: "\n")
                }.sorted()
        }

        @Test(
            "workers: a queued folder drained by two workers gives the units of a direct ingest; a dead worker's claim expires and another worker does its work"
        )
        func workers() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "kk-workers-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            var root = URL(fileURLWithPath: #filePath)
            for _ in 0..<3 { root.deleteLastPathComponent() }
            let documents =
                try ParallelDocument.read(root.path + "/Evaluation/wmt21/newstest2021.en-ja.docs.jsonl")
                + ParallelDocument.read(root.path + "/Evaluation/wmt21/newstest2021.ja-en.docs.jsonl")
            // 90 stories in both languages, dated over nine days: two batches of alignment work.
            _ = try ArchiveBenchmark.writeCorpus(documents, archive: 90, increment: 0, perDay: 10, folder: folder.path)
            let articles = folder.appendingPathComponent("archive").path
            let direct = try await TemporaryCluster.shared.get().createDatabase()
            let queued = try await TemporaryCluster.shared.get().createDatabase()
            let ingest = try await run(["ingest", articles, "--lexicon", "none", "--memory", direct], in: folder)
            #expect(ingest.status == 0, Comment(rawValue: ingest.output))
            let enqueue = try await run(
                ["ingest", articles, "--enqueue", "--lexicon", "none", "--memory", queued], in: folder)
            #expect(
                enqueue.status == 0 && enqueue.output.contains("batch 1 enqueued: 180 files"),
                Comment(rawValue: enqueue.output))
            // A worker claims the batch's pairing (for 8 s) and dies; nobody else can claim it meanwhile.
            let memory = try await PostgresMemory.started(url: queued)
            defer { memory.close() }
            let dead = try #require(try await memory.claimWork(worker: "dead", lease: 8))
            #expect(dead.kind == .pair && dead.attempts == 1)
            #expect(try await memory.claimWork(worker: "other", lease: 2) == nil)
            // Two workers wait for its lease to end, then one pairs the batch and both align.
            let logs = (0..<2).map { folder.appendingPathComponent("worker\($0).log") }
            let workers = try (0..<2).map { k in
                try BuiltBinary.start(
                    [
                        "ingest", "--worker", "--worker-name", "w\(k)", "--lease", "2", "--lexicon", "none", "--memory",
                        queued,
                    ], log: logs[k])
            }
            for worker in workers { #expect(BuiltBinary.waitForExit(worker)) }
            let outputs = logs.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
            #expect(workers.allSatisfy { $0.terminationStatus == 0 }, Comment(rawValue: outputs.joined()))
            #expect(outputs.filter { $0.contains("1 batches paired") }.count == 1, Comment(rawValue: outputs.joined()))
            // The dead worker's late completion is refused: its claim was lost.
            #expect(try await memory.completeWork(dead, adding: []) == false)
            let counts = try await memory.queueCounts()
            #expect(counts.isDrained && counts.failed == 0 && counts.done >= 3 && counts.openBatches == 0)
            let exports = [
                try await run(["export", "--memory", direct], in: folder),
                try await run(["export", "--memory", queued], in: folder),
            ]
            #expect(
                exports[0].output.contains("<tu ") && Self.unitsOf(exports[0].output) == Self.unitsOf(exports[1].output)
            )
            let stats = try await run(["stats", "--memory", queued], in: folder)
            #expect(
                stats.output.contains("queue: 1 batches (0 open), work 0 waiting, 0 claimed"),
                Comment(rawValue: stats.output))
            // On SQLite there is no queue: a usage error naming the memory.
            let sqlite = folder.appendingPathComponent("tm.sqlite").path
            let refused = try await run(["ingest", "--worker", "--lexicon", "none", "--memory", sqlite], in: folder)
            #expect(
                refused.status == 64 && refused.output.contains("workers need a PostgreSQL memory"),
                Comment(rawValue: refused.output))
        }

        @Test("ingest, stats, lookup and export take a postgres:// URL and answer as with an SQLite file")
        func mainJob() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-pgcli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let url = try await TemporaryCluster.shared.get().createDatabase()
            let file = folder.appendingPathComponent("seeds.sqlite").path
            var stored: [String] = []
            for memory in [url, file] {
                let ingest = try await run(["ingest", "seeds", "--lexicon", "none", "--memory", memory], in: folder)
                #expect(ingest.status == 0, Comment(rawValue: ingest.output))
                stored.append(
                    ingest.output.components(separatedBy: "(units ").last?.components(separatedBy: " new").first ?? "")
                let again = try await run(["ingest", "seeds", "--lexicon", "none", "--memory", memory], in: folder)
                #expect(again.status == 0 && again.output.contains("units 0 new"), Comment(rawValue: again.output))
            }
            #expect(stored[0] == stored[1] && (Int(stored[0]) ?? 0) > 0)
            let stats = try await run(["stats", "--memory", url, "--check"], in: folder)
            #expect(
                stats.status == 0 && stats.output.contains("units: \(stored[0])")
                    && stats.output.contains("integrity: ok"))
            for query in ["first summit", "初の首脳会談", "Lee Jae-myung", "会"] {
                let a = try await run(
                    ["lookup", query, "--lexicon", "none", "--memory", url, "--format", "json"], in: folder)
                let b = try await run(
                    ["lookup", query, "--lexicon", "none", "--memory", file, "--format", "json"], in: folder)
                #expect(a.status == 0 && a.output == b.output && a.output.contains("\"matches\":[{"))
            }
            func withoutDates(_ s: String) -> String {
                s.replacingOccurrences(of: #"(creation|change)date="[0-9TZ]+""#, with: "", options: .regularExpression)
            }
            let exportA = try await run(["export", "--memory", url], in: folder),
                exportB = try await run(["export", "--memory", file], in: folder)
            #expect(exportA.status == 0 && withoutDates(exportA.output) == withoutDates(exportB.output))
            let wrong = try await run(
                ["stats", "--memory", "postgres://nobody:hunter22@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"],
                in: folder)
            #expect(wrong.status == 74 && wrong.output.contains("cannot connect") && !wrong.output.contains("hunter22"))
        }
    }
#endif
