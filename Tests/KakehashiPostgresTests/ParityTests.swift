#if PostgreSQL
    import Foundation
    import KakehashiBench
    import KakehashiLexicon
    import KakehashiMemory
    import KakehashiSQLite
    import KakehashiPipeline
    @testable import KakehashiPostgres
    import Testing
    import KakehashiTestSupport

    /// The same 10,000-unit memory in SQLite and in PostgreSQL answers every lookup the same: the
    /// same matches, in the same order, with the same scores and phrases (the JSON of
    /// `kakehashi lookup --format json`, compared byte for byte).
    @Suite("SQLite and PostgreSQL parity")
    struct ParityTests {
        static let repository: URL = {
            var url = URL(fileURLWithPath: #filePath)
            for _ in 0..<3 { url.deleteLastPathComponent() }
            return url
        }()

        /// Queries from the memory's own sentences, made into every kind of lookup.
        static func queries(
            documents: [ParallelDocument], synthetic: [MemoryBenchmark.Sample]
        ) -> [(String, LookupOptions)] {
            var random = MemoryBenchmark.Random(state: 20261126)
            var queries: [(String, LookupOptions)] = []
            let pairs =
                documents.flatMap(\.pairs).enumerated().filter { $0.offset % 17 == 0 }.map(\.element)
                + synthetic.map { (en: $0.en, ja: $0.ja) }
            for (i, pair) in pairs.prefix(90).enumerated() {
                let words = pair.en.split(separator: " ").map(String.init)
                let characters = Array(pair.ja)
                // Exact, both directions (and the Japanese with full-width digits and spaces).
                queries.append((pair.en, LookupOptions(mode: .exact)))
                queries.append((pair.ja, LookupOptions(mode: .exact)))
                // Fuzzy at several thresholds: a word dropped and one replaced; characters changed.
                if words.count > 3 {
                    var edited = words
                    edited.remove(at: random.below(max(1, edited.count)))
                    edited[random.below(max(1, edited.count))] =
                        ["new", "former", "several", "Tokyo", "2021"][random.below(5)]
                    for threshold in [50, 75, 90] {
                        queries.append(
                            (
                                edited.joined(separator: " "),
                                LookupOptions(mode: .fuzzy, minimumScore: threshold, limit: 5)
                            ))
                    }
                }
                if characters.count > 6 {
                    var edited = characters
                    edited[random.below(max(1, edited.count))] = "新"
                    edited.remove(at: random.below(max(1, edited.count)))
                    for threshold in [60, 85] {
                        queries.append((String(edited), LookupOptions(mode: .fuzzy, minimumScore: threshold, limit: 5)))
                    }
                }
                // Concordance: a few words, a Japanese substring, one and two characters.
                if words.count > 4 {
                    let start = random.below(words.count - 3)
                    queries.append(
                        (
                            words[start..<(start + 2 + i % 2)].joined(separator: " "),
                            LookupOptions(mode: .concordance, limit: 10)
                        ))
                }
                if characters.count > 8 {
                    let start = random.below(characters.count - 5)
                    queries.append(
                        (String(characters[start..<(start + 3 + i % 3)]), LookupOptions(mode: .concordance, limit: 10)))
                    queries.append(
                        (String(characters[start..<(start + 1 + i % 2)]), LookupOptions(mode: .concordance, limit: 8)))
                }
                if i % 3 == 0 {
                    queries.append(
                        (words.prefix(6).joined(separator: " "), LookupOptions(mode: .all, minimumScore: 60)))
                }
            }
            // Short English queries (the length-window path) and a word prefix.
            for word in ["summit", "Japan", "the", "vaccine", "Olympics", "diplom", "said"] {
                queries.append((word, LookupOptions(mode: .all, minimumScore: 50, limit: 10)))
            }
            // Phrases of common words only, prefixes that many words or no word begin with.
            for phrase in ["of the", "in the", "said the", "comm", "inte", "Prime Minis", "zzqxwv", "the zzqxwv", "首脳"]
            {
                queries.append((phrase, LookupOptions(mode: .concordance, limit: 10)))
            }
            return queries
        }

        @Test(
            "10,000 units in both backends give identical lookup JSON on 600+ queries (exact, fuzzy at several thresholds, concordance, both directions)"
        )
        func identicalAnswers() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kk-parity-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let documents = try ["en-ja", "ja-en"].flatMap {
                try ParallelDocument.read(
                    Self.repository.appendingPathComponent("Evaluation/wmt21/newstest2021.\($0).docs.jsonl").path)
            }
            let real = documents.flatMap { document in
                document.pairs.enumerated().map { k, pair in
                    TranslationUnit(
                        variants: [Variant(language: "en", text: pair.en), Variant(language: "ja", text: pair.ja)],
                        status: .aligned,
                        confidence: Double(k % 10) / 10 + 0.05, method: "test",
                        provenance: [Provenance(sourceFile: document.id, sentences: "\(k)")])
                }
            }
            let synthetic = try await MemoryBenchmark.prepare(
                units: 10_000 - real.count, folder: folder.path, samples: 60, importing: false)

            let sqlite = try TranslationMemory(path: folder.appendingPathComponent("m.sqlite").path)
            let (postgres, _) = try await freshPostgresMemory()
            defer { postgres.close() }
            for memory in [sqlite, postgres] as [any MemoryStore] {
                let imported = try await memory.importTMX(path: synthetic.tmxPath)
                let added = try await memory.add(real)
                #expect(imported.added + imported.alreadyPresent + added.added + added.alreadyPresent == 10_000)
            }
            #expect(try await sqlite.statistics().units == postgres.statistics().units)

            let lexicon = try Lexicon()
            let a = PhraseLookup(memory: sqlite, lexicon: lexicon), b = PhraseLookup(memory: postgres, lexicon: lexicon)
            let queries = Self.queries(documents: documents, synthetic: synthetic.samples)
            #expect(queries.count >= 500)
            var differing: [String] = []
            var answered = 0
            for (query, options) in queries {
                let answer = try await a.lookup(query, options: options)
                let left = answer.json, right = try await b.lookup(query, options: options).json
                if left != right {
                    differing.append(
                        "\(options.mode) \(options.minimumScore) \(query)\n  sqlite:   \(left)\n  postgres: \(right)")
                }
                if !answer.matches.isEmpty { answered += 1 }
            }
            #expect(
                differing.isEmpty,
                Comment(
                    rawValue: "\(differing.count) of \(queries.count) differ:\n"
                        + differing.prefix(5).joined(separator: "\n")))
            // The comparison means something only if most queries find matches.
            #expect(
                answered * 10 >= queries.count * 8,
                Comment(rawValue: "only \(answered) of \(queries.count) queries found a match"))
        }
    }
#endif
