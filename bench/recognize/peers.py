"""Times the Python peers on the same sample texts as the Rust recogniser.

Usage: peers.py FILE.sample.jsonl...
Prints one TSV line per (file, peer): file, peer, articles, bytes, CPU seconds,
MB/s of CPU time, MB/s of wall time (CPU time: the machine is shared).
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
        wall = time.perf_counter()
        cpu = time.process_time()
        for t in texts:
            run(t)
        cpu_secs = time.process_time() - cpu
        wall_secs = time.perf_counter() - wall
        print(
            f"{path}\t{name}\t{len(texts)}\t{size}\t{cpu_secs:.3f}\t{size / cpu_secs / 1e6:.4f}\t{size / wall_secs / 1e6:.4f}",
            flush=True,
        )
