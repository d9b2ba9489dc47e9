#!/usr/bin/env python3
"""pySBD on the golden rules in Evaluation/segmentation, scored as `kakehashi eval segment` scores.

    pip install pysbd
    python3 Evaluation/peers/pysbd_golden_rules.py

A rule passes when the sentences, each stripped and empty ones dropped, equal the expected ones.
pySBD runs with clean=False (it must not rewrite the text).
"""
import json
import os
import sys

import pysbd

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "segmentation")


def passes(segmenter, rule):
    got = [s.strip() for s in segmenter.segment(rule["input"]) if s.strip()]
    return got == rule["expected"]


def main():
    english = json.load(open(os.path.join(FOLDER, "golden-rules-en.json"), encoding="utf-8"))
    japanese = json.load(open(os.path.join(FOLDER, "golden-rules-ja.json"), encoding="utf-8"))
    en = pysbd.Segmenter(language="en", clean=False)
    ja = pysbd.Segmenter(language="ja", clean=False)
    sets = [
        ("English golden rules", en, english),
        ("pySBD's 48", en, [r for r in english if r.get("in_pysbd48")]),
        ("Japanese golden rules", ja, [r for r in japanese if r["golden"]]),
        ("Japanese extra cases", ja, [r for r in japanese if not r["golden"]]),
    ]
    for name, segmenter, rules in sets:
        failed = [r["id"] for r in rules if not passes(segmenter, r)]
        print(f"{name}: {len(rules) - len(failed)} of {len(rules)}" + (f"  (fails {', '.join(failed)})" if failed else ""))


if __name__ == "__main__":
    sys.exit(main())
