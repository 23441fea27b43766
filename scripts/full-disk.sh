#!/usr/bin/env bash
# A full disk (issue 6, item 4): output on a small tmpfs.
#
# 1. A small site (100 briefings) is built onto a tmpfs sized to hold it about
#    twice; then the 1,000-briefing site is built into the same output. That
#    build must fail with exit 1 and a clear "No space left on device" message,
#    leave the previous site byte for byte (manifest of every path and SHA-256),
#    and leave no staging folder behind (the space is given back).
# 2. The same with the whole site folder (so also the build cache in
#    SOURCE/.sitegen-cache/) on the full tmpfs.
# 3. After each, building the small site again succeeds.
#
# Needs root (mount -t tmpfs). Usage: scripts/full-disk.sh
set -euo pipefail
. "$(dirname "$0")/hardening-lib.sh"

[ "$(id -u)" = 0 ] || { say "full-disk: needs root to mount a tmpfs; skipped"; exit 77; }
BIN=$(sitegen_binary)
WORK=$(work_dir full-disk)
DISK=$WORK/disk
mkdir -p "$DISK"
trap 'umount "$DISK" 2>/dev/null || true' EXIT

corpus_site "$WORK/small" 100
corpus_site "$WORK/big" 1000
"$BIN" build --source "$WORK/small" --output "$WORK/probe-small" --quiet --no-cache
"$BIN" build --source "$WORK/big" --output "$WORK/probe-big" --quiet --no-cache
small_kb=$(du -sk "$WORK/probe-small" | cut -f1)
big_kb=$(du -sk "$WORK/probe-big" | cut -f1)
size_kb=$((small_kb * 2 + 4096))
[ "$size_kb" -lt "$((small_kb + big_kb))" ] || die "the big site ($big_kb KiB) would fit beside the small one in $size_kb KiB"
say "small site ${small_kb} KiB, big site ${big_kb} KiB, tmpfs ${size_kb} KiB"

check_full_disk() { # LABEL SMALL_SOURCE BIG_SOURCE OUTPUT
    local label=$1 small=$2 big=$3 out=$4
    "$BIN" build --source "$small" --output "$out" --quiet || die "$label: the small site does not build on the tmpfs"
    local before used_before status=0
    before=$(manifest_hash "$out")
    used_before=$(df -k --output=used "$DISK" | tail -1)
    "$BIN" build --source "$big" --output "$out" --quiet 2>"$WORK/error.txt" || status=$?
    [ "$status" = 1 ] || die "$label: the build on a full disk exited $status, not 1"
    grep -q "No space left on device" "$WORK/error.txt" || die "$label: no clear message: $(head -3 "$WORK/error.txt")"
    grep -q "previous site (if any) is unchanged" "$WORK/error.txt" || die "$label: no word on the previous site"
    [ "$(manifest_hash "$out")" = "$before" ] || die "$label: the previous site changed"
    local stray
    stray=$(find "$(dirname "$out")" -maxdepth 1 -name '.*sitegen-staging' -o -maxdepth 1 -name '.*sitegen-old')
    [ -z "$stray" ] || die "$label: left behind: $stray"
    local used_after
    used_after=$(df -k --output=used "$DISK" | tail -1)
    say "$label: exit 1 with: $(grep -m1 'No space' "$WORK/error.txt")"
    say "$label: previous site unchanged (manifest $before); tmpfs used ${used_before} KiB before, ${used_after} KiB after"
    # Recovery once there is room again: the small site builds.
    "$BIN" build --source "$small" --output "$out" --quiet || die "$label: the small site does not build after the failure"
}

mount -t tmpfs -o size=${size_kb}k tmpfs "$DISK"
check_full_disk "output on a full disk" "$WORK/small" "$WORK/big" "$DISK/public"
umount "$DISK"

# The site itself (content, cache) on the tmpfs: the cache write may fail too.
mount -t tmpfs -o size=$((size_kb + $(du -sk "$WORK/big/content" | cut -f1) + $(du -sk "$WORK/small/content" | cut -f1)))k tmpfs "$DISK"
cp -a "$WORK/small" "$DISK/small"
cp -a "$WORK/big" "$DISK/big"
rm -rf "$DISK/small/.sitegen-cache" "$DISK/big/.sitegen-cache"
check_full_disk "site and cache on a full disk" "$DISK/small" "$DISK/big" "$DISK/public"
umount "$DISK"
echo "full-disk: PASS"
