#!/usr/bin/env python3
"""Fits Kakehashi's relation models: multinomial logistic regressions over the features of
RelationEvidence (Sources/KakehashiAlign), classes translation / partial / related / wrong, one for
the links of documents read as translations and one for the links of comparable documents.

    swift build -c release
    .build/release/kakehashi eval relation --training Evaluation/relation/training.jsonl
    python3 Evaluation/relation/fit_relation_model.py Evaluation/relation/training.jsonl

The training rows are every candidate link of the training data, labelled with its gold relation
when its sentences are a gold link's, else "wrong": WMT21 documents of even position (never a source
of the comparable dev set) with the perturbations of `eval align` under seeds 101 and 211, and the
comparable documents of comparable-news.train.jsonl. The comparable dev set is not read.
Writes Sources/KakehashiAlign/RelationModelWeights.swift. Needs numpy (Debian: python3-numpy).
After a change to the features, `fit_relation_model.py --bootstrap=N` writes zero weights for N
features first, so that the build can write the training rows."""
import json, os, sys
import numpy as np

CLASSES = ["translation", "partial", "related", "wrong"]
COMPARABLE_WEIGHT = 4.0   # comparable rows are few beside the WMT21 rows, and the only partial/related ones
# Partial and related links are rare in the training rows; weighting them up lets the model find
# them at all (the calibration is checked on held-out data by `kakehashi eval relation`).
CLASS_WEIGHT = {"translation": 1.0, "partial": 1.5, "related": 1.5, "wrong": 1.0}
L2 = 0.01                 # on standardized features

def fit(rows, comparable_weight):
    """One multinomial logistic model: weights per class over the raw features."""
    X = np.array([r["features"] for r in rows], dtype=float)
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    w = np.array([comparable_weight if r["source"] == "comparable" else 1.0 for r in rows])
    for k, c in enumerate(CLASSES):
        w[y == k] *= CLASS_WEIGHT[c]
    mean = X.mean(axis=0); scale = X.std(axis=0)
    mean[0] = 0; scale[0] = 1
    scale[scale == 0] = 1
    Z = (X - mean) / scale
    Y = np.eye(4)[y]
    W = np.zeros((4, X.shape[1]))
    # Full-batch gradient descent with momentum on the weighted, L2-penalised log loss.
    velocity = np.zeros_like(W)
    for step in range(6000):
        S = Z @ W.T
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S); P /= P.sum(axis=1, keepdims=True)
        G = ((P - Y) * w[:, None]).T @ Z / w.sum() + L2 * np.hstack([np.zeros((4, 1)), W[:, 1:]])
        velocity = 0.9 * velocity - 0.5 * G
        W += velocity
    loss = -(w * np.log(P[np.arange(len(y)), y] + 1e-12)).sum() / w.sum()
    # Back to raw features: s = W·(x - mean)/scale = (W/scale)·x - W·(mean/scale).
    raw = W / scale
    raw[:, 0] = W[:, 0] - (W[:, 1:] * (mean[1:] / scale[1:])).sum(axis=1)
    counts = {c: int((y == k).sum()) for k, c in enumerate(CLASSES)}
    print(f"{len(rows)} rows {counts}; weighted log loss {loss:.4f}")
    predicted = P.argmax(axis=1)
    for k, c in enumerate(CLASSES):
        sel = y == k
        print(f"  {c}: recall {(predicted[sel] == k).mean() if sel.any() else 0:.3f}")
    return raw

def main(path):
    if path.startswith("--bootstrap="):
        # Zero weights for N features, so that a build with changed features can write rows.
        n = int(path.split("=", 1)[1])
        write(np.zeros((4, n)), np.zeros((4, n)))
        return
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    # Two models: links of documents read as translations (the in-order beads), and links of
    # comparable documents (each sentence of the shorter side against its best counterparts),
    # whose relations and base rates differ.
    print("translated documents:")
    translated = fit([r for r in rows if r["translated"]], 1.0)
    print("comparable documents:")
    comparable = fit([r for r in rows if not r["translated"]], COMPARABLE_WEIGHT)
    write(translated, comparable)

def write(translated, comparable):
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "..", "Sources", "KakehashiAlign", "RelationModelWeights.swift")
    with open(out, "w", encoding="utf-8") as f:
        f.write("// Written by Evaluation/relation/fit_relation_model.py; do not edit by hand.\n\n")
        f.write("/// The fitted weights of `RelationModel`: per class (translation, partial, related, wrong), one\n")
        f.write("/// weight per feature of `RelationEvidence.names`; one model for documents read as translations,\n")
        f.write("/// one for comparable documents.\n")
        f.write("enum RelationModelWeights {\n")
        for name, raw in (("translated", translated), ("comparable", comparable)):
            f.write(f"    static let {name}: [[Double]] = [\n")
            for r in raw:
                f.write("        [" + ", ".join(f"{v:.6f}" for v in r) + "],\n")
            f.write("    ]\n")
        f.write("}\n")
    print("wrote", os.path.normpath(out))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "training.jsonl"))
