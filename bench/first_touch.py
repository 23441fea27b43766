#!/usr/bin/env python3
"""What a page of fresh memory costs on this machine: the first write to each
page of a new anonymous mapping, against a second pass over the same pages.

    python3 bench/first_touch.py [--mib 1024] [--rounds 4] [--pause SECONDS]
    python3 bench/first_touch.py --sweep 4096 [--step 256]

A build writes hundreds of megabytes to files it creates and to its heap, and
every page of that is memory the kernel hands out new. On a bare machine the
first write to a page costs the kernel's fault and zeroing, about a
microsecond. In a virtual machine whose host takes back the memory the guest
frees ("free page reporting", as on this project's Firecracker hosts) it can
cost several times that, once the host must supply the page again. Run with
`--pause 6`, which leaves the freed memory time to be reported between rounds,
and without it, to see both. The second pass prints what the loop itself costs.

`--sweep MIB` writes MIB of new memory in one mapping, `--step` MiB at a time,
and prints the price of each step: what a process pays for its first gigabyte
against its third. On this project's hosts, in calmer spells, the first one to
two GiB a process took in one go cost 1.4-2.1 us a page, and the pages after a
point between 1.75 and 3 GiB 10.6-13.7 us; in a slow spell, 5-13 us from the
first GiB (README, "Why this host has slow spells").
"""

import argparse
import mmap
import time

PAGE = mmap.PAGESIZE


def touch(memory, end, start=0):
    """Seconds to write one byte to each page of memory[start:end]."""
    started = time.perf_counter()
    for offset in range(start, end, PAGE):
        memory[offset] = 1
    return time.perf_counter() - started


def new_memory(mib):
    """A new private anonymous mapping of `mib` MiB, none of it touched yet (use with `with`)."""
    return mmap.mmap(-1, mib << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)


def per_page(seconds, start, end):
    """`seconds` spent on memory[start:end], in microseconds a page."""
    return seconds * 1e6 / ((end - start) // PAGE)


def price(mib):
    """Microseconds a page for the first write to `mib` MiB of new memory, and for a second pass."""
    size = mib << 20
    with new_memory(mib) as memory:
        first, again = touch(memory, size), touch(memory, size)
    return per_page(first, 0, size), per_page(again, 0, size)


def sweep(mib, step):
    """Microseconds a page for the first write to each `step` MiB of `mib` MiB of new
    memory, taken in one go and in order: the price of a process's later pages."""
    with new_memory(mib) as memory:
        spans = [(start << 20, min(start + step, mib) << 20) for start in range(0, mib, step)]
        return [per_page(touch(memory, end, start), start, end) for start, end in spans]


def reports_free_pages():
    """Whether the kernel hands freed memory back to a host (virtio free page reporting)."""
    try:
        with open("/proc/cmdline") as f:
            return "page_reporting" in f.read()
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mib", type=int, default=1024, help="memory per round (default 1024 MiB)")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--pause", type=float, default=0, help="seconds between rounds, after the memory is freed")
    ap.add_argument("--sweep", type=int, metavar="MIB", help="price each step of MIB MiB of new memory taken in one go")
    ap.add_argument("--step", type=int, default=256, help="MiB per step of --sweep (default 256)")
    args = ap.parse_args()
    if args.sweep:
        prices = sweep(args.sweep, args.step)
        for number, cost in enumerate(prices):
            print(f"{number * args.step:6}-{min((number + 1) * args.step, args.sweep):<6} MiB: {cost:6.2f} us a page")
        return
    pages = (args.mib << 20) // PAGE
    if reports_free_pages():
        print("This kernel reports freed memory to its host (page_reporting on its command line).")
    for round in range(args.rounds):
        first, again = price(args.mib)
        print(f"round {round + 1}: first touch {first * pages / 1e3:7.0f} ms ({first:5.2f} us a page), "
              f"again {again * pages / 1e3:5.0f} ms ({again:5.2f} us a page)", flush=True)
        if args.pause and round + 1 < args.rounds:
            time.sleep(args.pause)


if __name__ == "__main__":
    main()
