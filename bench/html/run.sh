#!/usr/bin/env bash
# Times contested's HTML main-text extraction (release build) and Python
# trafilatura on the same benchmark pages in one run; prints pages/s, the
# speed ratio and both F1s (one scorer, crates/ingest/src/eval.rs).
# Pages and truth come from ../shared at run time (CONTESTED_SHARED overrides).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${CONTESTED_SHARED:-$repo/../shared}"
data="$shared/data/article-extraction"
venv="${BENCH_VENV:-$repo/../venv-bench-html}"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi

cargo build --quiet --release -p contested-ingest --example bench_html
peer_out="$(mktemp)"
ratios="$(mktemp)"
trap 'rm -f "$peer_out" "$ratios"' EXIT
# The machine is shared, so load changes within a run: alternate the two
# extractors several times and report each pairing and the median ratio.
runs="${BENCH_RUNS:-3}"
for run in $(seq 1 "$runs"); do
    echo "== run $run of $runs"
    "$venv/bin/python" "$repo/bench/html/trafilatura_peer.py" "$data/html" "$data/ground-truth.json" "$peer_out"
    "$repo/target/release/examples/bench_html" "$data/html" "$data/ground-truth.json" "$peer_out" | tee /dev/stderr \
        | sed -n 's/^speed ratio.*: \([0-9.]*\)x$/\1/p' >> "$ratios"
done 2>&1
echo "median speed ratio over $runs runs: $(sort -n "$ratios" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')x"
