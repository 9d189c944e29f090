#!/usr/bin/env bash
# What one more batch costs a ledger of a given size: ingest NEXT (e.g. 512
# generated documents not in the ledger) into a copy of LEDGER, report the
# store stage's thread time per document (`ingest --timings`), then repeat
# on a fresh copy under strace to count the bytes written to the WAL and to
# the ledger file (checkpoints). WAL bytes do not depend on the machine's
# load; thread times do, so compare binaries back to back in one run.
#
#   bash bench/scale/next-batch.sh BIN LEDGER.db NEXT.jsonl [LABEL]
set -euo pipefail
bin=$1; ledger=$2; next=$3; label=${4:-$(basename "$ledger")}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
n=$(wc -l < "$next")
cp "$ledger" "$work/t.db"
"$bin" --db "$work/t.db" ingest --no-progress --timings "$next" 2> "$work/timings"
store=$(awk '/^store / {print $2}' "$work/timings")
reconcile=$(awk '/^reconcile / {print $2}' "$work/timings")
rm -f "$work"/t.db*; cp "$ledger" "$work/t.db"
strace -f -qq -e trace=pwrite64,write -y -o "$work/trace" "$bin" --db "$work/t.db" ingest --no-progress "$next" 2> /dev/null
# Counted by call, not by return value: with several threads strace often
# prints a call and its result on separate lines. A WAL frame is written
# as a 24-byte header and a 4096-byte page; a checkpoint writes pages.
wal=$(grep -- '-wal>' "$work/trace" | grep -cE '(", |\.\.\., )24, ' | awk '{printf "%.1f", $1 * 4120 / 1e6}')
file=$(grep -E '\.db>' "$work/trace" | grep -cE '(", |\.\.\., )4096, ' | awk '{printf "%.1f", $1 * 4096 / 1e6}')
awk -v l="$label" -v n="$n" -v s="$store" -v r="$reconcile" -v w="$wal" -v f="$file" 'BEGIN {
    printf "%-16s %d docs  store %.2f s = %.2f ms/doc  reconcile %.2f s  WAL %.1f MB (%.1f MB per 256)  ledger file %.1f MB\n",
        l, n, s, 1000 * s / n, r, w, w * 256 / n, f }'
