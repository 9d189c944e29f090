"""Prints the benchmark table with ratios against the peers from the same run.

Usage: report.py RUST.tsv PEERS.tsv
"""
import os
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
peers = [line.rstrip("\n").split("\t") for line in open(sys.argv[2]) if line.strip()]
speed = {}
print(f"{'input':<28} {'engine':<26} {'articles':>8} {'MB':>7} {'seconds':>8} {'MB/s':>9}")
for path, engine, n, size, secs, mbs in rows + peers:
    key = os.path.basename(path).replace(".jsonl", "")
    speed[(key, engine)] = float(mbs)
    print(f"{key:<28} {engine:<26} {n:>8} {int(size) / 1e6:>7.3f} {float(secs):>8.3f} {float(mbs):>9.3f}")
print()
for (key, engine), mbs in sorted(speed.items()):
    if engine == "contested-recognize" or ".sample" not in key:
        continue
    ours = speed.get((key, "contested-recognize"))
    if ours:
        print(f"{key}: contested-recognize is {ours / mbs:,.0f}x {engine}")
