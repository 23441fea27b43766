#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (with AddressSanitizer) and runs each for
# FUZZ_SECONDS (600 by default), FUZZ_JOBS (2) at a time. The working corpus
# starts from the committed seeds (Fuzz/corpus/NAME) and grows in
# .build-fuzz/corpus/NAME; crashes, hangs (over 10 s) and out-of-memory inputs
# land in .build-fuzz/artifacts/NAME/, and the script fails if there is any.
#
# Usage: scripts/fuzz.sh [TARGET…]      e.g. FUZZ_SECONDS=60 scripts/fuzz.sh FuzzSlugger
#        make fuzz FUZZ_SECONDS=600
#        FUZZ_SKIP_BUILD=1 runs the binaries already built.
# One crash by hand: .build-fuzz/release/FuzzX .build-fuzz/artifacts/NAME/crash-…
set -euo pipefail
. "$(dirname "$0")/hardening-lib.sh"

FUZZ_SECONDS=${FUZZ_SECONDS:-600}
FUZZ_JOBS=${FUZZ_JOBS:-2}
ALL=(FuzzFrontMatter FuzzSlugger FuzzDate FuzzMarkdown FuzzTemplate)
TARGETS=("${@:-${ALL[@]}}")
[ $# -gt 0 ] || TARGETS=("${ALL[@]}")
SCRATCH=$REPO/.build-fuzz

corpus_of() { case $1 in FuzzFrontMatter) echo frontmatter ;; FuzzSlugger) echo slugger ;; FuzzDate) echo date ;;
    FuzzMarkdown) echo markdown ;; FuzzTemplate) echo template ;; *) die "unknown fuzzer $1" ;; esac; }
dict_of() { case $1 in FuzzFrontMatter) echo frontmatter ;; FuzzMarkdown) echo markdown ;; FuzzTemplate) echo template ;; esac; }
max_len_of() { case $1 in FuzzSlugger | FuzzDate) echo 256 ;; FuzzTemplate) echo 4096 ;; *) echo 16384 ;; esac; }

if [ -n "${FUZZ_SKIP_BUILD:-}" ]; then
    say "FUZZ_SKIP_BUILD is set: running the fuzzers already in $SCRATCH/release"
else
    say "building the fuzzers (release, -sanitize=fuzzer,address)"
    (cd "$REPO" && swift build -c release --package-path Fuzz --scratch-path "$SCRATCH" -Xswiftc -enable-testing \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -use-ld=lld >&2) || die "fuzzer build failed"
fi

run_one() {
    local target=$1 name dict corpus artifacts
    name=$(corpus_of "$target")
    corpus=$SCRATCH/corpus/$name
    artifacts=$SCRATCH/artifacts/$name
    mkdir -p "$corpus" "$artifacts"
    cp -n "$REPO/Fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null || true
    dict=$(dict_of "$target")
    local options=(-max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -print_funcs=0 -max_len="$(max_len_of "$target")"
        -print_final_stats=1 -artifact_prefix="$artifacts/")
    [ -n "$dict" ] && options+=(-dict="$REPO/Fuzz/dict/$dict.dict")
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$SCRATCH/release/$target" "${options[@]}" "$corpus" >"$SCRATCH/$target.log" 2>&1 || true
    local runs cov
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$SCRATCH/$target.log" | grep -o '[0-9]*$' || echo '?')
    cov=$(grep -oE 'cov: [0-9]+' "$SCRATCH/$target.log" | tail -1 || true)
    say "$target: $runs runs in ${FUZZ_SECONDS}s, $cov, corpus $(ls "$corpus" | wc -l) inputs, artifacts: $(ls "$artifacts" | wc -l)"
}

running=0
for target in "${TARGETS[@]}"; do
    run_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$FUZZ_JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait
found=$(find "$SCRATCH/artifacts" -type f 2>/dev/null | wc -l)
[ "$found" = 0 ] || die "$found crashing or hanging input(s) in $SCRATCH/artifacts (logs: $SCRATCH/Fuzz*.log)"
echo "fuzz: PASS (${TARGETS[*]}, ${FUZZ_SECONDS}s each)"
