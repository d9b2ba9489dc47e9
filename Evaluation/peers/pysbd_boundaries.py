#!/usr/bin/env python3
"""pySBD's sentence-boundary recall on WMT21 news, measured as `kakehashi eval boundaries` measures it.

    pip install pysbd
    python3 Evaluation/peers/pysbd_boundaries.py [--misses]

Each document's reference sentences are joined as articles are laid out (a line break after one
without final punctuation, otherwise a space between English ones and nothing between Japanese
ones); a reference boundary is found when a sentence pySBD returns starts exactly there.
Offsets are counted in UTF-16 units, as the Swift runner counts them.
"""
import json
import os
import sys

import pysbd

FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wmt21")
FILES = ["newstest2021.en-ja.docs.jsonl", "newstest2021.ja-en.docs.jsonl"]
# What ends a sentence: terminators, and the closing quotes and brackets after one.
FINAL = set(".!?。！？」』”\")）)…")


def utf16_length(text):
    return len(text.encode("utf-16-le")) // 2


def main():
    show_misses = "--misses" in sys.argv
    documents = []
    for name in FILES:
        with open(os.path.join(FOLDER, name), encoding="utf-8") as f:
            documents += [json.loads(line) for line in f if line.strip()]
    for language, between in (("en", " "), ("ja", "")):
        segmenter = pysbd.Segmenter(language=language, clean=False, char_span=True)
        reference = proposed = found = count = 0
        misses = []
        for document in documents:
            sentences = [s.strip() for s in document[language] if s.strip()]
            if len(sentences) < 2:
                continue
            # Laid out as articles are: a line break after a line without final punctuation.
            text, gold, offset = "", set(), 0
            for k, sentence in enumerate(sentences):
                if k > 0:
                    separator = between if sentences[k - 1][-1] in FINAL else "\n"
                    text += separator
                    offset += len(separator)
                    gold.add(offset)
                text += sentence
                offset += len(sentence)
            starts = set()
            for span in segmenter.segment(text):
                start = span.start
                while start < len(text) and text[start].isspace():
                    start += 1
                if 0 < start < len(text):
                    starts.add(start)
            count += 1
            reference += len(gold)
            proposed += len(starts)
            found += len(gold & starts)
            for missed in sorted(gold - starts):
                if len(misses) < 20:
                    misses.append(text[max(0, missed - 30):missed] + "|" + text[missed:missed + 30])
        print(f"{language}: recall {found / reference:.3f} ({found} of {reference}), "
              f"precision {found / proposed:.3f} ({proposed} proposed), {count} documents")
        if show_misses:
            for miss in misses:
                print("  missed: " + miss)


if __name__ == "__main__":
    main()
