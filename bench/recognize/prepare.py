"""Writes the benchmark inputs: one JSON line per article, for the full corpora
and for a sample small enough for the Python peers (which run at ~0.01-0.04 MB/s).

Usage: prepare.py SHARED_DIR OUT_DIR SAMPLE_KB
Reads (never copies into the repo): FA-KES CSV column article_content and
Reuters 2016 JSONL field text.
"""
import csv
import json
import os
import sys

shared, out, sample_kb = sys.argv[1], sys.argv[2], int(sys.argv[3])
csv.field_size_limit(1 << 30)


def fakes():
    with open(os.path.join(shared, "data/corpus/fakes/FA-KES-Dataset.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            yield row["article_content"]


def reuters():
    with open(os.path.join(shared, "data/corpus/reuters_2016/conflict_2016.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)["text"]


for name, texts in (("fakes", list(fakes())), ("reuters_2016", list(reuters()))):
    with open(os.path.join(out, f"{name}.full.jsonl"), "w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}) + "\n")
    # The sample: the first articles up to SAMPLE_KB of UTF-8 text.
    budget = sample_kb * 1000
    with open(os.path.join(out, f"{name}.sample.jsonl"), "w", encoding="utf-8") as f:
        for t in texts:
            n = len(t.encode("utf-8"))
            if n > budget:
                break
            budget -= n
            f.write(json.dumps({"text": t}) + "\n")
