#!/usr/bin/env bash
# Load test of the claims endpoint on a ledger of 100k claims, loopback only
# and bounded in time. Peer in the same run: Datasette (PyPI) serving the same
# SQLite file's claims table as paged JSON, the nearest off-the-shelf
# equivalent of GET /api/claims.
#
#   bash bench/serve/run.sh            # CLAIMS=100000 CONNECTIONS=200 DURATION=15s
#   BEFORE=old/bench_ledger bash bench/serve/run.sh   # also the random pages with an older build
#
# Needs wrk (Debian: apt-get install wrk); the peer needs python3 (a venv is
# made under bench-out/). Results: bench-out/serve/results.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
CLAIMS="${CLAIMS:-100000}"
CONNECTIONS="${CONNECTIONS:-200}"
DURATION="${DURATION:-15s}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18731}"
PEER_PORT="${PEER_PORT:-18732}"
OUT=bench-out/serve
mkdir -p "$OUT"

command -v wrk >/dev/null || { echo "bench/serve: wrk not found (apt-get install wrk)" >&2; exit 1; }

cargo build --release --quiet -p contested-serve --example bench_ledger
BIN=${CARGO_TARGET_DIR:-target}/release/examples/bench_ledger
DB="$OUT/ledger-$CLAIMS.db"
if [ ! -f "$DB" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$BIN" gen "$DB" "$CLAIMS"
fi

pids=()
# Waits for the servers to exit, so that the next one can bind the same port.
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

wait_for() {
    for _ in $(seq 1 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
    echo "bench/serve: $1 never answered" >&2; return 1
}

# One wrk run: prints "requests/s p50 p99 errors" for the URL (with an
# optional wrk Lua script as $2).
load() {
    local script=()
    [ -n "${2:-}" ] && script=(-s "$2")
    curl -fs -o /dev/null "$1"   # warm the OS cache and prepared statements
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "${script[@]}" "$1" >/dev/null 2>&1 || true
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency "${script[@]}" "$1" > "$OUT/wrk.txt"
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt")
    errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$OUT/wrk.txt")
    echo "$rps $p50 $p99 ${errors:-no-errors}"
}

"$BIN" serve "$DB" "127.0.0.1:$PORT" "${READERS:-4}" 2>"$OUT/server.log" &
pids+=($!)
wait_for "http://127.0.0.1:$PORT/api/stats"

results="$OUT/results.txt"
{
    echo "# serve load test $(date -u +%FT%TZ): $CLAIMS claims, $CONNECTIONS connections, $DURATION, $(nproc) cores"
    echo "# endpoint | requests/s | p50 | p99 | errors"
    # Repeated URLs are answered from the page cache (valid until the ledger changes).
    for path in "/api/claims?limit=50" "/api/claims?limit=50&kind=area" "/api/claims?limit=50&place=Lachin&actor=observers"; do
        echo "contested $path (repeated: cached) | $(load "http://127.0.0.1:$PORT$path" | sed 's/ / | /g')"
    done
    echo "contested /api/claims?limit=50&cursor=RANDOM (a new page each time: key query + each claim cached after warm-up) | $(CLAIMS=$CLAIMS load "http://127.0.0.1:$PORT/api/claims" bench/serve/random_cursor.lua | sed 's/ / | /g')"
} | tee "$results"
cleanup
pids=()

# BEFORE=path/to/an/older/bench_ledger: the random-page run again with that
# build, in the same run, for a before/after on the same machine load.
if [ -n "${BEFORE:-}" ]; then
    "$BEFORE" serve "$DB" "127.0.0.1:$PORT" "${READERS:-4}" 2>>"$OUT/server.log" &
    pids+=($!)
    wait_for "http://127.0.0.1:$PORT/api/stats"
    echo "contested BEFORE=$BEFORE /api/claims?limit=50&cursor=RANDOM | $(CLAIMS=$CLAIMS load "http://127.0.0.1:$PORT/api/claims" bench/serve/random_cursor.lua | sed 's/ / | /g')" | tee -a "$results"
    cleanup
    pids=()
fi

# The findings page on a ledger with tens of thousands of findings (synthetic,
# every kind, citing the ledger's own claims): built on the first request
# after a write, then kept in the page cache until the next one.
FINDINGS="${FINDINGS:-40000}"
FDB="$OUT/findings-$CLAIMS-$FINDINGS.db"
if [ ! -f "$FDB" ]; then
    rm -f "$FDB" "$FDB-wal" "$FDB-shm"
    "$BIN" gen "$FDB" "$CLAIMS" && "$BIN" findings "$FDB" "$FINDINGS"
fi
"$BIN" serve "$FDB" "127.0.0.1:$PORT" 2>>"$OUT/server.log" &
pids+=($!)
wait_for "http://127.0.0.1:$PORT/api/stats"
for path in "/findings" "/findings?kind=contradiction"; do
    built=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$path")
    echo "contested $path ($FINDINGS findings) | first request (built) ${built}s | then $("$BIN" get "http://127.0.0.1:$PORT$path" 200)"
done | tee -a "$results"
cleanup
pids=()

PEER="${DATASETTE:-$OUT/venv/bin/datasette}"
if [ ! -x "$PEER" ]; then
    python3 -m venv "$OUT/venv" && "$OUT/venv/bin/pip" install --quiet datasette || { echo "peer unavailable" | tee -a "$results"; exit 0; }
fi
# Immutable mode: Datasette's fastest (no change checks); same file, same rows.
"$PEER" serve -i "$DB" -p "$PEER_PORT" --host 127.0.0.1 --setting default_page_size 50 >"$OUT/peer.log" 2>&1 &
pids+=($!)
name=$(basename "$DB" .db)
wait_for "http://127.0.0.1:$PEER_PORT/$name/claims.json"
# No total count, facets or facet suggestions: like /api/claims, just the page.
lean="_size=50&_shape=objects&_nocount=1&_nofacet=1&_nosuggest=1"
for path in "/$name/claims.json?$lean" "/$name/claims.json?$lean&kind=area"; do
    echo "datasette $path | $(load "http://127.0.0.1:$PEER_PORT$path" | sed 's/ / | /g')"
done | tee -a "$results"
