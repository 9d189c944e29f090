"""Peer for bench/html/run.sh: Python trafilatura on the same pages.

Writes {"seconds": extraction time, "predictions": {id: text}} so that the
Rust side scores both extractors with one scorer. Decompression and file
reading are outside the timed loop, as on the Rust side.
"""
import gzip
import json
import sys
import time
from pathlib import Path

import trafilatura


def main() -> None:
    html_dir, truth_path, out_path = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = {}
    for page_id, entry in truth.items():
        path = html_dir / f"{page_id}.html.gz"
        raw = gzip.decompress(path.read_bytes()) if path.exists() else (html_dir / f"{page_id}.html").read_bytes()
        pages[page_id] = (raw.decode("utf-8", errors="replace"), entry.get("url"))
    # One untimed page first, so import-time and first-call costs are not counted.
    first_html, first_url = next(iter(pages.values()))
    trafilatura.extract(first_html, url=first_url)
    predictions = {}
    started = time.perf_counter()
    for page_id, (html, url) in pages.items():
        predictions[page_id] = trafilatura.extract(html, url=url) or ""
    seconds = time.perf_counter() - started
    out_path.write_text(json.dumps({"name": f"trafilatura {trafilatura.__version__}", "seconds": seconds,
                                    "predictions": predictions}), encoding="utf-8")


if __name__ == "__main__":
    main()
