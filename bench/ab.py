#!/usr/bin/env python3
"""A/B comparison of two (or more) sitegen binaries on one corpus, runs interleaved.

    python3 bench/ab.py --corpus /tmp/c10k --runs 9 OLD_BINARY NEW_BINARY [--cold]

This machine's speed drifts by tens of percent within an hour, so two benchmark runs made
minutes apart cannot tell a 5% change from noise. Here each round runs every binary once,
one after another, the order turning every round, so drift and position hit them alike;
medians of wall time and of CPU time (user + system, steadier than wall) are printed per binary.

Warm (default): each binary gets its own copy of the corpus under --work (DIR/ab-K), is
primed with two builds, then each round: a build after appending a sentence to a
briefing, and one after adding a briefing dated an hour or so ago (then removed again,
with an untimed build), made by bench/run.py's own helpers. --nothing times the up-to-date path
instead (the corpus left alone, 3 s after the last build). --cold times `--no-cache`
builds into a new output folder. --phases adds the median time of each phase SITEGEN_TIMINGS
prints (time since the previous mark; CPU time and page faults likewise), to see where a
change moved time and memory.
"""
import argparse
import glob
import os
import re
import resource
import shutil
import statistics
import subprocess
import time
from datetime import datetime, timedelta, timezone

from run import edit_briefing, new_briefing  # the benchmark's own edits, so both measure the same thing


# "sitegen:   61.5 ms (CPU   98.2 ms,    6657 faults)  cache loaded" (PhaseTimer.line); binaries
# before the CPU figure print no parentheses, and before the page faults no faults.
PHASE = re.compile(r"^sitegen:\s+([0-9.]+) ms(?: \(([^)]*)\))?\s+(.*)$")
CPU = re.compile(r"CPU\s+([0-9.]+) ms")
FAULTS = re.compile(r"([0-9]+) faults")


def timed(cmd, phases=False):
    """Wall and CPU seconds; with phases, also {phase: (wall ms, CPU ms or None, page faults or None)}
    from SITEGEN_TIMINGS (numbers in names as N)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = dict(os.environ, SITEGEN_TIMINGS="1") if phases else None
    done = subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spans, last, last_cpu, last_faults = {}, 0.0, 0.0, 0
    for line in done.stderr.splitlines():
        match = PHASE.match(line)
        if match:
            at = float(match.group(1))
            cpu, faults = (pattern.search(match.group(2) or "") for pattern in (CPU, FAULTS))
            cpu, faults = cpu and float(cpu.group(1)), faults and int(faults.group(1))
            spans[re.sub(r"[0-9]+", "N", match.group(3))] = (
                at - last, None if cpu is None else cpu - last_cpu, None if faults is None else faults - last_faults)
            last, last_cpu, last_faults = at, cpu or 0.0, faults or 0
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, spans


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--corpus", required=True, help="a folder of briefings (as gen_corpus.py writes it)")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--work", default="/dev/shm/sitegen-ab")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--cold", action="store_true")
    mode.add_argument("--nothing", action="store_true")
    ap.add_argument("--phases", action="store_true", help="also median time of each SITEGEN_TIMINGS phase")
    ap.add_argument("--settle", type=float, default=0, metavar="SECONDS",
                    help="wait this long before each timed build, so the memory freed before it (the last output "
                    "deleted, the last build's heap) is handed back to the host: each run then pays for its new "
                    "pages as in this machine's slow spells (README, 'Why this host has slow spells')")
    args = ap.parse_args()
    binaries = [os.path.abspath(b) for b in args.binaries]
    shutil.rmtree(args.work, ignore_errors=True)
    sites = []
    for k in range(len(binaries)):
        site = os.path.join(args.work, f"ab-{k}")
        shutil.copytree(args.corpus, os.path.join(site, "site", "content"))
        sites.append(site)
    if not args.cold:
        time.sleep(3)  # a fresh copy's files are younger than 2 s: the priming builds would write no stamp

    def build(k, *extra, settle=True):
        time.sleep(args.settle if settle else 0)
        return timed(
            [binaries[k], "build", "--source", sites[k] + "/site", "--output", sites[k] + "/out", "--quiet", *extra], args.phases
        )

    results = {k: {} for k in range(len(binaries))}

    def record(k, label, measured):
        results[k].setdefault(label, []).append(measured)

    if not args.cold:
        for k in range(len(binaries)):
            build(k, settle=False)
            build(k, settle=False)
        time.sleep(3)  # files younger than 2 s are read again by the next build
    files = sorted(glob.glob(os.path.join(sites[0], "site", "content", "*", "*.md")))
    for i in range(args.runs):
        # The order turns every round: whichever runs first or last in a round is
        # helped or hurt by what ran before it (memory just freed, caches), and
        # always one way round, that bias read as a change between the binaries.
        for k in (range(len(binaries)) if i % 2 == 0 else reversed(range(len(binaries)))):
            if args.cold:
                shutil.rmtree(sites[k] + "/out", ignore_errors=True)
                record(k, "cold", build(k, "--no-cache"))
                continue
            if args.nothing:
                record(k, "nothing changed", build(k))
                continue
            edit_briefing(files[(i * 997) % len(files)].replace(sites[0], sites[k]), i + 1)
            record(k, "one edited", build(k))
            when = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=i + 1)
            added = new_briefing(os.path.join(sites[k], "site", "content"), i + 1, when)
            record(k, "one added", build(k))
            os.remove(added)
            build(k, settle=False)
        if args.nothing:
            time.sleep(3)
    for k, binary in enumerate(binaries):
        print(binary)
        for label, measured in results[k].items():
            wall = statistics.median(m[0] for m in measured) * 1000
            cpu = statistics.median(m[1] for m in measured) * 1000
            print(f"  {label:16} {wall:8.1f} ms wall  {cpu:8.1f} ms CPU  ({len(measured)} runs)")
            for phase in measured[-1][2] if args.phases else []:
                spans = [m[2][phase] for m in measured if phase in m[2]]
                cpus = [c for _, c, _ in spans if c is not None]
                faults = [f for _, _, f in spans if f is not None]
                details = [f"CPU {statistics.median(cpus):7.1f} ms"] if cpus else []
                details += [f"{statistics.median(faults):6.0f} faults"] if faults else []
                text = f"  ({', '.join(details)})" if details else ""
                print(f"    {statistics.median(w for w, _, _ in spans):8.1f} ms{text}  {phase}")
    shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
