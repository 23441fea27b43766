#!/usr/bin/env bash
# Real-browser tests of the default theme and search (see README, "Browser tests").
# Installs what they need when it is missing, then runs scripts/browser_test.py:
#   - chromium and chromium-driver, Debian packages (apt-get, through sudo unless root);
#   - selenium from PyPI, in a virtual environment at .venv-browser/ (git-ignored).
# Usage: scripts/browser-test.sh [--binary PATH] [--update-docs] [--corpus N] …
# (every option is passed on; scripts/browser_test.py --help lists them).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "installing chromium and chromium-driver (Debian packages)"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium chromium-driver >/dev/null
fi

venv=.venv-browser
if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    echo "installing selenium into $venv/"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        # Debian's python3 keeps venv in a package of its own.
        "${sudo_cmd[@]}" apt-get install -y -qq python3-venv >/dev/null
        rm -rf "$venv"
        python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'selenium>=4.20,<5'
fi

exec "$venv/bin/python" scripts/browser_test.py "$@"
