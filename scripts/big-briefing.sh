#!/usr/bin/env bash
# A 50 MB briefing (issue 6, item 2), with the release binary: a debug build of
# the test suite takes about 17 s for it, so HostileContentTests builds 10 MB and
# this script the full 50 MB. The build must succeed, its page must hold the whole
# body, the feeds must parse, and time and peak memory are reported.
#
# Usage: scripts/big-briefing.sh   (MEGABYTES=50 by default)
set -euo pipefail
. "$(dirname "$0")/hardening-lib.sh"

MEGABYTES=${MEGABYTES:-50}
BIN=$(sitegen_binary)
WORK=$(work_dir big-briefing)
mkdir -p "$WORK/site/content"
python3 - "$WORK/site/content/big.md" "$MEGABYTES" <<'PY'
import sys
paragraph = ("Delegations met in Istanbul to discuss a ceasefire and an exchange. " * 14) + "\n\n"
body = paragraph * (int(sys.argv[2]) * 1_000_000 // len(paragraph))
open(sys.argv[1], "w").write("---\ntitle: Big\ndate: 2025-05-16\ntags: [a, b]\n---\n" + body)
PY
size=$(stat -c %s "$WORK/site/content/big.md")
/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BIN" build --source "$WORK/site" --quiet || die "the build failed"
read -r seconds peak_kb <"$WORK/time.txt"
page=$(stat -c %s "$WORK/site/public/2025/05/16/big/index.html")
[ "$page" -gt "$size" ] || die "the page ($page bytes) is smaller than the briefing ($size bytes)"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$WORK/site/public/feed.json" || die "feed.json does not parse"
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$WORK/site/public/feed.xml" || die "feed.xml does not parse"
output=$(du -sm "$WORK/site/public" | cut -f1)
say "a $size-byte briefing built in $seconds s, peak RSS $((peak_kb / 1024)) MiB, output $output MiB (page $page bytes)"
echo "big-briefing: PASS"
