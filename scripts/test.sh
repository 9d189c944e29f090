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

# ---- PostgreSQL for the store's conformance suite and the worker tests -------
# Debian's server binaries, installed when missing; the tests start a private
# server of their own (contested_testkit::postgres), so no cluster needs to
# run. SKIP_POSTGRES_INSTALL=1 leaves it out (those tests then skip, or fail
# under CI=true).
if [ "${SKIP_POSTGRES_INSTALL:-}" != "1" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    && ! command -v initdb >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql
fi

cargo test --workspace --locked "$@"

# ---- browser tests of the dashboard (contested-serve) -----------------------
# Debian's Chromium and playwright-core from npm, installed when missing; never
# a downloaded browser build. SKIP_BROWSER_TESTS=1 skips them.
if [ "${SKIP_BROWSER_TESTS:-}" != "1" ]; then
    if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
        SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
    fi
    if [ ! -d tests/browser/node_modules/playwright-core ]; then
        (cd tests/browser && npm install --no-audit --no-fund)
    fi
    cargo build --locked --bin contested
    node tests/browser/dashboard.test.mjs "${CARGO_TARGET_DIR:-target}/debug/contested"
fi
