#!/usr/bin/env python3
"""Scores copy detection: a ledger's paragraph roles against the truth file
generate.py wrote. Prints one JSON object.

Reads either `contested export --format jsonl` output or, for large ledgers
(the export of 100k documents takes far longer than their ingest), the ledger
file itself through SQLite, read-only: documents(id, origin) and
paragraphs(doc, start, role, copy_doc).

Precision and recall are over paragraphs: a true copy is a paragraph generate.py
took from an earlier document; `linked` is the share of detected true copies whose
copy_of names the document the paragraph truly comes from first.
"""

import json
import sqlite3
import sys
from collections import defaultdict


def read_export(path):
    documents, paragraphs = {}, defaultdict(list)
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        if row["type"] == "document":
            documents[row["id"]] = row["origin"]
        elif row["type"] == "paragraph":
            copy = row["copy_of"]["doc"] if row["copy_of"] else None
            paragraphs[row["doc"]].append((row["span"][0], row["role"], copy))
    return documents, paragraphs


def read_ledger(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    documents = dict(db.execute("SELECT id, origin FROM documents"))
    paragraphs = defaultdict(list)
    for doc, start, role, copy in db.execute("SELECT doc, start, role, copy_doc FROM paragraphs"):
        paragraphs[doc].append((start, role, copy))
    return documents, paragraphs


def main(ledger_or_export, truth_path):
    truth = [json.loads(line) for line in open(truth_path, encoding="utf-8")]
    read = read_export if ledger_or_export.endswith(".jsonl") else read_ledger
    documents, paragraphs = read(ledger_or_export)
    line_of = {doc: int(origin.rsplit("#line ", 1)[1]) for doc, origin in documents.items()}
    counts = defaultdict(int)
    misaligned = 0
    for doc, rows in paragraphs.items():
        line = line_of[doc]
        expected = truth[line - 1]
        rows.sort()
        if len(rows) != len(expected):
            misaligned += 1
            continue
        for (_, got, copy_doc), (role, origin) in zip(rows, expected):
            for kind in ("copy", "template"):
                if role == kind and got == kind:
                    counts[kind + "_tp"] += 1
                elif got == kind:
                    counts[kind + "_fp"] += 1
                elif role == kind:
                    counts[kind + "_fn"] += 1
            if role == "copy" and got == "copy":
                counts["linked"] += int(line_of.get(copy_doc) == origin)
    out = {"documents": len(line_of), "misaligned_documents": misaligned}
    for kind in ("copy", "template"):
        tp, fp, fn = counts[kind + "_tp"], counts[kind + "_fp"], counts[kind + "_fn"]
        out[kind] = {
            "true": tp + fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        }
    out["copy"]["linked_to_origin"] = round(counts["linked"] / counts["copy_tp"], 4) if counts["copy_tp"] else None
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
