import ArgumentParser
import Foundation
import KakehashiBench
import KakehashiPipeline

/// `kakehashi eval extraction`: article-body extraction on the ScrapingHub benchmark pages.
struct EvalExtractionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extraction",
        abstract: "Main-content extraction F1, precision, recall and speed on 121 pages of the ScrapingHub benchmark.",
        discussion: """
            Scores as the benchmark does (4-token shingles of \\w+ tokens, per-page precision and recall averaged, F1 \
            of the averages). --score FILE scores a peer's predictions ({"id": "text"}) instead; \
            Evaluation/extraction/compare runs trafilatura and readability and Kakehashi side by side.
            """)

    @Option(help: "Folder of pages (ID.html.gz).")
    var pages = "Evaluation/extraction/html"

    @Option(help: "The truth (ID → {articleBody}).")
    var truth = "Evaluation/extraction/ground-truth.json"

    @Option(help: "Score this predictions file instead of running Kakehashi.")
    var score: String?

    @Option(help: "Write Kakehashi's predictions to this file (JSON).")
    var writePredictions: String?

    @Option(help: "Times each page is extracted (the time reported is the median).")
    var repetitions = 3

    @Flag(help: "Print the ten worst pages.")
    var worst = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let scores: ExtractionEvaluation.Scores
        var perPage: String?
        if let score {
            scores = ExtractionEvaluation.score(
                try pipeline { try ExtractionEvaluation.predictions(score) },
                truth: try pipeline { try ExtractionEvaluation.truth(truth) })
        } else {
            let run = try pipeline {
                try ExtractionEvaluation.run(folder: pages, truthPath: truth, repetitions: repetitions)
            }
            scores = run.scores
            perPage = String(format: "%.2f", run.millisecondsPerPage)
            if let path = writePredictions {
                let data = try JSONSerialization.data(withJSONObject: run.predictions, options: [.sortedKeys])
                guard FileManager.default.createFile(atPath: path, contents: data) else {
                    throw fail("\(path): cannot write", code: 73)
                }
            }
        }
        let f = { (x: Double) in String(format: "%.3f", x) }
        if json {
            print(
                "{\"f1\": \(f(scores.f1)), \"precision\": \(f(scores.precision)), \"recall\": \(f(scores.recall)), "
                    + "\"accuracy\": \(f(scores.accuracy)), \"pages\": \(scores.pages), \"empty\": \(scores.emptyPredictions)"
                    + (perPage.map { ", \"ms_per_page\": \($0)" } ?? "") + "}")
        } else {
            print(
                "F1 \(f(scores.f1))  precision \(f(scores.precision))  recall \(f(scores.recall))  accuracy \(f(scores.accuracy))  "
                    + "pages \(scores.pages)  empty \(scores.emptyPredictions)"
                    + (perPage.map { "  \($0) ms/page" } ?? ""))
        }
        if worst {
            for page in scores.perPage.sorted(by: { $0.precision + $0.recall < $1.precision + $1.recall }).prefix(10) {
                print("  \(page.id.prefix(12))  P \(f(page.precision))  R \(f(page.recall))")
            }
        }
    }
}
