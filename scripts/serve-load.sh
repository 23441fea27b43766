#!/usr/bin/env bash
# The preview server under load, and path traversal (issue 6, item 6).
#
# `sitegen serve` on 127.0.0.1 serves the 1,000-briefing corpus.
# 1. Traversal: 50 crafted request paths (.., %2e%2e, %2f, backslashes, NUL,
#    overlong UTF-8, double encoding, symbolic links placed in the served folder
#    that point outside it) sent raw over a socket must each answer 404 and carry
#    none of the secrets planted outside the output; while they are sent, strace
#    (when installed) records every file the server opens, and none may lie
#    outside the output folder. A few requests the HTTP parser itself rejects
#    (raw NUL, raw spaces) must not answer 200 either.
# 2. Load: ROUNDS (3) rounds of wrk sending REQUESTS (20,000) requests over 64
#    connections to a mix of pages, feeds and index files, while 100 briefings
#    are edited 40 ms apart. No request may fail (non-2xx/3xx or socket error),
#    the server must live, and its resident memory after the last round must be
#    within 10% (or 16 MiB) of the first.
#
# Loopback only. Usage: scripts/serve-load.sh   (PORT=8765 by default)
set -euo pipefail
. "$(dirname "$0")/hardening-lib.sh"

PORT=${PORT:-8765}
REQUESTS=${REQUESTS:-20000}
ROUNDS=${ROUNDS:-3}
COUNT=${COUNT:-1000}
command -v wrk >/dev/null || die "wrk is not installed (Debian package wrk)"
BIN=$(sitegen_binary)
WORK=$(work_dir serve-load)
SITE=$WORK/site
corpus_site "$SITE" "$COUNT"
echo "SECRET-IN-SITE-FOLDER" >"$SITE/secret.txt"

"$BIN" serve --source "$SITE" --port "$PORT" 2>"$WORK/serve.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
    grep -q "serving on" "$WORK/serve.log" && break
    kill -0 "$SERVER" 2>/dev/null || die "serve exited: $(cat "$WORK/serve.log")"
    sleep 0.1
done
grep -q "serving on" "$WORK/serve.log" || die "serve did not start: $(cat "$WORK/serve.log")"
OUT=$(ls -d "${TMPDIR:-/tmp}"/sitegen-serve-"$SERVER"-*/site)
[ -d "$OUT" ] || die "cannot find the preview folder of process $SERVER"
say "serving $COUNT briefings from $OUT on 127.0.0.1:$PORT"

# --- 1. Traversal ---------------------------------------------------------------
echo "SECRET-BESIDE-OUTPUT" >"$(dirname "$OUT")/secret.txt"
ln -s /etc "$OUT/etc-link"
ln -s "$SITE/secret.txt" "$OUT/secret-link.txt"
ln -s .. "$OUT/up"
mkdir -p "$OUT/inner"
ln -s ../../secret.txt "$OUT/inner/rel-link.txt"
STRACE_PID=
if command -v strace >/dev/null; then
    strace -f -qq -e trace=open,openat,openat2 -o "$WORK/strace.txt" -p "$SERVER" &
    STRACE_PID=$!
    sleep 1
fi
python3 - "$PORT" >"$WORK/traversal.txt" <<'PY' || TRAVERSAL_FAILED=1
import socket, sys
port = int(sys.argv[1])
secrets = [b"SECRET-IN-SITE-FOLDER", b"SECRET-BESIDE-OUTPUT", b"root:x:0:0", b"PATH="]
paths = [
    "/../secret.txt", "/../../etc/passwd", "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/etc/passwd", "/%2e%2e%2fsecret.txt", "/.%2e/secret.txt", "/%2e./secret.txt", "/tags/../../secret.txt",
    "/tags/%2e%2e/%2e%2e/secret.txt", "/./../secret.txt", "/..\\secret.txt", "/..%5csecret.txt", "/..%5C..%5Cetc%5Cpasswd",
    "/%5c..%5csecret.txt", "/tags\\..\\..\\secret.txt", "/index.html%00.txt", "/%00", "/..%00/secret.txt",
    "/%c0%ae%c0%ae/secret.txt", "/%c0%ae%c0%ae%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/%c0%2e%c0%2e/secret.txt",
    "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt", "/..%252fsecret.txt", "/%ef%bc%8e%ef%bc%8e/secret.txt",
    "/%u002e%u002e/secret.txt", "/..;/secret.txt", "//etc/passwd", "/etc/passwd", "/proc/self/environ", "/secret.txt",
    "/etc-link/passwd", "/etc-link/", "/etc-link", "/secret-link.txt", "/up/secret.txt", "/up/", "/inner/rel-link.txt",
    "/up/%2e%2e/secret.txt", "/tags/..%2f..%2fsecret.txt", "/%2e%2e%5c%2e%2e%5csecret.txt", "/.../secret.txt",
    "/..../secret.txt", "/....//secret.txt", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..?/secret.txt", "/%2e%2e#/secret.txt",
]
assert len(paths) == 50, len(paths)
rejected = [b"GET /..\x00/secret.txt HTTP/1.1", b"GET /../ secret.txt HTTP/1.1", b"GET ../secret.txt HTTP/1.1",
            b"GET http://127.0.0.1/../secret.txt HTTP/1.1", b"GET \\..\\secret.txt HTTP/1.1"]

def send(request_line):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(request_line + b"\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data

failures = 0
for path in paths:
    status, data = send(b"GET " + path.encode() + b" HTTP/1.1")
    leaked = [s.decode() for s in secrets if s in data]
    ok = status == 404 and not leaked
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {status} {path!r}{' leaked ' + str(leaked) if leaked else ''}")
for line in rejected:
    status, data = send(line)
    leaked = [s.decode() for s in secrets if s in data]
    ok = status in (400, 404) and not leaked
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {status} raw {line!r}{' leaked ' + str(leaked) if leaked else ''}")
for path in ["/", "/tags/", "/feed.xml"]:
    status, _ = send(b"GET " + path.encode() + b" HTTP/1.1")
    ok = status == 200
    failures += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {status} control {path}")
print(f"{len(paths)} crafted paths, {len(rejected)} malformed request lines, 3 controls: {failures} failures")
sys.exit(1 if failures else 0)
PY
if [ -n "$STRACE_PID" ]; then
    sleep 0.5
    kill "$STRACE_PID" 2>/dev/null || true
    wait "$STRACE_PID" 2>/dev/null || true
fi
cat "$WORK/traversal.txt" >&2
[ -z "${TRAVERSAL_FAILED:-}" ] || die "a crafted path did not answer 404 or leaked a secret"
if [ -n "$STRACE_PID" ]; then
    opened=$(grep -oE 'open(at2?)?\((AT_FDCWD, )?"[^"]*"' "$WORK/strace.txt" | sed -E 's/.*"([^"]*)"/\1/' | sort -u)
    inside=$(printf '%s\n' "$opened" | grep -c "^$OUT/" || true)
    outside=$(printf '%s\n' "$opened" | grep -v "^$OUT/" | grep -v '^$' || true)
    [ "$inside" -gt 0 ] || die "strace saw no file opened in the output: tracing did not work"
    [ -z "$outside" ] || die "the server opened files outside the output while answering crafted paths: $outside"
    say "strace: while answering the crafted paths the server opened $inside distinct files, all inside the output"
else
    say "note: strace is not installed; opened files were not traced"
fi
rm -f "$OUT/etc-link" "$OUT/secret-link.txt" "$OUT/up" "$OUT/inner/rel-link.txt"

# --- 2. Load while editing ---------------------------------------------------------
mapfile -t briefings < <(cd "$SITE/content" && find . -name '*.md' | LC_ALL=C sort | head -100)
paths=("/" "/tags/" "/archive/" "/stories/" "/feed.xml" "/feed.json" "/sitemap.xml" "/robots.txt" "/404.html" "/search/index.json")
while IFS= read -r page; do paths+=("/${page%index.html}"); done < <(cd "$OUT" && find . -path './20*/index.html' | LC_ALL=C sort | sed 's|^\./||' | head -40)
lua_paths=$(printf '"%s",' "${paths[@]}")
cat >"$WORK/load.lua" <<LUA
local paths = {${lua_paths%,}}
local limit = math.ceil(${REQUESTS} / 2)
counter, count, bad = 0, 0, 0  -- globals: done() reads them with thread:get()
local threads = {}
function setup(thread) table.insert(threads, thread) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function response(status, headers, body)
  count = count + 1
  if status >= 400 then bad = bad + 1 end
  if count >= limit then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local total, failed = 0, 0
  for _, t in ipairs(threads) do total = total + t:get("count"); failed = failed + t:get("bad") end
  io.write(string.format("LOAD requests=%d failed_status=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p99_ms=%.1f\n",
    total, failed, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, latency:percentile(99) / 1000))
end
LUA

edit_briefings() { # ROUND
    for file in "${briefings[@]}"; do
        sed -i "0,/^title: \"/s//title: \"Edit $1 /" "$SITE/content/$file"
        sleep 0.04
    done
}

sleep 2
rss_start=$(rss_kb "$SERVER")
declare -a rss_after
total_requests=0
for round in $(seq 1 "$ROUNDS"); do
    edit_briefings "$round" &
    editor=$!
    wrk -t2 -c64 -d120s --timeout 10s -s "$WORK/load.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk-$round.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-$round.txt")"
    wait "$editor"
    kill -0 "$SERVER" 2>/dev/null || die "round $round: the server died: $(tail -5 "$WORK/serve.log")"
    line=$(grep '^LOAD' "$WORK/wrk-$round.txt") || die "round $round: no summary from wrk: $(cat "$WORK/wrk-$round.txt")"
    eval "$(echo "$line" | sed 's/^LOAD //')"
    [ "$requests" -ge "$REQUESTS" ] || die "round $round: only $requests requests were made"
    [ "$failed_status" = 0 ] && [ "$connect_errors" = 0 ] && [ "$read_errors" = 0 ] && [ "$write_errors" = 0 ] && [ "$timeouts" = 0 ] \
        || die "round $round: failed requests: $line"
    # Let the last rebuild finish before measuring memory.
    sleep 3
    rss_after[$round]=$(rss_kb "$SERVER")
    total_requests=$((total_requests + requests))
    rebuilds=$(grep -c '^rebuilt' "$WORK/serve.log" || true)
    say "round $round: $requests requests, 0 failed, p99 ${p99_ms} ms; rebuilds so far $rebuilds; RSS ${rss_after[$round]} KiB"
done
first=${rss_after[1]}
last=${rss_after[$ROUNDS]}
growth=$((last - first))
[ "$growth" -le $((first / 10)) ] || [ "$growth" -le 16384 ] || die "RSS grew from $first KiB to $last KiB over $ROUNDS rounds"
kill -0 "$SERVER" 2>/dev/null || die "the server died"
grep -q "build failed" "$WORK/serve.log" && die "a rebuild failed: $(grep -m3 error "$WORK/serve.log")"
say "memory: RSS $rss_start KiB before load, ${rss_after[*]} KiB after each round (growth round 1→$ROUNDS: $growth KiB)"
echo "serve-load: PASS ($total_requests requests, 0 failed; 50 crafted paths answered 404)"
