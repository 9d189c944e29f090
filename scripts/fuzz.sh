#!/usr/bin/env bash
# Runs the libFuzzer targets in fuzz/ (html, recognize, readers, extract).
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS] [-- extra libFuzzer flags]
#
# FUZZ_BUILD_FLAGS replaces the cargo-fuzz build flags (default "-O"), e.g.
# "-O -a --target-dir /tmp/fuzz-dbg" to add debug assertions and overflow
# checks, which find arithmetic the release build silently wraps.
#
# Stable Rust is enough: RUSTC_BOOTSTRAP=1 lets stable rustc accept the -Z
# flags cargo-fuzz passes. Targets run one after another, each in a single
# worker (the machine is shared), keeping on after a crash so one run
# collects every distinct crash in fuzz/artifacts/TARGET/. Seed corpora are
# generated from ../shared into fuzz/corpus/ (git-ignored: never committed,
# since they hold article text) the first time a target runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

all_targets=(html recognize readers extract)
target="${1:-all}"
seconds="${2:-600}"
shift $(( $# > 2 ? 2 : $# ))
[[ "${1:-}" == "--" ]] && shift
extra=("$@")

if [[ "$target" == all ]]; then
    targets=("${all_targets[@]}")
elif [[ " ${all_targets[*]} " == *" $target "* ]]; then
    targets=("$target")
else
    echo "unknown target '$target'; one of: ${all_targets[*]} all" >&2
    exit 2
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1

shared="$root/../shared/data"

# Writes seeds for one target into fuzz/corpus/TARGET when it is empty and
# ../shared is there; otherwise libFuzzer starts from nothing, which works,
# only slower.
seed() {
    local target="$1" corpus="$root/fuzz/corpus/$1"
    mkdir -p "$corpus"
    if [[ -n "$(ls -A "$corpus")" || ! -d "$shared" ]]; then
        return
    fi
    python3 - "$target" "$shared" "$corpus" <<'PY'
import glob, gzip, hashlib, io, json, os, sys, zipfile

target, shared, corpus = sys.argv[1:4]
count = 0

def write(data: bytes):
    global count
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(corpus, name), "wb") as f:
        f.write(data)
    count += 1

def reuters_lines():
    with open(os.path.join(shared, "corpus/reuters_2016/conflict_2016.jsonl"), "rb") as f:
        return f.read().splitlines()

if target == "html":
    for path in sorted(glob.glob(os.path.join(shared, "article-extraction/html/*.gz"))):
        write(gzip.open(path).read())
elif target == "recognize":
    seen = set()
    for path in sorted(glob.glob(os.path.join(shared, "recognizers/Specs/**/*.json"), recursive=True)):
        try:
            cases = json.load(open(path, encoding="utf-8-sig"))
        except ValueError:
            continue
        for case in cases if isinstance(cases, list) else []:
            text = case.get("Input") if isinstance(case, dict) else None
            if isinstance(text, str) and text not in seen:
                seen.add(text)
                write(text.encode())
elif target == "readers":
    # The first byte picks the format: even for CSV, odd for JSON Lines.
    lines = reuters_lines()
    for start in range(0, min(len(lines), 200), 5):
        write(b"\x01" + b"\n".join(lines[start:start + 5]) + b"\n")
    fakes = open(os.path.join(shared, "corpus/fakes/FA-KES-Dataset.csv"), "rb").read()
    rows = fakes.split(b"\n")
    for start in range(1, min(len(rows), 400), 20):
        write(b"\x00" + rows[0] + b"\n" + b"\n".join(rows[start:start + 20]))
    with zipfile.ZipFile(os.path.join(shared, "corpus/ruwa/RUWA_01.08.23.csv.zip")) as archive:
        for name in archive.namelist()[:1]:
            head = archive.open(name).read(200_000).split(b"\n")
            for start in range(1, len(head) - 1, 25):
                write(b"\x00" + head[0] + b"\n" + b"\n".join(head[start:start + 25]))
elif target == "extract":
    # Pieces of a few kilobytes: whole articles would make every run slow.
    for path in sorted(glob.glob(os.path.join(shared, "corpus/wikipedia_caucasus_2022/*.md"))):
        text = open(path, "rb").read()
        for start in range(0, len(text), 4096):
            write(text[start:start + 4096])
    for line in reuters_lines()[:300]:
        text = json.loads(line).get("text") or ""
        if text:
            write(text.encode()[:4096])
print(f"{target}: {count} seeds from {shared}", file=sys.stderr)
PY
}

# Longest input per target: pages need room for markup around the text;
# the text targets find their bugs in short inputs, and run faster on them.
max_len() {
    case "$1" in
        html) echo 65536 ;;
        *) echo 8192 ;;
    esac
}

cd "$root/fuzz"
for target in "${targets[@]}"; do
    seed "$target"
    mkdir -p "artifacts/$target"
    echo "== $target for ${seconds}s" >&2
    # shellcheck disable=SC2086 # the flags are words on purpose
    cargo fuzz run ${FUZZ_BUILD_FLAGS:--O} "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=20 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -print_final_stats=1 "${extra[@]}"
    echo "== $target: artifacts in fuzz/artifacts/$target:" >&2
    ls "artifacts/$target" >&2
done
