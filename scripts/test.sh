#!/usr/bin/env bash
# The project's one test command: installs what the tests need when it is
# missing, then runs the whole suite (cargo test --workspace).
# Used as-is by CI (.ci/run) and by developers.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
    echo "scripts/test.sh: cargo not found; install Rust (https://rustup.rs) first" >&2
    exit 1
fi

if [ ! -d ../shared ] && [ -z "${CONTESTED_SHARED:-}" ]; then
    echo "scripts/test.sh: ../shared not found; tests that read real data will be skipped" >&2
fi

cargo test --workspace --locked "$@"
