#!/usr/bin/env bash
# Atomic publishing under SIGKILL (issue 6, item 4).
#
# Builds of the 1,000-briefing benchmark corpus into one output folder alternate
# between two versions of the site (A, and B with 100 briefings retitled and 5
# removed). Each build is killed with SIGKILL at a random moment between its
# start and 1.3 times its normal duration (tracked from the unkilled builds, so it
# follows the machine's load). After every kill the output must be
# exactly the old or the new complete site (manifest of every path and SHA-256
# against reference builds); then an unkilled build must succeed, produce the new
# site exactly, and leave no staging or old folder behind. The build cache stays
# on, so a cache written by a killed build is exercised too.
#
# Usage: scripts/kill-loop.sh            (RUNS=50 COUNT=1000 SEED=1 by default)
#        SITEGEN=path/to/sitegen RUNS=10 scripts/kill-loop.sh
set -euo pipefail
. "$(dirname "$0")/hardening-lib.sh"

RUNS=${RUNS:-50}
COUNT=${COUNT:-1000}
SEED=${SEED:-1}
BIN=$(sitegen_binary)
WORK=$(work_dir kill-loop)
OUT=$WORK/out/public
mkdir -p "$WORK/out"

say "generating two versions of a $COUNT-briefing site in $WORK"
corpus_site "$WORK/a" "$COUNT"
cp -a "$WORK/a" "$WORK/b"
python3 - "$WORK/b/content" <<'PY'
import os, sys
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(sys.argv[1]) for f in fs if f.endswith(".md"))
for path in files[::10]:
    text = open(path, encoding="utf-8").read()
    open(path, "w", encoding="utf-8").write(text.replace("\ntitle: \"", "\ntitle: \"Updated ", 1))
for path in files[5::200]:
    os.remove(path)
PY
rm -rf "$WORK/b/.sitegen-cache"

say "reference builds"
"$BIN" build --source "$WORK/a" --output "$WORK/ref-a" --quiet --no-cache 2>/dev/null || "$BIN" build --source "$WORK/a" --output "$WORK/ref-a" --quiet
"$BIN" build --source "$WORK/b" --output "$WORK/ref-b" --quiet --no-cache 2>/dev/null || "$BIN" build --source "$WORK/b" --output "$WORK/ref-b" --quiet
declare -A REF
REF[a]=$(manifest_hash "$WORK/ref-a")
REF[b]=$(manifest_hash "$WORK/ref-b")
[ "${REF[a]}" != "${REF[b]}" ] || die "the two versions build the same site"
say "  A: $(find "$WORK/ref-a" -type f | wc -l) files, manifest ${REF[a]}; B: $(find "$WORK/ref-b" -type f | wc -l) files, manifest ${REF[b]}"

# The output starts as version A; the timing of an unkilled build sets the kill window.
"$BIN" build --source "$WORK/a" --output "$OUT" --quiet
start=$(now_ms)
"$BIN" build --source "$WORK/b" --output "$OUT" --quiet
"$BIN" build --source "$WORK/a" --output "$OUT" --quiet
BUILD_MS=$(((($(now_ms) - start)) / 2))
say "  an unkilled build takes about $BUILD_MS ms; kills land in 0–$((BUILD_MS * 13 / 10)) ms"
[ "$(manifest_hash "$OUT")" = "${REF[a]}" ] || die "a normal build of A differs from the reference"

current=a
old_seen=0 new_seen=0 finished=0 leftovers=0
RANDOM=$SEED
for run in $(seq 1 "$RUNS"); do
    next=$([ "$current" = a ] && echo b || echo a)
    delay_ms=$((RANDOM * BUILD_MS * 13 / 10 / 32767))
    "$BIN" build --source "$WORK/$next" --output "$OUT" --quiet 2>"$WORK/killed.err" &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    { wait "$pid"; } 2>/dev/null || status=$?
    [ -d "$OUT" ] || die "run $run: the output folder is missing after a kill at $delay_ms ms"
    state=$(manifest_hash "$OUT")
    if [ "$status" = 0 ]; then
        finished=$((finished + 1))
        [ "$state" = "${REF[$next]}" ] || die "run $run: a build that finished left an output that is not the new site"
        outcome="finished before the kill"
    elif [ "$state" = "${REF[$current]}" ]; then
        old_seen=$((old_seen + 1))
        outcome="killed (status $status); output is the old site"
    elif [ "$state" = "${REF[$next]}" ]; then
        new_seen=$((new_seen + 1))
        outcome="killed (status $status); output is the new site"
    else
        diff -r "$WORK/ref-$current" "$OUT" | head -5 >&2 || true
        die "run $run: after a kill at $delay_ms ms the output is neither the old nor the new site"
    fi
    left=$(find "$WORK/out" -maxdepth 1 -name '.public.sitegen-*' ! -name '*-lock' ! -name '*-spare' | wc -l)
    [ "$left" = 0 ] || leftovers=$((leftovers + 1))
    # Recovery: the next build must succeed, give exactly the new site, and clean up.
    # Its duration keeps the kill window in step with the machine's load.
    recovery_start=$(now_ms)
    "$BIN" build --source "$WORK/$next" --output "$OUT" --quiet || die "run $run: the build after the kill failed"
    BUILD_MS=$(((BUILD_MS + $(now_ms) - recovery_start) / 2))
    [ "$(manifest_hash "$OUT")" = "${REF[$next]}" ] || die "run $run: the build after the kill is not the reference site"
    stray=$(find "$WORK/out" -maxdepth 1 -name '.public.sitegen-*' ! -name '*-lock' ! -name '*-spare')
    [ -z "$stray" ] || die "run $run: leftovers after the recovery build: $stray"
    say "run $run/$RUNS: kill at $delay_ms ms (build ≈ $BUILD_MS ms): $outcome; $left leftover folder(s); recovered"
    current=$next
done
say "kill-loop: $RUNS runs of $COUNT briefings (build ≈ $BUILD_MS ms): old site $old_seen, new site $new_seen, finished before the kill $finished; runs that left staging/old folders behind: $leftovers, all cleaned up by the next build"
echo "kill-loop: PASS"
