#!/usr/bin/env bash
# Throughput of contested-recognize on FA-KES and Reuters 2016, side by side
# with quantulum3 and dateparser.search.search_dates on the same sample text in
# the same run. One command: bash bench/recognize/run.sh
#
# Env: CONTESTED_SHARED (default ../shared beside the repo), SAMPLE_KB (text
# per corpus given to the slow Python peers, default 150), BENCH_VENV (a venv
# with quantulum3 and dateparser; created with pip if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${CONTESTED_SHARED:-$ROOT/../shared}
SAMPLE_KB=${SAMPLE_KB:-150}
VENV=${BENCH_VENV:-$ROOT/../venv-recognize}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import quantulum3, dateparser" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q quantulum3 dateparser
fi

python3 "$ROOT/bench/recognize/prepare.py" "$SHARED" "$WORK" "$SAMPLE_KB"
(cd "$ROOT" && cargo build --release -q -p contested-recognize --example bench)
TARGET=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
"$TARGET/release/examples/bench" "$WORK"/*.jsonl > "$WORK/rust.tsv"
"$VENV/bin/python" "$ROOT/bench/recognize/peers.py" "$WORK"/*.sample.jsonl > "$WORK/peers.tsv"
python3 "$ROOT/bench/recognize/report.py" "$WORK/rust.tsv" "$WORK/peers.tsv"
