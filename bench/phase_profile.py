#!/usr/bin/env python3
"""Where each phase of one sitegen run spends its CPU: a `perf` profile cut at
the phase marks `SITEGEN_TIMINGS` prints.

    python3 bench/phase_profile.py [--top N] [--frequency HZ] -- SITEGEN build [ARGS...]

Runs the command under `perf record -g -k CLOCK_MONOTONIC` with
`SITEGEN_TIMINGS=perf`, which ends each phase line with the monotonic clock
(`@NANOSECONDS`). Every sample falls in the phase whose mark comes next, and each
phase lists its hottest functions. Samples in the Swift runtime and the C
library (retain, release, malloc, memmove, …) are charged to the first caller
outside them, as `swift_retain <- caller`: a retain says little, who retains
says what to change. At 1,000 Hz a sample is about a millisecond of CPU.

Needs `perf` (Debian package `linux-perf`). The build's own output goes to
stdout as usual; the profile is printed after it.
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

MARK = re.compile(r"^sitegen:\s+[0-9.]+ ms(?: \([^)]*\))?\s+(.*) @([0-9]+)$")
SAMPLE = re.compile(r"^\S.*?\s([0-9]+\.[0-9]+):\s*$")
# Functions that say little on their own: charged to whoever called them.
RUNTIME = (
    "swift_retain", "swift_release", "swift_bridgeObject", "swift_allocObject", "swift_dealloc", "_swift_release_dealloc",
    "swift_arrayDestroy", "swift_isUniquelyReferenced", "swift::RefCounts", "malloc", "_int_malloc", "free", "_int_free",
    "cfree", "__memmove", "__memcpy", "__memset", "__memcmp", "memmove", "sysmalloc",
)


def run_profile(command, frequency, data):
    env = dict(os.environ, SITEGEN_TIMINGS="perf")
    perf = ["perf", "record", "-q", "-g", "-k", "CLOCK_MONOTONIC", "-F", str(frequency), "-o", data, "--"]
    done = subprocess.run(perf + command, env=env, stderr=subprocess.PIPE, text=True)
    marks = []
    for line in done.stderr.splitlines():
        match = MARK.match(line)
        if match:
            marks.append((int(match.group(2)) / 1e9, match.group(1)))
        else:
            print(line, file=sys.stderr)
    if done.returncode != 0:
        sys.exit(f"phase_profile: the command failed (exit {done.returncode})")
    if not marks:
        sys.exit("phase_profile: no phase marks; is this a sitegen build with SITEGEN_TIMINGS support?")
    return marks


def samples(data):
    """(time in seconds, [frames, innermost first]) for each sample."""
    script = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,time,ip,sym"], capture_output=True, text=True)
    current = None
    for line in script.stdout.splitlines():
        header = SAMPLE.match(line)
        if header:
            if current:
                yield current
            current = (float(header.group(1)), [])
        elif current is not None and line.strip():
            frame = line.strip().split(None, 1)
            if len(frame) == 2:
                current[1].append(re.sub(r"\+0x[0-9a-f]+$", "", frame[1]).strip())
    if current:
        yield current


def charged(frames):
    """The function a sample counts for: the innermost frame, or the first caller outside the runtime."""
    name = frames[0][:110]
    if not name.startswith(RUNTIME):
        return name
    for caller in frames[1:]:
        if not caller.startswith(RUNTIME) and caller != "[unknown]":
            return f"{name.split('(')[0]} <- {caller[:100]}"
    return name


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--top", type=int, default=12, help="functions listed per phase")
    ap.add_argument("--frequency", type=int, default=1000, help="samples per second and core")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="the sitegen command, after --")
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("give the sitegen command after --")
    with tempfile.TemporaryDirectory() as scratch:
        data = os.path.join(scratch, "perf.data")
        marks = run_profile(command, args.frequency, data)
        phases = [name for _, name in marks] + ["after the last mark"]
        counts = collections.defaultdict(collections.Counter)
        for when, frames in samples(data):
            if not frames:
                continue
            # The first phase also holds the process's start: the timer starts with the build.
            phase = next((name for at, name in marks if when <= at), "after the last mark")
            counts[phase][charged(frames)] += 1
    for phase in phases:
        total = sum(counts[phase].values())
        if not total:
            continue
        print(f"\n{phase}: {total} samples")
        for name, n in counts[phase].most_common(args.top):
            print(f"  {n:6d}  {name}")


if __name__ == "__main__":
    main()
