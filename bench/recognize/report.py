"""Prints the benchmark table with ratios against the peers from the same run.

Usage: report.py RUST.tsv PEERS.tsv
Speeds are MB/s (10^6 bytes of UTF-8 text) of CPU time on one core; wall-time
MB/s is shown beside them.
"""
import os
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
peers = [line.rstrip("\n").split("\t") for line in open(sys.argv[2]) if line.strip()]
speed = {}
print(f"{'input':<22} {'engine':<25} {'articles':>8} {'MB':>6} {'cpu s':>8} {'MB/s cpu':>9} {'MB/s wall':>9}")
for path, engine, n, size, secs, mbs, wall in rows + peers:
    key = os.path.basename(path).replace(".jsonl", "")
    speed[(key, engine)] = float(mbs)
    print(f"{key:<22} {engine:<25} {n:>8} {int(size) / 1e6:>6.3f} {float(secs):>8.3f} {float(mbs):>9.3f} {float(wall):>9.3f}")
print()
for (key, engine), mbs in sorted(speed.items()):
    if engine == "contested-recognize" or ".sample" not in key:
        continue
    ours = speed.get((key, "contested-recognize"))
    if ours:
        print(f"{key}: contested-recognize is {ours / mbs:,.0f}x {engine} (CPU time, same text, same run)")
