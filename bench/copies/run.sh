#!/usr/bin/env bash
# Copy detection at scale. For each size (SIZES, default "1000 10000 100000"):
# generate a corpus with known copies from ../shared/data/corpus, ingest it
# with the release `contested` into a fresh temporary ledger and score its
# paragraph roles against the truth. Then the clean stage's throughput on FA-KES
# beside a Python peer (datasketch) run in the same invocation.
#
# Needs python3; the peer needs datasketch in $PEER_PYTHON's environment
# (default /work/venv-copies/bin/python; set PEER_PYTHON="" to skip it).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
shared=${CONTESTED_SHARED:-$(cd .. && pwd)/shared}
sizes=${SIZES:-"1000 10000 100000"}
peer_python=${PEER_PYTHON-/work/venv-copies/bin/python}
work=$(mktemp -d "${TMPDIR:-/tmp}/contested-copies.XXXXXX")
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --bin contested
bin="$repo/target/release/contested"
results="$work/results.jsonl"

for n in $sizes; do
  corpus="$work/corpus-$n.jsonl"
  python3 bench/copies/generate.py --size "$n" --out "$corpus" --shared "$shared"
  bytes=$(stat -c %s "$corpus")
  started=$(date +%s.%N)
  "$bin" --db "$work/ledger-$n.db" ingest "$corpus" 2>"$work/ingest-$n.log"
  finished=$(date +%s.%N)
  score=$(python3 bench/copies/score.py "$work/ledger-$n.db" "$corpus.truth.jsonl")
  python3 - "$n" "$bytes" "$started" "$finished" "$score" >>"$results" <<'PY'
import json, sys
n, size, t0, t1, score = sys.argv[1:]
seconds = float(t1) - float(t0)
print(json.dumps({"size": int(n), "bytes": int(size), "seconds": seconds, "score": json.loads(score)}))
PY
  rm -f "$work/ledger-$n.db"*
done

clean=$(cargo bench --quiet -p contested-clean --bench clean_throughput 2>/dev/null | grep mb_per_s)
peer='null'
if [ -n "$peer_python" ] && [ -x "$peer_python" ]; then
  peer=$("$peer_python" bench/copies/peer_minhash.py "$shared/data/corpus/fakes/FA-KES-Dataset.csv")
fi

python3 - "$results" "$clean" "$peer" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
clean, peer = json.loads(sys.argv[2]), json.loads(sys.argv[3])
print(f"{'docs':>7} {'MB':>6} {'ms/doc':>7} {'copies':>7} {'copy P':>7} {'copy R':>7} {'linked':>7} {'tmpl P':>7} {'tmpl R':>7}")
for r in rows:
    s = r["score"]
    print(f"{r['size']:>7} {r['bytes']/1e6:>6.1f} {1000*r['seconds']/r['size']:>7.2f} {s['copy']['true']:>7} "
          f"{s['copy']['precision']:>7} {s['copy']['recall']:>7} {s['copy']['linked_to_origin']:>7} "
          f"{s['template']['precision']:>7} {s['template']['recall']:>7}"
          + (f"  ({s['misaligned_documents']} docs misaligned)" if s["misaligned_documents"] else ""))
print(f"clean (segment + fingerprint) on FA-KES: {clean['mb_per_s']} MB/s", end="")
if peer:
    print(f"; datasketch MinHash peer {peer['mb_per_s']} MB/s; ratio {clean['mb_per_s']/peer['mb_per_s']:.1f}x")
else:
    print()
PY
