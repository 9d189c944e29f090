"""Times the Python peers on the same sample texts as the Rust recogniser.

Usage: peers.py FILE.sample.jsonl...
Prints one TSV line per (file, peer): file, peer, articles, bytes, seconds, MB/s.
"""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from quantulum3 import parser as quantulum  # noqa: E402
from dateparser.search import search_dates  # noqa: E402

PEERS = {
    "quantulum3": lambda t: quantulum.parse(t),
    "dateparser.search_dates": lambda t: search_dates(t, languages=["en"]),
}

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    size = sum(len(t.encode("utf-8")) for t in texts)
    for name, run in PEERS.items():
        run(texts[0])  # load models and caches outside the timing
        start = time.perf_counter()
        for t in texts:
            run(t)
        secs = time.perf_counter() - start
        print(f"{path}\t{name}\t{len(texts)}\t{size}\t{secs:.3f}\t{size / secs / 1e6:.4f}", flush=True)
