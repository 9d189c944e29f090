#!/usr/bin/env bash
# Scale benchmark: ingest a generated corpus (real FA-KES and Reuters articles
# with controlled edits, see gen.py) into SQLite, and into PostgreSQL when
# PG_URL is set; report documents/s, peak memory, ledger size, and claims
# query latency at that size. Sizes are a list, so memory growth with corpus
# size shows in one table.
#
#   SIZES="10000 100000 1000000" bash bench/scale/run.sh
#   PG_URL=postgres://postgres@127.0.0.1:5432/bench bash bench/scale/run.sh
#
# Results: bench-out/scale/results.txt; per-stage thread time in
# bench-out/scale/ingest-STORE-N.log (ingest --timings).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
shared=${CONTESTED_SHARED:-$root/../shared}
SIZES="${SIZES:-10000 100000 1000000}"
OUT=bench-out/scale
mkdir -p "$OUT"
cargo build --release -q --bin contested
cargo build --release -q -p contested-serve --example bench_ledger
target=${CARGO_TARGET_DIR:-$root/target}
bin=$target/release/contested
query=$target/release/examples/bench_ledger

results="$OUT/results.txt"
echo "# scale benchmark $(date -u +%FT%TZ), $(nproc) cores" | tee -a "$results"
printf '%-8s %-9s %10s %9s %12s %12s %10s\n' store docs "docs/s" "MB/s" "peak RSS MB" "ledger MB" "claims" | tee -a "$results"
for n in $SIZES; do
    corpus="$OUT/corpus-$n.jsonl"
    [ -f "$corpus" ] || python3 bench/scale/gen.py "$shared" "$n" > "$corpus"
    mb=$(du -m "$corpus" | cut -f1)
    for store in sqlite ${PG_URL:+postgres}; do
        if [ "$store" = sqlite ]; then
            db="$OUT/ledger-$n.db"; rm -f "$db" "$db-wal" "$db-shm"
        else
            db="$PG_URL"; psql -q "$PG_URL" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        fi
        /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$bin" --db "$db" ingest --no-progress --timings "$corpus" 2> "$OUT/ingest-$store-$n.log"
        read -r secs rss < "$OUT/time.txt"
        if [ "$store" = sqlite ]; then
            size=$(du -cm "$db"* | tail -1 | cut -f1)
        else
            size=$(psql "$PG_URL" -Atc "SELECT pg_database_size(current_database()) / 1000000")
        fi
        claims=$("$bin" --db "$db" stats | awk '/^claims/ {print $2; exit}')
        awk -v s="$store" -v n="$n" -v t="$secs" -v mb="$mb" -v r="$rss" -v z="$size" -v c="$claims" \
            'BEGIN { printf "%-8s %-9d %10.1f %9.2f %12.0f %12d %10s\n", s, n, n/t, mb/t, r/1024, z, c }' | tee -a "$results"
        [ "$store" = sqlite ] && "$query" query "$db" 200 | sed "s/^/  [$store $n] /" | tee -a "$results"
    done
done
