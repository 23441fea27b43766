# Shared by the hardening scripts (kill-loop, full-disk, unreadable, determinism,
# serve-load, big-briefing). Source it; it defines paths and helpers, runs nothing.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The benchmark corpus generator lives in shared/, beside the repository.
SHARED=${SITEGEN_SHARED:-$REPO/../shared}
GEN_CORPUS=$SHARED/bench/gen_corpus.py
# Scratch space: one folder per script under it, replaced on every run.
HARDENING_WORK=${HARDENING_WORK:-/tmp/sitegen-hardening}

say() { printf '%s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

# The release binary: $SITEGEN if set, else built into a scratch path of its own
# (so a concurrent `swift build` elsewhere in the checkout is not disturbed).
sitegen_binary() {
    if [ -n "${SITEGEN:-}" ]; then
        printf '%s\n' "$SITEGEN"
        return
    fi
    (cd "$REPO" && swift build -c release --scratch-path .build-hardening-release --product sitegen >&2) \
        || die "release build failed"
    printf '%s\n' "$REPO/.build-hardening-release/release/sitegen"
}

# work_dir NAME: an empty folder for one script's run.
work_dir() {
    local dir=$HARDENING_WORK/$1
    rm -rf "$dir"
    mkdir -p "$dir"
    printf '%s\n' "$dir"
}

# corpus_site DIR COUNT [SEED]: a site folder whose content/ is the benchmark corpus.
corpus_site() {
    [ -f "$GEN_CORPUS" ] || die "no corpus generator at $GEN_CORPUS (set SITEGEN_SHARED to the shared/ folder)"
    mkdir -p "$1"
    python3 "$GEN_CORPUS" --count "$2" --seed "${3:-1}" --out "$1/content" >/dev/null
    printf 'title: Hardening\nbaseURL: https://example.org/\n' >"$1/site.yml"
}

# manifest DIR: every entry's type and path, and every file's SHA-256, sorted;
# two folders with the same manifest hold the same tree byte for byte.
manifest() {
    (cd "$1" && find . -printf '%y %p\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

manifest_hash() { manifest "$1" | sha256sum | cut -c1-16; }

# rss_kb PID: resident memory of a process, in KiB.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# now_ms: milliseconds since the epoch.
now_ms() { date +%s%3N; }
