#!/usr/bin/env bash
# Deterministic output (issue 6, item 5).
#
# The 1,000-briefing benchmark corpus is built several ways, each into its own
# output folder, and every result must be byte-identical to the first (diff -r,
# which also reports files present in one only):
#   ref        TZ=UTC, SITEGEN_THREADS=2, run from the repository, cold cache
#   threads-1  SITEGEN_THREADS=1 (warm cache)
#   tokyo      TZ=Asia/Tokyo
#   cwd        run from / with absolute paths
#   relative   run from inside the site folder with --source .
#   no-cache   --no-cache (when the binary has the flag)
#   cold       cache folder removed first, SITEGEN_THREADS=1, TZ=Asia/Tokyo
#   locale     LANG/LC_ALL=tr_TR.UTF-8 (Turkish dotless i) and LC_ALL=C
#   rebuild    a second build over the first output (unchanged files hard-linked)
#
# Usage: scripts/determinism.sh   (COUNT=1000 by default)
set -euo pipefail
. "$(dirname "$0")/hardening-lib.sh"

COUNT=${COUNT:-1000}
BIN=$(sitegen_binary)
WORK=$(work_dir determinism)
SITE=$WORK/site
corpus_site "$SITE" "$COUNT"
NO_CACHE=()
if "$BIN" build --help 2>&1 | grep -q -- '--no-cache'; then
    NO_CACHE=(--no-cache)
else
    say "note: this sitegen has no --no-cache flag (no build cache yet); that variant builds with defaults"
fi

build() { # NAME, then env assignments and options via the caller
    local name=$1
    shift
    "$@" --output "$WORK/out-$name" --quiet || die "build $name failed"
}

cd "$REPO"
build ref env TZ=UTC SITEGEN_THREADS=2 "$BIN" build --source "$SITE"
build threads-1 env TZ=UTC SITEGEN_THREADS=1 "$BIN" build --source "$SITE"
build tokyo env TZ=Asia/Tokyo SITEGEN_THREADS=2 "$BIN" build --source "$SITE"
(cd / && build cwd env TZ=UTC "$BIN" build --source "$SITE")
(cd "$SITE" && build relative env TZ=UTC "$BIN" build --source .)
build no-cache env TZ=UTC "$BIN" build --source "$SITE" "${NO_CACHE[@]}"
rm -rf "$SITE/.sitegen-cache"
build cold env TZ=Asia/Tokyo SITEGEN_THREADS=1 "$BIN" build --source "$SITE"
build locale-tr env LANG=tr_TR.UTF-8 LC_ALL=tr_TR.UTF-8 "$BIN" build --source "$SITE"
build locale-c env LC_ALL=C "$BIN" build --source "$SITE"
cp -a "$WORK/out-ref" "$WORK/out-rebuild"
build rebuild env TZ=UTC "$BIN" build --source "$SITE"

files=$(find "$WORK/out-ref" -type f | wc -l)
bytes=$(du -sb "$WORK/out-ref" | cut -f1)
failed=0
for out in "$WORK"/out-*; do
    name=${out##*/out-}
    [ "$name" = ref ] && continue
    if diff -r "$WORK/out-ref" "$out" >"$WORK/diff-$name.txt"; then
        say "$name: identical ($files files, $bytes bytes)"
    else
        say "$name: DIFFERS from ref: $(head -3 "$WORK/diff-$name.txt")"
        failed=1
    fi
done
[ "$failed" = 0 ] || die "output depends on how the build was run (diffs in $WORK/diff-*.txt)"
echo "determinism: PASS ($COUNT briefings, $files files, 9 variants identical)"
