#!/usr/bin/env python3
"""Builds a corpus of N documents with known copies, for the copy-detection benchmark.

Text comes from ../shared/data/corpus at run time (FA-KES article_content and the
Reuters 2016 texts); nothing of it is stored in the repository. Output:

  OUT.jsonl        one document per line: outlet, date, title, text (paragraphs
                   separated by blank lines), in publication order
  OUT.truth.jsonl  one line per document: for each paragraph its true role and,
                   for copies, the line of the document holding the original

Documents are built from
  - originals: each pool article once, then fresh text from a word-bigram model
    of the pool (new sentences, real vocabulary, numbers and names), so the
    corpus can grow to 100k documents without reusing text by accident;
  - copies (30%): 2-4 consecutive paragraphs taken from an earlier document and
    edited (none, punctuation, a word changed in every sentence, a sentence
    added or cut, one paragraph split in two, two merged), between fresh text;
  - outlet furniture: some outlets print a banner before the headline, some
    close every page with a stock paragraph (both true templates).

The pool is first cut down so that no two pool paragraphs share more than a
few word 4-grams (a brute-force check independent of contested's own method),
so every copy in the output is one this script made.
"""

import argparse
import csv
import json
import random
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

WORD = re.compile(r"[^\W_]+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def norm(text):
    return [w.lower() for w in WORD.findall(text)]


def grams(words, n=4):
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def sentences(text):
    return [s.strip() for s in SENTENCE_END.split(text) if len(s.split()) >= 3]


def load_pool(shared):
    articles = []
    with open(shared / "data/corpus/fakes/FA-KES-Dataset.csv", encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f):
            ss = sentences(row["article_content"])
            # FA-KES articles are one block each: cut into paragraphs of 2-3 sentences.
            paras, i, rng = [], 0, random.Random(len(articles))
            while i < len(ss):
                k = rng.choice((2, 3))
                paras.append(" ".join(ss[i : i + k]))
                i += k
            articles.append((row["article_title"].strip(), paras))
    with open(shared / "data/corpus/reuters_2016/conflict_2016.jsonl", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            paras = [p.strip() for p in rec["text"].split("\n") if len(p.split()) >= 8]
            articles.append((rec["title"].strip(), paras))
    # Keep each paragraph only if it is new to the pool.
    seen = set()
    pool = []
    for title, paras in articles:
        kept = []
        for p in paras:
            words = norm(p)
            g = grams(words)
            if len(words) < 8 or not g or len(g & seen) > 0.1 * len(g):
                continue
            seen |= g
            kept.append(p)
        if len(kept) >= 3:
            pool.append((title, kept))
    return pool


class Bigrams:
    """Word-bigram model of the pool: fresh sentences in the pool's vocabulary."""

    def __init__(self, pool):
        self.next = {}
        self.starts = []
        for _, paras in pool:
            for p in paras:
                for s in sentences(p):
                    words = s.split()
                    self.starts.append(words[0])
                    for a, b in zip(words, words[1:]):
                        self.next.setdefault(a, []).append(b)

    def sentence(self, rng):
        words = [rng.choice(self.starts)]
        target = rng.randint(12, 30)
        while len(words) < 60:
            options = self.next.get(words[-1])
            if not options:
                break
            word = rng.choice(options)
            words.append(word)
            if len(words) >= target and word.endswith("."):
                break
        text = " ".join(words).rstrip(".,;:")
        return text + "."

    def paragraph(self, rng):
        return " ".join(self.sentence(rng) for _ in range(rng.randint(2, 4)))


def edit(rng, model, paras):
    """Edits a run of copied paragraphs; returns (paragraphs, edit name)."""
    kind = rng.choice(["none", "punctuation", "word", "add", "cut", "split", "merge"])
    out = list(paras)
    i = rng.randrange(len(out))
    if kind == "punctuation":
        out = [p.replace(",", "").replace(". ", "; ").replace('"', "'") for p in out]
    elif kind == "word":
        out = []
        for p in paras:
            ss = sentences(p) or [p]
            changed = []
            for s in ss:
                words = s.split()
                words[len(words) // 2] = rng.choice(["reportedly", "allegedly", "also", "then"])
                changed.append(" ".join(words))
            out.append(" ".join(changed))
    elif kind == "add":
        ss = sentences(out[i])
        ss.insert(rng.randint(0, len(ss)), model.sentence(rng))
        out[i] = " ".join(ss)
    elif kind == "cut":
        ss = sentences(out[i])
        if len(ss) >= 3:
            del ss[rng.randrange(len(ss))]
            out[i] = " ".join(ss)
        else:
            kind = "none"
    elif kind == "split":
        ss = sentences(out[i])
        if len(ss) >= 2:
            cut = rng.randint(1, len(ss) - 1)
            out[i : i + 1] = [" ".join(ss[:cut]), " ".join(ss[cut:])]
        else:
            kind = "none"
    elif kind == "merge":
        if len(out) >= 2 and i + 1 < len(out):
            # The last sentence of one paragraph joined to the whole next one.
            last = sentences(out[i])[-1:]
            out[i : i + 2] = [" ".join(last + [out[i + 1]])]
        else:
            kind = "none"
    return out, kind


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = load_pool(args.shared)
    model = Bigrams(pool)
    outlets = [f"outlet{i:02d}.example" for i in range(20)]
    banner = {o: model.sentence(rng) + " " + model.sentence(rng) for o in outlets[:4]}
    sign_off = {o: model.sentence(rng) + " " + model.sentence(rng) for o in outlets[2:8]}

    docs = []  # per document: list of (text, role, origin line or None)
    pool_left = list(pool)
    rng.shuffle(pool_left)
    start = 1_600_000_000
    with open(args.out, "w", encoding="utf-8") as out, open(str(args.out) + ".truth.jsonl", "w") as truth:
        for n in range(args.size):
            line = n + 1
            outlet = rng.choice(outlets)
            body = []  # (text, role, original line)
            if docs and rng.random() < 0.3:
                source_line = rng.randrange(1, line)
                source = [p for p in docs[source_line - 1] if p[1] in ("body", "copy")]
                if len(source) >= 2:
                    k = min(len(source), rng.randint(2, 4))
                    first = rng.randrange(len(source) - k + 1)
                    run = source[first : first + k]
                    edited, _ = edit(rng, model, [p[0] for p in run])
                    root = [p[2] if p[1] == "copy" else source_line for p in run]
                    body.append((model.paragraph(rng), "body", None))
                    # A merge or split changes the count; every edited paragraph
                    # still comes from the run, whose earliest root is the original.
                    for i, text in enumerate(edited):
                        body.append((text, "copy", root[min(i, len(root) - 1)]))
                    title = model.sentence(rng).rstrip(".")
                else:
                    title, paras = model.sentence(rng).rstrip("."), [model.paragraph(rng) for _ in range(3)]
                    body.extend((p, "body", None) for p in paras)
            elif pool_left:
                title, paras = pool_left.pop()
                body.extend((p, "body", None) for p in paras)
            else:
                title = model.sentence(rng).rstrip(".")
                body.extend((model.paragraph(rng), "body", None) for _ in range(rng.randint(3, 7)))
            # Fresh closing text keeps copied runs out of the closing zone,
            # where a same-outlet reprint would rightly read as template.
            body.extend((model.paragraph(rng), "body", None) for _ in range(2))
            paragraphs = []
            if outlet in banner:
                paragraphs.append((banner[outlet], "template", None))
                paragraphs.append((title, "title", None))
            paragraphs.extend(body)
            if outlet in sign_off:
                paragraphs.append((sign_off[outlet], "template", None))
            docs.append(paragraphs)
            date = datetime.fromtimestamp(start + n * 60, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            text = "\n\n".join(p[0] for p in paragraphs)
            out.write(json.dumps({"outlet": outlet, "date": date, "title": title, "text": text}) + "\n")
            truth.write(json.dumps([[p[1], p[2]] for p in paragraphs]) + "\n")
    print(f"{args.size} documents from a pool of {len(pool)} articles -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
