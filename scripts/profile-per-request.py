#!/usr/bin/env python3
"""Per-request inclusive instructions from two callgrind_annotate --inclusive=yes listings (used by scripts/profile).

Usage: profile-per-request.py LOW.txt HIGH.txt REQUEST_DIFFERENCE [TOP]
Each listing holds the annotations of every thread of one run, each after a "### thread" line; a function listed
twice in one thread (callgrind splits a function by inlining context) counts once there, at its larger figure, and the
threads are summed. The
output is (Ir_high - Ir_low) / REQUEST_DIFFERENCE per function, largest first: the inclusive cost of one request.
"""
import re
import sys

LINE = re.compile(r"^\s*([\d,]+)\s+\([^)]*\)\s+(.*)$")


def totals(path):
    result = {}
    thread = {}

    def close_thread():
        for name, value in thread.items():
            result[name] = result.get(name, 0) + value
        thread.clear()

    with open(path, encoding="utf-8", errors="replace") as listing:
        for line in listing:
            if line.startswith("### thread"):
                close_thread()
                continue
            match = LINE.match(line)
            if not match or "PROGRAM TOTALS" in line or " => " in line:
                continue
            # Same function, same key in every thread and in both builds: drop the checkout's absolute prefix.
            name = re.sub(r"^/[^\s:]*?/(Sources|Tests)/", r"\1/", match.group(2), count=1)
            name = re.sub(r"\s+\[[^\]]*\]$", "", name)
            thread[name] = max(thread.get(name, 0), int(match.group(1).replace(",", "")))
    close_thread()
    return result


def main():
    low, high, difference = totals(sys.argv[1]), totals(sys.argv[2]), int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 80
    rows = sorted(((high.get(name, 0) - low.get(name, 0)) / difference, name) for name in high)
    print(f"{'Ir/request':>12}  function (inclusive, all threads)")
    for per_request, name in reversed(rows[-top:]):
        print(f"{per_request:12,.0f}  {name[:160]}")


main()
