#!/usr/bin/env bash
# Unreadable files (issue 6, item 2). The test suite runs as root here, and root
# reads files whatever their mode, so HostileContentTests skips its chmod-000
# case under root; this script runs the same cases as an unprivileged user
# (nobody, through setpriv) with the release binary:
#   - a briefing with mode 000          -> PATH: error: cannot read file: permission denied
#   - a content folder with mode 000    -> PATH: error: cannot list folder: permission denied
#   - a static file with mode 000       -> PATH: error: cannot read static file: permission denied
# Each build must exit 1, name the file, and leave the previous site untouched.
#
# Usage: scripts/unreadable.sh   (as root; as another user it runs the cases as yourself)
set -euo pipefail
. "$(dirname "$0")/hardening-lib.sh"

BIN=$(sitegen_binary)
WORK=$(work_dir unreadable)
chmod 755 "$WORK"
# The unprivileged user runs a copy of the binary from a folder it can reach.
cp "$BIN" "$WORK/sitegen"
chmod 755 "$WORK/sitegen"
if [ "$(id -u)" = 0 ]; then
    RUN=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
    OWNER=65534:65534
else
    RUN=()
    OWNER=$(id -u):$(id -g)
fi
"${RUN[@]}" "$WORK/sitegen" --version >/dev/null || die "the unprivileged user cannot run $WORK/sitegen (is /opt/swift readable?)"

case_unreadable() { # LABEL PATH_IN_SITE EXPECTED_MESSAGE
    local label=$1 target=$2 expected=$3 site=$WORK/$1
    mkdir -p "$site/content/2025/sub" "$site/static"
    printf -- '---\ntitle: Readable\ndate: 2025-05-16\n---\nBody\n' >"$site/content/2025/a.md"
    printf -- '---\ntitle: Also\ndate: 2025-05-17\n---\nBody\n' >"$site/content/2025/sub/b.md"
    printf 'static\n' >"$site/static/x.txt"
    chown -R "$OWNER" "$site"
    "${RUN[@]}" "$WORK/sitegen" build --source "$site" --quiet || die "$label: the readable site does not build"
    local before status=0
    before=$(manifest_hash "$site/public")
    chmod 000 "$site/$target"
    (cd "$site" && "${RUN[@]}" "$WORK/sitegen" build --quiet) 2>"$site.err" || status=$?
    chmod 755 "$site/$target"
    [ "$status" = 1 ] || die "$label: exit $status, not 1"
    grep -qF "$target: error: $expected" "$site.err" || die "$label: expected '$target: error: $expected', got: $(cat "$site.err")"
    [ "$(manifest_hash "$site/public")" = "$before" ] || die "$label: the previous site changed"
    say "$label: $(head -1 "$site.err")"
}

case_unreadable briefing content/2025/a.md "cannot read file: permission denied"
case_unreadable folder content/2025/sub "cannot list folder: permission denied"
case_unreadable static static/x.txt "cannot read static file: permission denied"
echo "unreadable: PASS"
