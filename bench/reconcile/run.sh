#!/usr/bin/env bash
# Reconcile time at 10k and 100k generated claims, the 10x scaling ratio, and
# the all-pairs peer at 10k in the same run. See crates/reconcile/benches/reconcile.rs.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec cargo bench -p contested-reconcile --bench reconcile "$@"
