#!/usr/bin/env python3
"""The peers of `kakehashi eval extraction`: trafilatura and readability-lxml over the same pages.

    python3 Evaluation/peers/extraction_peers.py OUT_FOLDER [--pages Evaluation/extraction/html]

writes OUT_FOLDER/trafilatura.json and OUT_FOLDER/readability.json ({"id": "text"}) and prints each
peer's milliseconds per page (median of three passes over the pages, decompressed beforehand, so
only extraction is timed, as for Kakehashi). Score them with
`kakehashi eval extraction --score OUT_FOLDER/trafilatura.json`.

Settings: trafilatura.extract(html) with comments off (the body alone, as the benchmark's truth);
readability's Document(html).summary() turned into text by lxml, paragraphs on their own lines.
"""
import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path


def load(folder):
    pages = {}
    for path in sorted(Path(folder).glob('*.html.gz')):
        pages[path.name[:-len('.html.gz')]] = gzip.decompress(path.read_bytes()).decode('utf8', errors='replace')
    return pages


def run_trafilatura(pages):
    import trafilatura
    return {k: trafilatura.extract(html, include_comments=False) or '' for k, html in pages.items()}


def run_readability(pages):
    import lxml.html
    from readability import Document
    out = {}
    for k, html in pages.items():
        try:
            summary = Document(html).summary(html_partial=True)
            tree = lxml.html.fromstring(summary)
            for block in tree.iter('p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'br', 'tr', 'blockquote', 'pre'):
                block.tail = (block.tail or '') + '\n'
            out[k] = tree.text_content().strip()
        except Exception:
            out[k] = ''
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('out')
    ap.add_argument('--pages', default='Evaluation/extraction/html')
    ap.add_argument('--repetitions', type=int, default=3)
    a = ap.parse_args()
    pages = load(a.pages)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, run in (('trafilatura', run_trafilatura), ('readability', run_readability)):
        times = []
        for _ in range(a.repetitions):
            start = time.perf_counter()
            predictions = run(pages)
            times.append(time.perf_counter() - start)
        (out / f'{name}.json').write_text(json.dumps(predictions, ensure_ascii=False), encoding='utf8')
        print(f'{name}: {statistics.median(times) * 1000 / len(pages):.2f} ms/page', file=sys.stdout)


if __name__ == '__main__':
    main()
