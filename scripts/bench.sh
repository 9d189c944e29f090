#!/usr/bin/env bash
# Runs the benchmarks, each next to its peer in the same run, and prints
# their tables. Needs ../shared and network access to PyPI for the Python
# peers (each benchmark makes its own venv when missing).
#
#   bash scripts/bench.sh               # all of them
#   bash scripts/bench.sh pipeline html # some of them
#   bash scripts/bench.sh scale         # hours at its default sizes (see bench/scale/run.sh); not in "all"
set -euo pipefail
cd "$(dirname "$0")/.."
all=(recognize html pipeline copies reconcile serve)
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${all[@]}")
for name in "${selected[@]}"; do
    script=bench/$name/run.sh
    if [ ! -f "$script" ]; then
        echo "bench: no benchmark '$name' (have: ${all[*]} scale)" >&2
        exit 2
    fi
    echo "== $name"
    bash "$script"
done
