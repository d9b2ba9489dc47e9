import Foundation

/// A multinomial logistic model over `RelationEvidence`'s features: the probability that a link
/// is a correct `translation`, a correct `partial` link, a correct `related` link, or wrong (not
/// a link of any relation, or not with these sentences). A link states its most likely relation,
/// and that relation's probability is its confidence. Links of documents read as translations and
/// links of comparable documents have a model each: their relations and base rates differ.
///
/// The weights are fitted by `Evaluation/relation/fit_relation_model.py` on WMT21 documents with
/// the perturbations of `eval align` (seeds other than the evaluation's) and on comparable
/// documents written for it (`Evaluation/relation/comparable-news.train.jsonl`); the comparable
/// dev set is held out. `RelationModelWeights.swift` holds what the script wrote.
package struct RelationModel: Sendable {
    /// Per class (translation, partial, related, wrong), one weight per feature.
    package var weights: [[Double]]

    package init(weights: [[Double]]) {
        precondition(
            weights.count == 4 && weights.allSatisfy { $0.count == RelationEvidence.names.count },
            "a relation model has 4 classes of \(RelationEvidence.names.count) weights")
        self.weights = weights
    }

    /// The model the fitting script wrote for the links of documents read as translations.
    package static let translated = RelationModel(weights: RelationModelWeights.translated)
    /// The model the fitting script wrote for the links of comparable documents.
    package static let comparable = RelationModel(weights: RelationModelWeights.comparable)

    /// Probabilities of translation, partial, related and wrong, summing to 1.
    package func probabilities(_ features: [Double]) -> [Double] {
        let scores = weights.map { w in zip(w, features).reduce(0) { $0 + $1.0 * $1.1 } }
        let top = scores.max() ?? 0
        let e = scores.map { exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    /// `link` as a comparable document states it: a link more likely a link of some relation than
    /// wrong, but of no relation more likely than not, is stated as the weakest claim, `related`
    /// (the same facts), with the probability that it is a link at all.
    package func weakestClaim(_ link: RelationLink, features: [Double]) -> RelationLink {
        guard link.confidence < 0.5 else { return link }
        let isLink = 1 - probabilities(features)[3]
        guard isLink >= 0.5 else { return link }
        return RelationLink(en: link.en, ja: link.ja, relation: .related, confidence: isLink)
    }

    /// The link with its most likely relation and that relation's probability.
    package func link(en: [Int], ja: [Int], features: [Double]) -> RelationLink {
        let p = probabilities(features)
        var best = 0
        for k in 1..<3 where p[k] > p[best] { best = k }
        return RelationLink(en: en, ja: ja, relation: Relation.allCases[best], confidence: p[best])
    }
}
