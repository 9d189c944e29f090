#!/usr/bin/env python3
"""Scores copy detection: a ledger export (contested export --format jsonl) against
the truth file generate.py wrote. Prints one JSON object.

Precision and recall are over paragraphs: a true copy is a paragraph generate.py
took from an earlier document; `linked` is the share of detected true copies whose
copy_of names the document the paragraph truly comes from first.
"""

import json
import sys
from collections import defaultdict


def main(export_path, truth_path):
    truth = [json.loads(line) for line in open(truth_path, encoding="utf-8")]
    line_of = {}
    paragraphs = defaultdict(list)
    for line in open(export_path, encoding="utf-8"):
        row = json.loads(line)
        if row["type"] == "document":
            line_of[row["id"]] = int(row["origin"].rsplit("#line ", 1)[1])
        elif row["type"] == "paragraph":
            paragraphs[row["doc"]].append(row)
    counts = defaultdict(int)
    misaligned = 0
    for doc, rows in paragraphs.items():
        line = line_of[doc]
        expected = truth[line - 1]
        rows.sort(key=lambda r: r["span"][0])
        if len(rows) != len(expected):
            misaligned += 1
            continue
        for row, (role, origin) in zip(rows, expected):
            got = row["role"]
            for kind in ("copy", "template"):
                if role == kind and got == kind:
                    counts[kind + "_tp"] += 1
                elif got == kind:
                    counts[kind + "_fp"] += 1
                elif role == kind:
                    counts[kind + "_fn"] += 1
            if role == "copy" and got == "copy":
                counts["linked"] += int(line_of.get(row["copy_of"]["doc"]) == origin)
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
